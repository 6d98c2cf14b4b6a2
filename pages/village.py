"""村级详情: one village's figures, households (personal data masked), causes, income and projects."""

import streamlit as st

from ledgerboard import analysis, figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain
from ledgerboard.numbers import year_span

f = ui.page("村级详情")
if f.village is None:
    st.info("请在左侧先选择乡镇、再选择村；也可以在“贫困发生率”“致贫原因”等页面点击某村的柱子打开本页。", icon=":material/arrow_back:")
    st.stop()
ui.pack_button(f)

source = ui.source_line()
label = f.area_label
profile = ui.cached(analysis.village_profile, f.year, f.area)
m = ui.cached(metrics, f.year, f.area)
facts = [f"{f.year}年", label]
if profile:
    facts.append("贫困村" if profile.get("is_poor_village") else "非贫困村")
    exit_year = profile.get("exit_year")
    if exit_year is not None:
        facts.append(f"{int(exit_year)}年出列")
st.caption(plain(" · ".join(facts)))

c = st.columns(4)
c[0].metric("建档立卡", ui.fmt_int(m["registered_households"], "户"), ui.fmt_int(m["registered_population"], "人"),
            delta_color="off", delta_arrow="off")
c[1].metric("未脱贫（含返贫）", ui.fmt_int(m["poor_households"], "户"), ui.fmt_int(m["poor_population"], "人"),
            delta_color="off", delta_arrow="off")
c[2].metric("贫困发生率", ui.fmt_num(m["incidence_pct"], "%"), f"农业户籍人口{ui.fmt_int(m['agri_population'], '人')}",
            delta_color="off", delta_arrow="off")
growth = m["income_growth_pct"]
c[3].metric("人均纯收入（人口加权）", ui.fmt_num(m["income_per_capita_mean"], "元", 0),
            None if growth is None else f"比上年{growth:+.2f}%")
ui.coverage_notes(m, "households", "incidence", "income_growth")

households = ui.cached(analysis.village_households, f.year, f.area)
if households.empty:
    ui.empty(f"{f.year}年{label}没有建档立卡户台账数据。请选择其他年度。")
    st.stop()

left, right = st.columns(2)
with left:
    causes = ui.cached(analysis.causes_share, f.year, f.area)
    title = f"{f.year}年{label}建档立卡户主要致贫原因"
    ui.chart(figures.causes_figure(causes, title, source), title)
with right:
    income = figures.up_to(ui.cached(analysis.income_by_year, f.area), f.year)
    income = income[income["income_mean"].notna()]
    if income.empty:
        ui.empty(f"{label}没有收入数据。")
    else:
        title = f"{year_span(income['year'].min(), income['year'].max())}{label}人均纯收入与贫困线"
        ui.chart(figures.income_figure(income, title, source), title)

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
