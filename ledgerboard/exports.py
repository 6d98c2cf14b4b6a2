"""Tables and figures as files for meetings: .xlsx tables with Chinese headers."""

from __future__ import annotations

import io

import pandas as pd


def table_xlsx(df: pd.DataFrame, sheet_name: str = "数据") -> bytes:
    """A table as an .xlsx file (openpyxl), Chinese headers as given, columns sized to fit."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet_name[:31])
        ws = writer.sheets[sheet_name[:31]]
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col)) * 2] + [len(str(v)) for v in df[col].head(200)]) + 2
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(width, 40)
    return buf.getvalue()
