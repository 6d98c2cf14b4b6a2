"""The auto-written summary paragraph for 总览, in the style of township work reports (see shared/seeds)."""

from __future__ import annotations

from ledgerboard import analysis
from ledgerboard.indicators import Area, metrics
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
