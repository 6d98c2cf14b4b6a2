"""Every spreadsheet the app writes goes through `append_row`: tables, error lists, templates.

Text from the ledgers is stored as text, never as a formula: a cell that begins with = + - @ (or a
tab or carriage return) would otherwise come back from Excel as a live formula (=HYPERLINK(…),
=cmd|' /C calc'!A0). Characters a workbook cannot hold (NUL and other control characters) are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

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


def append_row(ws: Worksheet, values) -> None:
    """Append one row; text that Excel would read as a formula is stored as text."""
    values = [cell_value(v) for v in values]
    ws.append(values)
    if any(isinstance(v, str) and v.startswith(FORMULA_START) for v in values):
        for cell, v in zip(ws[ws.max_row], values):
            if isinstance(v, str) and v.startswith(FORMULA_START):
                cell.value = v
                cell.data_type = "s"


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_xlsx(df: pd.DataFrame, sheet_name: str = "数据") -> bytes:
    """A table as an .xlsx file, Chinese headers as given, columns sized to fit."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    append_row(ws, [str(c) for c in df.columns])
    columns = [df.iloc[:, i].astype(object).tolist() for i in range(df.shape[1])]
    for row in zip(*columns):
        append_row(ws, row)
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col)) * 2] + [len(str(v)) for v in columns[i - 1][:200]]) + 2
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(width, 40)
    return workbook_bytes(wb)
