"""The pack as a 16:9 PowerPoint/WPS deck: title, headline figures, one slide per chart, appendix tables.

Bar, column, line and 100 % stacked charts are native charts with their data embedded (staff can restyle them
and the numbers stay editable); heatmaps and histograms are pictures rendered at slide size. Text uses
微软雅黑 with the east-asian typeface set too (a:ea), so PowerPoint and WPS do not fall back to a Latin font.
"""

from __future__ import annotations

import io
from dataclasses import replace

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from ledgerboard import figures
from ledgerboard.formats import table_rows
from ledgerboard.catalogue import Series
from ledgerboard.pack.content import Chart, Pack

FONT = "微软雅黑"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
INK, MUTED, ACCENT = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D), RGBColor(0x1F, 0x5F, 0xA8)
# An appendix table's text (header and cells), as every other text on a slide: 16 pt and up.
TABLE_PT = 16
# Its rows: a 16 pt line and the cell's margins; the table starts below the title and ends above the footer.
TABLE_ROW_IN, TABLE_TOP_IN, TABLE_BOTTOM_IN = 0.4, 1.25, 6.85
# The chart's box on a chart slide; pictures are rendered at this size (96 layout px per inch).
CHART_BOX = (Inches(0.5), Inches(1.75), Inches(12.333), Inches(5.0))
BOX_PX = (round(CHART_BOX[2] / Inches(1) * 96), round(CHART_BOX[3] / Inches(1) * 96))
NATIVE = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "line": XL_CHART_TYPE.LINE_MARKERS, "stacked": XL_CHART_TYPE.BAR_STACKED_100,
          "stacked_column": XL_CHART_TYPE.COLUMN_STACKED_100}
