"""Measures and charts declared once, as data: the pages, the toolbar PNGs, the slides, the Word draft and the ZIP
iterate this catalogue, so a title, a label, a unit or a number format exists in one place.

A measure is a key of ``indicators.metrics()`` with its Chinese label, unit, digits and the name of its definition
(docs/INDICATORS.md). A chart is an entry of ``CHARTS``: its key, the pages that show it, its place in the pack
(``topic``), how it drills, and ``draw``, which turns the named results (``ledgerboard.analysis``) of a year and an
area into a ``Drawn`` chart — title, figure, its data as a table, and the same numbers as categories × series for a
native slide chart. Adding a chart is adding a draw function and an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from ledgerboard import analysis, era_analysis, figures, monitoring, numbers
from ledgerboard.area import Area
from ledgerboard.formats import is_missing
from ledgerboard.indicators import metrics
from ledgerboard.monitoring import LINE_MISSING, MONITOR_TYPES, REGIME_START
from ledgerboard.numbers import year_span
from ledgerboard.trends import incomplete_years, trend

NOT_IMPORTED = "未导入"


# Measures ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    key: str            # the key in indicators.metrics() (or in a page's own result, below)
    label: str
    unit: str
    digits: int
    definition: str     # the section of docs/INDICATORS.md that defines it

    def text(self, value) -> str:
        """The value as every card, slide and report writes it: half-up rounding, separators, unit; "—" if none."""
        return numbers.fmt_num(value, self.unit, self.digits)


MEASURES = {m.key: m for m in (
    Measure("registered_households", "建档立卡户数", "户", 0, "建档立卡户数/人数"),
    Measure("registered_population", "建档立卡人数", "人", 0, "建档立卡户数/人数"),
    Measure("poor_households", "未脱贫户数（含返贫）", "户", 0, "未脱贫户数/人数"),
    Measure("poor_population", "未脱贫人数（含返贫）", "人", 0, "未脱贫户数/人数"),
    Measure("exited_households", "当年脱贫户数", "户", 0, "当年脱贫"),
    Measure("exited_population", "当年脱贫人数", "人", 0, "当年脱贫"),
    Measure("agri_population", "农业户籍人口", "人", 0, "贫困发生率"),
    Measure("incidence_pct", "贫困发生率", "%", 2, "贫困发生率"),
    Measure("income_per_capita_mean", "人均纯收入（人口加权）", "元", 0, "人均纯收入"),
    Measure("income_growth_pct", "人均纯收入增速", "%", 2, "人均纯收入增速"),
    Measure("below_line_households", "收入低于贫困线户数", "户", 0, "人均纯收入"),
    Measure("projects_count", "扶贫项目数", "个", 0, "项目与资金"),
    Measure("project_investment_wan", "项目总投资", "万元", 2, "项目与资金"),
    Measure("project_fiscal_wan", "财政扶贫资金", "万元", 2, "项目与资金"),
    Measure("villages_with_project", "项目覆盖村数", "个", 0, "项目与资金"),
    Measure("household_measure_coverage_pct", "帮扶措施覆盖率", "%", 2, "帮扶措施覆盖率"),
    # The monitoring era (2021 on): docs/INDICATORS.md, "2021 年起".
    Measure("exited_poor_households", "脱贫户数", "户", 0, "2021 年起"),
    Measure("exited_poor_population", "脱贫人口", "人", 0, "2021 年起"),
    Measure("monitored_households", "监测对象户数", "户", 0, "2021 年起"),
    Measure("monitored_population", "监测对象人数", "人", 0, "2021 年起"),
    Measure("monitored_share_pct", "监测对象占农业户籍人口比例", "%", 2, "2021 年起"),
    Measure("risk_open_households", "风险未消除户数", "户", 0, "2021 年起"),
    Measure("risk_open_population", "风险未消除人数", "人", 0, "2021 年起"),
    Measure("risk_eliminated_households", "已消除风险户数", "户", 0, "2021 年起"),
    Measure("risk_eliminated_population", "已消除风险人数", "人", 0, "2021 年起"),
    Measure("risk_eliminated_pct", "风险消除率", "%", 2, "2021 年起"),
    Measure("newly_monitored_households", "当年新识别监测对象", "户", 0, "2021 年起"),
    Measure("months_to_eliminate_median", "识别到消除用时（中位数）", "个月", 1, "2021 年起"),
    Measure("exited_poor_income_mean", "脱贫人口人均纯收入", "元", 0, "2021 年起"),
    Measure("exited_poor_income_growth_pct", "脱贫人口人均纯收入增速", "%", 2, "2021 年起"),
    Measure("monitored_income_mean", "监测对象人均纯收入", "元", 0, "2021 年起"),
    Measure("monitoring_line", "防止返贫监测范围", "元", 0, "2021 年起"),
    Measure("employed_exited_labour", "脱贫劳动力务工就业人数", "人", 0, "2021 年起"),
    Measure("exited_poor_unmatched", "未对应建档立卡户的脱贫户", "户", 0, "2021 年起"),
    # A page's own results: 收入增长's income_by_year, 项目覆盖's measures summaries, 精准核查's report.
    Measure("income_median", "人均纯收入中位数", "元", 0, "人均纯收入"),
    Measure("poverty_line", "当年贫困线", "元", 0, "人均纯收入"),
    Measure("below_line_population", "收入低于贫困线人数", "人", 0, "人均纯收入"),
    Measure("measures_per_household", "户均帮扶措施", "项", 2, "帮扶措施覆盖率"),
    Measure("below_min_households", "帮扶措施少于下限的户", "户", 0, "帮扶措施覆盖率"),
    Measure("below_min_pct", "帮扶措施少于下限的户占比", "%", 1, "帮扶措施覆盖率"),
    Measure("monitored_measure_coverage_pct", "监测对象帮扶措施覆盖率", "%", 2, "2021 年起"),
    Measure("open_measure_coverage_pct", "风险未消除户帮扶措施覆盖率", "%", 2, "2021 年起"),
    Measure("uncovered_open_households", "风险未消除且无帮扶措施户数", "户", 0, "2021 年起"),
    Measure("suspects", "疑点", "条", 0, "精准核查"),
    Measure("high_risk_suspects", "高风险疑点", "条", 0, "精准核查"),
    Measure("rules_ran", "已核查规则", "条", 0, "精准核查"),
    Measure("rules_skipped", "缺少数据未核查的规则", "条", 0, "精准核查"),
)}


def fmt(key: str, value) -> str:
    """A measure's value as text ('3,201户', '0.51%', '5,013元')."""
    return MEASURES[key].text(value)


@dataclass(frozen=True)
class CardText:
    label: str
    value: str
    note: str | None
    delta: bool = False     # the note is a change (比上年+2.35%), shown coloured on a page card
    help: str | None = None
    inverse: bool = False   # a rise is bad (疑点): the coloured change is red when it goes up


def _value(m: dict, key: str) -> str:
    """A card's value: "未导入" where the figure is unknown because its ledger is missing."""
    text = fmt(key, m.get(key))
    return NOT_IMPORTED if m.get(key) is None else text


def _summary_mark(m: dict, key: str) -> str:
    return "（区域汇总表）" if key in (m.get("sources") or {}) else ""


def growth_note(growth) -> str | None:
    return None if is_missing(growth) else f"比上年{numbers.round_half_up(growth, 2):+.2f}%"


def is_monitoring(m: dict) -> bool:
    """Whether a metrics() result is of a monitoring-era year (2021 on): its cards are ERA_CARDS."""
    return "monitored_households" in m


def _households(n) -> str:
    return numbers.fmt_num(n, "户", 0)


def _count(n) -> str:
    """A count without its unit, for "12/30户"."""
    return numbers.fmt_num(n, "", 0)


@dataclass(frozen=True)
class CardInput:
    """What cards are made of: metrics() of a year and area, and for the cards of one page its other results."""
    m: dict
    area: Area
    income: dict | None = None          # the year's row of analysis.income_by_year (收入增长, 2014–2020)
    measures: dict | None = None        # analysis.measures_summary or era_analysis.measure_summary (项目覆盖)
    min_measures: int | None = None     # 项目覆盖's 每户帮扶措施不少于（项）
    audit: object | None = None         # audit.run_audit's report (精准核查)
    audit_change: int | None = None     # audit.total_change: 疑点 since the import before the last


def _category_card(c: CardInput, category: str) -> CardText:
    """One 监测对象类别: its households (0户 where the export has none), its people as the note."""
    by_type, people = c.m.get("monitored_by_type"), c.m.get("monitored_population_by_type") or {}
    if by_type is None:
        return CardText(category, NOT_IMPORTED, None)
    return CardText(category, _households(by_type.get(category, 0)),
                    fmt("monitored_population", people.get(category, 0)))


def _below_line_card(c: CardInput) -> CardText:
    """Households below the monitoring line, monitored or not; 未设置 where no line is set for the year."""
    m = c.m
    below = m.get("below_monitoring_line")
    if below is None:
        line_missing = not (m.get("coverage", {}).get("below_monitoring_line") or {}).get("complete", True)
        return (CardText("低于监测范围", "未设置", LINE_MISSING) if line_missing
                else CardText("低于监测范围", NOT_IMPORTED, None))
    line = m.get("monitoring_line")
    return CardText("低于监测范围", _households(below["monitored"] + below["not_monitored"]),
                    f"已纳入监测{_households(below['monitored'])}，未纳入{_households(below['not_monitored'])}",
                    help=(f"人均纯收入低于{fmt('monitoring_line', line)}（防止返贫监测范围）的户" if line is not None
                          else "人均纯收入低于各县防止返贫监测范围的户"))


def _below_line_not_monitored_card(c: CardInput) -> CardText:
    """防返贫监测: the households below the line that are not monitored, the monitored ones as the note."""
    m = c.m
    imported, below = m.get("monitored_households") is not None, m.get("below_monitoring_line")
    missing = _line_missing(m) if imported else None
    return CardText("低于监测范围未纳入监测",
                    NOT_IMPORTED if not imported else ("未设置" if below is None else
                                                        _households(below["not_monitored"])),
                    missing if below is None else f"已纳入监测{_households(below['monitored'])}",
                    help="人均纯收入低于当年防止返贫监测范围、且未纳入监测对象的户")


def _monitored_income_card(c: CardInput) -> CardText:
    m = c.m
    if m.get("monitoring_line") is not None:
        note = f"监测范围{fmt('monitoring_line', m.get('monitoring_line'))}"
    else:
        note = _line_missing(m) if m.get("monitored_households") is not None else None
    return CardText("监测对象人均纯收入", _value(m, "monitored_income_mean"), note)


def _investment_card(c: CardInput) -> CardText:
    """A village's card counts every project touching it in full; elsewhere the area's total."""
    m = c.m
    return CardText(
        "涉及项目总投资" if c.area.village else "项目总投资", _value(m, "project_investment_wan"),
        None if m.get("project_investment_wan") is None else
        f"{fmt('projects_count', m.get('projects_count'))}项目，覆盖{fmt('villages_with_project', m.get('villages_with_project'))}村",
        help=f"其中财政扶贫资金{fmt('project_fiscal_wan', m.get('project_fiscal_wan'))}")


def _high_risk(report) -> int:
    return sum(r.count for r in report.ran if r.rule.severity == "高")


