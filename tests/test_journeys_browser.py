"""The leader's and the analyst's journeys in a real browser on the demo county: a click on a village opens 村级详情
and Back returns in one press; zero-value places stay visible and clickable; one village selected; a phone at
390×844. (The default year and a wrong link's notes need no browser: test_pages and test_analysis_pages.)"""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser_util import IPHONE, boxes, captions, chart, open_page, overlap, query, settle
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

GREEN = "rgb(58, 154, 91)"      # figures.EXITED_COLOR
RED = "rgb(184, 64, 58)"        # figures.LINE_COLOR


# (page, its title, the chart of villages, its first bar in 2018: the highest incidence (3.83 %), the village with most
# households, the first of the lowest incomes, the most funds per household)
DRILLS = [
    ("incidence", "贫困发生率", "各村贫困发生率", ("青松镇", "岩口村")),
    ("causes", "致贫原因", "各村致贫原因构成", ("白云乡", "关口村")),
    ("income", "收入增长", "各村建档立卡户人均纯收入", ("青松镇", "茶园村")),
    ("projects", "项目覆盖", "各村户均项目资金", ("石门镇", "龙井村")),
]


@pytest.mark.parametrize("path,heading,title,village", DRILLS, ids=[d[0] for d in DRILLS])
def test_village_click_opens_the_village_and_back_returns_in_one_press(demo_server, browser, path, heading, title, village):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    start = f"{demo_server}/{path}?year=2018"
    open_page(page, start, heading)
    before = page.evaluate("history.length")
    chart(page, title).locator(".point path").first.click(force=True)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2018", "township": village[0], "village": village[1]}
    page.get_by_text(f"2018年{village[0]}{village[1]}建档立卡户（").first.wait_for(timeout=30_000)
    assert page.evaluate("history.length") == before + 1              # one click, one history entry
    main = page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop + window.scrollY")
    assert main == 0                                                   # the village view opens at its top
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey_{path}_village.png"))

    page.go_back()                                                     # one press
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    settle(page)
    assert page.url == start
    assert captions(page)[0].startswith("2018年 · 示例县 · ")
    chart(page, title)                                                 # the villages are back
    page.close()


