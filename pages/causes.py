"""致贫原因: the main causes of poverty, by village and by 贫困户属性, and how the remaining poor's mix changes."""

import streamlit as st

from ledgerboard import analysis, catalogue, era_analysis, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("致贫原因", era_title="返贫致贫风险")
ui.pack_button(f)

# 2021 on (防止返贫动态监测): 返贫致贫风险类型 of the 监测对象, never 建档立卡 figures.
if catalogue.regime(f.year) == "monitoring":
    st.caption(plain(f"{f.year}年 · {f.area_label} · 防止返贫动态监测：监测对象按第一项致贫/返贫风险计数（每户只计一项，不重复计算）"))
    ui.coverage_notes(ui.cached(metrics, f.year, f.area), "monitoring")
    ui.one_village(f)
    ctx = ui.chart_context(f)
    if ui.show_chart("era_risk_share", ctx) is not None:
        left, right = st.columns(2)
        with left:
            ui.show_chart("era_risk_open", ctx, half=True)
        with right:
            ui.show_chart("era_risk_category", ctx, half=True)
        ui.show_chart("era_risk_villages", ctx)
        st.subheader(plain(f"{f.year}年{f.area_label}返贫致贫风险类型明细"))
        ui.table(era_analysis.table(ui.cached(era_analysis.risk_share, f.year, f.area)),
                 f"{f.year}年{f.area_label}返贫致贫风险类型")
    st.stop()

st.caption(plain(f"{f.year}年 · {f.area_label} · 按建档立卡户的主要致贫原因计数（每户只计主要原因，不重复计算）"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households")
ui.one_village(f)

ctx = ui.chart_context(f)
if ui.show_chart("causes_share", ctx) is None:
    st.stop()
ui.show_chart("causes_townships", ctx)
ui.show_chart("causes_villages", ctx)
left, right = st.columns(2)
with left:
    ui.show_chart("causes_attribute", ctx, half=True)
with right:
    ui.show_chart("causes_poor_by_year", ctx, half=True)

st.subheader(plain(f"{f.year}年{f.area_label}致贫原因明细"))
ui.table(analysis.table(ui.cached(analysis.causes_share, f.year, f.area)), f"{f.year}年{f.area_label}致贫原因")
