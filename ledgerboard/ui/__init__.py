# ruff: noqa: F401
"""The one place that imports Streamlit, in rooms by concern:

- connection: the store this process serves and its first start;
- cache: results cached per data version;
- session: accounts, login, the session cookie, page guards;
- widgets: charts, tables, notes, cards, the copyable summary, the 汇报材料 buttons;
- navigation: charts that drill or filter, buttons that open a page with filters;
- sidebar: the shared filters (年度 / 县 / 乡镇 / 村) and link notes;
- static/: the app's JavaScript and CSS.

Pages use the names re-exported here (``ui.page``, ``ui.chart`` …).
"""

from ledgerboard.drill import ALL  # noqa: F401  (names re-exported for pages)
from ledgerboard.ui.cache import cached, query
from ledgerboard.ui.connection import STORE_WAIT, _open_store, get_store
from ledgerboard.ui.navigation import (chart_context, drill_chart, filter_chart, follow_drill, forbidden_page,
                                       one_village, page_button, show_chart)
from ledgerboard.ui.session import (account_box, can, client_address, current_account, current_scope,
                                    first_admin_form, guarded_build, is_local, log_download, login_form, login_gate,
                                    login_pages, oidc_providers, require, viewer, write_session_cookie)
from ledgerboard.ui.sidebar import Filters, filters, link_notes, page, sidebar_filters
from ledgerboard.ui.widgets import (NOT_IMPORTED, TABLE_ROWS, cards, chart, copy_text, coverage_notes, demo_note,
                                    download_button, empty, is_phone, pack_button,
                                    page_styles,
                                    plotly_config, show_cards, source_line, table, table_note, top_note)
