"""What the 数据上传 page shows and does, without Streamlit: preview, mapping, error workbook,
commit, history and undo. The page only lays these out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ledgerboard import auditlog, faults, idnumber, layouts
from ledgerboard.exports import append_row, file_name, sheet_title, workbook_bytes
from ledgerboard.fields import catalog
from ledgerboard.importer import (ImportGroup, Options, Parsed, Replacement, UndoRefused, parse_file, replacement,
                                  undo)
from ledgerboard.importer.commit import ALL_TABLES, CommitRefused, assign_county, commit
from ledgerboard.importer.read import Unreadable, read_workbook
from ledgerboard.importer.records import column
from ledgerboard.sanitize import mask_numbers, mask_value
from ledgerboard.store import KIND_TABLES, Store, statement

AUTO = "自动识别"
NOT_IMPORTED = "（不导入）"
SAMPLE_ROWS = 10
MAPPING_DROPDOWNS = 30      # wider sheets get the column mapping as one table of dropdowns
UNMAPPED_LISTED = 12        # unmapped columns named in the preview's notice
_REJECTED_FILL = PatternFill("solid", fgColor="F8CBAD")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NAME_FIELDS = {"head_name", "member_name", "helper", "name"}


def kind_options() -> dict[str, str | None]:
    """Choice label → kind key (None: detect from the headers)."""
    return {AUTO: None, **{k.label: key for key, k in catalog().kinds.items()}}


def kind_label(kind: str | None) -> str:
    return catalog().kinds[kind].label if kind in catalog().kinds else "未识别"


@dataclass
class FilePreview:
    """One uploaded file after the dry run."""
    name: str
    data: bytes
    parsed: Parsed
    replaced: dict[str, int] = field(default_factory=dict)   # earlier file name → live rows replaced
    replacement: Replacement | None = None                   # what the import replaces, in words
    replace_township: bool = False                           # the user asked to replace the whole township
    confirmed: bool = False     # the analyst chose the kind or columns (or a saved layout mapped it): remembered

    @property
    def ok(self) -> bool:
        return not self.parsed.refused and self.parsed.rows_imported > 0


def preview_file(store: Store, name: str, data: bytes, opts: Options, replace_township: bool = False,
                 accept=None) -> FilePreview:
    """The dry run of one file. `accept` (auth.import_check of the account) refuses a file outside the account's
    scope here, in the preview, before 导入 is offered and before anything about the places it would replace is said."""
    if opts.find_layout is None:
        opts = dataclasses.replace(opts, find_layout=layouts.finder(store))
    parsed = parse_file(data, name, opts)
    assign_county(store, parsed)
    if accept is not None and not parsed.refused and (refusal := accept(parsed)):
        parsed.message = refusal
    plan = replacement(store, parsed, replace_township, origin="upload") if not parsed.refused else None
    return FilePreview(name=name, data=data, parsed=parsed, replaced=plan.by_file if plan else {}, replacement=plan,
                       replace_township=replace_township)


def counts_text(p: Parsed, unmapped: int | None = None) -> str:
    """读取/可导入/有误 rows; with `unmapped`, the columns that will not be imported beside them (the preview)."""
    text = f"读取{p.rows_read}行，可导入{p.rows_imported}行，有误{p.rows_rejected}行"
    if unmapped is not None:
        text += f"，未对应{unmapped}列"
    if p.kind == "households":
        text += f"（{p.count('households')}户"
        text += f"、{p.count('persons')}人）" if p.count("persons") else "）"
    elif p.kind == "monitoring":
        text += f"（{p.count('monitor_households')}户、{p.count('monitor_persons')}人）"
    return text


def header_rows_text(p: Parsed) -> str:
    parts = []
    for s in p.sheets:
        if s.header_rows:
            a, b = s.header_rows
            rows = f"第{a}行" if a == b else f"第{a}–{b}行"
            parts.append(f"工作表“{s.name}”表头在{rows}" + ("（花名册：每人一行）" if s.roster else ""))
    return "；".join(parts)


def sources_text(p: Parsed) -> str:
    names = {"year": "年度", "township": "乡镇", "village": "村", "county": "县"}
    out = []
    for s in p.sheets:
        if s.sources:
            out.append(f"工作表“{s.name}”：" + "，".join(f"{names.get(k, k)}取自{v}" for k, v in s.sources.items()))
    return "；".join(out)


def era_columns_text(p: Parsed) -> str | None:
    """A monitoring export's columns of the era, as found ('致贫/返贫风险：致贫/返贫风险1、致贫/返贫风险2；风险消除方式：
    风险消除方式；帮扶措施：综合保障、产业帮扶（5列）'), saying which are missing; None for other kinds."""
    found = p.era_columns()
    if not found:
        return None
    def listed(headers: list[str], what: str) -> str:
        return f"{what}：" + ("、".join(headers) + (f"（{len(headers)}列）" if len(headers) > 2 else "")
                              if headers else "未找到")
    return "监测信息列：" + "；".join([listed(found["risks"], "致贫/返贫风险"),
                                    listed(found["elimination_method"], "风险消除方式"),
                                    listed(found["measures"], "帮扶措施")]) + "。"


