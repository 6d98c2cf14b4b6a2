"""What a 汇报材料 pack holds for a year and an area: headline figures, charts with their data and a takeaway
written from that data, and the key tables. The PPTX, DOCX and ZIP writers only lay this out.

The charts are the pages' figure functions over the pages' queries (ledgerboard.analysis), so a slide shows
what the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ledgerboard import analysis, figures
from ledgerboard.formats import is_missing
from ledgerboard.indicators import Area, metrics
from ledgerboard.store import Store
from ledgerboard.summary import summary_text
from ledgerboard.trends import trend
from ledgerboard.numbers import fmt_pct, year_span

# A slide's chart shows at most this many villages or townships (16.5 pt labels need the room); tables keep all.
SLIDE_TOP = 15


@dataclass
class Series:
    name: str
    values: list


@dataclass
class Chart:
    """One chart: its figure (PNG), and the same numbers as categories × series for a native slide chart."""
    name: str                       # file name (Chinese), also the chart's short name
    title: str
    figure: go.Figure
    kind: str | None                # native chart: bar (horizontal), column, line, stacked (100 %); None: picture
    categories: list[str]
    series: list[Series]
    number_format: str              # Excel number format of the data labels
    takeaway: str
    note: str
    source: str
    topic: str                      # incidence, causes, income, projects
    point_colors: list[str] | None = None     # one colour per category (single-series charts)
    series_colors: list[str] | None = None    # one colour per series


@dataclass
class Table:
    title: str
    frame: pd.DataFrame             # Chinese headers with units
    topic: str


@dataclass
class Pack:
    area: Area
    area_name: str
    year: int
    made: dt.date
    source: str
    imported: str | None
    demo: bool
    metrics: dict
    summary: str
    kpis: list[tuple[str, str, str]]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.area_name}{self.year}年脱贫攻坚工作情况"

    @property
    def file_stem(self) -> str:
        return f"{self.area_name}{self.year}年汇报材料"


def _int(x, unit: str) -> str:
    return "—" if is_missing(x) else f"{int(x):,}{unit}"


def _num(x, unit: str, digits: int = 2) -> str:
    return "—" if is_missing(x) else f"{float(x):,.{digits}f}{unit}"


def _values(col) -> list:
    return [None if is_missing(v) else (float(v) if not float(v).is_integer() else int(v)) for v in col]


def _pick(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a pack table shows (a table on a slide or an A4 page has room for about seven)."""
    return frame[[c for c in columns if c in frame.columns]]


def source_of(store: Store, kind_label: str, area_label: str) -> tuple[str, str | None]:
    """('数据来源：示例县建档立卡台账，导入于2026-11-30', '2026-11-30')."""
    when = store.query_rows("store/data_version")[0][1]
    date = str(when)[:10] if when else None
    what = "示例数据（虚构）" if store.is_demo() else f"{area_label}{kind_label}"
    return f"数据来源：{what}" + (f"，导入于{date}" if date else ""), date


def kpis(m: dict) -> list[tuple[str, str, str]]:
    growth = m["income_growth_pct"]
    return [
        ("建档立卡", _int(m["registered_households"], "户"), _int(m["registered_population"], "人")),
        ("未脱贫（含返贫）", _int(m["poor_households"], "户"), _int(m["poor_population"], "人")),
        ("贫困发生率", _num(m["incidence_pct"], "%"), f"农业户籍人口{_int(m['agri_population'], '人')}"),
        ("当年脱贫", _int(m["exited_households"], "户"), _int(m["exited_population"], "人")),
        ("人均纯收入", _num(m["income_per_capita_mean"], "元", 0),
         "—" if growth is None else f"比上年{'增长' if growth >= 0 else '下降'}{fmt_pct(abs(growth))}"),
        ("扶贫项目", _int(m["projects_count"], "个"), f"总投资{_num(m['project_investment_wan'], '万元')}"),
        ("帮扶措施覆盖率", _num(m["household_measure_coverage_pct"], "%"), "有帮扶措施的建档立卡户占比"),
        ("收入低于贫困线", _int(m["below_line_households"], "户"), "人均纯收入低于当年贫困线"),
    ]


