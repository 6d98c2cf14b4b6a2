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