def replacement_text(fp: FilePreview) -> str | None:
    if fp.replacement is not None and (fp.parsed.kind == "households" or fp.replacement.demo_aside):
        return fp.replacement.text + "（可在导入历史中撤销）。"
    if not fp.replaced:
        return None
    kind = kind_label(fp.parsed.kind)
    parts = "、".join(f"“{name}”的{n}行" for name, n in fp.replaced.items())
    return f"导入后将替换库中同年度、同乡镇的{kind}：{parts}（可在导入历史中撤销）。"


# Mapping -------------------------------------------------------------------------------------
def field_choices(kind: str) -> dict[str, str | None]:
    """Dropdown label → field key for one kind; the roster fields only make sense in rosters."""
    k = catalog().kinds[kind]
    out: dict[str, str | None] = {NOT_IMPORTED: None}
    for key, f in k.fields.items():
        out[f"{f.label}（{f.unit}）" if f.unit else f.label] = key
    return out


def choice_of(kind: str, key: str | None) -> str:
    return next(label for label, k in field_choices(kind).items() if k == key)


def mapping_items(p: Parsed) -> list[dict]:
    """One entry per distinct original header over all sheets: {header, column, field, suggestion, ignored, roster,
    sheets}. `suggestion`: the field an unrecognised header looks like; `ignored`: a row-number column (序号)."""
    items: dict[str, dict] = {}
    for s in p.sheets:
        for m in s.mapping:
            item = items.setdefault(m["header"], {"header": m["header"], "column": m["column"], "field": m["field"],
                                                  "suggestion": m.get("suggestion"), "ignored": m.get("ignored", False),
                                                  "roster": s.roster, "sheets": []})
            item["sheets"].append(s.name)
    return list(items.values())


def default_choices(p: Parsed) -> dict[str, str]:
    """Original header → the dropdown label the importer chose by itself."""
    return {i["header"]: choice_of(p.kind, i["field"]) if p.kind else NOT_IMPORTED for i in mapping_items(p)}


def unmapped_items(p: Parsed, chosen: dict[str, str]) -> list[dict]:
    """The columns whose data will not be imported with these choices (a 序号 column is no data)."""
    return [i for i in mapping_items(p) if not i["ignored"] and chosen.get(i["header"], NOT_IMPORTED) == NOT_IMPORTED]


def suggestion_label(p: Parsed, item: dict) -> str | None:
    return choice_of(p.kind, item["suggestion"]) if item.get("suggestion") and p.kind else None


def suggested_choices(p: Parsed, chosen: dict[str, str]) -> dict[str, str]:
    """Original header → suggested label, for the unmapped columns that have a suggestion no other column took."""
    taken = set(chosen.values()) - {NOT_IMPORTED}
    out = {}
    for i in unmapped_items(p, chosen):
        label = suggestion_label(p, i)
        if label and label not in taken:
            out[i["header"]] = label
            taken.add(label)
    return out


