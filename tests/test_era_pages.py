"""致贫原因, 收入增长, 项目覆盖 and 贫困发生率 in a year of 防止返贫动态监测 (2021 on): the era's figures under the
era's titles, never a 建档立卡 figure; a 2014–2020 year as before. Numbers by hand on a tiny store built from
exports in the monitoring system's layout, and against metrics() on the demo county."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import catalogue, era_analysis
from ledgerboard.area import Area
from ledgerboard.importer import import_file
from ledgerboard.importer.pipeline import Options
from ledgerboard.indicators import metrics
from ledgerboard.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT, app_on, chart_title, with_admin
from tests.era_ledgers import ERA_PROJECTS, MONITORING, VILLAGE_INFO, members, write_export
from tests.ledgers import write

PAGES = ("pages/causes.py", "pages/income.py", "pages/projects.py", "pages/incidence.py")
REGISTRY_WORDS = ("致贫原因", "未脱贫", "贫困发生率", "建档立卡", "贫困户", "扶贫项目")
MONITORING_WORDS = ("监测对象", "返贫致贫风险", "脱贫人口人均纯收入", "衔接资金", "防止返贫")
INCIDENCE_ENDED = "贫困发生率是脱贫攻坚阶段的指标，2020年脱贫攻坚目标任务完成后不再统计。"


def _values(v):
    """plotly sends numeric arrays base64-encoded."""
    return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist() if isinstance(v, dict) else list(v)


def _open(path: str, login: bool = False, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    if login:
        at.text_input(key="login_username").input(ADMIN)
        at.text_input(key="login_password").input(ADMIN_PASSWORD)
        at.button[-1].click().run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _figures(at: AppTest) -> dict[str, dict]:
    return {chart_title(c): json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _text(at: AppTest) -> str:
    """Everything a reader sees on the page: titles, notes, cards, chart titles and labels, table headers and cells."""
    parts = [t.value for t in at.title] + [str(e.value) for k in ("caption", "info", "warning", "subheader", "markdown")
                                             for e in at.get(k)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    for fig in _figures(at).values():
        parts.append(json.dumps(fig["layout"], ensure_ascii=False))
        for t in fig["data"]:
            parts += [str(t.get("name", "")), json.dumps(t.get("text", ""), ensure_ascii=False),
                      json.dumps(t.get("y", "") if t.get("orientation") == "h" else t.get("x", ""), ensure_ascii=False)]
    for df in at.dataframe:
        parts += [" ".join(map(str, df.value.columns)), df.value.to_string()]
    return "\n".join(parts)


# The demo county -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_a_2023_page_shows_the_monitoring_era_only(app_db, path):
    at = _open(path, year=2023)
    assert at.get("plotly_chart") or path == "pages/incidence.py"
    text = _text(at)
    if path == "pages/incidence.py":
        assert [i.value for i in at.info if i.value.startswith(INCIDENCE_ENDED)], "the note that 贫困发生率 ended"
        text = text.replace(INCIDENCE_ENDED, "", 1)
    found = [w for w in REGISTRY_WORDS if w in text]
    assert not found, found
    assert "监测对象" in text


@pytest.mark.parametrize("path", PAGES)
def test_a_2019_page_has_no_monitoring_wording(app_db, path):
    at = _open(path, year=2019)
    text = _text(at)
    assert not [w for w in MONITORING_WORDS if w in text]
    titles = set(_figures(at))
    expected = {"pages/causes.py": "2019年示例县建档立卡户主要致贫原因（共", "pages/income.py": "2014—2019年示例县建档立卡户人均纯收入与贫困线",
                "pages/projects.py": "2019年示例县扶贫项目资金（按项目类别）", "pages/incidence.py": "2019年示例县各村贫困发生率"}[path]
    assert any(t.startswith(expected) for t in titles), titles
    assert not any(t.startswith(("2019年示例县监测对象", "2019年示例县脱贫人口")) for t in titles)


def test_the_2023_pages_equal_metrics(app_db):
    s = Store(app_db)
    try:
        m = metrics(s, 2023)
        mq = metrics(s, 2023, Area("示例县", "青松镇"))
    finally:
        s.close()

    figs = _figures(_open("pages/causes.py", year=2023))
    bars = figs[f"2023年示例县监测对象返贫致贫风险类型（共{m['monitored_households']}户）"]["data"][0]
    assert dict(zip(bars["y"], _values(bars["x"]))) == m["risk_types"]
    open_bars = figs[f"2023年示例县风险未消除监测对象返贫致贫风险类型（共{m['risk_open_households']}户）"]["data"][0]
    assert dict(zip(open_bars["y"], _values(open_bars["x"]))) == m["risk_types_open"]

    at = _open("pages/income.py", year=2023, township="青松镇")
    cards = {c.label: (c.value, c.delta) for c in at.metric}
    assert cards["脱贫人口人均纯收入"] == (catalogue.fmt("exited_poor_income_mean", mq["exited_poor_income_mean"]),
                                    f"比上年{mq['exited_poor_income_growth_pct']:+.2f}%")
    assert cards["监测对象人均纯收入"][0] == catalogue.fmt("monitored_income_mean", mq["monitored_income_mean"])
    trend = _figures(at)["2021—2023年青松镇脱贫人口与监测对象人均纯收入"]["data"][0]
    assert trend["x"][-1] == "2023" and round(_values(trend["y"])[-1], 2) == mq["exited_poor_income_mean"]

    at = _open("pages/incidence.py", year=2023)
    cards = {c.label: (c.value, c.delta) for c in at.metric}
    # The demo's 2023 行政村信息 gives the 农业户籍人口 of every village.
    assert m["monitored_share_pct"] is not None
    assert cards["监测对象占农业户籍人口比例"][0] == catalogue.fmt("monitored_share_pct", m["monitored_share_pct"])
    assert cards["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")


# A tiny store from exports in the real layout ------------------------------------------------------------------
def _household(kind, category=None, eliminated=None, method=None, risk1=None, risk2=None, income=None):
    """The household fields of one export row, in MONITORING's order (wage = half the income)."""
    return [kind, category, "2022-05-10" if category else None, eliminated, method, "2023-03-15" if method else None,
            risk1, risk2, income, None if income is None else income / 2]


