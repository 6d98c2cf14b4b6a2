"""防返贫监测 (2021 on): 监测对象 by category and place, risk types, new cases and eliminations by month, 帮扶消除 vs
自然消除, incomes against the monitoring line, and the households below the line that are not monitored."""

import streamlit as st

from ledgerboard import catalogue, ui, watch
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("防返贫监测")
if catalogue.regime(f.year) != "monitoring":
    years = ui.cached(watch.years)
    st.info(plain(f"本页显示2021年起防止返贫动态监测的数据（脱贫户、监测对象、风险消除），当前选择的是{f.year}年。"
                  + ("请在左侧“年度”中选择2021年或以后的年度，或点击下面的按钮。" if years
                     else "还没有导入2021年起的防返贫监测对象信息，请到“数据上传”页导入。")), icon=":material/event:")
    if years:
        ui.page_button(f"查看{years[0]}年防返贫监测", "pages/monitoring.py", key="monitoring-year", year=years[0],
                       county=f.county, township=f.township, village=f.village)
    st.stop()
ui.pack_button(f)

m = ui.cached(metrics, f.year, f.area)
st.caption(plain(f"{f.year}年 · {f.area_label} · 防止返贫动态监测：监测对象为脱贫不稳定户、边缘易致贫户和突发严重困难户"))
ui.cards(m, f, catalogue.WATCH_CARDS)
ui.coverage_notes(m, "monitoring", "newly_monitored", "exited_poor_income_growth", "below_monitoring_line")
ui.one_village(f)

ctx = ui.chart_context(f)
if ui.show_chart("watch_types", ctx) is None:
    st.stop()
ui.show_chart("watch_counties", ctx)
ui.show_chart("watch_townships", ctx)
ui.show_chart("watch_villages", ctx)
left, right = st.columns(2)
with left:
    ui.show_chart("watch_risks", ctx, half=True)
with right:
    ui.show_chart("watch_elimination", ctx, half=True)
left, right = st.columns(2)
with left:
    ui.show_chart("watch_months", ctx, half=True)
with right:
    ui.show_chart("watch_months_to_eliminate", ctx, half=True)
ui.show_chart("watch_income_distribution", ctx)
ui.show_chart("watch_income_villages", ctx)

st.subheader(plain(f"{f.year}年{f.area_label}人均纯收入低于监测范围、未纳入监测的户"))
below = m.get("below_monitoring_line")
if below is None:
    ui.empty("未设置监测范围，不能列出低于监测范围的户（见上方数据覆盖说明）。")
elif not ui.can("personal_masked"):
    st.caption(f"共{below['not_monitored']:,}户。查看账号不显示户名单；需要时请联系填报或管理人员。")
else:
    households = ui.cached(watch.below_line_unmonitored, f.year, f.area)
    if households.empty:
        ui.empty("没有人均纯收入低于监测范围而未纳入监测的户。")
    else:
        st.caption(f"共{len(households):,}户，请逐户核实是否应纳入监测。户主姓名和证件号码已脱敏显示。")
        ui.table(watch.table(households), f"{f.year}年{f.area_label}低于监测范围未纳入监测的户", key="dl-below-line")
