"""Honest figures, part 2 (issue #20): a place without a ledger is not a place without poverty.

One test per case of the issue, each on the tiny store of that case, with the exact figures the spec asks for.
Coverage comes from one rule (the ledger_coverage macro); rounding is half up, once, in one place.
"""

import pytest

from ledgerboard import analysis, upload
from ledgerboard.importer import parse_file
from ledgerboard.indicators import Area, metrics, resolve_area
from ledgerboard.summary import summary_text
from ledgerboard.trends import trend
from tests.ledgers import AREAS, HOUSEHOLDS, VILLAGES, household, id_number, load, write

MEASURES_AT = ["年度", "县", "乡镇", "行政村", "户主身份证号", "帮扶措施类别", "帮扶措施内容"]
PROJECTS = ["年度", "县", "项目名称", "项目类型", "乡镇", "建设地点", "总投资（万元）", "财政扶贫资金（万元）", "项目进度"]


def measure(n: int, township: str, village: str, year: int = 2019) -> list:
    return [year, "测试县", township, village, id_number(n), "产业扶贫", "发放鸡苗"]


def project(name: str, township: str, where: str, investment: float, fiscal: float, year: int = 2019) -> list:
    return [year, "测试县", name, "基础设施", township, where, investment, fiscal, "已完工"]


@pytest.fixture
def east_south(store, tmp_path):
    """测试县 2019: 东镇一村 (household 1, 2 people) and 南镇南村 (household 2, 3 people), both with 农业户籍人口."""
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 2),
                                                      household(2, 2019, "南镇", "南村", 3)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "东镇", "一村", "是", 200, None],
                                                     [2019, "测试县", "南镇", "南村", "是", 300, None]]))
    return store


# 1 -------------------------------------------------------------------------------------------------------------
def test_1_a_village_whose_households_file_is_not_uploaded_is_not_imported(store, tmp_path):
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "东镇", "一村", "是", 400, None],
                                                     [2019, "测试县", "东镇", "二村", "是", 400, None]]))
    load(store, write(tmp_path / "一村.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 4),
                                                         household(2, 2019, "东镇", "一村", 4)]))
    m = metrics(store, 2019, Area(township="东镇"))
    assert (m["poor_population"], m["incidence_pct"], m["agri_population"]) == (8, 2.0, 400)
    cov = m["coverage"]["households"]
    assert (cov["level"], cov["covered"], cov["total"], cov["missing"], cov["complete"]) == ("村", 1, 2, ["二村"], False)
    assert cov["note"] == "1/2个村已导入2019年建档立卡户台账（缺二村），户数、人数和贫困发生率只含这1个村。"
    villages = analysis.incidence_by_village(store, 2019, Area(township="东镇")).set_index("village")
    assert villages.loc["二村", ["registered_households", "poor_population", "incidence_pct"]].isna().all()
    assert villages.loc["一村", "incidence_pct"] == 2.0
    assert analysis.not_imported_note(villages.reset_index(), 2019) == (
        "1个村未导入2019年建档立卡户台账，不在图中，表中无户数：二村。")
    assert analysis.incidence_by_township(store, 2019, Area())["incidence_pct"].tolist() == [2.0]


# 2 -------------------------------------------------------------------------------------------------------------
def test_2_measures_of_one_township_say_nothing_of_the_other(east_south, tmp_path):
    load(east_south, write(tmp_path / "m.xlsx", MEASURES_AT, [measure(1, "东镇", "一村")]))
    south = metrics(east_south, 2019, Area(township="南镇"))
    assert south["household_measure_coverage_pct"] is None
    assert south["coverage"]["measures"]["note"] == "未导入2019年帮扶措施台账，不能计算帮扶措施覆盖率。"
    county = metrics(east_south, 2019)
    assert county["household_measure_coverage_pct"] == 100.0        # 东镇 only, not 1 / 2 = 50 %
    assert county["coverage"]["measures"]["note"] == (
        "2个乡镇中1个已导入2019年帮扶措施台账（缺南镇），帮扶措施覆盖率只含这1个乡镇。")


# 3 -------------------------------------------------------------------------------------------------------------
def test_3_projects_of_one_township_say_nothing_of_the_other(east_south, tmp_path):
    load(east_south, write(tmp_path / "p.xlsx", PROJECTS, [project("修路", "东镇", "一村", 50, 40)]))
    south = metrics(east_south, 2019, Area(township="南镇"))
    assert (south["projects_count"], south["project_investment_wan"], south["villages_with_project"]) == (None,) * 3
    assert south["coverage"]["projects"]["note"] == "未导入2019年扶贫项目台账。"
    county = metrics(east_south, 2019)
    assert (county["projects_count"], county["project_investment_wan"], county["project_fiscal_wan"]) == (1, 50.0, 40.0)
    assert county["coverage"]["projects"]["note"] == (
        "2个乡镇中1个已导入2019年扶贫项目台账（缺南镇），项目数和资金只含这1个乡镇。")