def collect(store: Store, year: int, area: Area | None = None, today: dt.date | None = None) -> Pack:
    """Everything a pack shows for `year` and `area`, computed once."""
    area = area or Area()
    name = store.area_label(area)
    m = metrics(store, year, area)
    source, imported = source_of(store, "建档立卡台账", name)
    project_source, _ = source_of(store, "扶贫项目台账", name)
    pack = Pack(area=area, area_name=name, year=year, made=today or dt.date.today(), source=source,
                imported=imported, demo=store.is_demo(), metrics=m, summary=summary_text(store, year, area, m=m),
                kpis=kpis(m))
    threshold = analysis.exit_threshold(store)
    years = trend(store, area)
    years = years[years["year"] <= year]            # the selected year is the last year of a trend
    _incidence(store, pack, years, threshold, source)
    _causes(store, pack, source)
    _income(store, pack, source)
    _projects(store, pack, project_source)
    return pack


# 贫困发生率 -----------------------------------------------------------------------
def _incidence(store: Store, pack: Pack, years: pd.DataFrame, threshold: float, source: str) -> None:
    y, area, name = pack.year, pack.area, pack.area_name
    rated = years[years["incidence_pct"].notna()]
    if not rated.empty:
        first, last = rated.iloc[0], rated.iloc[-1]
        title = f"{year_span(first['year'], last['year'])}{name}贫困发生率变化"
        fig = figures.lines_figure(rated.iloc[0:0], "year", "incidence_pct", title, source, total=rated,
                                   total_name=name, threshold=threshold)
        if int(last["year"]) == y and len(rated) > 1:
            takeaway = (f"贫困发生率由{int(first['year'])}年的{first['incidence_pct']:.2f}%降至{y}年的"
                        f"{last['incidence_pct']:.2f}%，{'低于' if last['incidence_pct'] < threshold else '仍高于'}"
                        f"{threshold:g}%的出列标准")
        else:
            takeaway = f"{int(last['year'])}年贫困发生率为{last['incidence_pct']:.2f}%"
        pack.charts.append(Chart(
            "贫困发生率变化", title, fig, "line", [f"{int(v)}年" for v in rated["year"]],
            [Series("贫困发生率（%）", _values(rated["incidence_pct"]))], '0.00"%"', takeaway,
            "贫困发生率 = 未脱贫人口（含返贫）÷ 农业户籍人口 × 100%", source, "incidence"))
    if not years.empty:
        title = f"{year_span(years['year'].min(), y)}{name}建档立卡户、未脱贫户与当年脱贫户"
        fig = figures.counts_by_year_figure(years, title, source)
        now = years[years["year"] == y]
        if now.empty:
            takeaway = f"{y}年没有建档立卡户台账数据"
        else:
            r0, r = years.iloc[0], now.iloc[0]
            takeaway = f"{y}年未脱贫{int(r['poor_households']):,}户，当年脱贫{int(r['exited_households']):,}户"
            if int(r0["year"]) < y:
                takeaway += f"；比{int(r0['year'])}年减少未脱贫户{int(r0['poor_households'] - r['poor_households']):,}户"
        pack.charts.append(Chart(
            "建档立卡户与未脱贫户", title, fig, "column", [f"{int(v)}年" for v in years["year"]],
            [Series("建档立卡户（户）", _values(years["registered_households"])),
             Series("未脱贫户（户）", _values(years["poor_households"])),
             Series("当年脱贫户（户）", _values(years["exited_households"]))], "#,##0", takeaway,
            "未脱贫户含返贫户；当年脱贫户为脱贫年度等于当年的户", source, "incidence",
            series_colors=["#9fb3c8", figures.NOT_EXITED_COLOR, figures.EXITED_COLOR]))
    if area.village:
        return
    if area.township is None:
        level, frame = "乡镇", analysis.incidence_by_township(store, y, area)
        unit = "个乡镇"
    else:
        level, frame = "村", analysis.incidence_by_village(store, y, area)
        unit = "个村"
    rated = frame[frame["incidence_pct"].notna()]
    if rated.empty:
        return
    shown = analysis.chart_rows(rated.sort_values("incidence_pct", ascending=False, kind="stable"), "incidence_pct",
                                top=SLIDE_TOP)
    title = f"{y}年{name}各{level}贫困发生率"
    fig = figures.incidence_bar_figure(shown, threshold, title, source)
    over = rated[rated["incidence_pct"] >= threshold]
    top = shown.iloc[0]
    label = top["village"] if level == "村" else top["township"]
    takeaway = (f"{label}贫困发生率最高，为{top['incidence_pct']:.2f}%；"
                + (f"{len(over):,}{unit}不低于{threshold:g}%的出列标准" if len(over)
                   else f"各{level}均低于{threshold:g}%的出列标准"))
    note = f"{len(rated):,}/{len(frame):,}{unit}有农业户籍人口数据" + (
        f"；图中为贫困发生率最高的{len(shown)}{unit}" if len(shown) < len(rated) else "")
    labels = list(shown["village"] if level == "村" else shown["township"])
    pack.charts.append(Chart(
        f"各{level}贫困发生率", title, fig, "bar", labels, [Series("贫困发生率（%）", _values(shown["incidence_pct"]))],
        '0.00"%"', takeaway, note, source, "incidence", series_colors=[figures.NOT_EXITED_COLOR]))
    keep = ["township", "village", "registered_households", "poor_population", "agri_population", "incidence_pct",
            "village_exited" if level == "村" else "exited_villages"]
    table = analysis.table(_pick(frame.sort_values("incidence_pct", ascending=False, na_position="last"), keep))
    pack.tables.append(Table(f"{y}年{name}各{level}贫困发生率", table, "incidence"))
    if level == "村" or area.township is None:
        villages = analysis.incidence_village_year(store, area, top=SLIDE_TOP)
        villages = villages[villages["incidence_pct"].notna() & (villages["year"] <= y)]
        if not villages.empty and villages["village"].nunique() > 1:
            title = f"{year_span(villages['year'].min(), y)}{name}各村贫困发生率（%）"
            fig = figures.heatmap_figure(villages, "area", "incidence_pct", title, source)
            now = villages[villages["year"] == y]
            below = int((now["incidence_pct"] < threshold).sum())
            takeaway = (f"图中{now['village'].nunique():,}个村{y}年有{below:,}个低于{threshold:g}%的出列标准"
                        if not now.empty else f"{y}年没有村级贫困发生率")
            total = len(analysis.incidence_by_village(store, y, area))
            note = f"共{total:,}个村，图中为历年贫困发生率最高的{villages['village'].nunique():,}个村" \
                if total > villages["village"].nunique() else "颜色越深，贫困发生率越高"
            pack.charts.append(Chart("各村历年贫困发生率", title, fig, None, [], [], "0.00", takeaway, note, source,
                                     "incidence"))


