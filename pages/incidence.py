"""贫困发生率: incidence by village and township for the chosen year, its trend, and the counts behind it."""

import streamlit as st

from ledgerboard import analysis, figures, place_tables, ui
from ledgerboard.indicators import metrics
from ledgerboard.trends import incomplete_years, trend
from ledgerboard.sanitize import plain
from ledgerboard.numbers import year_span

f = ui.page("贫困发生率")
ui.pack_button(f)

source = ui.source_line()
threshold = ui.cached(analysis.exit_threshold)
st.caption(plain(f"{f.year}年 · {f.area_label} · 贫困发生率 = 未脱贫人口（含返贫）÷ 农业户籍人口 × 100%，按同时有户台账和农业户籍人口的村计算；村出列标准：低于{threshold:g}%"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households", "incidence")
ui.one_village(f)

if f.county is None and len(ui.query("counties")) > 1:
    counties = ui.cached(analysis.incidence_by_county, f.year, f.area)
    if counties["incidence_pct"].notna().any():
        title = f"{f.year}年{f.area_label}各县贫困发生率"
        ui.drill_chart(figures.incidence_bar_figure(counties, threshold, title, source), title, key="incidence-counties")
        st.caption("点击县的柱子（发生率为0的县是圆点），筛选到该县。")

if f.township is None:
    towns = ui.cached(analysis.incidence_by_township, f.year, f.area)
    if towns["incidence_pct"].notna().any():
        title = f"{f.year}年{f.area_label}各乡镇贫困发生率"
        shown = analysis.chart_rows(towns, "incidence_pct")
        ui.drill_chart(figures.incidence_bar_figure(shown, threshold, title, source), title, key="incidence-townships")
        st.caption(ui.top_note(len(towns), len(shown), "贫困发生率最高", "个乡镇") + "点击乡镇的柱子（发生率为0的乡镇是圆点），筛选到该乡镇。")

villages = ui.cached(analysis.incidence_by_village, f.year, f.area)
# One village selected: no one-bar "各村" chart; its rate is in the trend below.
if f.village is None and villages["incidence_pct"].notna().any():
    title = f"{f.year}年{f.area_label}各村贫困发生率"
    shown = analysis.chart_rows(villages, "incidence_pct")
    ui.drill_chart(figures.incidence_bar_figure(shown, threshold, title, source), title, key="incidence-villages")
    exited = int(villages["village_exited"].sum())
    st.caption(ui.top_note(len(villages), len(shown), "贫困发生率最高") +
               f"绿色为已出列村（共{exited:,}个），发生率为0的村以圆点标出；点击村的柱子或圆点，打开该村详情。")
    if note := analysis.not_imported_note(villages, f.year):
        st.caption(plain(note))
elif f.village is None:
    ui.empty(f"{f.year}年{f.area_label}没有能计算贫困发生率的村：需要当年的建档立卡户台账和村基本情况（农业户籍人口）。")

# A year (or place) known only from a summary table by place: its villages as that table reports them.
reported = ui.cached(place_tables.villages, f.year, f.area)
if f.village is None and not reported.empty:
    title = f"{f.year}年{f.area_label}各村贫困人口（汇总表）"
    if reported["poor_population"].notna().any():
        ui.chart(place_tables.villages_figure(reported, title), title)
    shown = f"图中为贫困人口最多的{place_tables.CHART_TOP}个村；" if len(reported) > place_tables.CHART_TOP else ""
    st.caption(plain(f"{shown}以下为汇总表填报的{len(reported):,}个村的数字，不是按户台账计算的。"))
    ui.table(place_tables.villages_table(reported), f"{f.year}年{f.area_label}各村贫困户和贫困人口（汇总表）",
             key="incidence-place-table")

heat = figures.up_to(ui.cached(analysis.incidence_village_year, f.area), f.year)
heat = heat[heat["incidence_pct"].notna()]
left, right = st.columns(2)
with left:
    if f.village is not None:
        ui.empty(f"已选择{f.area_label}：各村对比请在乡镇下查看，该村历年贫困发生率见右图。")
    elif heat.empty:
        ui.empty(f"{f.area_label}没有分年度的村级贫困发生率。")
    else:
        title = f"{year_span(heat['year'].min(), heat['year'].max())}{f.area_label}各村贫困发生率（%）"
        ui.chart(figures.heatmap_figure(heat, "area", "incidence_pct", title, source), title)
        if note := ui.top_note(len(villages), analysis.CHART_TOP, "历年贫困发生率最高"):
            st.caption(plain(note))

t = figures.up_to(ui.cached(trend, f.area), f.year)     # the selected year ends every trend
with right:
    lines = figures.up_to(ui.cached(analysis.incidence_township_year, f.area), f.year)
    lines = lines[lines["incidence_pct"].notna()]
    total = t[t["incidence_pct"].notna()]
    if total.empty:
        ui.empty(f"{f.area_label}没有分年度的贫困发生率。")
    else:
        title = f"{year_span(total['year'].min(), total['year'].max())}{f.area_label}贫困发生率变化"
        # One line per township under a county; a township or village is the bold total line alone.
        groups = figures.with_area_label(lines) if f.township is None else lines.iloc[0:0].assign(area=None)
        ui.chart(figures.lines_figure(groups, "area", "incidence_pct", title, source, total=total,
                                      total_name=f.area_label, threshold=threshold), title)
        if f.township is None and (note := ui.top_note(len(towns), analysis.CHART_TOP, "历年贫困发生率最高", "个乡镇")):
            st.caption(plain(note))

if t.empty:
    ui.empty(f"{f.area_label}没有建档立卡户数据。")
else:
    title = f"{year_span(t['year'].min(), t['year'].max())}{f.area_label}建档立卡户、未脱贫户与当年脱贫户"
    ui.chart(figures.counts_by_year_figure(t, title, source), title)
    if note := incomplete_years(t):
        st.caption(plain(note))

st.subheader(plain(f"{f.year}年{f.area_label}各村明细"))
if villages.empty:
    ui.empty("没有村级数据。")
else:
    ui.table(analysis.table(villages), f"{f.year}年{f.area_label}各村贫困发生率")
