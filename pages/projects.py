"""项目覆盖: projects and funds by category, village and progress; coverage gaps; support measures per household."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("项目覆盖")
ui.pack_button(f)

st.caption(plain(f"{f.year}年 · {f.area_label} · 项目按建设地点计入各村（全乡/全镇计入该乡镇每个村），分村资金按覆盖村数平均分摊"))

m = ui.cached(metrics, f.year, f.area)
c = st.columns(4)
c[0].metric("扶贫项目", ui.fmt_int(m["projects_count"], "个"))
c[1].metric(ui.investment_label(f), ui.fmt_num(m["project_investment_wan"], "万元"))
c[2].metric("其中财政扶贫资金", ui.fmt_num(m["project_fiscal_wan"], "万元"))
c[3].metric("项目覆盖村", ui.fmt_int(m["villages_with_project"], "个"))
ui.coverage_notes(m, "projects", "measures")
ui.one_village(f)

ctx = ui.chart_context(f)
if ui.show_chart("project_categories", ctx) is not None:
    left, right = st.columns(2)
    with left:
        ui.show_chart("project_status", ctx)
    with right:
        categories = ui.cached(analysis.projects_by_category, f.year, f.area)
        st.markdown(f"**{plain(f.year)}年{plain(f.area_label)}项目类别汇总**")
        ui.table(analysis.table(categories), f"{f.year}年{f.area_label}项目类别汇总", key="dl-project-categories")
ui.show_chart("project_villages", ctx)
if ui.show_chart("project_coverage", ctx) is not None:
    gaps = analysis.gap_villages(ui.cached(analysis.projects_by_village, f.year, f.area))
    if gaps.empty:
        st.caption("有未脱贫户的村都有项目覆盖。")
    else:
        names = figures.area_labels(gaps.head(analysis.CHART_TOP))
        st.warning(plain(f"{len(gaps):,}个村有未脱贫户但没有扶贫项目：" + "、".join(names)
                         + ("等" if len(gaps) > len(names) else "")))

st.subheader("帮扶措施")
n = st.number_input("每户帮扶措施不少于（项）", min_value=1, max_value=20, value=analysis.DEFAULT_MIN_MEASURES, step=1,
                    key="min_measures")
ctx = ui.chart_context(f, min_measures=int(n))
measures = ui.cached(analysis.projects_measures, f.year, f.area, int(n))
ms = analysis.measures_summary(measures)
if ms is not None:
    c = st.columns(3)
    c[0].metric("户均帮扶措施", ui.fmt_num(ms["measures_per_household"], "项"))
    c[1].metric(f"措施少于{n}项的户", ui.fmt_int(ms["below_min_households"], "户"),
                f"占{ui.fmt_num(ms['below_min_pct'], '%', 1)}", delta_color="off", delta_arrow="off")
    c[2].metric("帮扶措施覆盖率", ui.fmt_num(m["household_measure_coverage_pct"], "%"))
left, right = st.columns(2)
with left:
    ui.show_chart("measure_counts", ctx)
with right:
    ui.show_chart("measure_villages", ctx)

villages = ui.cached(analysis.projects_by_village, f.year, f.area)
st.subheader(plain(f"{f.year}年{f.area_label}" + ("各村项目与帮扶明细" if f.village is None else "项目与帮扶明细")))
if villages.empty:
    ui.empty("没有村级数据。")
else:
    ui.table(analysis.table(analysis.village_project_table(villages, measures)), f"{f.year}年{f.area_label}各村项目覆盖")
    if note := analysis.not_imported_note(villages, f.year):
        st.caption(plain(note))
