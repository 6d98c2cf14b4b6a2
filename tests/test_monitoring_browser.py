"""防返贫监测 in a real browser on the demo county: a click on a township's bar filters to it, a click on a village's
bar opens its 村级详情 (the monitoring view of 2023); and the page at 390 px on a phone."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS
from tests.browser_util import IPHONE, chart, open_page, query, settle

pytestmark = pytest.mark.browser


def test_drill_county_township_village(demo_server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/monitoring?year=2023", "防返贫监测")
    towns = chart(page, "2023年示例县各乡镇监测对象")
    page.screenshot(path=str(ARTIFACTS / "monitoring_county.png"), full_page=True)
    towns.locator(".bars .point path").first.click(force=True)        # the top bar: 白云乡, most 监测对象
    page.get_by_text("2023年白云乡各村监测对象").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2023", "township": "白云乡"}
    villages = chart(page, "2023年白云乡各村监测对象")
    page.screenshot(path=str(ARTIFACTS / "monitoring_township.png"))
    villages.locator(".bars .point path").first.click(force=True)     # 马鞍山村, most 监测对象 of 白云乡
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2023", "township": "白云乡", "village": "马鞍山村"}
    page.get_by_text("2023年白云乡马鞍山村监测对象信息中的户（").first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "monitoring_village.png"), full_page=True)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "建档立卡" not in body
    page.close()


def test_phone_layout(demo_server, browser):
    context = browser.new_context(**IPHONE)
    page = context.new_page()
    open_page(page, f"{demo_server}/monitoring?year=2023", "防返贫监测")
    chart(page, "监测对象类别")
    page.screenshot(path=str(ARTIFACTS / "monitoring_phone_top.png"))
    for title, name in (("各乡镇监测对象", "townships"), ("风险消除情况", "elimination"), ("人均纯收入分布", "income")):
        c = chart(page, title)
        c.screenshot(path=str(ARTIFACTS / f"monitoring_phone_{name}.png"))
        box = c.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, (title, box)   # no sideways scrolling
    # The visible text, without Material icons (their ligature names: info, slideshow …).
    body = page.evaluate("""() => { const m = document.querySelector('[data-testid=stMain]').cloneNode(true);
        m.querySelectorAll('[data-testid=stIconMaterial], [data-testid=stAlertDynamicIcon], [translate=no]').forEach(e => e.remove());
        document.body.appendChild(m); const t = m.innerText; m.remove(); return t; }""")
    assert not re.search(r"[A-Za-z]{4,}", body.replace("PPT", "").replace("Word", "").replace("ZIP", "")
                         .replace("Excel", "")), body[:500]
    context.close()
