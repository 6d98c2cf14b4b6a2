"""收入增长: per-capita income of registered households against the poverty line, its growth, spread and sources."""

import streamlit as st

from ledgerboard import analysis, catalogue, era_analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("收入增长")
ui.pack_button(f)

# 2021 on (防止返贫动态监测): the income of 脱贫人口 and 监测对象, growth over the same households.
if catalogue.regime(f.year) == "monitoring":
    st.caption(plain(f"{f.year}年 · {f.area_label} · 脱贫人口人均纯收入，按家庭人口加权；增速只比较上年也有收入数据的同一批脱贫户"))
    m = ui.cached(metrics, f.year, f.area)
    ui.coverage_notes(m, "monitoring", "exited_poor_income_growth", "below_monitoring_line")
    ui.one_village(f)
    ui.cards(m, f, catalogue.INCOME_ERA_CARDS)
    ctx = ui.chart_context(f)
    if ui.show_chart("era_income_by_year", ctx) is not None:
        ui.show_chart("era_income_villages", ctx)
        left, right = st.columns(2)
        with left:
            ui.show_chart("era_income_distribution", ctx, half=True)
        with right:
            ui.show_chart("era_income_structure", ctx, half=True)
        villages = ui.cached(era_analysis.income_by_village, f.year, f.area)
        if f.village is None and not villages.empty:
            st.subheader(plain(f"{f.year}年{f.area_label}各村脱贫人口收入明细"))
            ui.table(era_analysis.table(villages), f"{f.year}年{f.area_label}各村脱贫人口人均纯收入")
    st.stop()

st.caption(plain(f"{f.year}年 · {f.area_label} · 建档立卡户人均纯收入，均值与中位数按家庭人口加权；贫困线为当年标准"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households", "income_growth")
ui.one_village(f)

years = figures.up_to(ui.cached(analysis.income_by_year, f.area), f.year)     # the selected year ends the trend
years = years[years["income_mean"].notna()]
if years.empty:
    ui.empty(f"{f.area_label}的建档立卡户台账中没有人均纯收入数据。")
    st.stop()

now = years[years["year"] == f.year]
if now.empty:
    ui.empty(f"{f.year}年{f.area_label}没有收入数据，下列图表显示其他年度。")
else:
    ui.cards(ui.cached(metrics, f.year, f.area), f, catalogue.INCOME_CARDS, income=now.iloc[0].to_dict())

ctx = ui.chart_context(f)
ui.show_chart("income_by_year", ctx)
ui.show_chart("income_townships", ctx)
ui.show_chart("income_villages", ctx)
left, right = st.columns(2)
with left:
    ui.show_chart("income_distribution", ctx, half=True)
with right:
    ui.show_chart("income_structure_by_year", ctx, half=True)
ui.show_chart("income_structure_villages", ctx)

villages = ui.cached(analysis.income_by_village, f.year, f.area)
villages = villages[villages["income_mean"].notna()]
st.subheader(plain(f"{f.year}年{f.area_label}" + ("各村收入明细" if f.village is None else "收入明细")))
if villages.empty:
    ui.empty("没有村级收入数据。")
else:
    ui.table(analysis.table(villages), f"{f.year}年{f.area_label}各村人均纯收入")
ui.table(analysis.table(years), f"{f.area_label}历年人均纯收入", key="dl-income-years")
