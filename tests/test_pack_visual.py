"""What a reader sees on the 2023 (monitoring era) deck, read back with python-pptx: clustered horizontal bars with the
first series on top and the legend in series order, the era's appendix tables equal to its charts' data, a title
that keeps one line, cards whose notes stay inside them, dense clustered columns without overprinting labels."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pptx.util import Emu, Pt

from ledgerboard.pack import slides as slides_mod

TODAY = dt.date(2026, 12, 2)


def _deck(demo_packs, year: int, today: dt.date = TODAY):
    """The demo county's pack of the year: its content and its PPTX read back."""
    _, data = demo_packs.build(year, "pptx", today)
    return demo_packs.content(year, today), Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def deck(demo_packs):
    return _deck(demo_packs, 2023)


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]


def _chart_slides(prs, title: str):
    return [s for s in prs.slides if _texts(s) and _texts(s)[0].startswith(title) and
            any(sh.has_chart for sh in s.shapes)]


def test_clustered_horizontal_bars_put_the_first_series_on_top(deck):
    p, prs = deck
    income = next(c for c in p.charts if c.key == "watch_income_villages")
    assert income.kind == "bar" and [s.name for s in income.series] == ["脱贫人口（元）", "监测对象（元）"]
    parts = _chart_slides(prs, income.title)
    # 27 villages, two bars each: three slides of nine (not two of 14, whose 16 pt labels overprinted the next bar).
    assert len(parts) == 3
    seen = []
    for slide in parts:
        chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
        plot = chart.plots[0]
        # Added in reverse: the renderer draws (and lists in the legend) the last added series on top and first.
        assert [s.name for s in plot.series] == ["监测对象（元）", "脱贫人口（元）"]
        cats = list(plot.categories)
        assert len(cats) == 9
        seen += cats[::-1]
        values = {s.name: list(s.values) for s in plot.series}
        by_village = dict(zip(income.categories, income.series[0].values))
        assert values["脱贫人口（元）"] == [by_village[c] for c in cats]
        # Each plot series keeps its chart series' colour.
        colours = [str(s.format.fill.fore_color.rgb) for s in plot.series]
        assert colours == [c.lstrip("#").upper() for c in income.series_colors[::-1]]
        assert plot.gap_width == 30
    assert seen == income.categories      # top to bottom, slide after slide: the page's order


def test_the_era_deck_has_appendix_tables_equal_to_its_charts(deck):
    p, prs = deck
    heads = [(_texts(s) or [""])[0] for s in prs.slides]
    keys = ["era_share_townships", "era_share_villages", "era_risk_share", "era_income_by_year", "era_measure_types"]
    charts = {c.key: c for c in p.charts}
    assert [t.title for t in p.tables] == [charts[k].title for k in keys]
    appendix = [h for h in heads if h.startswith("附表：")]
    assert appendix == ["附表：2023年示例县各乡镇监测对象占农业户籍人口比例",
                        "附表：2023年示例县各村监测对象占农业户籍人口比例",
                        "附表：2023年示例县各村监测对象占农业户籍人口比例（续）",
                        "附表：2023年示例县各村监测对象占农业户籍人口比例（续）",
                        "附表：2023年示例县监测对象返贫致贫风险类型（共200户）",
                        "附表：2021—2023年示例县脱贫人口与监测对象人均纯收入",
                        "附表：2023年示例县监测对象帮扶措施（按措施类型）"]
    # Every table ends above the footer (6.85 in), its header's three lines (a narrow column of seven) included.
    for s in prs.slides:
        for sh in s.shapes:
            if sh.has_table:
                bottom = Emu(sh.top).inches + sum(Emu(r.height).inches for r in sh.table.rows)
                assert bottom <= 6.85, (_texts(s)[0], bottom)
    # The townships' table against the chart slide's data: one row per township, the same shares.
    slide = next(s for s in prs.slides if _texts(s)[0] == "附表：2023年示例县各乡镇监测对象占农业户籍人口比例")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    header = [c.text for c in table.rows[0].cells]
    assert "县" not in header          # one county on every row: the title names it
    rows = [[c.text for c in r.cells] for r in list(table.rows)[1:]]
    col = header.index("监测对象占农业户籍人口比例（%）")
    chart = next(sh.chart for sh in _chart_slides(prs, charts["era_share_townships"].title)[0].shapes if sh.has_chart)
    plot = chart.plots[0]
    from_chart = dict(zip(plot.categories, plot.series[0].values))
    assert {r[header.index("乡镇")]: float(r[col]) for r in rows} == from_chart
    # and against the table's own counts: 监测对象 ÷ 农业户籍人口, by hand
    for r in rows:
        people, pop = (int(r[header.index(h)].replace(",", "")) for h in ("监测对象（人）", "农业户籍人口（人）"))
        assert float(r[col]) == round(100 * people / pop, 2)
    # The measures' table: the chart's two series, category by category.
    slide = next(s for s in prs.slides if _texts(s)[0] == "附表：2023年示例县监测对象帮扶措施（按措施类型）")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    rows = [[c.text for c in r.cells] for r in list(table.rows)[1:]]
    m = charts["era_measure_types"]
    assert [r[0] for r in rows] == m.categories
    assert [float(r[1]) for r in rows] == m.series[0].values and [float(r[2]) for r in rows] == m.series[1].values


