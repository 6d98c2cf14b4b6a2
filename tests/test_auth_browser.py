"""Logging in for real (Chromium): a 查看 and a 填报 account see what their role allows, a failed login,
a session that survives a reload, and a reveal of one person that shows up in the audit log."""

from __future__ import annotations

import pytest

from tests.browser_util import log_in, metric_value
from tests.conftest import ARTIFACTS
from tests.test_auth_pages import PASSWORD

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as expect_
    return expect_(locator)


def nav_links(page) -> list[str]:
    return [t.strip().splitlines()[-1] for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


def test_viewer_fails_once_then_sees_figures_but_no_household_list(accounts_server, browser):
    from tests.browser_util import wait_for_app

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, accounts_server, "leader", "wrong-password", path="village?year=2019&township=甲镇&village=一村",
           accepted=False)
    page.get_by_text("账号或密码错误，请重新输入。").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stMetric']").count() == 0
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # The link asked for 村级详情 of 甲镇一村: that is what opens after the login.
    page.get_by_role("heading", name="村级详情").wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text("当前用户：leader（查看）").wait_for(timeout=30_000)
    page.get_by_text("查看账号不显示户名单").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert "数据上传" not in nav_links(page) and "管理" not in nav_links(page)
    assert "总览" in nav_links(page)
    page.screenshot(path=str(ARTIFACTS / "auth_viewer.png"), full_page=True)
    # A reload keeps the session (signed cookie).
    page.goto(f"{accounts_server}/?year=2019")     # the default page's address (/overview answers "Page not found")
    wait_for_app(page)
    page.get_by_role("heading", name="总览").wait_for(timeout=60_000)
    expect(metric_value(page, "建档立卡")).to_have_text("6户", timeout=30_000)
    # Logging out ends it: the next load asks for the login again.
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="登录", exact=True).wait_for(timeout=30_000)
    # No figure: the page before the reload may still be on screen for a moment under load, never after.
    expect(page.locator("[data-testid='stMetric']")).to_have_count(0, timeout=30_000)
    page.close()


def test_analyst_sees_own_township_masked_households_and_upload(accounts_server, browser):
    from tests.browser_util import wait_for_app

    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, accounts_server, "jia", PASSWORD, path="?year=2019&township=乙乡")
    page.get_by_text("您的账号只能查看甲镇的数据，无法打开“乙乡”").wait_for(timeout=60_000)
    expect(metric_value(page, "建档立卡")).to_have_text("4户", timeout=30_000)
    assert "数据上传" in nav_links(page) and "管理" not in nav_links(page)
    page.goto(f"{accounts_server}/village?year=2019&township=甲镇&village=一村")
    wait_for_app(page)
    page.get_by_text("户主姓名和身份证号已脱敏显示。").wait_for(timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)    # the masked household list
    page.goto(f"{accounts_server}/upload")
    wait_for_app(page)
    page.get_by_text("您的账号只能导入甲镇的台账").wait_for(timeout=60_000)
    page.locator("[data-testid='stFileUploader']").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "auth_analyst.png"), full_page=True)
    page.close()


def test_admin_reveals_one_person_with_a_reason_and_finds_it_in_the_log(accounts_server, browser):
    from tests.browser_util import wait_for_app

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    log_in(page, accounts_server, "admin", PASSWORD, path="village?year=2019&township=甲镇&village=一村")
    page.get_by_text("户主姓名和身份证号已脱敏显示。").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="下载表格（Excel）").first.click()
    assert info.value.suggested_filename == "2019年甲镇一村建档立卡户.xlsx"
    wait_for_app(page)
    with page.expect_download(timeout=60_000):
        page.get_by_role("button", name="下载表格（Excel）").first.click()
    wait_for_app(page)
    page.goto(f"{accounts_server}/admin")
    wait_for_app(page)
    page.get_by_role("heading", name="管理").wait_for(timeout=60_000)
    page.get_by_role("tab", name="查看个人信息").click()
    page.get_by_label("姓名或身份证号（完整）").fill("孙三")
    page.get_by_label("姓名或身份证号（完整）").press("Enter")
    wait_for_app(page)
    page.get_by_label("查看理由（必填，记入日志）").fill("核对低保申请材料")
    page.get_by_label("查看理由（必填，记入日志）").press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="查看完整信息").click()
    page.get_by_text("身份证号：522224197003030035").wait_for(timeout=30_000)
    page.get_by_role("tab", name="操作日志").click()
    box = page.get_by_role("combobox", name="操作")
    box.click()
    page.get_by_role("option", name="查看个人完整信息", exact=True).click()
    wait_for_app(page)
    page.get_by_text("共1条").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "auth_admin_log.png"), full_page=True)
    box.click()
    page.get_by_role("option", name="下载", exact=True).click()
    wait_for_app(page)
    page.get_by_text("共2条").wait_for(timeout=30_000)     # the two Excel downloads above
    page.close()
