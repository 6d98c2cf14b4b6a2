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


def test_overview_kpis_match_metrics(app_db):
    from ledgerboard.indicators import metrics
    from ledgerboard.store import Store

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    year = at.sidebar.selectbox(key="year").value
    at.sidebar.selectbox(key="year").set_value(year - 2).run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert at.info and "示例数据" in at.info[0].value
    at.session_state  # the store is only opened by the app; read the same file here after it
    s = Store(app_db)
    m = metrics(s, year - 2)
    s.close()
    assert labels["建档立卡"] == f"{m['registered_households']:,}户"
    assert labels["未脱贫"] == f"{m['poor_households']:,}户"
    assert labels["贫困发生率"] == f"{m['incidence_pct']:,.2f}%"


def test_township_filter_changes_figures(app_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    county = {m.label: m.value for m in at.metric}["建档立卡"]
    township = at.sidebar.selectbox(key="township").options[1]
    at.sidebar.selectbox(key="township").set_value(township).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["建档立卡"] != county
    assert township in at.caption[0].value
