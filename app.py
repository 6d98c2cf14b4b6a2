"""LedgerBoard router: pages, shared sidebar filters."""

import streamlit as st

from ledgerboard import ui

st.set_page_config(page_title="扶贫台账看板", page_icon=":material/bar_chart:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="总览", icon=":material/home:", url_path="overview", default=True),
    st.Page("pages/incidence.py", title="贫困发生率", icon=":material/trending_down:", url_path="incidence"),
    st.Page("pages/causes.py", title="致贫原因", icon=":material/medical_services:", url_path="causes"),
    st.Page("pages/income.py", title="收入增长", icon=":material/payments:", url_path="income"),
    st.Page("pages/projects.py", title="项目覆盖", icon=":material/construction:", url_path="projects"),
    st.Page("pages/audit.py", title="精准核查", icon=":material/fact_check:", url_path="audit"),
    st.Page("pages/village.py", title="村级详情", icon=":material/holiday_village:", url_path="village"),
    st.Page("pages/status.py", title="数据状况", icon=":material/fact_check:", url_path="status"),
    st.Page("pages/upload.py", title="数据上传", icon=":material/upload_file:", url_path="upload"),
]
nav = st.navigation(pages)
st.session_state["filters"] = ui.sidebar_filters()
nav.run()
