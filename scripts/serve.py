"""Serve app.py with st.navigation in charge from the very first request.

Streamlit runs in its legacy pages-folder mode while a pages/ directory sits beside the entry
script and st.navigation has not run yet; a shared deep link (…/incidence?year=2019) opened first
after a restart would then run the page without the router and show an English "Page not found".
Deciding the mode before the server starts avoids that. Arguments go to `streamlit run`.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

PagesManager.uses_pages_directory = False
sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
sys.exit(cli.main())
