"""Every analysis query on the hand-checked core ledgers (tests/fixtures/make_core.py), exact numbers."""

import pandas as pd
import pytest

from ledgerboard import analysis
from ledgerboard.indicators import Area, metrics

COUNTY = Area()
JIA = Area(township="甲镇")


def rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df[cols].itertuples(index=False)]


def test_incidence_by_village(core_store):
    df = analysis.incidence_by_village(core_store, 2019, COUNTY)
    assert rows(df, ["township", "village", "poor_population", "agri_population", "incidence_pct", "village_exited"]) == [
        ("甲镇", "一村", 3, 100, 3.0, True),       # 出列 2019 though 3 % ≥ threshold: a data-quality finding
        ("甲镇", "二村", 4, 200, 2.0, False),      # 返贫 household counts as poor
        ("乙乡", "三村", 5, 300, 1.67, False),
    ]


def test_incidence_empty_year(core_store):
    assert analysis.incidence_by_village(core_store, 2017, COUNTY).empty
    assert analysis.incidence_by_township(core_store, 2017, COUNTY).empty


def test_incidence_by_township_matches_metrics(core_store):
    df = analysis.incidence_by_township(core_store, 2019, COUNTY)
    assert rows(df, ["township", "poor_population", "agri_population", "incidence_pct", "villages", "exited_villages"]) == [
        ("甲镇", 7, 300, 2.33, 2, 1), ("乙乡", 5, 300, 1.67, 1, 0)]
    for t in ("甲镇", "乙乡"):
        assert df.set_index("township").loc[t, "incidence_pct"] == metrics(core_store, 2019, Area(township=t))["incidence_pct"]


def test_incidence_village_year_and_township_year(core_store):
    heat = analysis.incidence_village_year(core_store, JIA)
    assert rows(heat, ["year", "village", "incidence_pct", "village_exited"]) == [
        (2018, "一村", 5.0, False), (2019, "一村", 3.0, True), (2018, "二村", 0.0, False), (2019, "二村", 2.0, False)]
    lines = analysis.incidence_township_year(core_store, COUNTY)
    assert rows(lines, ["year", "township", "incidence_pct"]) == [(2019, "乙乡", 1.67), (2018, "甲镇", 1.67),
                                                                 (2019, "甲镇", 2.33)]


def test_exit_threshold_follows_region(core_store):
    assert analysis.exit_threshold(core_store) == 2.0
    core_store.set_setting("exit_region", "西部")
    assert analysis.exit_threshold(core_store) == 3.0


def test_causes(core_store):
    df = analysis.causes_share(core_store, 2019, COUNTY)
    assert rows(df, ["cause", "households", "population", "share_pct", "cumulative_pct"]) == [
        ("因病", 3, 12, 50.0, 50.0), ("因残", 1, 2, 16.67, 66.67), ("缺技术", 1, 1, 16.67, 83.33),
        ("缺资金", 1, 2, 16.67, 100.0)]
    assert dict(zip(df["cause"], df["households"])) == metrics(core_store, 2019)["causes"]
    assert analysis.causes_share(core_store, 2017, COUNTY).empty


def test_causes_by_village_and_attribute(core_store):
    v = analysis.causes_by_village(core_store, 2019, JIA)
    assert rows(v, ["village", "cause", "households", "share_pct"]) == [
        ("一村", "因残", 1, 50.0), ("一村", "因病", 1, 50.0), ("二村", "因病", 1, 50.0), ("二村", "缺技术", 1, 50.0)]
    a = analysis.causes_by_attribute(core_store, 2019, COUNTY)
    assert rows(a, ["attribute", "cause", "households", "share_pct"]) == [
        ("一般贫困户", "因病", 3, 100.0), ("低保贫困户", "因残", 1, 50.0), ("低保贫困户", "缺资金", 1, 50.0),
        ("特困供养贫困户", "缺技术", 1, 100.0)]


def test_causes_of_remaining_poor_by_year(core_store):
    df = analysis.causes_poor_by_year(core_store, COUNTY)
    assert rows(df, ["year", "cause", "poor_households", "share_pct"]) == [
        (2018, "因残", 1, 50.0), (2018, "因病", 1, 50.0), (2019, "因病", 3, 100.0)]