# 4 -------------------------------------------------------------------------------------------------------------
def test_4_a_village_missing_from_the_measures_file_is_not_imported(store, tmp_path):
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 2),
                                                      household(2, 2019, "东镇", "二村", 3)]))
    load(store, write(tmp_path / "m.xlsx", MEASURES_AT, [measure(1, "东镇", "一村")]))
    east = Area(township="东镇")
    measures = analysis.projects_measures(store, 2019, east)
    assert measures["village"].tolist() == ["一村"]
    summary = analysis.measures_summary(measures)
    assert (summary["households"], summary["below_min_households"], summary["below_min_pct"]) == (1, 1, 100.0)
    table = analysis.village_project_table(analysis.projects_by_village(store, 2019, east), measures).set_index("village")
    assert table.loc["二村", ["measures", "measures_per_household", "below_min_households"]].isna().all()
    m = metrics(store, 2019, east)
    assert m["household_measure_coverage_pct"] == 100.0
    assert m["coverage"]["measures"]["note"] == "1/2个村已导入2019年帮扶措施台账（缺二村），帮扶措施覆盖率只含这1个村。"


# 5 -------------------------------------------------------------------------------------------------------------
def test_5_growth_is_like_with_like_on_every_page(store, tmp_path):
    load(store, write(tmp_path / "h2018.xlsx", HOUSEHOLDS, [household(1, 2018, "东镇", "一村", 2, income=2000)]))
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 2, income=2200),
                                                          household(2, 2019, "东镇", "二村", 2, income=6000)]))
    m = metrics(store, 2019)
    assert m["income_growth_pct"] == 10.0                      # 一村 2 200 / 2 000, not 4 100 / 2 000 (+105 %)
    years = analysis.income_by_year(store, Area()).set_index("year")
    assert years.loc[2019, "income_growth_pct"] == 10.0
    assert years.loc[2019, "income_mean"] == m["income_per_capita_mean"] == 4100.0
    assert "增长10.00%" in summary_text(store, 2019, m=m)


# 6 -------------------------------------------------------------------------------------------------------------
def test_6_incidence_is_rounded_half_up_everywhere(store, tmp_path):
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 20),
                                                      household(2, 2019, "东镇", "一村", 21)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "东镇", "一村", "是", 4000, None]]))
    assert metrics(store, 2019)["incidence_pct"] == 1.03                 # 41 / 4000 = 1.025 %
    assert analysis.incidence_by_village(store, 2019, Area())["incidence_pct"].tolist() == [1.03]
    assert analysis.incidence_by_township(store, 2019, Area())["incidence_pct"].tolist() == [1.03]
    assert analysis.incidence_by_county(store, 2019, Area())["incidence_pct"].tolist() == [1.03]
    assert trend(store, Area()).set_index("year").loc[2019, "incidence_pct"] == 1.03
    assert analysis.incidence_village_year(store, Area())["incidence_pct"].tolist() == [1.03]
    assert analysis.incidence_township_year(store, Area())["incidence_pct"].tolist() == [1.03]


# 7 -------------------------------------------------------------------------------------------------------------
def test_7_mean_income_is_exact(store, tmp_path):
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 1, income=2957.59),
                                                      household(2, 2019, "东镇", "一村", 1, income=2957.60)]))
    assert metrics(store, 2019)["income_per_capita_mean"] == 2957.6       # 2957.595 half up
    assert analysis.income_by_year(store, Area())["income_mean"].tolist() == [2957.6]
    assert trend(store, Area())["income_per_capita_mean"].tolist() == [2957.6]
    assert analysis.income_by_village(store, 2019, Area())["income_mean"].tolist() == [2957.6]


# 8 -------------------------------------------------------------------------------------------------------------
def test_8_a_township_known_only_from_the_projects_ledger_is_a_place(east_south, tmp_path):
    load(east_south, write(tmp_path / "p.xlsx", PROJECTS, [project("北镇产业园", "北镇", "全镇", 50, 30),
                                                          project("修路", "东镇", "一村", 20, 10),
                                                          project("修渠", "南镇", "南村", 10, 5)]))
    assert east_south.query("townships", county=None)["township"].tolist() == ["东镇", "北镇", "南镇"]
    north = resolve_area(east_south, township="北镇")
    assert north == Area("测试县", "北镇")
    m = metrics(east_south, 2019, north)
    assert (m["projects_count"], m["project_investment_wan"]) == (1, 50.0)
    assert m["registered_households"] is None and m["poor_population"] is None
    assert m["coverage"]["households"]["note"] == "未导入2019年的建档立卡户台账。"
    county = metrics(east_south, 2019)
    assert county["project_investment_wan"] == 80.0
    assert county["coverage"]["households"]["note"] == (
        "3个乡镇中2个已导入2019年建档立卡户台账（缺北镇），户数、人数和贫困发生率只含这2个乡镇。")


