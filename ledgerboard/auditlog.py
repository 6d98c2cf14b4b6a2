"""The audit log: who logged in, imported, undid, downloaded, looked up a person or changed an account
or a setting — when, what, which area and from which address.

Append-only: this module writes with one INSERT (queries/log/insert.sql) and no query in queries/
updates or deletes a row of audit_log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pandas as pd

from ledgerboard import idnumber
from ledgerboard.sanitize import mask_numbers
from ledgerboard.store import Store, sql_text

LOCAL = "本机"     # the address recorded for localhost and the command line
ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "import": "导入",
    "import_refused": "导入被拒绝",
    "undo": "撤销导入",
    "download": "下载",
    "reveal": "查看个人完整信息",
    "account": "账号变更",
    "setting": "设置变更",
}
COLUMNS = {"logged_at": "时间", "username": "账号", "action": "操作", "target": "对象", "area": "地区", "reason": "理由",
           "address": "来源地址"}


def subject_key(id_number: str | None) -> str | None:
    """A revealed person's key in the log: a hash of the ID number, so the log can be searched for one
    person without holding the number itself."""
    if not id_number:
        return None
    return hashlib.sha256(idnumber.clean(str(id_number)).encode()).hexdigest()


# What the log keeps of a user-supplied text: at most this many characters (a typed user name of 1 MB is not kept
# whole), control characters written as escapes (a name with a newline cannot forge a line of `ledgerboard log`).
LIMITS = {"username": 64, "target": 500, "area": 200, "reason": 500, "address": 64}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def bounded(text: str | None, limit: int) -> str | None:
    """`text` as the log stores it: control characters escaped (\\n, \\t, \\x00), cut to `limit` characters with
    the original length named."""
    if text is None:
        return None
    typed = len(str(text))
    text = _CONTROL.sub(lambda m: _ESCAPES.get(m.group(0), f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                                                     else f"\\u{ord(m.group(0)):04x}"), str(text))
    if len(text) > limit:
        text = f"{text[:limit]}…（共{typed:,}字）"
    return text


def record(store: Store, action: str, username: str | None, target: str | None = None, area: str | None = None,
           reason: str | None = None, subject: str | None = None, address: str | None = None) -> None:
    """Append one entry. Every text is bounded and escaped; ID and phone numbers in the target, area and reason
    (a file name, a header) are masked — the log never holds one."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    username = bounded(username, LIMITS["username"])
    target, area, reason = (bounded(mask_numbers(x) if isinstance(x, str) else x, LIMITS[k])
                            for k, x in (("target", target), ("area", area), ("reason", reason)))
    address = bounded(address, LIMITS["address"])
    with store.transaction() as cur:
        sql = sql_text("log/insert")
        cur.execute(sql, {"username": username, "action": action, "target": target, "area": area, "reason": reason,
                          "subject": subject, "address": address or LOCAL})


def parse_day(text: str | None) -> dt.datetime | None:
    """'2026-11-23' → that day's midnight; None stays None. A ValueError names the expected form."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"日期“{text}”的格式不对，请写成 2026-11-23 这样的形式。") from None


def entries(store: Store, username: str | None = None, action: str | None = None, since: dt.datetime | None = None,
            until: dt.datetime | None = None, id_number: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """Log entries, newest first; each filter left None matches everything."""
    return store.query("log/entries", username=username or None, action=action or None, since=since, until=until,
                       subject=subject_key(id_number), limit=limit)


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Entries with Chinese headers and action names, for the 管理 page."""
    out = df[list(COLUMNS)].rename(columns=COLUMNS)
    out["操作"] = out["操作"].map(lambda a: ACTIONS.get(a, a))
    for col in ("对象", "地区"):     # entries written before targets were masked (older stores)
        out[col] = out[col].map(lambda t: mask_numbers(t) if isinstance(t, str) else t)
    out["时间"] = pd.to_datetime(out["时间"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out.astype(object).where(out.notna(), None)


def as_json_rows(df: pd.DataFrame) -> list[dict]:
    """Entries as plain dicts for `python -m ledgerboard log --json`."""
    rows = []
    for r in df.to_dict("records"):
        rows.append({k: (None if v is None or (isinstance(v, float) and v != v) else
                         str(v) if isinstance(v, (pd.Timestamp, dt.datetime)) else v) for k, v in r.items()})
    return rows
