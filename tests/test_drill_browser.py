"""County → township → village in a real browser on 致贫原因, 收入增长 and 项目覆盖 (as 贫困发生率 does), and the
精准核查 rule list whose counts follow a drill."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS
from tests.browser_util import chart, open_page, query, settle

pytestmark = pytest.mark.browser

# (page, heading, the townships' chart, its first bar in 2019, the villages' chart then shown)
TOWNSHIP_DRILLS = [
    ("causes", "致贫原因", "示例县各乡镇致贫原因构成", "白云乡", "各村致贫原因构成"),            # most households (1,188)
    ("income", "收入增长", "示例县各乡镇建档立卡户人均纯收入", "石门镇", "各村建档立卡户人均纯收入"),   # highest (5,048元)
    ("projects", "项目覆盖", "示例县各乡镇户均项目资金", "青松镇", "各村户均项目资金"),          # most per household
]


def _labels(page, title: str) -> list[str]:
    return [t.text_content() for t in chart(page, title).locator(".yaxislayer-above .ytick text").all()]


@pytest.mark.parametrize("path,heading,towns,first,villages", TOWNSHIP_DRILLS, ids=[d[0] for d in TOWNSHIP_DRILLS])
def test_township_bar_drills_to_its_villages_and_back(demo_server, browser, path, heading, towns, first, villages):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    start = f"{demo_server}/{path}?year=2019"              # the demo opens on 2025: the link gives 2019
    open_page(page, start, heading)
    assert sorted(_labels(page, towns)) == ["白云乡", "石门镇", "青松镇"]
    before = page.evaluate("history.length")
    chart(page, towns).locator(".point path").first.click(force=True)
    page.locator(".gtitle", has_text=f"2019年{first}{villages}").first.wait_for(timeout=30_000)
    settle(page)
    assert query(page) == {"year": "2019", "township": first}
    assert page.evaluate("history.length") == before + 1
    # in a township: its villages, no township chart (waited for: a loaded server may still be rerunning)
    expect(page.locator(".gtitle", has_text="各乡镇")).to_have_count(0, timeout=30_000)
    assert len(_labels(page, f"2019年{first}{villages}")) == 9          # each demo township has 9 villages
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"drill_{path}_township.png"), full_page=True)
    page.go_back()
    page.locator(".gtitle", has_text=f"2019年{towns}").first.wait_for(timeout=30_000)
    settle(page)
    assert page.url == start
    page.close()


def _chosen_rule(page) -> str:
    """What the 查看疑点记录 box shows as chosen (the option's label, with its count)."""
    rule = page.get_by_role("combobox", name="查看疑点记录")
    box = page.locator("[data-testid='stSelectbox']", has=rule)
    return (box.text_content() or "") + " " + (rule.input_value() or "")


def test_audit_rule_counts_follow_the_drill(demo_server, demo_db, browser, tmp_path):
    import shutil

    from ledgerboard import audit
    from ledgerboard.area import Area
    from ledgerboard.store import Store

    shutil.copy(demo_db, tmp_path / "audit.duckdb")
    store = Store(tmp_path / "audit.duckdb")
    try:
        county = audit.run_audit(store, 2019, Area())
        towns = audit.by_township(county).sort_values("suspects", ascending=False, kind="stable")
        first = str(towns.iloc[0]["township"])
        township = audit.run_audit(store, 2019, Area(township=first))
    finally:
        store.close()
    top = max(county.ran, key=lambda r: r.count).rule
    before, after = county.result(top.id).count, township.result(top.id).count
    assert before != after

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    open_page(page, f"{demo_server}/audit?year=2019", "精准核查")
    assert f"{top.name}（{before}条）" in _chosen_rule(page)
    chart(page, "各乡镇疑点数").locator(".point path").first.click(force=True)
    page.locator(".gtitle", has_text=f"2019年{first}各村疑点数").first.wait_for(timeout=30_000)
    settle(page)
    shown = _chosen_rule(page)
    assert f"{top.name}（{after}条）" in shown and f"（{before}条）" not in shown, shown
    page.close()