# 9 -------------------------------------------------------------------------------------------------------------
def test_9_a_township_known_only_from_an_areas_row_is_a_place(east_south, tmp_path):
    load(east_south, write(tmp_path / "a.xlsx", AREAS, [[2019, "西乡", "乡镇", 1000, 30, 3.0, 5000]]))
    assert "西乡" in east_south.query("townships", county="测试县")["township"].tolist()
    west = resolve_area(east_south, township="西乡")
    assert west == Area("测试县", "西乡")
    m = metrics(east_south, 2019, west)
    assert (m["poor_population"], m["incidence_pct"], m["income_per_capita_mean"]) == (30, 3.0, 5000.0)
    assert m["sources"] == {"poor_population": "区域汇总表", "incidence_pct": "区域汇总表",
                            "income_per_capita_mean": "区域汇总表", "agri_population": "区域汇总表"}
    assert m["registered_households"] is None
    assert summary_text(east_south, 2019, west, m=m).startswith(
        "2019年，西乡农村贫困人口30人，贫困发生率3.00%，农村居民人均可支配收入5,000元（以上为区域汇总表数据）。")


# 10 ------------------------------------------------------------------------------------------------------------
def test_10_household_size_unmapped_blocks_the_import_and_is_never_zero_people(store, tmp_path):
    header = [h for h in HOUSEHOLDS if h != "家庭人口数（人）"]
    rows = [[v for h, v in zip(HOUSEHOLDS, household(n, 2019, "东镇", "一村", 1)) if h != "家庭人口数（人）"]
            for n in range(1, 4)]
    path = write(tmp_path / "no_size.xlsx", header, rows)
    p = parse_file(path)
    chosen = upload.default_choices(p)
    assert upload.missing_required(p, chosen) == ["家庭人口数"]
    assert upload.blocked_text(path.name, p, chosen) == (
        "“no_size.xlsx”不能导入：贫困户台账必须有“家庭人口数”列，但现在没有任何列对应“家庭人口数”。"
        "请在下面的“列对应”中把含该数据的列选为“家庭人口数”；表中没有这一列时，请在原表中补上后重新上传。")
    load(store, path)            # the command line imports it anyway: its people are unknown, not 0
    m = metrics(store, 2019)
    assert (m["registered_households"], m["registered_population"], m["poor_households"], m["poor_population"]) == (
        3, None, 3, None)
    assert summary_text(store, 2019, m=m).startswith("2019年，测试县现有建档立卡贫困户3户、人数不详，其中未脱贫（含返贫）3户（人数不详）")


def test_10_a_roster_counts_people_from_its_member_rows():
    from tests.test_importer_messy import ROSTER

    p = parse_file(ROSTER)
    assert upload.missing_required(p, upload.default_choices(p)) == []


# 11 ------------------------------------------------------------------------------------------------------------
def test_11_a_blank_main_cause_is_its_own_phrase(store, tmp_path):
    rows = [household(n, 2019, "东镇", "一村", 2) for n in range(1, 6)]
    for r in rows:
        r[HOUSEHOLDS.index("主要致贫原因")] = None
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, rows))
    text = summary_text(store, 2019)
    assert "从致贫原因看，未填写致贫原因的有5户，占比100%" in text
    assert "其他" not in text


# 12 ------------------------------------------------------------------------------------------------------------
def test_12_growth_is_rounded_once(store, tmp_path):
    load(store, write(tmp_path / "h2018.xlsx", HOUSEHOLDS, [household(1, 2018, "东镇", "一村", 1, income=10000)]))
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 1, income=11364.9)]))
    m = metrics(store, 2019)
    assert m["income_growth_pct"] == 13.65                               # 13.649 % half up, once
    assert "比上年增长13.65%" in summary_text(store, 2019, m=m)          # the card's figure, not 13.7 %
    assert analysis.income_by_year(store, Area()).set_index("year").loc[2019, "income_growth_pct"] == 13.65


