"""收入增长: per-capita income of registered households against the poverty line, its growth, spread and sources."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("收入增长")
ui.pack_button(f)

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
    c[0].metric("人均纯收入（人口加权均值）", ui.fmt_num(r["income_mean"], "元", 0), ui.growth_note(r["income_growth_pct"]))
    c[1].metric("人均纯收入中位数", ui.fmt_num(r["income_median"], "元", 0))
    c[2].metric("当年贫困线", ui.fmt_num(r["poverty_line"], "元", 0))
    c[3].metric("低于贫困线", ui.fmt_int(r["below_line_households"], "户"), ui.fmt_int(r["below_line_population"], "人"),
                delta_color="off", delta_arrow="off")

ctx = ui.chart_context(f)
ui.show_chart("income_by_year", ctx)
ui.show_chart("income_villages", ctx)
left, right = st.columns(2)
with left:
    ui.show_chart("income_distribution", ctx)
with right:
    ui.show_chart("income_structure_by_year", ctx)
ui.show_chart("income_structure_villages", ctx)

villages = ui.cached(analysis.income_by_village, f.year, f.area)
villages = villages[villages["income_mean"].notna()]
st.subheader(plain(f"{f.year}年{f.area_label}" + ("各村收入明细" if f.village is None else "收入明细")))
if villages.empty:
    ui.empty("没有村级收入数据。")
else:
    ui.table(analysis.table(villages), f"{f.year}年{f.area_label}各村人均纯收入")
ui.table(analysis.table(years), f"{f.area_label}历年人均纯收入", key="dl-income-years")
