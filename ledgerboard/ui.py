"""The one module that imports Streamlit: shared filters, the store, caching and chart helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

import pandas as pd
import streamlit as st

from ledgerboard import auditlog, auth, exports, figures
from ledgerboard.indicators import Area
from ledgerboard.store import Store

ALL = "全部"


@dataclass(frozen=True)
class Filters:
    year: int | None
    township: str | None
    village: str | None
    county: str | None = None     # set by an account's county scope

    @property
    def area(self) -> Area:
        return Area(county=self.county, township=self.township, village=self.village)

    @property
    def area_label(self) -> str:
        if self.village:
            return f"{self.township or ''}{self.village}"
        return self.township or self.county or "全县"


@st.cache_resource(show_spinner="正在打开数据库…")
def get_store() -> Store:
    """One read-write connection per process; on first start with an empty store, load the demo."""
    store = Store()
    if store.is_empty():
        from ledgerboard.cli import load_demo
        load_demo(store)
    return store


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(func_path: str, version: str, args: tuple, kwargs: tuple):
    module, name = func_path.rsplit(".", 1)
    return getattr(import_module(module), name)(get_store(), *args, **dict(kwargs))


def cached(func, *args, **kwargs):
    """func(store, *args, **kwargs), cached per (function, parameters, data version)."""
    return _cached(f"{func.__module__}.{func.__qualname__}", get_store().data_version(), args, tuple(sorted(kwargs.items())))


def _query(store: Store, name: str, **params) -> pd.DataFrame:
    return store.query(name, **params)


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result, cached per data version."""
    return cached(_query, name, **params)


def sidebar_filters() -> Filters:
    """年度 / 乡镇 / 村 in the sidebar, kept across pages and in the URL; only the places of the
    account's scope are offered, and the chosen area passes through auth.scoped_area."""
    scope = current_scope()
    years = [int(y) for y in query("years")["year"]]
    if scope.unbounded:
        townships = list(query("townships")["township"])
    else:
        townships = cached(_scope_townships, scope.county, scope.township)
        _refuse_out_of_scope_link(scope, townships)
    choices = townships if scope.township is not None else [ALL, *townships]
    with st.sidebar:
        st.markdown("### 筛选")
        year = st.selectbox("年度", years, key="year",
                            bind="query-params", persist_state="session") if years else None
        township = st.selectbox("乡镇", choices, key="township", bind="query-params",
                                persist_state="session")
        t = None if township == ALL else township
        villages = list(query("villages_of_township", township=t)["village"]) if t else []
        village = st.selectbox("村", [ALL, *villages], key="village", bind="query-params",
                               persist_state="session", disabled=t is None,
                               help="先选择乡镇，再选择村" if t is None else None)
    requested = Area(township=t, village=None if (village == ALL or t is None) else village)
    area = auth.scoped_area(scope, requested)
    return Filters(year=year, township=area.township, village=area.village, county=area.county)


def _scope_townships(store: Store, county: str | None, township: str | None) -> list[str]:
    return auth.townships_in_scope(store, auth.Scope(county, township))


def _refuse_out_of_scope_link(scope: auth.Scope, townships: list[str]) -> None:
    """A link or an earlier choice that names a township outside the account's scope is refused (and forgotten)."""
    asked = st.query_params.get("township")
    remembered = st.session_state.get("township")
    for value in (asked, remembered):
        if value and value != ALL and value not in townships:
            st.error(f"您的账号只能查看{scope.label}的数据，无法打开“{value}”。已改为显示{scope.label}。", icon="🚫")
            break
    if asked and asked != ALL and asked not in townships:
        del st.query_params["township"]
        st.query_params.pop("village", None)
    if remembered and remembered not in townships:
        st.session_state.pop("township", None)
        st.session_state.pop("village", None)


def filters() -> Filters:
    """The shared filters the router put in the session for this run."""
    f = st.session_state.get("filters")
    if f is None:
        # A fresh server's first request for /<page> may run the page file without the router
        # (Streamlit's legacy pages-folder mode, chosen because pages/ exists). Switch to
        # st.navigation and run again, so deep links work from the first request.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return f