# Every card of every page and of the pack's 主要指标, by key; a page shows a card set (below) through ui.show_cards.
CARDS: dict[str, Callable[[CardInput], CardText]] = {
    # 2014–2020 (建档立卡)
    "registered_households": lambda c: CardText("建档立卡", _value(c.m, "registered_households"),
                                                fmt("registered_population", c.m.get("registered_population"))),
    "poor_households": lambda c: CardText("未脱贫（含返贫）", _value(c.m, "poor_households"),
                                          fmt("poor_population", c.m.get("poor_population"))
                                          + _summary_mark(c.m, "poor_population")),
    "incidence_pct": lambda c: CardText("贫困发生率", _value(c.m, "incidence_pct"),
                                        f"农业户籍人口{fmt('agri_population', c.m.get('agri_population'))}"
                                        + _summary_mark(c.m, "incidence_pct")),
    "exited_households": lambda c: CardText("当年脱贫", _value(c.m, "exited_households"),
                                            fmt("exited_population", c.m.get("exited_population"))),
    "income_per_capita_mean": lambda c: CardText("人均纯收入（人口加权）", _value(c.m, "income_per_capita_mean"),
                                                 growth_note(c.m.get("income_growth_pct")), delta=True),
    "project_investment_wan": _investment_card,
    "household_measure_coverage_pct": lambda c: CardText("帮扶措施覆盖率", _value(c.m, "household_measure_coverage_pct"),
                                                         "有帮扶措施的建档立卡户占比"),
    "below_line_households": lambda c: CardText("收入低于贫困线", _value(c.m, "below_line_households"),
                                                "人均纯收入低于当年贫困线"),
    # 收入增长 (2014–2020): the year's row of income_by_year
    "income.income_mean": lambda c: CardText("人均纯收入（人口加权均值）", fmt("income_per_capita_mean", c.income["income_mean"]),
                                             growth_note(c.income["income_growth_pct"]), delta=True),
    "income.income_median": lambda c: CardText("人均纯收入中位数", fmt("income_median", c.income["income_median"]), None),
    "income.poverty_line": lambda c: CardText("当年贫困线", fmt("poverty_line", c.income["poverty_line"]), None),
    "income.below_line": lambda c: CardText("低于贫困线", fmt("below_line_households", c.income["below_line_households"]),
                                            fmt("below_line_population", c.income["below_line_population"])),
    # 项目覆盖 (2014–2020)
    "projects_count": lambda c: CardText("扶贫项目", fmt("projects_count", c.m.get("projects_count")), None),
    "project_fiscal_wan": lambda c: CardText("其中财政扶贫资金", fmt("project_fiscal_wan", c.m.get("project_fiscal_wan")), None),
    "villages_with_project": lambda c: CardText("项目覆盖村", _value(c.m, "villages_with_project"), None),
    "measures_per_household": lambda c: CardText("户均帮扶措施", fmt("measures_per_household",
                                                                  c.measures["measures_per_household"]), None),
    "below_min_households": lambda c: CardText(f"措施少于{c.min_measures}项的户",
                                               fmt("below_min_households", c.measures["below_min_households"]),
                                               f"占{fmt('below_min_pct', c.measures['below_min_pct'])}"),
    # The monitoring era (2021 on)
    "exited_poor_households": lambda c: CardText("脱贫户", _value(c.m, "exited_poor_households"),
                                                 fmt("exited_poor_population", c.m.get("exited_poor_population"))),
    "exited_poor_population": lambda c: CardText("脱贫人口", _value(c.m, "exited_poor_population"),
                                                 fmt("exited_poor_households", c.m.get("exited_poor_households"))),
    "monitored_households": lambda c: CardText("监测对象", _value(c.m, "monitored_households"),
                                               fmt("monitored_population", c.m.get("monitored_population"))),
    "monitored_share_pct": lambda c: CardText("监测对象占比", _value(c.m, "monitored_share_pct"), "占农业户籍人口",
                                              help="监测对象人数 ÷ 农业户籍人口（同一批村）"),
    "exited_poor_income_mean": lambda c: CardText("脱贫人口人均纯收入", _value(c.m, "exited_poor_income_mean"),
                                                  growth_note(c.m.get("exited_poor_income_growth_pct")), delta=True,
                                                  help="按人口加权；增速按两年都有收入数据的同一批脱贫户计算"),
    "monitored_income_mean": _monitored_income_card,
    "monitoring_line": lambda c: CardText("防止返贫监测范围", "未设置" if c.m.get("monitoring_line") is None
                                          else fmt("monitoring_line", c.m["monitoring_line"]), None),
    **{f"monitored:{t}": (lambda c, t=t: _category_card(c, t)) for t in MONITOR_TYPES},
    "risk_open_households": lambda c: CardText("风险未消除", _value(c.m, "risk_open_households"),
                                               fmt("risk_open_population", c.m.get("risk_open_population"))),
    # 总览 wrote 已消除风险 with its people, 防返贫监测 with the 风险消除率: the people, like 监测对象 and 风险未消除
    # beside it, and the rate in the help (总览 has a 风险消除率 card of its own).
    "risk_eliminated_households": lambda c: CardText(
        "已消除风险", _value(c.m, "risk_eliminated_households"),
        fmt("risk_eliminated_population", c.m.get("risk_eliminated_population")),
        help=f"风险消除率{fmt('risk_eliminated_pct', c.m.get('risk_eliminated_pct'))}（已消除风险户 ÷ 监测对象户）"),
    "risk_eliminated_pct": lambda c: CardText("风险消除率", fmt("risk_eliminated_pct", c.m.get("risk_eliminated_pct"))
                                              if c.m.get("monitored_households") is not None else NOT_IMPORTED,
                                              "已消除风险户 ÷ 监测对象户"),
    "newly_monitored_households": lambda c: CardText(
        "当年新识别监测对象", _value(c.m, "newly_monitored_households"),
        f"识别到消除用时中位数{fmt('months_to_eliminate_median', c.m.get('months_to_eliminate_median'))}"),
    "below_monitoring_line": _below_line_card,
    "below_line_not_monitored": _below_line_not_monitored_card,
    "employed_exited_labour": lambda c: CardText("务工就业", _value(c.m, "employed_exited_labour"), "脱贫劳动力务工就业人数"),
    # 项目覆盖 (2021 on): 衔接资金项目 and the 帮扶措施 of the 监测对象 (era_analysis.measure_summary)
    "era.projects_count": lambda c: CardText("衔接资金项目", _value(c.m, "projects_count"), None),
    "era.project_fiscal_wan": lambda c: CardText("其中财政衔接资金", _value(c.m, "project_fiscal_wan"), None),
    "monitored_measure_coverage_pct": lambda c: CardText(
        "帮扶措施覆盖率", fmt("monitored_measure_coverage_pct", c.measures["coverage_pct"]),
        f"{_count(c.measures['covered_households'])}/{_households(c.measures['monitored_households'])}监测对象"),
    "open_measure_coverage_pct": lambda c: CardText(
        "风险未消除户覆盖率", fmt("open_measure_coverage_pct", c.measures["open_coverage_pct"]),
        f"{_count(c.measures['open_covered_households'])}/{_households(c.measures['open_households'])}"),
    "uncovered_open_households": lambda c: CardText(
        "风险未消除且无帮扶措施", fmt("uncovered_open_households", c.measures["uncovered_open_households"]), None),
    # 贫困发生率 of 2021 on: the share under its measure's full name, beside the page's title 监测对象占比.
    "measure:monitored_share_pct": lambda c: CardText(MEASURES["monitored_share_pct"].label,
                                                      _value(c.m, "monitored_share_pct"), None),
    # 精准核查: the audit report
    "suspects": lambda c: CardText("疑点", fmt("suspects", c.audit.total),
                                   f"{c.audit_change:+,}条" if c.audit_change else None, delta=True, inverse=True,
                                   help="与最近一次导入之前相比"),
    "high_risk_suspects": lambda c: CardText("高风险疑点", fmt("high_risk_suspects", _high_risk(c.audit)), None),
    "rules_ran": lambda c: CardText("已核查规则", fmt("rules_ran", len(c.audit.ran)), None),
    "rules_skipped": lambda c: CardText("缺少数据未核查的规则", fmt("rules_skipped", len(c.audit.skipped)), None),
}


# A card without its note and help, where the page shows the note's figures as cards beside it (项目覆盖: 扶贫项目 and
# 项目覆盖村 next to 项目总投资; 收入增长: 防止返贫监测范围 next to 监测对象人均纯收入).
CARDS.update({f"plain:{key}": (lambda c, key=key: replace(CARDS[key](c), note=None, help=None))
              for key in ("project_investment_wan", "household_measure_coverage_pct", "monitored_income_mean")})


def cards(m: dict, area: Area | None = None, keys: tuple[str, ...] | None = None, **inputs) -> list[CardText]:
    """The cards of a card set (CARD_SETS) from metrics() — and, for a page's own cards, its other results as
    CardInput names them (income=, measures=, min_measures=, audit=, audit_change=). Without keys the headline
    cards of 总览 and the pack's 主要指标: the monitoring era's (ERA_CARDS) for a 2021-on year, the 建档立卡 ones before."""
    if keys is None:
        keys = ERA_CARDS if is_monitoring(m) else REGISTRY_CARDS
    given = CardInput(m, area or Area(), **inputs)
    return [CARDS[k](given) for k in keys]


# 总览 and the pack's 主要指标 of 2014–2020, four a row.
REGISTRY_CARDS = ("registered_households", "poor_households", "incidence_pct", "exited_households",
                  "income_per_capita_mean", "project_investment_wan", "household_measure_coverage_pct",
                  "below_line_households")
# 总览 and the pack's 主要指标 of a 2021-on year, four a row; ERA_COVERAGE: the coverage notes of these figures.
ERA_CARDS = ("exited_poor_households", "monitored_households", "monitored_share_pct", "exited_poor_income_mean",
             *(f"monitored:{t}" for t in MONITOR_TYPES), "risk_open_households",
             "risk_eliminated_households", "risk_eliminated_pct", "below_monitoring_line", "employed_exited_labour")
ERA_COVERAGE = ("monitoring", "monitored_share", "exited_poor_income_growth", "below_monitoring_line",
                "employed_exited_labour")
VILLAGE_CARDS = ("registered_households", "poor_households", "incidence_pct", "income_per_capita_mean")
# 防返贫监测; 村级详情 of a 2021-on year.
WATCH_CARDS = ("monitored_households", "risk_open_households", "risk_eliminated_households",
               "newly_monitored_households", "exited_poor_households", "exited_poor_income_mean", "monitored_income_mean",
               "below_line_not_monitored")
WATCH_VILLAGE_CARDS = ("exited_poor_households", "monitored_households", "risk_open_households",
                       "risk_eliminated_households", "newly_monitored_households", "exited_poor_income_mean",
                       "monitored_income_mean", "below_line_not_monitored")
# 贫困发生率 of a 2021-on year (three a row).
INCIDENCE_ERA_CARDS = ("measure:monitored_share_pct", "monitored_households", "exited_poor_population")
# 收入增长: 2014–2020 (income=the year's row of analysis.income_by_year), 2021 on.
INCOME_CARDS = ("income.income_mean", "income.income_median", "income.poverty_line", "income.below_line")
INCOME_ERA_CARDS = ("exited_poor_income_mean", "plain:monitored_income_mean", "exited_poor_population", "monitoring_line")
# 项目覆盖: projects and funds; support measures (measures=…, three a row).
PROJECT_CARDS = ("projects_count", "plain:project_investment_wan", "project_fiscal_wan", "villages_with_project")
MEASURE_CARDS = ("measures_per_household", "below_min_households", "plain:household_measure_coverage_pct")
PROJECT_ERA_CARDS = ("era.projects_count", "plain:project_investment_wan", "era.project_fiscal_wan",
                     "villages_with_project")
ERA_MEASURE_CARDS = ("monitored_measure_coverage_pct", "open_measure_coverage_pct", "uncovered_open_households")
# 精准核查 (audit=the report, audit_change=its change since the import before).
AUDIT_CARDS = ("suspects", "high_risk_suspects", "rules_ran", "rules_skipped")

CARD_SETS = {name: keys for name, keys in (
    ("REGISTRY_CARDS", REGISTRY_CARDS), ("ERA_CARDS", ERA_CARDS), ("VILLAGE_CARDS", VILLAGE_CARDS),
    ("WATCH_CARDS", WATCH_CARDS), ("WATCH_VILLAGE_CARDS", WATCH_VILLAGE_CARDS),
    ("INCIDENCE_ERA_CARDS", INCIDENCE_ERA_CARDS), ("INCOME_CARDS", INCOME_CARDS),
    ("INCOME_ERA_CARDS", INCOME_ERA_CARDS), ("PROJECT_CARDS", PROJECT_CARDS), ("MEASURE_CARDS", MEASURE_CARDS),
    ("PROJECT_ERA_CARDS", PROJECT_ERA_CARDS), ("ERA_MEASURE_CARDS", ERA_MEASURE_CARDS), ("AUDIT_CARDS", AUDIT_CARDS))}


# Charts -----------------------------------------------------------------------------------------------------
@dataclass
class Series:
    name: str
    values: list


@dataclass
class Drawn:
    """One chart as a page, a PNG, a slide and the Word draft show it."""
    key: str
    title: str
    figure: go.Figure
    table: pd.DataFrame                 # its data with Chinese headers (the ZIP's workbook, a slide's appendix)
    kind: str | None                    # native slide chart: bar, column, line, stacked, stacked_column; None: picture
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    number_format: str = "#,##0"        # Excel number format of the slide's data labels
    takeaway: str = ""
    note: str = ""                      # under the slide, and in the Word draft
    caption: str = ""                   # under the chart on the page
    point_colors: list[str] | None = None
    series_colors: list[str] | None = None
    slide_note: str | None = None       # under a native slide, where its chart lacks what `note` describes
    topic: str = ""
    drill: str | None = None
    name: str = ""
    source: str = ""

    @property
    def file_name(self) -> str:
        return self.title


@dataclass(frozen=True)
class Empty:
    """What a page says where the chart has no data (the pack leaves the chart out)."""
    message: str


@dataclass
class Context:
    """The year and area a chart is drawn for, and how named results are fetched (cached on pages)."""
    year: int
    area: Area
    area_label: str
    result: Callable            # result(func, *args) == func(store, *args)
    source: Callable[[str], str]  # source(ledger kind) -> '数据来源：…'
    several_counties: bool = False
    min_measures: int = analysis.DEFAULT_MIN_MEASURES

    @property
    def threshold(self) -> float:
        return self.result(analysis.exit_threshold)


@dataclass(frozen=True)
class ChartSpec:
    key: str
    name: str                   # short name: the Word draft's sub-heading
    pages: tuple[str, ...]      # pages/<page>.py that show it
    topic: str                  # the pack's section: trend, incidence, causes, income, projects
    draw: Callable[[Context], Drawn | Empty | None]
    drill: str | None = None    # drill: a bar opens the place below it; None: no click
    ledger: str = "建档立卡台账"   # the ledger its source line names
    regime: str = "registry"    # the years it applies to: "registry" 2014–2020, "monitoring" 2021 on, "both"

    def applies(self, year: int) -> bool:
        return self.regime == "both" or self.regime == regime(year)


def regime(year: int) -> str:
    """"monitoring" for a year of 防止返贫动态监测 (2021 on), else "registry" (建档立卡, 2014–2020)."""
    return "monitoring" if year >= REGIME_START else "registry"


def top_note(total: int, shown: int, what: str, unit: str = "个村") -> str:
    """'共1,234个村，图中为贫困发生率最高的30个村。' when a chart shows only some of the area's villages; else ''."""
    return f"共{total:,}{unit}，图中为{what}的{shown}{unit}。" if total > shown else ""


def _values(col) -> list:
    return [None if is_missing(v) else (int(v) if float(v).is_integer() else float(v)) for v in col]


def _years(col) -> list[str]:
    return [f"{int(v)}年" for v in col]


def _labels(frame: pd.DataFrame) -> list[str]:
    return figures.area_labels(frame)


def _cause(cause: str) -> str:
    return "其他原因致贫" if cause in ("其他", "未填写") else f"{cause}致贫"


