"""read → locate header → map columns → normalise → validate: a file becomes canonical records.

Nothing here writes to the store; `commit.py` does that in one transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter

from ledgerboard.fields import Kind, catalog, fold
from ledgerboard.importer import columnar
from ledgerboard.importer import values as v
from ledgerboard.importer.header import (Column, Header, candidate_headers, detect_kind, header_texts,
                                         is_note_continuation, is_skip_row, map_columns)
from ledgerboard.importer import read
from ledgerboard.importer.read import RawSheet, Unreadable, read_workbook
from ledgerboard.importer.records import Chunk, Records
from ledgerboard.sanitize import mask_numbers

# A township in a title or sheet name: a run of Chinese ending in 镇/乡/街道 (not 乡村), after any
# province/city/county prefix ("××县青松镇2019年…" → 青松镇).
_TOWNSHIP_RUN = re.compile(r"([\u4e00-\u9fa5]{1,12}?)(镇|乡|街道)(?![村镇])")
# A county in a title, sheet or file name: a run of Chinese ending in 县/旗, or 区 after a 市 ("××市城关区"),
# after any province/prefecture prefix ("××省××市甲县青松镇…" → 甲县).
_COUNTY_RUN = re.compile(r"([\u4e00-\u9fa5]{1,12}?)(县|旗)(?![级城域委道乡])|市([\u4e00-\u9fa5]{1,6}?区)")
_GENERIC_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$|汇总|合计|总表|说明|封面|目录|统计", re.IGNORECASE)
# A sheet named like a village: 一村, 青山村, 城关社区, 红旗村委会 (after any year or bracket).
_VILLAGE_SHEET = re.compile(r"^([\u4e00-\u9fa5\d]{1,15}?(?:村|社区|居委会|村委会))$")
_HEAD_RELATIONS = {"户主", "本人", "户主本人"}
_EMPTY = object()   # a cell with nothing in it (see values.is_empty)


@dataclass
class Issue:
    sheet: str
    row: int | None        # row number as Excel shows it
    column: str | None     # the header as written
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class SheetReport:
    name: str
    kind: str | None
    header_rows: tuple[int, int] | None      # Excel row numbers of the header
    mapping: list[dict]                      # {column, header, field, label, unit}
    roster: bool = False
    rows_read: int = 0
    rows_rejected: int = 0
    sources: dict[str, str] = field(default_factory=dict)   # year/township/village → where it came from
    skipped: str | None = None               # why the whole sheet was skipped


@dataclass
class Parsed:
    file_name: str
    sha256: str
    kind: str | None
    sheets: list[SheetReport] = field(default_factory=list)
    records: dict[str, "Records | list[dict]"] = field(default_factory=dict)   # by table; Records for households
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    message: str | None = None               # set when the whole file is refused
    # Refused only because no kind fits its headers, though a header row was found: the analyst may choose the
    # kind in the preview (Options.kind with choose_kind) and map the columns there.
    kind_unclear: bool = False
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)   # sheet → {header → why it has its field}
    layout: str | None = None                # the saved layout the file was mapped by

    @property
    def rows_imported(self) -> int:
        return self.rows_read - self.rows_rejected

    @property
    def refused(self) -> bool:
        return self.message is not None

    def count(self, table: str) -> int:
        return len(self.records.get(table, []))

    def kept_aside(self) -> list[str]:
        """The headers of the columns no field takes (neither imported nor a row number), by name only."""
        return list(dict.fromkeys(m["header"] for s in self.sheets for m in s.mapping
                                  if m["field"] is None and not m.get("ignored")))

    def era_columns(self) -> dict[str, list[str]]:
        """A monitoring export's columns of the era, by header as found: the 致贫/返贫风险 columns (1–5), 风险消除方式 and
        the 帮扶 columns (the measures the export lists). Empty for other kinds."""
        if self.kind != "monitoring":
            return {}
        found = {"risks": [], "elimination_method": [], "measures": []}
        for s in self.sheets:
            for m in s.mapping:
                f = m["field"] or ""
                group = ("risks" if f[:5] == "risk_" and f[5:].isdigit() else "elimination_method" if f == "elimination_method"
                         else "measures" if f.startswith("measure_") else None)
                if group and m["header"] not in found[group]:
                    found[group].append(m["header"])
        return found

    def mapping_used(self) -> list[dict]:
        """Every column of every sheet with its field and why (synonym, qualified, suggestion, layout, map,
        override): what `import --json` prints. Headers only, never values."""
        return [{"sheet": s.name, "column": m["column"], "header": m["header"], "field": m["field"],
                 "label": m["label"], "reason": self.reasons.get(s.name, {}).get(m["header"]),
                 "suggestion": m.get("suggestion")}
                for s in self.sheets for m in s.mapping if not m.get("ignored")]


@dataclass
class Options:
    kind: str | None = None
    year: int | None = None
    township: str | None = None
    county: str | None = None
    # sheet name (or "*" for every sheet) → {original header → field key or None}; corrections
    # made in the preview
    overrides: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # progress(fraction 0..1, Chinese stage text) for long files; called every few thousand rows
    progress: Callable[[float, str], None] | None = None
    # The header's first row as Excel numbers it (--header-row, a saved layout); None: found by the importer.
    header_row: int | None = None
    # The analyst chose `kind` for a file whose kind was unclear: every sheet with a header row is read as it.
    choose_kind: bool = False
    # original header → where its override comes from (layout | map), for the mapping report; others: override
    reasons: dict[str, str] = field(default_factory=dict)
    # The saved layout for a sheet's candidate header rows (ledgerboard.layouts.finder), or None: applied under the
    # overrides above, so every choice stays editable.
    find_layout: Callable[[list[tuple[int, int, list[str], bool]]], "LayoutUse | None"] | None = None

    def overrides_for(self, sheet: str) -> dict[str, str | None] | None:
        merged = {**self.overrides.get("*", {}), **self.overrides.get(sheet, {})}
        return merged or None


class Row(NamedTuple):
    """One data row as the checks see it: its Excel row number, its field values (the empty cells left out), the
    problems found in its cells, and the fields whose cell failed to convert (already reported: never also told
    missing). `extra` holds the cells of the columns no field takes, by header."""
    excel_row: int
    values: dict
    problems: list[tuple[str | None, str]]
    failed: frozenset[str] = frozenset()
    extra: dict | None = None


@dataclass(frozen=True)
class LayoutUse:
    """A saved layout that fits a sheet's header: its name, kind, the header's first row (0-based) and mapping."""
    name: str
    kind: str
    first_row: int
    mapping: dict[str, str | None]


def _with_layout(opts: Options, sheet: RawSheet, parsed: Parsed) -> Options:
    """The options for one sheet with the saved layout of its header applied (explicit choices win)."""
    if opts.find_layout is None or sheet.hidden:
        return opts
    use = opts.find_layout(candidate_headers(sheet.rows, _first_row(opts)))
    if use is None or (opts.kind and opts.kind != use.kind):
        return opts
    parsed.layout = use.name
    mine = opts.overrides_for(sheet.name) or {}
    return dataclasses.replace(
        opts, kind=use.kind, header_row=use.first_row + 1, choose_kind=True,
        overrides={"*": {**use.mapping, **mine}},
        reasons={**{h: "layout" for h in use.mapping}, **{h: opts.reasons.get(h, "override") for h in mine}})


def _first_row(opts: Options) -> int | None:
    return opts.header_row - 1 if opts.header_row else None


def _converter(kind: Kind, key: str, factor: float) -> Callable[[object], object]:
    """The cell → value function of a field, with the field's range check (fields.yaml) after it."""
    convert = _base_converter(kind, key, factor)
    check = v.in_range(kind.fields[key])
    if check is None:
        return convert
    return lambda x: check(convert(x))


