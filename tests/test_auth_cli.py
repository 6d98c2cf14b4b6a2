"""`python -m ledgerboard user …`, `log …`, `setup-token` and the account checks of `import` and `metrics`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from ledgerboard import auth
from ledgerboard.store import Store
from tests.conftest import CORE, ROOT
from tests.test_cli import run_in_process as run


def run_input(stdin: str, *args, check_code=None):
    p = subprocess.run([sys.executable, "-m", "ledgerboard", *args], input=stdin, capture_output=True, text=True,
                       cwd=ROOT)
    if check_code is not None:
        assert p.returncode == check_code, p.stderr + p.stdout
    return p


def test_user_add_reads_the_password_twice_from_stdin(tmp_path):
    db = str(tmp_path / "u.duckdb")
    p = run_input("secret-123\nsecret-124\n", "user", "add", "管理员", "--role", "admin", "--db", db, check_code=1)
    assert "两次输入的密码不一致" in p.stderr
    p = run_input("secret-123\nsecret-123\n", "user", "add", "管理员", "--role", "admin", "--db", db, check_code=0)
    assert p.stdout.strip() == "已新建账号“管理员”（管理，数据范围：全部地区）。"
    run_input("secret-456\nsecret-456\n", "user", "add", "甲镇填报", "--role", "analyst", "--township", "甲镇",
              "--db", db, check_code=0)
    run_input("", "user", "add", "领导", "--role", "viewer", "--county", "测试县", "--no-password", "--db", db,
              check_code=0)
    p = run_input("short\nshort\n", "user", "add", "x", "--role", "viewer", "--db", db, check_code=1)
    assert "至少需要8个字符" in p.stderr
    rows = [json.loads(line) for line in run("user", "list", "--json", "--db", db, check_code=0).stdout.splitlines()]
    assert [(r["username"], r["role"], r["county"], r["township"], r["active"]) for r in rows] == [
        ("管理员", "admin", None, None, True), ("甲镇填报", "analyst", None, "甲镇", True),
        ("领导", "viewer", "测试县", None, True)]
    run("user", "disable", "甲镇填报", "--db", db, check_code=0)
    assert "甲镇填报\t填报\t甲镇\t已停用" in run("user", "list", "--db", db, check_code=0).stdout
    s = Store(db)
    assert auth.authenticate(s, "管理员", "secret-123").role == "admin"
    s.close()


def test_import_needs_an_admin_and_a_scoped_user_imports_only_its_township(tmp_path):
    db = str(tmp_path / "i.duckdb")
    p = run("import", str(CORE / "households_2019_甲镇.xlsx"), "--db", db, check_code=1)
    assert "需要先创建管理员账号" in p.stderr
    run("import", str(CORE / "households_2019_甲镇.xlsx"), "--dry-run", "--db", db, check_code=0)   # writes nothing
    run_input("secret-123\nsecret-123\n", "user", "add", "admin", "--role", "admin", "--db", db, check_code=0)
    run_input("secret-123\nsecret-123\n", "user", "add", "jia", "--role", "analyst", "--township", "甲镇", "--db", db,
              check_code=0)
    run_input("secret-123\nsecret-123\n", "user", "add", "leader", "--role", "viewer", "--db", db, check_code=0)
    p = run("import", str(CORE / "households_2019_甲镇.xlsx"), "--user", "leader", "--db", db, check_code=1)
    assert "没有“上传导入台账”的权限" in p.stderr
    p = run("import", str(CORE / "households_2019_甲镇.xlsx"), str(CORE / "households_2019_乙乡.xlsx"),
            "--user", "jia", "--json", "--db", db, check_code=1)
    results = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["status"] for r in results] == ["imported", "rejected"]
    assert "工作表“Sheet1”第2行（乙乡）；工作表“Sheet1”第3行（乙乡）" in results[1]["message"]
    run("import", str(CORE / "households_2019_乙乡.xlsx"), "--user", "admin", "--db", db, check_code=0)
    # metrics with a township account: its township only, another township refused
    m = json.loads(run("metrics", "--year", "2019", "--user", "jia", "--json", "--db", db, check_code=0).stdout)
    assert m["registered_households"] == 4
    assert json.loads(run("metrics", "--year", "2019", "--json", "--db", db, check_code=0).stdout)[
        "registered_households"] == 6
    p = run("metrics", "--year", "2019", "--township", "乙乡", "--user", "jia", "--json", "--db", db, check_code=1)
    assert p.stderr.strip() == "您的账号只能查看甲镇的数据，不能查看乙乡。"
    log = [json.loads(line) for line in run("log", "--action", "import", "--json", "--db", db, check_code=0).stdout.splitlines()]
    assert [(r["username"], r["target"]) for r in log] == [
        ("admin", "households_2019_乙乡.xlsx（命令行，2行）"), ("jia", "households_2019_甲镇.xlsx（命令行，4行）")]
    refused = run("log", "--action", "import_refused", "--user", "jia", "--db", db, check_code=0).stdout
    assert "households_2019_乙乡.xlsx" in refused


def test_log_answers_who_looked_at_a_persons_id_number_last_week(tmp_path):
    db = str(tmp_path / "l.duckdb")
    s = Store(db)
    from tests.conftest import load_core
    load_core(s)
    admin = auth.create_account(s, "admin", "admin", "secret-123", by="test")
    person = auth.find_people(s, admin, "孙三").iloc[0].to_dict()
    auth.reveal(s, admin, person, "核对低保申请材料", address="10.0.0.7")
    s.close()
    since = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    out = run("log", "--action", "reveal", "--since", since, "--db", db, check_code=0).stdout
    lines = out.splitlines()
    assert len(lines) == 1
    assert lines[0].split("\t")[1:] == ["admin", "查看个人完整信息", "孙* 522224********0035", "10.0.0.7", "地区：甲镇二村",
                                        "理由：核对低保申请材料"]
    rows = run("log", "--action", "reveal", "--id-number", "522224197003030035", "--json", "--db", db,
               check_code=0).stdout.splitlines()
    assert [json.loads(r)["username"] for r in rows] == ["admin"]
    assert run("log", "--action", "reveal", "--id-number", "522224197004040040", "--db", db, check_code=0).stdout == ""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert run("log", "--since", tomorrow, "--db", db, check_code=0).stdout == ""
    p = run("log", "--since", "上周", "--db", db, check_code=2)
    assert "日期“上周”的格式不对" in p.stderr


def test_setup_token_is_printed_only_while_there_is_no_admin(tmp_path, demo_db):
    import shutil

    db = tmp_path / "t.duckdb"
    shutil.copy(demo_db, db)
    out = run("setup-token", "--db", str(db), check_code=0).stdout
    token = out.strip().rsplit("：", 1)[1]
    assert out.startswith("还没有管理员账号") and len(token) >= 16
    s = Store(db)
    assert auth.setup_token_ok(s, token)
    auth.create_first_admin(s, "admin", "secret-123", local=False, token=token)
    s.close()
    assert run("setup-token", "--db", str(db), check_code=0).stdout == ""
