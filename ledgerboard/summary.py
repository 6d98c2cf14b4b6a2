"""The auto-written summary paragraph for 总览, in the style of township work reports (see shared/seeds)."""

from __future__ import annotations

from ledgerboard import analysis
from ledgerboard.indicators import Area, metrics
from ledgerboard.numbers import fmt_pct
from ledgerboard.store import Store

SUPPORTED_ATTRIBUTES = ("低保贫困户", "特困供养贫困户")


def _cause_phrase(cause: str) -> str:
    return "其他原因致贫" if cause in ("其他", "未填写") else f"{cause}致贫"


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
    if registered is None:
        return f"{year}年{where}的建档立卡户台账未导入，暂无数据。"
    if not registered:
        return f"{year}年{where}没有建档立卡贫困户。"
    parts = [f"{year}年，{where}现有建档立卡贫困户{registered:,}户、{m['registered_population']:,}人，"
             f"其中未脱贫（含返贫）{m['poor_households']:,}户{m['poor_population']:,}人"]
    if m["incidence_pct"] is not None:
        parts[-1] += f"，贫困发生率{fmt_pct(m['incidence_pct'])}"
    if m["exited_households"]:
        parts[-1] += f"；当年脱贫{m['exited_households']:,}户{m['exited_population']:,}人"
    parts[-1] += "。"

    causes = sorted(m["causes"].items(), key=lambda kv: (-kv[1], kv[0]))
    if causes:
        first, n = causes[0]
        text = f"从致贫原因看，{_cause_phrase(first)}的有{n:,}户，占比{_pct(n, registered)}"
        if len(causes) > 1:
            second, n2 = causes[1]
            text += f"；其次是{_cause_phrase(second)}{n2:,}户，占比{_pct(n2, registered)}"
        attrs = analysis.causes_by_attribute(store, year, area)
        supported = int(attrs.loc[attrs["attribute"].isin(SUPPORTED_ATTRIBUTES), "households"].sum())
        if supported:
            text += f"；低保、特困供养贫困户共{supported:,}户，占建档立卡贫困户数{_pct(supported, registered)}"
        parts.append(text + "。")

    if m["income_per_capita_mean"] is not None:
        text = f"建档立卡户人均纯收入{m['income_per_capita_mean']:,.0f}元"
        if m["income_growth_pct"] is not None:
            text += f"，比上年{'增长' if m['income_growth_pct'] >= 0 else '下降'}{fmt_pct(abs(m['income_growth_pct']), 1)}"
        if m["below_line_households"] is not None:
            text += f"；低于当年贫困线的有{m['below_line_households']:,}户"
        parts.append(text + "。")

    if m["projects_count"]:
        parts.append(f"全年实施扶贫项目{m['projects_count']:,}个，总投资{m['project_investment_wan']:,.2f}万元"
                     f"（其中财政扶贫资金{m['project_fiscal_wan']:,.2f}万元），覆盖{m['villages_with_project']:,}个村。")
    if m["household_measure_coverage_pct"] is not None and m["household_measure_coverage_pct"] > 0:
        parts.append(f"帮扶措施覆盖{fmt_pct(m['household_measure_coverage_pct'])}的建档立卡户。")
    notes = [c["note"] for c in m.get("coverage", {}).values() if c.get("note")]
    if notes:
        parts.append("（说明：" + "".join(notes) + "）")
    return "".join(parts)