def _base_converter(kind: Kind, key: str, factor: float) -> Callable[[object], object]:
    f = kind.fields[key]
    t = f.type
    if t == "year":
        return v.year
    if t == "int":
        if factor != 1.0:
            return lambda x: int(round(v.finite(v.number(x) * factor)))
        return v.integer
    if t == "number":
        if factor != 1.0:
            # 1,200,000 元 → 120 万元, not 120.00000000000001
            return lambda x: round(v.finite(v.number(x) * factor), 6)
        return v.number
    if t == "enum":
        if key == "main_cause":
            return lambda x: v.enum_list(f.enum, x)  # "因病、因残": main first, the rest other causes
        return lambda x: v.enum(f.enum, x)
    if t == "enum_list":
        return lambda x: v.enum_list(f.enum, x)
    if t == "bool":
        return v.boolean
    if t == "id_number":
        return v.id_number
    if t == "date":
        return v.date
    if t == "villages":
        return v.villages
    if t == "phone":
        return v.text            # personal, but a number by nature (精准核查 checks its form)
    if f.personal:
        return v.person_name     # a name cell holding an ID or phone number is a row error
    return v.text


def township_in_text(text: str) -> str | None:
    for m in _TOWNSHIP_RUN.finditer(fold(text)):
        run = re.split(r"[省市县区州旗]", m.group(1))[-1]
        if 1 <= len(run) <= 6 and not run.startswith(("各", "全", "本", "该")):
            return run + m.group(2)
    return None


def county_in_text(text: str) -> str | None:
    """The county a title or file name names ("示例省甲县青松镇2019年…" → 甲县), or None."""
    for m in _COUNTY_RUN.finditer(fold(text)):
        if m.group(3):
            return m.group(3)
        run = re.split(r"[省市州盟年]", m.group(1))[-1]
        if 1 <= len(run) <= 8 and not run.startswith(("各", "全", "本", "该")) and not set(run) & set("乡镇村组"):
            return run + m.group(2)
    return None


def _sheet_context(sheet: RawSheet, header: Header, file_name: str = "") -> dict[str, tuple[object, str]]:
    """Year, county, township and village from the sheet's name, the title rows above the header and the file name."""
    found: dict[str, tuple[object, str]] = {}
    titles = " ".join(
        str(c) for r in sheet.rows[: header.first_row] for c in r if isinstance(c, str) and c.strip()
    )
    name = sheet.name.strip()
    stem = file_name.rsplit(".", 1)[0]
    if (y := v.year_in_text(name)) is not None:
        found["year"] = (y, f"工作表名“{name}”")
    elif (y := v.year_in_text(titles)) is not None:
        found["year"] = (y, "标题行")
    elif any(c.field == "year" for c in header.columns):
        pass                            # a 年度 column: a row without a year is its household's (or an error)
    elif (dated := _dated_title(sheet, header)) is not None:
        found["year"] = dated           # the export's date: "导出时间：2023-12-18" → 2023
    elif (y := v.year_in_text(stem) or v.bare_year_in_text(stem)) is not None:
        found["year"] = (y, f"文件名“{file_name}”")
    for text, source in ((name, f"工作表名“{name}”"), (titles, "标题行")):
        m = township_in_text(text)
        if m and "township" not in found:
            found["township"] = (m, source)
    for text, source in ((titles, "标题行"), (name, f"工作表名“{name}”"), (stem, f"文件名“{file_name}”")):
        c = county_in_text(text)
        if c and "county" not in found:
            found["county"] = (c, source)
    village = re.sub(r"^\d{4}年?|[（(].*?[）)]|\d{4}年?$", "", fold(name))
    if not _GENERIC_SHEET.search(name) and _VILLAGE_SHEET.match(village):
        found["village"] = (village, f"工作表名“{name}”")
    return found


def _dated_title(sheet: RawSheet, header: Header) -> tuple[int, str] | None:
    """(year, source) from a date in a title cell above the header ("导出时间：2023-12-18 …"), or None."""
    for r in sheet.rows[: header.first_row]:
        for c in r:
            if isinstance(c, str) and (y := v.date_year_in_text(c)) is not None:
                phrase = next(w for w in c.split() if v.date_year_in_text(w) is not None)   # 导出时间：2023-12-18
                return y, f"标题行“{mask_numbers(phrase)[:40]}”"
    return None


