"""The auto-written summary paragraph for 总览, in the style of township work reports (see shared/seeds)."""

from __future__ import annotations

from ledgerboard import analysis, catalogue
from ledgerboard.indicators import Area, metrics
from ledgerboard.monitoring import LINE_MISSING, MONITOR_TYPES
from ledgerboard.numbers import fmt_int, fmt_num, fmt_pct
from ledgerboard.store import Store

SUPPORTED_ATTRIBUTES = ("低保贫困户", "特困供养贫困户")


AREAS_LEDGER_MARK = "（区域汇总表）"


def _cause_phrase(cause: str) -> str:
    """How a work report names households of one main cause; a blank cause is its own phrase, never 其他."""
    if cause == "未填写":
        return "未填写致贫原因"
    return "其他原因致贫" if cause == "其他" else f"{cause}致贫"


def _growth_text(growth: float) -> str:
    """比上年增长13.65%: the card's figure (rounded once, 2 decimals), never rounded again."""
    return f"比上年{'增长' if growth >= 0 else '下降'}{fmt_pct(abs(growth))}"


def _areas_only(m: dict, year: int, where: str) -> str | None:
    """The paragraph of a year and area whose figures come from a 区域汇总表 row only (as the cards show them)."""
    src = m.get("sources", {})
    parts = []
    if "poor_population" in src:
        parts.append(f"农村贫困人口{fmt_int(m['poor_population'], '人')}")
    if "incidence_pct" in src:
        parts.append(f"贫困发生率{fmt_pct(m['incidence_pct'])}")
    if "income_per_capita_mean" in src:
        text = f"农村居民人均可支配收入{fmt_num(m['income_per_capita_mean'], '元', 0)}"
        if "income_growth_pct" in src and m["income_growth_pct"] is not None:
            text += _growth_text(m["income_growth_pct"])
        parts.append(text)
    if not parts:
        return None
    return f"{year}年，{where}{'，'.join(parts)}（以上为区域汇总表数据）。"


def _pct(part: float, whole: float) -> str:
    return fmt_pct(100 * part / whole, 0) if whole else "—"


def summary_text(store: Store, year: int, area: Area | None = None, m: dict | None = None) -> str:
    """'2019年，示例县现有建档立卡贫困户X户、Y人，其中未脱贫X户Y人，贫困发生率Z%；因病致贫X户，占比N%…'

    The area is named by its real name (Store.area_label): 示例县, 青松镇, 全市 over several counties.

    `m` is metrics(store, year, area) when the caller has it already.
    """
    area = area or Area()
    m = m if m is not None else metrics(store, year, area)
    where = store.area_label(area)
    if catalogue.is_monitoring(m):
        return era_summary_text(year, where, m)
    registered = m["registered_households"]
    notes = [c["note"] for c in m.get("coverage", {}).values() if c.get("note")]
    note = ("（说明：" + "".join(notes) + "）") if notes else ""
    if registered is None:
        areas = _areas_only(m, year, where)
        if areas:
            return areas + note
        return f"{year}年{where}的建档立卡户台账未导入，暂无数据。"
    if not registered:
        return f"{year}年{where}没有建档立卡贫困户。"
    people = m["registered_population"]
    poor = m["poor_population"]
    parts = [(f"{year}年，{where}现有建档立卡贫困户{registered:,}户、{'人数不详' if people is None else f'{people:,}人'}，"
              f"其中未脱贫（含返贫）{m['poor_households']:,}户{'（人数不详）' if poor is None else f'{poor:,}人'}")]
    if m["incidence_pct"] is not None:
        parts[-1] += f"，贫困发生率{fmt_pct(m['incidence_pct'])}"
    if m["exited_households"]:
        exited = m["exited_population"]
        parts[-1] += f"；当年脱贫{m['exited_households']:,}户{'（人数不详）' if exited is None else f'{exited:,}人'}"
    parts[-1] += "。"

    causes = sorted(m["causes"].items(), key=lambda kv: (-kv[1], kv[0]))
    if causes:
        first, n = causes[0]
        text = f"从致贫原因看，{_cause_phrase(first)}的有{n:,}户，占比{_pct(n, registered)}"
        if len(causes) > 1:
            second, n2 = causes[1]
            phrase = _cause_phrase(second) + ("的" if second == "未填写" else "")
            text += f"；其次是{phrase}{n2:,}户，占比{_pct(n2, registered)}"
        attrs = analysis.causes_by_attribute(store, year, area)
        supported = int(attrs.loc[attrs["attribute"].isin(SUPPORTED_ATTRIBUTES), "households"].sum())
        if supported:
            text += f"；低保、特困供养贫困户共{supported:,}户，占建档立卡贫困户数{_pct(supported, registered)}"
        parts.append(text + "。")

    if m["income_per_capita_mean"] is not None:
        src = m.get("sources", {})
        text = (f"农村居民人均可支配收入{fmt_num(m['income_per_capita_mean'], '元', 0)}{AREAS_LEDGER_MARK}"
                if "income_per_capita_mean" in src else
                f"建档立卡户人均纯收入{fmt_num(m['income_per_capita_mean'], '元', 0)}")
        if m["income_growth_pct"] is not None:
            text += "，" + _growth_text(m["income_growth_pct"])
        if m["below_line_households"] is not None:
            text += f"；低于当年贫困线的有{m['below_line_households']:,}户"
        parts.append(text + "。")

    if m["projects_count"]:
        parts.append(f"全年实施扶贫项目{m['projects_count']:,}个，总投资{m['project_investment_wan']:,.2f}万元"
                     f"（其中财政扶贫资金{m['project_fiscal_wan']:,.2f}万元），覆盖{m['villages_with_project']:,}个村。")
    if m["household_measure_coverage_pct"] is not None and m["household_measure_coverage_pct"] > 0:
        parts.append(f"帮扶措施覆盖{fmt_pct(m['household_measure_coverage_pct'])}的建档立卡户。")
    return "".join(parts) + note


