"""Write a parsed file into the store in one transaction; undo an import (or the group it was imported with).

What an import replaces is exactly the places the file holds: the (year, county, township, village) snapshots of
its rows (households, villages, measures), the (year, county, township) of its projects, the (year, area) of an
areas ledger. Other villages of the same township stay, unless the user asks to replace the whole township.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import uuid
from dataclasses import dataclass, field

import pyarrow as pa

from ledgerboard import faults
from ledgerboard.fields import catalog
from ledgerboard.importer.pipeline import Parsed
from ledgerboard.importer.records import Records, column
from ledgerboard.store import KIND_TABLES, Store, bind, statement

log = logging.getLogger(__name__)

# Who made a batch. Set by the code that imports (the demo loader, the upload page, the CLI), never by a form.
ORIGINS = ("demo", "upload", "cli")
# How the rows of each table are placed: by village, by township (a project belongs to its township), by area name.
SHAPE = {"households": "village", "persons": "village", "villages": "village", "measures": "village",
         "projects": "township", "project_villages": "township", "areas": "area",
         "monitor_households": "village", "monitor_persons": "village", "monitor_household_info": "village",
         "migrant_jobs": "village"}
ALL_TABLES = tuple(t for ts in KIND_TABLES.values() for t in ts)

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
}


class UndoRefused(Exception):
    """The batch cannot be undone; the message is for the user."""


class CommitRefused(Exception):
    """A value does not fit its column (the field ranges of fields.yaml should have caught it);
    nothing was written; the message is for the user."""


@dataclass(frozen=True)
class Snapshot:
    """One place and year an import replaces."""
    year: int
    county: str | None = None
    township: str | None = None
    village: str | None = None
    area: str | None = None


def snapshots(parsed: Parsed) -> list[Snapshot]:
    """The snapshots the file's rows belong to."""
    kind = parsed.kind
    main = KIND_TABLES[kind][0]
    shape = SHAPE[main]
    rows = parsed.records.get(main, [])
    if shape == "area":
        # A summary table by place also names the county, township and village (two townships' 新村 stay apart).
        found = {Snapshot(y, c, t, v, area=a) for y, c, t, v, a in _distinct(rows, ("year", "county", "township",
                                                                                    "village", "area"))}
    elif shape == "township":
        found = {Snapshot(y, c, t) for y, c, t in _distinct(rows, ("year", "county", "township"))}
    else:
        found = {Snapshot(y, c, t, v) for y, c, t, v in _distinct(rows, ("year", "county", "township", "village"))}
    return sorted(found, key=lambda s: (s.year, s.county or "", s.township or "", s.village or "", s.area or ""))


def _distinct(rows, names: tuple[str, ...]) -> set[tuple]:
    """The distinct value combinations of these fields over the records (Arrow chunks grouped, not read row by row)."""
    if isinstance(rows, Records) and rows.columnar:
        found: set[tuple] = set()
        for chunk in rows.chunks():
            t = chunk.table
            part = pa.table({n: t.column(n) if n in t.column_names else pa.nulls(t.num_rows, pa.string())
                             for n in names})
            found.update(zip(*part.group_by(list(names)).aggregate([]).select(list(names)).to_pydict().values()))
        return found
    return set(zip(*(column(rows, n) for n in names))) if len(rows) else set()


def townships(parsed: Parsed) -> set[tuple[str | None, str | None]]:
    """The (county, township) places a file reaches (none for an areas ledger)."""
    return {(s.county, s.township) for s in snapshots(parsed) if s.area is None}


# The figure columns of the areas ledger. A summary table replaces the stored rows of its places that carry one of
# the figures it brings: a village's funds table does not replace its 贫困户数 from the village table.
AREA_FIGURES = ("rural_population", "poor_population", "incidence_pct", "income_per_capita", "registered_households",
                "registered_population", "poor_households", "planned_funds", "invested_funds", "household_funds",
                "village_funds", "fiscal_funds", "credit_funds", "self_raised_funds", "donated_funds", "attracted_funds")