class _SheetParser:
    def __init__(self, parsed: Parsed, sheet: RawSheet, kind: Kind, opts: Options):
        self.parsed, self.sheet, self.kind, self.opts = parsed, sheet, kind, opts
        self.header = map_columns(sheet.rows, kind, opts.overrides_for(sheet.name), _first_row(opts))
        self.cols = self.header.field_columns()
        self.context = _sheet_context(sheet, self.header, parsed.file_name)
        self.report = SheetReport(
            name=sheet.name,
            kind=kind.key,
            header_rows=(self.header.first_row + 1, self.header.last_row + 1),
            mapping=[
                {
                    "column": get_column_letter(c.index + 1),
                    "header": c.header,
                    "field": c.field,
                    "label": kind.fields[c.field].label if c.field else None,
                    "unit": c.unit,
                    "ignored": c.ignored,
                    "suggestion": c.suggestion,
                }
                for c in self.header.columns
            ],
            roster=self.header.roster,
        )
        parsed.reasons[sheet.name] = {c.header: opts.reasons.get(c.header, c.reason) if c.reason == "override"
                                      else c.reason for c in self.header.columns if c.reason}
        self.converters = {k: _converter(kind, k, c.factor) for k, c in self.cols.items()}
        # Amount columns read as floats skip the per-value conversion; their range is checked in bulk.
        self.plain_numbers = {k: v.in_range(kind.fields[k]) for k, c in self.cols.items()
                              if kind.fields[k].type == "number" and c.factor == 1.0}
        # ID-number and name columns (a distinct value in nearly every row) are checked as whole columns.
        self.whole_columns = {k: columnar.id_numbers if conv is v.id_number else columnar.names
                              for k, conv in self.converters.items() if conv in (v.id_number, v.person_name)}

    def _fill(self) -> list[tuple[str, object]]:
        """(field, value given at upload or None) of the place and year fields a row may take from elsewhere."""
        given = {"year": self.opts.year, "township": self.opts.township, "county": self.opts.county, "village": None}
        fill = [(k, given[k]) for k in ("year", "township", "village", "county") if k in self.kind.fields]
        if self.kind.place_fields and not set(self.kind.place_fields) & set(self.cols):
            # A 区域汇总表 naming its areas by 地区 + 层级: a title's county or township is none of its rows'.
            fill = [(k, want) for k, want in fill if k not in self.kind.place_fields]
        return fill

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.parsed.errors.append(Issue(self.sheet.name, row, column, mask_numbers(message)))

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        self.parsed.warnings.append(Issue(self.sheet.name, row, column, mask_numbers(message)))

    def _data_rows(self) -> tuple[list[int], list[list[object]]]:
        """Excel row numbers and cells of the data rows; totals and notes rows are reported."""
        start = self.header.last_row + 1
        numbers, kept = [], []
        in_note = False
        for i, cells in enumerate(self.sheet.rows[start:], start):
            skip = is_skip_row(cells)
            if skip is None and in_note and is_note_continuation(cells):
                skip = "note"
            if skip != "blank":
                in_note = skip == "note"
            if not skip:
                numbers.append(i + 1)
                kept.append(cells)
            elif skip in ("total", "note"):
                label = "合计行" if skip == "total" else "说明行"
                self.warn(i + 1, None, f"第{i + 1}行是{label}，已跳过")
        # The rows now live on in `kept` only, so they are freed as soon as they are converted.
        del self.sheet.rows[start:]
        return numbers, kept

    def _column_values(self, cells: tuple, c: Column) -> tuple[list, list[int], list[int]]:
        """Each cell of a column as its field's value, a Problem or _EMPTY; and the positions
        of the empty and the failed cells.

        Ledger columns repeat their values (townships, villages, enums, years), so each distinct
        cell is converted once. True == 1 == 1.0 share a dict key, so a column holding booleans
        is converted cell by cell.
        """
        if c.field is None:
            def convert(x):
                if x.__class__ is str and not x.isprintable():
                    x = read.CONTROL_CHARS.sub("", x)
                return _EMPTY if v.is_empty(x) else v.text(x)
        else:
            conv = self.converters[c.field]
            # An ID cell holding "-" or "无" is a wrong ID number, not an empty cell.
            empty = _blank if self.kind.fields[c.field].type == "id_number" else v.is_empty

            def convert(x):
                if x.__class__ is str and not x.isprintable():
                    x = read.CONTROL_CHARS.sub("", x)    # a NUL is no part of a township's name
                if empty(x):
                    return _EMPTY
                try:
                    return conv(x)
                except v.Problem as p:
                    return p.with_traceback(None)    # no frame → exception cycle to collect
        types = set(map(type, cells))
        if types == {float} and c.field is not None and c.field in self.plain_numbers:
            # Amounts: all distinct, all numbers already; only NaN (an empty cell) and the range need a look, in numpy.
            out = list(cells)
            amounts = np.fromiter(cells, np.float64, len(cells))
            nan = np.isnan(amounts)
            empties = np.flatnonzero(nan).tolist()
            for j in empties:
                out[j] = _EMPTY
            failed = []
            check = self.plain_numbers[c.field]
            if check is not None:
                lo, hi = self.kind.fields[c.field].range
                for j in np.flatnonzero(~nan & ~((lo <= amounts) & (amounts <= hi))).tolist():
                    try:
                        check(out[j])
                    except v.Problem as p:
                        out[j] = p.with_traceback(None)
                        failed.append(j)
            return out, empties, failed
        elif bool in types:
            out = [convert(x) for x in cells]
            results = out
        elif c.field in self.whole_columns and str in types:
            # Only the cells the converter took can be empty or have failed.
            out, converted = self.whole_columns[c.field](cells, convert)
            return (out, [j for j in converted if out[j] is _EMPTY],
                    [j for j in converted if out[j].__class__ is v.Problem])
        else:
            lookup = {x: convert(x) for x in set(cells)}
            out = list(map(lookup.__getitem__, cells))
            results = lookup.values()
        empties = [j for j, x in enumerate(out) if x is _EMPTY] if any(r is _EMPTY for r in results) else []
        failed = ([j for j, x in enumerate(out) if x.__class__ is v.Problem]
                  if any(r.__class__ is v.Problem for r in results) else [])
        return out, empties, failed

    def convert(self) -> "_Converted | None":
        """The data rows converted column by column (None for a sheet without data rows); reported non-data rows
        are left out. The per-cell work is done once per distinct value."""
        numbers, kept = self._data_rows()
        if not numbers:
            return None
        columns = list(itertools.zip_longest(*kept))
        del kept
        blank = (None,) * len(numbers)
        fields = [c for c in self.header.columns if c.field is not None]
        extras = [c for c in self.header.columns if c.field is None and not c.ignored]
        progress = self.opts.progress
        # Converting the columns is about 40 % of the work, assembling the rows the rest.
        converted = []
        for k, c in enumerate((*fields, *extras)):
            if progress:
                progress(0.4 * k / (len(fields) + len(extras)), f"正在检查工作表“{self.sheet.name}”的“{c.header}”列")
            converted.append(self._column_values(columns[c.index] if c.index < len(columns) else blank, c))
        del columns
        return _Converted(numbers, fields, extras, converted)

    def rows(self) -> Iterator[Row]:
        """A Row for each data row; non-data rows are reported, not returned."""
        conv = self.convert()
        if conv is not None:
            yield from self.assemble(conv)

    def assemble(self, conv: "_Converted") -> Iterator[Row]:
        """The converted columns row by row: each row's values, problems and kept-aside cells."""
        numbers, fields, extras, converted = conv
        progress, total = self.opts.progress, len(numbers)
        values = [col for col, _, _ in converted[: len(fields)]]
        extra_values = [col for col, _, _ in converted[len(fields):]]
        keys = [c.field for c in fields]
        extra_headers = [c.header for c in extras]
        # Rows with a failed cell take the path that reports it; rows with an empty cell (or all
        # rows, when two columns map to one field) the path that leaves the empty cells out.
        bad = {j for _, _, failed in converted[: len(fields)] for j in failed}
        if len(set(keys)) == len(keys):
            sparse = {j for _, empties, _ in converted[: len(fields)] for j in empties}
        else:
            sparse = range(len(numbers))
        del converted
        fill = self._fill()
        sources = self.report.sources
        rows_of_values = zip(*values) if values else itertools.repeat((), total)
        rows_of_extras = zip(*extra_values) if extra_values else itertools.repeat((), total)
        for j, (excel_row, vals, extra_vals) in enumerate(zip(numbers, rows_of_values, rows_of_extras)):
            if progress and j % 2000 == 1999:
                progress(0.4 + 0.6 * j / total, f"正在检查工作表“{self.sheet.name}”")
            problems: list[tuple[str, str]] = []
            failed: set[str] = set()
            if j in bad:
                rec: dict = {}
                for c, key, x in zip(fields, keys, vals):
                    if x is _EMPTY:
                        continue
                    if x.__class__ is v.Problem:
                        problems.append(_cell_problem(c, x))
                        failed.add(key)
                    else:
                        rec[key] = x
            elif j in sparse:
                rec = {k: x for k, x in zip(keys, vals) if x is not _EMPTY}
            else:
                rec = dict(zip(keys, vals))
            # Year/township/village/county from the upload options or the sheet when no column has it.
            for key, want in fill:
                value = rec.get(key)
                if value is not None:
                    if want is not None and value != want:
                        problems.append((self.cols[key].header,
                                         f"本行{self.kind.fields[key].label}为“{value}”，与上传时指定的“{want}”不一致"))
                    elif key not in sources:
                        sources[key] = f"“{self.cols[key].header}”列"
                elif want is not None:
                    rec[key] = want
                    sources.setdefault(key, "上传时指定")
                elif key in self.context:
                    rec[key], source = self.context[key]
                    sources.setdefault(key, source)
            if "main_cause" in rec:
                causes = rec.pop("main_cause")
                rec["main_cause"] = causes[0] if causes else None
                if len(causes) > 1:
                    rec["other_causes"] = list(dict.fromkeys(causes[1:] + rec.get("other_causes", [])))
            extra = {h: x for h, x in zip(extra_headers, extra_vals) if x is not _EMPTY} if extra_vals else None
            yield Row(excel_row, rec, problems, frozenset(failed), extra or None)


