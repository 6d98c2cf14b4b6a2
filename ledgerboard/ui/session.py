"""Accounts, roles and scope of the browser session: login, the session cookie, the first admin, page guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from ledgerboard import auditlog, auth
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from ledgerboard.ui.connection import get_store


_ACCOUNT = "account"               # session: the logged-in auth.Account
_SET_COOKIE = "_set_session_cookie"
_EXPIRES = "_session_expires"       # session: when the login (or the cookie it came from) expires


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
    expires = state.get(_EXPIRES)
    if account is not None and expires is not None and dt.datetime.now() >= expires:
        account = None          # the 12-hour login ran out while the page stayed open
    if account is not None:
        account = auth.still_valid(store, account)
    if account is None and not state.get("_logged_out"):
        account, method = _identity_account(store)
        if account is not None and method:
            auth.login_identity(store, account, method, client_address())
        token = st.context.cookies.get(auth.SESSION_COOKIE) if account is not None and not method else None
        state[_EXPIRES] = auth.session_expiry(token) if isinstance(token, str) else None
    if account is None:
        state.pop(_ACCOUNT, None)
        state.pop(_EXPIRES, None)
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


def guarded_build(area=None, need: str = "view") -> Callable[[str, Callable[[], bytes]], bytes]:
    """For a download button that builds its file on click (outside the script run, without a session): who asks,
    from where and for which area, taken now. The returned `build(file_name, make)` re-checks the account and its
    scope when the file is built (auth.download_account: a logged-out, expired, disabled or changed account gets
    nothing — it raises), makes the file and records the download in the audit log."""
    store = get_store()
    account, expires, address = st.session_state.get(_ACCOUNT), st.session_state.get(_EXPIRES), client_address()
    f = st.session_state.get("filters")
    area = area if area is not None else (f.area if f else None)
    label = f.area_label if f else None

    def build(file_name: str, make: Callable[[], bytes]) -> bytes:
        current = auth.download_account(store, account, area, expires, need=need)
        data = make()
        auditlog.record(store, "download", current.username if current else None, target=file_name, area=label,
                        address=address)
        return data
    return build


def log_download(file_name: str) -> None:
    f = st.session_state.get("filters")
    account = viewer()
    auditlog.record(get_store(), "download", account.username if account else None, target=file_name,
                    area=f.area_label if f else None, address=client_address())


def _start_session(account: auth.Account) -> None:
    st.session_state[_ACCOUNT] = account
    st.session_state.pop("_logged_out", None)
    st.session_state[_SET_COOKIE] = auth.issue_session(get_store(), account)
    st.session_state[_EXPIRES] = dt.datetime.now() + dt.timedelta(hours=auth.SESSION_HOURS)


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
        st.warning(plain(f"统一身份认证账号“{st.user.get('email') or st.user.get('preferred_username')}”还没有对应的"
                         "看板账号，请联系管理员开通。"))
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
        st.warning("导入本单位台账之前，需要先创建管理员账号。之后所有页面都需要登录才能查看正式数据。", icon=":material/lock:")
    else:
        st.warning("库中已有正式台账，但还没有管理员账号。请先创建管理员账号，之后所有页面都需要登录才能查看。", icon=":material/lock:")
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
    st.error(plain(f"您的账号（{account.label}）没有“{auth.ACTION_LABELS[action]}”的权限。"), icon="🚫")
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
        st.caption(f"当前用户：{plain(account.label)}  \n数据范围：{plain(account.scope.label)}")
        if st.button("退出登录", key="logout"):
            auth.logout(get_store(), account, client_address())
            st.session_state.pop(_ACCOUNT, None)
            st.session_state["_logged_out"] = True
            st.session_state[_SET_COOKIE] = ""
            if oidc_providers() and st.user.get("is_logged_in"):
                st.logout()
            st.rerun()
