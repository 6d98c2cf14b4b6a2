"""The shared mode (LEDGERBOARD_SHARED=1, issue 26): several app processes and the CLI on one store.

The store lock first (ledgerboard/filelock.py: a writer waits for the readers inside and keeps new ones out, also
between processes, and a dead holder's lock is free), then what a reader sees while another process writes (nothing
half-written, also after a writer killed before or after its commit), the login lock-out counted across processes,
and last two real app processes and three CLI imports at once (a browser test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from ledgerboard import auth, auditlog
from ledgerboard.filelock import LockTimeout, StoreLock
from ledgerboard.importer import import_file
from ledgerboard.indicators import metrics
from ledgerboard.shared_store import SharedStore, open_store
from ledgerboard.store import StoreBusy
from tests.conftest import CORE, ROOT

SHARED = {"LEDGERBOARD_SHARED": "1"}
PASSWORD = "secret-123"


def until(condition, what: str, seconds: float = 60) -> None:
    """Wait for `condition` (a step of the test to be reached, not a speed to be met)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.01)


def cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    """`python -m ledgerboard …` in the shared mode, started (not waited for)."""
    return subprocess.Popen([sys.executable, "-m", "ledgerboard", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **SHARED, **(env or {})})


def finished(p: subprocess.Popen) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def jia_store(path: Path) -> Path:
    """A store of the villages and 甲镇's 2019 households (4 households, 10 people, 2 poor) with an admin."""
    s = SharedStore(path)
    for f in ("villages.xlsx", "households_2019_甲镇.xlsx"):
        assert import_file(s, CORE / f)["status"] == "imported"
    auth.create_account(s, "admin", "admin", PASSWORD, by="test")
    s.close()
    return path


# The lock ---------------------------------------------------------------------------------------------------------
def test_a_writer_waits_for_the_reader_inside_and_keeps_new_readers_out(tmp_path):
    lock = StoreLock(tmp_path / "s.duckdb")
    reader = lock.shared(wait=5)
    writing, done = threading.Event(), threading.Event()

    def write():
        with lock.exclusive(wait=60):
            writing.set()
            done.wait(60)

    writer = threading.Thread(target=write)
    writer.start()
    until(lock.writer_waiting, "the writer at the gate")
    assert not writing.is_set()                  # the reader inside holds it off …
    with pytest.raises(LockTimeout):
        lock.shared(wait=0.2)                    # … and a new reader waits behind the waiting writer
    reader.release()
    assert writing.wait(60)
    with pytest.raises(LockTimeout):
        lock.shared(wait=0.2)                    # a reader waits for the writer
    done.set()
    writer.join()
    lock.shared(wait=5).release()
    assert not lock.writer_waiting()


HOLD = ("import sys; from pathlib import Path; from ledgerboard.filelock import StoreLock; "
        "held = StoreLock(Path(sys.argv[1])).exclusive(60); print('held', flush=True); sys.stdin.read()")


def test_the_lock_holds_between_processes_and_dies_with_its_holder(tmp_path):
    path = tmp_path / "s.duckdb"
    lock = StoreLock(path)
    for end in ("close stdin", "kill"):
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=ROOT, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert holder.stdout.readline().strip() == "held"
        assert lock.writer_waiting()
        with pytest.raises(LockTimeout):
            lock.shared(wait=0.2)
        with pytest.raises(LockTimeout):
            lock.exclusive(wait=0.2)
        if end == "kill":
            holder.kill()                          # SIGKILL: the kernel lets go of its locks
        else:
            holder.stdin.close()
        holder.wait(30)
        lock.exclusive(wait=5).release()
        lock.shared(wait=5).release()


