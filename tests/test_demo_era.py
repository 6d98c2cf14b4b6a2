"""The demo county continues into the monitoring era: 2021–2025 exports in the monitoring system's layout, whose
figures in `metrics` equal an independent recomputation with pandas over the files themselves."""

from __future__ import annotations

import datetime as dt
import statistics

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from ledgerboard import DEMO_DIR
from ledgerboard.indicators import metrics
from ledgerboard.numbers import round_half_up
from tests.conftest import store_copy

ERA = range(2021, 2026)
# The demo's own monitoring lines (README, "The monitoring line"): written here, not read from the code.
DEMO_LINES = {2021: 6000, 2022: 6500, 2023: 7300, 2024: 7600, 2025: 7900}
TOWNSHIPS = ("青松镇", "白云乡", "石门镇")
TYPES = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")


def _sheet(path) -> pd.DataFrame:
    """An export: its name, then "导出时间：…", then the header."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert str(rows[0][0]).startswith("（") and str(rows[1][0]).startswith("导出时间：")
    return pd.DataFrame(rows[3:], columns=rows[2]).replace("", None)


def _export(year: int) -> pd.DataFrame:
    frames = []
    for t in TOWNSHIPS:
        rows = CalamineWorkbook.from_path(str(DEMO_DIR / f"monitoring_{year}_{t}.xlsx")).get_sheet_by_index(0).to_python()
        assert rows[0] == ["（自定义）监测对象信息"] + [""] * (len(rows[0]) - 1)
        assert str(rows[1][0]).startswith(f"导出时间：{year}-12-18")
        frames.append(pd.DataFrame(rows[3:], columns=rows[2]))
    return pd.concat(frames, ignore_index=True).replace("", None)


def _date(cell) -> dt.date | None:
    """The three forms of the exports: 2022-05-10, an Excel serial, 2022年5月."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(cell))
    if "年" in cell:
        y, m = cell.rstrip("月").split("年")
        return dt.date(int(y), int(m), 1)
    return dt.date.fromisoformat(cell)


def _households(df: pd.DataFrame) -> pd.DataFrame:
    heads = df[df["与户主关系"] == "户主"].set_index("户编号")
    heads["size"] = df.groupby("户编号").size()
    heads["income"] = heads["人均纯收入（元）"].astype(float)
    return heads


def _registered_2020() -> pd.DataFrame:
    df = pd.concat([pd.read_excel(DEMO_DIR / f"households_2020_{t}.xlsx", dtype={"户编号": str, "户主身份证号": str},
                                  engine="calamine") for t in TOWNSHIPS], ignore_index=True)
    return df.set_index("户编号")


def _weighted(h: pd.DataFrame, income: str = "income", size: str = "size") -> float:
    return (h[income] * h[size]).sum() / h[size].sum()


@pytest.fixture(scope="module")
def era_store(demo_db, tmp_path_factory):
    with store_copy(demo_db, tmp_path_factory.mktemp("era") / "demo.duckdb") as store:
        yield store