def _with_measures(rows: list, health: str | None = None, industry: str | None = None) -> list:
    for r in rows:
        r[MONITORING.index("健康帮扶")], r[MONITORING.index("产业帮扶")] = health, industry
    return rows


# 2023, 测试县青松镇 (甲村 H1–H4, 乙村 H6–H7; 丙村 is in the 行政村信息 but its export is missing: 未导入):
#   H1 脱贫户, 3 persons, 9,000 元                                  H6 脱贫户, 2 persons, 12,000
#   H2 脱贫户 + 脱贫不稳定户, 因病, eliminated (帮扶消除), 2 p, 8,000, 健康帮扶
#   H3 监测户 + 边缘易致贫户, 因残 then 因学, open, 4 p, 6,500, 产业帮扶  H7 监测户 + 边缘易致贫户, 因残, open, 2 p, 6,000,
#   H4 监测户 + 突发严重困难户, 因病, open, 1 p, 7,000, no measure          健康帮扶 and 产业帮扶
ROWS_2023 = [
    *members("H1", 10, 3, _household("脱贫户", income=9000)),
    *_with_measures(members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "是", "帮扶消除", "因病", income=8000)), "医疗救助"),
    *_with_measures(members("H3", 30, 4, _household("监测户", "边缘易致贫户", "否", None, "因残", "因学", income=6500)),
                    None, "肉牛养殖"),
    *members("H4", 40, 1, _household("监测户", "突发严重困难户", "否", None, "因病", income=7000)),
    *members("H6", 60, 2, _household("脱贫户", income=12000), village="乙村"),
    *_with_measures(members("H7", 70, 2, _household("监测户", "边缘易致贫户", "否", None, "因残", income=6000), village="乙村"),
                    "大病救助", "小额信贷"),
]
# 2022: the same three 脱贫户 at 8,000 / 7,000 / 11,000.
ROWS_2022 = [
    *members("H1", 10, 3, _household("脱贫户", income=8000)),
    *members("H2", 20, 2, _household("脱贫户", income=7000)),
    *members("H6", 60, 2, _household("脱贫户", income=11000), village="乙村"),
]
VILLAGES_2023 = [["测试县", "青松镇", "甲村", "是", 40, 160, 100], ["测试县", "青松镇", "乙村", "否", 20, 70, 50],
                 ["测试县", "青松镇", "丙村", "否", 30, 90, 80]]
# 衔接资金项目 of 2023: 产业发展 → 产业扶贫, 乡村建设行动 and 搬迁后续扶持 → 易地搬迁后扶 (era types).
PROJECTS_2023 = [["甲村肉牛养殖", "产业发展", "青松镇", "甲村", 120, 100, 30, 95, "已完工"],
                 ["乙村通组路硬化", "乡村建设行动", "青松镇", "乙村", 80.5, 60, 12, 40, "在建"],
                 ["安置点后续扶持", "搬迁后续扶持", "青松镇", "甲村、乙村", 50, 50, 20, 60, "已验收"]]


def _import(store, path, **opts):
    r = import_file(store, path, opts=Options(**opts)) if opts else import_file(store, path)
    assert r["status"] == "imported", r["errors"][:3] or r["message"]
    return r