def _pick(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a chart's table shows; the county only where the rows are of several counties."""
    keep = [c for c in columns if c in frame.columns and not (c == "county" and frame[c].nunique(dropna=False) < 2)]
    return frame[keep]


# 总览 --------------------------------------------------------------------------------------------------------
def _trend(ctx: Context):
    t = figures.up_to(ctx.result(trend, ctx.area), ctx.year)
    if t.empty:
        return Empty(f"{ctx.area_label}没有建档立卡户数据。")
    title = f"{ctx.area_label}{year_span(t['year'].min(), t['year'].max())}未脱贫人口（含返贫）与贫困发生率"
    first, last = t.iloc[0], t.iloc[-1]
    takeaway = f"{int(last['year'])}年未脱贫人口{fmt('poor_population', last['poor_population'])}"
    if len(t) > 1:
        takeaway += f"，比{int(first['year'])}年减少{fmt('poor_population', first['poor_population'] - last['poor_population'])}"
    return Drawn("trend", title, figures.trend_figure(t, title, ctx.source("建档立卡台账")),
                 analysis.table(_pick(t, ["year", "registered_population", "poor_population", "incidence_pct"])),
                 "column", _years(t["year"]),
                 [Series("建档立卡人口（人）", _values(t["registered_population"])),
                  Series("未脱贫人口（含返贫，人）", _values(t["poor_population"]))],
                 "#,##0", takeaway, "未脱贫人口含返贫人口；贫困发生率见下一页", incomplete_years(t),
                 series_colors=["#bcccdc", figures.PALETTE[0]])


# 贫困发生率 ---------------------------------------------------------------------------------------------------
def _incidence_bars(ctx: Context, frame: pd.DataFrame, level: str, unit: str, key: str, caption: str):
    rated = frame[frame["incidence_pct"].notna()]
    if rated.empty:
        return None
    shown = analysis.chart_rows(rated, "incidence_pct").sort_values("incidence_pct", ascending=False, kind="stable")
    title = f"{ctx.year}年{ctx.area_label}各{level}贫困发生率"
    threshold = ctx.threshold
    fig = figures.incidence_bar_figure(shown, threshold, title, ctx.source("建档立卡台账"))
    over = rated[rated["incidence_pct"] >= threshold]
    labels = _labels(shown)
    takeaway = (f"{labels[0]}贫困发生率最高，为{fmt('incidence_pct', shown['incidence_pct'].iloc[0])}；"
                + (f"{len(over):,}{unit}不低于{threshold:g}%的出列标准" if len(over)
                   else f"各{level}均低于{threshold:g}%的出列标准"))
    note = f"{len(rated):,}/{len(frame):,}{unit}有农业户籍人口数据"
    keep = ["county", "township", "village", "registered_households", "poor_population", "agri_population",
            "incidence_pct", "village_exited", "exited_villages"]
    exited = shown["village_exited"].fillna(False).astype(bool).tolist() if "village_exited" in shown else []
    if any(exited):
        # A slide's bar chart of one series has no legend: the note names the green bars (the page's legend does).
        note += "；绿色为已出列村"
    return Drawn(key, title, fig, analysis.table(_pick(shown, keep)), "bar", labels,
                 [Series("贫困发生率（%）", _values(shown["incidence_pct"]))], '0.00"%"', takeaway, note,
                 top_note(len(rated), len(shown), "贫困发生率最高", unit) + caption,
                 point_colors=[figures.EXITED_COLOR if e else figures.NOT_EXITED_COLOR for e in exited] or None,
                 series_colors=[figures.NOT_EXITED_COLOR])


def _incidence_counties(ctx: Context):
    if ctx.area.county is not None or not ctx.several_counties:
        return None
    frame = ctx.result(analysis.incidence_by_county, ctx.year, ctx.area)
    return _incidence_bars(ctx, frame, "县", "个县", "incidence_counties", "点击县的柱子（发生率为0的县是圆点），筛选到该县。")


def _incidence_townships(ctx: Context):
    if ctx.area.township is not None:
        return None
    frame = ctx.result(analysis.incidence_by_township, ctx.year, ctx.area)
    return _incidence_bars(ctx, frame, "乡镇", "个乡镇", "incidence_townships",
                           "点击乡镇的柱子（发生率为0的乡镇是圆点），筛选到该乡镇。")


def _incidence_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    frame = ctx.result(analysis.incidence_by_village, ctx.year, ctx.area)
    exited = int(frame["village_exited"].sum()) if not frame.empty else 0
    drawn = _incidence_bars(ctx, frame, "村", "个村", "incidence_villages",
                            f"绿色为已出列村（共{exited:,}个），发生率为0的村以圆点标出；点击村的柱子或圆点，打开该村详情。"
                            + analysis.not_imported_note(frame, ctx.year))
    return drawn or Empty(f"{ctx.year}年{ctx.area_label}没有能计算贫困发生率的村：需要当年的建档立卡户台账和村基本情况（农业户籍人口）。")


def _incidence_heatmap(ctx: Context):
    if ctx.area.village is not None:
        return Empty(f"已选择{ctx.area_label}：各村对比请在乡镇下查看，该村历年贫困发生率见右图。")
    heat = figures.up_to(ctx.result(analysis.incidence_village_year, ctx.area), ctx.year)
    heat = heat[heat["incidence_pct"].notna()]
    if heat.empty:
        return Empty(f"{ctx.area_label}没有分年度的村级贫困发生率。")
    title = f"{year_span(heat['year'].min(), heat['year'].max())}{ctx.area_label}各村贫困发生率（%）"
    threshold = ctx.threshold
    now = heat[heat["year"] == ctx.year]
    below = int((now["incidence_pct"] < threshold).sum())
    takeaway = (f"图中{now['village'].nunique():,}个村{ctx.year}年有{below:,}个低于{threshold:g}%的出列标准"
                if not now.empty else f"{ctx.year}年没有村级贫困发生率")
    total = len(ctx.result(analysis.incidence_by_village, ctx.year, ctx.area))
    caption = top_note(total, heat["village"].nunique(), "历年贫困发生率最高")
    wide = figures.with_area_label(heat).pivot_table(index="area", columns="year", values="incidence_pct",
                                                     aggfunc="first", sort=False)
    wide.columns = [f"{int(y)}年贫困发生率（%）" for y in wide.columns]
    return Drawn("incidence_heatmap", title,
                 figures.heatmap_figure(heat, "area", "incidence_pct", title, ctx.source("建档立卡台账")),
                 wide.reset_index().rename(columns={"area": "村"}), None, takeaway=takeaway,
                 note=caption.rstrip("。") or "颜色越深，贫困发生率越高", caption=caption)


def _incidence_lines(ctx: Context):
    t = figures.up_to(ctx.result(trend, ctx.area), ctx.year)
    total = t[t["incidence_pct"].notna()]
    if total.empty:
        return Empty(f"{ctx.area_label}没有分年度的贫困发生率。")
    lines = figures.up_to(ctx.result(analysis.incidence_township_year, ctx.area), ctx.year)
    lines = lines[lines["incidence_pct"].notna()]
    title = f"{year_span(total['year'].min(), total['year'].max())}{ctx.area_label}贫困发生率变化"
    # One line per township under a county; a township or village is the bold total line alone.
    groups = figures.with_area_label(lines) if ctx.area.township is None else lines.iloc[0:0].assign(area=None)
    threshold = ctx.threshold
    fig = figures.lines_figure(groups, "area", "incidence_pct", title, ctx.source("建档立卡台账"), total=total,
                               total_name=ctx.area_label, threshold=threshold)
    years = list(total["year"])
    series = [Series(f"{ctx.area_label}（%）", _values(total["incidence_pct"]))]
    for name, part in groups.groupby("area", sort=False):
        by_year = dict(zip(part["year"], part["incidence_pct"]))
        series.append(Series(f"{name}（%）", _values([by_year.get(y) for y in years])))
    first, last = total.iloc[0], total.iloc[-1]
    if len(total) > 1:
        takeaway = (f"贫困发生率由{int(first['year'])}年的{fmt('incidence_pct', first['incidence_pct'])}降至"
                    f"{int(last['year'])}年的{fmt('incidence_pct', last['incidence_pct'])}，"
                    f"{'低于' if last['incidence_pct'] < threshold else '仍高于'}{threshold:g}%的出列标准")
    else:
        takeaway = f"{int(last['year'])}年贫困发生率为{fmt('incidence_pct', last['incidence_pct'])}"
    towns = ctx.result(analysis.incidence_by_township, ctx.year, ctx.area) if ctx.area.township is None else []
    table = pd.DataFrame({"年度": [int(y) for y in years], **{s.name.replace("（%）", "贫困发生率（%）"): s.values
                                                             for s in series}})
    return Drawn("incidence_lines", title, fig, table, "line", _years(years), series, '0.00"%"', takeaway,
                 "贫困发生率 = 未脱贫人口（含返贫）÷ 农业户籍人口 × 100%",
                 top_note(len(towns), analysis.CHART_TOP, "历年贫困发生率最高", "个乡镇"),
                 series_colors=["#1f2933"] + [figures.PALETTE[(i + 1) % len(figures.PALETTE)]
                                              for i in range(len(series) - 1)])


def _counts_by_year(ctx: Context):
    t = figures.up_to(ctx.result(trend, ctx.area), ctx.year)
    if t.empty:
        return Empty(f"{ctx.area_label}没有建档立卡户数据。")
    title = f"{year_span(t['year'].min(), t['year'].max())}{ctx.area_label}建档立卡户、未脱贫户与当年脱贫户"
    now = t[t["year"] == ctx.year]
    if now.empty:
        takeaway = f"{ctx.year}年没有建档立卡户台账数据"
    else:
        r0, r = t.iloc[0], now.iloc[0]
        takeaway = (f"{ctx.year}年未脱贫{fmt('poor_households', r['poor_households'])}，"
                    f"当年脱贫{fmt('exited_households', r['exited_households'])}")
        if int(r0["year"]) < ctx.year:
            takeaway += (f"；比{int(r0['year'])}年减少未脱贫户"
                         f"{fmt('poor_households', r0['poor_households'] - r['poor_households'])}")
    return Drawn("counts_by_year", title, figures.counts_by_year_figure(t, title, ctx.source("建档立卡台账")),
                 analysis.table(_pick(t, ["year", "registered_households", "poor_households", "exited_households"])),
                 "column", _years(t["year"]),
                 [Series("建档立卡户", _values(t["registered_households"])),
                  Series("未脱贫户（含返贫）", _values(t["poor_households"])),
                  Series("当年脱贫户", _values(t["exited_households"]))], "#,##0", takeaway,
                 "未脱贫户含返贫户；当年脱贫户为脱贫年度等于当年的户", incomplete_years(t),
                 series_colors=["#9fb3c8", figures.NOT_EXITED_COLOR, figures.EXITED_COLOR])



def _summary_villages(ctx: Context):
    """A year (or place) known from a summary table by place: its villages' 贫困人口 as that table reports them."""
    from ledgerboard import place_tables

    if ctx.area.village is not None:
        return None
    reported = ctx.result(place_tables.villages, ctx.year, ctx.area)
    rated = reported[reported["poor_population"].notna()] if not reported.empty else reported
    if rated.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村贫困人口（汇总表）"
    shown = rated.head(place_tables.CHART_TOP)
    top = shown.sort_values("poor_population", ascending=False, kind="stable").iloc[0]
    takeaway = (f"汇总表填报{len(rated):,}个村贫困人口共{fmt('poor_population', rated['poor_population'].sum())}，"
                f"{_labels(top.to_frame().T)[0]}最多，{fmt('poor_population', top['poor_population'])}")
    caption = (top_note(len(rated), len(shown), "贫困人口最多") +
               f"以下为汇总表填报的{len(reported):,}个村的数字，不是按户台账计算的。")
    return Drawn("summary_villages", title, place_tables.villages_figure(reported, title),
                 place_tables.villages_table(reported), "bar", _labels(shown),
                 [Series("贫困人口（人）", _values(shown["poor_population"]))], "#,##0", takeaway,
                 "汇总表（按村填报的统计表）的数字，不是按户台账计算的", caption)

# 致贫原因 ------------------------------------------------------------------------------------------------------
def _causes_share(ctx: Context):
    causes = ctx.result(analysis.causes_share, ctx.year, ctx.area)
    if causes.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有建档立卡户数据，无法统计致贫原因。请选择其他年度或地区。")
    total = int(causes["households"].sum())
    title = f"{ctx.year}年{ctx.area_label}建档立卡户主要致贫原因（共{total:,}户）"
    first = causes.iloc[0]
    takeaway = f"{_cause(first['cause'])}占{numbers.fmt_pct(first['share_pct'], 1)}，是第一位致贫原因"
    if len(causes) > 1:
        second = causes.iloc[1]
        takeaway += f"；其次是{_cause(second['cause'])}，占{numbers.fmt_pct(second['share_pct'], 1)}"
    return Drawn("causes_share", title, figures.causes_figure(causes, title, ctx.source("建档立卡台账")),
                 analysis.table(_pick(causes, ["cause", "households", "population", "poor_households", "share_pct"])),
                 "bar", [str(c) for c in causes["cause"]], [Series("户数（户）", _values(causes["households"]))],
                 "#,##0", takeaway, "按建档立卡户的主要致贫原因计数，每户只计主要原因，不重复计算",
                 point_colors=[figures.stable_color(c) for c in causes["cause"]])


def _stacked(df: pd.DataFrame, row_col: str, part_col: str, share_col: str, rows: list,
             parts: list) -> tuple[list[Series], list]:
    """Rows × parts shares as series (one per part, in parts order) over the rows."""
    pivot = df.pivot_table(index=row_col, columns=part_col, values=share_col, aggfunc="first", sort=False)
    present = [p for p in parts if p in pivot.columns]
    pivot = pivot.reindex(index=rows)
    return [Series(str(p), _values(pivot[p].fillna(0))) for p in present], present


def _share_table(df: pd.DataFrame, row_col: str, part_col: str, share_col: str, rows: list, parts: list,
                 row_title: str) -> pd.DataFrame:
    series, _ = _stacked(df, row_col, part_col, share_col, rows, parts)
    return pd.DataFrame({row_title: [str(r) for r in rows], **{f"{s.name}（%）": s.values for s in series}})


def _cause_order(ctx: Context) -> list[str]:
    return list(ctx.result(analysis.causes_share, ctx.year, ctx.area)["cause"])


def _causes_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    df = ctx.result(analysis.causes_by_village, ctx.year, ctx.area)
    if df.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村致贫原因构成"
    order = _cause_order(ctx)
    fig = figures.stacked_share_figure(df, "area", "cause", "share_pct", "households", title,
                                       ctx.source("建档立卡台账"), parts_order=order,
                                       axis_title="占本村建档立卡户比例（%）")
    labelled = figures.with_area_label(df)
    rows = list(dict.fromkeys(labelled["area"]))
    series, present = _stacked(labelled, "area", "cause", "share_pct", rows, order)
    top = labelled.sort_values("share_pct", ascending=False).iloc[0]
    return Drawn("causes_villages", title, fig, _share_table(labelled, "area", "cause", "share_pct", rows, order, "村"),
                 "stacked", rows, series, '0.0"%"', f"{top['area']}{_cause(top['cause'])}占比最高，为"
                 f"{numbers.fmt_pct(top['share_pct'], 1)}", "每村各致贫原因占比之和为100%",
                 top_note(int(df["villages_in_area"].iloc[0]), int(df["villages_shown"].iloc[0]), "建档立卡户最多")
                 + "点击某村的色条，打开该村详情。", series_colors=[figures.stable_color(c) for c in present])


def _causes_attribute(ctx: Context):
    attrs = ctx.result(analysis.causes_by_attribute, ctx.year, ctx.area)
    if attrs.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各类贫困户的致贫原因"
    order = _cause_order(ctx)
    fig = figures.stacked_share_figure(attrs, "attribute", "cause", "share_pct", "households", title,
                                       ctx.source("建档立卡台账"), parts_order=order, axis_title="占该类贫困户比例（%）")
    rows = list(dict.fromkeys(attrs["attribute"]))
    series, present = _stacked(attrs, "attribute", "cause", "share_pct", rows, order)
    top = attrs.sort_values("share_pct", ascending=False).groupby("attribute", sort=False).head(1)
    supported = top[top["attribute"] != "一般贫困户"]
    row = supported.iloc[0] if not supported.empty else top.iloc[0]
    return Drawn("causes_attribute", title, fig,
                 _share_table(attrs, "attribute", "cause", "share_pct", rows, order, "贫困户属性"), "stacked",
                 [str(r) for r in rows], series, '0.0"%"',
                 f"{row['attribute']}中{_cause(row['cause'])}占比最高，为{numbers.fmt_pct(row['share_pct'], 1)}",
                 "每类贫困户内各致贫原因占比之和为100%", series_colors=[figures.stable_color(c) for c in present])


def _causes_poor_by_year(ctx: Context):
    mix = figures.up_to(ctx.result(analysis.causes_poor_by_year, ctx.area), ctx.year)
    if mix.empty:
        return Empty(f"{ctx.area_label}没有未脱贫户（含返贫）。")
    title = f"{year_span(mix['year'].min(), mix['year'].max())}{ctx.area_label}未脱贫户（含返贫）致贫原因构成变化"
    order = _cause_order(ctx)
    fig = figures.stacked_share_figure(mix, "year", "cause", "share_pct", "poor_households", title,
                                       ctx.source("建档立卡台账"), horizontal=False, parts_order=order,
                                       row_title="年度", axis_title="占当年未脱贫户（含返贫）比例（%）")
    rows = list(dict.fromkeys(mix["year"]))
    series, present = _stacked(mix, "year", "cause", "share_pct", rows, order)
    last = mix[mix["year"] == rows[-1]].sort_values("share_pct", ascending=False).iloc[0]
    return Drawn("causes_poor_by_year", title, fig,
                 _share_table(mix, "year", "cause", "share_pct", rows, order, "年度"), "stacked_column", _years(rows),
                 series, '0.0"%"', f"{int(rows[-1])}年未脱贫户中{_cause(last['cause'])}占"
                 f"{numbers.fmt_pct(last['share_pct'], 1)}", "每年未脱贫户（含返贫）内各致贫原因占比之和为100%",
                 series_colors=[figures.stable_color(c) for c in present])


# 收入 ------------------------------------------------------------------------------------------------------
def _income_years(ctx: Context) -> pd.DataFrame:
    years = figures.up_to(ctx.result(analysis.income_by_year, ctx.area), ctx.year)
    return years[years["income_mean"].notna()]


def _income_by_year(ctx: Context):
    income = _income_years(ctx)
    if income.empty:
        return Empty(f"{ctx.area_label}的建档立卡户台账中没有人均纯收入数据。")
    title = f"{year_span(income['year'].min(), income['year'].max())}{ctx.area_label}建档立卡户人均纯收入与贫困线"
    now = income[income["year"] == ctx.year]
    if now.empty:
        takeaway = f"{ctx.year}年没有收入数据"
    else:
        r = now.iloc[0]
        takeaway = f"{ctx.year}年人均纯收入{fmt('income_per_capita_mean', r['income_mean'])}"
        if not is_missing(r["income_growth_pct"]):
            takeaway += f"，{growth_note(r['income_growth_pct'])}"
        if not is_missing(r["poverty_line"]) and r["poverty_line"]:
            takeaway += (f"，是当年贫困线{fmt('income_per_capita_mean', r['poverty_line'])}的"
                         f"{numbers.fmt_num(r['income_mean'] / r['poverty_line'], '', 1)}倍")
    series = [Series("均值（人口加权）", _values(income["income_mean"])),
              Series("中位数（人口加权）", _values(income["income_median"]))]
    if income["poverty_line"].notna().any():
        series.append(Series("当年贫困线", _values(income["poverty_line"])))
    covered = now.iloc[0] if not now.empty else None
    note = "均值与中位数均按家庭人口加权" + (
        f"；{int(covered['households_with_income']):,}/{int(covered['registered_households']):,}户有收入数据"
        if covered is not None else "")
    return Drawn("income_by_year", title, figures.income_figure(income, title, ctx.source("建档立卡台账")),
                 analysis.table(_pick(income, ["year", "income_mean", "income_median", "income_growth_pct",
                                               "poverty_line", "below_line_households"])),
                 "line", _years(income["year"]), series, "#,##0", takeaway, note,
                 series_colors=[figures.NOT_EXITED_COLOR, "#9fb3c8", figures.LINE_COLOR])


def _income_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    villages = ctx.result(analysis.income_by_village, ctx.year, ctx.area)
    villages = villages[villages["income_mean"].notna()]
    if villages.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村建档立卡户人均纯收入"
    line = villages["poverty_line"].iloc[0]
    line = None if is_missing(line) else float(line)
    shown = analysis.chart_rows(villages, "income_mean", lowest=True)
    labels = _labels(shown)
    fig = figures.ranked_bar_figure(
        labels, shown["income_mean"], title, ctx.source("建档立卡台账"), value_title="人均纯收入（元，人口加权）",
        text=[fmt("income_per_capita_mean", m) + ("" if is_missing(g) else f"（{numbers.round_half_up(g, 1):+.1f}%）")
              for m, g in zip(shown["income_mean"], shown["income_growth_pct"])],
        customdata=figures.drill_keys(shown), hover="%{y}：%{x:,.0f}元<extra></extra>",
        line=line, line_text=None if line is None else f"贫困线 {fmt('income_per_capita_mean', line)}")
    low = shown.iloc[-1]
    return Drawn("income_villages", title, fig,
                 analysis.table(_pick(shown, ["township", "village", "income_mean", "income_median",
                                              "income_growth_pct", "poverty_line"])), "bar", labels,
                 [Series("人均纯收入（元）", _values(shown["income_mean"]))], "#,##0",
                 f"{labels[-1]}人均纯收入最低，为{fmt('income_per_capita_mean', low['income_mean'])}",
                 "人均纯收入按家庭人口加权",
                 top_note(len(villages), len(shown), "人均纯收入最低") + "括号内为比上年增长。点击村的柱子，打开该村详情。",
                 series_colors=[figures.NOT_EXITED_COLOR])


def _income_distribution(ctx: Context):
    bands = ctx.result(analysis.income_distribution, ctx.year, ctx.area)
    if bands.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有收入数据。")
    income = _income_years(ctx)
    now = income[income["year"] == ctx.year]
    line = None if now.empty or is_missing(now["poverty_line"].iloc[0]) else float(now["poverty_line"].iloc[0])
    title = f"{ctx.year}年{ctx.area_label}建档立卡户人均纯收入分布"
    fig = figures.income_distribution_figure(bands, line, analysis.INCOME_BAND_YUAN, analysis.INCOME_BAND_CAP_YUAN,
                                             title, ctx.source("建档立卡台账"))
    below = int(bands.loc[bands["band_from"].astype(float) + analysis.INCOME_BAND_YUAN <= (line or 0),
                          "households"].sum()) if line else None
    takeaway = ("当年没有设置贫困线" if line is None else
                f"人均纯收入在贫困线{fmt('income_per_capita_mean', line)}以下各档的有{below:,}户" if below
                else "没有人均纯收入低于当年贫困线的档")
    table = pd.DataFrame({"人均纯收入（元）": [f"{int(s):,}元以上" if s >= analysis.INCOME_BAND_CAP_YUAN else
                                            f"{int(s):,}–{int(s + analysis.INCOME_BAND_YUAN):,}元"
                                            for s in bands["band_from"].astype(float)],
                          "户数（户）": _values(bands["households"])})
    return Drawn("income_distribution", title, fig, table, None, takeaway=takeaway,
                 note=f"每{analysis.INCOME_BAND_YUAN:,}元一档；红色为低于贫困线的档")


def _income_structure_by_year(ctx: Context):
    parts = figures.up_to(ctx.result(analysis.income_structure_by_year, ctx.area), ctx.year)
    if parts.empty:
        return Empty(f"{ctx.area_label}的台账没有分项收入（工资性、生产经营性、财产性、转移性），无法分析收入结构。")
    title = f"{year_span(parts['year'].min(), parts['year'].max())}{ctx.area_label}建档立卡户收入结构"
    long = analysis.income_parts_long(parts)
    order = list(analysis.INCOME_PARTS.values())
    fig = figures.stacked_share_figure(long, "year", "part", "share_pct", "amount", title, ctx.source("建档立卡台账"),
                                       horizontal=False, parts_order=order, unit="元", row_title="年度",
                                       axis_title="占四项收入合计（%）")
    rows = list(dict.fromkeys(long["year"]))
    series, present = _stacked(long, "year", "part", "share_pct", rows, order)
    last = long[long["year"] == rows[-1]].set_index("part")["share_pct"]
    return Drawn("income_structure_by_year", title, fig, _share_table(long, "year", "part", "share_pct", rows, order, "年度"),
                 "stacked_column", _years(rows), series, '0.0"%"',
                 f"{int(rows[-1])}年转移性收入占四项收入合计的{numbers.fmt_pct(last.get('转移性收入'), 1)}",
                 "转移性收入占比高，说明收入依赖政策性补助", series_colors=[figures.stable_color(p) for p in present])


def _income_structure_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    structure = ctx.result(analysis.income_structure_by_village, ctx.year, ctx.area)
    if structure.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村收入结构（按转移性收入占比排序）"
    shown = analysis.chart_rows(structure, "transfer_pct")
    long = analysis.income_parts_long(shown)
    order = list(analysis.INCOME_PARTS.values())
    fig = figures.stacked_share_figure(long, "area", "part", "share_pct", "amount", title, ctx.source("建档立卡台账"),
                                       parts_order=order, unit="元", axis_title="占四项收入合计（%）")
    labelled = figures.with_area_label(long)
    rows = list(dict.fromkeys(labelled["area"]))
    series, present = _stacked(labelled, "area", "part", "share_pct", rows, order)
    return Drawn("income_structure_villages", title, fig,
                 _share_table(labelled, "area", "part", "share_pct", rows, order, "村"), "stacked", rows, series,
                 '0.0"%"', f"{rows[0]}转移性收入占比最高", "每村四项收入占比之和为100%",
                 top_note(len(structure), len(shown), "转移性收入占比最高")
                 + "转移性收入占比高，说明收入依赖政策性补助，脱贫稳定性需关注。",
                 series_colors=[figures.stable_color(p) for p in present])


# 项目 ------------------------------------------------------------------------------------------------------
def _categories(ctx: Context) -> pd.DataFrame:
    return ctx.result(analysis.projects_by_category, ctx.year, ctx.area)


def _project_categories(ctx: Context):
    categories = _categories(ctx)
    if categories.empty:
        count = ctx.result(metrics, ctx.year, ctx.area)["projects_count"]
        return Empty(analysis.no_projects_text(ctx.year, ctx.area_label, ctx.area.village, count))
    categories = categories.sort_values("investment_wan", ascending=False)
    title = f"{ctx.year}年{ctx.area_label}扶贫项目资金（按项目类别）"
    total = float(categories["investment_wan"].sum())
    top = categories.iloc[0]
    takeaway = (f"{top['category']}投资最多，{fmt('project_investment_wan', top['investment_wan'])}，占总投资的"
                f"{numbers.fmt_pct(100 * top['investment_wan'] / total, 1)}" if total else f"{ctx.year}年项目没有填写投资")
    return Drawn("project_categories", title,
                 figures.category_funds_figure(categories, title, ctx.source("扶贫项目台账")),
                 analysis.table(categories), "column", [str(c) for c in categories["category"]],
                 [Series("总投资（万元）", _values(categories["investment_wan"])),
                  Series("其中财政扶贫资金（万元）", _values(categories["fiscal_wan"]))], "#,##0.00", takeaway,
                 "项目按建设地点计入地区（全乡/全镇计入该乡镇每个村）",
                 series_colors=[figures.NOT_EXITED_COLOR, "#9fb3c8"])


def _project_status(ctx: Context):
    if _categories(ctx).empty:
        return None
    status = ctx.result(analysis.projects_status, ctx.year, ctx.area)
    if status.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}扶贫项目进度"
    done = int(status.loc[status["status"].isin(["已完工", "已验收"]), "projects"].sum())
    count = int(status["projects"].sum())
    if count and done == count:
        takeaway = f"{count:,}个项目全部已完工或已验收"
    else:
        takeaway = (f"已完工和已验收项目{done:,}个，占{numbers.fmt_pct(100 * done / count, 1) if count else '—'}；"
                    f"尚有{count - done:,}个未完工")
    return Drawn("project_status", title, figures.status_figure(status, title, ctx.source("扶贫项目台账")),
                 analysis.table(status, {"status": "项目进度"}), "column", [str(s) for s in status["status"]],
                 [Series("项目数（个）", _values(status["projects"]))], "#,##0", takeaway, f"共{count:,}个项目",
                 point_colors=[figures.STATUS_COLORS.get(str(s), figures.NOT_EXITED_COLOR) for s in status["status"]])


