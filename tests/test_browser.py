"""Every page in a real headless Chromium: title, at least one chart, no exception; screenshots saved."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS, ROOT
from tests.test_analysis_pages import ERA_TITLES
from tests.test_pages import PAGES

pytestmark = pytest.mark.browser

# What each page must show beyond its title; the village view needs a village in the link.
QUERY = {"pages/village.py": "?year=2017&township=%E7%99%BD%E4%BA%91%E4%B9%A1&village=%E5%85%B3%E5%8F%A3%E6%9D%91"}
# On the demo store nobody is logged in: 数据上传 asks for the first admin account before any import.
EXPECT = {"pages/upload.py": "text=创建第一个管理员账号", "pages/login.py": "[data-testid='stForm']",
          "pages/status.py": "[data-testid='stDataFrame']"}
CHART = ".js-plotly-plot"
APP = (ROOT / "app.py").read_text(encoding="utf-8")
# The default page lives at "/"; Streamlit does not serve it under its url_path too.
URL_PATHS = {path: "" if "default=True" in line else url
             for line in APP.splitlines()
             for path, url in re.findall(r'st\.Page\("([^"]+)",.*?url_path="([^"]+)"', line)}


@pytest.mark.parametrize("path,title", PAGES, ids=[p for p, _ in PAGES])
def test_page_in_browser(demo_server, browser, path, title):
    from tests.browser_util import wait_for_app

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(f"{demo_server}/{URL_PATHS[path]}{QUERY.get(path, '')}")
    wait_for_app(page)
    # The demo opens on 2025: a page with a title of the monitoring era shows that title.
    page.get_by_role("heading", name=ERA_TITLES.get(path, title)).first.wait_for(timeout=30_000)
    page.locator(EXPECT.get(path, CHART)).first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0   # deep links work from the first request
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{URL_PATHS[path] or 'overview'}.png"), full_page=True)
    page.close()
