"""The login gate, roles and scope in the app itself (AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import auditlog, auth
from ledgerboard.importer import import_file
from ledgerboard.indicators import Area, metrics
from ledgerboard.store import Store
from tests.conftest import CORE, ROOT

PASSWORD = "secret-123"


def with_real_data_and_accounts(path) -> None:
    """The store at `path` after a real import (so no longer demo-only), with one account of each kind:
    admin (管理), jia (填报, bound to 甲镇) and leader (查看), all with PASSWORD."""
    s = Store(path)
    for f in ("households_2019_甲镇.xlsx", "households_2019_乙乡.xlsx", "villages.xlsx"):
        assert import_file(s, CORE / f, imported_by="admin")["status"] == "imported"
    s.warm_rollups()
    auth.create_account(s, "admin", "admin", PASSWORD, by="test")
    auth.create_account(s, "jia", "analyst", PASSWORD, by="admin", township="甲镇")
    auth.create_account(s, "leader", "viewer", PASSWORD, by="admin")
    s.close()


@pytest.fixture
def real_db(app_db):
    """The demo store after a real import, with one account of each kind (with_real_data_and_accounts)."""
    with_real_data_and_accounts(app_db)
    return app_db


def app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = str(v)
    return at.run()


def login(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def refused(at: AppTest, page: str) -> bool:
    """The session asks for `page` (which the router leaves out of a role's navigation; AppTest may still
    run the file): either AppTest finds no such page, or the page itself refuses before showing anything."""
    try:
        at.switch_page(page)
    except ValueError:
        return True
    at.run()
    return (not at.file_uploader and not at.tabs and
            any("没有“" in e.value and "”的权限" in e.value for e in at.error))


def test_real_data_shows_nothing_but_the_login_page(real_db):
    at = app(year=2019)
    assert titles(at) == ["登录"] and not at.metric and not at.dataframe
    assert "请登录后查看" in at.info[0].value
    login(at, "leader", "wrong-password")
    assert [e.value for e in at.error] == ["账号或密码错误，请重新输入。"] and not at.metric
    login(at, "leader")
    assert titles(at) == ["总览"]
    labels = {m.label: m.value for m in at.metric}
    assert labels["建档立卡"] == "6户"
    assert "当前用户：leader（查看）" in at.sidebar.caption[0].value
    s = Store(real_db)
    log = auditlog.entries(s)
    s.close()
    assert list(log["action"][:2]) == ["login", "login_failed"]


def test_demo_store_opens_without_login_and_says_so(app_db):
    at = app(year=2019)
    assert titles(at) == ["总览"] and at.metric
    assert any("示例数据" in i.value for i in at.info)
    assert any("当前为示例数据，无需登录" in c.value for c in at.sidebar.caption)


def test_first_real_import_needs_an_admin_created_on_the_upload_page(app_db):
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60).run()
    assert not at.file_uploader
    assert "需要先创建管理员账号" in at.warning[0].value
    at.text_input(key="first_admin_username").input("admin")
    at.text_input(key="first_admin_password").input(PASSWORD)
    at.text_input(key="first_admin_again").input(PASSWORD + "x")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["两次输入的密码不一致，请重新输入。"]
    at.text_input(key="first_admin_again").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.file_uploader and at.text_input(key="up_user").value == "admin"
    s = Store(app_db)
    assert auth.admin_exists(s)
    s.close()


def test_real_data_without_an_admin_asks_for_one_and_shows_nothing_else(app_db):
    s = Store(app_db)
    assert import_file(s, CORE / "households_2019_甲镇.xlsx", imported_by="someone")["status"] == "imported"
    s.close()
    at = app(year=2019)
    assert titles(at) == ["登录"] and not at.metric
    assert "库中已有正式台账，但还没有管理员账号" in at.warning[0].value
    at.text_input(key="first_admin_username").input("admin")
    at.text_input(key="first_admin_password").input(PASSWORD)
    at.text_input(key="first_admin_again").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert titles(at) == ["总览"] and {m.label: m.value for m in at.metric}["建档立卡"] == "4户"


def test_viewer_sees_no_household_list_and_cannot_open_upload_or_admin(real_db):
    at = login(app(year=2019, township="甲镇", village="一村"), "leader")
    at.switch_page("pages/village.py").run()
    assert titles(at) == ["村级详情"]
    assert not at.dataframe                      # not even the masked household table
    assert any("查看账号不显示户名单" in c.value for c in at.caption)
    assert refused(at, "pages/upload.py") and refused(at, "pages/admin.py")


def test_analyst_sees_masked_households_of_own_township_only(real_db):
    at = login(app(year=2019), "jia")
    assert at.sidebar.selectbox(key="township").options == ["甲镇"]
    assert {m.label: m.value for m in at.metric}["建档立卡"] == "4户"
    at.switch_page("pages/upload.py").run()
    assert titles(at) == ["数据上传"] and at.file_uploader
    assert refused(at, "pages/admin.py")


def test_a_link_to_another_township_is_refused(real_db):
    at = login(app(year=2019, township="乙乡"), "jia")
    assert any("您的账号只能查看甲镇的数据，无法打开“乙乡”" in e.value for e in at.error)
    s = Store(real_db)
    jia = metrics(s, 2019, Area(township="甲镇"))["registered_households"]
    s.close()
    assert {m.label: m.value for m in at.metric}["建档立卡"] == f"{jia}户"
    assert at.sidebar.selectbox(key="township").value == "甲镇"


def test_admin_page_creates_accounts_changes_settings_and_reveals_with_a_reason(real_db):
    at = login(app(year=2019), "admin")
    at.switch_page("pages/admin.py").run()
    assert titles(at) == ["管理"]
    at.text_input(key="new_username").input("yi")
    at.selectbox(key="new_role").set_value("填报")
    at.text_input(key="new_township").input("乙乡")
    at.text_input(key="new_password").input(PASSWORD)
    at.text_input(key="new_again").input(PASSWORD)
    next(b for b in at.button if b.label == "新建账号").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "已新建账号“yi”。" in [s.value for s in at.success]
    at.selectbox(key="setting-exit_region").set_value("西部")
    next(b for b in at.button if b.label == "保存设置").click().run()
    assert "已保存设置" in at.success[0].value
    at.text_input(key="reveal_query").input("孙三").run()
    assert at.selectbox(key="reveal_pick").options[0].endswith("甲镇二村 孙* 522224********0035（户主）")
    at.text_input(key="reveal_reason").input("核对低保申请材料")
    at.button(key="reveal_go").click().run()
    assert at.success[-1].value.startswith("姓名：孙三　身份证号：522224197003030035")
    s = Store(real_db)
    yi = auth.get_account(s, "yi")
    assert (yi.role, yi.township) == ("analyst", "乙乡")
    assert s.setting("exit_region") == "西部"
    reveal = auditlog.entries(s, action="reveal", id_number="522224197003030035")
    s.close()
    assert reveal[["username", "reason"]].values.tolist() == [["admin", "核对低保申请材料"]]