# 13 ------------------------------------------------------------------------------------------------------------
def test_13_an_areas_only_year_summary_uses_what_the_cards_use(store, tmp_path):
    load(store, write(tmp_path / "h2019.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 2)]))
    load(store, write(tmp_path / "a.xlsx", AREAS, [[2017, "甲镇", "乡镇", 2000, 100, 5.0, 3100]]))
    text = summary_text(store, 2017, Area(township="甲镇"))
    assert text.startswith("2017年，甲镇农村贫困人口100人，贫困发生率5.00%，农村居民人均可支配收入3,100元"
                           "（以上为区域汇总表数据）。")
    assert "暂无数据" not in text


# 14 ------------------------------------------------------------------------------------------------------------
def test_14_funds_split_over_villages_add_up_to_the_projects_total(store, tmp_path):
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(n, 2019, "东镇", v, 2)
                                                      for n, v in enumerate(("一村", "二村", "三村"), 1)]))
    load(store, write(tmp_path / "p.xlsx", PROJECTS, [project("产业园", "东镇", "全镇", 100, 10),
                                                     project("修路", "东镇", "一村、二村", 0.05, 0.01)]))
    villages = analysis.projects_by_village(store, 2019, Area()).set_index("village")
    assert villages["allocated_investment_wan"].to_dict() == {"一村": 33.37, "二村": 33.35, "三村": 33.33}
    assert villages["allocated_fiscal_wan"].to_dict() == {"一村": 3.35, "二村": 3.33, "三村": 3.33}
    assert round(villages["allocated_investment_wan"].sum(), 2) == metrics(store, 2019)["project_investment_wan"] == 100.05


def test_14_the_demo_villages_add_up_to_the_projects_total_in_every_year(demo_db):
    from ledgerboard.store import Store

    s = Store(demo_db)
    try:
        for year in range(2014, 2021):
            for area in (Area(), Area(township="青松镇")):
                villages = analysis.projects_by_village(s, year, area)
                m = metrics(s, year, area)
                assert round(villages["allocated_investment_wan"].sum(), 2) == m["project_investment_wan"], (year, area)
                assert round(villages["allocated_fiscal_wan"].sum(), 2) == m["project_fiscal_wan"], (year, area)
    finally:
        s.close()


# 15 ------------------------------------------------------------------------------------------------------------
def test_15_project_table_of_a_township_not_imported_has_no_household_counts(store, tmp_path):
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "东镇", "一村", 2)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "南镇", "南村", "是", 300, None]]))
    load(store, write(tmp_path / "p.xlsx", PROJECTS, [project("修渠", "南镇", "南村", 10, 5)]))
    villages = analysis.projects_by_village(store, 2019, Area(township="南镇")).set_index("village")
    assert villages.loc["南村", ["registered_households", "poor_households"]].isna().all()
    assert villages.loc["南村", "allocated_investment_wan"] == 10.0
    coverage = analysis.projects_coverage(store, 2019, Area(township="南镇"))
    assert coverage["poor_households"].isna().all()


# 16 ------------------------------------------------------------------------------------------------------------
def test_16_a_village_without_projects_when_the_ledger_is_there(east_south, tmp_path):
    load(east_south, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(3, 2019, "东镇", "二村", 2)]))
    load(east_south, write(tmp_path / "p.xlsx", PROJECTS, [project("修路", "东镇", "一村", 50, 40)]))
    village = Area("测试县", "东镇", "二村")
    m = metrics(east_south, 2019, village)
    assert (m["projects_count"], m["project_investment_wan"]) == (0, 0.0)
    assert analysis.projects_by_category(east_south, 2019, village).empty
    assert analysis.no_projects_text(2019, "东镇二村", "二村", m["projects_count"]) == "本村2019年没有扶贫项目。"
    assert analysis.no_projects_text(2018, "东镇二村", "二村", None).startswith("2018年东镇二村没有扶贫项目台账数据")


# 17 ------------------------------------------------------------------------------------------------------------
def test_17_the_note_of_a_missing_township_names_the_incidence_too(store, tmp_path):
    load(store, write(tmp_path / "s2018.xlsx", HOUSEHOLDS, [household(9, 2018, "石门镇", "石村", 3)]))
    load(store, write(tmp_path / "h.xlsx", HOUSEHOLDS, [household(1, 2019, "甲镇", "一村", 2),
                                                      household(2, 2019, "乙乡", "三村", 3)]))
    load(store, write(tmp_path / "v.xlsx", VILLAGES, [[2019, "测试县", "甲镇", "一村", "是", 200, None],
                                                     [2019, "测试县", "乙乡", "三村", "是", 300, None]]))
    m = metrics(store, 2019)
    assert m["incidence_pct"] == 1.0                                    # 5 / 500 over 甲镇 and 乙乡
    assert m["coverage"]["households"]["note"] == (
        "3个乡镇中2个已导入2019年建档立卡户台账（缺石门镇），户数、人数和贫困发生率只含这2个乡镇。")
