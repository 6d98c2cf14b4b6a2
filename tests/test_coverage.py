"""Honest figures on incomplete data: coverage travels with every figure, missing is not zero (issue #10).

Each test builds the tiny store of one case of the issue and checks the exact figures.
"""

import pytest

from ledgerboard.indicators import KEYS, Area, UnknownArea, metrics
from tests.ledgers import AREAS, HOUSEHOLDS, MEASURES, VILLAGES, household, id_number, load, write


@pytest.fixture
def jia(store, tmp_path):
    """甲镇 2019: 一村 (2 poor people, 100 农业户籍人口) and 二村 (2 poor people, no villages row)."""
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [
        household(1, 2019, "甲镇", "一村", 2), household(2, 2019, "甲镇", "二村", 2)]))
    return store


def test_incidence_over_the_villages_that_have_both_figures(jia, tmp_path):
    load(jia, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "甲镇", "一村", "是", 100, None]]))
    m = metrics(jia, 2019, Area(township="甲镇"))
    assert m["poor_population"] == 4
    assert m["incidence_pct"] == 2.0                 # 2 / 100, not 4 / 100
    assert m["agri_population"] == 100
    cov = m["coverage"]["incidence"]
    assert (cov["covered"], cov["total"], cov["missing"]) == (1, 2, ["二村"])
    assert cov["note"] == "1/2个村有农业户籍人口数据，发生率按这1个村计算（未计入：二村）。"


def test_blank_agricultural_population_counts_as_missing(jia, tmp_path):
    load(jia, write(tmp_path / "v.xlsx", VILLAGES, [
        [2019, "测试县", "甲镇", "一村", "是", 100, None], [2019, "测试县", "甲镇", "二村", "否", None, None]]))
    m = metrics(jia, 2019, Area(township="甲镇"))
    assert m["incidence_pct"] == 2.0
    assert m["coverage"]["incidence"]["missing"] == ["二村"]


@pytest.fixture
def three_towns(store, tmp_path):
    """测试县 2019 with 甲镇 and 乙乡 imported and 石门镇 known only from 2018."""
    load(store, write(tmp_path / "s2018.xlsx", HOUSEHOLDS, [household(9, 2018, "石门镇", "石村", 3)]))
    load(store, write(tmp_path / "j.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 2),
                                                      household(2, 2019, "甲镇", "一村", 3, "已脱贫", 5000, exit_year=2019)]))
    load(store, write(tmp_path / "y.xlsx", HOUSEHOLDS, [household(3, 2019, "乙乡", "三村", 4)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [
        [2019, "测试县", "甲镇", "一村", "是", 200, None], [2019, "测试县", "乙乡", "三村", "是", 200, None],
        [2019, "测试县", "石门镇", "石村", "是", 300, None]]))
    return store


def test_township_not_imported_has_no_figures(three_towns):
    m = metrics(three_towns, 2019, Area(township="石门镇"))
    for key in ("registered_households", "poor_households", "poor_population", "exited_households",
                "incidence_pct", "income_per_capita_mean", "below_line_households"):
        assert m[key] is None, key
    assert m["coverage"]["households"]["note"] == "未导入2019年的建档立卡户台账。"


def test_county_figures_say_which_townships_they_cover(three_towns):
    m = metrics(three_towns, 2019)
    assert (m["registered_households"], m["poor_households"], m["poor_population"]) == (3, 2, 6)
    cov = m["coverage"]["households"]
    assert (cov["covered"], cov["total"], cov["missing"]) == (2, 3, ["石门镇"])
    assert cov["note"] == "3个乡镇中2个已导入2019年建档立卡户台账（缺石门镇），户数、人数和贫困发生率只含这2个乡镇。"
    # Incidence over the villages of the imported townships only: 6 / 400, not 6 / 700.
    assert m["incidence_pct"] == 1.5
    assert m["coverage"]["incidence"]["complete"] is True


def test_no_measures_ledger_means_unknown_coverage(three_towns, tmp_path):
    assert metrics(three_towns, 2019)["household_measure_coverage_pct"] is None
    assert metrics(three_towns, 2019)["coverage"]["measures"]["note"] == "未导入2019年帮扶措施台账，不能计算帮扶措施覆盖率。"
    load(three_towns, write(tmp_path / "m.xlsx", MEASURES, [[2019, id_number(1), "产业扶贫", "发放鸡苗"]]))
    assert metrics(three_towns, 2019)["household_measure_coverage_pct"] == 33.33


def test_no_projects_ledger_means_no_project_figures(three_towns):
    m = metrics(three_towns, 2019)
    assert (m["projects_count"], m["project_investment_wan"], m["villages_with_project"]) == (None, None, None)
    assert m["coverage"]["projects"]["note"] == "未导入2019年扶贫项目台账。"


def test_unknown_township_is_an_error(three_towns):
    with pytest.raises(UnknownArea, match="不存在镇"):
        metrics(three_towns, 2019, Area(township="不存在镇"))


def test_growth_over_the_villages_present_in_both_years(store, tmp_path):
    # 2018 holds only 一村; 2019 holds 一村 (income up from 2 000 to 2 600) and 二村 (much poorer).
    load(store, write(tmp_path / "h2018.xlsx", HOUSEHOLDS, [household(1, 2018, "甲镇", "一村", 2, income=2000)]))
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [
        household(1, 2019, "甲镇", "一村", 2, income=2600), household(2, 2019, "甲镇", "二村", 2, income=1000)]))
    m = metrics(store, 2019, Area(township="甲镇"))
    assert m["income_per_capita_mean"] == 1800.0     # both villages
    assert m["income_growth_pct"] == 30.0            # 一村 only: 2 600 / 2 000; all villages would read −10 %
    assert m["coverage"]["income_growth"]["note"] == "增速按两年都有收入数据的1个村计算（2019年2个村，2018年1个村）。"


