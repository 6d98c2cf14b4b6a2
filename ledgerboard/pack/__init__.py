"""汇报材料 in one click: the charts, figures and tables of a year and an area as PPTX, DOCX or ZIP.

    content.collect → Pack (charts with data and takeaways, tables) → slides / report / archive.
"""

from __future__ import annotations

import datetime as dt

from ledgerboard.indicators import Area
from ledgerboard.store import Store

FORMATS = {
    "pptx": ("演示文稿（PPTX）", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "docx": ("汇报材料初稿（Word）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "zip": ("全部图表PNG和表格（ZIP）", "application/zip"),
}


def build(store: Store, year: int, area: Area | None, fmt: str, today: dt.date | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the pack in `fmt` (pptx, docx or zip)."""
    from ledgerboard.pack import archive, report, slides
    from ledgerboard.pack.content import collect

    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式“{fmt}”：请用 pptx、docx 或 zip。")
    pack = collect(store, year, area, today=today)
    writer = {"pptx": slides.pptx_bytes, "docx": report.docx_bytes, "zip": archive.zip_bytes}[fmt]
    return f"{archive.safe_name(pack.file_stem)}.{fmt}", writer(pack)