def area_figures_of(parsed: Parsed) -> list[str]:
    """The areas-ledger figures a parsed file holds in any row."""
    rows = parsed.records.get("areas", [])
    return [f for f in AREA_FIGURES if any(x is not None for x in column(rows, f))]


def _register_snapshots(cur, snaps: list[Snapshot], whole_township: bool, figures: list[str] = ()) -> None:
    tbl = pa.table({
        "year": pa.array([s.year for s in snaps], pa.int32()),
        "county": pa.array([s.county for s in snaps], pa.string()),
        "township": pa.array([s.township for s in snaps], pa.string()),
        "village": pa.array([s.village for s in snaps], pa.string()),
        "area": pa.array([s.area for s in snaps], pa.string()),
        "whole_township": pa.array([whole_township] * len(snaps), pa.bool_()),
        "figures": pa.array([list(figures)] * len(snaps), pa.list_(pa.string())),
    })
    cur.register("incoming_snapshots", tbl)


def _mark_replaced(cur, table: str) -> None:
    cur.execute(statement(f"store/replaced_{SHAPE[table]}_rows", table=table))


# County -------------------------------------------------------------------------------------------
def assign_county(store: Store, parsed: Parsed) -> None:
    """Rows without a county get the store's single county. A store of several counties needs to be told which:
    the file is refused with a message saying so (a 县 column, a title or file name with the county, or --county)."""
    if parsed.refused or not parsed.kind:
        return
    tables = [parsed.records.get(table, []) for table in KIND_TABLES[parsed.kind]]
    if parsed.kind == "areas":
        # Only the rows a summary table names by township or village belong to a county (地区 rows name their own).
        tables = [[r for rs in tables for r in rs if r.get("township") or r.get("village")]]
    if not any(rows.missing("county") if isinstance(rows, Records) else not all(column(rows, "county"))
               for rows in tables):
        return
    counties = [c for c in store.counties() if c]
    if len(counties) > 1:
        named = "、".join(counties[:5]) + ("等" if len(counties) > 5 else "")
        parsed.message = (f"文件“{parsed.file_name}”没有指明所属的县：表中没有“县”列，标题、工作表名和文件名中也没有县名，"
                          f"而库中已有{len(counties)}个县（{named}）。请在上传时填写县（命令行用 --county 县名）后重新导入。")
        return
    if counties:
        for rows in tables:
            if isinstance(rows, Records):
                rows.fill("county", counties[0])
            else:
                for r in rows:
                    if not r.get("county"):
                        r["county"] = counties[0]


# What an import replaces ---------------------------------------------------------------------------
@dataclass
class Replacement:
    """What importing a file will do to the rows already stored, in numbers and in words."""
    kind: str
    unit: str                                               # 户 or 行
    years: list[int]
    incoming: list[str]                                     # villages in the file (households)
    replaced: dict[str, int] = field(default_factory=dict)  # village → live rows replaced
    kept: dict[str, int] = field(default_factory=dict)      # other villages of the township(s), left alone
    dropped: dict[str, int] = field(default_factory=dict)   # other villages dropped (whole township replaced)
    by_file: dict[str, int] = field(default_factory=dict)   # earlier file → live rows replaced
    demo_aside: bool = False                                # the store holds only the demo, which moves aside

    @property
    def rows(self) -> int:
        return sum(self.replaced.values()) + sum(self.dropped.values())

    @property
    def text(self) -> str:
        """'将替换 青松村、白岩村 2019年的 48 户；同乡镇其他村（龙井村、新华村）保持不变'."""
        years = "、".join(str(y) for y in self.years) + "年" if self.years else ""
        if self.demo_aside:
            return "库中现在只有示例数据，导入后示例数据将全部移除，只保留本单位导入的台账"
        if self.kind != "households":
            if not self.by_file:
                return f"库中还没有{years}这些地区的数据，将新增。"
            parts = "、".join(f"“{name}”的{n}{self.unit}" for name, n in self.by_file.items())
            return f"将替换库中{years}同地区的数据：{parts}。"
        parts = []
        replaced = [v for v in self.incoming if self.replaced.get(v)]
        new = [v for v in self.incoming if not self.replaced.get(v)]
        if replaced:
            parts.append(f"将替换 {_names(replaced)} {years}的 {sum(self.replaced.values()):,} 户")
        if new:
            parts.append(f"{_names(new)} {years}在库中还没有数据，将新增")
        if self.dropped:
            parts.append(f"同乡镇其他村（{_names(sorted(self.dropped, key=lambda v: v or ''))}）的 {sum(self.dropped.values()):,} 户将一并删除（替换整个乡镇）")
        elif self.kept:
            parts.append(f"同乡镇其他村（{_names(sorted(self.kept, key=lambda v: v or ''))}）保持不变")
        return "；".join(parts)


