"""Prototype of the importer speed-ups proposed in BENCHMARKS.md, measured against the real code.

Patches a running process only (nothing in ledgerboard/ is changed), checks that the parsed
records are identical, and prints parse time before/after:

    .venv/bin/python -m bench.prototype_importer bench/out/xlsx/county_roster_2019_01.xlsx

Proposed changes (for the importer's owner):
1. header.is_skip_row: look at cells lazily — stop at the first data-looking cell instead of
   formatting every cell of every row (`_cell_text` on all 20 cells, then fold on 3).
2. fields.fold and values.text: memoise for str input (ledger cells repeat: townships, villages,
   groups, enums, relations, units); lru_cache(maxsize=65536).
3. values.is_empty: test the cheap cases first (None, str without fold when it is long or
   obviously not a marker).
"""

from __future__ import annotations

import hashlib
import math
import sys
import time
from functools import lru_cache
from pathlib import Path

from ledgerboard import fields
from ledgerboard.importer import header, pipeline, values
from ledgerboard.importer.pipeline import Options, parse_sheets
from ledgerboard.importer.read import read_workbook


def _patch() -> None:
    fold_orig = fields.fold

    @lru_cache(maxsize=65536)
    def _fold_str(s: str) -> str:
        return fold_orig(s)

    def fold(text: object) -> str:
        return _fold_str(text) if type(text) is str else fold_orig(text)

    text_orig = values.text

    @lru_cache(maxsize=65536)
    def _text_str(s: str) -> str:
        return text_orig(s)

    def text(value: object) -> str:
        return _text_str(value) if type(value) is str else text_orig(value)

    marks = values._EMPTY_MARKS
    longest = max(len(m) for m in marks)

    def is_empty(value: object) -> bool:
        if value is None:
            return True
        t = type(value)
        if t is str:
            # A marker is short; a longer cell is only empty if it is all spaces.
            if len(value) > longest + 2 and not value.isspace():
                return False
            return fold(value) in marks
        if t is float:
            return math.isnan(value)
        return False

    cell_text = header._cell_text
    cat = fields.catalog()

    def is_skip_row(cells: list[object]) -> str | None:
        filled = []
        for c in cells:
            if c is None or c == "":
                continue
            t = cell_text(c)
            if t:
                filled.append(t)
                if len(filled) == 3:
                    break
        if not filled:
            return "blank"
        for t in filled:
            f = fold(t)
            if any(f.startswith(m) for m in cat.total_markers):
                return "total"
        first = fold(filled[0])
        if any(first.startswith(m) for m in cat.note_markers) or first.startswith(("单位:", "单位：")):
            return "note"
        if filled[0].isdigit():        # only then can the row be a column-numbering row
            return header.is_skip_row.__wrapped__(cells)
        return None

    is_skip_row.__wrapped__ = header.is_skip_row
    for mod in (fields, values, header, pipeline):
        if hasattr(mod, "fold"):
            mod.fold = fold
    values.text = text
    values.is_empty = is_empty
    header.is_skip_row = is_skip_row
    pipeline.is_skip_row = is_skip_row


def _parse(path: Path):
    data = path.read_bytes()
    sheets = read_workbook(data, path.name)
    t0 = time.perf_counter()
    parsed = parse_sheets(sheets, path.name, hashlib.sha256(data).hexdigest(), Options())
    return time.perf_counter() - t0, parsed


def main(argv: list[str]) -> None:
    path = Path(argv[0])
    before, p0 = _parse(path)
    _patch()
    after, p1 = _parse(path)
    same = p0.records == p1.records and [e.as_dict() for e in p0.errors] == [e.as_dict() for e in p1.errors] \
        and [w.as_dict() for w in p0.warnings] == [w.as_dict() for w in p1.warnings]
    print(f"parse (header → map → normalise → validate) of {p0.rows_read:,} rows: "
          f"{before:.2f} s → {after:.2f} s ({before / after:.2f}× faster); identical records/errors: {same}")


if __name__ == "__main__":
    main(sys.argv[1:])
