"""精准核查: the ledgers checked rule by rule — 疑点 per rule and place, each rule's records, the 疑点清单 as Excel."""

import streamlit as st

from ledgerboard import audit, catalogue, figures, ui
from ledgerboard.sanitize import plain

f = ui.page("精准核查")
st.caption(plain(f"{f.year}年 · {f.area_label} · {audit.scope_note(f.year)}"))

report = ui.cached(audit.run_audit, f.year, f.area)
change = ui.cached(audit.change_since_previous_import, f.year, f.area)
delta = audit.total_change(report, change)

ui.cards({}, f, catalogue.AUDIT_CARDS, audit=report, audit_change=delta)
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
    current = st.session_state.get("audit-rule")
    # Assigned on every run, also unchanged: the browser keeps the option's label ("…（12条）") as the widget's value,
    # and only a value set here is sent again with this area's count after a drill.
    st.session_state["audit-rule"] = current if current in ids else max(ran, key=lambda r: r.count).rule.id
    chosen = report.result(st.selectbox("查看疑点记录", ids, key="audit-rule",
                                        format_func=lambda i: f"{report.result(i).rule.name}（{report.result(i).count}条）"))
    st.markdown(f"**{chosen.rule.name}** · {chosen.rule.category}类 · 严重程度{chosen.rule.severity} · "
                f"适用年度：{chosen.rule.years_label}  \n"
                f"{chosen.rule.description}  \n整改建议：{chosen.rule.fix}")
    if chosen.count:
        ui.table(audit.records_frame(chosen, personal=personal), f"{f.year}年{f.area_label}{chosen.rule.name}",
                 key="audit-records")
    else:
        st.success(plain(f"{f.year}年{f.area_label}没有发现此类疑点。"), icon=":material/check_circle:")
