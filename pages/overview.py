"""总览: the headline figures of the chosen year and area, and their trend."""

import streamlit as st

from ledgerboard import figures, ui
from ledgerboard.indicators import metrics
from ledgerboard.summary import summary_text
from ledgerboard.trends import incomplete_years, trend
from ledgerboard.sanitize import plain
from ledgerboard.numbers import year_span

f = ui.page("总览")
ui.pack_button(f)

m = ui.cached(metrics, f.year, f.area)
st.caption(plain(f"{f.year}年 · {f.area_label}"))
c = st.columns(4)
src = m["sources"]
c[0].metric("建档立卡", ui.card_value(ui.fmt_int(m["registered_households"], "户"), m, "registered_households"),
            ui.fmt_int(m["registered_population"], "人"), delta_color="off", delta_arrow="off")
c[1].metric("未脱贫（含返贫）", ui.card_value(ui.fmt_int(m["poor_households"], "户"), m, "poor_households"),
            ui.fmt_int(m["poor_population"], "人") + ("（区域汇总表）" if "poor_population" in src else ""),
            delta_color="off", delta_arrow="off")
c[2].metric("贫困发生率", ui.card_value(ui.fmt_num(m["incidence_pct"], "%"), m, "incidence_pct"),
            f"农业户籍人口{ui.fmt_int(m['agri_population'], '人')}" + ("（区域汇总表）" if "incidence_pct" in src else ""),
            delta_color="off", delta_arrow="off")
c[3].metric("当年脱贫", ui.card_value(ui.fmt_int(m["exited_households"], "户"), m, "exited_households"),
            ui.fmt_int(m["exited_population"], "人"), delta_color="off", delta_arrow="off")
c = st.columns(4)
growth = m["income_growth_pct"]
c[0].metric("人均纯收入（人口加权）", ui.card_value(ui.fmt_num(m["income_per_capita_mean"], "元", 0), m,
                                                  "income_per_capita_mean"),
            None if growth is None else f"比上年{growth:+.2f}%")
c[1].metric(ui.investment_label(f), ui.card_value(ui.fmt_num(m["project_investment_wan"], "万元"), m, "project_investment_wan"),
            None if m["project_investment_wan"] is None else
            f"{ui.fmt_int(m['projects_count'], '个项目')}，覆盖{ui.fmt_int(m['villages_with_project'], '个村')}",
            delta_color="off", delta_arrow="off", help=f"其中财政扶贫资金{ui.fmt_num(m['project_fiscal_wan'], '万元')}")
c[2].metric("帮扶措施覆盖率", ui.card_value(ui.fmt_num(m["household_measure_coverage_pct"], "%"), m,
                                        "household_measure_coverage_pct"),
            "有帮扶措施的建档立卡户占比", delta_color="off", delta_arrow="off")
c[3].metric("收入低于贫困线", ui.card_value(ui.fmt_int(m["below_line_households"], "户"), m, "below_line_households"),
            "人均纯收入低于当年贫困线", delta_color="off", delta_arrow="off")
ui.coverage_notes(m, "households", "incidence", "income_growth", "projects", "measures")

t = figures.up_to(ui.cached(trend, f.area), f.year)     # the selected year is the trend's last
if t.empty:
    ui.empty(f"{f.area_label}没有建档立卡户数据。")
else:
    title = f"{f.area_label}{year_span(t['year'].min(), t['year'].max())}未脱贫人口（含返贫）与贫困发生率"
    ui.chart(figures.trend_figure(t, title, ui.source_line()), file_name=title)
    if note := incomplete_years(t):
        st.caption(note)

st.subheader("情况摘要")
st.caption("根据上方数据自动生成，可点击“复制”粘贴到工作汇报中。")
ui.copy_text(ui.cached(summary_text, f.year, f.area, m=m), key="summary")