def test_the_title_keeps_one_line_and_the_cards_hold_their_notes(deck):
    p, prs = deck
    title = next(sh for sh in prs.slides[0].shapes if sh.has_text_frame and sh.text_frame.text == p.title)
    size = title.text_frame.paragraphs[0].runs[0].font.size
    assert size == Pt(36)            # 40 pt wrapped 示例县2023年巩固拓展脱贫攻坚成果工作情况 into the subtitle
    # 18 CJK characters and 4 digits at 36 pt fit the box, with room for the renderer's CJK–Latin spacing.
    assert (18 + 4 * 0.65) * 36 / 72 <= 10.5 < Emu(title.width).inches
    assert slides_mod.title_pt("示例县2019年脱贫攻坚工作情况") == 40
    cards = [sh for sh in prs.slides[1].shapes if sh.shape_type == 1]          # the card rectangles
    texts = [sh for sh in prs.slides[1].shapes if sh.has_text_frame and sh.text_frame.text]
    note = next(sh for sh in texts if sh.text_frame.text.startswith("已纳入监测"))
    card = next(c for c in cards if c.left < note.left < c.left + c.width and c.top < note.top < c.top + c.height)
    # Two lines of 16 pt (about 0.27 in each) and the frame's margins end inside the card.
    two_lines = Emu(note.top).inches + 0.1 + 2 * 16 * 1.2 / 72
    assert two_lines <= Emu(card.top + card.height).inches


def test_dense_clustered_columns_have_no_labels_and_sparse_ones_keep_them(deck):
    p, prs = deck
    dist = next(c for c in p.charts if c.key == "watch_income_distribution")
    assert len(dist.categories) * len(dist.series) > slides_mod.DENSE_BARS and slides_mod.dense(dist)
    chart = next(sh.chart for sh in _chart_slides(prs, dist.title)[0].shapes if sh.has_chart)
    assert not chart.plots[0].has_data_labels
    months = next(c for c in p.charts if c.key == "watch_months")
    assert not slides_mod.dense(months)
    chart = next(sh.chart for sh in _chart_slides(prs, months.title)[0].shapes if sh.has_chart)
    assert chart.plots[0].has_data_labels


def test_every_text_of_the_era_deck_is_16_pt_and_up_but_footers(deck):
    _, prs = deck
    small = []
    for n, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if sh.has_text_frame:
                if Emu(sh.top).inches >= 6.8:          # the source line and page number
                    continue
                for para in sh.text_frame.paragraphs:
                    for run in para.runs:
                        if run.text.strip() and run.font.size is not None and run.font.size < Pt(16):
                            small.append((n, run.text))
            if sh.has_chart:
                c = sh.chart
                assert c.font.size >= Pt(16)
                if c.has_legend:
                    assert c.legend.font.size >= Pt(16)
    assert small == []


def test_the_green_bars_of_exited_villages_are_named_on_the_slide(deck2019):
    from ledgerboard import figures

    p, _ = deck2019
    villages = next(c for c in p.charts if c.key == "incidence_villages")
    green = [c for c, colour in zip(villages.categories, villages.point_colors) if colour == figures.EXITED_COLOR]
    assert green and villages.note.endswith("；绿色为已出列村")
    # The appendix table's 已出列 column names the same villages.
    table = next(t.frame for t in p.tables if t.title == villages.title)
    village_col = next(c for c in table.columns if c in ("村", "行政村"))
    exited_col = next(c for c in table.columns if "已出列" in str(c))
    assert sorted(table.loc[table[exited_col].map(lambda v: v is True or v == "是" or v == 1), village_col]) == sorted(green)
    towns = next(c for c in p.charts if c.key == "incidence_townships")
    assert "绿色" not in towns.note          # township bars are all one colour


def test_appendix_tables_of_the_era_deck_are_16_pt_and_end_above_the_footer(deck):
    _, prs = deck
    sizes, bottoms = set(), []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_table:
                bottoms.append(Emu(sh.top).inches + sum(Emu(r.height).inches for r in sh.table.rows))
                for row in sh.table.rows:
                    for cell in row.cells:
                        sizes |= {run.font.size for p in cell.text_frame.paragraphs for run in p.runs if run.text}
    assert bottoms and sizes == {Pt(16)}
    assert max(bottoms) <= 6.85


@pytest.fixture(scope="module")
def deck2019(demo_packs):
    return _deck(demo_packs, 2019, dt.date(2026, 11, 30))      # test_pack's day: the same deck, built once


