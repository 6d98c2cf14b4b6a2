"""Accounts, roles, scope and the audit log (ledgerboard.auth, ledgerboard.auditlog) on small real ledgers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ledgerboard import analysis, auditlog, auth, exports, upload
from ledgerboard.importer import Options, import_file
from ledgerboard.indicators import Area, metrics
from tests.conftest import CORE, ROOT

PASSWORD = "secret-123"
HOUSEHOLD_HEADER = ["年度", "县", "乡镇", "行政村", "户编号", "户主姓名", "户主身份证号", "家庭人口数（人）", "贫困户属性",
                    "主要致贫原因", "脱贫状态", "脱贫年度", "人均纯收入（元）"]


def other_county_file(tmp_path: Path) -> Path:
    """乙县丙镇 2019: two households, so the store holds two counties."""
    wb = Workbook()
    ws = wb.active
    ws.append(HOUSEHOLD_HEADER)
    ws.append([2019, "乙县", "丙镇", "四村", "B-001", "郑七", "522224197007070077", 3, "一般贫困户", "因学", "未脱贫", None, 2800])
    ws.append([2019, "乙县", "丙镇", "四村", "B-002", "王八", "522224197008080082", 4, "一般贫困户", "因病", "未脱贫", None, 2900])
    path = tmp_path / "households_2019_丙镇.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def two_county(core_store, tmp_path):
    """测试县 (甲镇, 乙乡) and 乙县 (丙镇), with an admin, a 甲镇 analyst, a 测试县 viewer and an unscoped viewer."""
    r = import_file(core_store, other_county_file(tmp_path))
    assert r["status"] == "imported", r
    auth.create_account(core_store, "admin", "admin", PASSWORD, by="test")
    auth.create_account(core_store, "jia", "analyst", PASSWORD, by="admin", township="甲镇")
    auth.create_account(core_store, "county", "viewer", PASSWORD, by="admin", county="测试县")
    auth.create_account(core_store, "leader", "viewer", PASSWORD, by="admin")
    return core_store


# Hashing ---------------------------------------------------------------------------------------
def test_passwords_are_stored_as_argon2id_hashes(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    stored = store.query_row("auth/account", username="admin")["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    auth.create_account(store, "other", "viewer", PASSWORD, by="admin")
    assert store.query_row("auth/account", username="other")["password_hash"] != stored   # salted
    assert auth.authenticate(store, "admin", PASSWORD).role == "admin"
    with pytest.raises(auth.LoginFailed, match="账号或密码错误"):
        auth.authenticate(store, "admin", PASSWORD + "x")
    with pytest.raises(auth.LoginFailed, match="账号或密码错误"):
        auth.authenticate(store, "nobody", PASSWORD)
    with pytest.raises(auth.AuthError, match="至少需要8个字符"):
        auth.create_account(store, "short", "viewer", "1234567", by="admin")
    with pytest.raises(auth.AuthError, match="已存在"):
        auth.create_account(store, "admin", "viewer", PASSWORD, by="admin")


def test_sso_only_account_has_no_password_and_cannot_log_in_with_one(store):
    auth.create_account(store, "sso", "viewer", None, by="admin", external_id="sso@example.cn")
    with pytest.raises(auth.LoginFailed, match="账号或密码错误"):
        auth.authenticate(store, "sso", "")


# Lock-out ---------------------------------------------------------------------------------------
def test_five_failures_lock_the_account_for_fifteen_minutes(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(auth.LoginFailed, match="账号或密码错误"):
            auth.authenticate(store, "admin", "wrong-password")
    assert auth.locked_until(store, "admin") is None
    with pytest.raises(auth.LoginFailed, match="账号或密码错误"):
        auth.authenticate(store, "admin", "wrong-password")
    until = auth.locked_until(store, "admin")
    assert until is not None
    with pytest.raises(auth.LoginFailed, match="连续5次登录失败，账号已锁定"):
        auth.authenticate(store, "admin", PASSWORD)         # even the right password
    assert auth.locked_until(store, "admin", now=until + dt.timedelta(seconds=1)) is None
    assert auth.locked_until(store, "other") is None        # per user name
    log = auditlog.entries(store, action="login_failed")
    assert list(log["target"]) == ["账号已锁定"] + ["账号或密码错误"] * 5


def test_a_successful_login_resets_the_failure_count(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    for _ in range(4):
        with pytest.raises(auth.LoginFailed):
            auth.authenticate(store, "admin", "wrong-password")
    auth.authenticate(store, "admin", PASSWORD)
    for _ in range(4):
        with pytest.raises(auth.LoginFailed):
            auth.authenticate(store, "admin", "wrong-password")
    assert auth.locked_until(store, "admin") is None
    assert auth.authenticate(store, "admin", PASSWORD).username == "admin"


# Session cookie ----------------------------------------------------------------------------------
def test_session_token_survives_until_it_expires_and_ends_on_logout(store):
    admin = auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    now = dt.datetime(2026, 11, 30, 9, 0)
    token = auth.issue_session(store, admin, now=now)
    assert auth.account_from_session(store, token, now=now + dt.timedelta(hours=11)) == admin
    assert auth.account_from_session(store, token, now=now + dt.timedelta(hours=auth.SESSION_HOURS)) is None
    body, sig = token.split(".")
    forged = auth._b64(b"admin\n9999999999\n0") + "." + sig
    assert auth.account_from_session(store, forged, now=now) is None
    tampered = ("y" if sig[0] == "x" else "x") + sig[1:]          # a signature one character off, always
    assert auth.account_from_session(store, body + "." + tampered, now=now) is None
    assert auth.account_from_session(store, "garbage", now=now) is None
    auth.logout(store, admin)
    assert auth.account_from_session(store, token, now=now) is None


def test_password_change_and_disabling_end_sessions(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    analyst = auth.create_account(store, "jia", "analyst", PASSWORD, by="admin", township="甲镇")
    token = auth.issue_session(store, analyst)
    auth.set_password(store, "jia", "another-secret", by="admin")
    assert auth.account_from_session(store, token) is None
    analyst = auth.authenticate(store, "jia", "another-secret")
    token = auth.issue_session(store, analyst)
    auth.set_active(store, "jia", False, by="admin")
    assert auth.account_from_session(store, token) is None
    assert auth.still_valid(store, analyst) is None
    with pytest.raises(auth.LoginFailed, match="已停用"):
        auth.authenticate(store, "jia", "another-secret")
    with pytest.raises(auth.AuthError, match="唯一的管理员"):
        auth.set_active(store, "admin", False, by="admin")


# Roles -------------------------------------------------------------------------------------------
ALLOWED = {   # action → roles that may do it, as issue 13 states them
    "view": {"admin", "analyst", "viewer"},
    "personal_masked": {"admin", "analyst"},
    "upload": {"admin", "analyst"},
    "undo_own": {"admin", "analyst"},
    "undo_any": {"admin"},
    "accounts": {"admin"},
    "settings": {"admin"},
    "reveal": {"admin"},
    "audit_log": {"admin"},
}


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
def test_role_checks_for_every_action(role, action):
    account = auth.Account(username="u", role=role)
    assert auth.can(account, action) == (role in ALLOWED[action])
    if role in ALLOWED[action]:
        auth.require(account, action)
    else:
        with pytest.raises(auth.Forbidden, match=f"没有“{auth.ACTION_LABELS[action]}”的权限"):
            auth.require(account, action)
    assert not auth.can(auth.Account(username="u", role=role, active=False), action)
    assert not auth.can(None, action)


def test_demo_visitor_sees_analysis_and_masked_tables_but_cannot_import():
    assert auth.can(auth.DEMO_VISITOR, "view") and auth.can(auth.DEMO_VISITOR, "personal_masked")
    assert not any(auth.can(auth.DEMO_VISITOR, a) for a in ("upload", "undo_own", "accounts", "reveal", "audit_log"))


def test_analyst_undoes_only_own_imports(core_store):
    admin = auth.Account("admin", "admin")
    analyst = auth.Account("jia", "analyst", township="甲镇")
    viewer = auth.Account("leader", "viewer")
    assert auth.may_undo(analyst, "jia") and not auth.may_undo(analyst, "yi") and not auth.may_undo(analyst, None)
    assert auth.may_undo(admin, "jia") and not auth.may_undo(viewer, "leader")
    fp = upload.preview_file(core_store, "households_2019_甲镇.xlsx", (CORE / "households_2019_甲镇.xlsx").read_bytes(),
                             Options())
    upload.commit_previews(core_store, [fp], imported_by="yi")
    batch = upload.history(core_store)["batch_id"][0]
    assert upload.undo_batch(core_store, batch, account=analyst) == (
        False, "“households_2019_甲镇.xlsx”未撤销：您的账号只能撤销本人导入的台账。")
    assert upload.undo_batch(core_store, batch, account=admin)[0]
    assert list(auditlog.entries(core_store, action="undo")["username"]) == ["admin"]


def test_settings_change_is_admins_only_and_logged(store):
    admin = auth.create_account(store, "admin", "admin", PASSWORD, by="test")
    analyst = auth.create_account(store, "jia", "analyst", PASSWORD, by="admin")
    assert auth.setting_choices(store) == {"line_region": ["国家标准", "省定标准（示例）"], "exit_region": ["中东部", "西部"]}
    with pytest.raises(auth.Forbidden):
        auth.change_setting(store, analyst, "exit_region", "西部")
    with pytest.raises(auth.AuthError, match="不能取值“东北”"):
        auth.change_setting(store, admin, "exit_region", "东北")
    auth.change_setting(store, admin, "exit_region", "西部", address="10.0.0.8")
    assert store.setting("exit_region") == "西部"
    assert analysis.exit_threshold(store) == 3.0
    row = auditlog.entries(store, action="setting").iloc[0]
    assert (row["username"], row["target"], row["address"]) == ("admin", "贫困村出列标准（地区）：中东部 → 西部", "10.0.0.8")


# Scope -------------------------------------------------------------------------------------------
def test_scoped_area_is_the_intersection_or_a_refusal():
    town, county = auth.Scope(township="甲镇"), auth.Scope(county="测试县")
    assert auth.scoped_area(None, Area(township="乙乡")) == Area(township="乙乡")
    assert auth.scoped_area(auth.Scope(), Area()) == Area()
    assert auth.scoped_area(town, Area()) == Area(township="甲镇")
    assert auth.scoped_area(town, Area(township="甲镇", village="一村")) == Area(township="甲镇", village="一村")
    assert auth.scoped_area(county, Area()) == Area(county="测试县")
    assert auth.scoped_area(county, Area(township="乙乡")) == Area(county="测试县", township="乙乡")
    with pytest.raises(auth.OutOfScope, match="您的账号只能查看甲镇的数据，不能查看乙乡。"):
        auth.scoped_area(town, Area(township="乙乡"))
    with pytest.raises(auth.OutOfScope, match="不能查看乙县"):
        auth.scoped_area(county, Area(county="乙县"))
    with pytest.raises(auth.OutOfScope, match="不能查看“全国”"):
        auth.scoped_area(town, Area(name="全国"))


def test_township_account_reaches_only_its_township(two_county):
    s = two_county
    jia = auth.get_account(s, "jia")
    area = auth.scoped_area(jia.scope, Area())
    m = metrics(s, 2019, area)
    assert (m["registered_households"], m["registered_population"], m["poor_households"], m["agri_population"]) == (
        4, 10, 2, 300)
    assert metrics(s, 2019)["registered_households"] == 8          # the whole store, for comparison
    assert auth.townships_in_scope(s, jia.scope) == ["甲镇"]
    tables = {
        "incidence_by_village": analysis.incidence_by_village(s, 2019, area),
        "incidence_by_township": analysis.incidence_by_township(s, 2019, area),
        "causes_by_village": analysis.causes_by_village(s, 2019, area),
        "income_by_village": analysis.income_by_village(s, 2019, area),
        "projects_by_village": analysis.projects_by_village(s, 2019, area),
    }
    for name, df in tables.items():
        assert not df.empty, name
        assert set(df["township"]) == {"甲镇"}, name
    assert sorted(tables["incidence_by_village"]["village"]) == ["一村", "二村"]
    # The Excel download of a page table holds the same rows.
    xlsx = exports.table_xlsx(analysis.table(tables["incidence_by_village"]))
    ws = load_workbook(io.BytesIO(xlsx)).active
    header = [c.value for c in ws[1]]
    towns = {row[header.index("乡镇")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert towns == {"甲镇"} and ws.max_row == 3


def test_county_account_reaches_only_its_county(two_county):
    s = two_county
    scope = auth.get_account(s, "county").scope
    area = auth.scoped_area(scope, Area())
    assert metrics(s, 2019, area)["registered_households"] == 6
    assert metrics(s, 2019, auth.scoped_area(auth.Scope(county="乙县"), Area()))["registered_households"] == 2
    assert auth.townships_in_scope(s, scope) == ["乙乡", "甲镇"]
    assert auth.townships_in_scope(s, auth.get_account(s, "leader").scope) == ["丙镇", "乙乡", "甲镇"]
    towns = analysis.incidence_by_township(s, 2019, area)
    assert sorted(towns["township"]) == ["乙乡", "甲镇"]


def test_scoped_import_of_another_township_is_rejected_naming_the_rows(two_county):
    s = two_county
    jia = auth.get_account(s, "jia")
    check = auth.import_check(jia)
    r = import_file(s, CORE / "households_2019_乙乡.xlsx", imported_by="jia", accept=check)
    assert r["status"] == "rejected" and (r["rows_read"], r["rows_imported"], r["rows_rejected"]) == (2, 0, 2)
    assert r["message"] == (
        "文件“households_2019_乙乡.xlsx”中有不属于甲镇的数据：工作表“Sheet1”第2行（乙乡）；工作表“Sheet1”第3行（乙乡），共2行。"
        "您的账号只能导入甲镇的台账，整个文件未导入。请删除这些行，或请相应乡镇的填报人员导入。")
    assert import_file(s, CORE / "households_2019_甲镇.xlsx", imported_by="jia", accept=check)["status"] == "imported"
    r = import_file(s, CORE / "areas.xlsx", imported_by="jia", accept=check)
    assert r["status"] == "rejected" and "只能由不限地区的账号导入" in r["message"]
    assert auth.import_check(auth.get_account(s, "admin")) is None
    # Through the upload page's commit as well: the file is named, nothing is written, the refusal is logged.
    before = metrics(s, 2019, Area(township="乙乡"))["registered_households"]
    fp = upload.preview_file(s, "households_2019_乙乡.xlsx", (CORE / "households_2019_乙乡.xlsx").read_bytes(), Options())
    lines = upload.commit_previews(s, [fp], imported_by="jia", accept=check, address="10.0.0.9")
    assert lines[0].startswith("“households_2019_乙乡.xlsx”未导入：文件“households_2019_乙乡.xlsx”中有不属于甲镇的数据")
    assert metrics(s, 2019, Area(township="乙乡"))["registered_households"] == before
    assert auditlog.entries(s, action="import_refused")["address"].tolist() == ["10.0.0.9"]


# First admin ------------------------------------------------------------------------------------
def test_first_admin_only_locally_or_with_the_one_time_token(store):
    token = auth.new_setup_token(store)
    assert token
    with pytest.raises(auth.Forbidden, match="一次性设置码"):
        auth.create_first_admin(store, "admin", PASSWORD, local=False, token="wrong")
    admin = auth.create_first_admin(store, "admin", PASSWORD, local=False, token=token, address="10.0.0.5")
    assert admin.role == "admin" and auth.admin_exists(store)
    assert not auth.setup_token_ok(store, token)              # used once
    assert auth.new_setup_token(store) is None                # none while an admin exists
    with pytest.raises(auth.Forbidden, match="已有管理员账号"):
        auth.create_first_admin(store, "second", PASSWORD, local=True)


def test_demo_store_needs_no_login_real_data_does(demo_store, core_store):
    assert not auth.needs_login(demo_store)
    assert auth.needs_login(core_store)


# OIDC and the SSO header --------------------------------------------------------------------------
def test_oidc_configuration_is_detected_from_secrets():
    base = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    assert auth.oidc_providers({}) == []
    assert auth.oidc_providers({"auth": {"client_id": "lb"}}) == []            # no redirect_uri / cookie_secret
    assert auth.oidc_providers({"auth": {**base, "client_id": "lb", "server_metadata_url": "u"}}) == [None]
    assert auth.oidc_providers({"auth": {**base, "keycloak": {"client_id": "lb", "server_metadata_url": "u"}}}) == [
        "keycloak"]


def test_the_documented_secrets_example_sets_up_one_provider():
    import tomllib

    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert auth.oidc_providers(example) == [None]


def test_oidc_identity_maps_to_an_active_account(store):
    auth.create_account(store, "zhang", "analyst", None, by="admin", external_id="zhang@fpb.example.cn", township="甲镇")
    auth.create_account(store, "li", "viewer", PASSWORD, by="admin")
    a = auth.account_for_identity(store, {"email": "zhang@fpb.example.cn", "sub": "f3a9", "is_logged_in": True})
    assert (a.username, a.role, a.township) == ("zhang", "analyst", "甲镇")
    assert auth.account_for_identity(store, {"preferred_username": "li", "sub": "77"}).username == "li"
    assert auth.account_for_identity(store, {"email": "stranger@example.cn"}) is None
    assert auth.account_for_identity(store, {}) is None
    auth.set_active(store, "zhang", False, by="admin")
    assert auth.account_for_identity(store, {"email": "zhang@fpb.example.cn"}) is None


def test_trusted_sso_header_maps_to_an_account(store):
    auth.create_account(store, "wang", "viewer", None, by="admin")
    assert auth.trusted_header_configured({"X-Remote-User": "ledgerboard_user"})
    assert not auth.trusted_header_configured({"X-Remote-User": "name"}) and not auth.trusted_header_configured({})
    assert auth.account_for_header(store, {"ledgerboard_user": "wang"}).username == "wang"
    assert auth.account_for_header(store, {"ledgerboard_user": "nobody"}) is None
    assert auth.account_for_header(store, {}) is None


# Reveal and the audit log ----------------------------------------------------------------------------
def test_reveal_needs_a_reason_and_the_log_answers_who_looked(two_county):
    s = two_county
    admin = auth.get_account(s, "admin")
    people = auth.find_people(s, admin, "孙三")
    assert list(people["name_masked"]) == ["孙*", "孙*"] and list(people["year"]) == [2019, 2018]
    assert "522224197003030035" not in people[["name_masked", "id_masked"]].to_string()
    with pytest.raises(auth.AuthError, match="请写明查看的理由"):
        auth.reveal(s, admin, people.iloc[0].to_dict(), "  ")
    with pytest.raises(auth.Forbidden):
        auth.reveal(s, auth.get_account(s, "jia"), people.iloc[0].to_dict(), "核对低保申请材料")
    shown = auth.reveal(s, admin, people.iloc[0].to_dict(), "核对低保申请材料", address="10.0.0.7")
    assert shown == {"name": "孙三", "id_number": "522224197003030035"}
    by_person = auditlog.entries(s, action="reveal", since=dt.datetime.now() - dt.timedelta(days=7),
                                 id_number="522224197003030035")
    assert by_person[["username", "target", "area", "reason", "address"]].values.tolist() == [
        ["admin", "孙* 522224********0035", "甲镇二村", "核对低保申请材料", "10.0.0.7"]]
    assert auditlog.entries(s, action="reveal", id_number="522224197004040040").empty
    # A township-scoped admin finds nobody outside the township.
    auth.create_account(s, "yi-admin", "admin", PASSWORD, by="admin", township="乙乡")
    assert auth.find_people(s, auth.get_account(s, "yi-admin"), "孙三").empty


def test_audit_log_is_append_only():
    writers = [p.relative_to(ROOT).as_posix() for p in (ROOT / "queries").rglob("*.sql")
               if re.search(r"\b(update|delete\s+from|truncate|drop\s+table)\s+audit_log\b", p.read_text(), re.I)]
    assert writers == []
    inserts = [p.relative_to(ROOT).as_posix() for p in (ROOT / "queries").rglob("*.sql")
               if re.search(r"\binsert\s+into\s+audit_log\b", p.read_text(), re.I)]
    assert inserts == ["queries/log/insert.sql"]
    code = [p.relative_to(ROOT).as_posix() for p in (ROOT / "ledgerboard").rglob("*.py")
            if re.search(r"\b(insert\s+into|update|delete\s+from)\s+audit_log\b", p.read_text(), re.I)]
    assert code == []          # no module writes the table except through the named insert


def test_every_account_change_is_logged(store):
    auth.create_account(store, "admin", "admin", PASSWORD, by="setup")
    auth.create_account(store, "jia", "viewer", PASSWORD, by="admin", township="甲镇")
    auth.update_account(store, "jia", "admin", "analyst", township="甲镇", display_name="甲镇填报员")
    auth.set_password(store, "jia", "new-secret-1", by="admin")
    auth.set_active(store, "jia", False, by="admin")
    log = auditlog.entries(store, action="account")
    assert list(log["target"])[::-1] == [
        "新建账号 admin（管理，范围：全部地区）", "新建账号 jia（查看，范围：甲镇）", "修改账号 jia（填报，范围：甲镇）",
        "重设账号 jia 的密码", "停用账号 jia"]
    assert set(log["username"]) == {"setup", "admin"}