class _Converted(NamedTuple):
    """A sheet's data rows as converted columns: Excel row numbers, the field columns, the kept-aside columns, and for
    each of those columns (fields first) its values (value, Problem or _EMPTY), empty and failed positions."""
    numbers: list[int]
    fields: list[Column]
    extras: list[Column]
    converted: list[tuple[list, list[int], list[int]]]


def _cell_problem(c: Column, x: v.Problem) -> tuple[str, str]:
    return c.header, f"{get_column_letter(c.index + 1)}列“{c.header}”：{x}"


def _blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _year_missing(kind: Kind) -> str:
    return f"缺少年度：{kind.label}中没有“年度”列，也未在上传时指定年度，标题和工作表名中也没有年份"


def _parse_households(p: _SheetParser, parsed: Parsed, seen_ids: dict[tuple, tuple[str, int]]) -> None:
    """Household-level ledgers and person-level rosters (花名册) into households and persons.

    A household is one year's snapshot: the same 户编号 or ID number in two years (a 2014–2020 sheet with a 年度
    column, or one sheet per year) is the same household twice, not a duplicate. seen_ids is keyed by (year, ID).

    The sheet is checked column-wise (_households_columnar) unless it needs the row-by-row grouping: a roster row
    without 户编号 or year, or two columns for one field."""
    households = parsed.records.setdefault("households", Records())
    persons = parsed.records.setdefault("persons", Records()) if p.header.roster else None
    conv = p.convert()
    if conv is not None and not _households_columnar(p, parsed, seen_ids, conv, households, persons):
        _households_by_row(p, parsed, seen_ids, p.assemble(conv), households, persons)
    for table, rows in (("households", households), ("persons", persons)):
        if rows is not None and not len(rows):
            del parsed.records[table]    # a table appears in the records only with rows in it


def _households_by_row(p: _SheetParser, parsed: Parsed, seen_ids: dict[tuple, tuple[str, int]], rows: Iterator[Row],
                       households: Records, persons: Records | None) -> None:
    """The row-by-row grouping: a roster's member row without 户编号 belongs to the household above it, a member row
    without a year to its household's rows of the year before it."""
    roster = p.header.roster
    groups: list[list[Row]] = []
    by_key: dict[tuple, list] = {}
    year_of: dict[str, int | None] = {}
    for row in rows:
        p.report.rows_read += 1
        parsed.rows_read += 1
        if not roster:
            groups.append([row])
            continue
        rec = row.values
        hid = rec.get("household_id")
        if hid is not None:
            # A member row without a year belongs to its household's rows of the year before it.
            year = rec.get("year") if rec.get("year") is not None else year_of.get(hid)
            year_of[hid] = year
            hid = (year, hid)
            if hid not in by_key:
                by_key[hid] = []
                groups.append(by_key[hid])
            by_key[hid].append(row)
        elif fold(rec.get("relation") or "") in _HEAD_RELATIONS or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    del by_key
    built: list[dict] = []
    members: list[dict] = []
    household_keys = _household_keys(p.kind)
    for i in range(len(groups)):
        # Each group's row records are let go once its household is built (a 1M-row roster would
        # otherwise hold every row twice: as read and as imported).
        group, groups[i] = groups[i], None
        head = _head(group) if roster else group[0]
        hrec = _check_household(p, parsed, group, head, seen_ids)
        if hrec is None:
            continue
        hrow = head.excel_row
        size = hrec.get("household_size")
        if roster and size is None:
            hrec["household_size"] = len(group)
        elif roster and size != len(group):
            p.warn(hrow, _col(p, "household_size"), _size_differs(size, len(group)))
        if hrec.get("status") is None:
            hrec["status"] = _status(hrec.get("exit_year"), hrec["year"])
        household = dict(zip(household_keys, map(hrec.get, household_keys)))
        household["source_sheet"], household["source_row"] = p.sheet.name, hrow
        if head.extra:
            household["_extra"] = head.extra
        built.append(household)
        if roster:
            key = hrec["head_id_number"]
            for r, rec, *_ in group:
                members.append({
                    "year": hrec["year"], "county": hrec.get("county"), "township": hrec.get("township"),
                    "village": hrec.get("village"),
                    "household_key": key, "name": rec.get("member_name"), "id_number": rec.get("member_id_number"),
                    "relation": rec.get("relation"), "source_sheet": p.sheet.name, "source_row": r,
                })
    households.add_dicts(built)
    if persons is not None:
        persons.add_dicts(members)


def _household_keys(kind: Kind) -> list[str]:
    return [k for k in kind.fields if k not in ("relation", "member_name", "member_id_number")]


def _size_differs(size: int, members: int) -> str:
    return f"家庭人口数为{size}人，但本户有{members}行成员（疑点）"


def _status(exit_year: int | None, year: int) -> str:
    return "已脱贫" if exit_year is not None and exit_year <= year else "未脱贫"


def _check_household(p: _SheetParser, parsed: Parsed, group: list[Row], head: Row | None,
                     seen_ids: dict[tuple, tuple[str, int]]) -> dict | None:
    """The checks of one household (its rows as read): its head's values (head_name and head_id_number a roster's
    head row's) with its ID numbers registered in seen_ids, or None when it was rejected (its errors reported)."""
    roster = p.header.roster
    row_problems: dict[int, list[tuple[str, str]]] = {g.excel_row: list(g.problems) for g in group}
    if head is None:
        for g in group:
            row_problems[g.excel_row].append(("与户主关系", "本户没有“与户主关系”为“户主”的行，无法确定户主"))
        hrec, hrow = {}, group[0].excel_row
    else:
        hrow, hrec = head.excel_row, dict(head.values)
    if roster and head is not None:
        hrec["head_name"] = hrec.get("member_name", hrec.get("head_name"))
        hrec["head_id_number"] = hrec.get("member_id_number", hrec.get("head_id_number"))
    if head is not None:
        if hrec.get("head_id_number") is None and not head.failed & {"head_id_number", "member_id_number"}:
            row_problems[hrow].append((_col(p, "member_id_number" if roster else "head_id_number"), "缺少户主身份证号"))
        if hrec.get("year") is None and "year" not in head.failed:
            row_problems[hrow].append((None, _year_missing(p.kind)))
        hid_number = hrec.get("head_id_number")
        if hid_number and (hrec.get("year"), hid_number) in seen_ids:
            sheet, r = seen_ids[hrec.get("year"), hid_number]
            row_problems[hrow].append((_col(p, "head_id_number"), f"户主身份证号与工作表“{sheet}”第{r}行重复"))
    if roster:
        for r, rec, _, failed, _ in group:
            mid = rec.get("member_id_number")
            if mid is None and "member_id_number" in failed:
                continue
            if mid is None:
                row_problems[r].append((_col(p, "member_id_number"), "缺少证件号码"))
            elif (hrec.get("year"), mid) in seen_ids and seen_ids[hrec.get("year"), mid] != (p.sheet.name, r):
                sheet, r0 = seen_ids[hrec.get("year"), mid]
                row_problems[r].append((_col(p, "member_id_number"), f"证件号码与工作表“{sheet}”第{r0}行重复"))
    if _reject_household(p, parsed, group, row_problems):
        return None
    if roster:
        for g in group:
            seen_ids[hrec.get("year"), g.values["member_id_number"]] = (p.sheet.name, g.excel_row)
    else:
        seen_ids[hrec.get("year"), hrec["head_id_number"]] = (p.sheet.name, hrow)
    return hrec


