"""精准核查: the ledgers checked rule by rule — 疑点 per rule and place, each rule's records, the 疑点清单 as Excel."""

import streamlit as st

from ledgerboard import audit, figures, ui
from ledgerboard.sanitize import plain

f = ui.page("精准核查")
st.caption(plain(f"{f.year}年 · {f.area_label} · 按{len(audit.rules())}条核查规则逐户、逐村、逐项目查找台账疑点；"
                 "每次导入后按台账重新计算。姓名、证件号码已隐藏。"))

report = ui.cached(audit.run_audit, f.year, f.area)
change = ui.cached(audit.change_since_previous_import, f.year, f.area)
delta = audit.total_change(report, change)

cols = st.columns(4)
cols[0].metric("疑点", ui.fmt_int(report.total, "条"), delta=f"{delta:+,}条" if delta else None,
               delta_color="inverse", help="与最近一次导入之前相比")
cols[1].metric("高风险疑点", ui.fmt_int(sum(r.count for r in report.ran if r.rule.severity == "高"), "条"))
cols[2].metric("已核查规则", ui.fmt_int(len(report.ran), "条"))
cols[3].metric("缺少数据未核查的规则", ui.fmt_int(len(report.skipped), "条"))
st.caption(audit.change_text(report, change))
# Households' names and ID numbers (masked) are for the roles that work with them; 查看 sees counts and evidence.
personal = ui.can("personal_masked")
if personal:
    ui.download_button("下载疑点清单（Excel，每条规则一个工作表，含核实情况、整改措施、核实人空列）",
                       lambda: audit.suspects_xlsx(report), audit.xlsx_file_name(report), type="primary",
                       key="audit-xlsx", icon=":material/download:", need="personal_masked")

places, level, n_places = audit.chart_places(report)
if not places.empty:
    title = f"{f.year}年{f.area_label}各{level}疑点数（条）"
    ui.filter_chart(figures.ranked_bar_figure(
        figures.area_labels(places),
        places["suspects"], title, ui.source_line(), value_title="疑点（条）",
        text=[f"{n:,}条" for n in places["suspects"]], customdata=figures.drill_keys(places),
        hover="%{y}：%{x:,}条疑点<extra></extra>", color=figures.LINE_COLOR), title, key="audit-places")
    st.caption(ui.top_note(n_places, len(places), "疑点最多", unit=f"个{level}") +
               f"点击某{level}的条形，本页只看该{level}的疑点，再下载该{level}的疑点清单。")

st.subheader("核查规则")
summary = audit.summary_table(report, change)


def _pick_rule() -> None:
    rows = st.session_state["audit-rules"].selection.rows
    if rows and summary.loc[rows[0], "疑点数"] != "—":
        st.session_state["audit-rule"] = summary.loc[rows[0], "规则"]


st.dataframe(summary.drop(columns=["规则"]), hide_index=True, width="stretch", placeholder="—", on_select=_pick_rule,
             selection_mode="single-row", key="audit-rules")
st.caption("点击一行，在下方查看该规则的疑点记录。")

ran = report.ran
if ran:
    ids = [r.rule.id for r in ran]
    if st.session_state.get("audit-rule") not in ids:
        st.session_state["audit-rule"] = max(ran, key=lambda r: r.count).rule.id
    chosen = report.result(st.selectbox("查看疑点记录", ids, key="audit-rule",
                                        format_func=lambda i: f"{report.result(i).rule.name}（{report.result(i).count}条）"))
    st.markdown(f"**{chosen.rule.name}** · {chosen.rule.category}类 · 严重程度{chosen.rule.severity}  \n"
                f"{chosen.rule.description}  \n整改建议：{chosen.rule.fix}")
    if chosen.count:
        ui.table(audit.records_frame(chosen, personal=personal), f"{f.year}年{f.area_label}{chosen.rule.name}",
                 key="audit-records")
    else:
        st.success(plain(f"{f.year}年{f.area_label}没有发现此类疑点。"), icon=":material/check_circle:")