def unmapped_text(p: Parsed, chosen: dict[str, str]) -> str | None:
    """'未对应2列，不会导入：G列“家庭总人口”（像是“家庭人口数”）、H列“备注”。' or None."""
    items = unmapped_items(p, chosen)
    if not items:
        return None
    suggested = suggested_choices(p, chosen)
    # Those with a suggestion first; a wide sheet's list stops after a dozen.
    shown = sorted(items, key=lambda i: i["header"] not in suggested)[:UNMAPPED_LISTED]
    parts = [f"{i['column']}列“{i['header']}”" + (f"（像是“{suggested[i['header']]}”）" if i["header"] in suggested else "")
             for i in shown]
    more = f"等{len(items)}列" if len(items) > len(shown) else ""
    return f"未对应{len(items)}列，这些列的数据不会导入：{'、'.join(parts)}{more}。"


def option_order(p: Parsed, chosen: dict[str, str], header: str) -> list[str]:
    """The dropdown of one column: 不导入, the field suggested for it, the fields no column has yet, then the rest.
    The dropdown shows about eight entries before it scrolls (Streamlit's fixed list height); the likely ones come
    first, and typing filters the list."""
    labels = list(field_choices(p.kind))
    others = {label for h, label in chosen.items() if h != header} - {NOT_IMPORTED}
    first = [NOT_IMPORTED] + [label for h, label in suggested_choices(p, chosen).items() if h == header]
    free = [label for label in labels if label not in others and label not in first]
    return first + free + [label for label in labels if label in others and label not in first]


# A field that stands in for a required one: in a roster (花名册) the head's ID is the 证件号码 on the 户主 row.
_STANDS_FOR = {"member_id_number": "head_id_number"}


# Every population figure needs 家庭人口数, or member rows (a roster) to count the people from: a households
# ledger with neither is not imported with its people silently missing.
_POPULATION = {"households": ("household_size", ("member_id_number", "member_name", "relation"))}


def _required(kind_key: str) -> tuple[str, ...]:
    kind = catalog().kinds[kind_key]
    return (*kind.required, *((_POPULATION[kind_key][0],) if kind_key in _POPULATION else ()))


def missing_required(p: Parsed, chosen: dict[str, str]) -> list[str]:
    """Labels of the required fields of the file's kind that no column is chosen for (家庭人口数 in a households
    ledger without member rows included; a place column 县, 乡镇 or 村 stands in for the 地区 of a summary table)."""
    if not p.kind:
        return []
    kind = catalog().kinds[p.kind]
    choices = field_choices(p.kind)
    keys = {choices.get(label) for label in chosen.values()}
    keys |= {_STANDS_FOR[k] for k in keys if k in _STANDS_FOR}
    if p.kind in _POPULATION and keys & set(_POPULATION[p.kind][1]):
        keys.add(_POPULATION[p.kind][0])
    if kind.has_required(keys - {None}) and all(k in keys for k in _required(p.kind) if k not in kind.required):
        return []
    return [kind.fields[k].label for k in _required(p.kind) if k not in keys]


def cli_blocked_text(p: Parsed) -> str | None:
    """The preview's rule for `import` on the command line: why the file as mapped (headers, --map, a layout) cannot
    be imported, worded for --map; None when it can."""
    missing = missing_required(p, default_choices(p))
    if not missing:
        return None
    names = "、".join(f"“{m}”" for m in missing)
    text = f"“{p.file_name}”不能导入：{kind_label(p.kind)}必须有{names}列，但现在没有任何列对应{names}，整个文件未导入。"
    required = {_catalog_key(p.kind, m) for m in missing}
    looks = [i for i in unmapped_items(p, default_choices(p)) if i["suggestion"] in required]
    field = missing[0]
    if looks:
        i = looks[0]
        return text + f"{i['column']}列“{i['header']}”像是“{field}”：请加上 --map '{i['header']}={field}' 后重新导入。"
    return (text + f"表中有该数据的列时，请用 --map '原表头={field}' 指定；没有这一列时，请在原表中补上后重新导入"
                   "（花名册每人一行时，可由成员行计人数）。")


