"""The leader's and the analyst's journeys in a real browser on the demo county: a click on a village opens 村级详情
and Back returns in one press; zero-value places stay visible and clickable; the default year; one village
selected; a wrong link says what it ignored; a phone at 390×844."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

IPHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
          "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}
GREEN = "rgb(58, 154, 91)"      # figures.EXITED_COLOR
RED = "rgb(184, 64, 58)"        # figures.LINE_COLOR


def query(page) -> dict:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).items()}


def captions(page) -> list[str]:
    return [c.inner_text() for c in page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").all()]


def chart(page, title_part: str):
    """The chart whose title contains `title_part`, scrolled into view."""
    page.locator(".gtitle", has_text=title_part).first.wait_for(timeout=30_000)
    c = page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title_part)).first
    c.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return c


def settle(page) -> None:
    from tests.browser_util import wait_for_app

    page.wait_for_timeout(1000)
    wait_for_app(page)


def open_page(page, url: str, heading: str) -> None:
    from tests.browser_util import wait_for_app

    page.goto(url)
    wait_for_app(page)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)


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
    start = f"{demo_server}/incidence"                                      # 2019, the default year
    open_page(page, start, "贫困发生率")
    before = page.evaluate("history.length")
    chart(page, "各乡镇贫困发生率").locator(".point path").first.click(force=True)   # 白云乡, 0.92 %
    page.get_by_text("2019年白云乡各村贫困发生率").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"township": "白云乡"}                        # the opening year, not chosen: not in the URL
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


def test_default_year_is_the_last_with_poor_villages_and_a_link_keeps_its_year(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/", "总览")
    page.get_by_text("2019年 · 示例县").first.wait_for(timeout=30_000)     # 2020: 4 of 27 villages still poor
    open_page(page, f"{demo_server}/?year=2020", "总览")
    page.get_by_text("2020年 · 示例县").first.wait_for(timeout=30_000)
    page.close()


def test_a_wrong_link_says_what_it_ignored(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/incidence?year=2030&township=" + urllib.parse.quote("不存在镇"), "贫困发生率")
    page.get_by_text("链接中的年度“2030”没有数据，已改为显示2019年。").wait_for(timeout=30_000)
    page.get_by_text("链接中的乡镇“不存在镇”没有找到，已忽略，现显示示例县。").wait_for(timeout=30_000)
    chart(page, "各乡镇贫困发生率")
    page.screenshot(path=str(ARTIFACTS / "journey_wrong_link.png"))
    open_page(page, f"{demo_server}/village?year=2019&township=" + urllib.parse.quote("白云乡") + "&village="
              + urllib.parse.quote("不存在村"), "村级详情")
    page.get_by_text("链接中的村“不存在村”没有找到，已忽略，现显示白云乡。").wait_for(timeout=30_000)
    open_page(page, f"{demo_server}/incidence?year=2019", "贫困发生率")              # a good link: no such message
    page.get_by_text("2019年示例县各乡镇贫困发生率").first.wait_for(timeout=30_000)
    assert page.get_by_text("链接中的").count() == 0
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


def boxes(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
        const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
                         return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
        return {title: r(gd.querySelector('.gtitle')), legend: r(gd.querySelector('.legend')),
                modebar: r(gd.querySelector('.modebar-container .modebar')), plot: r(gd)};
    })""")


def overlap(a: dict | None, b: dict | None) -> bool:
    return bool(a and b) and a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]


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
    """/overview (the default page's own url_path) opens 总览 without Streamlit's "Page not found"; choosing 2019,
    the opening year, keeps year=2019 in the URL so that a copied link shows 2019."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/overview", "总览")
    chart(page, "未脱贫人口（含返贫）与贫困发生率")
    assert page.get_by_text("Page not found").count() == 0
    for year in ("2018", "2019"):
        page.get_by_role("combobox", name="年度").click()
        page.get_by_role("option", name=year, exact=True).click()
        page.get_by_text(f"{year}年 · 示例县").first.wait_for(timeout=30_000)
        settle(page)
        assert query(page).get("year") == year
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey_overview_address.png"))
    page.close()


@pytest.fixture(scope="module")
def accounts_server(demo_db, tmp_path_factory):
    """The app on real data with a 查看 account (leader) and a 填报 account (jia)."""
    import shutil

    from tests.browser_util import running_app
    from tests.test_auth_pages import with_real_data_and_accounts

    db = tmp_path_factory.mktemp("forbidden") / "app.duckdb"
    shutil.copy(demo_db, db)
    with_real_data_and_accounts(db)
    with running_app(db) as url:
        yield url


@pytest.mark.parametrize("user,path,title", [("leader", "upload", "数据上传"), ("jia", "admin", "管理")])
def test_a_page_the_role_may_not_see_says_so_in_chinese(accounts_server, browser, user, path, title):
    from tests.browser_util import wait_for_app
    from tests.test_auth_browser import log_in

    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, accounts_server, user)
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