# Readers and writers of the store ---------------------------------------------------------------------------------
def test_a_reader_never_sees_a_half_written_import(tmp_path):
    path = jia_store(tmp_path / "s.duckdb")
    writer, reader = SharedStore(path), SharedStore(path, wait=0.3)
    before = reader.data_version()
    assert metrics(reader, 2019)["registered_households"] == 4
    inside, finish = threading.Event(), threading.Event()

    def write():
        with writer.transaction():
            assert import_file(writer, CORE / "households_2019_乙乡.xlsx")["status"] == "imported"
            inside.set()
            finish.wait(60)

    t = threading.Thread(target=write)
    t.start()
    assert inside.wait(120)
    assert reader.data_version() == before       # the published version is the committed one …
    with pytest.raises(StoreBusy):
        metrics(reader, 2019)                     # … and nobody reads while the writer holds the store
    finish.set()
    t.join()
    assert reader.data_version() != before
    m = metrics(reader, 2019)
    assert (m["registered_households"], m["registered_population"], m["poor_households"]) == (6, 17, 3)
    writer.close()
    reader.close()


@pytest.mark.parametrize("step, households, logged", [("import:rollups", 4, 0), ("store:unpublished", 6, 1)])
def test_a_writer_killed_before_or_after_its_commit(tmp_path, step, households, logged):
    """Killed before the commit: nothing of the import. Killed just after it (no data version published, the
    write-ahead log not checkpointed into the file): all of it, for every process that opens the store next."""
    path = jia_store(tmp_path / "s.duckdb")
    code, _, err = finished(cli("import", str(CORE / "households_2019_乙乡.xlsx"), "--db", str(path),
                                env={"LEDGERBOARD_KILL_AT": step}))
    assert code == -9, err
    if step == "store:unpublished":
        assert path.with_name("s.duckdb.wal").exists() and not path.with_name("s.duckdb.version").exists()
    reader = SharedStore(path, wait=5)           # the lock is free: the kernel released the dead writer's
    assert metrics(reader, 2019)["registered_households"] == households
    assert len(auditlog.entries(reader, action="import")) == logged
    reader.close()
    code, out, err = finished(cli("import", str(CORE / "households_2019_乙乡.xlsx"), "--db", str(path), "--json"))
    assert code == 0, err
    assert json.loads(out)["replaced"] == (2 if households == 6 else 0)
    code, out, _ = finished(cli("metrics", "--year", "2019", "--db", str(path), "--json"))
    assert json.loads(out)["registered_households"] == 6


LOGINS = ("import sys; from pathlib import Path; from ledgerboard import auth; "
          "from ledgerboard.shared_store import SharedStore; s = SharedStore(Path(sys.argv[1])); "
          "print(sys.stdin.readline(), flush=True)\n"
          "for _ in range(6):\n"
          "    try: auth.authenticate(s, 'leader', 'wrong-password', address=sys.argv[2])\n"
          "    except auth.LoginFailed as exc: print(exc, flush=True)\n")


def test_the_login_lock_out_counts_the_failures_of_every_process(tmp_path):
    """Two processes try six wrong passwords each at once: exactly five count, the other seven find the name locked
    (each check, verification and count is one step under the exclusive store lock), and then the right password
    is refused too."""
    path = tmp_path / "s.duckdb"
    s = SharedStore(path)
    auth.create_account(s, "leader", "viewer", PASSWORD, by="test")
    procs = [subprocess.Popen([sys.executable, "-c", LOGINS, str(path), address], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE) for address in ("10.0.0.1", "10.0.0.2")]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    failed = auditlog.entries(s, username="leader", action="login_failed")
    assert Counter(failed["target"]) == {"账号或密码错误": 5, auth.LOCKED: 7}
    assert sum(out.count("账号或密码错误") for out in outputs) == 5
    with pytest.raises(auth.LoginFailed, match="已锁定"):
        auth.authenticate(s, "leader", PASSWORD, address="10.0.0.3")
    s.close()


def test_open_store_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("LEDGERBOARD_SHARED", raising=False)
    s = open_store(tmp_path / "e.duckdb")
    assert type(s).__name__ == "Store"
    s.close()
    monkeypatch.setenv("LEDGERBOARD_SHARED", "1")
    s = open_store(tmp_path / "s.duckdb")
    assert isinstance(s, SharedStore)
    s.close()


