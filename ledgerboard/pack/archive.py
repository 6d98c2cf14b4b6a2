"""The pack as a ZIP: every chart as a 3200-pixel-wide PNG under its Chinese title (1800 high, taller for a bar
chart of many places), and every chart's data as a sheet of one workbook."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

from ledgerboard import exports, figures
from ledgerboard.pack.content import Pack

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str) -> str:
    """A file name Windows and WPS accept: no path or reserved characters, no blanks, numbers masked."""
    return _UNSAFE.sub("_", exports.file_name(text)).strip("_.")[:120]


def tables_xlsx(pack: Pack) -> bytes:
    """Every chart's data table as a sheet of one .xlsx, in chart order, Chinese headers, columns sized to fit; written
    through exports.append_row like every workbook the app produces (ledger text stays text)."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for i, chart in enumerate(pack.charts, start=1):
        ws = wb.create_sheet(exports.sheet_title(f"{i:02d}{chart.name}"[:28], used, fallback=f"表{i}"))
        frame = chart.table
        exports.append_row(ws, [str(c) for c in frame.columns])
        columns = [frame.iloc[:, j].astype(object).tolist() for j in range(frame.shape[1])]
        for row in zip(*columns):
            exports.append_row(ws, row)
        for j, col in enumerate(frame.columns, start=1):
            width = max([len(str(col)) * 2] + [len(str(v)) for v in columns[j - 1][:200]]) + 2
            ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(width, 40)
            fmt = "0" if "年度" in str(col) else ("#,##0" if any(u in str(col) for u in ("（户）", "（人）", "（个）"))
                                                  else "#,##0.00")
            for cells in ws.iter_cols(min_col=j, max_col=j, min_row=2):
                for c in cells:
                    if isinstance(c.value, (int, float)):
                        c.number_format = fmt
    return exports.workbook_bytes(wb)


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
