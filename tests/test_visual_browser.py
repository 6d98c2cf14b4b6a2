"""What was wrong to the eye on the pages of 2023 and 2019, measured in a real browser: the phone's era trend fills its
width, a phone column label clears the axis ticks, a place of 0 监测对象 can be clicked (drilled), the half-width
未脱贫户致贫原因构成变化 keeps its title inside the chart and clear of its legend, grouped horizontal bars read top
down in legend order."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.browser_util import IPHONE, boxes, chart, open_page, overlap, query, settle

pytestmark = pytest.mark.browser


def _rects(c, selector: str) -> list[dict]:
    return c.evaluate(f"""gd => [...gd.querySelectorAll({selector!r})].map(e => {{
        const b = e.getBoundingClientRect();
        return {{left: b.left, top: b.top, right: b.right, bottom: b.bottom, text: e.textContent}}; }})""")


def test_phone_era_trend_fills_its_width_and_labels_clear_the_ticks(demo_server, browser):
    ctx = browser.new_context(**IPHONE)
    page = ctx.new_page()
    open_page(page, f"{demo_server}/?year=2023", "总览")
    c = chart(page, "建档立卡未脱贫人口与防返贫监测对象")
    ARTIFACTS.mkdir(exist_ok=True)
    c.screenshot(path=str(ARTIFACTS / "visual_phone_era_trend.png"))
    plot = _rects(c, ".draglayer .xy .nsewdrag")[0]
    bars = _rects(c, ".bars .point path")
    # The 2023 column ends in the plot's last tenth (it ended at two thirds: the axis ran on past 2023).
    assert max(b["right"] for b in bars) >= plot["right"] - 0.1 * (plot["right"] - plot["left"])
    ctx.close()


def test_phone_column_label_clears_the_axis_ticks(demo_server, browser):
    ctx = browser.new_context(**IPHONE)
    page = ctx.new_page()
    open_page(page, f"{demo_server}/monitoring?year=2023", "防返贫监测")
    c = chart(page, "监测对象类别")
    c.screenshot(path=str(ARTIFACTS / "visual_phone_types.png"))
    labels = _rects(c, ".bars .point text")
    ticks = _rects(c, ".yaxislayer-above .ytick text")
    assert len(labels) == 3 and ticks
    for label in labels:
        for tick in ticks:
            assert not overlap(label, tick), (label["text"], tick["text"])
        assert label["left"] >= max(t["right"] for t in ticks)
    ctx.close()


def test_a_village_of_no_monitored_households_can_be_drilled(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    open_page(page, f"{demo_server}/monitoring?year=2023", "防返贫监测")
    c = chart(page, "2023年示例县各村监测对象")
    zero = c.locator(".scatterlayer .textpoint text", has_text="0户").last
    box = zero.bounding_box()
    # Click where the total is anchored (its left edge, beside the axis): 河坝村 has no bar to click.
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="村级详情").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2023", "township": "白云乡", "village": "河坝村"}
    page.close()


def test_half_width_title_is_inside_its_chart_and_clear_of_the_legend(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    open_page(page, f"{demo_server}/causes?year=2019", "致贫原因")
    c = chart(page, "致贫原因构成变化")
    c.screenshot(path=str(ARTIFACTS / "visual_causes_by_year.png"))
    b = next(x for x in boxes(page) if x["title"] and x["plot"]["right"] - x["plot"]["left"] < 800
             and x["title"]["top"] == c.evaluate("gd => gd.querySelector('.gtitle').getBoundingClientRect().top"))
    assert b["title"]["right"] <= b["plot"]["right"] - 10 and not overlap(b["title"], b["legend"])
    assert not overlap(b["title"], b["modebar"])
    assert c.evaluate("gd => gd.querySelectorAll('.gtitle tspan.line').length") == 2
    # The legend's twelve causes all shown (no scrollbar in a chart a line taller).
    assert c.evaluate("gd => gd.querySelectorAll('.legend .scrollbar').length === 0 || "
                      "gd.querySelector('.legend .scrollbar').getBoundingClientRect().height === 0")
    page.close()


def test_grouped_horizontal_bars_read_top_down_in_legend_order(demo_server, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    open_page(page, f"{demo_server}/monitoring?year=2023", "防返贫监测")
    c = chart(page, "监测对象主要风险类型")
    c.screenshot(path=str(ARTIFACTS / "visual_risks.png"))
    first = _rects(c, ".barlayer .trace.bars:nth-of-type(1) .point path")
    second = _rects(c, ".barlayer .trace.bars:nth-of-type(2) .point path")
    assert len(first) == len(second) == 12
    # In each pair the first series (全部监测对象, first in the legend) is the upper bar.
    assert all(a["top"] < b["top"] for a, b in zip(first, second))
    legend = [e["text"] for e in _rects(c, ".legend .traces .legendtext")]
    assert legend == ["全部监测对象", "其中风险未消除"]
    page.close()
