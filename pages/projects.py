"""项目覆盖: projects and funds by category, village and progress; coverage gaps; support measures per household."""

import streamlit as st

from ledgerboard import analysis, catalogue, era_analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("项目覆盖")
ui.pack_button(f)

# 2021 on (防止返贫动态监测): the year's projects (衔接资金项目) and the 帮扶措施 of the 监测对象 (the export's 帮扶 columns).
if catalogue.regime(f.year) == "monitoring":
    st.caption(plain(f"{f.year}年 · {f.area_label} · 衔接资金项目按建设地点计入各村；帮扶措施取自防返贫监测对象信息的帮扶列"))
    m = ui.cached(metrics, f.year, f.area)
    ui.cards(m, f, catalogue.PROJECT_ERA_CARDS)
    ui.coverage_notes(era_analysis.era_notes(m), "projects", "monitoring")
    ui.one_village(f)
    ctx = ui.chart_context(f)
    if ui.show_chart("era_project_categories", ctx) is not None:
        left, right = st.columns(2)
        with left:
            ui.show_chart("era_project_status", ctx, half=True)
        with right:
            categories = ui.cached(analysis.projects_by_category, f.year, f.area)
            st.markdown(f"**{plain(f.year)}年{plain(f.area_label)}项目类型汇总**")
            ui.table(analysis.table(categories, {"category": "项目类型", "fiscal_wan": "其中财政衔接资金（万元）",
                                                 "beneficiary_households": "受益脱贫户（户）"}),
                     f"{f.year}年{f.area_label}衔接资金项目类型汇总", key="dl-era-project-categories")
    st.subheader("监测对象帮扶措施")
    coverage = ui.cached(era_analysis.measure_coverage, f.year, f.area)
    if (ms := era_analysis.measure_summary(coverage)) is not None:
        ui.cards(m, f, catalogue.ERA_MEASURE_CARDS, columns=3, measures=ms)
    left, right = st.columns(2)
    with left:
        ui.show_chart("era_measure_types", ctx, half=True)
    with right:
        ui.show_chart("era_measure_villages", ctx, half=True)
    if f.village is None and not coverage.empty:
        st.subheader(plain(f"{f.year}年{f.area_label}各村监测对象帮扶措施明细"))
        ui.table(era_analysis.table(coverage), f"{f.year}年{f.area_label}各村监测对象帮扶措施")
    st.stop()

st.caption(plain(f"{f.year}年 · {f.area_label} · 项目按建设地点计入各村（全乡/全镇计入该乡镇每个村），分村资金按覆盖村数平均分摊"))

m = ui.cached(metrics, f.year, f.area)
ui.cards(m, f, catalogue.PROJECT_CARDS)
ui.coverage_notes(m, "projects", "measures")
ui.one_village(f)

ctx = ui.chart_context(f)
if ui.show_chart("project_categories", ctx) is not None:
    left, right = st.columns(2)
    with left:
        ui.show_chart("project_status", ctx, half=True)
    with right:
        categories = ui.cached(analysis.projects_by_category, f.year, f.area)
        st.markdown(f"**{plain(f.year)}年{plain(f.area_label)}项目类别汇总**")
        ui.table(analysis.table(categories), f"{f.year}年{f.area_label}项目类别汇总", key="dl-project-categories")
ui.show_chart("project_townships", ctx)
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
    ui.cards(m, f, catalogue.MEASURE_CARDS, columns=3, measures=ms, min_measures=int(n))
left, right = st.columns(2)
with left:
    ui.show_chart("measure_counts", ctx, half=True)
with right:
    ui.show_chart("measure_villages", ctx, half=True)

villages = ui.cached(analysis.projects_by_village, f.year, f.area)
st.subheader(plain(f"{f.year}年{f.area_label}" + ("各村项目与帮扶明细" if f.village is None else "项目与帮扶明细")))
if villages.empty:
    ui.empty("没有村级数据。")
else:
    ui.table(analysis.table(analysis.village_project_table(villages, measures)), f"{f.year}年{f.area_label}各村项目覆盖")
    if note := analysis.not_imported_note(villages, f.year):
        st.caption(plain(note))