def test_income_by_year(core_store):
    df = analysis.income_by_year(core_store, COUNTY)
    assert rows(df, ["year", "income_mean", "income_median", "poverty_line", "below_line_households",
                     "below_line_population", "income_growth_pct"]) == [
        (2018, 2900.0, 2600.0, 2995.0, 2, 5, None),       # first year: no growth
        (2019, 3100.0, 3100.0, 3218.0, 3, 12, 6.9),       # median person: 3 100 (乙乡 Y-001, persons 8–12 of 15)
    ]
    for _, r in df.iterrows():
        m = metrics(core_store, int(r["year"]))
        assert r["income_mean"] == m["income_per_capita_mean"]
        assert r["below_line_households"] == m["below_line_households"]


def test_income_by_village_growth_without_previous_year(core_store):
    df = analysis.income_by_village(core_store, 2019, COUNTY)
    assert rows(df, ["village", "income_mean", "income_median", "income_growth_pct", "below_line_households"]) == [
        ("一村", 3800.0, 3000.0, 49.61, 1), ("三村", 3100.0, 3100.0, None, 1), ("二村", 2400.0, 2000.0, -26.38, 1)]
    assert df.set_index("village").loc["二村", "income_growth_pct"] == \
        metrics(core_store, 2019, Area(township="甲镇", village="二村"))["income_growth_pct"]


def test_income_distribution_and_structure(core_store):
    bands = analysis.income_distribution(core_store, 2019, COUNTY, band_yuan=1000, cap_yuan=4000)
    assert rows(bands, ["band_from", "households", "population"]) == [(2000.0, 1, 4), (3000.0, 2, 8), (4000.0, 2, 3)]
    assert analysis.income_structure_by_year(core_store, COUNTY).empty      # the core ledgers have no components


def test_income_parts_long():
    wide = pd.DataFrame({"year": [2019], "wage": [600.0], "business": [300.0], "property": [0.0], "transfer": [100.0],
                         "wage_pct": [60.0], "business_pct": [30.0], "property_pct": [0.0], "transfer_pct": [10.0]})
    long = analysis.income_parts_long(wide)
    assert rows(long, ["part", "amount", "share_pct"]) == [
        ("工资性收入", 600.0, 60.0), ("生产经营性收入", 300.0, 30.0), ("财产性收入", 0.0, 0.0), ("转移性收入", 100.0, 10.0)]


def test_projects_by_category_and_status(core_store):
    cats = analysis.projects_by_category(core_store, 2019, COUNTY)
    assert rows(cats, ["category", "projects", "investment_wan", "fiscal_wan"]) == [
        ("产业扶贫", 1, 100.5, 80.0), ("基础设施", 1, 50.0, 50.0), ("教育扶贫", 1, 20.0, 10.0)]
    m = metrics(core_store, 2019)
    assert cats["investment_wan"].sum() == m["project_investment_wan"]
    status = analysis.projects_status(core_store, 2019, COUNTY)
    assert rows(status, ["status", "projects", "investment_wan"]) == [("在建", 1, 20.0), ("已完工", 1, 100.5),
                                                                     ("已验收", 1, 50.0)]
    village = analysis.projects_by_category(core_store, 2019, Area(township="甲镇", village="二村"))
    assert rows(village, ["category", "projects", "investment_wan"]) == [("基础设施", 1, 50.0)]   # only the 全镇 road


def test_projects_by_village_splits_funds(core_store):
    df = analysis.projects_by_village(core_store, 2019, COUNTY)
    assert rows(df, ["village", "projects", "allocated_investment_wan", "investment_per_household_yuan", "gap"]) == [
        ("一村", 2, 125.5, 627500.0, False),   # 100.5 + half of the 50 万元 全镇 road, 2 households
        ("二村", 1, 25.0, 125000.0, False),
        ("三村", 1, 20.0, 100000.0, False)]
    assert df["allocated_investment_wan"].sum() == metrics(core_store, 2019)["project_investment_wan"]
    # 涉及项目总投资 of 一村 (every project touching it, in full) is not its 分摊到村资金: two names, two figures.
    assert metrics(core_store, 2019, Area(township="甲镇", village="一村"))["project_investment_wan"] == 150.5
    assert {"分摊到村资金（万元）", "分摊到村财政扶贫资金（万元）"} <= set(analysis.table(df).columns)


def test_measures_summary_and_village_table(core_store):
    # 5 measures over 6 households; only J-001 (赵一) has two.
    measures = analysis.projects_measures(core_store, 2019, COUNTY, 2)
    assert analysis.measures_summary(measures) == {
        "households": 6, "measures_per_household": 0.83, "below_min_households": 5, "below_min_pct": 83.3}
    villages = analysis.projects_by_village(core_store, 2019, COUNTY)
    table = analysis.village_project_table(villages, measures)
    assert len(table) == len(villages) and "measures_per_household" in table.columns
    assert analysis.measures_summary(measures.iloc[0:0]) is None


