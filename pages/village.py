"""村级详情: one village's figures, households (personal data masked), causes, income and projects."""

import streamlit as st

from ledgerboard import analysis, catalogue, ui, watch
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain

f = ui.page("村级详情")
if f.village is None:
    st.info("请在左侧先选择乡镇、再选择村；也可以在“贫困发生率”“致贫原因”等页面点击某村的柱子打开本页。", icon=":material/arrow_back:")
    st.stop()
ui.pack_button(f)

label = f.area_label
if catalogue.regime(f.year) == "monitoring":
    # 2021 on: the village's monitoring figures and the households of its monitoring export.
    m = ui.cached(metrics, f.year, f.area)
    st.caption(plain(f"{f.year}年 · {label} · 防止返贫动态监测"))
    ui.cards(m, f, catalogue.WATCH_VILLAGE_CARDS)
    ui.coverage_notes(m, "monitoring", "newly_monitored", "exited_poor_income_growth", "below_monitoring_line")
    households = ui.cached(watch.village_households, f.year, f.area)
    if households.empty:
        ui.empty(f"未导入{f.year}年{label}的防返贫监测对象信息。请选择其他年度，或到“数据上传”页导入。")
        st.stop()
    ctx = ui.chart_context(f)
    left, right = st.columns(2)
    with left:
        ui.show_chart("watch_types", ctx, half=True)
    with right:
        ui.show_chart("watch_risks", ctx, half=True)
    st.subheader(plain(f"{f.year}年{label}监测对象信息中的户（{len(households):,}户）"))
    if ui.can("personal_masked"):
        st.caption("户主姓名和证件号码已脱敏显示；监测对象排在前面。")
        ui.table(watch.table(households), f"{f.year}年{label}防返贫监测户", key="dl-village-monitoring")
    else:
        st.caption("查看账号不显示户名单；需要时请联系填报或管理人员。")
    st.stop()

profile = ui.cached(analysis.village_profile, f.year, f.area)
m = ui.cached(metrics, f.year, f.area)
facts = [f"{f.year}年", label]
if profile:
    facts.append("贫困村" if profile.get("is_poor_village") else "非贫困村")
    exit_year = profile.get("exit_year")
    if exit_year is not None:
        facts.append(f"{int(exit_year)}年出列")
st.caption(plain(" · ".join(facts)))

ui.cards(m, f, catalogue.VILLAGE_CARDS)
ui.coverage_notes(m, "households", "incidence", "income_growth")

households = ui.cached(analysis.village_households, f.year, f.area)
if households.empty:
    ui.empty(f"{f.year}年{label}没有建档立卡户台账数据。请选择其他年度。")
    st.stop()

ctx = ui.chart_context(f)
left, right = st.columns(2)
with left:
    ui.show_chart("causes_share", ctx, half=True)
with right:
    ui.show_chart("income_by_year", ctx, half=True)

st.subheader(plain(f"{f.year}年{label}建档立卡户（{len(households):,}户）"))
if ui.can("personal_masked"):
    st.caption("户主姓名和身份证号已脱敏显示。")
    ui.table(analysis.table(households, {"status": "脱贫状态", "measures": "帮扶措施（项）"}), f"{f.year}年{label}建档立卡户")
else:
    st.caption("查看账号不显示户名单；需要时请联系填报或管理人员。")

st.subheader(plain(f"{f.year}年覆盖{label}的扶贫项目"))
projects = ui.cached(analysis.village_projects, f.year, f.area)
if projects.empty:
    ui.empty(f"未导入{f.year}年{label}所在乡镇的扶贫项目台账。" if m["projects_count"] is None
             else f"{f.year}年没有覆盖{label}的扶贫项目。")
else:
    ui.table(analysis.table(projects, {"status": "项目进度"}), f"{f.year}年{label}扶贫项目", key="dl-village-projects")
