"""总览 of the monitoring era (2021 on): the era's cards, the trend across both eras, the summary paragraph in the
sentences offices write, and the year the sidebar opens on. Numbers by hand for a tiny store of exports in the real
layout; the demo's page against metrics()."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import analysis, catalogue, monitoring
from ledgerboard.area import Area
from ledgerboard.importer import import_file
from ledgerboard.indicators import metrics
from ledgerboard.summary import summary_text
from tests.conftest import ROOT, chart_title
from tests.era_ledgers import MONITORING, members, serial, write_export
from tests.ledgers import HOUSEHOLDS, household, write

REGISTRY_WORDS = ("未脱贫", "贫困发生率", "建档立卡")
MONITORING_WORDS = ("监测对象", "防返贫", "风险", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "监测范围")


def _household(kind, category=None, identified=None, eliminated=None, method=None, eliminated_on=None, risk1=None,
               income=None):
    return [kind, category, identified, eliminated, method, eliminated_on, risk1, None, income,
            None if income is None else income / 2]


# 2023, 测试县青松镇 (甲村 H1–H5, 乙村 H6); no 突发严重困难户 at all:
#   H1 脱贫户, 3 persons, 9,000 元; H2 脱贫户 + 脱贫不稳定户, eliminated (帮扶消除), 2 persons, 8,000;
#   H3 监测户 + 边缘易致贫户, open, 4 persons, 6,500; H5 一般农户, 2 persons, 7,100; H6 脱贫户, 2 persons, 12,000.
ROWS_2023 = [
    *members("H1", 10, 3, _household("脱贫户", income=9000)),
    *members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "2022-05-10", "是", "帮扶消除", serial(dt.date(2023, 3, 15)),
                                     "因病", income=8000)),
    *members("H3", 30, 4, _household("监测户", "边缘易致贫户", "2023年2月", "否", None, None, "因残", income=6500)),
    *members("H5", 50, 2, _household("非贫困户", income=7100)),
    *members("H6", 60, 2, _household("脱贫户", income=12000), village="乙村"),
]
# 2022: the same three 脱贫户 at 8,000 / 7,000 / 11,000.
ROWS_2022 = [
    *members("H1", 10, 3, _household("脱贫户", income=8000)),
    *members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "2022-05-10", "否", None, None, "因病", income=7000)),
    *members("H6", 60, 2, _household("脱贫户", income=11000), village="乙村"),
]
# By hand: 脱贫户 H1, H2, H6 = 3户 3+2+2 = 7人; 监测对象 H2, H3 = 2户 6人 (脱贫不稳定户 1户2人, 边缘易致贫户 1户4人,
# 突发严重困难户 0户); eliminated H2 = 1户2人, 1/2 = 50.00 %; 脱贫人口人均纯收入 (9000·3 + 8000·2 + 12000·2) / 7 =
# 67000 / 7 = 9,571.43 元; 2022 over the same households 60000 / 7; growth 67000 / 60000 − 1 = 11.67 %.
HEAD = ("2023年，测试县有脱贫户3户7人，纳入防返贫监测对象2户6人（脱贫不稳定户1户2人、边缘易致贫户1户4人、突发严重困难户0户），"
        "已消除风险1户2人，风险消除率50.00%；脱贫人口人均纯收入9,571元，同比增长11.67%。")
NO_JOBS = "（说明：未导入2023年务工信息（已外出务工信息），不能统计脱贫劳动力务工就业人数。）"


def _export(tmp_path, rows, year: int):
    return write_export(tmp_path / f"监测对象信息{year}.xlsx", "（自定义）监测对象信息", f"{year}-12-18 10:21:03", MONITORING,
                        rows)


def _import(store, path):
    r = import_file(store, path)
    assert r["status"] == "imported", r["errors"][:3] or r["message"]


@pytest.fixture
def era_store(store, tmp_path):
    _import(store, _export(tmp_path, ROWS_2022, 2022))
    _import(store, _export(tmp_path, ROWS_2023, 2023))
    return store


def test_the_summary_of_the_era_by_hand_without_a_monitoring_line(era_store):
    text = summary_text(era_store, 2023)
    assert text == HEAD + "2023年未设置监测范围，未统计人均纯收入低于监测范围的户数。" + NO_JOBS
    assert not any(w in text for w in REGISTRY_WORDS)


def test_the_summary_of_the_era_by_hand_with_a_monitoring_line(era_store):
    monitoring.set_line(era_store, 2023, 7300)
    # Below 7,300: H3 (6,500, monitored) and H5 (7,100, not monitored).
    assert summary_text(era_store, 2023) == (
        HEAD + "人均纯收入低于防止返贫监测范围（7,300元）的有2户，其中已纳入监测1户、未纳入监测1户。" + NO_JOBS)


def test_the_summary_of_a_year_without_its_export_says_so(era_store):
    assert summary_text(era_store, 2024) == "2024年测试县的防返贫监测对象信息未导入，暂无数据。"


def test_the_cards_of_the_era_by_hand(era_store):
    cards = {c.label: (c.value, c.note) for c in catalogue.cards(metrics(era_store, 2023), Area())}
    assert cards == {
        "脱贫户": ("3户", "7人"),
        "监测对象": ("2户", "6人"),
        "监测对象占比": ("未导入", "占农业户籍人口"),          # no 行政村信息: no 农业户籍人口
        "脱贫人口人均纯收入": ("9,571元", "比上年+11.67%"),
        "脱贫不稳定户": ("1户", "2人"),
        "边缘易致贫户": ("1户", "4人"),
        "突发严重困难户": ("0户", "0人"),                   # the export has none: a real 0
        "风险未消除": ("1户", "4人"),
        "已消除风险": ("1户", "2人"),
        "风险消除率": ("50.00%", "已消除风险户 ÷ 监测对象户"),
        "低于监测范围": ("未设置", "未设置监测范围"),
        "务工就业": ("未导入", "脱贫劳动力务工就业人数"),
    }
    monitoring.set_line(era_store, 2023, 7300)
    below = next(c for c in catalogue.cards(metrics(era_store, 2023), Area()) if c.label == "低于监测范围")
    assert (below.value, below.note) == ("2户", "已纳入监测1户，未纳入1户")
    assert "7,300元" in below.help


def test_the_trend_runs_across_both_eras_as_two_named_series(era_store, tmp_path):
    # 2020: two 建档立卡 households, one still poor (4 persons), one exited.
    rows = [household(1, 2020, "青松镇", "甲村", 4, "未脱贫"), household(2, 2020, "青松镇", "甲村", 3, "已脱贫", exit_year=2019)]
    _import(era_store, write(tmp_path / "2020.xlsx", HOUSEHOLDS, rows))
    chart = catalogue.draw("era_trend", catalogue.context(era_store, 2023, Area()))
    assert chart.title == "测试县2020—2023年建档立卡未脱贫人口与防返贫监测对象"
    assert chart.categories == ["2020年", "2022年", "2023年"]
    assert [(s.name, s.values) for s in chart.series] == [
        ("建档立卡未脱贫人口（含返贫，人）", [4, None, None]),
        ("防返贫监测对象（人）", [None, 2, 6])]                # 2022: H2 (2 persons); 2023: H2 + H3
    assert [t.name for t in chart.figure.data] == [s.name for s in chart.series]
    assert catalogue.draw("era_trend", catalogue.context(era_store, 2020, Area())) is None    # 2014–2020: "trend"
    assert catalogue.draw("trend", catalogue.context(era_store, 2023, Area())) is None


def test_the_sidebar_opens_on_the_newest_monitoring_year(store, tmp_path):
    # 建档立卡 only: the last year in which at least half of the villages still have poor households (2019).
    rows = [household(1, 2019, "青松镇", "甲村", 2), household(2, 2019, "青松镇", "乙村", 2),
            household(1, 2020, "青松镇", "甲村", 2, "已脱贫", exit_year=2020),
            household(2, 2020, "青松镇", "乙村", 2, "已脱贫", exit_year=2020)]
    _import(store, write(tmp_path / "hh.xlsx", HOUSEHOLDS, rows))
    assert analysis.default_year(store, [2020, 2019]) == 2019
    _import(store, _export(tmp_path, ROWS_2022, 2022))
    assert analysis.default_year(store, [2022, 2020, 2019]) == 2022


# 总览 on the demo (AppTest) ----------------------------------------------------------------------------------
def _overview(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _summary(at: AppTest) -> str:
    block = next(e.proto.body for e in at.get("html") if "lb-copy-text" in e.proto.body)
    return block.split('class="lb-copy-text"')[1].split(">", 1)[1].split("</p>")[0]


def _texts(at: AppTest) -> list[str]:
    """What a leader reads on the page besides the charts: cards (label, value, note), captions, the summary."""
    cards = [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    return cards + [c.value for c in at.caption] + [_summary(at)]


def test_overview_2023_shows_the_era_and_its_cards_equal_metrics(app_db):
    from ledgerboard.store import Store

    at = _overview(year=2023)
    store = Store(app_db)
    m = metrics(store, 2023)
    summary = summary_text(store, 2023, m=m)
    chart_caption = catalogue.draw("era_trend", catalogue.context(store, 2023, Area())).caption
    store.close()
    cards = {c.label: (c.value, c.proto.delta) for c in at.metric}
    assert list(cards) == ["脱贫户", "监测对象", "监测对象占比", "脱贫人口人均纯收入", "脱贫不稳定户", "边缘易致贫户",
                           "突发严重困难户", "风险未消除", "已消除风险", "风险消除率", "低于监测范围", "务工就业"]
    assert cards["脱贫户"] == (f"{m['exited_poor_households']:,}户", f"{m['exited_poor_population']:,}人")
    assert cards["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")
    for t in monitoring.MONITOR_TYPES:
        assert cards[t] == (f"{m['monitored_by_type'][t]:,}户", f"{m['monitored_population_by_type'][t]:,}人")
    assert cards["风险未消除"] == (f"{m['risk_open_households']:,}户", f"{m['risk_open_population']:,}人")
    assert cards["已消除风险"] == (f"{m['risk_eliminated_households']:,}户", f"{m['risk_eliminated_population']:,}人")
    assert cards["风险消除率"][0] == f"{m['risk_eliminated_pct']:.2f}%"
    assert cards["脱贫人口人均纯收入"][0] == f"{int(m['exited_poor_income_mean'] + 0.5):,}元"
    assert cards["脱贫人口人均纯收入"][1] == f"比上年{m['exited_poor_income_growth_pct']:+.2f}%"
    assert cards["务工就业"][0] == f"{m['employed_exited_labour']:,}人"
    share = m["monitored_share_pct"]
    assert cards["监测对象占比"][0] == ("未导入" if share is None else f"{share:.2f}%")
    below = m["below_monitoring_line"]
    assert cards["低于监测范围"][0] == ("未设置" if below is None else f"{below['monitored'] + below['not_monitored']:,}户")
    assert at.caption[0].value == "2023年 · 示例县 · 防止返贫动态监测"
    assert _summary(at) == summary
    assert summary.startswith(f"2023年，示例县有脱贫户{m['exited_poor_households']:,}户{m['exited_poor_population']:,}人，"
                              f"纳入防返贫监测对象{m['monitored_households']:,}户{m['monitored_population']:,}人（脱贫不稳定户")
    for text in _texts(at):
        # The trend names its 2014–2020 series (建档立卡) on purpose; the rest of the page speaks of the era only.
        assert text == chart_caption or not any(w in text for w in REGISTRY_WORDS), text
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert titles == ["示例县2014—2023年建档立卡未脱贫人口与防返贫监测对象"]


def test_overview_2019_stays_the_registry_view(app_db):
    at = _overview(year=2019)
    assert [m.label for m in at.metric] == ["建档立卡", "未脱贫（含返贫）", "贫困发生率", "当年脱贫", "人均纯收入（人口加权）",
                                           "项目总投资", "帮扶措施覆盖率", "收入低于贫困线"]
    assert at.caption[0].value == "2019年 · 示例县"
    titles = [chart_title(c) for c in at.get("plotly_chart")]
    assert titles == ["示例县2014—2019年未脱贫人口（含返贫）与贫困发生率"]
    for text in _texts(at) + titles:
        assert not any(w in text for w in MONITORING_WORDS), text
    assert _summary(at).startswith("2019年，示例县现有建档立卡贫困户3,201户、9,281人")


def test_a_deep_link_to_a_township_of_the_era(app_db):
    from ledgerboard.store import Store

    at = _overview(year=2023, township="白云乡")
    assert at.sidebar.selectbox(key="year").value == 2023
    assert at.caption[0].value == "2023年 · 白云乡 · 防止返贫动态监测"
    store = Store(app_db)
    m = metrics(store, 2023, Area(county="示例县", township="白云乡"))
    store.close()
    cards = {c.label: c.value for c in at.metric}
    assert cards["监测对象"] == f"{m['monitored_households']:,}户"
    assert not at.warning
