"""收入增长: per-capita income of registered households against the poverty line, its growth, spread and sources."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain
from ledgerboard.numbers import year_span

f = ui.page("收入增长")
ui.pack_button(f)

source = ui.source_line()
st.caption(plain(f"{f.year}年 · {f.area_label} · 建档立卡户人均纯收入，均值与中位数按家庭人口加权；贫困线为当年标准"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households", "income_growth")
ui.one_village(f)

years = figures.up_to(ui.cached(analysis.income_by_year, f.area), f.year)     # the selected year ends the trend
years = years[years["income_mean"].notna()]
if years.empty:
    ui.empty(f"{f.area_label}的建档立卡户台账中没有人均纯收入数据。")
    st.stop()

now = years[years["year"] == f.year]
c = st.columns(4)
if now.empty:
    ui.empty(f"{f.year}年{f.area_label}没有收入数据，下列图表显示其他年度。")
else:
    r = now.iloc[0]
    growth = r["income_growth_pct"]
    c[0].metric("人均纯收入（人口加权均值）", ui.fmt_num(r["income_mean"], "元", 0),
                None if growth != growth else f"比上年{growth:+.2f}%")
    c[1].metric("人均纯收入中位数", ui.fmt_num(r["income_median"], "元", 0))
    c[2].metric("当年贫困线", ui.fmt_num(r["poverty_line"], "元", 0) if r["poverty_line"] == r["poverty_line"] else "—")
    c[3].metric("低于贫困线", ui.fmt_int(r["below_line_households"], "户"), ui.fmt_int(r["below_line_population"], "人"),
                delta_color="off", delta_arrow="off")

title = f"{year_span(years['year'].min(), years['year'].max())}{f.area_label}建档立卡户人均纯收入与贫困线"
ui.chart(figures.income_figure(years, title, source), title)

villages = ui.cached(analysis.income_by_village, f.year, f.area)
villages = villages[villages["income_mean"].notna()]
if f.village is None and not villages.empty:
    title = f"{f.year}年{f.area_label}各村建档立卡户人均纯收入"
    line = villages["poverty_line"].iloc[0]
    shown = analysis.chart_rows(villages, "income_mean", lowest=True)
    ui.drill_chart(figures.ranked_bar_figure(
        figures.area_labels(shown), shown["income_mean"], title, source, value_title="人均纯收入（元，人口加权）",
        text=[f"{m:,.0f}元" + ("" if g != g else f"（{g:+.1f}%）") for m, g in
              zip(shown["income_mean"], shown["income_growth_pct"])],
        customdata=figures.drill_keys(shown), hover="%{y}：%{x:,.0f}元<extra></extra>",
        line=None if line != line else float(line), line_text=f"贫困线 {line:,.0f}元"), title, key="income-villages")
    st.caption(ui.top_note(len(villages), len(shown), "人均纯收入最低") + "括号内为比上年增长。点击村的柱子，打开该村详情。")

left, right = st.columns(2)
with left:
    bands = ui.cached(analysis.income_distribution, f.year, f.area)
    if bands.empty:
        ui.empty(f"{f.year}年{f.area_label}没有收入数据。")
    else:
        title = f"{f.year}年{f.area_label}建档立卡户人均纯收入分布"
        line = now["poverty_line"].iloc[0] if not now.empty else None
        ui.chart(figures.income_distribution_figure(
            bands, None if line is None or line != line else float(line), analysis.INCOME_BAND_YUAN,
            analysis.INCOME_BAND_CAP_YUAN, title, source), title)
with right:
    parts = figures.up_to(ui.cached(analysis.income_structure_by_year, f.area), f.year)
    if parts.empty:
        ui.empty(f"{f.area_label}的台账没有分项收入（工资性、生产经营性、财产性、转移性），无法分析收入结构。")
    else:
        title = f"{year_span(parts['year'].min(), parts['year'].max())}{f.area_label}建档立卡户收入结构"
        ui.chart(figures.stacked_share_figure(
            analysis.income_parts_long(parts), "year", "part", "share_pct", "amount", title, source, horizontal=False,
            parts_order=list(analysis.INCOME_PARTS.values()), unit="元", row_title="年度", axis_title="占四项收入合计（%）"),
            title)

structure = ui.cached(analysis.income_structure_by_village, f.year, f.area)
if f.village is None and not structure.empty:
    title = f"{f.year}年{f.area_label}各村收入结构（按转移性收入占比排序）"
    shown = analysis.chart_rows(structure, "transfer_pct")
    ui.drill_chart(figures.stacked_share_figure(
        analysis.income_parts_long(shown), "area", "part", "share_pct", "amount", title, source,
        parts_order=list(analysis.INCOME_PARTS.values()), unit="元", axis_title="占四项收入合计（%）"),
        title, key="income-structure")
    st.caption(ui.top_note(len(structure), len(shown), "转移性收入占比最高") +
               "转移性收入占比高，说明收入依赖政策性补助，脱贫稳定性需关注。")

st.subheader(plain(f"{f.year}年{f.area_label}各村收入明细"))
if villages.empty:
    ui.empty("没有村级收入数据。")
else:
    ui.table(analysis.table(villages), f"{f.year}年{f.area_label}各村人均纯收入")
ui.table(analysis.table(years), f"{f.area_label}历年人均纯收入", key="dl-income-years")
