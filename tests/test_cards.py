"""KPI cards come from one catalogue (issue 21): no page writes a card of its own, every card set names cards the
builder has, and the cards each analysis page shows are the metrics() figures (and, where the page adds its own
results, the same figures worked out with pandas over the store's tables) as catalogue.fmt writes them."""

import ast
import re
from types import SimpleNamespace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import catalogue
from ledgerboard.area import Area
from ledgerboard.indicators import metrics
from ledgerboard.store import Store
from tests.conftest import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
ANALYSIS_PAGES = ("pages/incidence.py", "pages/causes.py", "pages/income.py", "pages/projects.py")


def test_no_page_writes_a_card_of_its_own():
    calls = [f"{p.name}:{node.lineno}" for p in PAGES for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "metric"]
    assert calls == []
    assert not [p.name for p in PAGES if ".metric(" in p.read_text(encoding="utf-8")]


def test_every_card_set_names_cards_of_the_builder():
    sets = {name for name in dir(catalogue) if name.endswith("_CARDS")}
    assert sets == set(catalogue.CARD_SETS)                       # a new set is registered, so it is checked here
    for name, keys in catalogue.CARD_SETS.items():
        assert keys and set(keys) <= set(catalogue.CARDS), (name, set(keys) - set(catalogue.CARDS))
    used = {n for p in PAGES for n in re.findall(r"catalogue\.([A-Z_]+_CARDS)\b", p.read_text(encoding="utf-8"))}
    assert used and used <= set(catalogue.CARD_SETS)


def test_the_suspects_card_colours_a_rise_red():
    report = SimpleNamespace(total=26, ran=[SimpleNamespace(count=n, rule=SimpleNamespace(severity=s))
                                            for n, s in ((10, "高"), (16, "中"))], skipped=[1])
    risen, high, ran, skipped = catalogue.cards({}, Area(), catalogue.AUDIT_CARDS, audit=report, audit_change=3)
    assert (risen.label, risen.value, risen.note, risen.delta, risen.inverse) == ("疑点", "26条", "+3条", True, True)
    assert (high.value, ran.value, skipped.value) == ("10条", "2条", "1条")
    assert catalogue.cards({}, Area(), catalogue.AUDIT_CARDS, audit=report, audit_change=0)[0].note is None


def _page(path: str, year: int) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["year"] = str(year)
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _growth(pct) -> str:
    return f"比上年{pct:+.2f}%"


def _registry_income(s: Store, year: int) -> dict:
    """The year's weighted median, its people below the line and the line itself, worked out over the households."""
    h = s.cursor().execute("select income_per_capita, household_size from households where year = ?", [year]).df()
    # The demo keeps the national line in use (a 省定标准 is there to be chosen on 数据上传).
    line = s.cursor().execute("select line_yuan from poverty_lines where year = ? and region = '国家标准'",
                              [year]).fetchone()[0]
    weighed = h[h["income_per_capita"].notna() & (h["household_size"] > 0)].sort_values("income_per_capita")
    reached = weighed["household_size"].cumsum() >= weighed["household_size"].sum() / 2
    below = h[h["income_per_capita"] < line]
    return {"median": weighed["income_per_capita"][reached].iloc[0], "line": line,
            "below_households": len(below), "below_population": int(below["household_size"].sum())}


def _registry_measures(s: Store, year: int, at_least: int) -> dict:
    """Support measures per registered household (0 for a household without any) and households under the minimum."""
    h = s.cursor().execute("select head_id_number from households where year = ?", [year]).df()
    counts = s.cursor().execute("select head_id_number, count(*) as n from measures where year = ? group by all",
                                [year]).df().set_index("head_id_number")["n"]
    per = h["head_id_number"].map(counts).fillna(0)
    return {"per_household": per.sum() / len(h), "below": int((per < at_least).sum()),
            "below_pct": 100 * (per < at_least).sum() / len(h)}


def _era_measures(s: Store, year: int) -> dict:
    """监测对象 with at least one 帮扶 column filled, all and 风险未消除."""
    mh = s.cursor().execute("select risk_eliminated, measures from monitor_households where year = ? "
                            "and monitor_type is not null", [year]).df()
    covered = mh["measures"].map(lambda x: isinstance(x, (list, np.ndarray)) and len(x) > 0)
    open_ = mh["risk_eliminated"].ne(True)
    return {"monitored": len(mh), "covered": int(covered.sum()), "open": int(open_.sum()),
            "open_covered": int((covered & open_).sum())}