# 致贫原因 -------------------------------------------------------------------------
def _causes(store: Store, pack: Pack, source: str) -> None:
    y, area, name = pack.year, pack.area, pack.area_name
    causes = analysis.causes_share(store, y, area)
    if causes.empty:
        return
    total = int(causes["households"].sum())
    title = f"{y}年{name}建档立卡户主要致贫原因（共{total:,}户）"
    fig = figures.causes_figure(causes, title, source)
    first = causes.iloc[0]
    takeaway = f"{_cause(first['cause'])}占{first['share_pct']:.1f}%，是第一位致贫原因"
    if len(causes) > 1:
        second = causes.iloc[1]
        takeaway += f"；其次是{_cause(second['cause'])}，占{second['share_pct']:.1f}%"
    pack.charts.append(Chart(
        "主要致贫原因", title, fig, "bar", [str(c) for c in causes["cause"]],
        [Series("户数（户）", _values(causes["households"]))], "#,##0", takeaway,
        "按建档立卡户的主要致贫原因计数，每户只计主要原因，不重复计算", source, "causes",
        point_colors=[figures.stable_color(c) for c in causes["cause"]]))
    attrs = analysis.causes_by_attribute(store, y, area)
    if not attrs.empty:
        title = f"{y}年{name}各类贫困户的致贫原因构成"
        order = list(causes["cause"])
        fig = figures.stacked_share_figure(attrs, "attribute", "cause", "share_pct", "households", title, source,
                                           parts_order=order, axis_title="占该类贫困户比例（%）")
        kinds = list(dict.fromkeys(attrs["attribute"]))
        pivot = attrs.pivot_table(index="attribute", columns="cause", values="share_pct", aggfunc="first")
        top = attrs.sort_values("share_pct", ascending=False).groupby("attribute", sort=False).head(1)
        supported = top[top["attribute"] != "一般贫困户"]
        row = supported.iloc[0] if not supported.empty else top.iloc[0]
        takeaway = f"{row['attribute']}中{_cause(row['cause'])}占比最高，为{row['share_pct']:.1f}%"
        pack.charts.append(Chart(
            "各类贫困户致贫原因", title, fig, "stacked", kinds,
            [Series(str(c), _values(pivot.reindex(kinds)[c])) for c in order if c in pivot.columns], '0.0"%"',
            takeaway, "每类贫困户内各致贫原因占比之和为100%", source, "causes",
            series_colors=[figures.stable_color(c) for c in order if c in pivot.columns]))
    pack.tables.append(Table(f"{y}年{name}致贫原因", analysis.table(
        _pick(causes, ["cause", "households", "population", "poor_households", "share_pct"])), "causes"))


