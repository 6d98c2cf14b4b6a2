"""No half-done state survives (issue 19, items 1–3): a kill at any step of an import or an undo, by the CLI or the
app, leaves the store as before or as after, with its rollups and audit log; a half-loaded demo is redone; demo and
real rows never mix; the read-only commands work while the app holds the store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import DEMO_DIR, analysis, auth, upload
from ledgerboard.area import Area
from ledgerboard.importer import import_file
from ledgerboard.indicators import metrics
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from tests import ledgers
from tests.app_driver import undo_newest, upload_page
from tests.app_driver import upload as upload_files
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT, app_on, login_app, with_admin

IMPORT_STEPS = ["import:file_written", "import:audit_logged", "import:rollups", "import:committed"]
UNDO_STEPS = ["undo:rollups", "undo:committed"]


def households_file(path: Path, township: str, first: int, sizes: list[int], county: str = "测试县",
                    village: str | None = None) -> Path:
    rows = [ledgers.household(first + i, 2019, township, village or f"{township[0]}村", size, county=county,
                              status="未脱贫" if i % 2 == 0 else "已脱贫", exit_year=None if i % 2 == 0 else 2019,
                              income=2500 + 700 * i)
            for i, size in enumerate(sizes)]
    return ledgers.write(path, ledgers.HOUSEHOLDS, rows)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """A base store (an admin, 甲镇 imported) and two files of another two townships, imported in one call."""
    d = tmp_path_factory.mktemp("integrity")
    out = {"base_file": households_file(d / "甲镇_2019.xlsx", "甲镇", 1, [3, 4, 2]),
           "yi": households_file(d / "乙镇_2019.xlsx", "乙镇", 10, [5, 1, 2, 3]),
           "bing": households_file(d / "丙镇_2019.xlsx", "丙镇", 20, [2, 6])}
    base = d / "base.duckdb"
    with_admin(base)
    s = Store(base)
    ledgers.load(s, out["base_file"])
    s.close()
    out["base"] = base
    clean = d / "clean.duckdb"       # the same call as the kill tests', not killed
    shutil.copy(base, clean)
    done = run(["-m", "ledgerboard", "import", str(out["yi"]), str(out["bing"]), "--db", str(clean)])
    assert done.returncode == 0, done.stderr
    out["clean"] = clean
    return out


def fingerprint(path: Path) -> dict:
    """What pages and metrics read: figures (the rollup-backed village incidence among them), batches, log."""
    s = Store(path)
    try:
        m = metrics(s, 2019)
        villages = analysis.incidence_by_village(s, 2019, Area())
        cur = s.cursor()
        return {
            "households": m["registered_households"], "population": m["registered_population"],
            "poor": m["poor_households"], "income": m["income_per_capita_mean"],
            "villages": sorted(zip(villages["village"], villages["poor_population"].astype(int))),
            "batches": cur.execute("select count(*) from import_batches where status = 'active'").fetchall()[0][0],
            "logged_imports": cur.execute("select count(*) from audit_log where action = 'import'").fetchall()[0][0],
            "undos": cur.execute("select count(*) from audit_log where action = 'undo'").fetchall()[0][0],
        }
    finally:
        s.close()


def run(args: list[str], kill_at: str | None = None, **env) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k != "LEDGERBOARD_KILL_AT"}, **env}
    if kill_at:
        env["LEDGERBOARD_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


def assert_overview_shows(db: Path, monkeypatch, households: int) -> None:
    """总览 renders (logged in as the admin) and reads the same 建档立卡 as metrics."""
    with app_on(db, monkeypatch):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["year"] = "2019"
        at.run()
        login_app(at)
        assert not at.exception, [e.value for e in at.exception]
        assert {m.label: m.value for m in at.metric}["建档立卡"] == f"{households:,}户"


@pytest.mark.parametrize("step", IMPORT_STEPS)
def test_a_cli_import_killed_at_any_step_is_all_or_nothing(files, tmp_path, monkeypatch, step):
    db = tmp_path / "kill.duckdb"
    shutil.copy(files["base"], db)
    done = run(["-m", "ledgerboard", "import", str(files["yi"]), str(files["bing"]), "--db", str(db)], kill_at=step)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    expected = files["clean"] if step == "import:committed" else files["base"]
    got = fingerprint(db)
    assert got == fingerprint(expected)
    assert got["households"] == (9 if step == "import:committed" else 3)
    assert got["logged_imports"] == (2 if step == "import:committed" else 0)
    assert_overview_shows(db, monkeypatch, got["households"])
    metrics_cli = run(["-m", "ledgerboard", "metrics", "--year", "2019", "--db", str(db), "--json"])
    assert metrics_cli.returncode == 0, metrics_cli.stderr[-2000:]
    assert json.loads(metrics_cli.stdout)["registered_households"] == got["households"]


@pytest.mark.parametrize("step", IMPORT_STEPS)
def test_an_upload_killed_at_any_step_is_all_or_nothing(files, tmp_path, monkeypatch, step):
    db = tmp_path / "kill.duckdb"
    shutil.copy(files["base"], db)
    done = run(["-m", "tests.app_driver", "upload", str(db), ADMIN, ADMIN_PASSWORD, str(files["yi"]),
                str(files["bing"])], kill_at=step)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    got = fingerprint(db)
    assert got == fingerprint(files["clean"] if step == "import:committed" else files["base"])
    assert got["logged_imports"] == (2 if step == "import:committed" else 0)
    assert_overview_shows(db, monkeypatch, got["households"])


def _server_alive(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.browser
@pytest.mark.parametrize("step", ["import:rollups", "import:committed"])
def test_a_served_app_killed_during_an_upload_opens_on_the_state_before_or_after(files, browser, tmp_path, monkeypatch,
                                                                                  step):
    """A real `streamlit run` process dies (kill -9) just before, or just after, the commit of a browser upload of
    two files; restarted, its 总览 shows the figures of the store before the upload, or of a clean import."""
    import time

    from tests.browser_util import login, running_app, wait_for_app

    db = tmp_path / "served.duckdb"
    shutil.copy(files["base"], db)
    monkeypatch.setenv("LEDGERBOARD_KILL_AT", step)
    with running_app(db) as url:
        monkeypatch.delenv("LEDGERBOARD_KILL_AT")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)      # the router first: on a fresh server a deep link alone may open a page without it
        wait_for_app(page)
        login(page, ADMIN, ADMIN_PASSWORD)
        page.goto(f"{url}/upload")
        wait_for_app(page)
        page.get_by_role("heading", name="数据上传").first.wait_for(timeout=120_000)    # slow on a loaded machine
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            [str(files["yi"]), str(files["bing"])])
        page.get_by_text("读取2行，可导入2行，有误0行").wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_role("button", name="导入", exact=True).click()
        deadline = time.monotonic() + 60
        while _server_alive(url) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not _server_alive(url)
        page.close()
    expected = fingerprint(files["clean"] if step == "import:committed" else files["base"])
    with running_app(db) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        wait_for_app(page)
        login(page, ADMIN, ADMIN_PASSWORD)
        page.goto(f"{url}/?year=2019")
        wait_for_app(page)
        metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text("建档立卡", exact=True)).first
        metric.wait_for(timeout=180_000)
        assert metric.locator("[data-testid='stMetricValue']").inner_text() == f"{expected['households']}户"
        assert page.locator("[data-testid='stException']").count() == 0
        page.close()
    got = fingerprint(db)
    assert (got["households"], got["batches"], got["villages"]) == (
        expected["households"], expected["batches"], expected["villages"])


@pytest.mark.parametrize("step", UNDO_STEPS)
def test_an_undo_killed_at_any_step_is_all_or_nothing(files, tmp_path, monkeypatch, step):
    db = tmp_path / "kill.duckdb"
    shutil.copy(files["clean"], db)
    before = fingerprint(db)
    done = run(["-m", "tests.app_driver", "undo", str(db), ADMIN, ADMIN_PASSWORD], kill_at=step)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    got = fingerprint(db)
    if step == "undo:committed":      # the newest import (丙镇, 2 households of 8 people) is gone, its undo logged
        assert (got["households"], got["batches"], got["undos"]) == (7, before["batches"] - 1, 1)
        assert [v for v, _ in got["villages"]] == ["乙村", "甲村"]
    else:
        assert got == before
    assert_overview_shows(db, monkeypatch, got["households"])


def test_a_store_with_stale_rollups_is_repaired_when_opened(files, tmp_path):
    """What an older version left after a crash between its commit and the rollup rebuild: pages, metrics and pack
    work (the store repairs itself when opened) and read the figures of a clean import."""
    db = tmp_path / "stale.duckdb"
    shutil.copy(files["clean"], db)
    s = Store(db)
    s.cursor().execute("delete from rollup_state; delete from household_cause_rollup; delete from known_village_rollup")
    s.close()
    out = run(["-m", "ledgerboard", "metrics", "--year", "2019", "--db", str(db), "--json"])
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["registered_households"] == 9
    pack = run(["-m", "ledgerboard", "pack", "--year", "2019", "--db", str(db), "--out", str(tmp_path / "a.zip")])
    assert pack.returncode == 0, pack.stderr[-2000:]
    assert fingerprint(db) == fingerprint(files["clean"])


# The first start ------------------------------------------------------------------------------------------------
def demo_fingerprint(path: Path) -> tuple:
    s = Store(path)
    try:
        names = sorted(n for n, in s.query_rows("store/demo_files"))
        m = metrics(s, 2019)
        return names, m["registered_households"], m["poor_population"], m["project_investment_wan"]
    finally:
        s.close()


def test_a_half_loaded_demo_is_detected_and_loaded_whole(demo_db, tmp_path, monkeypatch):
    """The state an older version left when the first visitor closed the tab: 5 of the demo ledgers."""
    from ledgerboard.demo import demo_state

    db = tmp_path / "half.duckdb"
    s = Store(db)
    for f in sorted(DEMO_DIR.glob("*.xlsx"))[:5]:
        assert import_file(s, f, origin="demo")["status"] == "imported"
    assert demo_state(s) == "partial"
    s.close()
    with app_on(db, monkeypatch):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.info and "示例数据" in at.info[0].value
    assert demo_fingerprint(db) == demo_fingerprint(demo_db)
    assert len(demo_fingerprint(db)[0]) == len(list(DEMO_DIR.glob("*.xlsx")))   # every demo ledger, 2014–2025


@pytest.mark.browser
def test_first_start_completes_when_the_first_visitor_leaves(browser, tmp_path):
    """The first browser closes a few seconds into the demo import; a second one gets the 总览 chart, and so does one
    after a restart of the server."""
    from tests.browser_util import running_app
    from tests.conftest import ARTIFACTS

    db = tmp_path / "first.duckdb"
    ARTIFACTS.mkdir(exist_ok=True)
    with running_app(db) as url:
        first = browser.new_context()
        page = first.new_page()
        page.goto(url)
        page.get_by_text("第一次启动：正在准备示例数据").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)
        page.screenshot(path=str(ARTIFACTS / "first_start_progress.png"))
        first.close()
        second = browser.new_context(viewport={"width": 1400, "height": 900})
        page = second.new_page()
        page.goto(url)
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=240_000)
        assert page.get_by_text("示例数据").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "first_start_second_visitor.png"))
        second.close()
    with running_app(db) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=120_000)
        assert not page.get_by_text("第一次启动").count()
        page.close()
    names, households, _, _ = demo_fingerprint(db)
    assert len(names) == len(list(DEMO_DIR.glob("*.xlsx"))) and households > 0


# Demo and real data never mix -------------------------------------------------------------------------------------
def test_an_undo_never_brings_the_demo_back_beside_real_rows(app_db, tmp_path, monkeypatch):
    """Issue 19 case 3 through the upload page: the 青松镇 analyst imports 青松镇, the admin one 白云乡 village, the
    analyst undoes theirs. Only the admin's 3 real households remain; nothing of the demo."""
    with_admin(app_db)
    s = Store(app_db)
    auth.create_account(s, "青松填报", "analyst", "qingsong-123", by="test", township="青松镇")
    s.close()
    qingsong = households_file(tmp_path / "青松镇_2019.xlsx", "青松镇", 100, [4, 3, 2, 5, 1], county="示例县",
                               village="龙塘村")
    baiyun = households_file(tmp_path / "白云乡河坝村_2019.xlsx", "白云乡", 200, [2, 3, 4], county="示例县",
                             village="河坝村")

    analyst = upload_page(str(app_db), "青松填报", "qingsong-123")
    analyst.file_uploader[0].set_value([(qingsong.name, qingsong.read_bytes(), "application/vnd.ms-excel")]).run()
    assert any("导入后示例数据将全部移除" in w.value for w in analyst.warning), [w.value for w in analyst.warning]
    analyst.button(key="up_commit").click().run()
    assert [m.value for m in analyst.success] == [plain("“青松镇_2019.xlsx”已导入贫困户台账：读取5行，导入5行，有误0行（5户）。")]

    admin = upload_page(str(app_db), ADMIN, ADMIN_PASSWORD)
    upload_files(admin, [baiyun])

    analyst = upload_page(str(app_db), "青松填报", "qingsong-123")
    plan, messages = undo_newest(analyst)
    assert "示例数据不会恢复" in plan and "恢复被替换的数据" not in plan, plan
    assert any("已撤销" in m for m in messages), messages

    s = Store(app_db)
    m = metrics(s, 2019)
    live_demo = s.cursor().execute(
        "select count(*) from households where batch_id in (select batch_id from import_batches where origin = 'demo')"
    ).fetchall()[0][0]
    assert (m["registered_households"], m["registered_population"], live_demo, s.is_demo()) == (3, 9, 0, False)
    s.close()
    with app_on(app_db, monkeypatch):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["year"] = "2019"
        at.run()
        login_app(at)
        assert {x.label: x.value for x in at.metric}["建档立卡"] == "3户"
        assert not any("示例数据" in i.value for i in at.info)