def page(title: str) -> Filters:
    """A dashboard page's head: title, the demo note, and a stop with a hint when there is no data yet."""
    f = filters()
    st.title(title)
    demo_note()
    if f.year is None:
        st.warning("还没有任何台账数据。请到“数据上传”页导入台账。")
        st.stop()
    return f


def demo_note() -> None:
    if get_store().is_demo():
        st.info("当前显示的是**示例数据**（虚构的示例县），用于演示。到“数据上传”页导入本单位台账后，示例数据将自动移除。", icon="ℹ️")


def source_line(kind_label: str = "建档立卡台账") -> str:
    store = get_store()
    when = store.query_rows("store/data_version")[0][1]
    date = str(when)[:10] if when else dt.date.today().isoformat()
    prefix = "示例数据" if store.is_demo() else kind_label
    return f"数据来源：{prefix}，导入于{date}"


def chart(fig, file_name: str, key: str | None = None, on_select=None, selection_mode=None):
    """Render a figure with a presentation-size PNG download under a Chinese file name."""
    config = {
        "displaylogo": False,
        "locale": "zh-CN",
        "toImageButtonOptions": {"format": "png", "filename": file_name, **figures.EXPORT_SIZE},
    }
    kwargs = {}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    return st.plotly_chart(fig, key=key, config=config, theme=None, **kwargs)