def _cause(cause: str) -> str:
    return "其他原因致贫" if cause in ("其他", "未填写") else f"{cause}致贫"


# 收入 -----------------------------------------------------------------------------
def _income(store: Store, pack: Pack, source: str) -> None:
    y, area, name = pack.year, pack.area, pack.area_name
    income = analysis.income_by_year(store, area)
    income = income[income["income_mean"].notna() & (income["year"] <= y)]
    if income.empty:
        return
    title = f"{year_span(income['year'].min(), y)}{name}建档立卡户人均纯收入与贫困线"
    fig = figures.income_figure(income, title, source)
    now = income[income["year"] == y]
    if now.empty:
        takeaway = f"{y}年没有收入数据"
    else:
        r = now.iloc[0]
        takeaway = f"{y}年人均纯收入{r['income_mean']:,.0f}元"
        if not is_missing(r["income_growth_pct"]):
            takeaway += f"，比上年{'增长' if r['income_growth_pct'] >= 0 else '下降'}{fmt_pct(abs(r['income_growth_pct']))}"
        if not is_missing(r["poverty_line"]) and r["poverty_line"]:
            takeaway += f"，是当年贫困线{r['poverty_line']:,.0f}元的{r['income_mean'] / r['poverty_line']:.1f}倍"
    series = [Series("均值（人口加权，元）", _values(income["income_mean"])),
              Series("中位数（人口加权，元）", _values(income["income_median"]))]
    if income["poverty_line"].notna().any():
        series.append(Series("当年贫困线（元）", _values(income["poverty_line"])))
    covered = now.iloc[0] if not now.empty else None
    note = "均值与中位数均按家庭人口加权" + (
        f"；{int(covered['households_with_income']):,}/{int(covered['registered_households']):,}户有收入数据"
        if covered is not None else "")
    pack.charts.append(Chart(
        "人均纯收入与贫困线", title, fig, "line", [f"{int(v)}年" for v in income["year"]], series, "#,##0", takeaway,
        note, source, "income", series_colors=[figures.NOT_EXITED_COLOR, "#9fb3c8", figures.LINE_COLOR]))
    bands = analysis.income_distribution(store, y, area)
    if not bands.empty and not now.empty:
        line = now.iloc[0]["poverty_line"]
        line = None if is_missing(line) else float(line)
        title = f"{y}年{name}建档立卡户人均纯收入分布"
        fig = figures.income_distribution_figure(bands, line, analysis.INCOME_BAND_YUAN,
                                                 analysis.INCOME_BAND_CAP_YUAN, title, source)
        below = pack.metrics["below_line_households"]
        takeaway = (f"人均纯收入低于当年贫困线的有{below:,}户" if below else "没有人均纯收入低于当年贫困线的户") \
            if below is not None else "当年没有设置贫困线"
        pack.charts.append(Chart("人均纯收入分布", title, fig, None, [], [], "#,##0", takeaway,
                                 f"每{analysis.INCOME_BAND_YUAN:,}元一档；红色为低于贫困线的档", source, "income"))
    pack.tables.append(Table(f"{name}历年人均纯收入", analysis.table(_pick(
        income, ["year", "income_mean", "income_median", "income_growth_pct", "poverty_line", "below_line_households"])),
        "income"))