def test_an_upload_through_the_app_while_a_cli_import_runs(tmp_path, monkeypatch):
    """The upload page (AppTest, this process) commits 乙乡's households while a CLI process imports 甲镇's again:
    both land, once each, and the app's next run shows both."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import app_on, login_app

    db = jia_store(tmp_path / "s.duckdb")
    monkeypatch.setenv("LEDGERBOARD_SHARED", "1")
    with app_on(db, monkeypatch):
        at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=120)
        at.run()
        login_app(at, "admin", PASSWORD)
        at.file_uploader[0].set_value([("households_2019_乙乡.xlsx", (CORE / "households_2019_乙乡.xlsx").read_bytes(),
                                        "application/vnd.ms-excel")]).run()
        assert not at.exception, [e.value for e in at.exception]
        other = cli("import", str(CORE / "households_2019_甲镇.xlsx"), "--db", str(db), "--json")
        at.button(key="up_commit").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.success) == 1 and "已导入贫困户台账" in at.success[0].value
        code, out, err = finished(other)
        assert code == 0, err
        assert json.loads(out)["replaced"] == 4
        s = SharedStore(db)
        m = metrics(s, 2019)
        assert (m["registered_households"], m["registered_population"], m["poor_households"]) == (6, 17, 3)
        assert Counter(auditlog.entries(s, action="import")["username"]) == {"admin": 1, "命令行": 1}
        s.close()


# Two app processes and the CLI ------------------------------------------------------------------------------------
def _households(page, url: str) -> str:
    from tests.browser_util import wait_for_app
    from tests.test_auth_browser import metric_value

    page.goto(f"{url}/?year=2019")
    wait_for_app(page)
    value = metric_value(page, "建档立卡")
    value.wait_for(timeout=60_000)
    return value.inner_text()


@pytest.mark.browser
def test_two_app_processes_and_three_cli_imports_on_one_store(tmp_path, monkeypatch, browser):
    from tests.browser_util import login, running_app

    db = jia_store(tmp_path / "shared.duckdb")
    monkeypatch.setenv("LEDGERBOARD_SHARED", "1")
    with running_app(db, name="a") as a, running_app(db, name="b") as b:
        page_a = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page_a.goto(f"{a}/?year=2019")
        login(page_a, "admin", PASSWORD)
        assert _households(page_a, a) == "4户"        # app A has the figures of before in its caches
        # At once: 乙乡's households, 甲镇's again (it replaces its 4, never doubles them), and 甲镇's once more.
        procs = [cli("import", str(CORE / f), "--db", str(db), "--json")
                 for f in ("households_2019_乙乡.xlsx", "households_2019_甲镇.xlsx", "households_2019_甲镇.xlsx")]
        results = []
        for p in procs:
            code, out, err = finished(p)
            assert code == 0, err
            results.append(json.loads(out))
        assert [r["status"] for r in results] == ["imported"] * 3
        assert sorted(r["replaced"] for r in results[1:]) == [4, 4]
        code, out, _ = finished(cli("metrics", "--year", "2019", "--db", str(db), "--json"))
        m = json.loads(out)
        assert (m["registered_households"], m["registered_population"], m["poor_households"]) == (6, 17, 3)
        for url in (a, b):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as r:
                assert r.read() == b"ok"
        assert _households(page_a, a) == "6户"        # another process's imports reached A's caches
        page_b = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page_b.goto(f"{b}/?year=2019")
        login(page_b, "admin", PASSWORD)
        assert _households(page_b, b) == "6户"

        from ledgerboard.upload import undo_batch

        s = SharedStore(db)
        done, message = undo_batch(s, results[0]["batch_id"])
        assert done, message
        s.close()
        code, out, _ = finished(cli("metrics", "--year", "2019", "--db", str(db), "--json"))
        assert json.loads(out)["registered_households"] == 4
        assert _households(page_b, b) == "4户"
        assert _households(page_a, a) == "4户"
        code, out, _ = finished(cli("log", "--db", str(db), "--json"))
        entries = [json.loads(line) for line in out.splitlines()]
        assert Counter(e["action"] for e in entries) == {"import": 3, "undo": 1, "login": 2, "account": 1}
        assert sorted(e["target"] for e in entries if e["action"] == "import") == [
            "households_2019_乙乡.xlsx（命令行，2行）", "households_2019_甲镇.xlsx（命令行，4行）",
            "households_2019_甲镇.xlsx（命令行，4行）"]