STACKED = ("stacked", "stacked_column")
# Categories of a bar chart on one slide: 15 rows of 16 pt labels fill the chart box; more go on a 续 slide, so
# every village of the page is on a slide with its name readable.
SLIDE_ROWS = 15
# Every text of a chart on a slide (labels, axes, legend) is at least this size: readable from the back of the room.
CHART_PT = 16
# A stacked segment narrower than this share holds no 16 pt label (its label is deleted).
STACKED_LABEL_MIN_PCT = 8.0
# Rows of a heatmap picture on one slide (its labels and cells at 16.5 pt).
PICTURE_ROWS = 12


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def east_asian(rpr, name: str = FONT) -> None:
    """Set the Latin and the east-asian typeface of a run's (or a chart text's) properties."""
    for tag in ("a:latin", "a:ea"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    latin = etree.SubElement(rpr, qn("a:latin"), typeface=name)
    ea = etree.SubElement(rpr, qn("a:ea"), typeface=name)
    # Schema order: fills/effects first, then latin, ea, cs, sym, hyperlinks.
    for tag in ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        el = rpr.find(qn(tag))
        if el is not None:
            el.addprevious(latin)
            latin.addnext(ea)
            break


def _text(slide, x, y, w, h, text: str, size: int, *, bold=False, color=INK, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(x, y, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, line in enumerate(text.split("\n")):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        _font(run.font, size, bold, color)
    return box


def _font(font, size: int, bold: bool = False, color: RGBColor = INK) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    east_asian(font._rPr)


def _header(slide, title: str, takeaway: str | None = None) -> None:
    bar = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.75), title, 28, bold=True)
    if takeaway:
        _text(slide, Inches(0.5), Inches(1.05), Inches(12.3), Inches(0.6), takeaway, 20, bold=True, color=ACCENT)


def _footer(slide, pack: Pack, text: str, page: int) -> None:
    _text(slide, Inches(0.5), Inches(6.85), Inches(11.4), Inches(0.5), text, 12, color=MUTED)
    _text(slide, Inches(12.0), Inches(6.85), Inches(0.85), Inches(0.5), str(page), 12, color=MUTED,
          align=PP_ALIGN.RIGHT)


def text_units(text: str) -> float:
    """A text's width in em: a CJK character 1, a bold Latin letter or digit about 0.65."""
    return sum(0.65 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_pt(title: str, width_in: float = 10.5) -> int:
    """The title slide's title size: 40 pt, smaller (to 28 pt) so that a long title keeps one line and does not
    run into the subtitle below it (示例县2023年巩固拓展脱贫攻坚成果工作情况 wrapped at 40 pt)."""
    return max(28, min(40, int(width_in * 72 / max(text_units(title), 1))))


def _title_slide(prs, pack: Pack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.4))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _text(slide, Inches(0.8), Inches(2.25), Inches(11.7), Inches(1.1), pack.title, title_pt(pack.title), bold=True,
          color=RGBColor(0xFF, 0xFF, 0xFF))
    _text(slide, Inches(0.8), Inches(3.35), Inches(11.7), Inches(0.8),
          f"{pack.area_name} · {pack.year}年度 · 汇报材料", 24, color=RGBColor(0xFF, 0xFF, 0xFF))
    lines = [f"{pack.made.year}年{pack.made.month}月{pack.made.day}日",
             pack.source.replace("，导入于", "；数据导入日期：")]
    if pack.demo:
        lines.append("本材料使用虚构的示例数据生成，仅供演示")
    _text(slide, Inches(0.8), Inches(4.8), Inches(11.7), Inches(1.6), "\n".join(lines), 18, color=MUTED)


def _kpi_slide(prs, pack: Pack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _header(slide, f"{pack.year}年{pack.area_name}主要指标")
    w, h, gap = Inches(2.9), Inches(2.3), Inches(0.24)
    # Three rows (the monitoring era's 12 cards) are lower cards with the same text sizes, packed closer.
    compact = len(pack.kpis) > 8
    if compact:
        h, gap = Inches(1.66), Inches(0.16)
    # A compact card's note starts higher, so that two lines of it (已纳入监测143户，未纳入58户) stay in the card.
    value_y, note_y = (Inches(0.42), Inches(0.98)) if compact else (Inches(0.7), Inches(1.55))
    for i, card in enumerate(pack.kpis):
        label, value, note = card.label, card.value, card.note or ""
        x = Inches(0.5) + (w + Inches(0.24)) * (i % 4)
        y = Inches(1.35) + (h + gap) * (i // 4)
        card = slide.shapes.add_shape(1, x, y, w, h)
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF0, 0xF4, 0xF8)
        card.line.fill.background()
        # Long labels and values (人均纯收入（人口加权）, 3,578.62万元) a size smaller, so each keeps one line.
        _text(slide, x + Inches(0.15), y + Inches(0.06 if compact else 0.15), w - Inches(0.3), Inches(0.5), label,
              18 if len(label) <= 8 else 16, color=MUTED)
        _text(slide, x + Inches(0.15), y + value_y, w - Inches(0.3), Inches(0.6 if compact else 0.8), value,
              32 if len(value) <= 7 else 26 if len(value) <= 9 else 22, bold=True, color=ACCENT)
        _text(slide, x + Inches(0.15), y + note_y, w - Inches(0.3), Inches(0.5 if compact else 0.6), note, 16,
              color=INK)
    _footer(slide, pack, pack.source, len(prs.slides))


def _axis_format(number_format: str) -> str:
    """Axis ticks with fewer decimals than the labels: 1,924.22 on a bar, 2,000 on its axis."""
    return number_format.replace("0.00", "0.0") if "%" in number_format else number_format.replace(".00", "")


def _hide_small_labels(series, values, below: float, number_format: str) -> None:
    """White labels inside the segments, deleted (c:dLbl with c:delete) where a segment is too thin to hold one."""
    labels = series.data_labels
    labels.show_value = True
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.CENTER
    labels.font.size = Pt(CHART_PT)
    labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    dlbls = series._element.get_or_add_dLbls()
    for j, v in enumerate(values):
        if v is None or v < below:
            dlbl = etree.SubElement(dlbls, qn("c:dLbl"))
            etree.SubElement(dlbl, qn("c:idx"), val=str(j))
            etree.SubElement(dlbl, qn("c:delete"), val="1")
            dlbls.insert(0, dlbl)


def _native_chart(slide, chart: Chart, axis_max: float | None = None):
    # Horizontal bars list the first category at the bottom; reversing the data puts the largest on top and
    # keeps the value axis below the plot.
    flip = chart.kind in ("bar", "stacked")
    order = list(range(len(chart.categories)))[::-1] if flip else list(range(len(chart.categories)))
    # Within a category a clustered bar chart draws its first series at the bottom, and a renderer lists the
    # legend of horizontal bars bottom-up too (LibreOffice, WPS): adding the series in reverse puts the first series
    # on top of each pair and first in the legend, as on the page.
    ranks = list(range(len(chart.series)))
    if chart.kind == "bar":
        ranks = ranks[::-1]
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = [chart.categories[i] for i in order]
    for k in ranks:
        s = chart.series[k]
        data.add_series(s.name, [s.values[i] for i in order])
    x, y, w, h = CHART_BOX
    gframe = slide.shapes.add_chart(NATIVE[chart.kind], x, y, w, h, data)
    c = gframe.chart
    c.font.size = Pt(16)
    east_asian(c.font._rPr)
    c.has_title = False
    multi = len(chart.series) > 1
    c.has_legend = multi
    if multi:
        c.legend.position = XL_LEGEND_POSITION.TOP
        c.legend.include_in_layout = False
        c.legend.font.size = Pt(16)
    plot = c.plots[0]
    if chart.kind in ("bar", "column", *STACKED):
        plot.gap_width = 50 if chart.kind in STACKED else 30 if chart.kind == "bar" and multi else 60
        if chart.kind in STACKED:
            plot.overlap = 100
        elif multi and _disjoint(chart.series):
            plot.overlap = 100      # series that never share a category (one era's years, then the next's): one bar each
    c.value_axis.has_major_gridlines = True
    c.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE4, 0xE7, 0xEB)
    c.value_axis.tick_labels.font.size = Pt(CHART_PT)
    c.category_axis.tick_labels.font.size = Pt(16)
    c.value_axis.format.line.fill.background()
    if chart.kind in ("bar", "column"):
        # Bars start at 0 (an axis from 4,900 makes 4,920 look half of 5,000); the parts of a long chart share
        # one scale.
        c.value_axis.minimum_scale = 0
        if axis_max:
            c.value_axis.maximum_scale = axis_max
    if chart.kind not in STACKED:
        c.value_axis.tick_labels.number_format = _axis_format(chart.number_format)
        c.value_axis.tick_labels.number_format_is_linked = False
    if chart.kind == "line" and multi:
        if min(v for s in chart.series for v in s.values if v is not None) >= 0:
            c.value_axis.minimum_scale = 0      # the labels' room (line_label_positions) is reckoned from 0
        _line_labels(plot, chart)
    elif dense(chart):
        plot.has_data_labels = False    # 21 bins × 2 series: 16 pt labels wider than the bars print over each other
    else:
        _labels(plot, chart, multi)
    _colors(plot, chart, order, ranks)
    if chart.kind in STACKED and len(chart.series) > 6:
        c.legend.position = XL_LEGEND_POSITION.RIGHT
    return gframe


# Bars of a clustered column chart above which its 16 pt value labels do not fit side by side.
DENSE_BARS = 24


def dense(chart: Chart) -> bool:
    """A clustered column chart of several series with more bars than DENSE_BARS: drawn without value labels (the
    numbers are in the ZIP's workbook and the Word draft's table)."""
    return chart.kind == "column" and len(chart.series) > 1 and len(chart.categories) * len(chart.series) > DENSE_BARS


def _disjoint(series: list[Series]) -> bool:
    """Whether no category has a value in two series."""
    return all(sum(v is not None for v in values) <= 1 for values in zip(*(s.values for s in series)))


# A 16 pt value label's height on a line chart, as a share of the value axis: about 0.3 in of a plot about 3.9 in
# high, whose axis the renderer rounds up to at most 1.25 × the largest value.
LINE_LABEL_SHARE = 0.3 / 3.9 * 1.25


def line_label_positions(chart: Chart) -> list[list[str | None]]:
    """Where each point of a multi-line chart has its value label: "above", "below" or None (no label).

    At each category the highest line is labelled above and the lowest below (if it is not so near the axis's 0
    that the label would run into the year labels); a line between is labelled above only where the next higher
    line is two label heights away. So no label prints over another line or label (贫困发生率 of the county and
    its townships, the mean, the median and the poverty line of 人均纯收入)."""
    values = [v for s in chart.series for v in s.values if v is not None]
    top = max(values, default=0)
    h = LINE_LABEL_SHARE * top if top > 0 else 0
    out: list[list[str | None]] = [[None] * len(chart.categories) for _ in chart.series]
    for j in range(len(chart.categories)):
        points = sorted(((s.values[j], i) for i, s in enumerate(chart.series) if s.values[j] is not None),
                        reverse=True)
        for rank, (v, i) in enumerate(points):
            if rank == 0:
                out[i][j] = "above"
            elif rank == len(points) - 1 and v >= 1.5 * h:
                out[i][j] = "below"
            elif points[rank - 1][0] - v >= 2 * h:
                out[i][j] = "above"
    return out


def _line_labels(plot, chart: Chart) -> None:
    """Several lines: value labels where they print over no other line or label (line_label_positions); the other
    points' labels deleted (c:dLbl with c:delete)."""
    where = line_label_positions(chart)
    pos = {"above": XL_LABEL_POSITION.ABOVE, "below": XL_LABEL_POSITION.BELOW}
    for s, places in zip(plot.series, where):
        labels = s.data_labels
        labels.show_value = True
        labels.number_format = chart.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(CHART_PT)
        labels.position = XL_LABEL_POSITION.ABOVE
        for j, place in enumerate(places):
            if place is None:
                dlbl = s._element.get_or_add_dLbls().get_or_add_dLbl_for_point(j)
                for child in list(dlbl):
                    if child.tag != qn("c:idx"):
                        dlbl.remove(child)
                etree.SubElement(dlbl, qn("c:delete"), val="1")
            elif place == "below":
                label = s.points[j].data_label
                label.font.size = Pt(CHART_PT)
                label.position = pos[place]
                label.show_value = True
                dlbl = label._dLbl
                fmt = etree.Element(qn("c:numFmt"), formatCode=chart.number_format, sourceLinked="0")
                dlbl.find(qn("c:idx")).addnext(fmt)


def _labels(plot, chart: Chart, multi: bool) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(CHART_PT)
    if chart.kind in ("bar", "column"):
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    elif chart.kind == "line":
        labels.position = XL_LABEL_POSITION.ABOVE
    elif chart.kind in STACKED:
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        # A segment's width is its share of its bar, whether the series hold shares or counts (households by
        # category: a 5户 segment of a 10户 bar is half the bar and holds its label).
        totals = [sum(v or 0 for v in vs) for vs in zip(*(s.values for s in chart.series))]
        for series, s in zip(plot.series, chart.series):
            shares = [None if v is None or not t else 100 * v / t for v, t in zip(s.values, totals)]
            _hide_small_labels(series, shares[::-1] if chart.kind == "stacked" else shares, STACKED_LABEL_MIN_PCT,
                               chart.number_format)


def _colors(plot, chart: Chart, order: list[int], ranks: list[int]) -> None:
    """Each plot series in its chart series' colour (`ranks[i]` is the chart series of plot series i)."""
    for i, series in zip(ranks, plot.series):
        color = chart.series_colors[i] if chart.series_colors and i < len(chart.series_colors) else None
        if chart.kind == "line":
            series.smooth = False
            if color:
                series.format.line.color.rgb = _rgb(color)
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = _rgb(color)
            series.format.line.width = Pt(3)
        else:
            if color:
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = _rgb(color)
            if chart.point_colors and (len(chart.series) == 1 or i == 0):
                for j, k in enumerate(order):
                    pc = chart.point_colors[k]
                    point = series.points[j]
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = _rgb(pc)


def _picture(slide, png: bytes) -> None:
    x, y, w, h = CHART_BOX
    slide.shapes.add_picture(io.BytesIO(png), x, y, w, h)


def slide_rows(chart: Chart) -> int:
    """Categories of a horizontal chart on one slide: SLIDE_ROWS, fewer for clustered bars of several series (each
    bar as high as its 16 pt label, so a label does not print over the next series' bar)."""
    if chart.kind == "bar" and len(chart.series) > 1:
        return max(4, SLIDE_ROWS - 3 * (len(chart.series) - 1))
    return SLIDE_ROWS


def chart_parts(chart: Chart) -> list[Chart]:
    """A native bar chart of more than SLIDE_ROWS places as several charts of at most SLIDE_ROWS each (the page's
    order kept), so that every place is on a slide; other charts as they are."""
    n = len(chart.categories)
    rows = slide_rows(chart)
    if chart.kind not in ("bar", "stacked") or n <= rows:
        return [chart]
    parts = -(-n // rows)
    size = -(-n // parts)
    out = []
    for a in range(0, n, size):
        b = min(a + size, n)
        out.append(replace(chart, categories=chart.categories[a:b],
                           series=[Series(s.name, s.values[a:b]) for s in chart.series],
                           point_colors=chart.point_colors[a:b] if chart.point_colors else None))
    return out


def _common_max(chart: Chart) -> float | None:
    """The value axis maximum the parts of a long bar chart share: the largest value and room for its label."""
    values = [v for s in chart.series for v in s.values if v is not None]
    return max(values) * 1.15 if values and max(values) > 0 else None


def picture_windows(chart: Chart) -> list:
    """The slide pictures of a chart without a native kind: its figure sized to the chart box, a heatmap of many
    rows split into windows of PICTURE_ROWS rows (each a slide), text at 16.5 pt."""
    fig = figures.slide_ready(chart.figure, keep_title=False, height=BOX_PX[1], grow=False)
    rows = figures.heatmap_rows(fig)
    if rows <= PICTURE_ROWS:
        return [fig]
    parts = -(-rows // PICTURE_ROWS)
    size = -(-rows // parts)
    return [figures.row_window(fig, a, min(a + size, rows)) for a in range(0, rows, size)]


def picture_figures(pack: Pack) -> list:
    """The figures that go on slides as pictures, in slide order."""
    return [w for c in pack.charts if c.kind is None for w in picture_windows(c)]


def _chart_slides(prs, pack: Pack, chart: Chart, images) -> None:
    pieces = chart_parts(chart) if chart.kind else picture_windows(chart)
    axis_max = _common_max(chart) if len(pieces) > 1 else None
    for i, piece in enumerate(pieces):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        more = f"（{i + 1}/{len(pieces)}）" if len(pieces) > 1 else ""
        _header(slide, chart.title + more, chart.takeaway + "。" if chart.takeaway else None)
        if chart.kind:
            _native_chart(slide, piece, axis_max)
        else:
            _picture(slide, next(images))
        # A native chart may lack what the page's figure draws (a dashed standard line): its own note then.
        note = chart.slide_note if chart.kind and chart.slide_note is not None else chart.note
        _footer(slide, pack, f"{chart.source}。注：{note}。" if note else f"{chart.source}。",
                len(prs.slides))


def header_height(longest: int, columns: int) -> float:
    """The header row's height in inches: one row of 16 pt for short headers, room for two or three lines of them
    (人均纯收入均值（元，人口加权）; 监测对象占农业户籍人口比例（%） in a narrow column of seven)."""
    lines = header_lines(longest, columns)
    if lines <= 1:
        return TABLE_ROW_IN
    return 0.75 if lines == 2 else 0.15 + 0.3 * lines      # 0.3 in a 16 pt line as LibreOffice and WPS set it


def table_rows_per_slide(longest: int, columns: int) -> int:
    """Data rows of an appendix table on one slide: as many 16 pt rows as fit under its header above the footer."""
    room = TABLE_BOTTOM_IN - TABLE_TOP_IN - header_height(longest, columns)
    return max(1, int(room / TABLE_ROW_IN + 1e-9))


def _table_slides(prs, pack: Pack, title: str, frame) -> None:
    rows = table_rows(frame)
    cols = list(frame.columns)
    longest = max(len(str(c)) for c in cols)
    per_slide = table_rows_per_slide(longest, len(cols))
    head_in = header_height(longest, len(cols))
    pages = [rows[i:i + per_slide] for i in range(0, len(rows), per_slide)] or [[]]
    for n, part in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _header(slide, f"附表：{title}" + ("（续）" if n else ""))
        height = Inches(head_in + TABLE_ROW_IN * len(part))
        shape = slide.shapes.add_table(len(part) + 1, len(cols), Inches(0.5), Inches(TABLE_TOP_IN), Inches(12.333),
                                       height)
        table = shape.table
        table.rows[0].height = Inches(head_in)
        for r in list(table.rows)[1:]:
            r.height = Inches(TABLE_ROW_IN)
        for j, col in enumerate(cols):
            _cell(table.cell(0, j), str(col), bold=True, align=PP_ALIGN.CENTER)
        for i, row in enumerate(part, start=1):
            for j, value in enumerate(row):
                numeric = value[:1].isdigit() or value[:1] in "-—" and len(value) > 1 or value == "—"
                _cell(table.cell(i, j), value, align=PP_ALIGN.RIGHT if numeric else PP_ALIGN.LEFT)
        _footer(slide, pack, pack.source + (f"。第{n + 1}/{len(pages)}页" if len(pages) > 1 else ""),
                len(prs.slides))


def header_lines(chars: int, columns: int) -> int:
    """Lines of a 16 pt header of `chars` characters in one of `columns` equal columns of the 12.333 in table (a
    character TABLE_PT/72 in, the cell's margins 0.2 in)."""
    per_line = max(1, int((12.333 / columns - 0.2) / (TABLE_PT / 72)))
    return -(-chars // per_line)


def _cell(cell, text: str, bold: bool = False, align=PP_ALIGN.LEFT) -> None:
    cell.text = ""
    p = cell.text_frame.paragraphs[0]
    p.alignment = align
    run = p.add_run()
    run.text = text
    _font(run.font, TABLE_PT, bold)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE


def pptx_bytes(pack: Pack, pictures: list[bytes] | None = None) -> bytes:
    """The deck; `pictures` are the PNGs of the charts without a native kind, in order (rendered if not given)."""
    if pictures is None:
        pictures = figures.png_images(picture_figures(pack), *BOX_PX, figures.SLIDE_SIZE["scale"])
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = pack.title
    prs.core_properties.author = "扶贫台账看板"
    _title_slide(prs, pack)
    _kpi_slide(prs, pack)
    images = iter(pictures)
    for chart in pack.charts:
        _chart_slides(prs, pack, chart, images)
    for table in pack.tables:
        _table_slides(prs, pack, table.title, table.frame)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