# The Arrow type of each field type in the parsed records (the commit casts to the store's column types).
_RECORD_TYPES = {"year": pa.int64(), "int": pa.int64(), "number": pa.float64(), "bool": pa.bool_(),
                 "date": pa.date32(), "enum_list": pa.list_(pa.string())}


class _Columns(NamedTuple):
    """A sheet's field values as columns (None for an empty or failed cell), after the year/place fill and the split
    of 主要致贫原因; the problems and failed fields of the rows that have them; the kept-aside cells."""
    values: dict[str, list]
    problems: dict[int, list[tuple[str | None, str]]]
    failed: dict[int, set[str]]
    extra_headers: list[str]
    extra_values: list[list]

    def row(self, j: int, excel_row: int) -> Row:
        values = {k: col[j] for k, col in self.values.items() if col[j] is not None}
        return Row(excel_row, values, list(self.problems.get(j, ())), frozenset(self.failed.get(j, ())), self.extra(j))

    def extra(self, j: int) -> dict | None:
        return {h: col[j] for h, col in zip(self.extra_headers, self.extra_values) if col[j] is not _EMPTY} or None


def _field_columns(p: _SheetParser, conv: _Converted) -> _Columns | None:
    """What assemble() makes of each row, as columns; None when two columns map to one field."""
    numbers, fields, extras, converted = conv
    keys = [c.field for c in fields]
    if len(set(keys)) != len(keys):
        return None
    n = len(numbers)
    problems: dict[int, list[tuple[str | None, str]]] = {}
    failed: dict[int, set[str]] = {}
    values: dict[str, list] = {}
    for c, (out, empties, bad) in zip(fields, converted[: len(fields)]):
        for j in bad:
            problems.setdefault(j, []).append(_cell_problem(c, out[j]))
            failed.setdefault(j, set()).add(c.field)
        if empties or bad:
            out = list(out)     # a copy: the row-by-row path may still read the converted column
            for j in itertools.chain(empties, bad):
                out[j] = None
        values[c.field] = out
    # Year/township/village/county from the upload options or the sheet when no column has it: as assemble() does
    # row by row, and the sources noted in the order that row-by-row noting would give.
    noted: list[tuple[int, int, str, str]] = []
    for pos, (key, want) in enumerate(p._fill()):
        col = values.get(key)
        given = (want, "上传时指定") if want is not None else p.context.get(key)
        if col is None:
            if given is not None:
                values[key] = [given[0]] * n
                noted.append((0, pos, key, given[1]))
            continue
        header = p.cols[key].header
        if given is None:
            first = next((j for j, x in enumerate(col) if x is not None), None)
        else:
            first = next((j for j, x in enumerate(col) if x is None or want is None or x == want), None)
        if first is not None:
            noted.append((first, pos, key, f"“{header}”列" if col[first] is not None else given[1]))
        if want is not None:
            label = p.kind.fields[key].label
            for j, x in enumerate(col):
                if x is not None and x != want:
                    problems.setdefault(j, []).append((header, f"本行{label}为“{x}”，与上传时指定的“{want}”不一致"))
        if given is not None and None in col:
            values[key] = [given[0] if x is None else x for x in col]
    for _, _, key, source in sorted(noted):
        p.report.sources.setdefault(key, source)
    causes = values.get("main_cause")
    if causes is not None:
        # 因病、因残: the first is the main cause, the others join 其他致贫原因.
        others = values.get("other_causes")
        main = [None if c is None else c[0] if c else None for c in causes]
        several = [j for j, c in enumerate(causes) if c is not None and len(c) > 1]
        if several:
            others = values["other_causes"] = [None] * n if others is None else list(others)
        for j in several:
            others[j] = list(dict.fromkeys(causes[j][1:] + (others[j] or [])))
        values["main_cause"] = main
    return _Columns(values, problems, failed, [c.header for c in extras],
                    [out for out, _, _ in converted[len(fields):]])