def _project_villages(ctx: Context):
    if ctx.area.village is not None or _categories(ctx).empty:
        return None
    villages = ctx.result(analysis.projects_by_village, ctx.year, ctx.area)
    if villages.empty:
        return None
    funded, ranked_count, unfunded = analysis.funds_chart_rows(villages)
    title = f"{ctx.year}年{ctx.area_label}各村户均项目资金"
    per = funded["investment_per_household_yuan"].fillna(0)
    labels = _labels(funded)
    fig = figures.ranked_bar_figure(
        labels, per, title, ctx.source("扶贫项目台账"), value_title="户均项目资金（元/建档立卡户）",
        customdata=figures.drill_keys(funded),
        text=[f"{numbers.fmt_num(v, '元', 0)} · {numbers.fmt_num(w, '万元', 1)}"
              for v, w in zip(per, funded["allocated_investment_wan"])],
        hover="%{y}：户均%{x:,.0f}元<extra></extra>",
        colors=[figures.LINE_COLOR if g else figures.NOT_EXITED_COLOR for g in funded["gap"]])
    gaps = int(villages["gap"].sum())
    caption = (top_note(ranked_count, len(funded), "户均项目资金最少")
               + (f"其中{unfunded:,}个村没有分摊到项目资金，图中先列未脱贫户多的村。" if unfunded > len(funded) else "")
               + "标签为户均分摊到村资金 · 分摊到村资金（项目总投资按覆盖村数平均分摊）；红色为有未脱贫户但没有项目的村，"
                 "没有资金的村以圆点标出。点击村的柱子或圆点，打开该村详情。")
    return Drawn("project_villages", title, fig,
                 analysis.table(_pick(funded, ["township", "village", "registered_households", "poor_households",
                                               "projects", "allocated_investment_wan", "investment_per_household_yuan"])),
                 "bar", labels, [Series("户均项目资金（元）", _values(per))], "#,##0",
                 f"{gaps:,}个村有未脱贫户但没有扶贫项目" if gaps else "有未脱贫户的村都有项目覆盖",
                 "项目总投资按覆盖村数平均分摊到村，再除以该村建档立卡户数", caption,
                 point_colors=[figures.LINE_COLOR if g else figures.NOT_EXITED_COLOR for g in funded["gap"]])


def _project_coverage(ctx: Context):
    if ctx.area.village is not None:
        return None
    categories = _categories(ctx)
    coverage = ctx.result(analysis.projects_coverage, ctx.year, ctx.area)
    if categories.empty or coverage.empty or not coverage["category"].notna().any():
        return None
    title = f"{ctx.year}年{ctx.area_label}各村项目覆盖（村 × 项目类别）"
    fig = figures.coverage_matrix_figure(coverage, list(categories["category"]), title, ctx.source("扶贫项目台账"))
    villages = ctx.result(analysis.projects_by_village, ctx.year, ctx.area)
    gaps = analysis.gap_villages(villages)
    shown = coverage.drop_duplicates([c for c in ("county", "township", "village") if c in coverage.columns])
    caption = top_note(len(villages), len(shown), "最需关注（有未脱贫户而无项目、未脱贫户多）")
    wide = figures.with_area_label(coverage).pivot_table(index="area", columns="category", values="projects",
                                                         aggfunc="sum", sort=False).fillna(0)
    wide.columns = [f"{c}（个）" for c in wide.columns]
    return Drawn("project_coverage", title, fig, wide.reset_index().rename(columns={"area": "村"}), None,
                 takeaway=f"{len(gaps):,}个村有未脱贫户但没有扶贫项目" if len(gaps) else "有未脱贫户的村都有项目覆盖",
                 note=caption.rstrip("。") or "格中数字为覆盖该村的项目数", caption=caption)


