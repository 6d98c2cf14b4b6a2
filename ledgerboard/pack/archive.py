"""The pack as a ZIP: every chart as a 3200-pixel-wide PNG under its Chinese title (1800 high, taller for a bar
chart of many places), and every chart's data as a sheet of one workbook."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from ledgerboard import figures
from ledgerboard.pack.content import Pack

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str) -> str:
    """A file name Windows and WPS accept: no path or reserved characters."""
    return _UNSAFE.sub("_", text).strip("_.")[:120]


def tables_xlsx(pack: Pack) -> bytes:
    """Every chart's data table as a sheet of one .xlsx (openpyxl), in chart order, Chinese headers, columns sized.

    One workbook of several sheets, so this writes its own rather than calling exports.table_xlsx (one sheet).
    """
    buf = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for i, chart in enumerate(pack.charts, start=1):
            name = f"{i:02d}{safe_name(chart.name)}"[:28]
            name = name if name not in used else f"{name[:26]}{i}"
            used.add(name)
            chart.table.to_excel(writer, index=False, sheet_name=name)
            ws = writer.sheets[name]
            for j, col in enumerate(chart.table.columns, start=1):
                width = max([len(str(col)) * 2] + [len(str(v)) for v in chart.table[col].head(200)]) + 2
                ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(width, 40)
                fmt = "0" if "年度" in str(col) else ("#,##0" if any(u in str(col) for u in ("（户）", "（人）", "（个）"))
                                                      else "#,##0.00")
                for cell in ws.iter_cols(min_col=j, max_col=j, min_row=2):
                    for c in cell:
                        if isinstance(c.value, (int, float)):
                            c.number_format = fmt
    return buf.getvalue()


def png_names(pack: Pack) -> list[str]:
    return [f"{i:02d}_{safe_name(c.title)}.png" for i, c in enumerate(pack.charts, start=1)]


def png_figures(pack: Pack) -> list:
    """The ZIP's figures: each chart at slide size, grown taller where it lists many places."""
    return [figures.slide_ready(c.figure) for c in pack.charts]


def zip_bytes(pack: Pack) -> bytes:
    size = figures.SLIDE_SIZE
    figs = png_figures(pack)
    pngs = figures.png_images(figs, size["width"], [f.layout.height for f in figs], size["scale"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, png in zip(png_names(pack), pngs):
            z.writestr(name, png)
        z.writestr(f"{safe_name(pack.file_stem)}_表格.xlsx", tables_xlsx(pack))
    return buf.getvalue()
