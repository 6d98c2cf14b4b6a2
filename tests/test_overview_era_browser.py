"""总览 of a monitoring-era year in a real browser, on a desktop and on a phone (390×844): the era's cards in rows
that keep their labels, the trend across both eras with its title clear of legend and toolbar, the summary."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.browser_util import IPHONE, boxes, captions, chart, open_page, overlap

pytestmark = pytest.mark.browser
TREND = "建档立卡未脱贫人口与防返贫监测对象"


def _cards(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll("[data-testid='stMetric']")].map(e => {
        const label = e.querySelector("[data-testid='stMetricLabel']"), b = label.getBoundingClientRect();
        return {label: label.innerText, value: e.querySelector("[data-testid='stMetricValue']").innerText,
                clipped: label.scrollWidth > label.clientWidth + 1 || b.width < 10}; })""")


def _check(page, shot: str) -> None:
    # The cards come with the script run after the heading: wait for all twelve before reading them.
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stMetric']\").length >= 12", timeout=30_000)
    cards = _cards(page)
    assert [c["label"] for c in cards][:4] == ["脱贫户", "监测对象", "监测对象占比", "脱贫人口人均纯收入"]
    assert len(cards) == 12 and not [c["label"] for c in cards if c["clipped"]]
    assert captions(page)[0] == "2023年 · 示例县 · 防止返贫动态监测"
    chart(page, TREND)
    for b in boxes(page):
        assert b["title"]["left"] >= b["plot"]["left"] - 1 and b["title"]["right"] <= b["plot"]["right"] + 1
        assert not overlap(b["title"], b["legend"]) and not overlap(b["title"], b["modebar"])
    page.get_by_text("2023年，示例县有脱贫户").first.wait_for(timeout=30_000)
    assert page.get_by_text("Traceback").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    page.locator(".js-plotly-plot").first.screenshot(path=str(ARTIFACTS / f"{shot}_chart.png"))


def test_overview_2023_on_a_desktop(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    open_page(page, f"{demo_server}/?year=2023", "总览")
    _check(page, "overview_era_desktop")
    page.close()


def test_overview_2023_on_a_phone(demo_server, browser):
    ctx = browser.new_context(**IPHONE)
    page = ctx.new_page()
    open_page(page, f"{demo_server}/?year=2023", "总览")
    _check(page, "overview_era_phone")
    ctx.close()
