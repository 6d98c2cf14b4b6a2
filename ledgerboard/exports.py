"""Every spreadsheet the app writes goes through `append_row`: tables, error lists, templates, the 疑点清单 and
the ZIP's tables workbook, in normal and in write-only (streaming) workbooks alike.

Text from the ledgers is stored as text, never as a formula: a cell that begins with = + - @ (or a
tab or carriage return) would otherwise come back from Excel as a live formula (=HYPERLINK(…),
=cmd|' /C calc'!A0), and a masked name such as "=****" as a formula Excel refuses to open. Characters a
workbook cannot hold (NUL and other control characters) are dropped. Sheet titles and file names built
from ledger text go through `sheet_title` and `file_name` (no reserved characters, ID and phone numbers masked).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from ledgerboard.sanitize import mask_numbers

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """A value as a workbook cell holds it: None for NaN/NA/inf, text without control characters."""
    if value is None:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def append_row(ws: Worksheet | WriteOnlyWorksheet, values) -> None:
    """Append one row; text that Excel would read as a formula is stored as text.

    In a write-only workbook a value may be a styled WriteOnlyCell; its value is cleaned the same way."""
    if isinstance(ws, WriteOnlyWorksheet):
        row = []
        for v in values:
            if isinstance(v, Cell):
                v.value = cell_value(v.value)
                cell = v
            else:
                v = cell_value(v)
                if not _formula_like(v):
                    row.append(v)
                    continue
                cell = WriteOnlyCell(ws, value=v)
            if _formula_like(cell.value):
                cell.data_type = "s"
            row.append(cell)
        ws.append(row)
        return
    values = [cell_value(v) for v in values]
    ws.append(values)
    if any(_formula_like(v) for v in values):
        for cell, v in zip(ws[ws.max_row], values):
            if _formula_like(v):
                cell.value = v
                cell.data_type = "s"


# Excel refuses a sheet title with [ ] : * ? / \ (and the fullwidth colon WPS treats alike), longer than 31
# characters, empty, or beginning or ending with an apostrophe.
_SHEET_RESERVED = re.compile(r"[\[\]:*?/\\：]")
SHEET_TITLE_MAX = 31


def _masked(text: str) -> str:
    """ID and phone numbers masked with the fullwidth ＊ (the * of a mask is reserved in sheet titles and file names)."""
    masked = mask_numbers(text)
    return text if masked == text else masked.replace("*", "＊")


def sheet_title(text: object, taken: set[str] | None = None, fallback: str = "数据") -> str:
    """A sheet title Excel and WPS accept, built from any text: reserved characters dropped, ID and phone numbers
    masked, at most 31 characters, unique among `taken` (which it joins)."""
    base = _masked(_SHEET_RESERVED.sub("", cell_value(str(text)) or "")).strip().strip("'").strip()
    base = base[:SHEET_TITLE_MAX] or fallback
    name, n = base, 2
    while taken is not None and name.casefold() in {t.casefold() for t in taken}:
        suffix = str(n)
        name, n = f"{base[:SHEET_TITLE_MAX - len(suffix)]}{suffix}", n + 1
    if taken is not None:
        taken.add(name)
    return name


_FILE_RESERVED = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(text: object, limit: int = 120) -> str:
    """A file name Windows, WPS and a browser's download accept, built from any text: no path or reserved
    characters, ID and phone numbers masked."""
    return _masked(_FILE_RESERVED.sub("_", str(text))).strip(" _.")[:limit] or "文件"


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_xlsx(df: pd.DataFrame, sheet_name: str = "数据") -> bytes:
    """A table as an .xlsx file, Chinese headers as given, columns sized to fit."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name)
    append_row(ws, [str(c) for c in df.columns])
    columns = [df.iloc[:, i].astype(object).tolist() for i in range(df.shape[1])]
    for row in zip(*columns):
        append_row(ws, row)
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col)) * 2] + [len(str(v)) for v in columns[i - 1][:200]]) + 2
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(width, 40)
    return workbook_bytes(wb)