def _catalog_key(kind: str, label: str) -> str | None:
    return next((k for k, f in catalog().kinds[kind].fields.items() if f.label == label), None)


def blocked_text(file_name: str, p: Parsed, chosen: dict[str, str]) -> str | None:
    """Why this file cannot be imported with these choices, and what to do; None when it can."""
    missing = missing_required(p, chosen)
    if not missing:
        return None
    kind = kind_label(p.kind)
    names = "、".join(f"“{m}”" for m in missing)
    required = set(_required(p.kind))
    unmapped = unmapped_items(p, chosen)
    # The column the importer had matched to the field (the analyst changed it), else one that looks like it.
    was = [i for i in unmapped if _STANDS_FOR.get(i["field"], i["field"]) in required]
    looks = [i for i in unmapped if i["suggestion"] in required]
    text = f"“{file_name}”不能导入：{kind}必须有{names}列，但现在没有任何列对应{names}。"
    if was:
        i = was[0]
        return text + (f"请在下面的“列对应”中把{i['column']}列“{i['header']}”改回“{choice_of(p.kind, i['field'])}”"
                       f"（自动识别的对应），然后再导入。")
    if looks:
        i = looks[0]
        return text + f"{i['column']}列“{i['header']}”像是{names}：请在下面的“列对应”中把它选为{names}（或点“采用建议”），然后再导入。"
    return text + f"请在下面的“列对应”中把含该数据的列选为{names}；表中没有这一列时，请在原表中补上后重新上传。"


def mapping_frame(p: Parsed, chosen: dict[str, str] | None = None, shown: bool = False) -> pd.DataFrame:
    """The wide-sheet mapping table: 列, 原表头, 对应字段 (chosen or automatic) and 提示 (未对应, and the suggestion).
    `shown`: for the page, 原表头 with ID and phone numbers masked (edits come back by row, not by header)."""
    chosen = default_choices(p) if chosen is None else chosen
    suggested = suggested_choices(p, chosen) if p.kind else {}
    unmapped = {i["header"] for i in unmapped_items(p, chosen)} if p.kind else set()
    rows = [{"列": i["column"], "原表头": i["header"], "对应字段": chosen.get(i["header"], NOT_IMPORTED),
             "提示": ("未对应" + (f"，建议：{suggested[i['header']]}" if i["header"] in suggested else ""))
             if i["header"] in unmapped else ""} for i in mapping_items(p)]
    out = pd.DataFrame(rows, columns=["列", "原表头", "对应字段", "提示"])
    if shown:
        out["原表头"] = out["原表头"].map(mask_numbers)
    return out


UNMAPPED_STYLE = "background-color: #fde2c8; color: #8a3a00; font-weight: 600"


def highlight_unmapped(frame: pd.DataFrame):
    """The mapping table with the unmapped rows' 原表头 and 提示 filled orange (a pandas Styler)."""
    def row_style(row):
        on = UNMAPPED_STYLE if row["提示"] else ""
        return [on if c in ("原表头", "提示") else "" for c in frame.columns]
    return frame.style.apply(row_style, axis=1)


def choices_from_edits(mapping: pd.DataFrame, editor_state: dict | None) -> dict[str, str]:
    """Original header → chosen label, from mapping_frame and the edits of the table that shows it
    (Streamlit's data_editor state: {"edited_rows": {row: {"对应字段": label}}})."""
    chosen = dict(zip(mapping["原表头"], mapping["对应字段"]))
    for row, change in ((editor_state or {}).get("edited_rows") or {}).items():
        if "对应字段" in change and 0 <= int(row) < len(mapping):
            chosen[mapping["原表头"].iloc[int(row)]] = change["对应字段"]
    return chosen


