"""Analysis figures: the template, titles, source line, and numbers that agree with metrics()."""

import pandas as pd
import pytest

from ledgerboard import analysis, figures
from ledgerboard.indicators import Area, metrics

SOURCE = "数据来源：测试"


def finished(fig, title):
    assert fig.layout.template.layout.font.family == figures.FONT       # the one template, CJK fonts
    assert fig.layout.title.text == title
    assert any(a.text == SOURCE for a in fig.layout.annotations)
    return fig


def test_incidence_bars_threshold_and_exited(core_store):
    df = analysis.incidence_by_village(core_store, 2019, Area())
    fig = finished(figures.incidence_bar_figure(df, 2.0, "2019年全县各村贫困发生率", SOURCE), "2019年全县各村贫困发生率")
    bars = {t.name: dict(zip(t.y, t.x)) for t in fig.data if t.type == "bar"}
    assert bars == {"未出列贫困村": {"三村": 1.67}, "已出列贫困村": {"一村": 3.0}, "非贫困村": {"二村": 2.0}}
    assert [s.x0 for s in fig.layout.shapes] == [2.0]                  # the exit threshold line
    assert any(t.name == "出列标准 2%" for t in fig.data)
    assert fig.layout.xaxis.title.text == "贫困发生率（%）"


def test_bars_agree_with_metrics_per_village(core_store):
    df = analysis.incidence_by_village(core_store, 2019, Area())
    fig = figures.incidence_bar_figure(df, 2.0, "t")
    shown = {y: x for t in fig.data if t.type == "bar" for y, x in zip(t.y, t.x)}
    for (town, village) in (("甲镇", "一村"), ("甲镇", "二村"), ("乙乡", "三村")):
        assert shown[village] == metrics(core_store, 2019, Area(township=town, village=village))["incidence_pct"]


def test_income_figure_agrees_with_metrics(core_store):
    income = analysis.income_by_year(core_store, Area())
    fig = finished(figures.income_figure(income, "收入", SOURCE), "收入")
    mean = next(t for t in fig.data if t.name == "均值（人口加权）")
    assert list(mean.y) == [metrics(core_store, y)["income_per_capita_mean"] for y in (2018, 2019)]
    assert list(mean.text) == ["2,900", "3,100<br>+6.9%"]
    line = next(t for t in fig.data if t.name == "当年贫困线")
    assert list(line.y) == [2995.0, 3218.0]
    assert fig.layout.yaxis.title.text == "人均纯收入（元）"


def test_distribution_marks_the_line(core_store):
    bands = analysis.income_distribution(core_store, 2019, Area(), band_yuan=1000, cap_yuan=4000)
    fig = finished(figures.income_distribution_figure(bands, 3218.0, 1000, 4000, "分布", SOURCE), "分布")
    assert list(fig.data[0].customdata) == ["2,000–3,000", "3,000–4,000", "4,000+"]
    assert [s.x0 for s in fig.layout.shapes] == [3218.0]
    assert any("贫困线 3,218元" == a.text for a in fig.layout.annotations)


def test_stacked_shares_by_village_carry_drill_keys(core_store):
    df = analysis.causes_by_village(core_store, 2019, Area())
    fig = finished(figures.stacked_share_figure(df, "area", "cause", "share_pct", "households", "构成", SOURCE), "构成")
    ill = next(t for t in fig.data if t.name == "因病")
    assert dict(zip(ill.y, ill.x)) == {"三村": 50.0, "一村": 50.0, "二村": 50.0}
    assert [list(c[:3]) for c in ill.customdata] == [["测试县", "乙乡", "三村"], ["测试县", "甲镇", "一村"], ["测试县", "甲镇", "二村"]]
    assert fig.layout.barmode == "stack"


def test_coverage_matrix_flags_villages_without_projects(core_store):
    cov = analysis.projects_coverage(core_store, 2018, Area())
    fig = figures.coverage_matrix_figure(cov, ["产业扶贫"], "覆盖", SOURCE)
    assert list(fig.data[0].y) == ["一村（2户未脱贫，无项目）", "二村"]
    cov = analysis.projects_coverage(core_store, 2019, Area())
    cats = list(analysis.projects_by_category(core_store, 2019, Area())["category"])
    fig = figures.coverage_matrix_figure(cov, cats, "覆盖", SOURCE)
    assert fig.data[0].z.sum() == 4                         # 3 projects, the 全镇 road reaching two villages


