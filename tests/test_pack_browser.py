"""What a user sees and clicks for meeting materials, in a real Chromium: the 汇报材料 button downloads the deck,
the chart toolbar is Chinese and always visible, the summary has a 复制 button, printing drops the sidebar. (That
every analysis page has the three 汇报材料 buttons: test_analysis_pages, AppTest.)"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

pytestmark = pytest.mark.browser


def download_from_overview(browser, url: str, button: str, path):
    """青松镇 2019 on 总览, one click on a 汇报材料 button; the file saved at `path`, its suggested name returned."""
    from tests.browser_util import wait_for_app

    page = browser.new_page(viewport={"width": 1600, "height": 900}, accept_downloads=True)
    page.goto(f"{url}/?year=2019&township=%E9%9D%92%E6%9D%BE%E9%95%87")
    wait_for_app(page)
    page.get_by_role("heading", name="总览").first.wait_for(timeout=30_000)
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name=button).click()
    download.value.save_as(path)
    page.close()
    return download.value.suggested_filename


def test_pack_button_downloads_the_deck(demo_server, browser, tmp_path):
    path = tmp_path / "deck.pptx"
    assert download_from_overview(browser, demo_server, "汇报材料（PPT）", path) == "青松镇2019年汇报材料.pptx"
    prs = Presentation(io.BytesIO(path.read_bytes()))
    first = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame and sh.text_frame.text]
    assert first[0] == "青松镇2019年脱贫攻坚工作情况"
    assert len(prs.slides) == 2 + 20 + 4      # title, cards, the 20 charts the pages show for 青松镇, 4 appendix tables


def test_chinese_toolbar_copy_button_and_print(demo_server, browser):
    from tests.browser_util import wait_for_app

    context = browser.new_context(viewport={"width": 1600, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_server)
    page = context.new_page()
    page.goto(f"{demo_server}/?year=2019")
    wait_for_app(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    # The PNG button is there without hovering, with a Chinese tooltip; no English one is left on the toolbar.
    png = page.locator(".modebar-btn[data-title='下载图片（PNG，适合幻灯片）']").first
    assert png.is_visible()
    buttons = page.locator(".js-plotly-plot").first.locator(".modebar-btn")
    tooltips = []
    for i in range(buttons.count()):
        buttons.nth(i).hover()
        tooltips.append(buttons.nth(i).evaluate("e => getComputedStyle(e, '::after').content"))
    assert '"全屏"' in tooltips and '"下载图片（PNG，适合幻灯片）"' in tooltips
    assert not [t for t in tooltips if any(c.isascii() and c.isalpha() for c in t.replace("PNG", ""))], tooltips
    # The summary is normal text with a 复制 button that copies exactly that text.
    summary = page.locator(".lb-copy-text")
    text = summary.inner_text()
    assert text.startswith("2019年，示例县现有建档立卡贫困户3,201户、9,281人")
    assert page.get_by_text("Copy to clipboard").count() == 0
    page.get_by_role("button", name="复制").click()
    page.get_by_text("已复制").wait_for(timeout=10_000)
    assert page.evaluate("navigator.clipboard.readText()") == text
    # Streamlit's own menu is trimmed away (toolbarMode minimal): no Record screen, no developer entries.
    assert page.locator("[data-testid='stMainMenu']").count() == 0
    # Printing: no sidebar, charts one per page.
    page.emulate_media(media="print")
    assert page.locator("[data-testid='stSidebar']").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".stPlotlyChart").first.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    context.close()


def test_a_pack_download_is_in_the_audit_log(demo_db, browser, tmp_path):
    """The Word draft downloaded from 总览 is recorded (action download, the file name, the area) like every
    Excel download; the file is built on click, outside the script run, so who asked is taken when the page draws."""
    import shutil

    from ledgerboard import auditlog
    from ledgerboard.store import Store
    from tests.browser_util import running_app

    db = tmp_path / "app.duckdb"
    shutil.copy(demo_db, db)
    with running_app(db) as url:
        name = download_from_overview(browser, url, "汇报材料初稿（Word）", tmp_path / "draft.docx")
    assert name == "青松镇2019年汇报材料.docx"
    s = Store(db)
    try:
        log = auditlog.entries(s, action="download")
    finally:
        s.close()
    assert list(log["target"]) == ["青松镇2019年汇报材料.docx"] and list(log["area"]) == ["青松镇"]