def test_village_with_poor_households_and_no_project(core_store):
    df = analysis.projects_by_village(core_store, 2018, COUNTY)
    assert rows(df, ["village", "poor_households", "projects", "gap"]) == [("一村", 2, 0, True), ("二村", 0, 0, False)]
    cov = analysis.projects_coverage(core_store, 2018, COUNTY)
    assert rows(cov, ["village", "poor_households", "category", "projects"]) == [("一村", 2, None, 0), ("二村", 0, None, 0)]


def test_projects_coverage(core_store):
    cov = analysis.projects_coverage(core_store, 2019, COUNTY)
    assert rows(cov, ["village", "category", "projects"]) == [
        ("三村", "教育扶贫", 1), ("一村", "产业扶贫", 1), ("一村", "基础设施", 1), ("二村", "基础设施", 1)]


@pytest.mark.parametrize("minimum,below", [(1, 2), (2, 5), (5, 6)])
def test_projects_measures(core_store, minimum, below):
    df = analysis.projects_measures(core_store, 2019, COUNTY, minimum)
    assert rows(df, ["village", "registered_households", "measures", "measures_per_household", "covered_households"]) == [
        ("二村", 2, 1, 0.5, 1), ("三村", 2, 2, 1.0, 2), ("一村", 2, 2, 1.0, 1)]
    assert df["below_min_households"].sum() == below
    m = metrics(core_store, 2019)
    assert round(100 * df["covered_households"].sum() / df["registered_households"].sum(), 2) == \
        m["household_measure_coverage_pct"]
    counts = analysis.projects_measure_counts(core_store, 2019, COUNTY)
    assert rows(counts, ["measures", "households"]) == [(0, 2), (1, 3), (2, 1)]


def test_village_households_are_masked(core_store):
    df = analysis.village_households(core_store, 2019, Area("测试县", "甲镇", "一村"))
    assert rows(df, ["household_id", "head_name", "head_id_number", "status", "measures"]) == [
        ("J-001", "赵*", "522224********0014", "未脱贫", 2), ("J-002", "钱*", "522224********002X", "已脱贫", 0)]
    shown = analysis.table(df)
    assert "522224197001010014" not in shown.to_string() and "赵一" not in shown.to_string()


def test_village_projects_and_profile(core_store):
    p = analysis.village_projects(core_store, 2019, Area("测试县", "甲镇", "二村"))
    assert list(p["project_name"]) == ["甲镇通组路硬化"]
    assert analysis.village_projects(core_store, 2019, Area("测试县", "乙乡", "一村")).empty     # township must match too
    prof = analysis.village_profile(core_store, 2019, Area("测试县", "甲镇", "一村"))
    assert (prof["agri_population"], prof["exit_year"], prof["is_poor_village"]) == (100, 2019, True)
    assert analysis.village_profile(core_store, 2017, Area("测试县", "甲镇", "一村")) == {}


def test_table_headers_and_flags(core_store):
    df = analysis.incidence_by_village(core_store, 2019, COUNTY)
    t = analysis.table(df)
    assert list(t.columns)[:4] == ["县", "乡镇", "行政村", "建档立卡户（户）"]
    assert list(t["已出列"]) == ["是", "否", "否"]
    p = analysis.table(analysis.village_projects(core_store, 2019, Area("测试县", "甲镇", "一村")))
    assert list(p["开工时间"]) == ["2019-03-01", "2019-03-01"]


def test_funds_chart_keeps_the_poorest_of_the_unfunded_villages():
    villages = pd.DataFrame({
        "township": ["甲镇"] * 5, "village": ["一村", "二村", "三村", "四村", "五村"],
        "registered_households": [10, 8, 12, 6, 0], "poor_households": [1, 5, 9, 2, 0],
        "investment_per_household_yuan": [100.0, None, 0.0, 50.0, None],
    })
    shown, ranked, unfunded = analysis.funds_chart_rows(villages, top=2)
    assert (ranked, unfunded) == (4, 2)
    assert shown["village"].tolist() == ["三村", "二村"]
    shown, _, _ = analysis.funds_chart_rows(villages, top=1)
    assert shown["village"].tolist() == ["三村"]                  # 9 poor households before 5
    shown, _, _ = analysis.funds_chart_rows(villages, top=3)
    assert shown["village"].tolist() == ["四村", "三村", "二村"]    # largest first, as the chart draws them