def _measures(ctx: Context):
    measures = ctx.result(analysis.projects_measures, ctx.year, ctx.area, int(ctx.min_measures))
    return measures, analysis.measures_summary(measures)


def _measure_counts(ctx: Context):
    _, summary = _measures(ctx)
    if summary is None:
        return Empty(f"{ctx.year}年{ctx.area_label}没有帮扶措施台账数据（未导入），帮扶措施指标不予计算。")
    counts = ctx.result(analysis.projects_measure_counts, ctx.year, ctx.area)
    n = int(ctx.min_measures)
    title = f"{ctx.year}年{ctx.area_label}建档立卡户帮扶措施项数分布"
    fig = figures.bar_figure(
        [f"{k}项" for k in counts["measures"]], counts["households"], title, ctx.source("帮扶措施台账"),
        value_title="户数（户）", category_title="每户帮扶措施（项）", text=[f"{v:,}" for v in counts["households"]],
        colors=[figures.LINE_COLOR if k < n else figures.NOT_EXITED_COLOR for k in counts["measures"]],
        hover="%{x}：%{y:,}户<extra></extra>")
    return Drawn("measure_counts", title, fig,
                 pd.DataFrame({"每户帮扶措施（项）": [int(k) for k in counts["measures"]],
                               "户数（户）": _values(counts["households"])}),
                 "column", [f"{k}项" for k in counts["measures"]], [Series("户数（户）", _values(counts["households"]))],
                 "#,##0", f"户均帮扶措施{numbers.fmt_num(summary['measures_per_household'], '项')}，"
                 f"少于{n}项的{fmt('poor_households', summary['below_min_households'])}",
                 f"红色为少于{n}项的户", f"红色为少于{n}项的户。",
                 point_colors=[figures.LINE_COLOR if k < n else figures.NOT_EXITED_COLOR for k in counts["measures"]])


def _measure_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    measures, summary = _measures(ctx)
    if summary is None:
        return None
    n = int(ctx.min_measures)
    ranked = analysis.chart_rows(measures.sort_values("measures_per_household", ascending=False),
                                 "measures_per_household", lowest=True)
    title = f"{ctx.year}年{ctx.area_label}各村户均帮扶措施"
    labels = _labels(ranked)
    fig = figures.ranked_bar_figure(
        labels, ranked["measures_per_household"], title, ctx.source("帮扶措施台账"), value_title="户均帮扶措施（项）",
        customdata=figures.drill_keys(ranked), text=[numbers.fmt_num(v, "项", 1) for v in ranked["measures_per_household"]],
        hover="%{y}：户均%{x:.2f}项<extra></extra>", line=float(n), line_text=f"{n}项")
    return Drawn("measure_villages", title, fig,
                 analysis.table(_pick(ranked, ["township", "village", "registered_households", "measures",
                                               "measures_per_household", "below_min_households"])),
                 "bar", labels, [Series("户均帮扶措施（项）", _values(ranked["measures_per_household"]))], "0.00",
                 f"{labels[-1]}户均帮扶措施最少，为{numbers.fmt_num(ranked['measures_per_household'].iloc[-1], '项')}",
                 f"虚线为每户{n}项", top_note(len(measures), len(ranked), "户均帮扶措施最少"),
                 series_colors=[figures.NOT_EXITED_COLOR],
                 slide_note=f"标准为每户{n}项")        # the slide's native bar chart draws no dashed line


# Township drill (county → township → village) on 致贫原因, 收入增长 and 项目覆盖 --------------------------------------
def _township_coverage(frame: pd.DataFrame, have: str, what: str) -> str:
    """'2/3个乡镇的村已全部导入户台账' style note: how many of the chart's townships have `have` for every village."""
    towns = frame.drop_duplicates(["county", "township"])
    full = int((towns[have] >= towns["villages"]).sum())
    return f"{full:,}/{len(towns):,}个乡镇的村{what}"


def _causes_townships(ctx: Context):
    if ctx.area.township is not None:
        return None
    df = ctx.result(analysis.causes_by_township, ctx.year, ctx.area)
    if df.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各乡镇致贫原因构成"
    order = _cause_order(ctx)
    fig = figures.stacked_share_figure(df, "area", "cause", "share_pct", "households", title,
                                       ctx.source("建档立卡台账"), parts_order=order,
                                       axis_title="占本乡镇建档立卡户比例（%）")
    labelled = figures.with_area_label(df)
    rows = list(dict.fromkeys(labelled["area"]))
    series, present = _stacked(labelled, "area", "cause", "share_pct", rows, order)
    table = _share_table(labelled, "area", "cause", "share_pct", rows, order, "乡镇")
    sizes = labelled.drop_duplicates("area").set_index("area")
    table.insert(1, "建档立卡户（户）", [int(sizes.loc[r, "township_households"]) for r in rows])
    top = labelled.sort_values(["share_pct", "households"], ascending=False).iloc[0]
    coverage = _township_coverage(df, "villages_loaded", "已全部导入户台账")
    return Drawn("causes_townships", title, fig, table, "stacked", rows, series, '0.0"%"',
                 f"{top['area']}{_cause(top['cause'])}占比最高，为{numbers.fmt_pct(top['share_pct'], 1)}",
                 f"每个乡镇各致贫原因占比之和为100%；{coverage}",
                 f"{coverage}。点击乡镇的色条，筛选到该乡镇，看其各村。",
                 series_colors=[figures.stable_color(c) for c in present])


def _income_townships(ctx: Context):
    if ctx.area.township is not None:
        return None
    towns = ctx.result(analysis.income_by_township, ctx.year, ctx.area)
    towns = towns[towns["income_mean"].notna()]
    if towns.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各乡镇建档立卡户人均纯收入"
    line = towns["poverty_line"].iloc[0]
    line = None if is_missing(line) else float(line)
    labels = _labels(towns)
    fig = figures.ranked_bar_figure(
        labels, towns["income_mean"], title, ctx.source("建档立卡台账"), value_title="人均纯收入（元，人口加权）",
        text=[fmt("income_per_capita_mean", m) + ("" if is_missing(g) else f"（{numbers.round_half_up(g, 1):+.1f}%）")
              for m, g in zip(towns["income_mean"], towns["income_growth_pct"])],
        customdata=figures.drill_keys(towns), hover="%{y}：%{x:,.0f}元<extra></extra>",
        line=line, line_text=None if line is None else f"贫困线 {fmt('income_per_capita_mean', line)}")
    low = towns.iloc[-1]
    coverage = _township_coverage(towns, "villages_with_income", "都有收入数据")
    return Drawn("income_townships", title, fig,
                 analysis.table(_pick(towns, ["county", "township", "registered_households", "households_with_income",
                                              "income_mean", "income_median", "income_growth_pct", "poverty_line",
                                              "below_line_households", "villages_with_income", "villages"])),
                 "bar", labels, [Series("人均纯收入（元）", _values(towns["income_mean"]))], "#,##0",
                 f"{labels[-1]}人均纯收入最低，为{fmt('income_per_capita_mean', low['income_mean'])}",
                 f"人均纯收入按家庭人口加权；增长按两年都有收入数据的村计算；{coverage}",
                 f"括号内为比上年增长（两年都有收入数据的村）；{coverage}。点击乡镇的柱子，筛选到该乡镇，看其各村。",
                 series_colors=[figures.NOT_EXITED_COLOR])


def _project_townships(ctx: Context):
    if ctx.area.township is not None or _categories(ctx).empty:
        return None
    towns = ctx.result(analysis.projects_by_township, ctx.year, ctx.area)
    towns = towns[towns["registered_households"] > 0].fillna({"investment_per_household_yuan": 0})
    if towns.empty:
        return None
    towns = towns.sort_values(["investment_per_household_yuan", "poor_households"], ascending=[False, False],
                              kind="stable")
    title = f"{ctx.year}年{ctx.area_label}各乡镇户均项目资金"
    per = towns["investment_per_household_yuan"]
    labels = _labels(towns)
    fig = figures.ranked_bar_figure(
        labels, per, title, ctx.source("扶贫项目台账"), value_title="户均项目资金（元/建档立卡户）",
        customdata=figures.drill_keys(towns),
        text=[f"{numbers.fmt_num(v, '元', 0)} · 覆盖{c:,}/{n:,}村"
              for v, c, n in zip(per, towns["villages_with_project"], towns["villages"])],
        hover="%{y}：户均%{x:,.0f}元<extra></extra>",
        colors=[figures.LINE_COLOR if g else figures.NOT_EXITED_COLOR for g in towns["gap"]])
    covered = int(towns["villages_with_project"].sum())
    villages = int(towns["villages"].sum())
    low = towns.iloc[-1]
    return Drawn("project_townships", title, fig,
                 analysis.table(_pick(towns, ["county", "township", "registered_households", "poor_households",
                                              "projects", "villages_with_project", "villages",
                                              "allocated_investment_wan", "investment_per_household_yuan"])),
                 "bar", labels, [Series("户均项目资金（元）", _values(per))], "#,##0",
                 f"{labels[-1]}户均项目资金最少，为{numbers.fmt_num(low['investment_per_household_yuan'], '元', 0)}，"
                 f"项目覆盖{int(low['villages_with_project']):,}/{int(low['villages']):,}个村",
                 f"项目总投资按覆盖村数平均分摊到村，乡镇为其各村之和；项目覆盖{covered:,}/{villages:,}个村",
                 "标签为户均分摊资金 · 项目覆盖村数/村数（分摊资金见下载的表格）；红色为有未脱贫户但没有项目的乡镇。"
                 "点击乡镇的柱子，筛选到该乡镇，看其各村。",
                 point_colors=[figures.LINE_COLOR if g else figures.NOT_EXITED_COLOR for g in towns["gap"]])
# 防返贫监测 ----------------------------------------------------------------------------------------------------
# The page 防返贫监测 and 村级详情 of 2021 on: cards from metrics() and charts from ledgerboard.watch.
def _line_missing(m: dict) -> str | None:
    """未设置监测范围 where no line is set for the year (never a guessed line); a sentence where the counties of the
    area have different lines (no one line to draw); None where the line is drawn."""
    from ledgerboard.monitoring import LINE_MISSING

    if m.get("monitoring_line") is not None:
        return None
    if (m.get("coverage", {}).get("below_monitoring_line") or {}).get("note", "").startswith(LINE_MISSING):
        return LINE_MISSING
    return "各县监测范围不同，图中不画线" if m.get("below_monitoring_line") is not None else LINE_MISSING


def _watch_metrics(ctx: Context) -> dict:
    return ctx.result(metrics, ctx.year, ctx.area)


def _watch_not_imported(ctx: Context) -> Empty:
    from ledgerboard.watch import LEDGER

    return Empty(f"未导入{ctx.year}年{ctx.area_label}的{LEDGER}（脱贫人口信息），监测对象不予统计。")


def _watch_types(ctx: Context):
    from ledgerboard.monitoring import MONITOR_TYPES
    from ledgerboard.watch import status_by_type

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    total = int(m["monitored_households"])
    if not total:
        return Empty(f"{ctx.year}年{ctx.area_label}没有监测对象。")
    by_type = m["monitored_by_type"]
    people = ctx.result(status_by_type, ctx.year, ctx.area).groupby("monitor_type")["population"].sum()
    types = list(MONITOR_TYPES)
    households = [int(by_type.get(t, 0)) for t in types]
    population = [int(people.get(t, 0)) for t in types]
    title = f"{ctx.year}年{ctx.area_label}监测对象类别（共{total:,}户{int(m['monitored_population']):,}人）"
    fig = figures.bar_figure(types, households, title, ctx.source("防返贫监测对象信息"), value_title="户数（户）",
                             category_title="监测对象类别",
                             text=[f"{h:,}户 · {p:,}人 · {numbers.fmt_pct(100 * h / total, 1)}"
                                   for h, p in zip(households, population)],
                             colors=[figures.MONITOR_TYPE_COLORS[t] for t in types],
                             hover="%{x}：%{y:,}户<extra></extra>")
    first = max(zip(households, types))
    return Drawn("watch_types", title, fig,
                 pd.DataFrame({"监测对象类别": types, "户数（户）": households, "人数（人）": population}), "column", types,
                 [Series("户数（户）", households)], "#,##0",
                 f"{first[1]}最多，{fmt('monitored_households', first[0])}，占监测对象的"
                 f"{numbers.fmt_pct(100 * first[0] / total, 1)}",
                 "监测对象按监测对象类别计数，每户只属一类",
                 point_colors=[figures.MONITOR_TYPE_COLORS[t] for t in types])


def _watch_place_bars(ctx: Context, level: str, unit: str, key: str, caption: str):
    from ledgerboard import watch
    from ledgerboard.monitoring import MONITOR_TYPES

    frame = watch.at_level(ctx.result(watch.places, ctx.year, ctx.area), level)
    imported = frame[frame["households"].notna()]
    if imported.empty:
        return _watch_not_imported(ctx)
    ranked = imported.sort_values("monitored_households", ascending=False, kind="stable")
    shown = analysis.chart_rows(ranked, "monitored_households")
    name = {"county": "县", "township": "乡镇", "village": "村"}[level]
    title = f"{ctx.year}年{ctx.area_label}各{name}监测对象（按类别）"
    labels = _labels(shown)
    parts = [(t, _values(shown[watch.TYPE_COLUMNS[t]]), figures.MONITOR_TYPE_COLORS[t]) for t in MONITOR_TYPES]
    fig = figures.stacked_count_figure(labels, parts, title, ctx.source(watch.LEDGER), value_title="监测对象（户）",
                                       customdata=figures.drill_keys(shown))
    top = shown.iloc[0]
    keep = ["county", "township", "village", "exited_poor_households", "monitored_households", "monitored_population",
            *watch.TYPE_COLUMNS.values(), "risk_open_households", "risk_eliminated_households", "risk_eliminated_pct"]
    return Drawn(key, title, fig, watch.table(_pick(frame, keep)), "stacked", labels,
                 [Series(t, v) for t, v, _ in parts], "#,##0",
                 f"{labels[0]}监测对象最多，{fmt('monitored_households', top['monitored_households'])}"
                 f"{fmt('monitored_population', top['monitored_population'])}",
                 f"{len(imported):,}/{len(frame):,}{unit}已导入监测对象信息",
                 top_note(len(imported), len(shown), "监测对象最多", unit) + watch.not_imported_note(frame, ctx.year)
                 + caption, series_colors=[c for _, _, c in parts])


def _watch_counties(ctx: Context):
    if ctx.area.county is not None or not ctx.several_counties:
        return None
    return _watch_place_bars(ctx, "county", "个县", "watch_counties", "点击县的柱子，筛选到该县。")


def _watch_townships(ctx: Context):
    if ctx.area.township is not None:
        return None
    return _watch_place_bars(ctx, "township", "个乡镇", "watch_townships", "点击乡镇的柱子，筛选到该乡镇。")


