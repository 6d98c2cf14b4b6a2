"""LedgerBoard router: who is looking, the pages their role allows, shared sidebar filters."""

import streamlit as st

from ledgerboard import ui

st.set_page_config(page_title="扶贫台账看板", page_icon=":material/bar_chart:", layout="wide")

account = ui.login_gate()
pages = [
    st.Page("pages/overview.py", title="总览", icon=":material/home:", url_path="", default=True),
    st.Page("pages/monitoring.py", title="防返贫监测", icon=":material/monitor_heart:", url_path="monitoring"),
    st.Page("pages/incidence.py", title="贫困发生率", icon=":material/trending_down:", url_path="incidence"),
    st.Page("pages/causes.py", title="致贫原因", icon=":material/medical_services:", url_path="causes"),
    st.Page("pages/income.py", title="收入增长", icon=":material/payments:", url_path="income"),
    st.Page("pages/projects.py", title="项目覆盖", icon=":material/construction:", url_path="projects"),
    st.Page("pages/audit.py", title="精准核查", icon=":material/fact_check:", url_path="audit"),
    st.Page("pages/village.py", title="村级详情", icon=":material/holiday_village:", url_path="village"),
    st.Page("pages/status.py", title="数据状况", icon=":material/fact_check:", url_path="status"),
]
upload_page = st.Page("pages/upload.py", title="数据上传", icon=":material/upload_file:", url_path="upload")
admin_page = st.Page("pages/admin.py", url_path="admin", title="管理", icon=":material/admin_panel_settings:")
if account is None:
    # Real data and nobody logged in: every address shows the login form, then the page that was asked for.
    st.navigation(ui.login_pages([*pages, upload_page, admin_page]), position="hidden").run()
    st.stop()
if ui.can("upload") or not account.username:     # the demo visitor finds the first-admin form there
    pages.append(upload_page)
else:
    pages.append(ui.forbidden_page("数据上传", "upload"))
if ui.can("accounts"):
    pages.append(admin_page)
else:
    pages.append(ui.forbidden_page("管理", "admin"))
if not account.username:
    pages.append(st.Page("pages/login.py", title="登录", icon=":material/login:", url_path="login"))
# The default page is served at "/"; its own address /overview (in old links and bookmarks) opens it too.
pages.append(st.Page("pages/overview.py", url_path="overview", title="总览", visibility="hidden"))
nav = st.navigation(pages)
st.session_state["filters"] = ui.sidebar_filters()
nav.run()
