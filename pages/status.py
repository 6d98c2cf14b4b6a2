"""数据状况: which ledgers are loaded for every year and township, from which files; gaps highlighted."""

import streamlit as st

from ledgerboard import exports, status, ui

f = ui.page("数据状况")
st.caption("每个年度、每个乡镇已导入哪些台账、来自哪个文件。“未导入”的台账对应的指标在各页显示为“—”，不按0计算。")

grid = ui.cached(status.ledger_status, f.area)
gaps = status.gaps_summary(grid, f.year)
if gaps:
    st.warning(f"{f.year}年有{len(gaps)}个乡镇的台账不全，相关指标只按已导入的乡镇、村计算：")
    st.text("\n".join(gaps))
else:
    st.success(f"{f.year}年各乡镇的建档立卡户台账、村基本情况、项目台账和帮扶措施台账均已导入。")

st.dataframe(status.styled(status.year_first(grid, f.year).head(ui.TABLE_ROWS)), hide_index=True, width="stretch",
             placeholder="—")
if note := ui.table_note(len(grid)):
    st.caption(note)
ui.download_button("下载数据状况表（Excel）", lambda: exports.table_xlsx(grid, "数据状况"), "数据状况.xlsx", key="dl-status")
