"""Accounts, roles and area scope, without Streamlit: password hashing and lock-out, signed session
tokens, the one-time setup token, the mapping of OIDC and SSO identities to accounts, the role check
for every action, and `scoped_area` — the one place an account's scope meets a requested area.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ledgerboard import auditlog
from ledgerboard.indicators import Area
from ledgerboard.store import Store, sql_text

ROLES = {"admin": "管理", "analyst": "填报", "viewer": "查看"}
# What each role may do. "demo" is nobody logged in on a store that holds only the demo county.
PERMISSIONS = {
    "view": {"admin", "analyst", "viewer", "demo"},          # analysis pages, charts, tables, packs
    "personal_masked": {"admin", "analyst", "demo"},         # household tables with names and ID numbers masked
    "upload": {"admin", "analyst"},                          # dry run and import
    "undo_own": {"admin", "analyst"},
    "undo_any": {"admin"},
    "accounts": {"admin"},
    "settings": {"admin"},
    "reveal": {"admin"},                                     # one person's full name and ID number, with a reason
    "audit_log": {"admin"},
}
ACTION_LABELS = {"view": "查看分析页面", "personal_masked": "查看户表（已脱敏）", "upload": "上传导入台账",
                 "undo_own": "撤销本人的导入", "undo_any": "撤销任何导入", "accounts": "管理账号",
                 "settings": "修改设置", "reveal": "查看个人完整信息", "audit_log": "查看操作日志"}

MAX_FAILURES = 5                     # failed logins in a row …
LOCK_MINUTES = 15                    # … lock the user name for this long
MAX_FAILURES_PER_ADDRESS = 20        # failed logins from one address (any user names) lock that address as long
LOCKED = "账号已锁定"                  # audit-log targets of attempts refused while locked: they do not extend the lock
ADDRESS_LOCKED = "来源地址已锁定"
SESSION_HOURS = 12                   # a session cookie is good for a working day
SESSION_COOKIE = "ledgerboard_session"
MIN_PASSWORD = 8
SETUP_TOKEN_SETTING = "setup_token_sha256"
SESSION_SECRET_SETTING = "session_secret"
TRUSTED_USER_KEY = "ledgerboard_user"    # the st.user key server.trustedUserHeaders maps the proxy's header to

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("ledgerboard-no-such-user")


class AuthError(Exception):
    """A refusal whose message is a Chinese sentence for the user."""


class LoginFailed(AuthError):
    pass


class Forbidden(AuthError):
    pass


class OutOfScope(AuthError):
    pass


@dataclass(frozen=True)
class Scope:
    """The area an account is bound to; None at a level means every place at that level."""
    county: str | None = None
    township: str | None = None

    @property
    def unbounded(self) -> bool:
        return self.county is None and self.township is None

    @property
    def label(self) -> str:
        if self.unbounded:
            return "全部地区"
        return "".join(x for x in (self.county, self.township) if x)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    county: str | None = None
    township: str | None = None
    display_name: str | None = None
    external_id: str | None = None
    active: bool = True
    session_epoch: int = 0

    @property
    def scope(self) -> Scope:
        return Scope(self.county, self.township)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def label(self) -> str:
        return f"{self.display_name or self.username}（{self.role_label}）"


DEMO_VISITOR = Account(username="", role="demo", display_name="示例数据访客")


# Roles ----------------------------------------------------------------------------------------
def can(account: Account | None, action: str) -> bool:
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    return account is not None and account.active and account.role in PERMISSIONS[action]


def require(account: Account | None, action: str) -> None:
    if not can(account, action):
        who = account.label if account and account.username else "未登录的访客"
        raise Forbidden(f"{who}没有“{ACTION_LABELS[action]}”的权限。请使用有此权限的账号登录，或请管理员调整账号角色。")


def may_undo(account: Account | None, imported_by: str | None) -> bool:
    """管理 undoes any import; 填报 only their own."""
    if can(account, "undo_any"):
        return True
    return can(account, "undo_own") and bool(imported_by) and imported_by == account.username


# Scope: the one place a requested area is intersected with an account's scope --------------------
def scoped_area(scope: Scope | None, area: Area | None = None) -> Area:
    """The area to query for a request: the requested area inside the scope, or OutOfScope.

    Every page (through the sidebar filters), download and CLI call with an account asks this before it
    queries, so nothing outside the account's county or township is reached. A request for the whole
    store from a scoped account becomes a request for its scope.
    """
    area = area or Area()
    if scope is None or scope.unbounded:
        return area
    if area.name is not None and area.name not in (scope.county, scope.township):
        raise OutOfScope(f"您的账号只能查看{scope.label}的数据，不能查看“{area.name}”。")
    county, township = area.county, area.township
    if scope.county is not None:
        if county is not None and county != scope.county:
            raise OutOfScope(f"您的账号只能查看{scope.label}的数据，不能查看{county}。")
        county = scope.county
    if scope.township is not None:
        if township is not None and township != scope.township:
            raise OutOfScope(f"您的账号只能查看{scope.label}的数据，不能查看{township}。")
        township = scope.township
    name = area.name if area.name is not None and not (county or township) else None
    return Area(county=county, township=township, village=area.village, name=name)


def townships_in_scope(store: Store, scope: Scope | None) -> list[str]:
    """The townships a scoped account may pick in the sidebar."""
    scope = scope or Scope()
    if scope.township is not None:
        return [scope.township]
    return [str(t) for t, in store.query_rows("auth/scope_townships", county=scope.county)]


def rows_outside_scope(parsed, scope: Scope | None) -> list[tuple[str, int | None, str]]:
    """(sheet, row, place) of every parsed record whose county/township lies outside the scope."""
    if scope is None or scope.unbounded or parsed.kind is None:
        return []
    out = []
    for records in parsed.records.values():
        # Read by column: a roster's records are Arrow columns (importer.records.Records), not made into dicts here.
        column = getattr(records, "column", None) or (lambda k, rs=records: [r.get(k) for r in rs])
        for county, township, sheet, row in zip(*(column(k) for k in ("county", "township", "source_sheet",
                                                                               "source_row"))):
            wrong = []
            if scope.county is not None and county is not None and county != scope.county:
                wrong.append(county)
            if scope.township is not None and township != scope.township:
                wrong.append(township or "（未填乡镇）")
            if wrong:
                out.append((sheet or "", row, "".join(wrong)))
    return sorted(set(out), key=lambda x: (x[0], x[1] or 0))


def import_check(account: Account | None) -> Callable | None:
    """The importer's accept hook for an account's scope: None, or a Chinese message naming the rows."""
    if account is None or account.scope.unbounded:
        return None

    def check(parsed) -> str | None:
        if parsed.kind == "areas":
            return (f"区域汇总表包含多个地区的汇总数据，只能由不限地区的账号导入；您的账号只能导入{account.scope.label}的数据。")
        rows = rows_outside_scope(parsed, account.scope)
        if not rows:
            return None
        shown = "；".join(f"工作表“{s}”第{r}行（{p}）" for s, r, p in rows[:20])
        more = f"等共{len(rows)}行" if len(rows) > 20 else f"共{len(rows)}行"
        return (f"文件“{parsed.file_name}”中有不属于{account.scope.label}的数据：{shown}，{more}。"
                f"您的账号只能导入{account.scope.label}的台账，整个文件未导入。请删除这些行，或请相应乡镇的填报人员导入。")
    return check


# Accounts -------------------------------------------------------------------------------------
def _account(row: dict) -> Account | None:
    if not row:
        return None
    return Account(username=row["username"], role=row["role"], county=row["county"], township=row["township"],
                   display_name=row["display_name"], external_id=row["external_id"], active=bool(row["active"]),
                   session_epoch=int(row["session_epoch"]))


def get_account(store: Store, username: str) -> Account | None:
    return _account(store.query_row("auth/account", username=username))


def accounts_frame(store: Store):
    """Every account (no password hashes), None for empty fields."""
    df = store.query("auth/accounts")
    return df.astype(object).where(df.notna(), None)


def admin_exists(store: Store) -> bool:
    return store.query_rows("auth/admin_count")[0][0] > 0


def needs_login(store: Store) -> bool:
    """A store that holds real data shows nothing without a login; the demo county opens for anyone."""
    return not store.is_demo()


def _execute(store: Store, name: str, **params) -> None:
    from ledgerboard.store import bind
    with store.transaction() as cur:
        sql = sql_text(name)
        cur.execute(sql, bind(sql, params))


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"密码至少需要{MIN_PASSWORD}个字符。")


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def create_account(store: Store, username: str, role: str, password: str | None, by: str | None,
                   county: str | None = None, township: str | None = None, display_name: str | None = None,
                   external_id: str | None = None, address: str | None = None) -> Account:
    """A new account; password None for an account that signs in only through OIDC or the SSO proxy."""
    username = _clean(username)
    if not username:
        raise AuthError("请填写账号名。")
    if len(username) > auditlog.LIMITS["username"] or not username.isprintable():
        raise AuthError(f"账号名最多{auditlog.LIMITS['username']}个字符，且不能含换行、制表符等控制字符。")
    if role not in ROLES:
        raise AuthError(f"角色“{role}”不存在，可选：admin（管理）、analyst（填报）、viewer（查看）。")
    if get_account(store, username) is not None:
        raise AuthError(f"账号“{username}”已存在。")
    if password is not None:
        check_password_rules(password)
    if password is None and not external_id:
        external_id = None    # an SSO proxy account answers to its user name
    _execute(store, "auth/insert_account", username=username, display_name=_clean(display_name), role=role,
             county=_clean(county), township=_clean(township),
             password_hash=_hasher.hash(password) if password is not None else None,
             external_id=_clean(external_id), created_by=by)
    account = get_account(store, username)
    auditlog.record(store, "account", by, target=f"新建账号 {username}（{ROLES[role]}，范围：{account.scope.label}）",
                    area=account.scope.label, address=address)
    return account


def update_account(store: Store, username: str, by: str | None, role: str, county: str | None = None,
                   township: str | None = None, display_name: str | None = None, external_id: str | None = None,
                   address: str | None = None) -> Account:
    current = get_account(store, username)
    if current is None:
        raise AuthError(f"账号“{username}”不存在。")
    if role not in ROLES:
        raise AuthError(f"角色“{role}”不存在。")
    if current.role == "admin" and role != "admin" and current.active and store.query_rows("auth/admin_count")[0][0] <= 1:
        raise AuthError("这是唯一的管理员账号，不能改为其他角色。请先新建另一个管理员账号。")
    _execute(store, "auth/update_account", username=username, display_name=_clean(display_name), role=role,
             county=_clean(county), township=_clean(township), external_id=_clean(external_id))
    account = get_account(store, username)
    auditlog.record(store, "account", by, target=f"修改账号 {username}（{ROLES[role]}，范围：{account.scope.label}）",
                    area=account.scope.label, address=address)
    return account


def set_active(store: Store, username: str, active: bool, by: str | None, address: str | None = None) -> None:
    current = get_account(store, username)
    if current is None:
        raise AuthError(f"账号“{username}”不存在。")
    if not active and current.role == "admin" and current.active and store.query_rows("auth/admin_count")[0][0] <= 1:
        raise AuthError("这是唯一的管理员账号，不能停用。请先新建另一个管理员账号。")
    _execute(store, "auth/set_active", username=username, active=active)
    auditlog.record(store, "account", by, target=f"{'启用' if active else '停用'}账号 {username}", address=address)


def set_password(store: Store, username: str, password: str, by: str | None, address: str | None = None) -> None:
    if get_account(store, username) is None:
        raise AuthError(f"账号“{username}”不存在。")
    check_password_rules(password)
    _execute(store, "auth/set_password", username=username, password_hash=_hasher.hash(password))
    auditlog.record(store, "account", by, target=f"重设账号 {username} 的密码", address=address)


# Login and lock-out ---------------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now()


def _lock_end(row: dict, limit: int, now: dt.datetime) -> dt.datetime | None:
    if row and row["failures"] >= limit:
        until = row["last_failure"] + dt.timedelta(minutes=LOCK_MINUTES)
        return until if until > now else None
    return None


def locked_until(store: Store, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the user name may try again, if MAX_FAILURES failed logins in a row within LOCK_MINUTES locked it.
    Attempts refused while it is locked do not count (they never push the time later); a successful login, a
    password reset or an admin's unlock starts the count afresh."""
    now = now or _now()
    row = store.query_row("log/failed_logins", username=username, window_start=now - dt.timedelta(minutes=LOCK_MINUTES),
                          locked=LOCKED, address_locked=ADDRESS_LOCKED)
    return _lock_end(row, MAX_FAILURES, now)