def test_category_funds_agree_with_metrics(core_store):
    cats = analysis.projects_by_category(core_store, 2019, Area())
    fig = finished(figures.category_funds_figure(cats, "资金", SOURCE), "资金")
    assert sum(fig.data[0].y) == metrics(core_store, 2019)["project_investment_wan"]
    assert sum(fig.data[1].y) == metrics(core_store, 2019)["project_fiscal_wan"]


def test_area_labels_disambiguate_same_village_names():
    import pandas as pd
    df = pd.DataFrame({"township": ["甲镇", "乙乡", "乙乡"], "village": ["新村", "新村", "三村"]})
    assert figures.area_labels(df) == ["甲镇·新村", "乙乡·新村", "三村"]
    counties = pd.DataFrame({"county": ["甲县", "乙县", "乙县", "乙县"], "township": ["青松镇", "青松镇", "白岩乡", "青松镇"],
                             "village": ["新村", "新村", "新村", "三村"]})
    assert figures.area_labels(counties) == ["甲县·青松镇·新村", "乙县·青松镇·新村", "白岩乡·新村", "三村"]
    towns = pd.DataFrame({"county": ["甲县", "乙县", "乙县"], "township": ["青松镇", "青松镇", "白岩乡"]})
    assert figures.area_labels(towns) == ["甲县·青松镇", "乙县·青松镇", "白岩乡"]