def test_growth_against_an_areas_row_is_not_comparable(store, tmp_path):
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 2, income=3300)]))
    load(store, write(tmp_path / "a.xlsx", AREAS, [[2018, "测试县", "县", 50000, 2000, 4.0, 9075]]))
    m = metrics(store, 2019)
    assert m["income_per_capita_mean"] == 3300.0
    assert m["income_growth_pct"] is None            # not 3 300 / 9 075 − 1 = −63.64 %
    assert "口径不同" in m["coverage"]["income_growth"]["note"]


def test_areas_row_answers_where_there_is_no_detail(store, tmp_path):
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 2)]))
    load(store, write(tmp_path / "a.xlsx", AREAS, [[2017, "甲镇", "乡镇", 2000, 100, 5.0, 3100]]))
    m = metrics(store, 2017, Area(township="甲镇"))
    assert (m["poor_population"], m["incidence_pct"], m["income_per_capita_mean"]) == (100, 5.0, 3100.0)
    assert m["agri_population"] == 2000
    assert m["registered_households"] is None
    assert m["sources"] == {"poor_population": "区域汇总表", "incidence_pct": "区域汇总表",
                            "income_per_capita_mean": "区域汇总表", "agri_population": "区域汇总表"}


def test_detail_wins_and_the_disagreement_is_reported(jia, tmp_path):
    load(jia, write(tmp_path / "v.xlsx", VILLAGES, [
        [2019, "测试县", "甲镇", "一村", "是", 100, None], [2019, "测试县", "甲镇", "二村", "是", 100, None]]))
    load(jia, write(tmp_path / "a.xlsx", AREAS, [[2019, "甲镇", "乡镇", 200, 11, 5.5, None]]))
    m = metrics(jia, 2019, Area(township="甲镇"))
    assert (m["poor_population"], m["incidence_pct"]) == (4, 2.0)
    assert m["sources"] == {}
    assert [(w["type"], w["figure"], w["detail"], w["areas_ledger"]) for w in m["warnings"]] == [
        ("数据打架", "poor_population", 4, 11.0), ("数据打架", "incidence_pct", 2.0, 5.5)]
    assert m["warnings"][0]["message"] == "2019年甲镇未脱贫人口：建档立卡户台账为4人，区域汇总表为11人，以户台账为准，请核实。"


def test_one_rounding_rule_for_card_and_table(store, tmp_path):
    from ledgerboard import analysis

    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 5)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "甲镇", "一村", "是", 800, None]]))
    card = metrics(store, 2019)["incidence_pct"]
    table = analysis.incidence_by_village(store, 2019, Area())["incidence_pct"].iloc[0]
    assert card == table == 0.63


def test_complete_data_has_complete_coverage(core_store):
    m = metrics(core_store, 2019, Area(township="甲镇"))
    assert all(c["complete"] for c in m["coverage"].values())
    assert set(m) == {*KEYS, "coverage", "sources", "warnings"}


def test_tables_show_no_counts_for_a_township_not_imported(three_towns):
    from ledgerboard import analysis

    villages = analysis.incidence_by_village(three_towns, 2019, Area()).set_index("village")
    assert villages.loc["石村", ["registered_households", "poor_population", "incidence_pct"]].isna().all()
    assert villages.loc["石村", "agri_population"] == 300
    assert (villages.loc["一村", "poor_population"], villages.loc["一村", "incidence_pct"]) == (2, 1.0)
    towns = analysis.incidence_by_township(three_towns, 2019, Area()).set_index("township")
    assert towns.loc["石门镇", ["registered_households", "poor_population", "incidence_pct"]].isna().all()
    for t in ("甲镇", "乙乡"):
        assert towns.loc[t, "incidence_pct"] == metrics(three_towns, 2019, Area(township=t))["incidence_pct"]


def test_township_incidence_uses_the_same_villages_as_the_card(jia, tmp_path):
    from ledgerboard import analysis

    load(jia, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "甲镇", "一村", "是", 100, None]]))
    towns = analysis.incidence_by_township(jia, 2019, Area())
    assert towns["incidence_pct"].tolist() == [2.0] == [metrics(jia, 2019)["incidence_pct"]]


def test_county_area_counts_projects_of_a_ledger_without_a_county_column(demo_db):
    # The demo's projects ledgers have no 县 column; their rows belong to the store's one county (示例县).
    from ledgerboard.indicators import resolve_area
    from ledgerboard.store import Store

    s = Store(demo_db)
    try:
        m = metrics(s, 2019, resolve_area(s, "示例县"))
        assert (m["projects_count"], m["project_investment_wan"]) == (16, 3578.62)
        assert metrics(s, 2019)["project_investment_wan"] == 3578.62
    finally:
        s.close()