def _watch_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    return _watch_place_bars(ctx, "village", "个村", "watch_villages", "点击村的柱子，打开该村详情。")


def _watch_risks(ctx: Context):
    from ledgerboard.watch import risk_types

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    risks = ctx.result(risk_types, ctx.year, ctx.area)
    if risks.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有监测对象，无风险类型可统计。")
    names = [str(r) for r in risks["risk"]]
    total, opened = _values(risks["households"]), _values(risks["open_households"])
    title = f"{ctx.year}年{ctx.area_label}监测对象主要风险类型"
    fig = figures.grouped_figure(names, [("全部监测对象", total, "#9fb3c8"), ("其中风险未消除", opened, figures.LINE_COLOR)],
                                 title, ctx.source("防返贫监测对象信息"), value_title="户数（户）", horizontal=True,
                                 note="按致贫/返贫风险1（主要风险）计数，每户只计一项")
    first = risks.iloc[0]
    return Drawn("watch_risks", title, fig,
                 pd.DataFrame({"主要风险": names, "监测对象（户）": total, "其中风险未消除（户）": opened}), "bar", names,
                 [Series("全部监测对象（户）", total), Series("其中风险未消除（户）", opened)], "#,##0",
                 f"{first['risk']}是第一位风险，{fmt('monitored_households', first['households'])}，其中风险未消除"
                 f"{fmt('risk_open_households', first['open_households'])}",
                 "按致贫/返贫风险1（主要风险）计数，每户只计一项", series_colors=["#9fb3c8", figures.LINE_COLOR])


def _watch_months(ctx: Context):
    from ledgerboard.watch import months

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    frame = ctx.result(months, ctx.year, ctx.area)
    labels = [f"{int(x)}月" for x in frame["month"]]
    new, gone = _values(frame["identified_households"]), _values(frame["eliminated_households"])
    title = f"{ctx.year}年{ctx.area_label}各月新识别监测对象和消除风险户数"
    fig = figures.grouped_figure(labels, [("新识别监测对象", new, "#d9822b"), ("消除风险", gone, figures.EXITED_COLOR)],
                                 title, ctx.source("防返贫监测对象信息"), value_title="户数（户）", category_title="月份")
    caption = ((m.get("coverage", {}).get("newly_monitored") or {}).get("note") or "")
    return Drawn("watch_months", title, fig,
                 pd.DataFrame({"月份": labels, "新识别监测对象（户）": new, "消除风险（户）": gone}), "column", labels,
                 [Series("新识别监测对象（户）", new), Series("消除风险（户）", gone)], "#,##0",
                 f"全年新识别监测对象{fmt('newly_monitored_households', sum(new))}，当年消除风险{fmt('risk_eliminated_households', sum(gone))}",
                 "按识别监测时间、消除监测时间所在月份计数", caption,
                 series_colors=["#d9822b", figures.EXITED_COLOR])


def _watch_months_to_eliminate(ctx: Context):
    from ledgerboard.watch import MONTH_BANDS, months_to_eliminate

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    frame = ctx.result(months_to_eliminate, ctx.year, ctx.area)
    if frame.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有当年消除风险的监测对象。")
    bands = [name for _, _, name in MONTH_BANDS]
    methods = [x for x in ("帮扶消除", "自然消除", "未填写") if x in set(frame["method"])]
    colors = {"帮扶消除": figures.EXITED_COLOR, "自然消除": "#9fb3c8", "未填写": "#c3cad3"}
    series = []
    for method in methods:
        part = frame[frame["method"] == method].set_index("band")["households"]
        series.append((method if method != "未填写" else "消除方式未填写", [int(part.get(b, 0)) for b in bands],
                       colors[method]))
    title = f"{ctx.year}年{ctx.area_label}消除风险的监测对象从识别到消除用时"
    fig = figures.grouped_figure(bands, series, title, ctx.source("防返贫监测对象信息"), value_title="户数（户）",
                                 category_title="识别到消除用时")
    limit = monitoring.QUICK_ELIMINATION_MONTHS
    under = [name for _, hi, name in MONTH_BANDS if hi is not None and hi <= limit]
    quick = int(frame[(frame["method"] == "帮扶消除") & frame["band"].isin(under)]["households"].sum())
    total = int(frame["households"].sum())
    return Drawn("watch_months_to_eliminate", title, fig,
                 pd.DataFrame({"识别到消除用时": bands, **{f"{n}（户）": v for n, v, _ in series}}), "column", bands,
                 [Series(f"{n}（户）", v) for n, v, _ in series], "#,##0",
                 f"当年消除风险{total:,}户，用时中位数{fmt('months_to_eliminate_median', m.get('months_to_eliminate_median'))}"
                 + (f"；{quick:,}户帮扶消除用时不足{limit}个月，请核实" if quick else ""),
                 "用时为识别监测时间到消除监测时间的整月数", series_colors=[c for _, _, c in series])


def _watch_elimination(ctx: Context):
    from ledgerboard.monitoring import MONITOR_TYPES
    from ledgerboard.watch import STATUS_ORDER, status_by_type

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    frame = ctx.result(status_by_type, ctx.year, ctx.area)
    if frame.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有监测对象。")
    types = [t for t in MONITOR_TYPES if t in set(frame["monitor_type"])]
    wide = frame.pivot_table(index="monitor_type", columns="status", values="households", aggfunc="sum").reindex(types)
    statuses = [s for s in STATUS_ORDER if s in wide.columns]
    parts = [(s, [int(v) for v in wide[s].fillna(0)], figures.RISK_STATUS_COLORS[s]) for s in statuses]
    title = f"{ctx.year}年{ctx.area_label}监测对象风险消除情况（帮扶消除与自然消除）"
    fig = figures.stacked_count_figure(types, parts, title, ctx.source("防返贫监测对象信息"), value_title="户数（户）")
    by = m["risk_eliminated_by"]
    return Drawn("watch_elimination", title, fig,
                 pd.DataFrame({"监测对象类别": types, **{f"{s}（户）": v for s, v, _ in parts}}), "stacked", types,
                 [Series(s, v) for s, v, _ in parts], "#,##0",
                 f"已消除风险{fmt('risk_eliminated_households', m['risk_eliminated_households'])}（帮扶消除"
                 f"{fmt('risk_eliminated_households', by['帮扶消除'])}、自然消除{fmt('risk_eliminated_households', by['自然消除'])}），"
                 f"风险消除率{fmt('risk_eliminated_pct', m['risk_eliminated_pct'])}",
                 "自然消除指因死亡、迁出等原因消除", series_colors=[c for _, _, c in parts])


def _watch_income_distribution(ctx: Context):
    from ledgerboard.watch import INCOME_BAND_CAP_YUAN, INCOME_BAND_YUAN, income_bands

    m = _watch_metrics(ctx)
    if m.get("monitored_households") is None:
        return _watch_not_imported(ctx)
    bands = ctx.result(income_bands, ctx.year, ctx.area)
    if bands.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}的监测对象信息中没有人均纯收入数据。")
    line, missing = m.get("monitoring_line"), _line_missing(m)
    title = f"{ctx.year}年{ctx.area_label}脱贫户和监测对象人均纯收入分布"
    fig = figures.watch_income_figure(bands, line, INCOME_BAND_YUAN, INCOME_BAND_CAP_YUAN, title,
                                      ctx.source("防返贫监测对象信息"), line_missing=missing)
    starts = sorted({int(s) for s in bands["band_from"]})
    labels = [f"{s:,}元以上" if s >= INCOME_BAND_CAP_YUAN else f"{s:,}–{s + INCOME_BAND_YUAN:,}元" for s in starts]
    columns = {}
    for group in ("脱贫户", "监测对象"):
        part = bands[bands["group"] == group].set_index("band_from")["households"]
        columns[f"{group}（户）"] = [int(part.get(s, 0)) for s in starts]
    below = m.get("below_monitoring_line")
    if line is not None and below is not None:
        takeaway = (f"人均纯收入低于监测范围{fmt('monitoring_line', line)}的有{fmt('monitored_households', below['monitored'] + below['not_monitored'])}，"
                    f"其中{fmt('monitored_households', below['not_monitored'])}尚未纳入监测")
    else:
        takeaway = f"{missing}，不统计低于监测范围的户数"
    return Drawn("watch_income_distribution", title, fig, pd.DataFrame({"人均纯收入": labels, **columns}), "column",
                 labels, [Series(k, v) for k, v in columns.items()], "#,##0", takeaway,
                 f"每{INCOME_BAND_YUAN:,}元一档；脱贫不稳定户既是脱贫户也是监测对象，两组都计",
                 "" if line is not None else f"{missing}：图中不画监测范围线。",
                 series_colors=[figures.NOT_EXITED_COLOR, "#d9822b"])


def _watch_income_villages(ctx: Context):
    from ledgerboard import watch

    if ctx.area.village is not None:
        return None
    m = _watch_metrics(ctx)
    frame = watch.at_level(ctx.result(watch.places, ctx.year, ctx.area), "village")
    rated = frame[frame["exited_poor_income_mean"].notna() | frame["monitored_income_mean"].notna()]
    if rated.empty:
        return None
    ranked = rated.sort_values("exited_poor_income_mean", ascending=True, kind="stable", na_position="last")
    shown = analysis.chart_rows(ranked, "exited_poor_income_mean", lowest=True)
    labels = _labels(shown)
    line, missing = m.get("monitoring_line"), _line_missing(m)
    exited, monitored = _values(shown["exited_poor_income_mean"]), _values(shown["monitored_income_mean"])
    title = f"{ctx.year}年{ctx.area_label}各村脱贫人口和监测对象人均纯收入"
    fig = figures.grouped_figure(labels, [("脱贫人口", exited, figures.NOT_EXITED_COLOR), ("监测对象", monitored, "#d9822b")],
                                 title, ctx.source(watch.LEDGER), value_title="人均纯收入（元，人口加权）", unit="元",
                                 horizontal=True, customdata=figures.drill_keys(shown), line=line,
                                 line_text=None if line is None else f"监测范围 {fmt('monitoring_line', line)}",
                                 note=None if line is not None else f"{missing}：图中不画监测范围线")
    low = shown.iloc[0]
    keep = ["county", "township", "village", "exited_poor_population", "exited_poor_income_mean",
            "monitored_population", "monitored_income_mean", "monitoring_line", "below_line_unmonitored"]
    return Drawn("watch_income_villages", title, fig, watch.table(_pick(frame, keep)), "bar", labels,
                 [Series("脱贫人口（元）", exited), Series("监测对象（元）", monitored)], "#,##0",
                 f"{labels[0]}脱贫人口人均纯收入最低，为{fmt('exited_poor_income_mean', low['exited_poor_income_mean'])}",
                 "人均纯收入按家庭人口加权",
                 top_note(len(rated), len(shown), "脱贫人口人均纯收入最低") + watch.not_imported_note(frame, ctx.year)
                 + "点击村的柱子，打开该村详情。", series_colors=[figures.NOT_EXITED_COLOR, "#d9822b"])
# 2021 年起：分析页 (the existing pages in a year of 防止返贫动态监测) ----
# 致贫原因 shows 返贫致贫风险类型 of the 监测对象, 收入增长 the income of 脱贫人口, 项目覆盖 the year's projects and the
# 帮扶措施 of the 监测对象, 贫困发生率 the 监测对象占农业户籍人口比例; data from ledgerboard.era_analysis.
_ERA_LEDGER = "防返贫监测对象信息"
_ERA_PROJECTS = "衔接资金项目台账"
RISK_COLORS = figures._enum_colors("risk")


def _era_risk_share(ctx: Context):
    risks = ctx.result(era_analysis.risk_share, ctx.year, ctx.area)
    if risks.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有监测对象（或未导入防返贫监测对象信息），无法统计返贫致贫风险类型。")
    total = int(risks["households"].sum())
    title = f"{ctx.year}年{ctx.area_label}监测对象返贫致贫风险类型（共{total:,}户）"
    fig = figures.ranked_bar_figure(
        risks["risk"], risks["households"], title, ctx.source(_ERA_LEDGER), value_title="监测对象（户）",
        text=[f"{n:,}户 · {p:.1f}%" for n, p in zip(risks["households"], risks["share_pct"])],
        colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in risks["risk"]], hover="%{y}：%{x:,}户<extra></extra>")
    first = risks.iloc[0]
    takeaway = f"{first['risk']}占{numbers.fmt_pct(first['share_pct'], 1)}，是监测对象第一位风险类型"
    if len(risks) > 1:
        takeaway += f"；其次是{risks.iloc[1]['risk']}，占{numbers.fmt_pct(risks.iloc[1]['share_pct'], 1)}"
    return Drawn("era_risk_share", title, fig, era_analysis.table(risks), "bar", [str(r) for r in risks["risk"]],
                 [Series("监测对象（户）", _values(risks["households"]))], "#,##0", takeaway,
                 "按监测对象的第一项致贫/返贫风险计数，每户只计一项，不重复计算",
                 point_colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in risks["risk"]])


def _era_risk_open(ctx: Context):
    risks = ctx.result(era_analysis.risk_share, ctx.year, ctx.area)
    risks = risks[risks["open_households"] > 0].sort_values("open_households", ascending=False, kind="stable")
    if risks.empty:
        return None
    total = int(risks["open_households"].sum())
    title = f"{ctx.year}年{ctx.area_label}风险未消除监测对象返贫致贫风险类型（共{total:,}户）"
    fig = figures.ranked_bar_figure(
        risks["risk"], risks["open_households"], title, ctx.source(_ERA_LEDGER), value_title="风险未消除（户）",
        text=[f"{n:,}户 · {p:.1f}%" for n, p in zip(risks["open_households"], risks["open_share_pct"])],
        colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in risks["risk"]], hover="%{y}：%{x:,}户<extra></extra>")
    first = risks.iloc[0]
    return Drawn("era_risk_open", title, fig,
                 era_analysis.table(risks[["risk", "open_households", "open_share_pct"]]), "bar",
                 [str(r) for r in risks["risk"]], [Series("风险未消除（户）", _values(risks["open_households"]))], "#,##0",
                 f"风险未消除的{total:,}户中{first['risk']}占{numbers.fmt_pct(first['open_share_pct'], 1)}",
                 "按第一项致贫/返贫风险计数，只计风险未消除的监测对象",
                 point_colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in risks["risk"]])


def _era_risk_order(ctx: Context) -> list[str]:
    return list(ctx.result(era_analysis.risk_share, ctx.year, ctx.area)["risk"])


