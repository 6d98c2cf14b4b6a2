"""The column mapping in a real browser: the unmapped column is highlighted and counted, its suggestion leads its
dropdown and is taken with one click; a required field left unmapped blocks the import until it is mapped again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import ADMIN, ADMIN_PASSWORD, ARTIFACTS
from tests.test_upload_page import INCOME, NEEDS_MAPPING

pytestmark = pytest.mark.browser


def _choose(page, name: str, option: str) -> None:
    from tests.browser_util import wait_for_app

    box = page.get_by_role("combobox", name=name)
    # A rerun still under way on a loaded server can show the old and the new selectbox side by side for a moment.
    expect(box).to_have_count(1, timeout=60_000)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(500)
    wait_for_app(page)


# The first filled background from the label text up to its <label>, or None.
_FILL = """e => {
    for (let n = e; n; n = n.parentElement) {
        const b = getComputedStyle(n).backgroundColor;
        if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b;
        if (n.tagName === 'LABEL') return null;
    }
    return null;
}"""


def _open(page, name: str):
    """Open a selectbox's list; a click that lands while the page is still settling is tried again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    options = page.get_by_role("option")
    for attempt in range(3):
        page.get_by_role("combobox", name=name).click()
        try:
            options.first.wait_for(timeout=10_000)
            return options
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {name} did not open")


def _label_fill(page, text: str):
    return page.get_by_text(text, exact=True).evaluate(_FILL)


def test_suggestion_highlight_and_blocked_import(upload_server, browser):
    """Nothing is imported: the shared upload server."""
    from tests.browser_util import login, wait_for_app

    server = upload_server
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{server}/upload")
    wait_for_app(page)
    login(page, ADMIN, ADMIN_PASSWORD)
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(NEEDS_MAPPING))
    page.get_by_text("读取9行，可导入9行，有误0行，未对应1列（4户、9人）").wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text(f"未对应1列，这些列的数据不会导入：J列“{INCOME}”（像是“人均纯收入（元）”）。").wait_for()

    # The unmapped column's label is filled orange; a recognised one is not.
    assert _label_fill(page, f"J列“{INCOME}” · 未对应") not in (None, "rgb(255, 255, 255)")
    assert _label_fill(page, "B列“姓名”") is None

    # Its dropdown opens with 不导入 and the suggestion on top.
    options = _open(page, f"J列“{INCOME}” · 未对应")
    assert options.nth(0).inner_text() == "（不导入）" and options.nth(1).inner_text() == "人均纯收入（元）"
    page.screenshot(path=str(ARTIFACTS / "mapping_suggestion.png"), full_page=True)
    page.keyboard.press("Escape")

    page.get_by_role("button", name="采用建议（1列）").click()
    page.get_by_text("读取9行，可导入9行，有误0行，未对应0列（4户、9人）").wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_role("button", name="导入", exact=True).count() == 1

    # The analyst drops the ID column: the import is blocked, saying which field and what to do.
    _choose(page, "C列“证件号码”", "（不导入）")
    page.get_by_text("暂不能导入，请先处理：").wait_for(timeout=60_000)
    assert page.get_by_text("改回“成员证件号码”（自动识别的对应），然后再导入").count() == 2
    assert page.get_by_role("button", name="导入", exact=True).count() == 0
    page.screenshot(path=str(ARTIFACTS / "mapping_blocked.png"), full_page=True)

    _choose(page, "C列“证件号码” · 未对应", "成员证件号码")
    page.get_by_role("button", name="导入", exact=True).wait_for(timeout=60_000)
    assert page.get_by_text("暂不能导入").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
