"""Every page of app.py renders on the demo county without an exception (AppTest)."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = re.findall(r'st\.Page\("([^"]+)",\s*title="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def test_app_lists_pages():
    assert ("pages/overview.py", "总览") in PAGES


@pytest.mark.parametrize("path,title", PAGES, ids=[p for p, _ in PAGES])
def test_page_renders(app_db, path, title):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(title in t.value for t in at.title), [t.value for t in at.title]


def _app(**query) -> AppTest:
    """The app with filters given the way a shared link gives them.

    AppTest does not rerun the router's sidebar after a widget change when pages are files, so
    filters are set through the URL (the widgets are bound to query parameters).
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_kpis_match_metrics(app_db):
    from ledgerboard.indicators import metrics
    from ledgerboard.store import Store

    at = _app(year=2018)
    assert at.sidebar.selectbox(key="year").value == 2018
    labels = {m.label: m.value for m in at.metric}
    assert at.info and "示例数据" in at.info[0].value
    s = Store(app_db)
    m = metrics(s, 2018)
    s.close()
    assert labels["建档立卡"] == f"{m['registered_households']:,}户"
    assert labels["未脱贫"] == f"{m['poor_households']:,}户"
    assert labels["贫困发生率"] == f"{m['incidence_pct']:,.2f}%"
    assert labels["项目资金"] == f"{m['project_investment_wan']:,.2f}万元"
    assert labels["收入低于贫困线"] == f"{m['below_line_households']:,}户"
    assert "2018年 · 示例县" in at.caption[0].value


def test_township_filter_changes_figures(app_db):
    county = {m.label: m.value for m in _app(year=2016).metric}["建档立卡"]
    at = _app(year=2016, township="白云乡")
    assert {m.label: m.value for m in at.metric}["建档立卡"] != county
    assert "2016年 · 白云乡" in at.caption[0].value
    village = at.sidebar.selectbox(key="village").options[1]
    at = _app(year=2016, township="白云乡", village=village)
    assert f"白云乡{village}" in at.caption[0].value