def _era_risk_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    df = ctx.result(era_analysis.risk_by_village, ctx.year, ctx.area)
    if df.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村监测对象返贫致贫风险类型构成"
    order = _era_risk_order(ctx)
    fig = figures.stacked_share_figure(df, "area", "risk", "share_pct", "households", title, ctx.source(_ERA_LEDGER),
                                       parts_order=order, axis_title="占本村监测对象比例（%）", colors=RISK_COLORS)
    labelled = figures.with_area_label(df)
    rows = list(dict.fromkeys(labelled["area"]))
    series, present = _stacked(labelled, "area", "risk", "share_pct", rows, order)
    top = labelled.sort_values("share_pct", ascending=False, kind="stable").iloc[0]
    return Drawn("era_risk_villages", title, fig, _share_table(labelled, "area", "risk", "share_pct", rows, order, "村"),
                 "stacked", rows, series, '0.0"%"',
                 f"{top['area']}{top['risk']}占比最高，为{numbers.fmt_pct(top['share_pct'], 1)}",
                 "每村各风险类型占比之和为100%",
                 top_note(int(df["villages_in_area"].iloc[0]), int(df["villages_shown"].iloc[0]), "监测对象最多")
                 + "只列有监测对象的村。点击某村的色条，打开该村详情。",
                 series_colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in present])


def _era_risk_category(ctx: Context):
    df = ctx.result(era_analysis.risk_by_category, ctx.year, ctx.area)
    if df.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各类监测对象的返贫致贫风险类型"
    order = _era_risk_order(ctx)
    fig = figures.stacked_share_figure(df, "monitor_type", "risk", "share_pct", "households", title,
                                       ctx.source(_ERA_LEDGER), parts_order=order, axis_title="占该类监测对象比例（%）",
                                       colors=RISK_COLORS)
    rows = list(dict.fromkeys(df["monitor_type"]))
    series, present = _stacked(df, "monitor_type", "risk", "share_pct", rows, order)
    top = df.sort_values("share_pct", ascending=False, kind="stable").iloc[0]
    return Drawn("era_risk_category", title, fig,
                 _share_table(df, "monitor_type", "risk", "share_pct", rows, order, "监测对象类别"), "stacked",
                 [str(r) for r in rows], series, '0.0"%"',
                 f"{top['monitor_type']}中{top['risk']}占比最高，为{numbers.fmt_pct(top['share_pct'], 1)}",
                 "每类监测对象内各风险类型占比之和为100%",
                 series_colors=[RISK_COLORS.get(str(r), figures.PALETTE[0]) for r in present])


def _era_income_years(ctx: Context) -> pd.DataFrame:
    years = figures.up_to(ctx.result(era_analysis.income_by_year, ctx.area), ctx.year)
    return years[years["exited_poor_income_mean"].notna()]


