"""`python -m ledgerboard import --json` on the messy ledgers: rejected rows by Excel row number, exit codes."""

from __future__ import annotations

import json

from tests.test_cli import admin_db, run
from tests.test_importer_messy import MESSY


def test_roster_json_lists_exactly_the_rejected_rows(tmp_path):
    db = admin_db(tmp_path)
    p = run("import", str(MESSY / "花名册_青松镇_2019.xlsx"), "--db", db, "--json", check_code=0)
    r = json.loads(p.stdout)
    assert (r["status"], r["kind"], r["rows_read"], r["rows_imported"], r["rows_rejected"]) == (
        "imported", "households", 14, 6, 8)
    assert (r["households"], r["persons"]) == (3, 6)
    assert [(e["sheet"], e["row"], e["column"]) for e in r["errors"]] == [
        ("花名册", 14, "证件号码"), ("花名册", 15, None), ("花名册", 16, None), ("花名册", 17, "证件号码"),
        ("花名册", 18, "证件号码"), ("花名册", 19, "证件号码"), ("花名册", 20, None), ("花名册", 21, "证件号码")]
    assert r["errors"][7]["message"] == "证件号码与工作表“花名册”第8行重复"
    assert r["sources"] == {"花名册": {"year": "标题行", "township": "标题行", "village": "“行政村”列"}}
    # No personal data in what the CLI prints about rejected rows.
    assert "530102" not in json.dumps(r["errors"], ensure_ascii=False)


def test_year_from_the_command_line_and_all_rows_rejected(tmp_path):
    db = admin_db(tmp_path)
    xls = str(MESSY / "石门镇贫困户_旧版.xls")
    p = run("import", xls, "--db", db, "--json", check_code=1)
    r = json.loads(p.stdout)
    assert (r["status"], r["rows_read"], r["rows_imported"], r["rows_rejected"]) == ("rejected", 4, 0, 4)
    assert "全部有误" in r["message"]
    p = run("import", xls, "--year", "2017", "--db", db, "--json", check_code=0)
    r = json.loads(p.stdout)
    assert (r["status"], r["rows_imported"], r["rows_rejected"]) == ("imported", 3, 1)
    assert [(e["row"], e["column"]) for e in r["errors"]] == [(4, "身份证号")]
    assert r["sources"]["石门镇"]["year"] == "上传时指定"


def test_several_files_one_refused_exits_1(tmp_path):
    db = admin_db(tmp_path)
    p = run("import", str(MESSY / "村基本情况_GBK.csv"), str(MESSY / "工资表.xlsx"), str(MESSY / "解压炸弹.xlsx"),
            "--db", db, "--json", check_code=1)
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert [(x["file"], x["status"]) for x in lines] == [
        ("村基本情况_GBK.csv", "imported"), ("工资表.xlsx", "rejected"), ("解压炸弹.xlsx", "rejected")]
    assert "无法识别" in lines[1]["message"] and "解压炸弹" in lines[2]["message"]


def test_dry_run_writes_nothing_and_usage_errors_exit_2(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    p = run("import", str(MESSY / "扶贫项目_青松镇_2019.xlsx"), "--dry-run", "--db", db, "--json", check_code=0)
    r = json.loads(p.stdout)
    assert (r["status"], r["rows_imported"], r["rows_rejected"], r["batch_id"]) == ("dry_run", 3, 1, None)
    assert [(e["row"], e["column"]) for e in r["errors"]] == [(6, "总投资（元）")]
    p = run("metrics", "--year", "2019", "--db", db, "--json", check_code=0)
    assert json.loads(p.stdout)["projects_count"] is None      # nothing written: no projects ledger, unknown
    run("import", str(MESSY / "扶贫项目_青松镇_2019.xlsx"), "--year", "二〇一九", "--db", db, check_code=2)
