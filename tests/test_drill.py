"""Drill-down without a browser: customdata keys, selection events → filters and URL."""

import pandas as pd

from ledgerboard import drill
from ledgerboard.area import Area


def test_customdata_keys_for_counties_townships_and_villages():
    villages = pd.DataFrame({"county": ["甲县", None], "township": ["甲镇", None], "village": ["一村", "三村"]})
    assert drill.customdata(villages) == [["甲县", "甲镇", "一村"], ["", "", "三村"]]
    townships = pd.DataFrame({"county": ["甲县", "乙县"], "township": ["甲镇", "甲镇"]})
    assert drill.customdata(townships) == [["甲县", "甲镇", ""], ["乙县", "甲镇", ""]]
    counties = pd.DataFrame({"county": ["甲县"]})
    assert drill.customdata(counties) == [["甲县", "", ""]]


def event(*customdata):
    return {"selection": {"points": [{"curve_number": 0, "x": 1.0, "y": "x", "customdata": c} for c in customdata],
                          "point_indices": [], "box": [], "lasso": []}}


def test_county_bar_filters_to_the_county():
    target = drill.from_selection(event(["乙县", "", "", 12]))
    assert target == Area(county="乙县") and not drill.opens_village(target)
    assert drill.widget_state(target) == {"county": "乙县", "township": "全部", "village": "全部"}


def test_township_bar_filters_to_the_township_of_its_county():
    target = drill.from_selection(event(["乙县", "甲镇", "", 12]))
    assert target == Area("乙县", "甲镇") and not drill.opens_village(target)
    assert drill.widget_state(target) == {"county": "乙县", "township": "甲镇", "village": "全部"}


def test_village_bar_opens_the_village_view():
    target = drill.from_selection(event(["甲县", "乙乡", "三村", 5]))
    assert target == Area("甲县", "乙乡", "三村") and drill.opens_village(target)
    assert drill.widget_state(target) == {"county": "甲县", "township": "乙乡", "village": "三村"}
    assert drill.VILLAGE_PAGE == "pages/village.py"


def test_no_usable_selection():
    assert drill.from_selection(None) is None
    assert drill.from_selection({"selection": {"points": []}}) is None
    assert drill.from_selection(event(None)) is None                 # a point without a drill key (threshold line)
    assert drill.from_selection(event(["", "", "", 0])) is None
    assert drill.from_selection(event(None, ["", "甲镇", "二村"])) == Area(None, "甲镇", "二村")


def test_figure_bars_carry_the_drill_key(core_store):
    from ledgerboard import analysis, figures

    df = analysis.incidence_by_village(core_store, 2019, Area())
    fig = figures.incidence_bar_figure(df, 2.0, "t")
    keys = {tuple(c[:3]) for t in fig.data if t.type == "bar" for c in t.customdata}
    assert keys == {("测试县", "甲镇", "一村"), ("测试县", "甲镇", "二村"), ("测试县", "乙乡", "三村")}
    point = {"customdata": list(fig.data[0].customdata[0])}
    assert drill.opens_village(drill.from_selection({"selection": {"points": [point]}}))


def test_bars_too_short_to_see_get_a_dot_with_their_key_colour_and_label():
    from ledgerboard import figures

    fig = figures.ranked_bar_figure(["甲村", "乙村", "丙村"], [100.0, 1.0, 0.0], "t", value_title="元",
                                    text=["100元", "1元", "0元"], colors=["#1f5fa8", "#1f5fa8", figures.LINE_COLOR],
                                    customdata=[["", "甲镇", "甲村"], ["", "甲镇", "乙村"], ["", "甲镇", "丙村"]])
    bar, dots = fig.data
    assert dots.type == "scatter" and list(dots.y) == ["乙村", "丙村"]        # below 1.5 % of the 122-yuan axis
    assert list(dots.x) == [1.0, 0.0] and list(dots.marker.color) == ["#1f5fa8", figures.LINE_COLOR]
    assert list(dots.text) == ["1元", "0元"] and list(bar.text) == ["100元", "", ""]   # the label moves to the dot
    point = {"customdata": list(dots.customdata[1])}
    assert drill.from_selection({"selection": {"points": [point]}}) == Area(None, "甲镇", "丙村")


def test_exited_villages_at_zero_are_green_dots():
    from ledgerboard import figures

    df = pd.DataFrame({"county": ["测试县"] * 2, "township": ["甲镇"] * 2, "village": ["一村", "二村"],
                       "incidence_pct": [3.0, 0.0], "poor_population": [3, 0], "village_exited": [False, True],
                       "is_poor_village": [True, True]})
    fig = figures.incidence_bar_figure(df, 2.0, "t")
    dots = [t for t in fig.data if t.type == "scatter" and t.mode and "markers" in t.mode]
    assert len(dots) == 1 and list(dots[0].y) == ["二村"] and list(dots[0].marker.color) == [figures.EXITED_COLOR]
    assert [list(k[:3]) for k in dots[0].customdata] == [["测试县", "甲镇", "二村"]]