def _households_columnar(p: _SheetParser, parsed: Parsed, seen_ids: dict[tuple, tuple[str, int]], conv: _Converted,
                         households: Records, persons: Records | None) -> bool:
    """The households of a sheet found and checked over whole columns; False (nothing done) when the sheet needs the
    row-by-row grouping.

    Rows are grouped by (year, 户编号) in numpy; a household whose rows are all clean (no cell problem, a head, every
    ID number there and met once) is accepted as a whole. The others — a row with a problem, no head, an ID number
    missing, or met twice in the sheet or in an earlier sheet — take _check_household, in the households' order, which
    words their errors exactly as the row-by-row path. The accepted households and their members are then taken from
    the columns as Arrow arrays."""
    cols = _field_columns(p, conv)
    if cols is None:
        return False
    numbers = conv.numbers
    n = len(numbers)
    roster = p.header.roster
    values = cols.values
    nothing = [None] * n
    year = values.get("year", nothing)
    try:
        arrays = {k: pa.array(values[k], _RECORD_TYPES.get(p.kind.fields[k].type, pa.string())) for k in values}
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return False    # a value no column type holds: the row-by-row records, which the commit refuses
    if roster:
        hid = values.get("household_id")
        if hid is None or arrays["household_id"].null_count or arrays.get("year", pa.nulls(1)).null_count:
            return False
        # Each row's household as the row number of the household's first row, then numbered in that order.
        index: dict[tuple, int] = {}
        first = np.fromiter(map(index.setdefault, zip(year, hid), itertools.count()), np.int64, n)
        del index
        _, g = np.unique(first, return_inverse=True)
        groups = int(g.max()) + 1
        relation = values.get("relation", nothing)
        heads_of = {x: fold(x or "") in _HEAD_RELATIONS for x in set(relation)}
        is_head = np.fromiter(map(heads_of.__getitem__, relation), bool, n)
        first_head = np.full(groups, n, np.int64)
        np.minimum.at(first_head, g[is_head], np.flatnonzero(is_head))
        has_head = first_head < n
        head = np.where(has_head, first_head, 0)
        member_id = values.get("member_id_number", nothing)
    else:
        g = np.arange(n)
        groups = n
        has_head = np.ones(n, bool)
        head = g
        member_id = None
    p.report.rows_read += n
    parsed.rows_read += n
    members = np.bincount(g, minlength=groups)
    # The head's name and ID number: a roster's head row's member columns, else the household columns.
    head_id = arrays.get("head_id_number", pa.nulls(n, pa.string())).take(pa.array(head))
    head_name = arrays.get("head_name", pa.nulls(n, pa.string())).take(pa.array(head))
    if roster:
        mid = arrays.get("member_id_number", pa.nulls(n, pa.string())).take(pa.array(head))
        head_id = pc.coalesce(mid, head_id)
        head_name = pc.coalesce(arrays.get("member_name", pa.nulls(n, pa.string())).take(pa.array(head)), head_name)
    # Households the column checks cannot accept whole.
    year_arr = arrays.get("year", pa.nulls(n, pa.int64()))
    unsure = ~has_head | pc.is_null(head_id).to_numpy(zero_copy_only=False)
    if not roster:
        unsure |= pc.is_null(year_arr).to_numpy(zero_copy_only=False)
    if cols.problems:
        unsure[g[np.fromiter(cols.problems, np.int64)]] = True
    ids = arrays["member_id_number"] if roster and "member_id_number" in arrays else head_id if not roster else None
    if roster and ids is None:
        unsure[:] = True
    elif ids is not None:
        if roster:
            unsure[g[pc.is_null(ids).to_numpy(zero_copy_only=False)]] = True
        # An ID number met twice in a year (a household's own year: its head's), or met in an earlier sheet.
        codes = pc.fill_null(pc.dictionary_encode(ids).indices, 0).to_numpy().astype(np.int64)
        year_codes = pc.fill_null(pc.dictionary_encode(pc.fill_null(year_arr, 0)).indices, 0).to_numpy().astype(np.int64)
        key = np.where(pc.is_null(ids).to_numpy(zero_copy_only=False), -1 - np.arange(n), codes * 4096 + year_codes)
        _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        twice = counts[inverse] > 1
        if seen_ids:
            twice |= np.fromiter(((y, m) in seen_ids for y, m in zip(year, ids.to_pylist())), bool, n)
        rows_twice = np.flatnonzero(twice)
        unsure[g[rows_twice] if roster else rows_twice] = True
    # The unsure households, in order, row by row: their errors as the row-by-row path words them.
    rejected = np.zeros(groups, bool)
    unsure_groups = np.flatnonzero(unsure)
    if len(unsure_groups):
        rows_of: dict[int, list[int]] = {k: [] for k in unsure_groups.tolist()}
        in_unsure = np.flatnonzero(unsure[g])
        for j, k in zip(in_unsure.tolist(), g[in_unsure].tolist()):
            rows_of[k].append(j)
        for k in unsure_groups.tolist():
            group = [cols.row(j, numbers[j]) for j in rows_of[k]]
            head_row = next((r for r in group if _is_head(r)), None) if roster else group[0]
            if _check_household(p, parsed, group, head_row, seen_ids) is None:
                rejected[k] = True
    accepted = np.flatnonzero(~rejected)
    # The households whose ID numbers no check looked up: registered for the sheets after this one.
    clean = np.flatnonzero(~unsure)
    if len(clean) and ids is not None:
        sheet = p.sheet.name
        if roster:
            in_clean = np.flatnonzero(~unsure[g])
            id_list = ids.take(pa.array(in_clean)).to_pylist()
            seen_ids.update(((y, m), (sheet, numbers[j])) for j, y, m in
                            zip(in_clean.tolist(), np.asarray(year, dtype=object)[in_clean].tolist(), id_list))
        else:
            id_list = head_id.take(pa.array(clean)).to_pylist()
            seen_ids.update(((y, m), (sheet, numbers[j])) for j, y, m in
                            zip(clean.tolist(), np.asarray(year, dtype=object)[clean].tolist(), id_list))
    if not len(accepted):
        return True
    heads = pa.array(head[accepted])
    source_row = pa.array(np.asarray(numbers, np.int64)[head[accepted]])
    columns: dict[str, pa.Array] = {}
    for k in _household_keys(p.kind):
        if k == "head_id_number":
            columns[k] = head_id.take(pa.array(accepted))
        elif k == "head_name":
            columns[k] = head_name.take(pa.array(accepted))
        elif k in arrays:
            columns[k] = arrays[k].take(heads)
        else:
            columns[k] = pa.nulls(len(accepted), _RECORD_TYPES.get(p.kind.fields[k].type, pa.string()))
    if roster:
        size = columns["household_size"].to_numpy(zero_copy_only=False)
        counted = members[accepted]
        given_size = ~pc.is_null(columns["household_size"]).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(given_size & (np.nan_to_num(size.astype(float), nan=-1) != counted)).tolist():
            p.warn(int(source_row[i].as_py()), _col(p, "household_size"), _size_differs(int(size[i]), int(counted[i])))
        columns["household_size"] = pc.coalesce(columns["household_size"], pa.array(counted, pa.int64()))
    if "status" in columns and columns["status"].null_count:
        ey, yr = columns["exit_year"].to_pylist(), columns["year"].to_pylist()
        derived = pa.array([_status(e, y) for e, y in zip(ey, yr)], pa.string())
        columns["status"] = pc.coalesce(columns["status"], derived)
    columns["source_sheet"] = pa.array([p.sheet.name] * len(accepted), pa.string())
    columns["source_row"] = source_row
    extra = None
    if cols.extra_headers:
        extra = [cols.extra(j) for j in head[accepted].tolist()]
    households.add_chunk(Chunk(pa.table(columns), extra))
    if p.opts.progress:
        p.opts.progress(0.9, f"正在检查工作表“{p.sheet.name}”")
    if persons is not None:
        person_rows = np.flatnonzero(~rejected[g])
        person_rows = person_rows[np.argsort(g[person_rows], kind="stable")]
        of_head = pa.array(head[g[person_rows]])
        rows = pa.array(person_rows)
        person = {k: arrays[k].take(of_head) if k in arrays else pa.nulls(len(person_rows), pa.string())
                  for k in ("year", "county", "township", "village")}
        person["household_key"] = head_id.take(pa.array(g[person_rows]))
        for name, k in (("name", "member_name"), ("id_number", "member_id_number"), ("relation", "relation")):
            person[name] = arrays[k].take(rows) if k in arrays else pa.nulls(len(person_rows), pa.string())
        person["source_sheet"] = pa.array([p.sheet.name] * len(person_rows), pa.string())
        person["source_row"] = pa.array(np.asarray(numbers, np.int64)[person_rows])
        persons.add_chunk(Chunk(pa.table(person)))
    return True


# The household fields of a monitoring export (on every member's row; the head's row is taken), its person fields,
# the risk columns in order and the 帮扶 columns (measure_*: the household's measures, in the export's order).
_RISKS = ("risk_1", "risk_2", "risk_3", "risk_4", "risk_5")
_PERSON_FIELDS = ("name", "id_number", "id_type", "relation", "sex", "birth_date", "ethnicity", "education",
                  "schooling", "health", "labour_skill", "phone")
_AREA_FIELDS = ("year", "county", "township", "village")


