"""致贫原因: the main causes of poverty, by village and by 贫困户属性, and how the remaining poor's mix changes."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain
from ledgerboard.numbers import year_span

f = ui.page("致贫原因")
ui.pack_button(f)

source = ui.source_line()
st.caption(plain(f"{f.year}年 · {f.area_label} · 按建档立卡户的主要致贫原因计数（每户只计主要原因，不重复计算）"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households")
ui.one_village(f)

causes = ui.cached(analysis.causes_share, f.year, f.area)
if causes.empty:
    ui.empty(f"{f.year}年{f.area_label}没有建档立卡户数据，无法统计致贫原因。请选择其他年度或地区。")
    st.stop()

total = int(causes["households"].sum())
title = f"{f.year}年{f.area_label}建档立卡户主要致贫原因（共{total:,}户）"
ui.chart(figures.causes_figure(causes, title, source), title)

by_village = ui.cached(analysis.causes_by_village, f.year, f.area)
if f.village is None and not by_village.empty:
    title = f"{f.year}年{f.area_label}各村致贫原因构成"
    ui.drill_chart(figures.stacked_share_figure(
        by_village, "area", "cause", "share_pct", "households", title, source,
        parts_order=list(causes["cause"]), axis_title="占本村建档立卡户比例（%）"), title, key="causes-villages")
    st.caption(ui.top_note(int(by_village["villages_in_area"].iloc[0]), int(by_village["villages_shown"].iloc[0]),
                           "建档立卡户最多") +
               "点击某村的色条，打开该村详情。")

left, right = st.columns(2)
with left:
    attrs = ui.cached(analysis.causes_by_attribute, f.year, f.area)
    title = f"{f.year}年{f.area_label}各类贫困户的致贫原因"
    ui.chart(figures.stacked_share_figure(
        attrs, "attribute", "cause", "share_pct", "households", title, source,
        parts_order=list(causes["cause"]), axis_title="占该类贫困户比例（%）"), title)
with right:
    mix = figures.up_to(ui.cached(analysis.causes_poor_by_year, f.area), f.year)
    if mix.empty:
        ui.empty(f"{f.area_label}没有未脱贫户（含返贫）。")
    else:
        title = f"{year_span(mix['year'].min(), mix['year'].max())}{f.area_label}未脱贫户（含返贫）致贫原因构成变化"
        ui.chart(figures.stacked_share_figure(
            mix, "year", "cause", "share_pct", "poor_households", title, source, horizontal=False,
            parts_order=list(causes["cause"]),
            row_title="年度", axis_title="占当年未脱贫户（含返贫）比例（%）"), title)

st.subheader(plain(f"{f.year}年{f.area_label}致贫原因明细"))
ui.table(analysis.table(causes), f"{f.year}年{f.area_label}致贫原因")
