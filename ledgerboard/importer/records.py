"""The parsed records of one table: Arrow columns (the household path builds them whole), read as dicts on demand.

The importer's volume is households and persons: a million-row roster would be a million Python dicts. The columnar
path (pipeline._households_columnar) hands its accepted rows over as Arrow tables instead, each a `Chunk` with the
columns the commit writes and, beside them, the cells kept aside per row (`extra`: shown in the preview, never
imported). The commit casts the columns to the store's types; nothing rebuilds a row.

Code that reads records as a list of dicts (the preview's first rows, the golden tests, a test that edits a record)
still can: indexing or iterating turns the records into dicts once, and from then on those dicts are the records
(what the commit writes). `column` reads one field of every record without that.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyarrow as pa


@dataclass
class Chunk:
    """Records of one sheet as columns: `table` in record key order, `extra` the kept-aside cells of each row (a dict
    by header, or None)."""
    table: pa.Table
    extra: list[dict | None] | None = None

    def dicts(self) -> list[dict]:
        rows = self.table.to_pylist()
        if self.extra is not None:
            for r, x in zip(rows, self.extra):
                if x:
                    r["_extra"] = x
        return rows


class Records(Sequence):
    """A table's records, made of Arrow chunks and lists of dicts (a sheet the row-by-row path parsed)."""

    def __init__(self) -> None:
        self._parts: list[Chunk | list[dict]] = []
        self._dicts: list[dict] | None = None

    # Building ---------------------------------------------------------------------------------------------------
    def add_chunk(self, chunk: Chunk) -> None:
        if not chunk.table.num_rows:
            return
        if self._dicts is not None:
            self._parts, self._dicts = [self._dicts], None
        self._parts.append(chunk)

    def add_dicts(self, records: list[dict]) -> None:
        """Records the row-by-row path built (a sheet the columnar path does not take)."""
        if not records:
            return
        if self._dicts is not None:
            self._dicts.extend(records)
        else:
            self._parts.append(records)

    def append(self, record: dict) -> None:
        self._as_dicts().append(record)

    # Reading as dicts -------------------------------------------------------------------------------------------
    def _as_dicts(self) -> list[dict]:
        if self._dicts is None:
            out: list[dict] = []
            for part in self._parts:
                out.extend(part.dicts() if isinstance(part, Chunk) else part)
            self._dicts, self._parts = out, []
        return self._dicts

    def __len__(self) -> int:
        if self._dicts is not None:
            return len(self._dicts)
        return sum(p.table.num_rows if isinstance(p, Chunk) else len(p) for p in self._parts)

    def __getitem__(self, i):
        if isinstance(i, slice) and self._dicts is None and i.step in (None, 1) and (i.start or 0) >= 0 \
                and (i.stop is None or i.stop >= 0):
            # The first rows (the preview) without turning every record into a dict.
            out: list[dict] = []
            start, stop = i.start or 0, len(self) if i.stop is None else i.stop
            for part in self._parts:
                n = part.table.num_rows if isinstance(part, Chunk) else len(part)
                if start < n and stop > 0:
                    if isinstance(part, Chunk):
                        out.extend(Chunk(part.table.slice(start, min(stop, n) - start),
                                         None if part.extra is None else part.extra[start:min(stop, n)]).dicts())
                    else:
                        out.extend(part[start:min(stop, n)])
                start, stop = max(0, start - n), stop - n
            return out
        return self._as_dicts()[i]

    def __iter__(self) -> Iterator[dict]:
        return iter(self._as_dicts())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Records, list)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Records({len(self)} rows)"

    # Reading as columns -----------------------------------------------------------------------------------------
    @property
    def columnar(self) -> bool:
        """True while no record was read as a dict (the commit then writes the Arrow columns as they are)."""
        return self._dicts is None and all(isinstance(p, Chunk) for p in self._parts)

    def chunks(self) -> list[Chunk]:
        assert self.columnar
        return list(self._parts)

    def column(self, name: str) -> list:
        """One field of every record, in order (None where a record has none)."""
        if self._dicts is not None:
            return [r.get(name) for r in self._dicts]
        out: list = []
        for part in self._parts:
            if isinstance(part, Chunk):
                t = part.table
                out.extend(t.column(name).to_pylist() if name in t.column_names else [None] * t.num_rows)
            else:
                out.extend(r.get(name) for r in part)
        return out

    def missing(self, name: str) -> bool:
        """Whether some record has no `name` (None or empty text)."""
        import pyarrow.compute as pc

        if not self.columnar:
            return not all(self.column(name))
        for chunk in self._parts:
            t = chunk.table
            if name not in t.column_names:
                if t.num_rows:
                    return True
                continue
            col = t.column(name)
            if col.null_count or (pa.types.is_string(col.type) and pc.any(pc.equal(col, "")).as_py()):
                return True
        return False

    def distinct(self, name: str) -> list:
        """The values of one field in the order first met."""
        import pyarrow.compute as pc

        if not self.columnar:
            return list(dict.fromkeys(self.column(name)))
        out: dict = {}
        for chunk in self._parts:
            t = chunk.table
            values = pc.unique(t.column(name)).to_pylist() if name in t.column_names else [None]
            out.update(dict.fromkeys(values))
        return list(out)

    def fill(self, name: str, value: object) -> None:
        """Give every record without a `name` this value (assign_county)."""
        import pyarrow.compute as pc

        if self._dicts is not None:
            for r in self._dicts:
                if not r.get(name):
                    r[name] = value
            return
        for k, part in enumerate(self._parts):
            if isinstance(part, Chunk):
                t = part.table
                col = t.column(name)
                missing = pc.or_kleene(pc.is_null(col), pc.equal(col, ""))
                filled = pc.if_else(missing, pa.scalar(value, col.type), col)
                part.table = t.set_column(t.column_names.index(name), name, filled)
            else:
                for r in part:
                    if not r.get(name):
                        r[name] = value


def column(records: Sequence[dict], name: str) -> list:
    """One field of every record, of a Records or a plain list of dicts."""
    if isinstance(records, Records):
        return records.column(name)
    return [r.get(name) for r in records]
