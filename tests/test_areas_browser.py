"""A store of two counties with the same township and village names, in a real browser: the 县 filter appears,
drilling county → township → village works, and titles name the county."""

from __future__ import annotations

import urllib.parse

import pytest

from ledgerboard.importer import import_file
from ledgerboard.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, ARTIFACTS, with_admin
from tests.test_areas_import import JIA, VILLAGES, YI

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.browser_util import running_app

    db = tmp_path_factory.mktemp("areas_browser") / "two.duckdb"
    store = Store(db)
    for path in (JIA, YI, VILLAGES):
        assert import_file(store, path)["status"] == "imported"
    store.close()
    with_admin(db)          # real data: pages show after a login (issue 13)
    with running_app(db) as url:
        yield url


def captions(page) -> list[str]:
    """The page's captions (not the sidebar's, which names the logged-in account)."""
    main = page.locator("[data-testid='stMain']")
    return [c.inner_text() for c in main.locator("[data-testid='stCaptionContainer']").all()]


def click_first_bar(page) -> None:
    """Click the first bar of the page's first chart (the highest incidence) and wait for the rerun."""
    from tests.browser_util import login, wait_for_app

    page.locator(".js-plotly-plot").first.locator(".point path").first.click(force=True)
    page.wait_for_timeout(1000)
    wait_for_app(page)


def test_county_filter_and_drill_from_county_to_village(server, browser):
    from tests.browser_util import login, wait_for_app

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(f"{server}/incidence?year=2019")
    wait_for_app(page)
    login(page, ADMIN, ADMIN_PASSWORD)
    wait_for_app(page)
    page.get_by_role("heading", name="贫困发生率").first.wait_for(timeout=30_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("县", exact=True).wait_for(timeout=30_000)       # several counties: the 县 filter
    page.get_by_text("2019年全市各县贫困发生率").first.wait_for(timeout=30_000)
    assert captions(page)[0].startswith("2019年 · 全市 · ")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "areas_counties.png"), full_page=True)

    click_first_bar(page)                                                 # 甲县 (1.80 %) is the highest
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["county"] == ["甲县"]
    page.get_by_text("2019年甲县各乡镇贫困发生率").first.wait_for(timeout=30_000)
    assert captions(page)[0].startswith("2019年 · 甲县 · ")

    click_first_bar(page)                                                 # 甲县's 青松镇
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert (query["county"], query["township"]) == (["甲县"], ["青松镇"])
    page.get_by_text("2019年甲县青松镇各村贫困发生率").first.wait_for(timeout=30_000)

    click_first_bar(page)                                                 # 青松村 (2.00 %)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    wait_for_app(page)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert (query["county"], query["township"], query["village"]) == (["甲县"], ["青松镇"], ["青松村"])
    page.get_by_text("2019年甲县青松镇青松村建档立卡户（3户）").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "areas_village.png"), full_page=True)
    page.close()


def test_a_link_naming_a_village_of_two_counties_says_so(server, browser):
    from tests.browser_util import login, wait_for_app

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(f"{server}/?village=" + urllib.parse.quote("白岩村"))
    wait_for_app(page)
    login(page, ADMIN, ADMIN_PASSWORD)
    wait_for_app(page)
    page.get_by_text("“白岩村”不止一个村：乙县青松镇白岩村、甲县青松镇白岩村").wait_for(timeout=30_000)
    assert captions(page)[0] == "2019年 · 全市"                         # nothing merged: the whole store
    page.goto(f"{server}/village?county={urllib.parse.quote('乙县')}&village=" + urllib.parse.quote("白岩村"))
    wait_for_app(page)
    page.get_by_text("2019年乙县青松镇白岩村建档立卡户（3户）").wait_for(timeout=30_000)
    page.close()
