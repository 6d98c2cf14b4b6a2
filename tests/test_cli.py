"""The CLI exactly as other tools call it: python -m ledgerboard …"""

import json
import subprocess
import sys

from ledgerboard.indicators import KEYS
from tests.conftest import CORE, ROOT


def run(*args, check_code=None):
    p = subprocess.run([sys.executable, "-m", "ledgerboard", *args], capture_output=True, text=True, cwd=ROOT)
    if check_code is not None:
        assert p.returncode == check_code, p.stderr + p.stdout
    return p


def run_in_process(*args, check_code=None) -> subprocess.CompletedProcess:
    """ledgerboard.cli.main(args) in this process, its output and exit code as `run` returns them (the commands'
    logging too: WARNING and above to its stderr, as `python -m ledgerboard` prints them), without the second
    or two a new Python takes to start. For what does not depend on being another process (a held store, a kill,
    stdin): the tests of this module keep `run`."""
    import contextlib
    import io
    import logging

    from ledgerboard import cli

    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, logging.WARNING) if level else logging.WARNING)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as exc:       # argparse: a usage error
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    p = subprocess.CompletedProcess(["ledgerboard", *args], code or 0, out.getvalue(), err.getvalue())
    if check_code is not None:
        assert p.returncode == check_code, p.stderr + p.stdout
    return p


def admin_db(tmp_path) -> str:
    """A store with an admin account: real imports need one (issue 13)."""
    from ledgerboard import auth
    from ledgerboard.store import Store

    path = tmp_path / "cli.duckdb"
    s = Store(path)
    auth.create_account(s, "管理员", "admin", "secret-123", by="test")
    s.close()
    return str(path)


def test_import_json_then_metrics(tmp_path):
    db = admin_db(tmp_path)
    files = sorted(str(f) for f in CORE.glob("*.xlsx"))
    p = run("import", *files, "--db", db, "--json", check_code=0)
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == len(files)
    assert {r["status"] for r in lines} == {"imported"}
    hh = next(r for r in lines if r["file"] == "households_2019_甲镇.xlsx")
    assert (hh["kind"], hh["rows_read"], hh["rows_imported"], hh["rows_rejected"], hh["households"]) == (
        "households", 4, 4, 0, 4)
    for key in ("file", "kind", "status", "message", "rows_read", "rows_imported", "rows_rejected", "households",
                "persons", "replaced", "batch_id", "errors", "warnings"):
        assert key in hh
    m = json.loads(run("metrics", "--year", "2019", "--db", db, "--json", check_code=0).stdout)
    assert set(KEYS) <= set(m)
    assert (m["registered_households"], m["poor_population"], m["incidence_pct"]) == (6, 12, 2.0)
    v = json.loads(run("metrics", "--year", "2019", "--township", "甲镇", "--village", "二村", "--db", db,
                       "--json", check_code=0).stdout)
    assert v["registered_population"] == 5
    a = json.loads(run("metrics", "--year", "2019", "--area", "全国", "--db", db, "--json", check_code=0).stdout)
    assert a["incidence_pct"] == 0.6


def test_import_dry_run_and_kind(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    p = run("import", str(CORE / "villages.xlsx"), "--kind", "villages", "--dry-run", "--json", "--db", db,
            check_code=0)
    r = json.loads(p.stdout)
    assert r["status"] == "dry_run" and r["rows_read"] == 5 and r["batch_id"] is None


def test_rejected_file_exits_1_and_usage_error_exits_2(tmp_path):
    db = admin_db(tmp_path)
    junk = tmp_path / "工资表.csv"
    junk.write_text("姓名,岗位,应发工资\n张三,会计,5000\n", encoding="gbk")
    p = run("import", str(junk), "--db", db, "--json", check_code=1)
    r = json.loads(p.stdout)
    assert r["status"] == "rejected" and "无法识别" in r["message"]
    run("import", "--db", db, check_code=2)
    run("metrics", "--db", db, "--json", check_code=2)
    p = run("import", str(CORE / "villages.xlsx"), "--kind", "people", check_code=2)
    assert "参数错误" in p.stderr


def test_unknown_area_is_a_chinese_message(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    p = run("metrics", "--year", "2019", "--area", "火星村", "--db", db, "--json", check_code=1)
    assert "没有地区" in p.stderr


def test_metrics_json_carries_coverage_and_refuses_unknown_township(tmp_path):
    db = admin_db(tmp_path)
    run("import", *sorted(str(f) for f in CORE.glob("*.xlsx")), "--db", db, check_code=0)
    m = json.loads(run("metrics", "--year", "2018", "--db", db, "--json", check_code=0).stdout)
    assert m["coverage"]["households"] == {
        "level": "乡镇", "total": 2, "covered": 1, "missing": ["乙乡"], "complete": False,
        "note": "2个乡镇中1个已导入2018年建档立卡户台账（缺乙乡），户数、人数和贫困发生率只含这1个乡镇。"}
    assert m["household_measure_coverage_pct"] is None and m["projects_count"] is None
    p = run("metrics", "--year", "2019", "--township", "不存在镇", "--db", db, "--json", check_code=1)
    assert "没有乡镇“不存在镇”" in p.stderr and p.stdout == ""
