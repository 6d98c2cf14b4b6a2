"""The four analysis pages of a 2021-on year in a real browser on the demo county: they render under the era's
titles (screenshots kept in tests/artifacts), and a click on a village's bar opens 村级详情 for 2023, Back returns."""

from __future__ import annotations

import pytest

from tests.browser_util import open_page, query, settle
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# (page, its heading in 2023, the chart of villages it drills from: None where the demo has no data for one)
PAGES = [
    ("causes", "返贫致贫风险", "各村监测对象返贫致贫风险类型构成"),
    ("income", "收入增长", "各村脱贫人口人均纯收入"),
    ("projects", "项目覆盖", "各村监测对象帮扶措施覆盖率"),
    ("incidence", "监测对象占比", None),
]


@pytest.mark.parametrize("path,heading,villages", PAGES, ids=[p[0] for p in PAGES])
def test_a_2023_page_renders_and_drills(demo_server, browser, path, heading, villages):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    start = f"{demo_server}/{path}?year=2023"
    open_page(page, start, heading)
    settle(page)
    assert not page.locator("[data-testid='stException']").count()
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "建档立卡" not in main and "致贫原因" not in main
    if path == "incidence":
        assert "贫困发生率是脱贫攻坚阶段的指标，2020年脱贫攻坚目标任务完成后不再统计。" in main
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"era_{path}_2023.png"), full_page=True)
    if villages is None:
        page.close()
        return
    chart = page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=villages)).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    chart.locator(".point path").first.click(force=True)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    q = query(page)
    assert q["year"] == "2023" and q.get("township") and q.get("village"), q
    page.go_back()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    assert page.url == start
    page.close()
