"""贫困发生率: incidence by village and township for the chosen year, its trend, and the counts behind it."""

import streamlit as st

from ledgerboard import analysis, catalogue, era_analysis, place_tables, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("贫困发生率", era_title="监测对象占比")
ui.pack_button(f)

ctx = ui.chart_context(f)
# 2021 on: the indicator ended with 脱贫攻坚 in 2020; 监测对象占农业户籍人口比例 takes its place.
if catalogue.regime(f.year) == "monitoring":
    st.caption(plain(f"{f.year}年 · {f.area_label} · 监测对象占农业户籍人口比例 = 监测对象人数 ÷ 农业户籍人口 × 100%，"
                     "按同时有监测对象信息和农业户籍人口的村计算"))
    st.info(plain(f"贫困发生率是脱贫攻坚阶段的指标，2020年脱贫攻坚目标任务完成后不再统计。{f.year}年属防止返贫动态监测阶段，"
                  "下面显示监测对象占农业户籍人口比例。"),
            icon=":material/info:")
    m = ui.cached(metrics, f.year, f.area)
    ui.cards(m, f, catalogue.INCIDENCE_ERA_CARDS, columns=3)
    ui.coverage_notes(m, "monitoring", "monitored_share")
    ui.one_village(f)
    ui.show_chart("era_share_townships", ctx)
    ui.show_chart("era_share_villages", ctx)
    villages = ui.cached(era_analysis.share_by_village, f.year, f.area)
    if f.village is None and not villages.empty:
        st.subheader(plain(f"{f.year}年{f.area_label}各村监测对象占比明细"))
        ui.table(era_analysis.table(villages), f"{f.year}年{f.area_label}各村监测对象占农业户籍人口比例")
    st.stop()

st.caption(plain(f"{f.year}年 · {f.area_label} · 贫困发生率 = 未脱贫人口（含返贫）÷ 农业户籍人口 × 100%，按同时有户台账和农业户籍人口的村计算；村出列标准：低于{ctx.threshold:g}%"))
ui.coverage_notes(ui.cached(metrics, f.year, f.area), "households", "incidence")
ui.one_village(f)

ui.show_chart("incidence_counties", ctx)
ui.show_chart("incidence_townships", ctx)
ui.show_chart("incidence_villages", ctx)

# A year (or place) known only from a summary table by place: its villages as that table reports them.
if ui.show_chart("summary_villages", ctx) is not None:
    reported = ui.cached(place_tables.villages, f.year, f.area)
    ui.table(place_tables.villages_table(reported), f"{f.year}年{f.area_label}各村贫困户和贫困人口（汇总表）",
             key="incidence-place-table")

left, right = st.columns(2)
with left:
    ui.show_chart("incidence_heatmap", ctx, half=True)
with right:
    ui.show_chart("incidence_lines", ctx, half=True)
ui.show_chart("counts_by_year", ctx)

villages = ui.cached(analysis.incidence_by_village, f.year, f.area)
st.subheader(plain(f"{f.year}年{f.area_label}" + ("各村明细" if f.village is None else "明细")))
if villages.empty:
    ui.empty("没有村级数据。")
else:
    ui.table(analysis.table(villages), f"{f.year}年{f.area_label}各村贫困发生率")