def test_png_export_renders(core_store):
    df = analysis.causes_share(core_store, 2019, Area())
    fig = figures.ranked_bar_figure(df["cause"], df["households"], "致贫原因", SOURCE, value_title="户数（户）")
    png = figures.png_bytes(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_vertical_bars_leave_room_for_the_tallest_label():
    fig = figures.bar_figure(["未开工", "在建", "已完工", "已验收"], [444, 1359, 2666, 3612], "2019年全县扶贫项目进度",
                             SOURCE, value_title="项目数（个）", category_title="项目进度",
                             text=["444个", "1,359个", "2,666个", "3,612个"])
    low, high = fig.layout.yaxis.range
    assert low == 0 and high == pytest.approx(3612 * 1.18)


def test_stable_colours_per_cause_and_category():
    from ledgerboard.fields import catalog
    causes = catalog().enums["cause"].values
    assert len({figures.CAUSE_COLORS[c] for c in causes if c != "其他"}) == len(causes) - 1     # all different
    assert figures.stable_color("因病") == figures.CAUSE_COLORS["因病"] == "#b8403a"
    assert figures.stable_color("产业扶贫") == figures.CATEGORY_COLORS["产业扶贫"]
    import pandas as pd
    shares = pd.DataFrame({"row": ["甲", "甲", "乙"], "cause": ["因残", "因病", "因病"], "share_pct": [40.0, 60.0, 100.0],
                           "households": [2, 3, 4]})
    fig = figures.stacked_share_figure(shares, "row", "cause", "share_pct", "households", "t")
    assert {t.name: t.marker.color for t in fig.data} == {"因病": "#b8403a", "因残": figures.CAUSE_COLORS["因残"]}


def test_slide_ready_text_is_slide_size():
    fig = figures.causes_figure(
        __import__("pandas").DataFrame({"cause": ["因病", "因残"], "households": [3, 1], "share_pct": [75.0, 25.0]}),
        "致贫原因", SOURCE)
    slide = figures.slide_ready(fig, keep_title=False, height=480)
    assert slide.layout.font.size == figures.SLIDE_FONT_PX == 22          # 16.5 pt at 96 layout px per inch
    assert slide.layout.title.text is None and not slide.layout.annotations     # the slide names title and source
    assert slide.data[0].textfont.size == 22                           # bar labels 16.5 pt too
    assert fig.layout.title.text == "致贫原因"                               # the page's figure is untouched
    png = figures.png_images([figures.slide_ready(fig)], **figures.SLIDE_SIZE)[0]
    import struct
    assert struct.unpack(">II", png[16:24]) == (3200, 1800)


def test_phone_layout_wraps_titles_and_leaves_room_for_the_legend():
    from ledgerboard import figures

    fig = figures.lines_figure(
        pd.DataFrame({"area": ["白云乡", "石门镇", "青松镇"], "year": [2019] * 3, "incidence_pct": [1.0, 2.0, 3.0]}),
        "area", "incidence_pct", "2014—2019年示例县贫困发生率变化", threshold=2.0)
    phone = figures.phone_ready(fig)
    assert phone.layout.title.text == "2014—2019年示例县<br>贫困发生率变化"      # broken after the place
    # 4 legend items (3 townships, the threshold) in columns as wide as 出列标准 2% (148 px): one a row
    assert figures._legend_rows(phone) == 4
    # More than PHONE_LEGEND_TOP_ROWS rows: the legend goes below the plot and the figure grows by its rows.
    assert phone.layout.margin.t == 10 + 2 * figures.PHONE_LINE_PX + 24
    assert phone.layout.margin.b == 90 + 4 * figures.PHONE_LEGEND_ROW_PX + 10
    assert (phone.layout.legend.yref, phone.layout.legend.y, phone.layout.legend.yanchor) == ("container", 0, "bottom")
    assert phone.layout.height == 450 + 4 * figures.PHONE_LEGEND_ROW_PX + 10
    short = figures.phone_ready(figures.lines_figure(
        pd.DataFrame({"area": ["白云乡"], "year": [2019], "incidence_pct": [1.0]}), "area", "incidence_pct", "t"))
    assert figures._legend_rows(short) == 1 and short.layout.legend.y == 1        # a short legend stays on top
    assert fig.layout.title.text == "2014—2019年示例县贫困发生率变化"           # the page's figure is unchanged


def test_era_trend_axis_keeps_to_its_years_on_a_phone():
    # The one-line 巩固拓展（防返贫监测） widened the category axis past 2023 (the phone chart's right third empty).
    years = list(range(2014, 2024))
    fig = figures.era_trend_figure(years, [5354, 3100, 1933, 1147, 603, 284, 6, None, None, None],
                                   [None] * 7 + [218, 396, 578], ("建档立卡未脱贫人口（人）", "防返贫监测对象（人）"), "趋势")
    for f in (fig, figures.phone_ready(fig)):
        assert tuple(f.layout.xaxis.range) == (-0.5, 9.5) and f.layout.xaxis.autorange is False
    texts = [a.text for a in fig.layout.annotations]
    assert "脱贫攻坚<br>（建档立卡）" in texts and "巩固拓展<br>（防返贫监测）" in texts


def test_half_width_title_breaks_over_two_lines_and_the_figure_grows():
    import plotly.graph_objects as go

    title = "2014—2019年示例县未脱贫户（含返贫）致贫原因构成变化"
    fig = figures.finish(go.Figure(go.Bar(x=["a"], y=[1])), title)
    fig.update_layout(height=450)
    built = fig.to_json()
    fig = figures.half_width_title(built_fig := fig, title)
    assert built_fig.to_json() == built          # a copy: a figure shared by every session stays as it was built
    assert fig.layout.title.text == "2014—2019年示例县未脱贫户（含返贫）<br>致贫原因构成变化"
    assert fig.layout.height == 450 + figures.PHONE_LINE_PX + 4 and fig.layout.margin.t == 90 + figures.PHONE_LINE_PX + 4
    # The phone layout re-wraps the title as typed, never keeping the desktop's break.
    assert "<br>" in figures.phone_ready(fig).layout.title.text
    short = figures.finish(go.Figure(), "2019年示例县各类贫困户的致贫原因")
    assert figures.half_width_title(short, "2019年示例县各类贫困户的致贫原因").layout.title.text == \
        "2019年示例县各类贫困户的致贫原因"


def test_a_title_without_a_break_in_its_second_half_goes_over_lines_of_even_length():
    # 25 characters: cut at the limit, the second line was the single character "时".
    assert figures._wrap("2023年示例县消除风险的监测对象从识别到消除用时", 24) == ["2023年示例县消除风险的", "监测对象从识别到消除用时"]
    assert figures._wrap("甲" * 30, 24) == ["甲" * 15, "甲" * 15]
    assert figures._wrap("2023年示例县监测对象风险消除情况（帮扶消除与自然消除）", 24) == [
        "2023年示例县监测对象风险消除情况", "（帮扶消除与自然消除）"]


def test_long_column_labels_go_over_two_lines_and_keep_their_data():
    bands = ["不足3个月", "3–5个月", "6–11个月", "12–17个月", "18–23个月", "24个月及以上"]
    fig = figures.grouped_figure(bands, [("帮扶消除", [0, 0, 22, 15, 14, 0], "#2f8f5b")], "用时", value_title="户数（户）",
                                 category_title="识别到消除用时")
    assert list(fig.data[0].x) == bands                   # hover and the data table keep the label
    assert list(fig.layout.xaxis.tickvals) == bands and fig.layout.xaxis.tickangle == 0
    assert list(fig.layout.xaxis.ticktext) == ["不足3个月", "3–5个月", "6–11<br>个月", "12–17<br>个月", "18–23<br>个月",
                                               "24个月<br>及以上"]
    months = figures.grouped_figure([f"{m}月" for m in range(1, 13)], [("新识别", [1] * 12, "#d9822b")], "月",
                                    value_title="户数（户）")
    assert months.layout.xaxis.ticktext is None           # short labels as they are
    named = figures.grouped_figure(["甲<b>村&乙村委员会"], [("户", [1], "#d9822b")], "村", value_title="户数（户）")
    assert list(named.layout.xaxis.tickvals) == list(named.data[0].x) == ["甲&lt;b&gt;村&amp;乙村委员会"]
    assert list(named.layout.xaxis.ticktext) == ["甲&lt;b&gt;村&amp;<br>乙村委员会"]     # markup from a file stays text


def test_grouped_horizontal_bars_draw_the_first_series_on_top():
    # Plotly offsets a group's first trace towards lower y; on a reversed axis that is the top of the pair, so the
    # bars read top down in the legend's order (全部监测对象 above 其中风险未消除).
    fig = figures.grouped_figure(["因病", "因残"], [("全部监测对象", [70, 29], "#9fb3c8"),
                                                  ("其中风险未消除", [24, 15], "#b8403a")],
                                 "风险", value_title="户数（户）", horizontal=True)
    assert fig.layout.yaxis.autorange == "reversed" and list(fig.layout.yaxis.categoryarray) == ["因病", "因残"]
    assert [t.name for t in fig.data] == ["全部监测对象", "其中风险未消除"]
    assert fig.layout.legend.traceorder == "normal"
    full = fig.full_figure_for_development(warn=False)
    low, high = full.layout.yaxis.range
    assert low > high          # drawn top down: 因病 (position 0) at the top, the first trace above the second


def test_phone_column_labels_of_several_parts_go_one_part_a_line():
    fig = figures.bar_figure(["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"], [148, 44, 8], "类别",
                             value_title="户数（户）", category_title="监测对象类别",
                             text=["148户 · 419人 · 74.0%", "44户 · 134人 · 22.0%",
                                                            "8户 · 25人 · 4.0%"])
    assert tuple(fig.layout.yaxis.range) == (0, 148 * 1.18)
    phone = figures.phone_ready(fig)
    assert list(phone.data[0].text) == ["148户<br>419人<br>74.0%", "44户<br>134人<br>22.0%", "8户<br>25人<br>4.0%"]
    assert phone.layout.yaxis.range[1] == pytest.approx(148 * 1.18 * 1.16)      # two more lines above the column
    assert list(fig.data[0].text)[0] == "148户 · 419人 · 74.0%"                   # the desktop figure unchanged


def test_a_place_without_monitored_households_has_a_clickable_total():
    fig = figures.stacked_count_figure(["马鞍山村", "河坝村"], [("脱贫不稳定户", [15, 0], "#b8403a"),
                                                          ("边缘易致贫户", [1, 0], "#d9822b")],
                                       "各村", value_title="监测对象（户）",
                                       customdata=[["白云乡", "马鞍山村"], ["石门镇", "河坝村"]])
    totals = fig.data[-1]
    assert totals.type == "scatter" and list(totals.text) == ["16户", "0户"]
    # hoverinfo "skip" made plotly ignore clicks on it: 河坝村 (no bar) could not be drilled into.
    assert totals.hoverinfo == "none" and [list(c) for c in totals.customdata][1] == ["石门镇", "河坝村"]


def test_phone_grouped_columns_of_many_bars_have_upright_labels():
    trend = pd.DataFrame({"year": list(range(2014, 2020)), "registered_households": [2926, 3021, 3104, 3201, 3201, 3201],
                          "poor_households": [1945, 1197, 774, 479, 292, 163],
                          "exited_households": [981, 848, 517, 397, 191, 136]})
    fig = figures.counts_by_year_figure(trend, "户数")
    phone = figures.phone_ready(fig)
    assert [t.textangle for t in phone.data] == [-90, -90, -90]          # 18 bars at 390 px
    assert tuple(phone.layout.yaxis.range) == (0, 3201 * 1.25)           # room above 3,201 for its upright label
    assert all(t.textangle is None for t in fig.data)                   # the desktop's stay level
    few = figures.counts_by_year_figure(trend.tail(3), "户数")           # 9 bars: room for level labels
    assert all(t.textangle is None for t in figures.phone_ready(few).data)