@pytest.mark.parametrize("year", ERA)
def test_demo_figures_equal_a_recomputation_over_its_files(era_store, year):
    h = _households(_export(year))
    prev = _households(_export(year - 1)) if year > 2021 else _registered_2020().rename(
        columns={"家庭人口数（人）": "size", "人均纯收入（元）": "income"})
    m = metrics(era_store, year)
    exited = h[h["户类型"] == "脱贫户"]
    monitored = h[h["监测对象类别"].notna()]
    eliminated = monitored[monitored["风险是否已消除"] == "是"]
    open_ = monitored[monitored["风险是否已消除"] != "是"]
    assert (m["exited_poor_households"], m["exited_poor_population"]) == (len(exited), exited["size"].sum())
    assert (m["monitored_households"], m["monitored_population"]) == (len(monitored), monitored["size"].sum())
    assert m["monitored_by_type"] == {t: int((monitored["监测对象类别"] == t).sum()) for t in TYPES}
    assert (m["risk_open_households"], m["risk_open_population"]) == (len(open_), open_["size"].sum())
    assert (m["risk_eliminated_households"], m["risk_eliminated_population"]) == (len(eliminated), eliminated["size"].sum())
    assert m["risk_eliminated_by"] == {w: int((eliminated["风险消除方式"] == w).sum()) for w in ("帮扶消除", "自然消除")}
    assert m["risk_eliminated_pct"] == round(100 * len(eliminated) / len(monitored), 2)
    assert m["risk_types"] == monitored["致贫/返贫风险1"].value_counts().to_dict()
    identified = monitored["识别监测时间"].map(_date)
    assert m["newly_monitored_households"] == int((identified.map(lambda d: d.year) == year).sum())
    months = [(e.year - i.year) * 12 + e.month - i.month
              for i, e in zip(eliminated["识别监测时间"].map(_date), eliminated["消除监测时间"].map(_date))
              if e is not None and e.year == year]
    assert m["months_to_eliminate_median"] == round(statistics.median(months), 1)
    assert m["exited_poor_income_mean"] == round(_weighted(exited), 2)
    assert m["monitored_income_mean"] == round(_weighted(monitored), 2)
    both = exited.index.intersection(prev.index)
    growth = 100 * (_weighted(exited.loc[both]) / _weighted(prev.loc[both]) - 1)
    assert m["exited_poor_income_growth_pct"] == round(growth, 2)
    jobs = _sheet(DEMO_DIR / f"migrant_{year}.xlsx")
    exited_people = set(_export(year).query("户类型 == '脱贫户'")["证件号码"])
    working = set(jobs.loc[jobs["是否已务工"] == "是", "证件号码"])
    assert m["employed_exited_labour"] == len(working & exited_people)
    assert jobs["证件号码"].duplicated().any()          # someone with two jobs (or a job and a plan)
    # The 建档立卡 figures mean nothing here.
    assert m["poor_households"] is None and m["incidence_pct"] is None
    # 监测对象占比: monitored people over the 农业户籍人口 of the year's 行政村信息, every village having both.
    info = _sheet(DEMO_DIR / f"village_info_{year}.xlsx")
    assert len(info) == 27 and set(h["村"]) == set(info["行政村"])
    agri = info["农业户籍人口数"].astype(int).sum()
    assert m["monitored_share_pct"] == round_half_up(100 * monitored["size"].sum() / agri, 2)
    assert m["coverage"]["monitored_share"]["complete"] and m["coverage"]["monitoring"]["complete"]
    # The demo's own monitoring line of the year: households below it, monitored or not.
    line = DEMO_LINES[year]
    below = h[h["income"] < line]
    assert m["monitoring_line"] == line
    assert m["below_monitoring_line"] == {"monitored": int(below["监测对象类别"].notna().sum()),
                                          "not_monitored": int(below["监测对象类别"].isna().sum())}
    assert min(m["below_monitoring_line"].values()) > 0
    # The year's 衔接资金项目台账 (its own column names: 其中：衔接资金, 实施地点; 产业发展 read as 产业扶贫).
    projects = pd.read_excel(DEMO_DIR / f"projects_{year}.xlsx", engine="calamine")
    assert m["projects_count"] == len(projects)
    assert m["project_investment_wan"] == round_half_up(projects["项目总投资（万元）"].sum(), 2)
    assert m["project_fiscal_wan"] == round_half_up(projects["其中：衔接资金（万元）"].sum(), 2)
    villages = set()
    for township, place in zip(projects["乡镇"], projects["实施地点"]):
        villages |= (set(info.loc[info["乡(镇)"] == township, "行政村"]) if place in ("全镇", "全乡")
                     else set(place.split("、")))
    assert m["villages_with_project"] == len(villages)
    assert m["coverage"]["projects"]["complete"]


def test_every_demo_exited_household_is_an_exited_household_of_2020(era_store):
    registered = _registered_2020()
    exited_2020 = set(registered.index[registered["脱贫状态"] == "已脱贫"])
    # A 突发严重困难户 written 户类型 脱贫户 in 2024 is a planted suspect (精准核查: era_exited_not_registered_2020).
    planted = {2024: {"5222241030029014"}}
    for year in ERA:
        h = _households(_export(year))
        codes = set(h.index[h["户类型"] == "脱贫户"])
        assert codes - exited_2020 == planted.get(year, set()), year
        assert metrics(era_store, year)["exited_poor_unmatched"] == len(planted.get(year, ())), year
        codes -= planted.get(year, set())
        # Same head as in 2020.
        heads = h.loc[sorted(codes), "证件号码"]
        assert (heads == registered.loc[sorted(codes), "户主身份证号"]).all()
    # The trend runs from 2014 to 2025 through both regimes.
    trend = metrics(era_store, 2025)["regime_trend"]
    assert [t["year"] for t in trend] == list(range(2014, 2026))
    assert trend[6]["poor_households"] == 4 and trend[7]["exited_poor_households"] == 3197


