"""致贫原因: the main causes of poverty, by village and by 贫困户属性, and how the remaining poor's mix changes."""

import streamlit as st

from ledgerboard import analysis, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("致贫原因")
ui.pack_button(f)

st.caption(plain(f"{f.year}年 · {f.area_label} · 按建档立卡户的主要致贫原因计数（每户只计主要原因，不重复计算）"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households")
ui.one_village(f)

ctx = ui.chart_context(f)
if ui.show_chart("causes_share", ctx) is None:
    st.stop()
ui.show_chart("causes_villages", ctx)
left, right = st.columns(2)
with left:
    ui.show_chart("causes_attribute", ctx)
with right:
    ui.show_chart("causes_poor_by_year", ctx)

st.subheader(plain(f"{f.year}年{f.area_label}致贫原因明细"))
ui.table(analysis.table(ui.cached(analysis.causes_share, f.year, f.area)), f"{f.year}年{f.area_label}致贫原因")