def test_township_click_filters_and_back_returns(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    start = f"{demo_server}/incidence?year=2019"
    open_page(page, start, "贫困发生率")
    before = page.evaluate("history.length")
    chart(page, "各乡镇贫困发生率").locator(".point path").first.click(force=True)   # 白云乡, 0.92 %
    page.get_by_text("2019年白云乡各村贫困发生率").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2019", "township": "白云乡"}        # the link's year stays
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    page.get_by_text("2019年示例县各乡镇贫困发生率").first.wait_for(timeout=30_000)
    settle(page)
    assert page.url == start
    page.close()


def test_zero_incidence_places_are_dots_that_drill(demo_server, browser):
    """2020: 石门镇 has no poor left (0.00 %); its bar has no width, its dot is clickable; its 已出列 villages are
    green dots, one click opens the village."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/incidence?year=2020", "贫困发生率")
    towns = chart(page, "各乡镇贫困发生率")
    dots = towns.locator(".scatterlayer .trace .point")
    assert dots.count() == 3                                          # all three townships are below 1.5 % of the axis
    page.screenshot(path=str(ARTIFACTS / "journey_zero_townships.png"))
    lowest = max(dots.all(), key=lambda d: d.bounding_box()["y"])     # the last row: 石门镇, 0.00 %
    lowest.click(force=True)
    page.get_by_text("2020年石门镇各村贫困发生率").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2020", "township": "石门镇"}

    villages = chart(page, "2020年石门镇各村贫困发生率")
    page.screenshot(path=str(ARTIFACTS / "journey_zero_villages.png"))
    fills = [d.evaluate("e => getComputedStyle(e).fill") for d in villages.locator(".scatterlayer .trace .point").all()]
    assert fills.count(GREEN) == 3                                    # 凉水井村, 大坡村, 桐子园村: 已出列
    green = [d for d in villages.locator(".scatterlayer .trace .point").all()
             if d.evaluate("e => getComputedStyle(e).fill") == GREEN][0]
    green.click(force=True)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page)["village"] in {"凉水井村", "大坡村", "桐子园村"}
    page.close()


def test_villages_without_projects_are_red_dots(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/projects?year=2019", "项目覆盖")
    funds = chart(page, "各村户均项目资金")
    dots = funds.locator(".scatterlayer .trace .point").all()
    fills = [d.evaluate("e => getComputedStyle(e).fill") for d in dots]
    assert fills.count(RED) == 8                                      # the 8 villages with poor households, no funds
    page.screenshot(path=str(ARTIFACTS / "journey_projects_red.png"))
    dots[fills.index(RED)].click(force=True)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    page.close()


def test_one_village_selected_shows_its_own_figures_and_links(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    q = urllib.parse.quote
    open_page(page, f"{demo_server}/causes?year=2019&township={q('白云乡')}&village={q('关口村')}", "致贫原因")
    page.get_by_text("2019年白云乡关口村建档立卡户主要致贫原因").first.wait_for(timeout=30_000)
    assert page.locator(".gtitle", has_text="各村").count() == 0            # no one-bar "各村" charts
    page.screenshot(path=str(ARTIFACTS / "journey_one_village.png"), full_page=True)
    page.get_by_role("button", name="查看白云乡各村").click()
    page.get_by_text("2019年白云乡各村致贫原因构成").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2019", "township": "白云乡"}      # the link's year stays in the address
    open_page(page, f"{demo_server}/income?year=2019&township={q('白云乡')}&village={q('关口村')}", "收入增长")
    page.get_by_role("button", name="打开关口村村级详情").click()
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    page.get_by_text("2019年白云乡关口村建档立卡户（").first.wait_for(timeout=30_000)
    page.close()


def test_phone_overview_and_incidence(demo_server, browser):
    """390×844: titles inside the chart and clear of legend and toolbar; the filters behind a labelled button that
    closes after a choice; one tap on a village drills."""
    ctx = browser.new_context(**IPHONE)
    page = ctx.new_page()
    open_page(page, f"{demo_server}/", "总览")
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone_overview.png"))
    page.locator(".js-plotly-plot").first.screenshot(path=str(ARTIFACTS / "phone_overview_chart.png"))
    for b in boxes(page):
        assert b["title"]["left"] >= b["plot"]["left"] and b["title"]["right"] <= b["plot"]["right"]
        assert b["title"]["top"] >= b["plot"]["top"]
        assert not overlap(b["title"], b["legend"]) and not overlap(b["title"], b["modebar"])

    open_page(page, f"{demo_server}/incidence?year=2019", "贫困发生率")
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=30_000)
    for b in boxes(page):
        assert b["title"]["right"] <= b["plot"]["right"] and not overlap(b["title"], b["legend"])
    sidebar = page.locator("[data-testid='stSidebar']")
    page.get_by_role("button", name="筛选与页面").tap()
    page.wait_for_timeout(500)
    assert sidebar.get_attribute("data-collapsed") == "false"
    page.screenshot(path=str(ARTIFACTS / "phone_filters.png"))
    sidebar.locator("[data-testid='stSelectbox']").nth(1).tap()        # 乡镇
    page.get_by_role("option", name="白云乡").tap()
    page.get_by_text("2019年白云乡各村贫困发生率").first.wait_for(timeout=30_000)
    settle(page)
    assert sidebar.get_attribute("data-collapsed") == "true"           # closed by itself after the choice

    bar = chart(page, "2019年白云乡各村贫困发生率").locator(".point path").first.bounding_box()
    page.touchscreen.tap(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)   # one tap
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2019", "township": "白云乡", "village": "马鞍山村"}
    page.screenshot(path=str(ARTIFACTS / "phone_village.png"))
    ctx.close()


def test_the_default_pages_own_address_opens_and_the_url_keeps_the_chosen_year(demo_server, browser):
    """/overview (the default page's own url_path) opens 总览 without Streamlit's "Page not found"; choosing 2025,
    the opening year, keeps year=2025 in the URL so that a copied link shows 2025."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/overview", "总览")
    chart(page, "建档立卡未脱贫人口与防返贫监测对象")
    assert page.get_by_text("Page not found").count() == 0
    for year in ("2019", "2025"):
        page.get_by_role("combobox", name="年度").click()
        page.get_by_role("option", name=year, exact=True).click()
        page.get_by_text(f"{year}年 · 示例县").first.wait_for(timeout=30_000)
        settle(page)
        assert query(page).get("year") == year
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey_overview_address.png"))
    page.close()


@pytest.mark.parametrize("user,path,title", [("leader", "upload", "数据上传"), ("jia", "admin", "管理")])
def test_a_page_the_role_may_not_see_says_so_in_chinese(accounts_server, browser, user, path, title):
    from tests.browser_util import log_in, wait_for_app
    from tests.test_auth_pages import PASSWORD

    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, accounts_server, user, PASSWORD)
    page.get_by_text(f"当前用户：{user}").first.wait_for(timeout=60_000)     # the session cookie is written
    settle(page)
    page.goto(f"{accounts_server}/{path}")
    wait_for_app(page)
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    page.get_by_text(f"没有查看“{title}”页面的权限").first.wait_for(timeout=30_000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"journey_forbidden_{path}.png"))
    page.close()


def test_phone_causes_legends_below_the_plot(demo_server, browser):
    """On a phone the 12-cause legend of the stacked charts sits below the plot, which keeps its height."""
    context = browser.new_context(**IPHONE)
    page = context.new_page()
    open_page(page, f"{demo_server}/causes?year=2019", "致贫原因")
    for title in ("各村致贫原因构成", "各类贫困户的致贫原因", "致贫原因构成变化"):
        c = chart(page, title)
        plot = c.locator(".nsewdrag").first.bounding_box()
        legend = c.locator(".legend").first.bounding_box()
        assert plot["height"] >= 200, (title, plot)
        assert legend["y"] >= plot["y"] + plot["height"], (title, plot, legend)
        c.screenshot(path=str(ARTIFACTS / f"journey_phone_causes_{title}.png"))
    context.close()