def overrides_from_choices(p: Parsed, chosen: dict[str, str]) -> dict[str, dict[str, str | None]]:
    """The analyst's dropdown choices (original header → label) as Options.overrides for every sheet."""
    choices = field_choices(p.kind)
    auto = {i["header"]: i["field"] for i in mapping_items(p)}
    changed = {h: choices[label] for h, label in chosen.items() if label in choices and choices[label] != auto.get(h)}
    return {"*": changed} if changed else {}


# Kind, saved layouts, columns kept aside ------------------------------------------------------
def kind_choices() -> dict[str, str]:
    """The kinds an analyst may choose for a file whose kind was not recognised: label → key."""
    return {k.label: key for key, k in catalog().kinds.items()}


def unclear_kind_text(p: Parsed) -> str:
    return (f"未能从表头自动识别“{p.file_name}”的台账类型。请在下面选择它是哪一类台账，再核对各列的对应"
            f"（系统会给出建议）；必需的列没有对应时不能导入。")


def layout_text(p: Parsed) -> str | None:
    """'按上次“示范县2012年贫困村”的对应方式读取各列（每一列仍可修改）。' when a saved layout mapped the file."""
    if not p.layout:
        return None
    return f"按上次“{p.layout}”的对应方式读取各列（台账类型、表头行和每一列的对应都与上次相同，仍可修改）。"


def kept_aside_text(p: Parsed, chosen: dict[str, str] | None = None) -> str | None:
    """The columns no field takes, by name (never their values): they are kept aside, not imported."""
    names = [i["header"] for i in unmapped_items(p, chosen if chosen is not None else default_choices(p))]
    if not names:
        return None
    return f"以下{len(names)}列没有对应的字段，数据不导入（另行保留在原文件中）：{'、'.join(names)}。"


def remember_layouts(store: Store, previews: list[FilePreview], by: str | None) -> list[str]:
    """Save the mapping of each imported file the analyst confirmed, under its header signature: the next file with
    the same headers is mapped the same way. A Chinese line per layout saved."""
    lines = []
    done = store.query("import_history")
    imported = set(zip(done["sha256"][done["status"] == "active"], done["file_name"][done["status"] == "active"]))
    for fp in previews:
        if not fp.confirmed or not fp.ok or (fp.parsed.sha256, fp.parsed.file_name) not in imported:
            continue        # not imported (refused for the account's scope, or a value out of range): nothing learned
        try:
            names = layouts.save(store, fp.parsed, by=by)
        except layouts.LayoutError as exc:
            lines.append(f"“{fp.name}”的对应方式未保存：{exc}")
            continue
        lines.extend(f"已保存“{fp.name}”的对应方式为“{n}”：下次上传表头相同的文件时将按此对应（可在“管理”页改名或删除）。"
                     for n in names)
    return lines


# Rows as they will be stored -----------------------------------------------------------------
def _mask(key: str, value):
    if value is None:
        return None
    if key in _NAME_FIELDS:
        return idnumber.mask_name(str(value))
    if key in {"head_id_number", "member_id_number", "id_number", "household_key"}:
        return idnumber.mask(str(value))
    return value