def _names(villages: list[str | None], limit: int = 8) -> str:
    shown = [v or "未填写村" for v in villages[:limit]]
    return "、".join(shown) + (f"等{len(villages)}个村" if len(villages) > limit else "")


def replacement(store: Store, parsed: Parsed, replace_township: bool = False, origin: str = "cli") -> Replacement | None:
    """What importing this file would replace (nothing is written)."""
    with store.reading():
        return _replacement(store, parsed, replace_township, origin)


def _replacement(store: Store, parsed: Parsed, replace_township: bool, origin: str) -> Replacement | None:
    if parsed.refused or not parsed.kind:
        return None
    if origin != "demo" and store.is_demo() and not store.is_empty():
        return Replacement(kind=parsed.kind, unit="户" if parsed.kind in ("households", "monitoring") else "行",
                           years=sorted({s.year for s in snapshots(parsed)}), incoming=[], demo_aside=True)
    snaps = snapshots(parsed)
    main = KIND_TABLES[parsed.kind][0]
    whole = replace_township and SHAPE[main] == "village"
    # The file's villages in the order it lists them.
    households = parsed.records.get("households", [])
    incoming = ((households.distinct("village") if isinstance(households, Records)
                 else list(dict.fromkeys(column(households, "village"))))
                if parsed.kind == "households" else [])
    out = Replacement(kind=parsed.kind, unit="户" if parsed.kind in ("households", "monitoring") else "行",
                      years=sorted({s.year for s in snaps}), incoming=incoming)
    cur = store.cursor()
    _register_snapshots(cur, snaps, whole, area_figures_of(parsed))
    _mark_replaced(cur, main)
    names: dict[str, str] = {}
    for batch_id, village, n in cur.execute(statement("store/count_replaced")).fetchall():
        if batch_id not in names:
            b = cur.execute(statement("store/batch"), {"batch_id": batch_id}).fetchall()
            names[batch_id] = b[0][1] if b else batch_id
        out.by_file[names[batch_id]] = out.by_file.get(names[batch_id], 0) + int(n)
        if village in incoming or not whole:
            out.replaced[village] = out.replaced.get(village, 0) + int(n)
        else:
            out.dropped[village] = out.dropped.get(village, 0) + int(n)
    if parsed.kind == "households" and not whole:
        for village, n in cur.execute(statement("store/township_villages")).fetchall():
            if village not in incoming:
                out.kept[village] = int(n)
    return out


def preview_replacement(store: Store, parsed: Parsed, replace_township: bool = False) -> dict[str, int]:
    """Live rows, by batch file name, that importing this file would replace."""
    r = replacement(store, parsed, replace_township)
    return r.by_file if r else {}