def _parse_monitoring(p: _SheetParser, parsed: Parsed, seen_ids: dict[tuple, tuple[str, int]]) -> None:
    """The monitoring system's person-level export (监测对象信息 / 脱贫人口信息) into monitor_households and
    monitor_persons: one household per (户编号, year), its members with their attributes.

    A household whose rows have any error is rejected whole (its figures would be wrong otherwise); an ID number
    twice in a year, or a 户编号 met again in another sheet of the same year, is a row error."""
    groups: dict[tuple, list[Row]] = {}
    for row in p.rows():
        p.report.rows_read += 1
        parsed.rows_read += 1
        groups.setdefault((row.values.get("year"), row.values.get("household_id")), []).append(row)
    households = parsed.records.setdefault("monitor_households", [])
    persons = parsed.records.setdefault("monitor_persons", [])
    fields = p.kind.fields
    household_keys = [k for k in fields if k not in _PERSON_FIELDS and k not in _RISKS
                      and not k.startswith("measure_")]
    measure_keys = sorted((k for k in p.cols if k.startswith("measure_")), key=lambda k: p.cols[k].index)
    for (year, hid), group in groups.items():
        row_problems = {g.excel_row: list(g.problems) for g in group}
        heads = [g for g in group if _is_head(g)]
        if hid is None:
            for g in group:
                if "household_id" not in g.failed:
                    row_problems[g.excel_row].append((_col(p, "household_id"), "缺少户编号，无法确定所属的户"))
        elif not heads:
            for g in group:
                row_problems[g.excel_row].append((_col(p, "relation"), "本户没有“与户主关系”为“户主”的行，无法确定户主"))
        elif len(heads) > 1:
            for g in heads:
                row_problems[g.excel_row].append((_col(p, "relation"), f"户编号“{hid}”有{len(heads)}行“与户主关系”为“户主”"))
        head_row_of = heads[0] if heads else group[0]
        head_row, head = head_row_of.excel_row, head_row_of.values
        if year is None and "year" not in head_row_of.failed:
            row_problems[head_row].append((None, _year_missing(p.kind)))
        if hid is not None and ("户", year, head.get("county"), hid) in seen_ids:
            sheet, r0 = seen_ids["户", year, head.get("county"), hid]
            row_problems[head_row].append((_col(p, "household_id"), f"户编号“{hid}”与工作表“{sheet}”第{r0}行的户重复"))
        for r, rec, _, failed, _ in group:
            mid = rec.get("id_number")
            if mid is None:
                if "id_number" not in failed:
                    row_problems[r].append((_col(p, "id_number"), "缺少证件号码"))
            elif (year, mid) in seen_ids:
                sheet, r0 = seen_ids[year, mid]
                row_problems[r].append((_col(p, "id_number"), f"证件号码与工作表“{sheet}”第{r0}行重复（同一年每人只能有一行）"))
            else:
                seen_ids[year, mid] = (p.sheet.name, r)
        if _reject_household(p, parsed, group, row_problems):
            continue
        seen_ids["户", year, head.get("county"), hid] = (p.sheet.name, head_row)
        household = {k: head.get(k) for k in household_keys}
        household["head_name"], household["head_id_number"] = head.get("name"), head.get("id_number")
        household["risks"] = [head[k] for k in _RISKS if head.get(k) is not None] or None
        filled = [(fields[k].label, head[k]) for k in measure_keys if head.get(k) is not None and _received(head[k])]
        household["measures"] = [name for name, _ in filled] or None
        household["measure_details"] = [str(detail) for _, detail in filled] or None
        size = head.get("household_size")
        if size is None:
            household["household_size"] = len(group)
        elif size != len(group):
            p.warn(head_row, _col(p, "household_size"), f"家庭人口数为{size}人，但本户有{len(group)}行成员（疑点）")
        household["source_sheet"], household["source_row"] = p.sheet.name, head_row
        if head_row_of.extra:
            household["_extra"] = head_row_of.extra
        households.append(household)
        for r, rec, *_ in group:
            person = {k: head.get(k) for k in _AREA_FIELDS}
            person.update({k: rec.get(k) for k in _PERSON_FIELDS})
            person["household_id"] = hid
            person["source_sheet"], person["source_row"] = p.sheet.name, r
            persons.append(person)
    for table in ("monitor_households", "monitor_persons"):
        if not parsed.records[table]:
            del parsed.records[table]


def _received(detail: object) -> bool:
    """A 帮扶 cell that says the household received the measure (text such as 低保, 是), not 否/无."""
    return not (isinstance(detail, str) and fold(detail) in catalog().false_words)


def _col(p: _SheetParser, key: str) -> str | None:
    c = p.cols.get(key)
    return c.header if c else p.kind.fields[key].label if key in p.kind.fields else None


def _parse_simple(p: _SheetParser, parsed: Parsed, seen_rows: dict[tuple, tuple[str, int]]) -> None:
    """Villages, projects, measures and areas: one row, one record.

    A kind with `one_row_per` in fields.yaml (a village per year, an area per year and level) has one row per
    value: the same value again, in one sheet or another, is a row error naming the first row, never a second
    village of one name (its 农业户籍人口 would count twice) or a second figure for one area."""
    kind = p.kind.key
    unique = p.kind.one_row_per
    # A 计划外出务工信息 without a 是否已务工 column lists planned jobs, not jobs held.
    planned = kind == "migrant_work" and "employed" not in p.cols and "计划外出务工" in "".join(
        [p.sheet.name, p.parsed.file_name, *(str(c) for r in p.sheet.rows[: p.header.first_row] for c in r if c)])
    for excel_row, rec, problems, failed, extra in p.rows():
        p.report.rows_read += 1
        parsed.rows_read += 1
        if extra:
            rec["_extra"] = extra     # shown in the preview beside the row (未导入), never imported
        if p.kind.place_fields and rec.get("area") is None:
            _place_as_area(p.kind, rec)
        if rec.get("year") is None and "year" in p.kind.fields and "year" not in failed:
            problems.append((None, _year_missing(p.kind)))
        for key in p.kind.required:
            if rec.get(key) is None and key not in failed:
                problems.append((_col(p, key), f"缺少{p.kind.fields[key].label}"))
        if (kind == "measures" and rec.get("head_id_number") is None and rec.get("household_id") is None
                and "head_id_number" not in failed):
            problems.append((_col(p, "head_id_number"), "缺少户主身份证号或户编号，无法对应到户"))
        key = tuple(rec.get(f) for f in unique)
        if unique and not problems and key in seen_rows:
            sheet, r = seen_rows[key]
            problems.append(_repeated_row(p, rec, sheet, r))
        if problems:
            for column, message in problems:
                p.error(excel_row, column, message)
            p.report.rows_rejected += 1
            parsed.rows_rejected += 1
            continue
        rec["source_sheet"], rec["source_row"] = p.sheet.name, excel_row
        if planned:
            rec["employed"] = False
        if unique:
            seen_rows[key] = (p.sheet.name, excel_row)
        if kind == "projects":
            whole, named = rec.pop("villages", (False, []))
            rec["villages_text"] = "、".join((["全乡镇"] if whole else []) + named)
            rec["_whole_township"], rec["_villages"] = whole, named
        parsed.records.setdefault(p.kind.table, []).append(rec)


