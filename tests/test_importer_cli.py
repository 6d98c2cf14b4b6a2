"""`python -m ledgerboard import --json` on the messy ledgers: rejected rows by Excel row number, exit codes."""

from __future__ import annotations

import json

from tests.test_cli import admin_db
from tests.test_cli import run_in_process as run
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


def _without_size(tmp_path, sizes_header: str | None, sizes=(4, 3, 2), name="贫困户_甲村_2019.xlsx"):
    """Three households of 测试县青松镇甲村 2019 (incomes 3,000, 4,000 and 6,000 元), their size under
    `sizes_header` (None: no size column at all)."""
    from tests.ledgers import HOUSEHOLDS, household, write

    header = [h if h != "家庭人口数（人）" else sizes_header for h in HOUSEHOLDS]
    rows = [household(n, 2019, "青松镇", "甲村", size, income=income)
            for n, size, income in zip((1, 2, 3), sizes, (3000, 4000, 6000))]
    if sizes_header is None:
        i = HOUSEHOLDS.index("家庭人口数（人）")
        header = header[:i] + header[i + 1:]
        rows = [r[:i] + r[i + 1:] for r in rows]
    return str(write(tmp_path / name, header, rows))


def test_a_households_ledger_without_its_size_column_is_refused_naming_the_field(tmp_path):
    """#20 case 10: without 家庭人口数 (and no member rows) every population figure would be silently missing, so
    the CLI refuses the file as the preview does, naming the field and the --map that supplies it."""
    db = admin_db(tmp_path)
    path = _without_size(tmp_path, "家庭总人口")
    p = run("import", path, "--db", db, "--json", check_code=1)
    r = json.loads(p.stdout)
    assert (r["status"], r["rows_imported"], r["rows_rejected"]) == ("rejected", 0, 3)
    assert r["message"] == ("“贫困户_甲村_2019.xlsx”不能导入：贫困户台账必须有“家庭人口数”列，但现在没有任何列对应“家庭人口数”，"
                            "整个文件未导入。H列“家庭总人口”像是“家庭人口数”：请加上 --map '家庭总人口=家庭人口数' 后重新导入。")
    assert json.loads(run("metrics", "--year", "2019", "--db", db, "--json").stdout)["registered_households"] is None
    # A dry run says the same; no column at all: the message says to add it.
    r = json.loads(run("import", path, "--db", db, "--json", "--dry-run", check_code=1).stdout)
    assert r["status"] == "rejected" and "--map '家庭总人口=家庭人口数'" in r["message"]
    r = json.loads(run("import", _without_size(tmp_path, None, name="无人数列.xlsx"), "--db", db, "--json", check_code=1).stdout)
    assert "必须有“家庭人口数”列" in r["message"] and "请在原表中补上" in r["message"]
    # --map supplies it: 9 people, income (3000×4 + 4000×3 + 6000×2) ÷ 9 = 4,000.00 元.
    r = json.loads(run("import", path, "--map", "家庭总人口=家庭人口数", "--db", db, "--json", check_code=0).stdout)
    assert (r["status"], r["rows_imported"]) == ("imported", 3)
    m = json.loads(run("metrics", "--year", "2019", "--db", db, "--json").stdout)
    assert (m["registered_households"], m["registered_population"], m["income_per_capita_mean"]) == (3, 9, 4000.0)


def test_sizes_left_blank_are_unknown_people_never_0(tmp_path):
    """The column is there but every size is blank: the households count, their people are unknown (—), not 0人."""
    db = admin_db(tmp_path)
    r = json.loads(run("import", _without_size(tmp_path, "家庭人口数（人）", sizes=(None, None, None)), "--db", db,
                       "--json").stdout)
    assert r["status"] == "imported", r
    m = json.loads(run("metrics", "--year", "2019", "--db", db, "--json").stdout)
    assert (m["registered_households"], m["registered_population"], m["poor_population"]) == (3, None, None)
    text = run("metrics", "--year", "2019", "--db", db).stdout
    assert "0人" not in text
