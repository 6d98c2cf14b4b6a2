"""The analysis pages under AppTest on the demo county: filter combinations, empty data, masked households."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard.demo import ERA_YEARS
from tests.conftest import ROOT, chart_title

PAGES = {"pages/incidence.py": "贫困发生率", "pages/causes.py": "致贫原因", "pages/income.py": "收入增长",
         "pages/projects.py": "项目覆盖", "pages/village.py": "村级详情"}
# A 2021-on year titles these pages by the monitoring era's indicator; the demo opens on its newest year.
ERA_TITLES = {"pages/incidence.py": "监测对象占比", "pages/causes.py": "返贫致贫风险"}
DEFAULT_YEAR = ERA_YEARS[-1]


def title_of(path: str, year: int) -> str:
    return ERA_TITLES.get(path, PAGES[path]) if year >= 2021 else PAGES[path]


def open_page(path: str, **filters) -> AppTest:
    """The page with filters given the way a shared link gives them (the sidebar is bound to the URL)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in filters.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title_of(path, filters.get("year", DEFAULT_YEAR))]
    if "year" in filters:       # the filters survived the page switch
        assert at.caption[0].value.startswith(f"{filters['year']}年 · {filters.get('township', '')}{filters.get('village', '')}")
    return at


@pytest.mark.parametrize("path", [p for p in PAGES if p != "pages/village.py"])
@pytest.mark.parametrize("filters", [{}, {"year": 2019}, {"year": 2016, "township": "白云乡"},
                                     {"year": 2018, "township": "石门镇", "village": "大坡村"}],
                         ids=["county", "county-2019", "township", "village"])
def test_page_with_filters(app_db, path, filters):
    at = open_page(path, **filters)
    charts = at.get("plotly_chart")
    assert charts, "no chart rendered"
    assert at.get("download_button"), "no table download"
    labels = [b.label for b in at.get("download_button")]
    assert {"汇报材料（PPT）", "汇报材料初稿（Word）", "全部图表和表格（ZIP）"} <= set(labels), labels


def test_a_wrong_link_on_a_page_says_what_it_ignored(app_db):
    """A deep link to a page with a year without data and an unknown township: the newest year (2025, of the
    monitoring era: 监测对象占比) of the county, each ignored part named; a good link says nothing."""
    def linked(path: str, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        for key, value in query.items():
            at.query_params[key] = str(value)
        at.run()
        at.switch_page(path)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    def chart_titles(at: AppTest) -> list[str]:
        return [chart_title(c) for c in at.get("plotly_chart")]

    at = linked("pages/incidence.py", year=2030, township="不存在镇")
    assert [t.value for t in at.title] == ["监测对象占比"]
    assert [w.value for w in at.warning] == ["链接中的年度“2030”没有数据，已改为显示2025年。",
                                            "链接中的乡镇“不存在镇”没有找到，已忽略，现显示示例县。"]
    assert any("2025年示例县各乡镇监测对象占农业户籍人口比例" in t for t in chart_titles(at)), chart_titles(at)
    at = linked("pages/village.py", year=2019, township="白云乡", village="不存在村")
    assert [t.value for t in at.title] == ["村级详情"]
    assert [w.value for w in at.warning] == ["链接中的村“不存在村”没有找到，已忽略，现显示白云乡。"]
    at = linked("pages/incidence.py", year=2019)
    assert [t.value for t in at.title] == ["贫困发生率"]
    assert any("2019年示例县各乡镇贫困发生率" in t for t in chart_titles(at)), chart_titles(at)
    shown = [e.value for kind in ("warning", "info", "markdown", "caption") for e in at.get(kind)]
    assert not [v for v in shown if "链接中的" in v], shown


def test_incidence_village_chart_matches_metrics(app_db):
    import base64
    import json

    import numpy as np

    from ledgerboard.indicators import Area, metrics
    from ledgerboard.store import Store

    at = open_page("pages/incidence.py", year=2016, township="青松镇")
    def values(v):     # plotly sends numeric arrays base64-encoded
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist() if isinstance(v, dict) else v

    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    village_fig = next(f for f in figs if chart_title(f) == "2016年青松镇各村贫困发生率")
    shown = {y: x for t in village_fig["data"] if t["type"] == "bar" for y, x in zip(t["y"], values(t["x"]))}
    assert len(shown) == 9
    s = Store(app_db)
    try:
        for village in ("龙塘村", "高坪村", "岩口村"):
            assert shown[village] == metrics(s, 2016, Area(township="青松镇", village=village))["incidence_pct"]
    finally:
        s.close()


def test_village_page_lists_masked_households(app_db):
    at = open_page("pages/village.py", year=2017, township="白云乡", village="关口村")
    table = at.dataframe[0].value
    assert len(table) > 0
    ids = table["户主身份证号"].dropna()
    assert ids.str.contains(r"\*{8}").all()
    assert table["户主姓名"].str.contains(r"\*").all()


def test_village_page_without_a_village_explains(app_db):
    at = open_page("pages/village.py")
    assert "请在左侧先选择乡镇" in at.info[-1].value


def test_projects_min_measures_control(app_db):
    at = open_page("pages/projects.py", year=2019)
    before = {m.label: m.value for m in at.metric}
    at.number_input(key="min_measures").set_value(2).run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}
    assert "措施少于5项的户" in before and "措施少于2项的户" in after
    assert int(after["措施少于2项的户"].rstrip("户").replace(",", "")) < \
        int(before["措施少于5项的户"].rstrip("户").replace(",", ""))


def test_overview_summary_paragraph(app_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["year"] = "2017"
    at.run()
    assert not at.exception
    # Normal text with a 复制 button (st.html), not a code block with an English tooltip.
    assert not at.code
    block = next(e.proto.body for e in at.get("html") if "lb-copy-text" in e.proto.body)
    assert ">复制</button>" in block
    text = block.split('class="lb-copy-text"', 1)[1].split(">", 1)[1].split("</p>", 1)[0]
    assert text.startswith("2017年，示例县现有建档立卡贫困户3,201户、9,252人，其中未脱贫（含返贫）479户1,147人，贫困发生率2.04%")


@pytest.mark.parametrize("path", ["pages/incidence.py", "pages/causes.py", "pages/income.py", "pages/projects.py"])
def test_titles_name_the_place_and_trends_end_in_the_selected_year(app_db, path):
    import json

    at = open_page(path, year=2016, township="石门镇", village="大坡村")
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert titles and not [t for t in titles if "各村" in t or "全县" in t], titles      # one village: no "各村" chart
    assert all("石门镇大坡村" in t for t in titles), titles
    trends = [t for t in titles if "—" in t]
    assert all("—2016年" in t for t in trends), titles     # the demo has 2017–2020 too
    if path != "pages/projects.py":
        assert trends


def test_county_titles_use_the_county_name(app_db):
    import json

    at = open_page("pages/causes.py", year=2019)
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert "2019年示例县建档立卡户主要致贫原因（共3,201户）" in titles
    # Each cause in its own colour: 因病 the same red in the bars and in the stacked shares.
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(f for f in figs if chart_title(f).startswith("2019年示例县建档立卡户主要致贫原因"))
    colors = dict(zip(bars["data"][0]["y"], bars["data"][0]["marker"]["color"]))
    stacked = next(f for f in figs if "各村致贫原因构成" in chart_title(f))
    assert {t["name"]: t["marker"]["color"] for t in stacked["data"]}["因病"] == colors["因病"] == "#b8403a"
