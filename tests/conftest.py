"""Shared fixtures: stores loaded with the small core ledgers or the demo county (built once per run), the demo
county's packs, and for browser tests one Chromium and one server of each kind per worker (browser_util.py has the
page helpers)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
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


# Under `-n` (pytest.ini: --dist loadgroup) the tests of a group run on one worker: the modules whose module-scoped
# fixtures are costly build them once, and the pack modules share the packs (demo_packs) and the PNG cache; every
# other test is handed out on its own. Named here, by file: xdist 3.8 reads xdist_group marks by rewriting node ids,
# which pytest 9 no longer looks at.
XDIST_GROUPS = {"test_audit.py": "audit", "test_audit_era.py": "audit_era", "test_bench.py": "bench",
                "test_demo.py": "demo_files", "test_hostile_places.py": "hostile_places", "test_integrity.py": "integrity",
                "test_areas_browser.py": "areas_browser", "test_pack.py": "pack", "test_pack_era.py": "pack",
                "test_pack_visual.py": "pack", "test_memo.py": "pack"}


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return XDIST_GROUPS.get(nodeid.split("::", 1)[0].rsplit("/", 1)[-1], nodeid)

    return GroupScheduling(config, log)


def load_core(store: Store) -> None:
    for f in sorted(CORE.glob("*.xlsx")):
        r = import_file(store, f)
        assert r["status"] == "imported", r


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A file of this worker's own, `name`, that build(path) writes, built once per test run: under xdist the
    first worker to ask builds it in the run's shared temp folder while the others wait, and each worker gets a
    copy (a test may open it; two processes cannot open one DuckDB file)."""
    path = tmp_path_factory.mktemp(Path(name).stem) / name
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        build(path)
        return path
    shared = tmp_path_factory.getbasetemp().parent          # one folder for every worker of this run
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / name).exists():
            partial = shared / f"{name}.partial" / name
            shutil.rmtree(partial.parent, ignore_errors=True)       # what a failed build left
            partial.parent.mkdir()
            build(partial)
            os.replace(partial, shared / name)
    shutil.copy(shared / name, path)
    return path


def _load_demo(path: Path) -> None:
    from ledgerboard.demo import load_demo

    s = Store(path)
    results = load_demo(s, DEMO_DIR)
    assert all(r["status"] == "imported" for r in results), [r for r in results if r["status"] != "imported"][:1]
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A DuckDB file with the demo county loaded once per run (for every worker); copy it before writing."""
    return built_once(tmp_path_factory, "demo.duckdb", _load_demo)


@contextlib.contextmanager
def store_copy(src: Path, path: Path):
    """A private copy (at `path`) of the store file `src`, open; closed afterwards."""
    shutil.copy(src, path)
    s = Store(path)
    try:
        yield s
    finally:
        s.close()


def _load_core(path: Path) -> None:
    s = Store(path)
    load_core(s)
    s.close()


@pytest.fixture(scope="session")
def core_db(tmp_path_factory) -> Path:
    """A DuckDB file with the six core ledgers imported once per run; copy it before writing."""
    return built_once(tmp_path_factory, "core.duckdb", _load_core)


class DemoPacks:
    """The demo county's 汇报材料 (whole county), each built once per worker for the modules that read them."""

    def __init__(self, store: Store):
        self.store, self._built, self._content = store, {}, {}

    def build(self, year: int, fmt: str, today) -> tuple[str, bytes]:
        """(file name, bytes) of pack.build for the county; the three formats written from one collected content
        (pack.build collects it for each: the same content, drawn three times)."""
        from ledgerboard.pack import archive, report, slides

        key = (year, fmt, today)
        if key not in self._built:
            content = self.content(year, today)
            writer = {"pptx": slides.pptx_bytes, "docx": report.docx_bytes, "zip": archive.zip_bytes}[fmt]
            self._built[key] = f"{archive.safe_name(content.file_stem)}.{fmt}", writer(content)
        return self._built[key]

    def content(self, year: int, today):
        """pack.content.collect for the county (what the builds draw); not to be changed by a test."""
        from ledgerboard.area import Area
        from ledgerboard.pack.content import collect

        key = (year, today)
        if key not in self._content:
            self._content[key] = collect(self.store, year, Area(), today=today)
        return self._content[key]


@pytest.fixture(scope="session")
def demo_packs(demo_db, tmp_path_factory):
    """DemoPacks on a copy of the demo store that nothing writes to."""
    with store_copy(demo_db, tmp_path_factory.mktemp("demo-packs") / "demo.duckdb") as s:
        yield DemoPacks(s)


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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one per worker for the whole session. A test opens its pages with browser.new_page(...) or
    browser.new_context(...): each is a fresh context (no cookie, no session of another test)."""
    from tests.browser_util import launch_chromium

    with launch_chromium() as b:
        yield b


@contextlib.contextmanager
def served_copy(src: Path, folder: Path, prepare=None):
    """The app serving a private copy of the store file `src` (in `folder`), after `prepare(path)` when given;
    yields (base URL, path of the copy)."""
    from tests.browser_util import running_app

    db = folder / src.name
    shutil.copy(src, db)
    if prepare is not None:
        prepare(db)
    with running_app(db) as url:
        yield url, db


@pytest.fixture(scope="session")
def demo_server(demo_db, tmp_path_factory):
    """The app serving a copy of the demo store (no login: demo data), shared by every browser test that only reads
    (one server per worker). A test that imports, undoes or must read its own audit log starts its own."""
    with served_copy(demo_db, tmp_path_factory.mktemp("demo-server")) as (url, _):
        yield url


@pytest.fixture(scope="session")
def accounts_server(demo_db, tmp_path_factory):
    """The app on real data (the demo store after a real import) with the accounts of
    test_auth_pages.with_real_data_and_accounts: admin, jia (填报, 甲镇) and leader (查看). Shared by the tests that
    log in and read; the admin's reveal and downloads are the only entries in its audit log."""
    from tests.test_auth_pages import with_real_data_and_accounts

    with served_copy(demo_db, tmp_path_factory.mktemp("accounts-server"), with_real_data_and_accounts) as (url, _):
        yield url


UPLOADER, UPLOADER_PASSWORD = "填报员", "secret-123"


def with_admin_and_uploader(path) -> None:
    """The demo store at `path` with the admin (ADMIN) and an unscoped 填报 account (UPLOADER)."""
    from ledgerboard import auth

    with_admin(path)
    s = Store(path)
    auth.create_account(s, UPLOADER, "analyst", UPLOADER_PASSWORD, by=ADMIN)
    s.close()


@pytest.fixture(scope="session")
def upload_server(demo_db, tmp_path_factory):
    """The demo store served with an admin and a 填报 account, for browser tests of 数据上传 that import nothing
    (previews, refusals, template downloads): an import would end the demo for every later test."""
    with served_copy(demo_db, tmp_path_factory.mktemp("upload-server"), with_admin_and_uploader) as (url, _):
        yield url


@pytest.fixture
def private_upload_server(demo_db, tmp_path):
    """Like upload_server, but a store of the test's own: for a test that imports."""
    with served_copy(demo_db, tmp_path, with_admin_and_uploader) as (url, _):
        yield url


def chart_title(chart) -> str:
    """The title of a page's plotly chart (an AppTest element or its spec as a dict) on one line: a chart shown in
    half a row has a long title broken over two (figures.half_width_title)."""
    spec = json.loads(chart.proto.spec) if hasattr(chart, "proto") else chart
    return spec["layout"]["title"]["text"].replace("<br>", "")
