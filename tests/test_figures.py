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