def sample_frame(p: Parsed, limit: int = SAMPLE_ROWS) -> pd.DataFrame:
    """The first records as they will be stored, Chinese column names, personal data masked;
    columns kept aside (not imported) follow, marked 未导入."""
    if not p.kind or p.refused:
        return pd.DataFrame()
    kind = catalog().kinds[p.kind]
    table = kind.table
    records = p.records.get(table, [])[:limit]
    if not records:
        return pd.DataFrame()
    skip = {"relation", "member_name", "member_id_number"}
    keys = [k for k in kind.fields if k not in skip and any(r.get(k) not in (None, [], "") for r in records)]
    if p.kind == "projects":
        keys = [k for k in keys if k != "villages"]
    rows = []
    for r in records:
        row = {"行号": r.get("source_row")}
        for k in keys:
            v = _mask(k, r.get(k))
            if isinstance(v, list):
                v = "、".join(v)
            row[kind.fields[k].label] = v
        if p.kind == "projects":
            row["建设地点"] = r.get("villages_text")
        for h, v in (r.get("_extra") or {}).items():
            row[f"{h}（未导入）"] = v
        # Any column, mapped or not, may hold an ID or phone number (a guardian's ID in 备注, 联系电话).
        rows.append({mask_numbers(k): mask_value(v) for k, v in row.items()})
    columns = list(dict.fromkeys(k for row in rows for k in row))
    data = {}
    for col in columns:
        values = [row.get(col) for row in rows]
        present = [x for x in values if x is not None]
        whole = present and all(isinstance(x, int) and not isinstance(x, bool) for x in present)
        # years and counts stay whole numbers (2019, not 2019.0) beside empty cells; an empty cell is a missing
        # value, which the page shows empty (st.dataframe placeholder=""), never as "None"
        if whole:
            data[col] = pd.array(values, dtype="Int64")
        elif present and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in present):
            data[col] = pd.array(values, dtype="Float64")
        else:   # text: an empty cell is an empty text
            data[col] = pd.array(["" if x is None else x for x in values], dtype=object)
    df = pd.DataFrame(data)
    return df


def errors_frame(p: Parsed) -> pd.DataFrame:
    rows = [{"工作表": mask_numbers(e.sheet), "行号": e.row, "列": mask_numbers(e.column or ""), "问题": mask_numbers(e.message)}
            for e in p.errors]
    df = pd.DataFrame(rows, columns=["工作表", "行号", "列", "问题"])
    df["行号"] = df["行号"].astype("Int64")
    return df


def warnings_frame(p: Parsed) -> pd.DataFrame:
    """Warnings; 行号 stays a whole number and is empty (<NA>, shown empty) where a warning is about a whole sheet."""
    rows = [{"工作表": mask_numbers(w.sheet), "行号": w.row, "提示": mask_numbers(w.message)} for w in p.warnings]
    df = pd.DataFrame(rows, columns=["工作表", "行号", "提示"])
    df["行号"] = df["行号"].astype("Int64")
    return df


def errors_xlsx(fp: FilePreview) -> bytes:
    """The error list, then each sheet with errors copied with its original row numbers, the rejected
    rows filled red and the reasons in a last column: fix the original, upload again."""
    p = fp.parsed
    wb = Workbook()
    ws = wb.active
    ws.title = "错误清单"
    append_row(ws, ["工作表", "行号", "列", "问题"])
    for e in p.errors:
        append_row(ws, [e.sheet, e.row, e.column, e.message])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for letter, width in zip("ABCD", (16, 8, 20, 80)):
        ws.column_dimensions[letter].width = width
    reasons: dict[str, dict[int, list[str]]] = {}
    for e in p.errors:
        if e.row:
            reasons.setdefault(e.sheet, {}).setdefault(e.row, []).append(e.message)
    if reasons:
        try:
            sheets = {s.name: s for s in read_workbook(fp.data, fp.name)}
        except Unreadable:
            sheets = {}
        taken = {ws.title}
        for name, by_row in reasons.items():
            raw = sheets.get(name)
            if raw is None:
                continue
            # A sheet title is built from the uploaded sheet's name (a CSV's is its file name: "台账[2019]").
            out = wb.create_sheet(sheet_title(f"标注_{name}", taken))
            width = max((len(r) for r in raw.rows), default=0)
            for i, cells in enumerate(raw.rows, start=1):
                values = [_cell(c) for c in cells] + [None] * (width - len(cells))
                append_row(out, values + ["；".join(by_row[i])] if i in by_row else values)
                if i in by_row:
                    for cell in out[i]:
                        cell.fill = _REJECTED_FILL
            header = next((s.header_rows for s in p.sheets if s.name == name and s.header_rows), None)
            reason = out.cell(row=header[1] if header else 1, column=width + 1)
            reason.value, reason.font = "错误原因", Font(bold=True)
            out.column_dimensions[reason.column_letter].width = 60
    return workbook_bytes(wb)


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        # keep 18-digit numbers as they were typed, not as 5.3E+17
        return int(value)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def errors_file_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return f"{file_name(stem)}_错误清单.xlsx"