def test_the_2019_appendix_tables_are_16_pt_with_every_village_above_the_footer(deck2019):
    p, prs = deck2019
    villages = next(t.frame for t in p.tables if t.title == "2019年示例县各村贫困发生率")
    slides = [s for s in prs.slides if _texts(s)[0].startswith("附表：2019年示例县各村贫困发生率")]
    tables = [next(sh.table for sh in s.shapes if sh.has_table) for s in slides]
    # 27 villages under a two-line header (未脱贫人口（含返贫，人） in seven columns): 12 rows of 16 pt a slide.
    assert [len(t.rows) - 1 for t in tables] == [12, 12, 3]
    assert sum(len(t.rows) - 1 for t in tables) == len(villages) == 27
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_table:
                assert Emu(sh.top).inches + sum(Emu(r.height).inches for r in sh.table.rows) <= 6.85
                for row in sh.table.rows:
                    for cell in row.cells:
                        for para in cell.text_frame.paragraphs:
                            for run in para.runs:
                                assert run.font.size >= Pt(16), (_texts(slide)[0], run.text)


def test_the_measures_slides_note_names_the_standard_they_show(deck2019):
    p, prs = deck2019
    chart = next(c for c in p.charts if c.key == "measure_villages")
    assert chart.kind == "bar" and chart.note == "虚线为每户5项"        # the page's and Word's figure: a dashed line
    slides = _chart_slides(prs, chart.title)
    assert len(slides) == 2
    for slide in slides:
        graph = next(sh.chart for sh in slide.shapes if sh.has_chart)
        assert [s.name for s in graph.plots[0].series] == ["户均帮扶措施（项）"]     # bars only: no line on the slide
        footer = next(t for t in _texts(slide) if t.startswith("数据来源"))
        assert footer.endswith("注：标准为每户5项。") and "虚线" not in footer


def _point_labels(series) -> dict[int, str | None]:
    """Each point's value label as the chart XML says: "t" (above), "b" (below) or None (deleted)."""
    from pptx.oxml.ns import qn

    dlbls = series._element.find(qn("c:dLbls"))
    default = dlbls.find(qn("c:dLblPos")).get("val")
    out = {j: default for j in range(len(series.values))}
    for dlbl in dlbls.findall(qn("c:dLbl")):
        j = int(dlbl.find(qn("c:idx")).get("val"))
        if dlbl.find(qn("c:delete")) is not None:
            out[j] = None
        else:
            out[j] = dlbl.find(qn("c:dLblPos")).get("val")
            assert dlbl.find(qn("c:numFmt")).get("formatCode") == dlbls.find(qn("c:numFmt")).get("formatCode")
    return out


def test_labels_of_the_2019_line_charts_do_not_overprint(deck2019):
    _, prs = deck2019
    for title in ("2014—2019年示例县贫困发生率变化", "2014—2019年示例县建档立卡户人均纯收入与贫困线"):
        chart = next(sh.chart for sh in _chart_slides(prs, title)[0].shapes if sh.has_chart)
        series = list(chart.plots[0].series)
        assert chart.value_axis.minimum_scale == 0
        top = max(v for s in series for v in s.values)
        h = 0.3 / 3.9 * 1.25 * top             # a 16 pt label's height in axis units (0.3 in of a 3.9 in plot)
        labels = {s.name: _point_labels(s) for s in series}
        for j in range(len(chart.plots[0].categories)):
            values = sorted((s.values[j] for s in series), reverse=True)
            boxes = []
            for s in series:
                v, where = s.values[j], labels[s.name][j]
                if where == "t":
                    boxes.append((v, v + h))
                    # no other line passes through the label: the next higher line is two label heights up
                    assert all(w - v >= 2 * h or w <= v for w in values if w != v) or v == values[0]
                elif where == "b":
                    assert v == values[-1] and v - h >= 0      # the lowest line, its label above the axis's 0
                    boxes.append((v - h, v))
            boxes.sort()
            assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:])), (title, j, boxes)
            assert boxes, (title, j)                             # every year has a label
    # By hand, 贫困发生率 in 2014: 白云乡 10.29 highest (above), 石门镇 8.83 lowest (below); the county's 9.41 lies
    # 0.88 points under 白云乡, less than two 16 pt labels (2 × 0.096 × 10.29 = 1.98): no label.
    chart = next(sh.chart for sh in _chart_slides(prs, "2014—2019年示例县贫困发生率变化")[0].shapes if sh.has_chart)
    first = {s.name: _point_labels(s)[0] for s in chart.plots[0].series}
    assert first == {"示例县（%）": None, "白云乡（%）": "t", "石门镇（%）": "b", "青松镇（%）": None}
    # 人均纯收入 in 2014: the poverty line 2,800 above the mean 2,623 and the median 2,614: the line's label above,
    # the median's below, the mean between them unlabelled (it overprinted the poverty line).
    chart = next(sh.chart for sh in _chart_slides(prs, "2014—2019年示例县建档立卡户人均纯收入与贫困线")[0].shapes
                 if sh.has_chart)
    first = {s.name: _point_labels(s)[0] for s in chart.plots[0].series}
    assert first == {"均值（人口加权）": None, "中位数（人口加权）": "b", "当年贫困线": "t"}
    last = {s.name: _point_labels(s)[5] for s in chart.plots[0].series}
    assert last == {"均值（人口加权）": None, "中位数（人口加权）": "t", "当年贫困线": "b"}