# Commit ---------------------------------------------------------------------------------------------
class ImportGroup:
    """Files imported together that undo as one. `whole`: every file joins one group (one upload of several files);
    otherwise a file joins the group of an earlier file that reached one of its townships (one CLI call)."""

    def __init__(self, whole: bool = False):
        self.whole = whole
        self._first: str | None = None
        self._by_place: dict[tuple, str] = {}

    def group_for(self, places: set[tuple], batch_id: str) -> str:
        if self.whole:
            self._first = self._first or batch_id
            return self._first
        group = next((self._by_place[p] for p in sorted(places, key=str) if p in self._by_place), batch_id)
        for p in places:
            self._by_place.setdefault(p, group)
        return group


def _arrow_table(store: Store, table: str, records: list[dict] | Records, batch_id: str) -> pa.Table:
    """The records as the table's columns, one column at a time: Arrow chunks cast to the column types, dicts
    converted (no copy of the records)."""
    cols = store.query_rows("store/columns", table=table)
    arrays, names = [], []
    columnar = isinstance(records, Records) and records.columnar
    for name, dtype, *_ in cols:
        kind = _ARROW_TYPES[dtype]
        try:
            if name == "batch_id":
                arrays.append(pa.repeat(pa.scalar(batch_id, kind), len(records)))
            elif columnar:
                parts = [part for c in records.chunks()
                         for part in (c.table.column(name).cast(kind).chunks if name in c.table.column_names
                                      else [pa.nulls(c.table.num_rows, kind)])]
                arrays.append(pa.chunked_array(parts, kind))
            else:
                arrays.append(pa.array(list(map(dict.get, records, itertools.repeat(name))), type=kind))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            log.warning("column %s.%s refused by arrow: %s", table, name, type(exc).__name__)
            labels = {k: f.label for kind in catalog().kinds.values() if kind.table == table for k, f in kind.fields.items()}
            raise CommitRefused(f"“{labels.get(name, name)}”列有超出数据库范围的数值，未导入任何数据。"
                                f"请核对该列后重新导入。") from None
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)


def _project_links(records: list[dict]) -> tuple[list[dict], list[dict]]:
    projects, links = [], []
    for r in records:
        r = dict(r)
        whole, named = r.pop("_whole_township"), r.pop("_villages")
        r["villages"] = r.pop("villages_text") or None
        projects.append(r)
        base = {"batch_id": r["batch_id"], "project_key": r["project_key"], "year": r["year"],
                "county": r.get("county"), "township": r.get("township")}
        if whole:
            links.append({**base, "village": None, "whole_township": True})
        for village in named:
            links.append({**base, "village": village, "whole_township": False})
    return projects, links