def _build(store, tmp_path) -> None:
    _import(store, write_export(tmp_path / "监测对象信息2022.xlsx", "（自定义）监测对象信息", "2022-12-20", MONITORING, ROWS_2022))
    _import(store, write_export(tmp_path / "监测对象信息.xlsx", "（自定义）监测对象信息", "2023-12-18", MONITORING, ROWS_2023))
    _import(store, write_export(tmp_path / "行政村信息.xlsx", "（自定义）行政村信息", "2023-12-18", VILLAGE_INFO, VILLAGES_2023))
    r = _import(store, write(tmp_path / "2023年衔接资金项目.xlsx", ERA_PROJECTS, PROJECTS_2023), year=2023, county="测试县")
    assert r["kind"] == "projects"


@pytest.fixture
def tiny(store, tmp_path):
    _build(store, tmp_path)
    return store


def _rows(df: pd.DataFrame, *cols) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df[list(cols)].itertuples(index=False)]


def test_risk_types_by_hand(tiny):
    a = Area()
    # 因病: H2, H4 (3 persons, open H4); 因残: H3, H7 (6 persons, both open). First risk only: H3's 因学 not counted.
    assert _rows(era_analysis.risk_share(tiny, 2023, a), "risk", "households", "population", "open_households",
                 "share_pct", "open_share_pct") == [("因残", 2, 6, 2, 50.0, 66.67), ("因病", 2, 3, 1, 50.0, 33.33)]
    assert _rows(era_analysis.risk_by_village(tiny, 2023, a), "village", "risk", "households", "share_pct") == [
        ("乙村", "因残", 1, 100.0), ("甲村", "因病", 2, 66.67), ("甲村", "因残", 1, 33.33)]
    assert _rows(era_analysis.risk_by_category(tiny, 2023, a), "monitor_type", "risk", "households") == [
        ("脱贫不稳定户", "因病", 1), ("边缘易致贫户", "因残", 2), ("突发严重困难户", "因病", 1)]
    assert metrics(tiny, 2023)["risk_types"] == {"因病": 2, "因残": 2}


def test_income_by_hand(tiny):
    years = era_analysis.income_by_year(tiny, Area())
    # 2023 脱贫人口: (9000·3 + 8000·2 + 12000·2) / 7; 2022: (8000·3 + 7000·2 + 11000·2) / 7; growth 67000 / 60000 − 1.
    # 监测对象 2023: (8000·2 + 6500·4 + 7000·1 + 6000·2) / 9; 2022: none.
    assert _rows(years, "year", "exited_poor_income_mean", "exited_poor_income_growth_pct", "monitored_income_mean") == [
        (2022, 8571.43, None, None), (2023, 9571.43, 11.67, 6777.78)]
    m = metrics(tiny, 2023)
    assert (m["exited_poor_income_mean"], m["exited_poor_income_growth_pct"]) == (9571.43, 11.67)
    villages = era_analysis.income_by_village(tiny, 2023, Area())
    # 甲村: H1, H2 → 43000 / 5 = 8600 against 38000 / 5 = 7600 (+13.16%); 乙村: H6 12000 / 11000 (+9.09%); 丙村 未导入.
    assert _rows(villages, "village", "exported", "exited_poor_income_mean", "exited_poor_income_growth_pct",
                 "monitored_income_mean") == [("丙村", False, None, None, None), ("乙村", True, 12000.0, 9.09, 6000.0),
                                              ("甲村", True, 8600.0, 13.16, 7000.0)]
    assert era_analysis.not_exported_note(villages, 2023) == "1个村未导入2023年监测对象信息，不在图中：丙村。"
    bands = era_analysis.income_distribution(tiny, 2023, Area())
    assert _rows(bands, "band_from", "exited_poor_households", "monitored_households") == [
        (6000.0, 0, 2), (7000.0, 0, 1), (8000.0, 1, 1), (9000.0, 1, 0), (12000.0, 1, 0)]
    parts = era_analysis.income_structure(tiny, Area())
    # The export fills 工资性收入 only (half the income) for 脱贫户: 100 % wage.
    assert _rows(parts, "year", "wage", "wage_pct", "transfer_pct") == [(2022, 4000 + 3500 + 5500, 100.0, 0.0),
                                                                        (2023, 4500 + 4000 + 6000, 100.0, 0.0)]


def test_monitored_share_by_hand(tiny):
    villages = era_analysis.share_by_village(tiny, 2023, Area())
    # 甲村: H2 2 + H3 4 + H4 1 = 7 of 100; 乙村: H7 2 of 50; 丙村 has 农业户籍人口 but no export: null, never 0.
    assert _rows(villages, "village", "exported", "monitored_population", "agri_population", "monitored_share_pct") == [
        ("丙村", False, None, 80, None), ("乙村", True, 2, 50, 4.0), ("甲村", True, 7, 100, 7.0)]
    towns = era_analysis.share_by_township(tiny, 2023, Area())
    assert _rows(towns, "township", "villages", "villages_covered", "monitored_population", "agri_population",
                 "monitored_share_pct") == [("青松镇", 3, 2, 9, 150, 6.0)]
    assert metrics(tiny, 2023)["monitored_share_pct"] == 6.0
    table = era_analysis.table(villages)
    assert table.loc[table["行政村"] == "丙村", "已导入监测对象信息"].tolist() == ["未导入"]


