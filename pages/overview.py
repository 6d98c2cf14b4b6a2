"""总览: the headline figures of the chosen year and area, and their trend (the monitoring era's from 2021)."""

import streamlit as st

from ledgerboard import catalogue, ui
from ledgerboard.indicators import metrics
from ledgerboard.summary import summary_text
from ledgerboard.sanitize import plain

f = ui.page("总览")
ui.pack_button(f)

m = ui.cached(metrics, f.year, f.area)
era = catalogue.is_monitoring(m)
st.caption(plain(f"{f.year}年 · {f.area_label}" + (" · 防止返贫动态监测" if era else "")))
ui.cards(m, f)
if era:
    ui.coverage_notes(m, *catalogue.ERA_COVERAGE)
else:
    ui.coverage_notes(m, "households", "incidence", "income_growth", "projects", "measures")

ui.show_chart("era_trend" if era else "trend", ui.chart_context(f))

st.subheader("情况摘要")
st.caption("根据上方数据自动生成，可点击“复制”粘贴到工作汇报中。")
ui.copy_text(ui.cached(summary_text, f.year, f.area, m=m), key="summary")