def _era_income_by_year(ctx: Context):
    income = _era_income_years(ctx)
    if income.empty:
        return Empty(f"{ctx.area_label}的防返贫监测对象信息中没有脱贫户人均纯收入数据。")
    title = f"{year_span(income['year'].min(), income['year'].max())}{ctx.area_label}脱贫人口与监测对象人均纯收入"
    years = [str(int(y)) for y in income["year"]]
    growth = income["exited_poor_income_growth_pct"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=income["exited_poor_income_mean"], name="脱贫人口", marker_color=figures.NOT_EXITED_COLOR,
                         text=[f"{m:,.0f}" + ("" if is_missing(g) else f"<br>{g:+.1f}%")
                               for m, g in zip(income["exited_poor_income_mean"], growth)],
                         textposition="outside", cliponaxis=False, constraintext="none", textfont=dict(size=12),
                         hovertemplate="%{x}年 脱贫人口人均纯收入%{y:,.0f}元<extra></extra>"))
    fig.add_trace(go.Bar(x=years, y=income["monitored_income_mean"], name="监测对象", marker_color="#9fb3c8",
                         hovertemplate="%{x}年 监测对象人均纯收入%{y:,.0f}元<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(title_text="年度", type="category")
    fig.update_yaxes(title_text="人均纯收入（元）", rangemode="tozero")
    figures.finish(fig, title, ctx.source(_ERA_LEDGER))
    now = income[income["year"] == ctx.year]
    if now.empty:
        takeaway = f"{ctx.year}年没有脱贫人口收入数据"
    else:
        r = now.iloc[0]
        takeaway = f"{ctx.year}年脱贫人口人均纯收入{fmt('exited_poor_income_mean', r['exited_poor_income_mean'])}"
        if not is_missing(r["exited_poor_income_growth_pct"]):
            takeaway += f"，同比增长{fmt('exited_poor_income_growth_pct', r['exited_poor_income_growth_pct'])}"
    table = pd.DataFrame({"年度": [int(y) for y in income["year"]],
                          "脱贫人口人均纯收入（元）": _values(income["exited_poor_income_mean"]),
                          "同比增长（%，同一批脱贫户）": _values(income["exited_poor_income_growth_pct"]),
                          "两年都有收入的脱贫户（户）": _values(income["households_both"]),
                          "监测对象人均纯收入（元）": _values(income["monitored_income_mean"])})
    return Drawn("era_income_by_year", title, fig, table, "column", _years(income["year"]),
                 [Series("脱贫人口（元）", _values(income["exited_poor_income_mean"])),
                  Series("监测对象（元）", _values(income["monitored_income_mean"]))], "#,##0", takeaway,
                 "人均纯收入按家庭人口加权；增速只比较两年都有收入数据的同一批脱贫户",
                 "柱上标注为脱贫人口人均纯收入及同比增长（同一批脱贫户比上年）。",
                 series_colors=[figures.NOT_EXITED_COLOR, "#9fb3c8"])


def _era_income_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    villages = ctx.result(era_analysis.income_by_village, ctx.year, ctx.area)
    rated = villages[villages["exited_poor_income_mean"].notna()]
    if rated.empty:
        return None
    title = f"{ctx.year}年{ctx.area_label}各村脱贫人口人均纯收入"
    shown = analysis.chart_rows(rated.sort_values("exited_poor_income_mean", ascending=False, kind="stable"),
                                "exited_poor_income_mean", lowest=True)
    labels = _labels(shown)
    fig = figures.ranked_bar_figure(
        labels, shown["exited_poor_income_mean"], title, ctx.source(_ERA_LEDGER), value_title="脱贫人口人均纯收入（元）",
        text=[fmt("exited_poor_income_mean", m) + ("" if is_missing(g) else f"（{numbers.round_half_up(g, 1):+.1f}%）")
              for m, g in zip(shown["exited_poor_income_mean"], shown["exited_poor_income_growth_pct"])],
        customdata=figures.drill_keys(shown), hover="%{y}：%{x:,.0f}元<extra></extra>")
    low = shown.iloc[-1]
    return Drawn("era_income_villages", title, fig, era_analysis.table(shown), "bar", labels,
                 [Series("脱贫人口人均纯收入（元）", _values(shown["exited_poor_income_mean"]))], "#,##0",
                 f"{labels[-1]}脱贫人口人均纯收入最低，为{fmt('exited_poor_income_mean', low['exited_poor_income_mean'])}",
                 "人均纯收入按家庭人口加权",
                 top_note(len(rated), len(shown), "脱贫人口人均纯收入最低")
                 + "括号内为同一批脱贫户比上年增长。点击村的柱子，打开该村详情。"
                 + era_analysis.not_exported_note(villages, ctx.year),
                 series_colors=[figures.NOT_EXITED_COLOR])


def _era_income_distribution(ctx: Context):
    bands = ctx.result(era_analysis.income_distribution, ctx.year, ctx.area)
    if bands.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}没有脱贫户收入数据。")
    line = ctx.result(metrics, ctx.year, ctx.area).get("monitoring_line")
    band, cap = era_analysis.INCOME_BAND_YUAN, era_analysis.INCOME_BAND_CAP_YUAN
    title = f"{ctx.year}年{ctx.area_label}脱贫户人均纯收入分布"
    fig = figures.income_distribution_figure(bands.rename(columns={"exited_poor_households": "households"}), None,
                                             band, cap, title, ctx.source(_ERA_LEDGER))
    if line:
        fig.add_vline(x=line, line=dict(color=figures.LINE_COLOR, dash="dash", width=2))
        fig.add_annotation(x=line, y=1, yref="paper", yanchor="bottom", text=f"监测范围 {line:,.0f}元",
                           showarrow=False, font=dict(color=figures.LINE_COLOR, size=13), xanchor="left", xshift=4)
    labels = [f"{int(s):,}元以上" if s >= cap else f"{int(s):,}–{int(s + band):,}元" for s in bands["band_from"].astype(float)]
    biggest = bands.sort_values("exited_poor_households", ascending=False, kind="stable").iloc[0]
    top_band = labels[list(bands.index).index(biggest.name)]
    table = pd.DataFrame({"人均纯收入（元）": labels, "脱贫户（户）": _values(bands["exited_poor_households"]),
                          "监测对象（户）": _values(bands["monitored_households"])})
    return Drawn("era_income_distribution", title, fig, table, None,
                 takeaway=f"脱贫户人均纯收入最多在{top_band}一档（{int(biggest['exited_poor_households']):,}户）",
                 note=f"每{band:,}元一档" + ("" if line else "；未设置当年防止返贫监测范围，图中不标监测线"))


def _era_income_structure(ctx: Context):
    parts = figures.up_to(ctx.result(era_analysis.income_structure, ctx.area), ctx.year)
    if parts.empty:
        return Empty(f"{ctx.area_label}的防返贫监测对象信息没有分项收入（工资性、生产经营性、财产性、转移性），无法分析收入结构。")
    title = f"{year_span(parts['year'].min(), parts['year'].max())}{ctx.area_label}脱贫户收入结构"
    long = analysis.income_parts_long(parts)
    order = list(analysis.INCOME_PARTS.values())
    fig = figures.stacked_share_figure(long, "year", "part", "share_pct", "amount", title, ctx.source(_ERA_LEDGER),
                                       horizontal=False, parts_order=order, unit="元", row_title="年度",
                                       axis_title="占四项收入合计（%）")
    rows = list(dict.fromkeys(long["year"]))
    series, present = _stacked(long, "year", "part", "share_pct", rows, order)
    last = long[long["year"] == rows[-1]].set_index("part")["share_pct"]
    return Drawn("era_income_structure", title, fig, _share_table(long, "year", "part", "share_pct", rows, order, "年度"),
                 "stacked_column", _years(rows), series, '0.0"%"',
                 f"{int(rows[-1])}年脱贫户转移性收入占四项收入合计的{numbers.fmt_pct(last.get('转移性收入'), 1)}",
                 "转移性收入占比高，说明收入依赖政策性补助", series_colors=[figures.stable_color(p) for p in present])


def _era_project_categories(ctx: Context):
    categories = _categories(ctx)
    if categories.empty:
        count = ctx.result(metrics, ctx.year, ctx.area)["projects_count"]
        return Empty(f"{ctx.year}年{ctx.area_label}没有衔接资金项目台账数据。请到“数据上传”页导入当年的项目台账。"
                     if count is None else f"{ctx.area_label}{ctx.year}年没有衔接资金项目。")
    categories = categories.sort_values("investment_wan", ascending=False)
    title = f"{ctx.year}年{ctx.area_label}衔接资金项目投资（按项目类型）"
    total = float(categories["investment_wan"].sum())
    top = categories.iloc[0]
    fig = figures.category_funds_figure(categories, title, ctx.source(_ERA_PROJECTS))
    fig.for_each_trace(lambda t: t.update(name="其中财政衔接资金（万元）") if t.name and "财政" in t.name else None)
    return Drawn("era_project_categories", title, fig,
                 analysis.table(categories, {"fiscal_wan": "其中财政衔接资金（万元）",
                                             "beneficiary_households": "受益脱贫户（户）"}),
                 "column", [str(c) for c in categories["category"]],
                 [Series("总投资（万元）", _values(categories["investment_wan"])),
                  Series("其中财政衔接资金（万元）", _values(categories["fiscal_wan"]))], "#,##0.00",
                 (f"{top['category']}投资最多，{fmt('project_investment_wan', top['investment_wan'])}，占总投资的"
                  f"{numbers.fmt_pct(100 * top['investment_wan'] / total, 1)}") if total else f"{ctx.year}年项目没有填写投资",
                 "项目按建设地点计入地区（全乡/全镇计入该乡镇每个村）",
                 series_colors=[figures.NOT_EXITED_COLOR, "#9fb3c8"])


def _era_project_status(ctx: Context):
    drawn = _project_status(ctx)
    if not isinstance(drawn, Drawn):
        return drawn
    drawn.key, drawn.title = "era_project_status", drawn.title.replace("扶贫项目进度", "衔接资金项目进度")
    drawn.figure.update_layout(title_text=drawn.figure.layout.title.text.replace("扶贫项目进度", "衔接资金项目进度"))
    return drawn


def _era_measure_types(ctx: Context):
    types = ctx.result(era_analysis.measure_types, ctx.year, ctx.area)
    summary = era_analysis.measure_summary(ctx.result(era_analysis.measure_coverage, ctx.year, ctx.area))
    if summary is None:
        return Empty(f"{ctx.year}年{ctx.area_label}没有监测对象（或未导入防返贫监测对象信息），帮扶措施覆盖不予计算。")
    if types.empty:
        return Empty(f"{ctx.year}年{ctx.area_label}的防返贫监测对象信息没有填写帮扶措施（产业帮扶、就业帮扶等列）。")
    title = f"{ctx.year}年{ctx.area_label}监测对象帮扶措施（按措施类型）"
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(types["measure"]), y=types["households"], name="监测对象", marker_color=figures.NOT_EXITED_COLOR,
                         text=[f"{v:,}" for v in types["households"]], textposition="outside", cliponaxis=False,
                         hovertemplate="%{x}：%{y:,}户<extra></extra>"))
    fig.add_trace(go.Bar(x=list(types["measure"]), y=types["open_households"], name="其中风险未消除", marker_color="#d9822b",
                         text=[f"{v:,}" for v in types["open_households"]], textposition="outside", cliponaxis=False,
                         hovertemplate="%{x}：风险未消除%{y:,}户<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_xaxes(title_text="帮扶措施", type="category")
    fig.update_yaxes(title_text="户数（户）", rangemode="tozero", range=[0, float(types["households"].max()) * 1.18 or 1])
    figures.finish(fig, title, ctx.source(_ERA_LEDGER))
    first = types.iloc[0]
    return Drawn("era_measure_types", title, fig, era_analysis.table(types.rename(columns={"households": "households"})),
                 "column", [str(m) for m in types["measure"]],
                 [Series("监测对象（户）", _values(types["households"])),
                  Series("其中风险未消除（户）", _values(types["open_households"]))], "#,##0",
                 f"监测对象帮扶措施覆盖率{fmt('household_measure_coverage_pct', summary['coverage_pct'])}，"
                 f"{first['measure']}覆盖最多（{int(first['households']):,}户）",
                 "一户有几项措施就计入几类；措施取自防返贫监测对象信息的帮扶列",
                 series_colors=[figures.NOT_EXITED_COLOR, "#d9822b"])


def _era_measure_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    coverage = ctx.result(era_analysis.measure_coverage, ctx.year, ctx.area)
    if coverage.empty:
        return None
    ranked = analysis.chart_rows(coverage.sort_values(["coverage_pct", "monitored_households"], ascending=[False, True],
                                                      kind="stable"), "coverage_pct", lowest=True)
    title = f"{ctx.year}年{ctx.area_label}各村监测对象帮扶措施覆盖率"
    labels = _labels(ranked)
    fig = figures.ranked_bar_figure(
        labels, ranked["coverage_pct"], title, ctx.source(_ERA_LEDGER), value_title="有帮扶措施的监测对象占比（%）",
        customdata=figures.drill_keys(ranked),
        text=[f"{numbers.fmt_pct(p, 1)}（{int(c):,}/{int(n):,}户）"
              for p, c, n in zip(ranked["coverage_pct"], ranked["covered_households"], ranked["monitored_households"])],
        hover="%{y}：%{x:.1f}%<extra></extra>")
    low = ranked.iloc[-1]
    return Drawn("era_measure_villages", title, fig, era_analysis.table(ranked), "bar", labels,
                 [Series("帮扶措施覆盖率（%）", _values(ranked["coverage_pct"]))], '0.00"%"',
                 f"{labels[-1]}覆盖率最低，为{numbers.fmt_pct(low['coverage_pct'], 1)}",
                 "有至少一项帮扶措施的监测对象 ÷ 监测对象",
                 top_note(len(coverage), len(ranked), "覆盖率最低") + "只列有监测对象的村。点击村的柱子，打开该村详情。",
                 series_colors=[figures.NOT_EXITED_COLOR])


def _era_share_bars(ctx: Context, frame: pd.DataFrame, level: str, unit: str, key: str, caption: str):
    rated = frame[frame["monitored_share_pct"].notna()]
    if rated.empty:
        return None
    shown = analysis.chart_rows(rated, "monitored_share_pct").sort_values("monitored_share_pct", ascending=False,
                                                                          kind="stable")
    title = f"{ctx.year}年{ctx.area_label}各{level}监测对象占农业户籍人口比例"
    labels = _labels(shown)
    fig = figures.ranked_bar_figure(
        labels, shown["monitored_share_pct"], title, ctx.source(_ERA_LEDGER), value_title="监测对象占农业户籍人口比例（%）",
        customdata=figures.drill_keys(shown), text=[fmt("monitored_share_pct", v) for v in shown["monitored_share_pct"]],
        hover="%{y}：%{x:.2f}%<extra></extra>")
    return Drawn(key, title, fig, era_analysis.table(shown), "bar", labels,
                 [Series("监测对象占比（%）", _values(shown["monitored_share_pct"]))], '0.00"%"',
                 f"{labels[0]}监测对象占比最高，为{fmt('monitored_share_pct', shown['monitored_share_pct'].iloc[0])}",
                 f"{len(rated):,}/{len(frame):,}{unit}同时有监测对象信息和农业户籍人口数据",
                 top_note(len(rated), len(shown), "占比最高", unit) + caption)


def _era_share_townships(ctx: Context):
    if ctx.area.township is not None:
        return None
    frame = ctx.result(era_analysis.share_by_township, ctx.year, ctx.area)
    return _era_share_bars(ctx, frame, "乡镇", "个乡镇", "era_share_townships",
                           "乡镇的占比只计同时有监测对象信息和农业户籍人口的村。点击乡镇的柱子，筛选到该乡镇。")


def _era_share_villages(ctx: Context):
    if ctx.area.village is not None:
        return None
    frame = ctx.result(era_analysis.share_by_village, ctx.year, ctx.area)
    drawn = _era_share_bars(ctx, frame, "村", "个村", "era_share_villages",
                            "点击村的柱子，打开该村详情。" + era_analysis.not_exported_note(frame, ctx.year))
    return drawn or Empty(f"{ctx.year}年{ctx.area_label}没有能计算监测对象占比的村：需要当年的防返贫监测对象信息和"
                          f"村基本情况（农业户籍人口）。")
# 总览 of the monitoring era ------------------------------------------------------------------------------------
ERA_TREND_SERIES = ("建档立卡未脱贫人口（含返贫，人）", "防返贫监测对象（人）")


def _era_trend(ctx: Context):
    """Both eras on one axis: 建档立卡 poor population to 2020, then 监测对象 from 2021 (monitoring.trend)."""
    rows = ctx.result(monitoring.trend, ctx.year, ctx.area)
    if not any(r["monitored_population"] is not None for r in rows):
        return Empty(f"{ctx.area_label}没有防返贫监测对象数据（未导入）。")
    years = [r["year"] for r in rows]
    registry = [r["poor_population"] if r["year"] < REGIME_START else None for r in rows]
    monitored = [r["monitored_population"] if r["year"] >= REGIME_START else None for r in rows]
    title = f"{ctx.area_label}{year_span(years[0], years[-1])}建档立卡未脱贫人口与防返贫监测对象"
    fig = figures.era_trend_figure(years, registry, monitored, ERA_TREND_SERIES, title,
                                   ctx.source("建档立卡台账、防返贫监测信息"), REGIME_START)
    last = rows[-1]
    takeaway = f"{last['year']}年纳入防返贫监测对象{fmt('monitored_population', last['monitored_population'])}"
    done = [r for r in rows if r["year"] < REGIME_START and r["poor_population"] is not None]
    if done:
        takeaway += (f"；{done[-1]['year']}年建档立卡未脱贫人口"
                     f"{fmt('poor_population', done[-1]['poor_population'])}")
    table = pd.DataFrame({"年度": years, ERA_TREND_SERIES[0]: registry, ERA_TREND_SERIES[1]: monitored})
    missing = [str(y) for y, a, b in zip(years, registry, monitored) if a is None and b is None]
    return Drawn("era_trend", title, fig, table, "column", _years(years),
                 [Series(ERA_TREND_SERIES[0], _values(registry)), Series(ERA_TREND_SERIES[1], _values(monitored))],
                 "#,##0", takeaway,
                 f"{REGIME_START - 1}年及以前为建档立卡未脱贫人口（含返贫），{REGIME_START}年起为防返贫监测对象",
                 (f"{'、'.join(missing)}年没有数据（未导入或人数不详）。" if missing else "")
                 + f"虚线左侧为建档立卡未脱贫人口（{REGIME_START - 1}年及以前），右侧为防返贫监测对象（{REGIME_START}年起）。",
                 series_colors=[figures.REGISTRY_SERIES_COLOR, figures.MONITORED_SERIES_COLOR])


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("trend", "未脱贫人口与贫困发生率", ("overview",), "trend", _trend),
    ChartSpec("incidence_counties", "各县贫困发生率", ("incidence",), "incidence", _incidence_counties, "drill"),
    ChartSpec("incidence_townships", "各乡镇贫困发生率", ("incidence",), "incidence", _incidence_townships, "drill"),
    ChartSpec("incidence_villages", "各村贫困发生率", ("incidence",), "incidence", _incidence_villages, "drill"),
    ChartSpec("incidence_heatmap", "各村历年贫困发生率", ("incidence",), "incidence", _incidence_heatmap),
    ChartSpec("incidence_lines", "贫困发生率变化", ("incidence",), "incidence", _incidence_lines),
    ChartSpec("counts_by_year", "建档立卡户与未脱贫户", ("incidence",), "incidence", _counts_by_year),
    ChartSpec("summary_villages", "各村贫困人口（汇总表）", ("incidence",), "incidence", _summary_villages,
              ledger="汇总表"),
    ChartSpec("causes_share", "主要致贫原因", ("causes", "village"), "causes", _causes_share),
    ChartSpec("causes_villages", "各村致贫原因构成", ("causes",), "causes", _causes_villages, "drill"),
    ChartSpec("causes_attribute", "各类贫困户致贫原因", ("causes",), "causes", _causes_attribute),
    ChartSpec("causes_poor_by_year", "未脱贫户致贫原因构成变化", ("causes",), "causes", _causes_poor_by_year),
    ChartSpec("income_by_year", "人均纯收入与贫困线", ("income", "village"), "income", _income_by_year),
    ChartSpec("income_villages", "各村人均纯收入", ("income",), "income", _income_villages, "drill"),
    ChartSpec("income_distribution", "人均纯收入分布", ("income",), "income", _income_distribution),
    ChartSpec("income_structure_by_year", "收入结构", ("income",), "income", _income_structure_by_year),
    ChartSpec("income_structure_villages", "各村收入结构", ("income",), "income", _income_structure_villages, "drill"),
    ChartSpec("project_categories", "项目资金按类别", ("projects",), "projects", _project_categories, ledger="扶贫项目台账"),
    ChartSpec("project_status", "项目进度", ("projects",), "projects", _project_status, ledger="扶贫项目台账"),
    ChartSpec("project_villages", "各村户均项目资金", ("projects",), "projects", _project_villages, "drill", ledger="扶贫项目台账"),
    ChartSpec("project_coverage", "各村项目覆盖", ("projects",), "projects", _project_coverage, ledger="扶贫项目台账"),
    ChartSpec("measure_counts", "帮扶措施项数分布", ("projects",), "projects", _measure_counts, ledger="帮扶措施台账"),
    ChartSpec("measure_villages", "各村户均帮扶措施", ("projects",), "projects", _measure_villages, "drill", ledger="帮扶措施台账"),
    # Township drill (county → township → village) on 致贫原因, 收入增长 and 项目覆盖
    ChartSpec("causes_townships", "各乡镇致贫原因构成", ("causes",), "causes", _causes_townships, "drill"),
    ChartSpec("income_townships", "各乡镇人均纯收入", ("income",), "income", _income_townships, "drill"),
    ChartSpec("project_townships", "各乡镇户均项目资金", ("projects",), "projects", _project_townships, "drill",
              ledger="扶贫项目台账"),
    # 防返贫监测 (the page 防返贫监测 and 村级详情 of 2021 on)
    ChartSpec("watch_types", "监测对象类别", ("monitoring", "village"), "monitoring", _watch_types,
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_counties", "各县监测对象", ("monitoring",), "monitoring", _watch_counties, "drill",
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_townships", "各乡镇监测对象", ("monitoring",), "monitoring", _watch_townships, "drill",
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_villages", "各村监测对象", ("monitoring",), "monitoring", _watch_villages, "drill",
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_risks", "监测对象主要风险类型", ("monitoring", "village"), "monitoring", _watch_risks,
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_months", "各月新识别和消除风险", ("monitoring",), "monitoring", _watch_months,
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_months_to_eliminate", "识别到消除用时", ("monitoring",), "monitoring", _watch_months_to_eliminate,
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_elimination", "帮扶消除与自然消除", ("monitoring",), "monitoring", _watch_elimination,
              ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_income_distribution", "脱贫户和监测对象人均纯收入分布", ("monitoring",), "income",
              _watch_income_distribution, ledger="防返贫监测对象信息", regime="monitoring"),
    ChartSpec("watch_income_villages", "各村脱贫人口和监测对象人均纯收入", ("monitoring",), "income",
              _watch_income_villages, "drill", ledger="防返贫监测对象信息", regime="monitoring"),
    # 2021 年起：分析页 (致贫原因 / 收入增长 / 项目覆盖 / 贫困发生率 in a year of 防止返贫动态监测)
    ChartSpec("era_risk_share", "返贫致贫风险类型", ("causes",), "causes", _era_risk_share, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_risk_open", "风险未消除户的风险类型", ("causes",), "causes", _era_risk_open, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_risk_villages", "各村返贫致贫风险类型构成", ("causes",), "causes", _era_risk_villages, "drill",
              ledger=_ERA_LEDGER, regime="monitoring"),
    ChartSpec("era_risk_category", "各类监测对象的风险类型", ("causes",), "causes", _era_risk_category, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_income_by_year", "脱贫人口人均纯收入", ("income",), "income", _era_income_by_year, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_income_villages", "各村脱贫人口人均纯收入", ("income",), "income", _era_income_villages, "drill",
              ledger=_ERA_LEDGER, regime="monitoring"),
    ChartSpec("era_income_distribution", "脱贫户人均纯收入分布", ("income",), "income", _era_income_distribution,
              ledger=_ERA_LEDGER, regime="monitoring"),
    ChartSpec("era_income_structure", "脱贫户收入结构", ("income",), "income", _era_income_structure, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_project_categories", "衔接资金项目按类型", ("projects",), "projects", _era_project_categories,
              ledger=_ERA_PROJECTS, regime="monitoring"),
    ChartSpec("era_project_status", "衔接资金项目进度", ("projects",), "projects", _era_project_status, ledger=_ERA_PROJECTS,
              regime="monitoring"),
    ChartSpec("era_measure_types", "监测对象帮扶措施", ("projects",), "projects", _era_measure_types, ledger=_ERA_LEDGER,
              regime="monitoring"),
    ChartSpec("era_measure_villages", "各村监测对象帮扶措施覆盖率", ("projects",), "projects", _era_measure_villages, "drill",
              ledger=_ERA_LEDGER, regime="monitoring"),
    ChartSpec("era_share_townships", "各乡镇监测对象占比", ("incidence",), "incidence", _era_share_townships, "drill",
              ledger=_ERA_LEDGER, regime="monitoring"),
    ChartSpec("era_share_villages", "各村监测对象占比", ("incidence",), "incidence", _era_share_villages, "drill",
              ledger=_ERA_LEDGER, regime="monitoring"),
    # 总览 of the monitoring era
    ChartSpec("era_trend", "建档立卡未脱贫人口与防返贫监测对象", ("overview",), "trend", _era_trend,
              ledger="建档立卡台账、防返贫监测信息", regime="monitoring"),
)
SPECS = {s.key: s for s in CHARTS}


def draw(key: str, ctx: Context) -> Drawn | Empty | None:
    """The chart `key` for the context: Drawn, Empty (a page says why) or None (it does not apply here)."""
    spec = SPECS[key]
    if not spec.applies(ctx.year):
        return None
    out = spec.draw(ctx)
    if isinstance(out, Drawn):
        out.topic, out.drill, out.name, out.source = spec.topic, spec.drill, spec.name, ctx.source(spec.ledger)
    return out


def drawn_charts(ctx: Context, pages: tuple[str, ...] | None = None) -> list[Drawn]:
    """Every chart the pages (all of them by default) show for the context, in catalogue order, each topic together
    (a group appended at the end of CHARTS joins its topic's charts in the pack)."""
    out = []
    topics = list(dict.fromkeys(s.topic for s in CHARTS))
    for spec in sorted(CHARTS, key=lambda s: topics.index(s.topic)):
        if pages is not None and not set(spec.pages) & set(pages):
            continue
        chart = draw(spec.key, ctx)
        if isinstance(chart, Drawn):
            out.append(chart)
    return out


def source_line(store, kind: str = "建档立卡台账") -> str:
    """'数据来源：建档立卡台账，导入于2026-11-30' (示例数据（虚构） for the demo), under every chart and slide."""
    when = store.query_rows("store/data_version")[0][1]
    what = "示例数据（虚构）" if store.is_demo() else kind
    return f"数据来源：{what}" + (f"，导入于{str(when)[:10]}" if when else "")


def context(store, year: int, area: Area, area_label: str | None = None, **kwargs) -> Context:
    """The context of the command line and the pack: results computed directly (no cache)."""
    return Context(year, area, area_label or store.area_label(area), lambda func, *args: func(store, *args),
                   lambda kind: source_line(store, kind),
                   several_counties=len(store.query("counties")) > 1, **kwargs)