def _expected(s: Store, path: str, year: int) -> dict:
    """label → (value, note) of the cards `path` shows for `year` in the whole demo county."""
    m, fmt = metrics(s, year), catalogue.fmt
    if year < 2021:
        if path == "pages/income.py":
            r = _registry_income(s, year)
            return {"人均纯收入（人口加权均值）": (fmt("income_per_capita_mean", m["income_per_capita_mean"]),
                                        _growth(m["income_growth_pct"])),
                    "人均纯收入中位数": (fmt("income_median", r["median"]), None),
                    "当年贫困线": (fmt("poverty_line", r["line"]), None),
                    "低于贫困线": (fmt("below_line_households", r["below_households"]),
                              fmt("below_line_population", r["below_population"]))}
        if path == "pages/projects.py":
            ms = _registry_measures(s, year, 5)
            return {"扶贫项目": (fmt("projects_count", m["projects_count"]), None),
                    "项目总投资": (fmt("project_investment_wan", m["project_investment_wan"]), None),
                    "其中财政扶贫资金": (fmt("project_fiscal_wan", m["project_fiscal_wan"]), None),
                    "项目覆盖村": (fmt("villages_with_project", m["villages_with_project"]), None),
                    "户均帮扶措施": (fmt("measures_per_household", ms["per_household"]), None),
                    "措施少于5项的户": (fmt("below_min_households", ms["below"]),
                                  "占" + fmt("below_min_pct", ms["below_pct"])),
                    "帮扶措施覆盖率": (fmt("household_measure_coverage_pct", m["household_measure_coverage_pct"]), None)}
        return {}
    people_households = {
        "脱贫人口": (fmt("exited_poor_population", m["exited_poor_population"]),
                 fmt("exited_poor_households", m["exited_poor_households"]))}
    if path == "pages/incidence.py":
        return {"监测对象占农业户籍人口比例": (fmt("monitored_share_pct", m["monitored_share_pct"]), None),
                "监测对象": (fmt("monitored_households", m["monitored_households"]),
                         fmt("monitored_population", m["monitored_population"])),
                **people_households}
    if path == "pages/income.py":
        return {"脱贫人口人均纯收入": (fmt("exited_poor_income_mean", m["exited_poor_income_mean"]),
                                _growth(m["exited_poor_income_growth_pct"])),
                "监测对象人均纯收入": (fmt("monitored_income_mean", m["monitored_income_mean"]), None),
                **people_households,
                "防止返贫监测范围": (fmt("monitoring_line", m["monitoring_line"]), None)}
    if path == "pages/projects.py":
        e = _era_measures(s, year)
        # The demo has no 衔接资金项目台账 of this year: its project cards say 未导入, not 0.
        projects = ({"衔接资金项目": ("未导入", None), "项目总投资": ("未导入", None), "其中财政衔接资金": ("未导入", None),
                     "项目覆盖村": ("未导入", None)} if m["projects_count"] is None else {
                    "衔接资金项目": (fmt("projects_count", m["projects_count"]), None),
                    "项目总投资": (fmt("project_investment_wan", m["project_investment_wan"]), None),
                    "其中财政衔接资金": (fmt("project_fiscal_wan", m["project_fiscal_wan"]), None),
                    "项目覆盖村": (fmt("villages_with_project", m["villages_with_project"]), None)})
        return {**projects,
                "帮扶措施覆盖率": (fmt("monitored_measure_coverage_pct", 100 * e["covered"] / e["monitored"]),
                            f"{e['covered']:,}/{e['monitored']:,}户监测对象"),
                "风险未消除户覆盖率": (fmt("open_measure_coverage_pct", 100 * e["open_covered"] / e["open"]),
                              f"{e['open_covered']:,}/{e['open']:,}户"),
                "风险未消除且无帮扶措施": (fmt("uncovered_open_households", e["open"] - e["open_covered"]), None)}
    return {}


@pytest.mark.parametrize("year", [2019, 2023])
def test_analysis_page_cards_are_the_catalogues_figures(app_db, year):
    s = Store(app_db)
    try:
        expected = {path: _expected(s, path, year) for path in ANALYSIS_PAGES}
    finally:
        s.close()
    assert expected["pages/income.py"] and expected["pages/projects.py"]
    for path in ANALYSIS_PAGES:
        at = _page(path, year)
        shown = {c.label: (c.value, c.delta or None) for c in at.metric}
        assert len(shown) == len(at.metric), path                  # no label twice on a page
        assert shown == expected[path], path
