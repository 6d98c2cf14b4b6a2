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
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ledgerboard import analysis, figures, numbers
from ledgerboard.area import Area
from ledgerboard.formats import is_missing
from ledgerboard.indicators import metrics
from ledgerboard.monitoring import REGIME_START
from ledgerboard.numbers import year_span
from ledgerboard.trends import incomplete_years, trend

NOT_IMPORTED = "未导入"


# Measures ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    key: str            # the key in indicators.metrics()
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


def _value(m: dict, key: str) -> str:
    """A card's value: "未导入" where the figure is unknown because its ledger is missing."""
    text = fmt(key, m.get(key))
    return NOT_IMPORTED if m.get(key) is None else text


def _summary_mark(m: dict, key: str) -> str:
    return "（区域汇总表）" if key in (m.get("sources") or {}) else ""


def growth_note(growth) -> str | None:
    return None if is_missing(growth) else f"比上年{numbers.round_half_up(growth, 2):+.2f}%"


def cards(m: dict, area: Area, keys: tuple[str, ...] | None = None) -> list[CardText]:
    """The headline cards of 总览, 村级详情 and the pack's 主要指标 slide, from metrics()."""
    investment = "涉及项目总投资" if area.village else "项目总投资"
    out = {
        "registered_households": CardText("建档立卡", _value(m, "registered_households"),
                                          fmt("registered_population", m.get("registered_population"))),
        "poor_households": CardText("未脱贫（含返贫）", _value(m, "poor_households"),
                                    fmt("poor_population", m.get("poor_population")) + _summary_mark(m, "poor_population")),
        "incidence_pct": CardText("贫困发生率", _value(m, "incidence_pct"),
                                  f"农业户籍人口{fmt('agri_population', m.get('agri_population'))}"
                                  + _summary_mark(m, "incidence_pct")),
        "exited_households": CardText("当年脱贫", _value(m, "exited_households"),
                                      fmt("exited_population", m.get("exited_population"))),
        "income_per_capita_mean": CardText("人均纯收入（人口加权）", _value(m, "income_per_capita_mean"),
                                           growth_note(m.get("income_growth_pct")), delta=True),
        "project_investment_wan": CardText(
            investment, _value(m, "project_investment_wan"),
            None if m.get("project_investment_wan") is None else
            f"{fmt('projects_count', m.get('projects_count'))}项目，覆盖{fmt('villages_with_project', m.get('villages_with_project'))}村",
            help=f"其中财政扶贫资金{fmt('project_fiscal_wan', m.get('project_fiscal_wan'))}"),
        "household_measure_coverage_pct": CardText("帮扶措施覆盖率", _value(m, "household_measure_coverage_pct"),
                                                   "有帮扶措施的建档立卡户占比"),
        "below_line_households": CardText("收入低于贫困线", _value(m, "below_line_households"), "人均纯收入低于当年贫困线"),
    }
    return [out[k] for k in (keys or tuple(out))]


VILLAGE_CARDS = ("registered_households", "poor_households", "incidence_pct", "income_per_capita_mean")


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
                 series_colors=[figures.NOT_EXITED_COLOR])


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
    """Every chart the pages (all of them by default) show for the context, in catalogue order."""
    out = []
    for spec in CHARTS:
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