def _place_as_area(kind: Kind, rec: dict) -> None:
    """A summary table's row named by place columns: its 地区 is the finest place named, its 层级 that place's."""
    for key in reversed(list(kind.place_fields)):
        if rec.get(key):
            rec["area"] = rec[key]
            if rec.get("level") is None:
                rec["level"] = kind.place_fields[key]
            return


def _repeated_row(p: _SheetParser, rec: dict, sheet: str, row: int) -> tuple[str | None, str]:
    """The row error of a second row for one village (or area) and year."""
    year = f"{rec['year']}年" if rec.get("year") is not None else ""
    if p.kind.key == "villages":
        return _col(p, "village"), (f"{rec.get('township') or ''}{rec.get('village')}{year}与工作表“{sheet}”第{row}行"
                                    f"重复（每个村每年一行）")
    if p.kind.key == "household_info":
        return _col(p, "household_id"), f"户编号“{rec.get('household_id')}”{year}与工作表“{sheet}”第{row}行重复（每户每年一行）"
    place = "".join(rec.get(k) or "" for k in ("county", "township", "village")) or rec.get("area")
    return _col(p, "area"), f"{place}{year}与工作表“{sheet}”第{row}行重复（每个地区每年一行）"


def _is_head(row: Row) -> bool:
    return fold(row.values.get("relation") or "") in _HEAD_RELATIONS


def _head(group: list[Row]) -> Row | None:
    """A roster household's head: its first row whose 与户主关系 is 户主 (本人), or None."""
    return next((g for g in group if _is_head(g)), None)


def _reject_household(p: "_SheetParser", parsed: Parsed, group: list[Row], row_problems: dict) -> bool:
    """A household with a problem on any of its rows is rejected whole: each problem on its row, the household's other
    rows told why they were not imported. True when it was rejected."""
    bad = {r for r, problems in row_problems.items() if problems}
    if not bad:
        return False
    for r, *_ in group:
        for column, message in row_problems[r]:
            p.error(r, column, message)
        if r not in bad:
            p.error(r, None, "同户其他行有错误，本户暂未导入")
    p.report.rows_rejected += len(group)
    parsed.rows_rejected += len(group)
    return True


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while millions of records are built.

    The records form no reference cycles, but every collection walks all of them: on a
    1 000 000-row roster that is a fifth of the parse time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_sheets(sheets: list[RawSheet], file_name: str, sha256: str, opts: Options) -> Parsed:
    """Check every sheet. The data rows of the sheets are consumed (freed as they are converted)."""
    with _gc_paused():
        return _parse_sheets(sheets, file_name, sha256, opts)


def _parse_sheets(sheets: list[RawSheet], file_name: str, sha256: str, opts: Options) -> Parsed:
    cat = catalog()
    parsed = Parsed(file_name=file_name, sha256=sha256, kind=opts.kind)
    seen_ids: dict[tuple, tuple[str, int]] = {}          # (year, ID number) of households and persons
    seen_rows: dict[tuple, tuple[str, int]] = {}         # the one_row_per values of villages and areas
    kinds_found: Counter[str] = Counter()
    given = opts
    for sheet in sheets:
        opts = _with_layout(given, sheet, parsed)
        if sheet.hidden:
            parsed.warnings.append(Issue(sheet.name, None, None, f"工作表“{sheet.name}”是隐藏的，已忽略"))
            parsed.sheets.append(SheetReport(sheet.name, None, None, [], skipped="隐藏工作表"))
            continue
        overrides = opts.overrides_for(sheet.name)
        kind_key, _ = detect_kind(sheet.rows, opts.kind or parsed.kind, overrides,
                                  lenient=bool(opts.kind or overrides), first_row=_first_row(opts),
                                  chosen=opts.choose_kind and bool(opts.kind))
        if kind_key is None:
            other, _ = detect_kind(sheet.rows, None, overrides) if (opts.kind or parsed.kind) else (None, None)
            if other:
                label, mine = cat.kinds[other].label, cat.kinds[opts.kind or parsed.kind].label
                parsed.warnings.append(Issue(sheet.name, None, None,
                                             f"工作表“{sheet.name}”是{label}，与本文件的{mine}不是同一类台账，已跳过；请单独上传"))
                parsed.sheets.append(SheetReport(sheet.name, other, None, [], skipped=f"另一类台账（{label}）"))
                continue
            if any(any(str(c).strip() for c in r) for r in sheet.rows):
                parsed.warnings.append(Issue(sheet.name, None, None, f"工作表“{sheet.name}”中没有找到台账表头，已跳过"))
            parsed.sheets.append(SheetReport(sheet.name, None, None, [], skipped="没有台账表头"))
            continue
        if parsed.kind is None:
            parsed.kind = kind_key
        kinds_found[kind_key] += 1
        p = _SheetParser(parsed, sheet, cat.kinds[kind_key], opts)
        for problem in p.header.problems:
            p.warn(p.header.first_row + 1, None, problem)
        if kind_key == "households":
            _parse_households(p, parsed, seen_ids)
        elif kind_key == "monitoring":
            _parse_monitoring(p, parsed, seen_ids)
        else:
            _parse_simple(p, parsed, seen_rows)
        parsed.sheets.append(p.report)
    if parsed.kind is None or not kinds_found:
        seen = "、".join(dict.fromkeys(t for sh in sheets if not sh.hidden for t in header_texts(sh.rows)[:12]))
        seen = f"文件中的表头为：{seen}。" if seen else ""
        if given.kind:
            k = cat.kinds[given.kind]
            expected = "、".join(k.fields[f].label for f in (*k.required, *k.signature[:5]))
            parsed.message = (f"文件“{file_name}”中没有找到{k.label}的表头。{k.label}至少应有“{k.fields[k.required[0]].label}”列，"
                              f"并有如下列中的一列以上：{expected}。{seen}请检查表头或所选台账类型。")
        else:
            kinds = "；".join(
                f"{k.label}（如{'、'.join(k.fields[f].label for f in (*k.required, *k.signature[:3]))}）"
                for k in cat.kinds.values()
            )
            parsed.message = (f"无法识别文件“{file_name}”的台账类型：表头与任何一种台账都不符。{seen}"
                              f"支持的台账：{kinds}。")
            # A header was found: the preview lets the analyst choose the kind and map the columns.
            parsed.kind_unclear = bool(seen)
    elif parsed.rows_read == 0:
        parsed.message = f"文件“{file_name}”的表头下面没有数据行。"
    if parsed.message:
        parsed.message = mask_numbers(parsed.message)    # it may quote header cells
    return parsed


def parse_file(source: Path | bytes, file_name: str | None = None, opts: Options | None = None) -> Parsed:
    """Read and check one file; never raises for bad input (see Parsed.message and .errors)."""
    opts = opts or Options()
    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes() if Path(source).stat().st_size <= read.MAX_FILE_BYTES else b""
        file_name = file_name or Path(source).name
    else:
        data = source
        file_name = file_name or "上传文件"
    sha = hashlib.sha256(data).hexdigest()
    try:
        sheets = read_workbook(source if not data else data, file_name)
    except Unreadable as exc:
        return Parsed(file_name=file_name, sha256=sha, kind=opts.kind, message=str(exc))
    del data    # a large file's bytes are not needed while its rows are checked
    return parse_sheets(sheets, file_name, sha, opts)
