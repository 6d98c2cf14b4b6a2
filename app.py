"""LedgerBoard router: pages, shared sidebar filters."""

import streamlit as st

from ledgerboard import ui

st.set_page_config(page_title="扶贫台账看板", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/overview.py", title="总览", icon="🏠", url_path="overview", default=True),
]
nav = st.navigation(pages)
st.session_state["filters"] = ui.sidebar_filters()
nav.run()