def test_undoing_the_last_real_import_brings_the_whole_demo_back(demo_store, tmp_path):
    before = metrics(demo_store, 2019)["registered_households"]
    f = households_file(tmp_path / "青松镇_2019.xlsx", "青松镇", 100, [4, 3], county="示例县", village="龙塘村")
    r = ledgers.load(demo_store, f)
    assert r["replaced"] == 0      # the demo moved aside first: nothing of it is "replaced" (and restored by undo)
    assert upload.undo_plan(demo_store, r["batch_id"]) == (True, "撤销将删除“青松镇_2019.xlsx”导入的2户，并恢复被替换的数据：示例数据。")
    upload.undo_batch(demo_store, r["batch_id"])
    assert demo_store.is_demo() and metrics(demo_store, 2019)["registered_households"] == before


# Read-only commands while the app holds the store ----------------------------------------------------------------
def test_read_only_commands_work_while_the_app_holds_the_store(files, tmp_path):
    db = tmp_path / "held.duckdb"
    shutil.copy(files["clean"], db)
    empty = tmp_path / "no_admin.duckdb"
    Store(empty).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import sys, time; from ledgerboard.store import Store; a = Store(sys.argv[1]); "
                                "b = Store(sys.argv[2]); print('open', flush=True); time.sleep(300)"), str(db), str(empty)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        log = run(["-m", "ledgerboard", "log", "--action", "import", "--json", "--db", str(db)])
        assert log.returncode == 0, log.stderr
        assert [json.loads(line)["target"][:8] for line in log.stdout.splitlines()] == ["丙镇_2019.", "乙镇_2019."]
        users = run(["-m", "ledgerboard", "user", "list", "--json", "--db", str(db)])
        assert users.returncode == 0, users.stderr
        assert [json.loads(line)["username"] for line in users.stdout.splitlines()] == [ADMIN]
        token = run(["-m", "ledgerboard", "setup-token", "--db", str(db)])
        assert (token.returncode, token.stdout, token.stderr) == (0, "", "")      # an admin exists: nothing to do
        token = run(["-m", "ledgerboard", "setup-token", "--db", str(empty)])
        assert token.returncode == 3 and "看板正在运行，无法生成新的一次性设置码" in token.stderr
        write = run(["-m", "ledgerboard", "user", "disable", ADMIN, "--db", str(db)])
        assert write.returncode == 3 and "暂时无法写入" in write.stderr
    finally:
        holder.kill()
        holder.wait()


