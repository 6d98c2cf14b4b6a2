"""Shared fixtures: stores loaded with the small core ledgers or the demo county."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from ledgerboard import DEMO_DIR
from ledgerboard.importer import import_file
from ledgerboard.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CORE = FIXTURES / "core"
ARTIFACTS = Path(__file__).parent / "artifacts"


def load_core(store: Store) -> None:
    for f in sorted(CORE.glob("*.xlsx")):
        r = import_file(store, f)
        assert r["status"] == "imported", r


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()




@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A DuckDB file with the demo county loaded once per session; copy it before writing."""
    from ledgerboard.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    results = load_demo(s, DEMO_DIR)
    assert all(r["status"] == "imported" for r in results), [r for r in results if r["status"] != "imported"][:1]
    s.close()
    return path


@contextlib.contextmanager
def store_copy(src: Path, path: Path):
    """A private copy (at `path`) of the store file `src`, open; closed afterwards."""
    shutil.copy(src, path)
    s = Store(path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def core_db(tmp_path_factory) -> Path:
    """A DuckDB file with the six core ledgers imported once per session; copy it before writing."""
    path = tmp_path_factory.mktemp("core") / "core.duckdb"
    s = Store(path)
    load_core(s)
    s.close()
    return path


@pytest.fixture
def core_store(core_db, tmp_path) -> Store:
    """A private copy of the core store that a test may write to (a copy, not a re-import: 59 tests use it)."""
    with store_copy(core_db, tmp_path / "core.duckdb") as s:
        yield s


@pytest.fixture
def demo_store(demo_db, tmp_path) -> Store:
    """A private copy of the demo store that a test may write to."""
    with store_copy(demo_db, tmp_path / "demo.duckdb") as s:
        yield s


@contextlib.contextmanager
def app_on(path: Path, monkeypatch, copy_of: Path | None = None):
    """The app (AppTest) pointed at the store file `path` (first a copy of `copy_of`, when given), with Streamlit's
    caches empty before and after."""
    import streamlit as st

    if copy_of is not None:
        shutil.copy(copy_of, path)
    monkeypatch.setenv("LEDGERBOARD_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        yield path
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


@pytest.fixture
def app_db(demo_db, tmp_path, monkeypatch) -> Path:
    """Point the app (AppTest) at a private copy of the demo store."""
    with app_on(tmp_path / "app.duckdb", monkeypatch, copy_of=demo_db) as path:
        yield path


# Accounts: a store with real data needs an admin to import into it and a login to show it (issue 13).
ADMIN, ADMIN_PASSWORD = "管理员", "secret-123"


def with_admin(path) -> str:
    """The store file at `path` with an admin account (created once); its path as a string for --db."""
    from ledgerboard import auth

    s = Store(path)
    if not auth.admin_exists(s):
        auth.create_account(s, ADMIN, "admin", ADMIN_PASSWORD, by="test")
    s.close()
    return str(path)


def login_app(at, username: str = ADMIN, password: str = ADMIN_PASSWORD):
    """Log an AppTest in through the login form it shows."""
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload_page_as_admin(db):
    """数据上传 (AppTest) on the store file `db`, logged in as the admin (created if missing; imports need one)."""
    from streamlit.testing.v1 import AppTest

    with_admin(db)
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    at.run()
    return login_app(at)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium shared by a browser test module."""
    from tests.browser_util import launch_chromium

    with launch_chromium() as b:
        yield b


@pytest.fixture(scope="module")
def demo_server(demo_db, tmp_path_factory):
    """The app serving a private copy of the demo store (no login: demo data), shared by a browser test module."""
    from tests.browser_util import running_app

    db = tmp_path_factory.mktemp("demo-server") / "app.duckdb"
    shutil.copy(demo_db, db)
    with running_app(db) as url:
        yield url
