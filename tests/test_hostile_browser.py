"""Hostile input in a real browser (issue 15): Markdown file names stay text, hostile files leave the
server serving, and a busy store gives a Chinese page that recovers on reload."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request

import pytest

from ledgerboard.sanitize import WORD_JOINER
from tests.conftest import ADMIN, ADMIN_PASSWORD, ARTIFACTS, ROOT
from tests.test_hostile import HOLDER, MARKDOWN_NAME, far_cell_ledger, good_rows, households, wide_ledger

pytestmark = pytest.mark.browser
SHOWN_NAME = MARKDOWN_NAME.replace("http:", "http:" + WORD_JOINER)   # the text the page holds (no autolink)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _links_and_images_to_host(page) -> int:
    return page.locator("a[href*='host/'], img[src*='host/']").count()


def _open_upload(page, server):
    from tests.browser_util import login, wait_for_app

    page.goto(f"{server}/upload")
    wait_for_app(page)
    login(page, ADMIN, ADMIN_PASSWORD)
    wait_for_app(page)
    page.get_by_role("heading", name="数据上传").first.wait_for(timeout=30_000)


def test_markdown_file_name_is_shown_as_text_in_preview_success_and_history(private_upload_server, browser, tmp_path):
    from tests.browser_util import wait_for_app

    server = private_upload_server          # this test imports: a store of its own
    data = households(tmp_path / "x.xlsx", good_rows()).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    _open_upload(page, server)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        {"name": MARKDOWN_NAME, "mimeType": XLSX, "buffer": data})
    page.get_by_text("读取2行，可导入2行，有误0行").first.wait_for(timeout=60_000)
    wait_for_app(page)
    heading = page.locator("[data-testid='stHeading']").filter(has_text="点此下载正式模板")
    # plain() puts an invisible word joiner after "http:" (no autolink): the reader sees the name as typed.
    assert heading.first.inner_text().strip().replace(WORD_JOINER, "").endswith(MARKDOWN_NAME)
    assert _links_and_images_to_host(page) == 0

    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("已导入贫困户台账").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "hostile_markdown_name.png"), full_page=True)
    success = page.locator("[data-testid='stAlertContentSuccess']").first.inner_text().replace(WORD_JOINER, "")
    assert success.startswith(f"“{MARKDOWN_NAME}”已导入贫困户台账")
    history = page.locator("[data-testid='stMarkdown']").filter(has_text=SHOWN_NAME)
    assert history.count() >= 1                     # the history line, as typed
    assert _links_and_images_to_host(page) == 0

    # A later visitor sees the history the same way.
    other = browser.new_page(viewport={"width": 1600, "height": 1000})
    _open_upload(other, server)
    other.locator("[data-testid='stMarkdown']").filter(has_text=SHOWN_NAME).first.wait_for(timeout=30_000)
    assert _links_and_images_to_host(other) == 0
    page.close()
    other.close()


def test_hostile_files_are_refused_and_the_server_keeps_serving(upload_server, browser, tmp_path):
    from tests.browser_util import wait_for_app

    server = upload_server                  # nothing is imported: the shared server
    big = far_cell_ledger(tmp_path / "末.xlsx")
    wide = wide_ledger(tmp_path / "宽.xlsx")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    _open_upload(page, server)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(big), str(wide)])
    page.get_by_text("最远到单元格XFD1048576").wait_for(timeout=60_000)    # 末.xlsx
    page.get_by_text("最远到单元格XFD1）").wait_for(timeout=60_000)         # 宽.xlsx
    wait_for_app(page)
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 2
    assert "XFD1048576" in errors.nth(0).inner_text() and "16384列" in errors.nth(1).inner_text()
    assert page.get_by_role("button", name="导入", exact=True).count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=10) as r:
        assert r.status == 200
    page.goto(f"{server}/?year=2019")
    wait_for_app(page)
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=30_000)
    page.close()


def test_busy_store_gives_a_chinese_page_that_recovers_on_reload(demo_db, browser, tmp_path):
    from tests.browser_util import running_app, wait_for_app

    db = tmp_path / "busy.duckdb"
    shutil.copy(demo_db, db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with running_app(db) as url:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url)
            page.get_by_text("数据库正被另一个程序（如命令行导入）使用").wait_for(timeout=60_000)
            wait_for_app(page)
            page.screenshot(path=str(ARTIFACTS / "hostile_store_busy.png"), full_page=True)
            assert page.locator("[data-testid='stException']").count() == 0
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "closed"
            page.reload()
            wait_for_app(page)
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)
            assert page.get_by_text("数据库正被另一个程序").count() == 0
            page.close()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=30)