def test_the_demo_plants_suspects_of_the_era():
    e23 = _households(_export(2023))
    assert ((e23["监测对象类别"] == "脱贫不稳定户") & (e23["户类型"] != "脱贫户")).sum() == 1
    assert ((e23["风险是否已消除"] == "是") & e23["消除监测时间"].isna()).sum() == 1
    e24 = _households(_export(2024))
    quick = e24[(e24["风险消除方式"] == "帮扶消除") & e24["消除监测时间"].notna()]
    gaps = [(_date(e) - _date(i)).days for i, e in zip(quick["识别监测时间"], quick["消除监测时间"])]
    assert min(gaps) < 183
    phones = _households(_export(2021))["家庭成员联系电话"]
    assert (phones.str.len() != 11).sum() == 1


def test_the_village_information_continues_the_2020_villages_ledger():
    """户籍户数, 户籍人口数 and 农业户籍人口数 go on from the 2020 村基本情况 and grow slightly every year."""
    v2020 = pd.read_excel(DEMO_DIR / "villages.xlsx", engine="calamine").query("`年度` == 2020").set_index("行政村")
    prev = v2020.rename(columns={"总户数（户）": "户籍户数", "总人口（人）": "户籍人口数", "农业户籍人口（人）": "农业户籍人口数"})
    for year in ERA:
        info = _sheet(DEMO_DIR / f"village_info_{year}.xlsx").set_index("行政村")
        assert set(info.index) == set(prev.index), year
        for col in ("户籍户数", "户籍人口数", "农业户籍人口数"):
            now, before = info[col].astype(int), prev.loc[info.index, col].astype(int)
            assert (now >= before).all() and (now <= before * 1.02 + 1).all(), (year, col)
        assert (info["农业户籍人口数"].astype(int) <= info["户籍人口数"].astype(int)).all()
        prev = info


def test_some_open_risks_have_no_measure_yet():
    """A few households identified late in the year carry no 帮扶 measure in that year's export (risk open)."""
    measures = ["综合保障", "产业帮扶", "就业帮扶", "健康帮扶", "教育帮扶"]
    for year in ERA:
        df = _export(year)
        support = df.groupby("户编号")[measures].apply(lambda g: g.notna().any().any())
        h = _households(df)
        open_ = h[h["监测对象类别"].notna() & (h["风险是否已消除"] == "否")]
        without = int((~support.loc[open_.index]).sum())
        assert 1 <= without <= 6, (year, without)


def test_the_demo_lines_are_the_demo_store_s_own(era_store, demo_db, tmp_path):
    """The demo's lines are in force on the demo store; a real import puts them out of force (未设置监测范围), and an
    admin's line is the one in force."""
    from ledgerboard import monitoring
    from ledgerboard.importer import import_file
    from tests.era_ledgers import MONITORING, members, write_export

    assert [(r["year"], r["line_yuan"], r["demo"]) for r in monitoring.lines(era_store)] == [
        (y, float(x), True) for y, x in DEMO_LINES.items()]
    with store_copy(demo_db, tmp_path / "real.duckdb") as store:
        rows = members("H1", 10, 2, ["脱贫户", None, None, None, None, None, None, None, 5000, 2500])
        r = import_file(store, write_export(tmp_path / "监测对象信息.xlsx", "（自定义）监测对象信息", "2023-12-18", MONITORING,
                                            rows))
        assert r["status"] == "imported"
        m = metrics(store, 2023)
        assert m["monitoring_line"] is None and m["below_monitoring_line"] is None
        assert "未设置监测范围" in m["coverage"]["below_monitoring_line"]["note"]
        assert monitoring.lines(store) == []
        monitoring.set_line(store, 2023, 7300)
        assert metrics(store, 2023)["below_monitoring_line"] == {"monitored": 0, "not_monitored": 1}
