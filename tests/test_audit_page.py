"""The 精准核查 page (AppTest) and the analyst's path in a real browser: upload result → 精准核查 →
one village's 疑点清单 in three clicks; a click on a rule shows its records."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from ledgerboard import audit
from ledgerboard.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, ARTIFACTS, ROOT, app_on, login_app, with_admin
from tests.test_audit import AUDIT, load_audit_fixture


@pytest.fixture
def audit_app(tmp_path, monkeypatch):
    """The app on a store holding the audit fixture."""
    path = tmp_path / "audit_app.duckdb"
    s = Store(path)
    load_audit_fixture(s)
    s.close()
    with_admin(path)
    with app_on(path, monkeypatch):
        yield path


def _audit_page(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    login_app(at)
    at.switch_page("pages/audit.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_counts_rules_and_records(audit_app):
    at = _audit_page(year=2019)
    assert [t.value for t in at.title] == ["精准核查"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"疑点": "26条", "高风险疑点": "10条", "已核查规则": "20条", "缺少数据未核查的规则": "0条"}
    summary = at.dataframe[0].value
    assert summary["名称"].tolist() == [r.name for r in audit.rules_for(2019)]
    assert dict(zip(summary["名称"], summary["疑点数"]))["同一证件号码出现在多个户"] == "4条"
    rule = at.selectbox(key="audit-rule")
    assert rule.value == "id_in_two_households"      # the rule with the most 疑点 first
    records = at.dataframe[1].value
    assert records["户编号"].tolist() == ["A1", "A2", "C1", "D1"]
    assert records["证件号码"].str.contains(r"^\d{6}\*{8}\w{4}$").all()
    assert records["姓名"].str.endswith("*").all()
    rule.set_value("exit_income_below_line").run()
    assert at.dataframe[1].value["疑点依据"].tolist() == ["已脱贫，人均纯收入3000.00元，低于2019年贫困线3218元"]
    assert any("整改建议：入户核实家庭收入" in m.value for m in at.markdown)


def test_township_chart_and_skipped_rules(audit_app):
    at = _audit_page(year=2019, township="西乡")
    assert {m.label: m.value for m in at.metric}["缺少数据未核查的规则"] == "9条"
    assert any("点击某村的条形" in c.value for c in at.caption)
    summary = at.dataframe[0].value.set_index("名称")
    assert summary.loc["无户主或多个户主", "说明"] == "未核查：2019年核查县西乡没有花名册（按人填写的台账）（未导入）"
    assert (summary["疑点数"] == "—").sum() == 9


def test_village_with_nothing_found(audit_app):
    at = _audit_page(year=2018, township="东镇", village="甲村")
    assert {m.label: m.value for m in at.metric}["疑点"] == "1条"     # A2's head is also D1's head in 2018
    at.selectbox(key="audit-rule").set_value("main_cause_missing").run()
    assert [s.value for s in at.success] == ["2018年核查县东镇甲村没有发现此类疑点。"]


@pytest.mark.browser
def test_upload_to_village_suspects_in_three_clicks(browser, tmp_path):
    """Upload 西乡's 2019 ledger; from the result: 1 the button into 精准核查, 2 the village's bar, 3 the download.
    Then a click on a rule's row shows that rule."""
    from tests.browser_util import login, running_app, wait_for_app

    db = tmp_path / "browser.duckdb"
    s = Store(db)
    from ledgerboard.importer import import_file
    for f in sorted(AUDIT.glob("*.xlsx")):
        if f.name != "households_2019_西乡.xlsx":
            assert import_file(s, f)["status"] == "imported"
    s.close()
    with_admin(db)
    ARTIFACTS.mkdir(exist_ok=True)
    with running_app(db) as server:
        page = browser.new_page(viewport={"width": 1600, "height": 1100}, accept_downloads=True)
        page.goto(f"{server}/upload")
        wait_for_app(page)
        login(page, ADMIN, ADMIN_PASSWORD)
        wait_for_app(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            str(AUDIT / "households_2019_西乡.xlsx"))
        page.get_by_text("读取6行，可导入6行").first.wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_role("button", name="导入", exact=True).click()
        page.get_by_text("精准核查：2019年核查县西乡的数据共有6条疑点").wait_for(timeout=60_000)
        wait_for_app(page)

        page.get_by_role("button", name="查看疑点、下载疑点清单").click()                      # click 1
        page.get_by_role("heading", name="精准核查").first.wait_for(timeout=60_000)
        page.get_by_text("2019年 · 核查县西乡 · ").first.wait_for(timeout=60_000)
        wait_for_app(page)
        chart = page.locator("[data-testid='stPlotlyChart']").first
        chart.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "audit_township.png"), full_page=True)
        bar = chart.locator(".bars path").first                                                 # 丙村, the most 疑点
        box = bar.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)           # click 2
        page.get_by_text("2019年 · 核查县西乡丙村 · ").first.wait_for(timeout=60_000)
        chart.wait_for(state="detached", timeout=60_000)     # one village: no chart; the township's run is gone
        wait_for_app(page)

        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="下载疑点清单").click()                             # click 3
        download = info.value
        assert download.suggested_filename == "2019年核查县西乡丙村精准核查疑点清单.xlsx"
        wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
        names = {r.id: audit.sheet_name(r, set()) for r in audit.rules_for(2019)}
        assert wb.sheetnames == ["说明"] + [names[i] for i in (
            "id_in_two_households", "exited_then_poor", "exited_village_incidence", "vanished_household",
            "poor_without_measure")]
        vanished = list(wb[names["vanished_household"]].iter_rows(min_row=4, values_only=True))
        assert [r[4] for r in vanished] == ["C6"] and vanished[0][-3:] == (None, None, None)

        # A click on a rule's row (the grid's row marker) shows that rule's records below.
        grid = page.locator("[data-testid='stDataFrame']").first
        gbox = grid.bounding_box()
        row = [r.id for r in audit.rules_for(2019)].index("vanished_household")
        page.mouse.click(gbox["x"] + 18, gbox["y"] + 35 * (row + 1) + 17)
        page.get_by_text("整改建议：核实该户去向").wait_for(timeout=60_000)
        wait_for_app(page)
        page.screenshot(path=str(ARTIFACTS / "audit_village.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        page.close()