# 项目 -----------------------------------------------------------------------------
def _projects(store: Store, pack: Pack, source: str) -> None:
    y, area, name = pack.year, pack.area, pack.area_name
    categories = analysis.projects_by_category(store, y, area)
    if categories.empty:
        return
    categories = categories.sort_values("investment_wan", ascending=False)
    title = f"{y}年{name}扶贫项目资金（按项目类别）"
    fig = figures.category_funds_figure(categories, title, source)
    total = float(categories["investment_wan"].sum())
    top = categories.iloc[0]
    takeaway = (f"{top['category']}投资最多，{top['investment_wan']:,.2f}万元，占总投资的"
                f"{100 * top['investment_wan'] / total:.1f}%" if total else f"{y}年项目没有填写投资")
    pack.charts.append(Chart(
        "项目资金按类别", title, fig, "column", [str(c) for c in categories["category"]],
        [Series("总投资（万元）", _values(categories["investment_wan"])),
         Series("其中财政扶贫资金（万元）", _values(categories["fiscal_wan"]))], "#,##0.00", takeaway,
        "项目按建设地点计入地区（全乡/全镇计入该乡镇每个村）", source, "projects",
        point_colors=[figures.stable_color(c) for c in categories["category"]],
        series_colors=[figures.NOT_EXITED_COLOR, "#c3cad3"]))
    status = analysis.projects_status(store, y, area)
    if not status.empty:
        title = f"{y}年{name}扶贫项目进度"
        fig = figures.status_figure(status, title, source)
        done = int(status.loc[status["status"].isin(["已完工", "已验收"]), "projects"].sum())
        count = int(status["projects"].sum())
        if count and done == count:
            takeaway = f"{count:,}个项目全部已完工或已验收"
        else:
            takeaway = f"已完工和已验收项目{done:,}个，占{100 * done / count:.1f}%；尚有{count - done:,}个未完工"
        pack.charts.append(Chart(
            "项目进度", title, fig, "column", [str(s) for s in status["status"]],
            [Series("项目数（个）", _values(status["projects"]))], "#,##0", takeaway,
            f"共{count:,}个项目", source, "projects",
            point_colors=[figures.STATUS_COLORS.get(str(s), figures.NOT_EXITED_COLOR) for s in status["status"]]))
    if area.village is None:
        coverage = analysis.projects_coverage(store, y, area, top=SLIDE_TOP)
        if not coverage.empty and coverage["category"].notna().any():
            title = f"{y}年{name}各村项目覆盖（村 × 项目类别）"
            fig = figures.coverage_matrix_figure(coverage, list(categories["category"]), title, source)
            villages = analysis.projects_by_village(store, y, area)
            gaps = villages[villages["gap"]]
            takeaway = (f"{len(gaps):,}个村有未脱贫户但没有扶贫项目" if len(gaps) else "有未脱贫户的村都有项目覆盖")
            shown = coverage.drop_duplicates(["township", "village"])
            note = (f"共{len(villages):,}个村，图中为最需关注的{len(shown):,}个村" if len(villages) > len(shown)
                    else "格中数字为覆盖该村的项目数")
            pack.charts.append(Chart("各村项目覆盖", title, fig, None, [], [], "0", takeaway, note, source, "projects"))
    pack.tables.append(Table(f"{y}年{name}项目类别汇总", analysis.table(categories), "projects"))