def commit(store: Store, parsed: Parsed, imported_by: str | None = None, origin: str = "cli",
           replace_township: bool = False, group: ImportGroup | None = None) -> tuple[str, int]:
    """Import the parsed rows, replacing the snapshots of the places it holds; returns (batch_id, rows replaced).

    `origin` says who imports (ORIGINS); a real import first moves the whole demo county aside, so what it replaces
    is only ever real rows. One transaction with the rollups of its years; inside an open Store.transaction (the
    files of one CLI call or upload) it joins that one. CommitRefused is raised before anything is written."""
    if parsed.refused:
        raise ValueError("refused files are never committed")
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    assign_county(store, parsed)
    if parsed.refused:
        raise ValueError(parsed.message)
    kind = parsed.kind
    batch_id = dt.datetime.now().strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tables = KIND_TABLES[kind]
    snaps = snapshots(parsed)
    whole = replace_township and SHAPE[tables[0]] == "village"
    records: dict[str, list[dict]] = {t: parsed.records.get(t, []) for t in tables}
    if kind == "projects":
        keyed = [{**r, "batch_id": batch_id, "project_key": f"{batch_id}:{r['source_sheet']}:{r['source_row']}"}
                 for r in records["projects"]]
        records["projects"], records["project_villages"] = _project_links(keyed)
    batch_group = group.group_for(townships(parsed), batch_id) if group else batch_id
    # Every value is converted before the first write: a refusal leaves an enclosing transaction untouched.
    incoming = {table: _arrow_table(store, table, records[table], batch_id) for table in tables if records[table]}
    with store.transaction(label="import") as cur:
        if origin != "demo":
            for table in ALL_TABLES:
                cur.execute(statement("store/archive_demo", table=table))
                cur.execute(statement("store/delete_demo", table=table))
        _register_snapshots(cur, snaps, whole, area_figures_of(parsed))
        replaced = 0
        for table in tables:
            _mark_replaced(cur, table)
            n = cur.execute(statement("store/archive_replaced", table=table), {"batch_id": batch_id}).fetchall()[0][0]
            cur.execute(statement("store/delete_replaced", table=table))
            if table == tables[0]:
                replaced = n
        for table, arrow in incoming.items():
            cur.register("incoming", arrow)
            cur.execute(statement("store/insert_rows", table=table))
            cur.unregister("incoming")
        years = {s.year for s in snaps}
        counties = {s.county for s in snaps}
        towns = {s.township for s in snaps}
        sql = statement("store/insert_batch")
        cur.execute(sql, bind(sql, {
            "batch_id": batch_id, "file_name": parsed.file_name, "sha256": parsed.sha256, "kind": kind,
            "year": years.pop() if len(years) == 1 else None,
            "county": counties.pop() if len(counties) == 1 else None,
            "township": towns.pop() if len(towns) == 1 else None,
            "snapshots": json.dumps([[s.year, s.county, s.township, s.village] if s.area is None else [s.year, s.area]
                                     for s in snaps], ensure_ascii=False),
            "rows_read": parsed.rows_read, "rows_imported": parsed.rows_imported, "rows_rejected": parsed.rows_rejected,
            "households": parsed.count(tables[0]) if kind in ("households", "monitoring") else None,
            "persons": parsed.count(tables[1]) if kind in ("households", "monitoring") else None,
            "replaced_rows": replaced, "imported_at": dt.datetime.now(), "imported_by": imported_by, "origin": origin,
            "batch_group": batch_group, "replace_township": whole,
        }))
        faults.reached(f"{'demo' if origin == 'demo' else 'import'}:file_written")
    log.info("imported batch %s: kind=%s rows=%d replaced=%d", batch_id, kind, parsed.rows_imported, replaced)
    return batch_id, replaced


def undo(store: Store, batch_id: str) -> list[str]:
    """Restore exactly the state before this import and the others of its group (newest first); refused when a
    later import outside the group replaced its rows. The demo county comes back only when no real rows remain,
    and never beside real rows: demo rows an import of an older version replaced go back with the rest of the demo.
    One transaction with the rollups. Returns the file names undone."""
    rows = store.query_rows("store/batch", batch_id=batch_id)
    if not rows:
        raise UndoRefused("找不到该导入批次。")
    batch = dict(zip((c for c, _ in store.query_rows("store/columns", table="import_batches")), rows[0]))
    if batch["status"] != "active":
        raise UndoRefused("该批次已撤销，无需重复操作。")
    group = store.query_rows("store/group_batches", batch_id=batch_id)
    with store.transaction(label="undo") as cur:
        for b, _ in group:
            for table in ALL_TABLES:
                later = cur.execute(statement("store/batch_superseded", table=table), {"batch_id": b}).fetchall()[0][0]
                if later:
                    raise UndoRefused("该批次的数据已被之后的导入替换，请先撤销之后的导入，再撤销本批次。")
        for b, _ in group:
            for table in ALL_TABLES:
                cur.execute(statement("store/undo_delete", table=table), {"batch_id": b})
                cur.execute(statement("store/undo_demo_aside", table=table), {"batch_id": b})
                cur.execute(statement("store/undo_restore", table=table), {"batch_id": b})
                cur.execute(statement("store/undo_forget", table=table), {"batch_id": b})
            cur.execute(statement("store/mark_undone"), {"batch_id": b})
        for table in ALL_TABLES:
            cur.execute(statement("store/restore_demo", table=table))
            cur.execute(statement("store/forget_demo", table=table))
    log.info("undid batches %s", [b for b, _ in group])
    return [name for _, name in group]
