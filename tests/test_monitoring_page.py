"""防返贫监测 and 村级详情 of 2021 on (AppTest and the named results behind them): on the demo the page's figures are
metrics()'s; on a tiny store built from exports in the real layout every count is worked out by hand below."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import auth, catalogue, monitoring, watch
from ledgerboard.area import Area
from ledgerboard.importer import import_file
from ledgerboard.indicators import metrics
from ledgerboard.store import Store
from tests.conftest import ROOT, app_on, chart_title, login_app, with_admin
from tests.era_ledgers import MONITORING, members, serial, write_export
from tests.ledgers import id_number


def _app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(at: AppTest, page: str = "pages/monitoring.py") -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page_text(at: AppTest) -> str:
    """Everything the page's main area says: headings, captions, notes, cards, buttons and the charts' JSON."""
    parts = [x.value for x in [*at.title, *at.subheader, *at.caption, *at.info, *at.warning, *at.markdown]]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    parts += [b.label for b in at.button]
    parts += [c.proto.spec for c in at.get("plotly_chart")]
    return json.dumps(parts, ensure_ascii=False)


def _cards(at: AppTest) -> dict:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _help(at: AppTest, label: str) -> str:
    return next(m.proto.help for m in at.metric if m.label == label)


# The demo -----------------------------------------------------------------------------------------------------
def test_2023_page_figures_equal_metrics_and_say_nothing_of_the_registry_era(app_db):
    at = _open(_app(year=2023))
    assert [t.value for t in at.title] == ["防返贫监测"]
    s = Store(app_db)
    m = metrics(s, 2023)
    s.close()
    cards = _cards(at)
    assert cards["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")
    assert cards["风险未消除"] == (f"{m['risk_open_households']:,}户", f"{m['risk_open_population']:,}人")
    # One 已消除风险 card on 总览 and here: its people as the note, the 风险消除率 in its help.
    assert cards["已消除风险"] == (f"{m['risk_eliminated_households']:,}户", f"{m['risk_eliminated_population']:,}人")
    assert _help(at, "已消除风险") == f"风险消除率{m['risk_eliminated_pct']:.2f}%（已消除风险户 ÷ 监测对象户）"
    assert cards["当年新识别监测对象"][0] == f"{m['newly_monitored_households']:,}户"
    assert cards["脱贫户"] == (f"{m['exited_poor_households']:,}户", f"{m['exited_poor_population']:,}人")
    assert cards["脱贫人口人均纯收入"] == (f"{m['exited_poor_income_mean']:,.0f}元",
                                     f"比上年{m['exited_poor_income_growth_pct']:+.2f}%")
    # The demo's own monitoring line of 2023 (7,300 元): the households below it, and the line drawn.
    below = m["below_monitoring_line"]
    assert cards["低于监测范围未纳入监测"] == (f"{below['not_monitored']:,}户", f"已纳入监测{below['monitored']:,}户")
    assert below["not_monitored"] > 0
    assert cards["监测对象人均纯收入"] == (f"{m['monitored_income_mean']:,.0f}元", "监测范围7,300元")
    text = _page_text(at)
    assert "建档立卡" not in text and "贫困发生率" not in text and "致贫原因" not in text
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert titles[:3] == [f"2023年示例县监测对象类别（共{m['monitored_households']}户{m['monitored_population']}人）",
                          "2023年示例县各乡镇监测对象（按类别）", "2023年示例县各村监测对象（按类别）"]
    assert "2023年示例县脱贫户和监测对象人均纯收入分布" in titles
    # The two charts side by side: a long title over two lines, each inside half a row; the full-width one as typed.
    specs = {chart_title(c): json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    assert specs["2023年示例县监测对象风险消除情况（帮扶消除与自然消除）"]["layout"]["title"]["text"] == \
        "2023年示例县监测对象风险消除情况<br>（帮扶消除与自然消除）"
    assert specs["2023年示例县消除风险的监测对象从识别到消除用时"]["layout"]["title"]["text"] == \
        "2023年示例县消除风险的<br>监测对象从识别到消除用时"
    s = Store(app_db)
    try:           # the pack's figure of the same chart (full width on a slide) keeps its title on one line
        drawn = catalogue.draw("watch_elimination", catalogue.context(s, 2023, Area()))
    finally:
        s.close()
    assert drawn.figure.layout.title.text == "2023年示例县监测对象风险消除情况（帮扶消除与自然消除）"
    distribution = json.loads(at.get("plotly_chart")[titles.index("2023年示例县脱贫户和监测对象人均纯收入分布")].proto.spec)
    assert [shape["x0"] for shape in distribution["layout"]["shapes"]] == [7300]
    assert len(at.dataframe[-1].value) == below["not_monitored"]


def test_without_a_line_the_page_says_so_and_guesses_nothing(app_db):
    s = Store(app_db)
    monitoring.set_line(s, 2023, None)          # the demo's own line of 2023 removed
    m = metrics(s, 2023)
    s.close()
    at = _open(_app(year=2023))
    cards = _cards(at)
    assert cards["低于监测范围未纳入监测"] == ("未设置", "未设置监测范围")
    assert cards["监测对象人均纯收入"] == (f"{m['monitored_income_mean']:,.0f}元", "未设置监测范围")
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    distribution = json.loads(at.get("plotly_chart")[titles.index("2023年示例县脱贫户和监测对象人均纯收入分布")].proto.spec)
    notes = [a["text"] for a in distribution["layout"]["annotations"]]
    assert "未设置监测范围" in notes and not distribution["layout"].get("shapes")     # no line drawn
    assert any("未设置监测范围，不能列出" in i.value for i in at.info)


def test_2023_township_figures_equal_metrics_with_a_line(app_db):
    s = Store(app_db)
    monitoring.set_line(s, 2023, 7300)
    m = metrics(s, 2023, Area("示例县", "白云乡"))
    s.close()
    at = _open(_app(year=2023, township="白云乡"))
    cards = _cards(at)
    below = m["below_monitoring_line"]
    assert cards["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")
    assert cards["低于监测范围未纳入监测"] == (f"{below['not_monitored']:,}户", f"已纳入监测{below['monitored']:,}户")
    assert cards["监测对象人均纯收入"][1] == "监测范围7,300元"
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert "2023年示例县各乡镇监测对象（按类别）" not in titles and "2023年白云乡各村监测对象（按类别）" in titles
    # The list of households below the line, not monitored: as many rows as metrics counts, masked.
    frame = at.dataframe[-1].value
    assert len(frame) == below["not_monitored"]
    names = frame["户主姓名"].dropna()
    assert names.str.contains(r"^\S\*+$").all()
    assert frame["户主证件号码"].str.contains(r"^\d{6}\*{8}\d{3}[\dX]$").all()


def test_a_registry_year_says_the_page_covers_2021_on_and_links_the_year(app_db):
    at = _open(_app(year=2019))
    assert any("本页显示2021年起防止返贫动态监测的数据" in i.value and "当前选择的是2019年" in i.value for i in at.info)
    assert not at.get("plotly_chart") and not at.metric
    assert "建档立卡" not in _page_text(at)
    button = next(b for b in at.button if b.label == "查看2025年防返贫监测")
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["year"] == 2025


def test_village_detail_of_2023_shows_its_monitoring_figures_and_households(app_db):
    s = Store(app_db)
    area = Area("示例县", "白云乡", "甘溪村")
    m = metrics(s, 2023, area)
    households = s.cursor().execute("select count(*), string_agg(head_name, ',') from monitor_households "
                                    "where year = 2023 and village = '甘溪村'").fetchone()
    s.close()
    at = _open(_app(year=2023, township="白云乡", village="甘溪村"), "pages/village.py")
    cards = _cards(at)
    assert cards["脱贫户"] == (f"{m['exited_poor_households']:,}户", f"{m['exited_poor_population']:,}人")
    assert cards["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")
    assert cards["风险未消除"][0] == f"{m['risk_open_households']:,}户"
    assert f"2023年白云乡甘溪村监测对象信息中的户（{households[0]:,}户）" in [h.value for h in at.subheader]
    frame = at.dataframe[0].value
    assert len(frame) == households[0]
    assert not set(frame["户主姓名"]) & set(households[1].split(","))        # every name masked
    assert "建档立卡" not in _page_text(at)


def test_village_detail_of_2019_is_unchanged(app_db):
    at = _open(_app(year=2019, township="白云乡", village="甘溪村"), "pages/village.py")
    assert any(h.value.startswith("2019年白云乡甘溪村建档立卡户（") for h in at.subheader)
    assert "监测对象" not in " ".join(m.label for m in at.metric)


# A tiny store: 测试县青松镇, 甲村 and 乙村; the 2023 export has 甲村 only ---------------------------------------------
def _household(kind, category=None, identified=None, eliminated=None, method=None, eliminated_on=None,
               risk1=None, income=None):
    return [kind, category, identified, eliminated, method, eliminated_on, risk1, None, income,
            None if income is None else income / 2]


# 2023, 甲村 (乙村's export of 2023 is missing):
#   H1 脱贫户, 3 persons, 9,000 元
#   H2 脱贫户 + 脱贫不稳定户, 识别 2022-05-10, 因病, eliminated 2023-03-15 by 帮扶消除 (10 months), 2 persons, 8,000
#   H3 监测户 + 边缘易致贫户, 识别 2023年2月, 因残, open, 4 persons, 6,500
#   H4 监测户 + 突发严重困难户, 识别 2023-06-01, 因意外事故, eliminated 2023年11月 by 自然消除 (5 months), 1 person, 7,000
#   H5 一般农户, 2 persons, 7,100: below a 7,300 line and not monitored
ROWS_2023 = [
    *members("H1", 10, 3, _household("脱贫户", income=9000)),
    *members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "2022-05-10", "是", "帮扶消除", serial(dt.date(2023, 3, 15)),
                                     "因病", income=8000)),
    *members("H3", 30, 4, _household("监测户", "边缘易致贫户", "2023年2月", "否", None, None, "因残", income=6500)),
    *members("H4", 40, 1, _household("监测户", "突发严重困难户", serial(dt.date(2023, 6, 1)), "是", "自然消除", "2023年11月",
                                     "因意外事故", income=7000)),
    *members("H5", 50, 2, _household("非贫困户", income=7100)),
]
# 2022: 甲村 and 乙村 (so 乙村 is a known place).
ROWS_2022 = [
    *members("H1", 10, 3, _household("脱贫户", income=8000)),
    *members("H6", 60, 2, _household("脱贫户", income=11000), village="乙村"),
]


@pytest.fixture
def tiny_db(tmp_path):
    path = tmp_path / "tiny.duckdb"
    s = Store(path)
    for year, rows in ((2022, ROWS_2022), (2023, ROWS_2023)):
        f = write_export(tmp_path / f"监测对象信息{year}.xlsx", "（自定义）监测对象信息", f"{year}-12-18 10:21:03",
                         MONITORING, rows)
        r = import_file(s, f)
        assert r["status"] == "imported", r["errors"][:3] or r["message"]
    auth.create_account(s, "leader", "viewer", "secret-123", by="test")
    s.close()
    with_admin(path)
    return path


def test_tiny_store_places_count_by_hand_and_a_missing_export_is_not_imported(tiny_db):
    s = Store(tiny_db)
    places = watch.places(s, 2023, Area())
    villages = watch.at_level(places, "village").set_index("village")
    jia, yi = villages.loc["甲村"], villages.loc["乙村"]
    assert (jia["households"], jia["exited_poor_households"], jia["exited_poor_population"]) == (5, 2, 5)
    assert (jia["monitored_households"], jia["monitored_population"]) == (3, 7)
    assert (jia["unstable_households"], jia["edge_households"], jia["sudden_households"]) == (1, 1, 1)
    assert (jia["risk_open_households"], jia["risk_eliminated_households"], float(jia["risk_eliminated_pct"])) == (1, 2, 66.67)
    assert float(jia["exited_poor_income_mean"]) == 8600.0          # (3 × 9,000 + 2 × 8,000) / 5
    assert float(jia["monitored_income_mean"]) == 7000.0            # (2 × 8,000 + 4 × 6,500 + 1 × 7,000) / 7
    assert yi[["households", "monitored_households", "exited_poor_households"]].isna().all()   # 未导入, not 0
    town = watch.at_level(places, "township").iloc[0]
    assert (town["township"], town["villages"], town["villages_imported"], town["monitored_households"]) == ("青松镇", 2, 1, 3)
    assert watch.not_imported_note(watch.at_level(places, "village"), 2023) == (
        "1个村未导入2023年防返贫监测对象信息，不在图中（未导入，不是0户）：乙村。")

    months = watch.months(s, 2023, Area()).set_index("month")
    assert months["identified_households"].to_dict() == {m: (1 if m in (2, 6) else 0) for m in range(1, 13)}
    assert months["eliminated_households"].to_dict() == {m: (1 if m in (3, 11) else 0) for m in range(1, 13)}
    assert watch.months_to_eliminate(s, 2023, Area()).values.tolist() == [["3–5个月", "自然消除", 1],
                                                                          ["6–11个月", "帮扶消除", 1]]
    status = watch.status_by_type(s, 2023, Area())
    assert sorted(map(tuple, status[["monitor_type", "status", "households", "population"]].values.tolist())) == [
        ("突发严重困难户", "自然消除", 1, 1), ("脱贫不稳定户", "帮扶消除", 1, 2), ("边缘易致贫户", "风险未消除", 1, 4)]
    risks = watch.risk_types(s, 2023, Area())
    assert sorted(map(tuple, risks.values.tolist())) == [("因意外事故", 1, 0), ("因残", 1, 1), ("因病", 1, 0)]
    bands = watch.income_bands(s, 2023, Area())
    assert sorted(map(tuple, bands[["group", "band_from", "households"]].values.tolist())) == sorted([
        ("脱贫户", 8000, 1), ("脱贫户", 9000, 1), ("监测对象", 6500, 1), ("监测对象", 7000, 1), ("监测对象", 8000, 1)])
    assert watch.below_line_unmonitored(s, 2023, Area()).empty      # no line: nothing listed
    monitoring.set_line(s, 2023, 7300)
    below = watch.below_line_unmonitored(s, 2023, Area())
    assert below[["household_id", "head_name", "head_id_number", "household_size", "income_per_capita", "gap_yuan"]
                 ].values.tolist() == [["H5", "成***", id_number(50)[:6] + "********" + id_number(50)[-4:], 2, 7100.0,
                                        200.0]]
    s.close()


def test_tiny_store_page_as_admin_and_as_viewer(tiny_db, tmp_path, monkeypatch):
    s = Store(tiny_db)
    monitoring.set_line(s, 2023, 7300)
    s.close()
    with app_on(tiny_db, monkeypatch):
        at = login_app(_app(year=2023, township="青松镇"))
        at = _open(at)
        cards = _cards(at)
        assert cards["监测对象"] == ("3户", "7人")
        assert cards["风险未消除"] == ("1户", "4人")
        assert cards["已消除风险"] == ("2户", "3人")                    # H2 (2 persons) and H4 (1)
        assert _help(at, "已消除风险") == "风险消除率66.67%（已消除风险户 ÷ 监测对象户）"
        assert cards["当年新识别监测对象"] == ("2户", "识别到消除用时中位数7.5个月")
        assert cards["脱贫户"] == ("2户", "5人")
        assert cards["脱贫人口人均纯收入"][0] == "8,600元"
        assert cards["监测对象人均纯收入"] == ("7,000元", "监测范围7,300元")
        assert cards["低于监测范围未纳入监测"] == ("1户", "已纳入监测2户")
        assert any("1个村未导入2023年防返贫监测对象信息，不在图中（未导入，不是0户）：乙村。" in c.value for c in at.caption)
        frame = at.dataframe[-1].value
        assert frame[["户编号", "户主姓名", "人均纯收入（元）", "低于监测范围（元）"]].values.tolist() == [["H5", "成***", 7100.0, 200.0]]
        assert "成员50" not in _page_text(at) and id_number(50) not in _page_text(at)
        # 乙村 in 2023: its export is missing — 未导入, never 0户.
        at = _open(login_app(_app(year=2023, township="青松镇", village="乙村")), "pages/village.py")
        assert any("未导入2023年青松镇乙村的防返贫监测对象信息" in i.value for i in at.info)
        assert not at.dataframe
    with app_on(tiny_db, monkeypatch):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["year"] = "2023"
        at.run()
        at = _open(login_app(at, "leader", "secret-123"))
        assert _cards(at)["低于监测范围未纳入监测"] == ("1户", "已纳入监测2户")
        assert not at.dataframe                                      # a viewer gets no list, not even masked
        assert any("共1户。查看账号不显示户名单" in c.value for c in at.caption)
        assert "成员50" not in _page_text(at) and "成***" not in _page_text(at)