def test_measure_coverage_by_hand(tiny):
    coverage = era_analysis.measure_coverage(tiny, 2023, Area())
    # 甲村: H2, H3 of H2–H4 (open H3, H4: H3 covered); 乙村: H7 of H7.
    assert _rows(coverage, "village", "monitored_households", "covered_households", "coverage_pct", "open_households",
                 "open_covered_households", "open_coverage_pct") == [
        ("乙村", 1, 1, 100.0, 1, 1, 100.0), ("甲村", 3, 2, 66.67, 2, 1, 50.0)]
    assert era_analysis.measure_summary(coverage) == {
        "monitored_households": 4, "covered_households": 3, "coverage_pct": 75.0, "open_households": 3,
        "open_covered_households": 2, "open_coverage_pct": 66.67, "uncovered_open_households": 1}
    assert _rows(era_analysis.measure_types(tiny, 2023, Area()), "measure", "households", "open_households") == [
        ("产业帮扶", 2, 2), ("健康帮扶", 2, 1)]


def test_a_2023_projects_ledger_with_its_era_columns_imports(tiny):
    cur = tiny.cursor()
    got = cur.execute("select project_name, category, total_investment, fiscal_funds, beneficiary_households, "
                      "beneficiary_population, status from projects where year = 2023 order by project_name").fetchall()
    assert got == [("乙村通组路硬化", "乡村建设行动", 80.5, 60.0, 12, 40, "在建"),
                   ("安置点后续扶持", "易地搬迁后扶", 50.0, 50.0, 20, 60, "已验收"),
                   ("甲村肉牛养殖", "产业扶贫", 120.0, 100.0, 30, 95, "已完工")]
    m = metrics(tiny, 2023)
    assert (m["projects_count"], m["project_investment_wan"], m["project_fiscal_wan"], m["villages_with_project"]) == (
        3, 250.5, 210.0, 2)


@pytest.fixture
def tiny_app(tmp_path, monkeypatch):
    path = tmp_path / "tiny.duckdb"
    s = Store(path)
    _build(s, tmp_path)
    s.close()
    with_admin(path)
    with app_on(path, monkeypatch) as p:
        yield p


def test_the_tiny_store_on_the_pages(tiny_app):
    at = _open("pages/projects.py", login=True, year=2023)
    cards = {c.label: c.value for c in at.metric}
    assert (cards["衔接资金项目"], cards["项目总投资"], cards["其中财政衔接资金"], cards["项目覆盖村"]) == (
        "3个", "250.50万元", "210.00万元", "2个")
    assert (cards["帮扶措施覆盖率"], cards["风险未消除户覆盖率"], cards["风险未消除且无帮扶措施"]) == ("75.00%", "66.67%", "1户")
    bars = _figures(at)["2023年测试县衔接资金项目投资（按项目类型）"]["data"]
    assert bars[0]["x"] == ["产业扶贫", "乡村建设行动", "易地搬迁后扶"] and _values(bars[0]["y"]) == [120, 80.5, 50]
    assert [t["name"] for t in bars] == ["总投资（万元）", "其中财政衔接资金（万元）"]

    at = _open("pages/incidence.py", login=True, year=2023)
    assert {c.label: c.value for c in at.metric}["监测对象占农业户籍人口比例"] == "6.00%"
    bars = _figures(at)["2023年测试县各村监测对象占农业户籍人口比例"]["data"][0]
    assert dict(zip(bars["y"], _values(bars["x"]))) == {"甲村": 7.0, "乙村": 4.0}
    assert any("1个村未导入2023年监测对象信息，不在图中：丙村。" in c.value for c in at.caption)
    assert at.dataframe[0].value.set_index("行政村").loc["丙村", "已导入监测对象信息"] == "未导入"

    at = _open("pages/income.py", login=True, year=2023)
    bars = _figures(at)["2023年测试县各村脱贫人口人均纯收入"]["data"][0]
    assert dict(zip(bars["y"], _values(bars["x"]))) == {"乙村": 12000.0, "甲村": 8600.0}
    assert any("丙村" in c.value and "未导入" in c.value for c in at.caption)

    at = _open("pages/causes.py", login=True, year=2023)
    assert [t.value for t in at.title] == ["返贫致贫风险"]
    bars = _figures(at)["2023年测试县监测对象返贫致贫风险类型（共4户）"]["data"][0]
    assert dict(zip(bars["y"], _values(bars["x"]))) == {"因残": 2, "因病": 2}
