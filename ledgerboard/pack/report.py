"""The pack as a Word/WPS 汇报材料 draft laid out after GB/T 9704-2012 (党政机关公文格式).

A4 with the standard margins, title in 2号 方正小标宋简体 (黑体 where it is missing), body in 3号 仿宋_GB2312 (仿宋)
at 22 lines a page, headings 一、 in 黑体 and （一） in 楷体_GB2312 (楷体), page numbers "— 1 —" in 4号 宋体,
odd pages right and even pages left. The fallbacks are written into the font table (w:altName), so Word and
WPS on a PC without the GB2312 fonts use the common ones instead of an arbitrary substitute.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from ledgerboard.formats import table_rows
from ledgerboard.pack.content import Pack

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
FALLBACKS = {"方正小标宋简体": "黑体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}
SIZE_2, SIZE_3, SIZE_4, SIZE_TABLE = Pt(22), Pt(16), Pt(14), Pt(12)
LINE = Pt(28.95)        # 22 lines on the 225 mm type area
NUMERALS = "一二三四五六七八九十"
TOPICS = (("trend", "总体情况"), ("incidence", "贫困人口和贫困发生率"), ("causes", "致贫原因"), ("income", "收入情况"), ("projects", "扶贫项目"))
# The monitoring era's headings (2021 on): no 建档立卡 wording. A topic without a heading here follows the others,
# headed by its first chart's name.
ERA_TOPICS = (("trend", "总体情况"), ("monitoring", "防返贫动态监测"), ("incidence", "监测对象占比"),
              ("causes", "返贫致贫风险"), ("income", "收入情况"), ("projects", "项目和帮扶措施"))


def topics(pack: Pack) -> list[tuple[str, str]]:
    """(topic, heading) of the draft's sections in order: the regime's known topics, then any other topic the
    pack's charts have."""
    known = list(ERA_TOPICS if pack.monitoring else TOPICS)
    names = {t for t, _ in known}
    for chart in pack.charts:
        if chart.topic not in names:
            names.add(chart.topic)
            known.append((chart.topic, chart.name))
    return known


def _run_font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _paragraph(doc, text: str, font: str = BODY_FONT, size=SIZE_3, *, bold=False, indent=True,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32) if indent else None
    p.alignment = align
    _run_font(p.add_run(text), font, size, bold)
    return p


def _font_fallbacks(doc) -> None:
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern" if "宋" in name else "script"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph) -> None:
    """'— N —' with N a PAGE field."""
    _run_font(paragraph.add_run("— "), PAGE_FONT, SIZE_4)
    run = paragraph.add_run()
    _run_font(run, PAGE_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _run_font(paragraph.add_run(" —"), PAGE_FONT, SIZE_4)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)     # the page number 7 mm below the type area
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)       # 空一字
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_number(p)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _font_fallbacks(doc)


def _numeral(n: int) -> str:
    """一 … 十, 十一 … 十九, 二十 …"""
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else NUMERALS[tens - 1]) + ("十" if tens else "") + (NUMERALS[ones - 1] if ones else "")) \
        if n > 10 else NUMERALS[n - 1]


def _table(doc, title: str, frame, number: int, source: str) -> None:
    _paragraph(doc, f"表{number}  {title}", HEADING_FONT, SIZE_4, indent=False,
               align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.keep_with_next = True
    rows = table_rows(frame)
    table = doc.add_table(rows=len(rows) + 1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, col in enumerate(frame.columns):
        _cell(table.cell(0, j), str(col), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            numeric = value[:1].isdigit() or value == "—" or value[:1] == "-" and len(value) > 1
            _cell(table.cell(i, j), value, align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, source + "。", BODY_FONT, SIZE_TABLE, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)


def _cell(cell, text: str, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    _run_font(p.add_run(text), BODY_FONT if not bold else HEADING_FONT, SIZE_TABLE, bold=False)


# Figures in the draft: the type area is 156 mm wide; a picture rendered 1280 layout px wide at that width keeps
# 22 px text at about 7.6 pt — the figure is there to be seen, its numbers are in the text and tables.
FIGURE_WIDTH = Mm(156)


def figure_images(pack: Pack) -> list[bytes]:
    """Each chart of the pack as the PNG the Word draft embeds (the ZIP's rendering)."""
    from ledgerboard import figures

    size = figures.SLIDE_SIZE
    figs = [figures.slide_ready(c.figure) for c in pack.charts]
    return figures.png_images(figs, size["width"], [f.layout.height for f in figs], 1.5)


def _figure(doc, png: bytes, caption: str, number: int) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True      # the caption on the figure's page (图3 was left alone on the next)
    p.add_run().add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
    _paragraph(doc, f"图{number}  {caption}", HEADING_FONT, SIZE_4, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)


def _kpi_table(doc, pack: Pack) -> None:
    """The headline cards as the draft's 表1 (the same text as on the cards and the slide)."""
    _paragraph(doc, f"表1  {pack.year}年{pack.area_name}主要指标", HEADING_FONT, SIZE_4, indent=False,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=len(pack.kpis) + 1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, head in enumerate(("指标", "数值", "说明")):
        _cell(table.cell(0, j), head, bold=True)
    for i, card in enumerate(pack.kpis, start=1):
        _cell(table.cell(i, 0), card.label)
        _cell(table.cell(i, 1), card.value, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(table.cell(i, 2), card.note or "—")


def docx_bytes(pack: Pack, images: list[bytes] | None = None) -> bytes:
    """The draft; `images` are the charts' PNGs in order (rendered if not given)."""
    images = figure_images(pack) if images is None else images
    pictures = dict(zip((c.key for c in pack.charts), images))
    doc = Document()
    _setup(doc)
    _paragraph(doc, f"{pack.title}汇报", TITLE_FONT, SIZE_2, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, pack.summary)
    _kpi_table(doc, pack)
    number, tables, figure = 0, 1, 0
    for topic, heading in topics(pack):
        charts = [c for c in pack.charts if c.topic == topic]
        topic_tables = [t for t in pack.tables if t.topic == topic]
        if not charts and not topic_tables:
            continue
        # Headings stay with what follows them (a page ended on 一、总体情况 and its first subheading).
        _paragraph(doc, f"{_numeral(number + 1)}、{heading}", HEADING_FONT, SIZE_3).paragraph_format.keep_with_next = True
        number += 1
        for i, chart in enumerate(charts):
            figure += 1
            _paragraph(doc, f"（{_numeral(i + 1)}）{chart.name}。", SUBHEADING_FONT,
                       SIZE_3).paragraph_format.keep_with_next = True
            _paragraph(doc, f"{chart.takeaway}（见图{figure}）。" + (f"{chart.note}。" if chart.note else ""))
            _figure(doc, pictures[chart.key], chart.title, figure)
        for t in topic_tables:
            tables += 1
            _table(doc, t.title, t.frame, tables, pack.source)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, f"{pack.source}，截至{pack.year}年12月。")
    _paragraph(doc, f"{pack.made.year}年{pack.made.month}月{pack.made.day}日", indent=False,
               align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.core_properties.title = f"{pack.title}汇报"
    doc.core_properties.author = "扶贫台账看板"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
