"""The overview trend agrees with the indicator engine year by year; its figure is export-ready."""

from ledgerboard import figures
from ledgerboard.indicators import Area, metrics
from ledgerboard.trends import incomplete_years, trend


def test_trend_matches_metrics(core_store):
    t = trend(core_store, Area())
    assert t["year"].tolist() == [2018, 2019]
    for row in t.itertuples():
        m = metrics(core_store, row.year)
        assert (row.registered_households, row.poor_population, row.exited_households) == (
            m["registered_households"], m["poor_population"], m["exited_households"])
        assert row.incidence_pct == m["incidence_pct"]
    t = trend(core_store, Area(township="乙乡"))
    assert t["year"].tolist() == [2019] and t["incidence_pct"].tolist() == [1.67]


def test_trend_figure_uses_template_and_chinese_labels(core_store):
    fig = figures.trend_figure(trend(core_store, Area()), "全县2018—2019年未脱贫人口与贫困发生率", "数据来源：测试")
    assert fig.layout.template.layout.font.family.startswith('"Noto Sans CJK SC"')
    assert fig.layout.title.text == "全县2018—2019年未脱贫人口与贫困发生率"
    assert [tr.name for tr in fig.data] == ["贫困发生率（%）", "建档立卡人口（人）", "未脱贫人口（含返贫，人）"]
    assert list(fig.data[2].y) == [5, 12]
    png = figures.png_bytes(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


def test_trend_says_which_years_cover_part_of_the_area(core_store):
    # 乙乡 is known (2019) but its 2018 snapshot was never imported.
    t = trend(core_store, Area())
    assert t[["year", "townships_loaded", "townships_known"]].values.tolist() == [[2018, 1, 2], [2019, 2, 2]]
    assert incomplete_years(t) == "2018年只含2个乡镇中的1个（其余乡镇未导入建档立卡户台账）。"
    assert incomplete_years(trend(core_store, Area(township="甲镇"))) == ""