def address_locked_until(store: Store, address: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When an address may try again, if MAX_FAILURES_PER_ADDRESS failed logins (of any user names) within
    LOCK_MINUTES came from it: trying many names from one place is bounded too."""
    now = now or _now()
    row = store.query_row("log/failed_logins_from", address=address or auditlog.LOCAL,
                          window_start=now - dt.timedelta(minutes=LOCK_MINUTES), locked=LOCKED,
                          address_locked=ADDRESS_LOCKED)
    return _lock_end(row, MAX_FAILURES_PER_ADDRESS, now)


# Check, verify and count are one step: without it, simultaneous attempts would all be checked before any failure
# was counted, and the sixth of twelve (the right password) would log in past the lock. A lock of this process makes
# the step atomic between its sessions; Store.exclusive between processes sharing the store (the shared mode).
_LOGIN_LOCK = threading.Lock()


def authenticate(store: Store, username: str, password: str, address: str | None = None) -> Account:
    """The account, or LoginFailed with a message that does not say whether the name exists."""
    username = (username or "").strip()
    with _LOGIN_LOCK, store.exclusive():
        return _authenticate(store, username, password, address)


def _authenticate(store: Store, username: str, password: str, address: str | None) -> Account:
    until = address_locked_until(store, address)
    if until is not None:
        auditlog.record(store, "login_failed", username or None, target=ADDRESS_LOCKED, address=address)
        raise LoginFailed(f"从此处登录失败的次数过多，已暂停登录，请于{until:%H:%M}之后再试。")
    # The user name as the log keeps it (bounded, escaped): the failures counted are the ones recorded.
    until = locked_until(store, auditlog.bounded(username, auditlog.LIMITS["username"]))
    if until is not None:
        auditlog.record(store, "login_failed", username, target=LOCKED, address=address)
        raise LoginFailed(f"连续{MAX_FAILURES}次登录失败，账号已锁定，请于{until:%H:%M}之后再试，或请管理员解除锁定（或重设密码）。")
    row = store.query_row("auth/account", username=username) if username else {}
    stored = row.get("password_hash") if row else None
    try:
        ok = _hasher.verify(stored or _DUMMY_HASH, password or "") and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    account = _account(row)
    if not ok or account is None or not account.active:
        auditlog.record(store, "login_failed", username or None,
                        target="账号已停用" if ok and account is not None else "账号或密码错误", address=address)
        if ok and account is not None:
            raise LoginFailed("该账号已停用，请联系管理员。")
        raise LoginFailed("账号或密码错误，请重新输入。")
    if _hasher.check_needs_rehash(stored):
        _execute(store, "auth/set_password", username=username, password_hash=_hasher.hash(password))
        account = get_account(store, username)
    auditlog.record(store, "login", username, target="账号密码", address=address)
    return account


def unlock(store: Store, username: str, by: str | None, address: str | None = None) -> None:
    """An admin lifts the lock-out of an account (its failed logins stop counting); recorded in the audit log."""
    if get_account(store, username) is None:
        raise AuthError(f"账号“{username}”不存在。")
    _execute(store, "auth/unlock", username=username)
    auditlog.record(store, "account", by, target=f"解除账号 {username} 的登录锁定", address=address)


def login_identity(store: Store, account: Account, method: str, address: str | None = None) -> None:
    """Record a login through OIDC or the SSO proxy."""
    auditlog.record(store, "login", account.username, target=method, address=address)


def logout(store: Store, account: Account, address: str | None = None) -> None:
    """End every session of the account (its cookies stop working) and record it."""
    _execute(store, "auth/end_sessions", username=account.username)
    auditlog.record(store, "logout", account.username, address=address)


# Signed session tokens (the cookie) -----------------------------------------------------------
def _secret(store: Store) -> bytes:
    value = store.setting(SESSION_SECRET_SETTING)
    if not value:
        with store.exclusive():     # two processes starting at once agree on one secret
            value = store.setting(SESSION_SECRET_SETTING)
            if not value:
                value = secrets.token_hex(32)
                store.set_setting(SESSION_SECRET_SETTING, value)
    return value.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_session(store: Store, account: Account, now: dt.datetime | None = None) -> str:
    """A token for the session cookie: user name, expiry and the account's session epoch, signed."""
    expires = int(((now or _now()) + dt.timedelta(hours=SESSION_HOURS)).timestamp())
    body = _b64(f"{account.username}\n{expires}\n{account.session_epoch}".encode())
    sig = _b64(hmac.new(_secret(store), body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def account_from_session(store: Store, token: str | None, now: dt.datetime | None = None) -> Account | None:
    """The account a session token stands for, or None when it is forged, expired or outdated
    (logged out, password changed, account changed or disabled)."""
    if not token or "." not in token:
        return None
    body, sig = token.rsplit(".", 1)
    expected = _b64(hmac.new(_secret(store), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(sig, expected):
        return None
    try:
        username, expires, epoch = _unb64(body).decode().split("\n")
        expires_at, epoch_n = int(expires), int(epoch)
    except (ValueError, UnicodeDecodeError):
        return None
    if (now or _now()).timestamp() >= expires_at:
        return None
    account = get_account(store, username)
    if account is None or not account.active or account.session_epoch != epoch_n:
        return None
    return account


def still_valid(store: Store, account: Account) -> Account | None:
    """The account as the store has it now, if it is still active and its sessions were not ended."""
    current = get_account(store, account.username)
    if current is None or not current.active or current.session_epoch != account.session_epoch:
        return None
    return current


def session_expiry(token: str | None) -> dt.datetime | None:
    """When a session token (already checked by account_from_session) expires; None for anything else."""
    try:
        return dt.datetime.fromtimestamp(int(_unb64(token.rsplit(".", 1)[0]).decode().split("\n")[1]))
    except (AttributeError, ValueError, IndexError, UnicodeDecodeError):
        return None


def download_account(store: Store, account: Account | None, area: Area | None, expires: dt.datetime | None = None,
                     need: str = "view", now: dt.datetime | None = None) -> Account | None:
    """Who a file is built for, checked at the moment it is built (a download button builds its file on click, long
    after the page was drawn): the account as the store has it now, None for the demo visitor of a demo-only store.
    Forbidden for a logged-out, expired, disabled or changed account; OutOfScope for an area outside its scope."""
    if account is None or account is DEMO_VISITOR or not account.username:
        if needs_login(store):
            raise Forbidden("请先登录，再下载文件。")
        require(DEMO_VISITOR, need)
        return None
    if expires is not None and (now or _now()) >= expires:
        raise Forbidden("登录已过期，请重新登录后再下载。")
    current = still_valid(store, account)
    if current is None:
        raise Forbidden("账号已退出登录、已停用或已被修改，请重新登录后再下载。")
    require(current, need)
    scoped_area(current.scope, area)
    return current


# First admin and the one-time setup token -----------------------------------------------------
def new_setup_token(store: Store) -> str | None:
    """A one-time token for creating the first admin from a browser that is not on this machine;
    None when an admin exists. Only its hash is kept."""
    if admin_exists(store):
        return None
    token = secrets.token_urlsafe(12)
    store.set_setting(SETUP_TOKEN_SETTING, hashlib.sha256(token.encode()).hexdigest())
    return token


def setup_token_ok(store: Store, token: str | None) -> bool:
    stored = store.setting(SETUP_TOKEN_SETTING)
    if not stored or not token:
        return False
    return hmac.compare_digest(stored, hashlib.sha256(token.strip().encode()).hexdigest())


def create_first_admin(store: Store, username: str, password: str, local: bool, token: str | None = None,
                       address: str | None = None) -> Account:
    """The first admin account: only while there is none, and only from this machine or with the setup token."""
    if admin_exists(store):
        raise Forbidden("已有管理员账号。请用管理员账号登录后在“管理”页新建账号。")
    if not local and not setup_token_ok(store, token):
        raise Forbidden("只有在服务器本机上，或输入 scripts/run.sh 启动时显示的一次性设置码，才能创建第一个管理员账号。")
    account = create_account(store, username, "admin", password, by=username, address=address)
    store.set_setting(SETUP_TOKEN_SETTING, "")    # used once
    auditlog.record(store, "login", account.username, target="创建第一个管理员账号", address=address)
    return account


# OIDC (st.login) and the trusted SSO header ----------------------------------------------------
def oidc_providers(secrets_: Mapping) -> list[str | None]:
    """The st.login providers .streamlit/secrets.toml configures: None for a bare [auth] with client_id,
    and the name of every [auth.NAME] section with one. Empty when OIDC is not set up."""
    auth = secrets_.get("auth") if hasattr(secrets_, "get") else None
    if not auth or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return []
    providers: list[str | None] = [None] if auth.get("client_id") else []
    providers += [name for name, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")]
    return providers


def account_for_identity(store: Store, claims: Mapping) -> Account | None:
    """The active account an OIDC identity (st.user) answers to: its external id matching the e-mail,
    subject or preferred user name, else its user name matching the e-mail or preferred user name."""
    email = _clean(claims.get("email"))
    subject = _clean(claims.get("sub"))
    name = _clean(claims.get("preferred_username"))
    if not (email or subject or name):
        return None
    row = store.query_row("auth/account_for_identity", email=email, subject=subject, preferred=name)
    return get_account(store, row["username"]) if row else None


def trusted_header_configured(mapping: Mapping | None) -> bool:
    """server.trustedUserHeaders maps some header to st.user['ledgerboard_user']."""
    return isinstance(mapping, Mapping) and TRUSTED_USER_KEY in mapping.values()


def account_for_header(store: Store, user_info: Mapping) -> Account | None:
    """The active account named by the SSO proxy's user header."""
    name = _clean(user_info.get(TRUSTED_USER_KEY))
    if not name:
        return None
    account = get_account(store, name)
    if account is None:
        row = store.query_row("auth/account_for_identity", email=name, subject=name, preferred=name)
        account = get_account(store, row["username"]) if row else None
    return account if account is not None and account.active else None


# Reveal one person ----------------------------------------------------------------------------
def find_people(store: Store, account: Account, query: str):
    """Household heads and members named or numbered `query` within the account's scope, masked."""
    from ledgerboard import idnumber

    require(account, "reveal")
    area = scoped_area(account.scope)
    df = store.query("auth/person_search", query=(query or "").strip(), county=area.county, township=area.township)
    df["name_masked"] = df["name"].map(idnumber.mask_name)
    df["id_masked"] = df["id_number"].map(idnumber.mask)
    return df


def reveal(store: Store, account: Account, person: Mapping, reason: str, address: str | None = None) -> dict:
    """One person's full name and ID number, for a stated reason; recorded in the audit log first."""
    from ledgerboard import idnumber

    require(account, "reveal")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise AuthError("请写明查看的理由（至少4个字），例如“核对低保申请材料”。")
    scoped_area(account.scope, Area(county=person.get("county"), township=person.get("township")))
    place = "".join(str(x) for x in (person.get("township"), person.get("village")) if x)
    auditlog.record(store, "reveal", account.username,
                    target=f"{idnumber.mask_name(person['name'])} {idnumber.mask(person['id_number'])}",
                    area=place or None, reason=reason, subject=auditlog.subject_key(person["id_number"]),
                    address=address)
    return {"name": person["name"], "id_number": person["id_number"]}


# Settings ---------------------------------------------------------------------------------------
SETTINGS = {"line_region": "贫困线标准", "exit_region": "贫困村出列标准（地区）"}


def setting_choices(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {k: [] for k in SETTINGS}
    for key, value in store.query_rows("auth/setting_choices"):
        out[key].append(value)
    return out


def change_setting(store: Store, account: Account | None, key: str, value: str, address: str | None = None) -> None:
    """An admin changes the poverty-line region or the exit-threshold region; recorded in the audit log."""
    require(account, "settings")
    choices = setting_choices(store)
    if key not in SETTINGS or value not in choices[key]:
        raise AuthError(f"设置“{SETTINGS.get(key, key)}”不能取值“{value}”，可选：{'、'.join(choices.get(key, []))}。")
    before = store.setting(key)
    if before == value:
        return
    store.set_setting(key, value)
    auditlog.record(store, "setting", account.username, target=f"{SETTINGS[key]}：{before} → {value}", address=address)
