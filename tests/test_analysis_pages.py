"""The analysis pages under AppTest on the demo county: filter combinations, empty data, masked households."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = {"pages/incidence.py": "贫困发生率", "pages/causes.py": "致贫原因", "pages/income.py": "收入增长",
         "pages/projects.py": "项目覆盖", "pages/village.py": "村级详情"}


def open_page(path: str, **filters) -> AppTest:
    """The page with filters given the way a shared link gives them (the sidebar is bound to the URL)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in filters.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [PAGES[path]]
    if "year" in filters:       # the filters survived the page switch
        assert at.caption[0].value.startswith(f"{filters['year']}年 · {filters.get('township', '')}{filters.get('village', '')}")
    return at


@pytest.mark.parametrize("path", [p for p in PAGES if p != "pages/village.py"])
@pytest.mark.parametrize("filters", [{}, {"year": 2016, "township": "白云乡"},
                                     {"year": 2018, "township": "石门镇", "village": "大坡村"}],
                         ids=["county", "township", "village"])
def test_page_with_filters(app_db, path, filters):
    at = open_page(path, **filters)
    charts = at.get("plotly_chart")
    assert charts, "no chart rendered"
    assert at.get("download_button"), "no table download"


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
    village_fig = next(f for f in figs if f["layout"]["title"]["text"] == "2016年青松镇各村贫困发生率")
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
    text = at.code[0].value
    assert text.startswith("2017年，示例县现有建档立卡贫困户3,201户、9,252人，其中未脱贫479户1,147人，贫困发生率2.04%")