# Commit, history, undo -----------------------------------------------------------------------
def commit_previews(store: Store, previews: list[FilePreview], imported_by: str | None = None,
                    accept=None, address: str | None = None) -> list[str]:
    """Import every file that has rows to import; a Chinese line per file. The files of one upload are one import
    group: 撤销 undoes them together. `accept` (see importer.import_file) may refuse a file, e.g. rows outside the
    importing account's township; every import and refusal is recorded in the audit log. One upload is one
    transaction: its files, their audit-log entries and the rollups of their years, all or nothing."""
    with store.transaction(label="import"):
        return _commit_each(store, previews, imported_by, accept, address)


def _commit_each(store: Store, previews: list[FilePreview], imported_by: str | None, accept,
                 address: str | None) -> list[str]:
    lines = []
    group = ImportGroup(whole=True)
    for fp in previews:
        p = fp.parsed
        if p.refused:
            lines.append(f"“{fp.name}”未导入：{p.message}")
            continue
        if p.rows_imported == 0:
            lines.append(f"“{fp.name}”未导入：{p.rows_read}行数据全部有误。")
            continue
        if accept is not None and (refusal := accept(p)):
            auditlog.record(store, "import_refused", imported_by, target=fp.name, address=address)
            lines.append(f"“{fp.name}”未导入：{refusal}")
            continue
        try:
            _, replaced = commit(store, p, imported_by=imported_by or "数据上传页", origin="upload",
                                 replace_township=fp.replace_township, group=group)
        except CommitRefused as exc:
            lines.append(f"“{fp.name}”未导入：{exc}")
            continue
        auditlog.record(store, "import", imported_by, target=f"{fp.name}（{kind_label(p.kind)}，{p.rows_imported}行）",
                        area=_places(p), address=address)
        faults.reached("import:audit_logged")
        extra = f"，替换原有{replaced}行" if replaced else ""
        lines.append(f"“{fp.name}”已导入{kind_label(p.kind)}：{counts_text(p).replace('可导入', '导入')}{extra}。")
    return lines


HISTORY_COLUMNS = {
    "imported_at": "导入时间", "file_name": "文件", "kind": "台账类型", "year": "年度", "county": "县", "township": "乡镇",
    "rows_read": "读取行数", "rows_imported": "导入行数", "rows_rejected": "有误行数", "replaced_rows": "替换行数",
    "imported_by": "操作人", "status": "状态",
}


