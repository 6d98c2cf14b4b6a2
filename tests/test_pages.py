"""Every page of app.py renders on the demo county without an exception (AppTest)."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, chart_title
from tests.test_analysis_pages import ERA_TITLES

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
    # The demo opens on its newest year, 2025: a page with a title of the monitoring era shows that title.
    expected = ERA_TITLES.get(path, title)
    assert any(expected in t.value for t in at.title), [t.value for t in at.title]


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
    assert labels["未脱贫（含返贫）"] == f"{m['poor_households']:,}户"
    assert labels["贫困发生率"] == f"{m['incidence_pct']:,.2f}%"
    assert labels["项目总投资"] == f"{m['project_investment_wan']:,.2f}万元"
    assert labels["收入低于贫困线"] == f"{m['below_line_households']:,}户"
    assert "2018年 · 示例县" in at.caption[0].value


def test_filters_live_in_the_url(app_db):
    """A deep link with a year opens that year of the county (named); the sidebar offers 乡镇, and no 县 filter for
    a store of one county."""
    at = _app(year=2016)
    assert [t.value for t in at.title] == ["总览"]
    assert "2016年 · 示例县" in at.caption[0].value
    labels = [s.label for s in at.sidebar.selectbox]
    assert "乡镇" in labels and "县" not in labels


def test_township_filter_changes_figures(app_db):
    county = {m.label: m.value for m in _app(year=2016).metric}["建档立卡"]
    at = _app(year=2016, township="白云乡")
    assert {m.label: m.value for m in at.metric}["建档立卡"] != county
    assert "2016年 · 白云乡" in at.caption[0].value
    village = at.sidebar.selectbox(key="village").options[1]
    at = _app(year=2016, township="白云乡", village=village)
    assert f"白云乡{village}" in at.caption[0].value


def test_default_year_and_link_notes(app_db):
    """Without ?year= the app opens on 2025, the newest year of the demo's monitoring exports (the era offices work
    in); a year or township the data does not have is named, not dropped silently."""
    at = _app()
    assert at.sidebar.selectbox(key="year").value == 2025
    assert "2025年 · 示例县" in at.caption[0].value
    assert not at.warning
    at = _app(year=2020)                                            # a link keeps its year
    assert "2020年 · 示例县" in at.caption[0].value and not at.warning
    at = _app(year=2030, township="不存在镇")
    assert [w.value for w in at.warning] == ["链接中的年度“2030”没有数据，已改为显示2025年。",
                                            "链接中的乡镇“不存在镇”没有找到，已忽略，现显示示例县。"]
    assert not _app(county="示例县", township="白云乡").warning       # the only county, named: nothing ignored
    assert [w.value for w in _app(county="乙县").warning] == ["链接中的县“乙县”没有找到，已忽略，现显示示例县。"]
    at = _app(year=2017, township="白云乡", village="不存在村")
    assert [w.value for w in at.warning] == ["链接中的村“不存在村”没有找到，已忽略，现显示白云乡。"]
    assert at.sidebar.selectbox(key="year").value == 2017


def test_one_village_has_no_villages_charts_and_links_to_its_page(app_db):
    at = _app(year=2019, township="白云乡", village="关口村")
    at.switch_page("pages/causes.py")
    at.run()
    assert not at.exception
    assert [b.label for b in at.button if b.key and b.key.startswith("one-village")] == ["打开关口村村级详情", "查看白云乡各村"]
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert titles[0] == "2019年白云乡关口村建档立卡户主要致贫原因（共216户）"
    assert not any("各村" in t for t in titles)                     # no one-bar "各村" charts