def _households_people(m: dict, households: str, people: str) -> str:
    """'1,234户3,456人' (the people left out where unknown)."""
    text = catalogue.fmt(households, m[households])
    return text + (catalogue.fmt(people, m[people]) if m.get(people) is not None else "")


def era_summary_text(year: int, where: str, m: dict) -> str:
    """The paragraph of a 2021-on year in the sentences offices write: '2023年，示例县有脱贫户X户Y人，纳入防返贫监测对象
    X户Y人（脱贫不稳定户…、边缘易致贫户…、突发严重困难户…），已消除风险X户Y人，风险消除率Z%；脱贫人口人均纯收入W元，
    同比增长V%。' Numbers as the cards show them (catalogue.fmt, rounded once); a figure whose ledger or setting is
    missing is left out of the sentences and the note of its coverage says so (never a 0)."""
    if m.get("monitored_households") is None:
        return f"{year}年{where}的防返贫监测对象信息未导入，暂无数据。"
    fmt = catalogue.fmt
    text = f"{year}年，{where}有脱贫户{_households_people(m, 'exited_poor_households', 'exited_poor_population')}，"
    text += f"纳入防返贫监测对象{_households_people(m, 'monitored_households', 'monitored_population')}"
    if m["monitored_households"]:
        by_type, people = m.get("monitored_by_type") or {}, m.get("monitored_population_by_type") or {}
        kinds = [f"{t}{fmt('monitored_households', by_type.get(t, 0))}"
                 + (fmt("monitored_population", people[t]) if by_type.get(t) and people.get(t) is not None else "")
                 for t in MONITOR_TYPES]
        text += f"（{'、'.join(kinds)}），已消除风险"
        text += _households_people(m, "risk_eliminated_households", "risk_eliminated_population")
        text += f"，风险消除率{fmt('risk_eliminated_pct', m['risk_eliminated_pct'])}"
    if m.get("exited_poor_income_mean") is not None:
        text += f"；脱贫人口人均纯收入{fmt('exited_poor_income_mean', m['exited_poor_income_mean'])}"
        growth = m.get("exited_poor_income_growth_pct")
        if growth is not None:
            text += f"，同比{'增长' if growth >= 0 else '下降'}{fmt('exited_poor_income_growth_pct', abs(growth))}"
    text += "。"
    below, line_missing = m.get("below_monitoring_line"), False
    if below is not None:
        line = m.get("monitoring_line")
        limit = f"防止返贫监测范围（{fmt('monitoring_line', line)}）" if line is not None else "防止返贫监测范围"
        text += (f"人均纯收入低于{limit}的有{fmt('monitored_households', below['monitored'] + below['not_monitored'])}，"
                 f"其中已纳入监测{fmt('monitored_households', below['monitored'])}、"
                 f"未纳入监测{fmt('monitored_households', below['not_monitored'])}。")
    elif line_missing := not (m.get("coverage", {}).get("below_monitoring_line") or {}).get("complete", True):
        text += f"{year}年{LINE_MISSING}，未统计人均纯收入低于监测范围的户数。"
    if m.get("employed_exited_labour") is not None:
        text += f"脱贫劳动力务工就业{fmt('employed_exited_labour', m['employed_exited_labour'])}。"
    coverage = m.get("coverage", {})
    said = {"monitored_share"} | ({"below_monitoring_line"} if below is None and line_missing else set())
    notes = [coverage[k]["note"] for k in catalogue.ERA_COVERAGE if k not in said and (coverage.get(k) or {}).get("note")]
    return text + (("（说明：" + "".join(notes) + "）") if notes else "")
