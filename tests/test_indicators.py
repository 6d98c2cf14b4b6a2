"""Every indicator on the hand-checked core ledgers (tests/fixtures/make_core.py)."""

import pytest

from ledgerboard.indicators import KEYS, Area, UnknownArea, metrics, resolve_area


def test_county_2019_every_indicator(core_store):
    m = metrics(core_store, 2019)
    assert set(m) == {*KEYS, "coverage", "sources", "warnings"}
    assert {k: m[k] for k in KEYS} == {
        "registered_households": 6,
        "registered_population": 17,
        "poor_households": 3,                 # 未脱贫 ×2 and 返贫 ×1
        "poor_population": 12,
        "exited_households": 2,               # exit_year 2019, one derived from 脱贫年度 alone
        "exited_population": 4,
        "agri_population": 600,
        "incidence_pct": 2.0,                 # 12 / 600
        "causes": {"因病": 3, "因残": 1, "缺技术": 1, "缺资金": 1},
        "income_per_capita_mean": 3100.0,     # 46 500 元 / 15 people with an income
        "income_growth_pct": 6.9,             # 甲镇's villages, the only ones with 2018 data: 3 100 vs 2 900
        "below_line_households": 3,           # under 3 218 元 (national line 2019)
        "projects_count": 3,
        "project_investment_wan": 170.5,
        "project_fiscal_wan": 140.0,
        "villages_with_project": 3,           # 全镇 reaches 一村 and 二村
        "household_measure_coverage_pct": 66.67,  # 4 of 6, one matched by 户编号 only
    }
    assert m["coverage"]["income_growth"]["note"] == "增速按两年都有收入数据的2个村计算（2019年3个村，2018年2个村）。"
    assert (m["sources"], m["warnings"]) == ({}, [])


def test_township_figures(core_store):
    m = metrics(core_store, 2019, Area(township="甲镇"))
    assert (m["registered_households"], m["registered_population"], m["poor_population"]) == (4, 10, 7)
    assert m["incidence_pct"] == 2.33
    assert (m["projects_count"], m["project_investment_wan"], m["villages_with_project"]) == (2, 150.5, 2)
    assert m["household_measure_coverage_pct"] == 50.0
    y = metrics(core_store, 2019, Area(township="乙乡"))
    assert (y["incidence_pct"], y["household_measure_coverage_pct"], y["income_growth_pct"]) == (1.67, 100.0, None)


def test_townships_add_up_to_county(core_store):
    county = metrics(core_store, 2019)
    parts = [metrics(core_store, 2019, Area(township=t)) for t in ("甲镇", "乙乡")]
    for key in ("registered_households", "registered_population", "poor_households", "poor_population",
                "exited_households", "exited_population", "agri_population", "below_line_households",
                "projects_count"):
        assert sum(p[key] for p in parts) == county[key], key


def test_village_growth_and_whole_township_project(core_store):
    m = metrics(core_store, 2019, Area(township="甲镇", village="二村"))
    assert m["income_per_capita_mean"] == 2400.0
    assert m["income_growth_pct"] == -26.38     # 2018: 16 300 / 5
    assert (m["projects_count"], m["project_investment_wan"]) == (1, 50.0)  # only the 全镇 road
    assert m["incidence_pct"] == 2.0


def test_year_without_data_and_without_previous_year(core_store):
    # No ledger of 2017 at all: every figure unknown, none of them 0.
    m = metrics(core_store, 2017)
    assert all(m[k] is None for k in KEYS if k != "causes") and m["causes"] == {}
    assert m["coverage"]["households"]["missing"] == ["乙乡", "甲镇"]
    first = metrics(core_store, 2018)
    assert first["income_per_capita_mean"] == 2900.0 and first["income_growth_pct"] is None
    # 2018 has no measures or projects ledger: unknown, not 0 %.
    assert first["household_measure_coverage_pct"] is None and first["projects_count"] is None
    # 乙乡 (known from 2019) has no 2018 snapshot: the county figures are 甲镇's, and say so.
    assert first["registered_households"] == 4
    assert first["coverage"]["households"]["missing"] == ["乙乡"]


def test_areas_row_answers_where_no_detail(core_store):
    area = resolve_area(core_store, "全国")
    m = metrics(core_store, 2019, area)
    assert m["poor_population"] == 5_510_000      # 551 万人
    assert m["incidence_pct"] == 0.6
    assert m["income_per_capita_mean"] == 11567.0
    assert m["income_growth_pct"] == 11.53
    assert m["registered_households"] is None


def test_resolve_area(core_store):
    assert resolve_area(core_store, "甲镇") == Area(county="测试县", township="甲镇")
    assert resolve_area(core_store, "三村") == Area(county="测试县", township="乙乡", village="三村")
    assert resolve_area(core_store, "测试县") == Area(county="测试县")
    with pytest.raises(UnknownArea, match="没有地区"):
        resolve_area(core_store, "火星村")


def test_poverty_line_setting_changes_below_line(core_store):
    core_store.set_setting("line_region", "省定标准（示例）")
    assert metrics(core_store, 2019)["below_line_households"] == 3   # 3 747: 3 000, 2 000, 3 100
    assert metrics(core_store, 2018)["below_line_households"] == 4   # 3 535: all four of 甲镇


def test_demo_townships_add_up_to_county_every_year(demo_db):
    from ledgerboard.store import Store

    s = Store(demo_db)
    townships = list(s.query("townships", county=None)["township"])
    assert len(townships) >= 3
    for year in range(2014, 2021):
        county = metrics(s, year)
        parts = [metrics(s, year, Area(township=t)) for t in townships]
        for key in ("registered_households", "registered_population", "poor_households", "poor_population",
                    "exited_households", "exited_population", "agri_population", "projects_count"):
            assert sum(p[key] for p in parts) == county[key], (year, key)
        assert abs(sum(p["project_investment_wan"] for p in parts) - county["project_investment_wan"]) < 0.01
        assert all(county[k] is not None for k in KEYS if k != "income_growth_pct" or year > 2014), year
    s.close()