def table(df: pd.DataFrame, file_name: str, key: str | None = None) -> None:
    """A table with its .xlsx download (recorded in the audit log)."""
    st.dataframe(df, hide_index=True, width="stretch")
    # The .xlsx is written only when the button is clicked: for 150 000 villages that takes seconds.
    st.download_button("下载表格（Excel）", lambda: exports.table_xlsx(df), file_name=f"{file_name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=key or f"dl-{file_name}", on_click=log_download, args=(f"{file_name}.xlsx",))


def top_note(total: int, shown: int, what: str, unit: str = "个村") -> str:
    """'共1,234个村，图中为贫困发生率最高的30个村。' when a chart shows only some of the area's villages; else ''."""
    return f"共{total:,}{unit}，图中为{what}的{shown}{unit}。" if total > shown else ""


def fmt_int(x, unit: str) -> str:
    return "—" if x is None else f"{int(x):,}{unit}"


def fmt_num(x, unit: str, digits: int = 2) -> str:
    return "—" if x is None else f"{x:,.{digits}f}{unit}"


# Drill-down ------------------------------------------------------------------------------------
_DRILL_TO_VILLAGE = "_drill_to_village"


def _apply_drill(key: str) -> None:
    """on_select callback: the clicked bar's area becomes the sidebar filters (before widgets are drawn)."""
    from ledgerboard import drill
    target = drill.from_selection(st.session_state.get(key))
    if target is None:
        return
    st.session_state.update(drill.widget_state(target))
    if target.opens_village:
        st.session_state[_DRILL_TO_VILLAGE] = True


def drill_chart(fig, file_name: str, key: str):
    """A chart whose bars drill down: a township's bar filters to it, a village's bar opens the village view.

    The bars carry [township, village] in customdata (ledgerboard.drill.customdata).
    """
    from ledgerboard import drill
    if st.session_state.pop(_DRILL_TO_VILLAGE, False):
        # The filters are already set (and bound to the URL); bound parameters cannot be passed here.
        st.switch_page(drill.VILLAGE_PAGE, query_params={})
    f = st.session_state.get("filters")
    # A new key per filter state, so a drilled chart starts without the old selection.
    scoped = f"{key}-{f.township if f else ''}-{f.village if f else ''}"
    return chart(fig, file_name, key=scoped, on_select=lambda: _apply_drill(scoped), selection_mode=("points",))


def empty(message: str) -> None:
    """A plain Chinese explanation where a chart has no data."""
    st.info(message, icon="ℹ️")


# Accounts, roles, scope ------------------------------------------------------------------------
_ACCOUNT = "account"               # session: the logged-in auth.Account
_SET_COOKIE = "_set_session_cookie"


def _remote_ip() -> str | None:
    """The browser's IP address; None for localhost (and outside a served app, e.g. in AppTest)."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else None


def client_address() -> str:
    """The browser's address for the audit log; 本机 for localhost."""
    return _remote_ip() or auditlog.LOCAL


def is_local() -> bool:
    return _remote_ip() is None


def oidc_providers() -> list[str | None]:
    """The OIDC providers .streamlit/secrets.toml sets up for st.login (none without a secrets file)."""
    from streamlit.errors import StreamlitSecretNotFoundError
    try:
        return auth.oidc_providers(st.secrets.to_dict())
    except StreamlitSecretNotFoundError:
        return []


def _identity_account(store: Store) -> tuple[auth.Account | None, str | None]:
    """The account the SSO proxy's header, the OIDC login or the session cookie stands for."""
    if auth.trusted_header_configured(st.get_option("server.trustedUserHeaders")):
        account = auth.account_for_header(store, st.user.to_dict())
        if account is not None:
            return account, "单点登录"
    if oidc_providers() and st.user.get("is_logged_in"):
        account = auth.account_for_identity(store, st.user.to_dict())
        if account is not None:
            return account, "统一身份认证"
    token = st.context.cookies.get(auth.SESSION_COOKIE)
    return auth.account_from_session(store, token if isinstance(token, str) else None), None


def current_account() -> auth.Account | None:
    """The logged-in account of this session (checked against the store on every run), None if nobody."""
    store = get_store()
    state = st.session_state
    account = state.get(_ACCOUNT)
    if account is not None:
        account = auth.still_valid(store, account)
    if account is None and not state.get("_logged_out"):
        account, method = _identity_account(store)
        if account is not None and method:
            auth.login_identity(store, account, method, client_address())
    if account is None:
        state.pop(_ACCOUNT, None)
    else:
        state[_ACCOUNT] = account
    return account


def viewer() -> auth.Account | None:
    """Who is looking: the account, the demo visitor on a demo-only store, or None (a login is needed)."""
    account = current_account()
    if account is not None:
        return account
    return None if auth.needs_login(get_store()) else auth.DEMO_VISITOR


def current_scope() -> auth.Scope:
    """The area the current account may see (unbounded for admins without a scope and the demo visitor)."""
    account = current_account()
    return account.scope if account is not None else auth.Scope()


def can(action: str) -> bool:
    return auth.can(viewer(), action)


def log_download(file_name: str) -> None:
    f = st.session_state.get("filters")
    account = viewer()
    auditlog.record(get_store(), "download", account.username if account else None, target=file_name,
                    area=f.area_label if f else None, address=client_address())


def _start_session(account: auth.Account) -> None:
    st.session_state[_ACCOUNT] = account
    st.session_state.pop("_logged_out", None)
    st.session_state[_SET_COOKIE] = auth.issue_session(get_store(), account)


def write_session_cookie() -> None:
    """Hand the browser the signed session cookie set at login (or clear it at logout), so a reload stays
    logged in until it expires. Streamlit only reads cookies, so a line of JavaScript writes it."""
    if _SET_COOKIE not in st.session_state:
        return
    token = st.session_state.pop(_SET_COOKIE)
    age = auth.SESSION_HOURS * 3600 if token else 0
    secure = "; Secure" if st.context.url and st.context.url.startswith("https") else ""
    with st.sidebar:
        st.html(f"<script>document.cookie = '{auth.SESSION_COOKIE}={token or ''}; path=/; max-age={age}; "
                f"SameSite=Strict{secure}';</script>", unsafe_allow_javascript=True, width="content")


def login_form(note: str | None = None, title: bool = True) -> None:
    """The login page: account and password, and the unit's OIDC login when .streamlit/secrets.toml sets one up."""
    store = get_store()
    if title:
        st.title("登录")
    if note:
        st.info(note, icon="🔒")
    for provider in oidc_providers():
        label = "使用统一身份认证登录" if provider is None else f"使用{provider}登录"
        if st.button(label, key=f"oidc-{provider}"):
            if provider is None:
                st.login()
            else:
                st.login(provider)
    if oidc_providers() and st.user.get("is_logged_in"):
        st.warning(f"统一身份认证账号“{st.user.get('email') or st.user.get('preferred_username')}”还没有对应的看板账号，"
                   "请联系管理员开通。")
    with st.form("login"):
        username = st.text_input("账号", key="login_username")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        try:
            account = auth.authenticate(store, username, password, client_address())
        except auth.LoginFailed as exc:
            st.error(str(exc))
            return
        _start_session(account)
        st.rerun()


def first_admin_form() -> None:
    """Create the first admin: only from this machine, or with the one-time code scripts/run.sh printed."""
    store = get_store()
    if get_store().is_demo():
        st.warning("导入本单位台账之前，需要先创建管理员账号。之后所有页面都需要登录才能查看正式数据。", icon="🔐")
    else:
        st.warning("库中已有正式台账，但还没有管理员账号。请先创建管理员账号，之后所有页面都需要登录才能查看。", icon="🔐")
    local = is_local()
    with st.form("first_admin"):
        st.markdown("**创建第一个管理员账号**")
        username = st.text_input("账号", key="first_admin_username")
        password = st.text_input(f"密码（至少{auth.MIN_PASSWORD}位）", type="password", key="first_admin_password")
        again = st.text_input("再次输入密码", type="password", key="first_admin_again")
        token = None if local else st.text_input("一次性设置码（scripts/run.sh 启动时显示）", key="first_admin_token")
        submitted = st.form_submit_button("创建管理员并登录", type="primary")
    st.caption("也可以在服务器上运行：.venv/bin/python -m ledgerboard user add 账号 --role admin")
    if submitted:
        if password != again:
            st.error("两次输入的密码不一致，请重新输入。")
            return
        try:
            account = auth.create_first_admin(store, username, password, local, token, client_address())
        except auth.AuthError as exc:
            st.error(str(exc))
            return
        _start_session(account)
        st.rerun()


def require(action: str) -> auth.Account:
    """A page's guard: the account if it may do `action`; otherwise the login form, the first-admin form
    or a refusal, and the page stops."""
    account = viewer()
    if auth.can(account, action):
        return account
    store = get_store()
    if account is None or account is auth.DEMO_VISITOR:
        if action in ("upload", "undo_own") and not auth.admin_exists(store):
            first_admin_form()
        else:
            login_form(f"此功能需要有“{auth.ACTION_LABELS[action]}”权限的账号，请先登录。", title=False)
        st.stop()
    st.error(f"您的账号（{account.label}）没有“{auth.ACTION_LABELS[action]}”的权限。", icon="🚫")
    st.stop()


def _login_page() -> None:
    if not auth.admin_exists(get_store()):
        # Real data from before accounts existed: the first admin is created here (this machine or the setup code).
        st.title("登录")
        first_admin_form()
        return
    login_form("本看板保存有建档立卡户的个人信息，请登录后查看。")


def login_pages(pages: list) -> list:
    """The login form under every page's address, so that a shared link opens its page after the login."""
    return [st.Page(_login_page, title=p.title, url_path=p.url_path or None, default=p.url_path == "")
            for p in pages]


def login_gate() -> auth.Account | None:
    """Before the router: who is looking. None when the store holds real data and nobody is logged in,
    in which case the app shows only the login page."""
    write_session_cookie()
    account = viewer()
    if account is not None:
        account_box(account)
    return account


def account_box(account: auth.Account) -> None:
    """The sidebar's who-am-I and logout."""
    with st.sidebar:
        if account is auth.DEMO_VISITOR:
            st.caption("当前为示例数据，无需登录。导入本单位台账前需先创建管理员账号。")
            return
        st.caption(f"当前用户：{account.label}  \n数据范围：{account.scope.label}")
        if st.button("退出登录", key="logout"):
            auth.logout(get_store(), account, client_address())
            st.session_state.pop(_ACCOUNT, None)
            st.session_state["_logged_out"] = True
            st.session_state[_SET_COOKIE] = ""
            if oidc_providers() and st.user.get("is_logged_in"):
                st.logout()
            st.rerun()
