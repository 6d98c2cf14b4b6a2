"""项目覆盖: projects and funds by category, village and progress; coverage gaps; support measures per household."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("项目覆盖")
ui.pack_button(f)

source = ui.source_line("扶贫项目台账")
st.caption(plain(f"{f.year}年 · {f.area_label} · 项目按建设地点计入各村（全乡/全镇计入该乡镇每个村），分村资金按覆盖村数平均分摊"))

m = ui.cached(metrics, f.year, f.area)
c = st.columns(4)
c[0].metric("扶贫项目", ui.fmt_int(m["projects_count"], "个"))
c[1].metric(ui.investment_label(f), ui.fmt_num(m["project_investment_wan"], "万元"))
c[2].metric("其中财政扶贫资金", ui.fmt_num(m["project_fiscal_wan"], "万元"))
c[3].metric("项目覆盖村", ui.fmt_int(m["villages_with_project"], "个"))
ui.coverage_notes(m, "projects", "measures")
ui.one_village(f)

categories = ui.cached(analysis.projects_by_category, f.year, f.area)
if categories.empty:
    ui.empty(analysis.no_projects_text(f.year, f.area_label, f.village, m["projects_count"]))
else:
    title = f"{f.year}年{f.area_label}扶贫项目资金（按项目类别）"
    ui.chart(figures.category_funds_figure(categories, title, source), title)
    left, right = st.columns(2)
    with left:
        status = ui.cached(analysis.projects_status, f.year, f.area)
        title = f"{f.year}年{f.area_label}扶贫项目进度"
        ui.chart(figures.status_figure(status, title, source), title)
    with right:
        st.markdown(f"**{plain(f.year)}年{plain(f.area_label)}项目类别汇总**")
        ui.table(analysis.table(categories), f"{f.year}年{f.area_label}项目类别汇总", key="dl-project-categories")

villages = ui.cached(analysis.projects_by_village, f.year, f.area)
if f.village is None and not villages.empty and not categories.empty:
    funded, ranked_count, unfunded = analysis.funds_chart_rows(villages)
    title = f"{f.year}年{f.area_label}各村户均项目资金"
    ui.drill_chart(figures.ranked_bar_figure(
        figures.area_labels(funded), funded["investment_per_household_yuan"].fillna(0), title, source,
        value_title="户均项目资金（元/建档立卡户）", customdata=figures.drill_keys(funded),
        text=[f"{v:,.0f}元 · {w:,.1f}万元" for v, w in zip(funded["investment_per_household_yuan"].fillna(0),
                                                          funded["allocated_investment_wan"])],
        hover="%{y}：户均%{x:,.0f}元<extra></extra>",
        colors=[figures.LINE_COLOR if g else figures.NOT_EXITED_COLOR for g in funded["gap"]]), title, key="projects-villages")
    st.caption(ui.top_note(ranked_count, len(funded), "户均项目资金最少") +
               (f"其中{unfunded:,}个村没有分摊到项目资金，图中先列未脱贫户多的村。" if unfunded > len(funded) else "") +
               "标签为户均分摊到村资金 · 分摊到村资金（项目总投资按覆盖村数平均分摊）；红色为有未脱贫户但没有项目的村，没有资金的村以圆点标出。点击村的柱子或圆点，打开该村详情。")

coverage = ui.cached(analysis.projects_coverage, f.year, f.area)
if f.village is None and not coverage.empty and coverage["category"].notna().any():
    gaps = analysis.gap_villages(villages)
    title = f"{f.year}年{f.area_label}各村项目覆盖（村 × 项目类别）"
    ui.chart(figures.coverage_matrix_figure(coverage, list(categories["category"]), title, source), title)
    if gaps.empty:
        st.caption("有未脱贫户的村都有项目覆盖。")
    else:
        names = figures.area_labels(gaps.head(analysis.CHART_TOP))
        st.warning(plain(f"{len(gaps):,}个村有未脱贫户但没有扶贫项目：" + "、".join(names)
                         + ("等" if len(gaps) > len(names) else "")))
    if note := ui.top_note(len(villages), analysis.CHART_TOP, "最需关注（有未脱贫户而无项目、未脱贫户多）"):
        st.caption(plain(note))

st.subheader("帮扶措施")
n = st.number_input("每户帮扶措施不少于（项）", min_value=1, max_value=20, value=analysis.DEFAULT_MIN_MEASURES, step=1,
                    key="min_measures")
measures = ui.cached(analysis.projects_measures, f.year, f.area, int(n))
ms = analysis.measures_summary(measures)
if ms is None:
    ui.empty(f"{f.year}年{f.area_label}没有帮扶措施台账数据（未导入），帮扶措施指标不予计算。")
else:
    c = st.columns(3)
    c[0].metric("户均帮扶措施", ui.fmt_num(ms["measures_per_household"], "项"))
    c[1].metric(f"措施少于{n}项的户", ui.fmt_int(ms["below_min_households"], "户"),
                f"占{ui.fmt_num(ms['below_min_pct'], '%', 1)}", delta_color="off", delta_arrow="off")
    c[2].metric("帮扶措施覆盖率", ui.fmt_num(m["household_measure_coverage_pct"], "%"))
    left, right = st.columns(2)
    with left:
        counts = ui.cached(analysis.projects_measure_counts, f.year, f.area)
        title = f"{f.year}年{f.area_label}建档立卡户帮扶措施项数分布"
        ui.chart(figures.bar_figure(
            [f"{k}项" for k in counts["measures"]], counts["households"], title, source, value_title="户数（户）",
            category_title="每户帮扶措施（项）", text=[f"{v:,}" for v in counts["households"]],
            colors=[figures.LINE_COLOR if k < n else figures.NOT_EXITED_COLOR for k in counts["measures"]],
            hover="%{x}：%{y:,}户<extra></extra>"), title)
        st.caption(f"红色为少于{n}项的户。")
    with right:
        if f.village is None:
            ranked = analysis.chart_rows(measures.sort_values("measures_per_household", ascending=False),
                                         "measures_per_household", lowest=True)
            title = f"{f.year}年{f.area_label}各村户均帮扶措施"
            ui.drill_chart(figures.ranked_bar_figure(
                figures.area_labels(ranked), ranked["measures_per_household"], title, source,
                value_title="户均帮扶措施（项）", customdata=figures.drill_keys(ranked),
                text=[f"{v:.1f}项" for v in ranked["measures_per_household"]],
                hover="%{y}：户均%{x:.2f}项<extra></extra>", line=float(n), line_text=f"{n}项"), title, key="projects-measures")
            if note := ui.top_note(len(measures), len(ranked), "户均帮扶措施最少"):
                st.caption(plain(note))

st.subheader(plain(f"{f.year}年{f.area_label}各村项目与帮扶明细"))
if villages.empty:
    ui.empty("没有村级数据。")
else:
    ui.table(analysis.table(analysis.village_project_table(villages, measures)), f"{f.year}年{f.area_label}各村项目覆盖")
    if note := analysis.not_imported_note(villages, f.year):
        st.caption(plain(note))