def history(store: Store, include_demo: bool = False, scope=None) -> pd.DataFrame:
    """Import history with Chinese column names; batch_id kept for undo. With an account's scope (auth.Scope), only
    the imports of its county or township; file names with ID or phone numbers masked."""
    df = store.query("import_history")
    if not include_demo:
        df = df[df["origin"] != "demo"]
    if scope is not None and scope.county is not None:
        df = df[df["county"] == scope.county]
    if scope is not None and scope.township is not None:
        df = df[df["township"] == scope.township]
    df = df.assign(file_name=df["file_name"].map(mask_numbers))
    out = df[["batch_id", *HISTORY_COLUMNS]].rename(columns=HISTORY_COLUMNS)
    out["台账类型"] = out["台账类型"].map(kind_label)
    out["状态"] = out["状态"].map({"active": "有效", "undone": "已撤销"})
    out["导入时间"] = pd.to_datetime(out["导入时间"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out.reset_index(drop=True)


def _places(p: Parsed) -> str | None:
    """The townships a parsed file's rows belong to, for the audit log."""
    towns = sorted({t for rs in p.records.values() for t in column(rs, "township") if t})
    return "、".join(towns) if towns else None


def _amount(kind: str, rows: int, households: int | None) -> str:
    return f"{households}户" if kind == "households" and households is not None else f"{rows}行"


def undo_plan(store: Store, batch_id: str) -> tuple[bool, str]:
    """(can be undone, Chinese text): what 撤销 of this import (and the files uploaded with it) removes and what it
    brings back, from the import group and the rows its imports moved to the archive."""
    with store.reading():
        return _undo_plan(store, batch_id)


def _undo_plan(store: Store, batch_id: str) -> tuple[bool, str]:
    group = store.query_rows("store/group_batches", batch_id=batch_id)
    if not group:
        return False, "该批次已撤销或不存在。"
    gone, back, legacy_demo = [], {}, False
    for b, name in group:
        batch = store.query_row("store/batch", batch_id=b)
        gone.append(f"“{name}”导入的{_amount(batch['kind'], batch['rows_imported'], batch['households'])}")
        for table in ALL_TABLES:
            if store.cursor().execute(statement("store/batch_superseded", table=table), {"batch_id": b}).fetchall()[0][0]:
                return False, (f"不能撤销：“{name}”的数据已被之后的导入替换。请先撤销之后那次导入，再撤销本次。")
        main = KIND_TABLES[batch["kind"]][0]
        for source, origin, n in store.cursor().execute(statement("store/undo_restores", table=main),
                                                       {"batch_id": b}).fetchall():
            if origin == "demo":
                legacy_demo = True      # demo rows an older version let an import replace: they stay with the demo
            else:
                unit = "户" if main == "households" else "行"
                back[source] = back.get(source, (0, unit))[0] + n, unit
    demo = store.query_row("store/undo_demo", batch_id=batch_id)
    text = "撤销将删除" + "、".join(gone) + ("（同一次上传的文件一并撤销）" if len(group) > 1 else "")
    restored = [f"“{name}”此前导入的{n}{unit}" for name, (n, unit) in back.items()]
    if demo["demo_aside"] and not demo["real_left"]:
        restored.append("示例数据")   # the demo county comes back when no real import stays
    text += ("，并恢复被替换的数据：" + "、".join(restored) + "。") if restored else "；没有被替换的数据需要恢复。"
    if demo["demo_aside"] and demo["real_left"] and (demo["moved_here"] or legacy_demo):
        text += (f"示例数据不会恢复：库中还有其他{demo['real_left']}次正式导入的台账，示例数据不与正式数据混合"
                 "（全部正式导入撤销后才恢复示例数据）。")
    return True, text


def undo_batch(store: Store, batch_id: str, account=None, address: str | None = None) -> tuple[bool, str]:
    """(done, Chinese message). With an account (auth.Account), 填报 may undo only their own imports;
    a done undo is recorded in the audit log."""
    from ledgerboard import auth

    row = store.query("store/batch", batch_id=batch_id)
    name = str(row.loc[0, "file_name"]) if len(row) else batch_id
    by = account.username if account is not None else None
    if account is not None and len(row) and not auth.may_undo(account, row.loc[0, "imported_by"]):
        return False, f"“{name}”未撤销：您的账号只能撤销本人导入的台账。"
    try:
        with store.transaction(label="undo"):     # the undo and its audit-log entry, all or nothing
            names = undo(store, batch_id)
            auditlog.record(store, "undo", by, target=name,
                            area=str(row.loc[0, "township"]) if len(row) and row.loc[0, "township"] else None,
                            address=address)
    except UndoRefused as exc:
        return False, f"“{name}”未撤销：{exc}"
    if len(names) > 1:
        return True, f"已撤销同一次上传的{len(names)}个文件（{'、'.join(f'“{n}”' for n in names)}），数据已恢复到导入之前。"
    return True, f"已撤销“{name}”的导入，数据已恢复到导入之前。"