def test_demo_rows_an_older_version_let_an_import_replace_stay_with_the_demo(demo_store, tmp_path):
    """A store from before the fix: the first real import archived the demo's 青松镇 rows as rows *it* replaced. Its
    undo, while another real import stays, restores none of them; once no real import stays the whole demo is back."""
    demo = metrics(demo_store, 2019)["registered_households"]
    first = ledgers.load(demo_store, households_file(tmp_path / "青松镇_2019.xlsx", "青松镇", 100, [4, 3],
                                                     county="示例县", village="龙塘村"))
    for table in ("households", "persons", "villages", "measures"):     # what the older version did
        demo_store.cursor().execute(
            f"update {table}_archive set archived_by = $b where archived_by = 'demo' and township = '青松镇'",
            {"b": first["batch_id"]})
    second = ledgers.load(demo_store, households_file(tmp_path / "白云乡_2019.xlsx", "白云乡", 200, [2, 3, 4],
                                                      county="示例县", village="河坝村"))
    can, plan = upload.undo_plan(demo_store, first["batch_id"])
    assert can and plan == ("撤销将删除“青松镇_2019.xlsx”导入的2户；没有被替换的数据需要恢复。示例数据不会恢复：库中还有其他1次正式导入的台账，"
                            "示例数据不与正式数据混合（全部正式导入撤销后才恢复示例数据）。")
    upload.undo_batch(demo_store, first["batch_id"])
    assert metrics(demo_store, 2019)["registered_households"] == 3 and not demo_store.is_demo()
    upload.undo_batch(demo_store, second["batch_id"])
    assert demo_store.is_demo() and metrics(demo_store, 2019)["registered_households"] == demo
