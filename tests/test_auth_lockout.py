"""Issue 19, item 6: a lock-out that holds — atomic under simultaneous attempts, not extended by attempts while
locked, cleared by a password reset or an admin's unlock, and bounded per address too."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from ledgerboard import auditlog, auth
from tests.test_auth_pages import real_db  # noqa: F401  (the fixture)

PASSWORD = "secret-123"


def fail(store, username="jia", address=None, times=1):
    for _ in range(times):
        with pytest.raises(auth.LoginFailed):
            auth.authenticate(store, username, "wrong-password", address)


@pytest.fixture
def accounts(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    auth.create_account(store, "jia", "analyst", PASSWORD, by="admin", township="甲镇")
    return store


def attempts(store, passwords: list[str]) -> list[str]:
    """Every password tried at once (threads released together) for "jia"; the outcome of each: 'ok' or the refusal."""
    barrier = threading.Barrier(len(passwords))
    out: list[str] = [""] * len(passwords)

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            auth.authenticate(store, "jia", passwords[i], "10.0.0.7")
            out[i] = "ok"
        except auth.LoginFailed as exc:
            out[i] = str(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(passwords))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_twelve_simultaneous_wrong_attempts_count_five_and_refuse_seven(accounts):
    out = attempts(accounts, ["wrong-password"] * 12)
    assert sum("账号或密码错误" in o for o in out) == 5
    assert sum("账号已锁定" in o for o in out) == 7
    with pytest.raises(auth.LoginFailed, match="账号已锁定"):
        auth.authenticate(accounts, "jia", PASSWORD)
    targets = list(auditlog.entries(accounts, action="login_failed")["target"])
    assert targets.count("账号或密码错误") == 5 and targets.count(auth.LOCKED) == 8


def test_the_right_password_among_simultaneous_wrong_ones_never_gets_in_after_five_failures(accounts):
    out = attempts(accounts, ["wrong-password"] * 11 + [PASSWORD])
    log = auditlog.entries(accounts, username="jia").sort_values("id")        # in the order they were written
    actions = list(zip(log["action"], log["target"]))
    if out[-1] == "ok":      # it came in before the fifth failure: legitimately
        before = actions[:actions.index(("login", "账号密码"))]
        assert sum(t == "账号或密码错误" for _, t in before) < auth.MAX_FAILURES
        assert sum("账号或密码错误" in o for o in out) <= 2 * auth.MAX_FAILURES
    else:
        assert "账号已锁定" in out[-1]
        assert sum("账号或密码错误" in o for o in out) == auth.MAX_FAILURES


def test_attempts_while_locked_do_not_extend_the_lock(accounts):
    fail(accounts, times=auth.MAX_FAILURES)
    until = auth.locked_until(accounts, "jia")
    assert until is not None
    for _ in range(3):
        with pytest.raises(auth.LoginFailed, match="账号已锁定"):
            auth.authenticate(accounts, "jia", PASSWORD)
    assert auth.locked_until(accounts, "jia") == until
    assert auth.locked_until(accounts, "jia", now=until + dt.timedelta(seconds=1)) is None


def test_a_password_reset_unlocks_the_account(accounts):
    fail(accounts, times=auth.MAX_FAILURES)
    assert auth.locked_until(accounts, "jia") is not None
    auth.set_password(accounts, "jia", "new-secret-1", by="admin")
    assert auth.locked_until(accounts, "jia") is None
    assert auth.authenticate(accounts, "jia", "new-secret-1").username == "jia"


def test_an_admin_unlock_clears_the_lock_and_is_logged(accounts):
    fail(accounts, times=auth.MAX_FAILURES)
    auth.unlock(accounts, "jia", by="admin")
    assert auth.locked_until(accounts, "jia") is None
    assert auth.authenticate(accounts, "jia", PASSWORD).username == "jia"
    assert "解除账号 jia 的登录锁定" in list(auditlog.entries(accounts, action="account")["target"])
    fail(accounts, times=auth.MAX_FAILURES - 1)          # the count starts afresh
    assert auth.locked_until(accounts, "jia") is None


def test_many_user_names_from_one_address_are_bounded(accounts):
    for i in range(auth.MAX_FAILURES_PER_ADDRESS):
        fail(accounts, username=f"guess{i}", address="10.0.0.9")
    with pytest.raises(auth.LoginFailed, match="登录失败的次数过多"):
        auth.authenticate(accounts, "admin", PASSWORD, "10.0.0.9")       # even a right password from there
    assert auth.authenticate(accounts, "admin", PASSWORD, "10.0.0.10").username == "admin"   # another address
    until = auth.address_locked_until(accounts, "10.0.0.9")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(accounts, "jia", PASSWORD, "10.0.0.9")
    assert auth.address_locked_until(accounts, "10.0.0.9") == until      # refused attempts do not extend it


def test_the_admin_page_unlocks_a_locked_account(real_db):
    from ledgerboard.store import Store
    from tests.test_auth_pages import app, login

    s = Store(real_db)
    try:
        fail(s, times=auth.MAX_FAILURES)
        assert auth.locked_until(s, "jia") is not None
    finally:
        s.close()
    at = login(app(year=2019), "admin")
    at.switch_page("pages/admin.py").run()
    at.selectbox(key="edit_username").set_value("jia").run()
    assert any("已锁定到" in c.value for c in at.caption), [c.value for c in at.caption]
    unlock = next(b for b in at.button if b.label == "解除登录锁定")
    assert not unlock.disabled
    unlock.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.success] == ["已解除账号“jia”的登录锁定。"]
    s = Store(real_db)
    try:
        assert auth.locked_until(s, "jia") is None
        assert auth.authenticate(s, "jia", PASSWORD).username == "jia"
    finally:
        s.close()
