"""An analyst in a real browser: upload a roster, fix one mapping, import, see the dashboard change, undo."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, UPLOADER, UPLOADER_PASSWORD
from tests.test_upload_page import INCOME, NEEDS_MAPPING

pytestmark = pytest.mark.browser


def _open_upload_logged_in(page, server) -> None:
    """The upload page asks the demo visitor to log in first; the analyst does."""
    from tests.browser_util import wait_for_app

    page.goto(f"{server}/upload")
    wait_for_app(page)
    page.get_by_label("密码", exact=True).wait_for(timeout=60_000)
    page.get_by_label("账号").fill(UPLOADER)
    page.get_by_label("密码", exact=True).fill(UPLOADER_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前用户：{UPLOADER}（填报）").wait_for(timeout=60_000)
    wait_for_app(page)


def _overview_households(page, server) -> str:
    from tests.browser_util import wait_for_app

    page.goto(f"{server}/overview?year=2019&township=青松镇")
    wait_for_app(page)
    # exact label: 帮扶措施覆盖率's caption also says 建档立卡
    metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text("建档立卡", exact=True)).first
    metric.wait_for(timeout=30_000)
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def test_upload_fix_mapping_import_and_undo(private_upload_server, browser):
    from tests.browser_util import wait_for_app

    server = private_upload_server          # this test imports (and undoes): a store of its own
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    # The router (app.py) first: on a fresh server a deep link alone may open a page without it.
    page.goto(server)
    wait_for_app(page)
    before = _overview_households(page, server)
    assert before != "4户"

    _open_upload_logged_in(page, server)
    page.get_by_role("heading", name="数据上传").first.wait_for(timeout=30_000)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(NEEDS_MAPPING))
    page.get_by_text("读取9行，可导入9行，有误0行，未对应1列（4户、9人）").wait_for(timeout=60_000)
    wait_for_app(page)

    # The analyst maps the unknown income column to 人均纯收入 in the preview.
    box = page.get_by_role("combobox", name=f"J列“{INCOME}” · 未对应")
    box.click()
    box.fill("人均纯收入")
    page.get_by_role("option", name="人均纯收入（元）", exact=True).click()
    page.wait_for_timeout(1000)
    wait_for_app(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "upload_preview.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0

    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("已导入贫困户台账：读取9行，导入9行，有误0行（4户、9人）").wait_for(timeout=60_000)
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "upload_imported.png"), full_page=True)

    assert _overview_households(page, server) == "4户"
    page.get_by_text("2,944元").first.wait_for(timeout=30_000)    # 人均纯收入 from the corrected column

    page.goto(f"{server}/upload")
    wait_for_app(page)
    page.get_by_role("button", name="撤销").first.click()
    # 撤销 first says what it removes and what comes back.
    page.get_by_text("撤销将删除“花名册_需手动对应_2019.xlsx”导入的4户，并恢复被替换的数据：示例数据。").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "upload_undo_confirm.png"), full_page=True)
    page.get_by_role("button", name="确认撤销").click()
    page.get_by_text("的导入，数据已恢复到导入之前").wait_for(timeout=60_000)
    assert _overview_households(page, server) == before
    page.close()


def test_template_downloads_when_clicked(upload_server, browser, tmp_path):
    """The templates are written on click (not on every rerun): the file that arrives is the real template."""
    from openpyxl import load_workbook

    from tests.browser_util import wait_for_app

    server = upload_server                  # nothing is imported: the shared server
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(server)
    wait_for_app(page)
    _open_upload_logged_in(page, server)
    page.get_by_text("下载空白模板").click()
    button = page.get_by_role("button", name="贫困户台账", exact=True)
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and "贫困户" in download.suggested_filename
    path = tmp_path / "template.xlsx"
    download.save_as(path)
    page.close()
    ws = load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[1] if c.value]
    assert ws.title == "贫困户台账"
    assert headers[:3] == ["年度", "县", "乡镇"] and "户主身份证号" in headers
