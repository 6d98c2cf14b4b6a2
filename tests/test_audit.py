"""精准核查 engine: exact 疑点 per rule and per village on tests/fixtures/audit/, clean households unflagged,
rules skipped with their reason where a ledger lacks the fields, the 疑点清单 Excel, the CLI and the change
since the previous import."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ledgerboard import audit
from ledgerboard.cli import main
from ledgerboard.importer import import_file
from ledgerboard.indicators import Area
from ledgerboard.store import Store
from tests.conftest import FIXTURES, store_copy
from tests.fixtures import make_audit as fx

AUDIT = FIXTURES / "audit"

# rule → {(township, village): 疑点} for 2019, every area (see tests/fixtures/make_audit.py).
EXPECTED_2019 = {
    "id_in_two_households": {("东镇", "甲村"): 2, ("西乡", "丙村"): 1, ("南镇", "丁村"): 1},
    "head_count": {("东镇", "甲村"): 1},
    "size_vs_members": {("东镇", "甲村"): 1},
    "relation_vs_sex": {("东镇", "甲村"): 2, ("东镇", "乙村"): 1},
    "relation_vs_age": {("东镇", "甲村"): 1, ("东镇", "乙村"): 1},
    "exit_income_below_line": {("东镇", "乙村"): 1},
    "poor_income_above_twice_line": {("东镇", "乙村"): 1},
    "income_components_mismatch": {("东镇", "乙村"): 1},
    "exit_year_missing": {("东镇", "乙村"): 1},
    "exit_year_after_snapshot": {("东镇", "乙村"): 1},
    "exit_before_identified": {("东镇", "乙村"): 1},
    "main_cause_missing": {("东镇", "乙村"): 1},
    "vanished_household": {("西乡", "丙村"): 1},
    "exited_then_poor": {("西乡", "丙村"): 1},
    "person_moved_household": {("东镇", "甲村"): 1},
    "poor_without_measure": {("西乡", "丙村"): 1},
    "exited_village_incidence": {("西乡", "丙村"): 1},
    "village_totals_below_detail": {("东镇", "甲村"): 1},
    "project_village_unknown": {("西乡", "丙家村"): 1},
    "fiscal_exceeds_investment": {("东镇", "乙村"): 1},
}
# The household each household rule flags (户编号), so a right count on the wrong household fails.
FLAGGED_2019 = {
    "id_in_two_households": ["A1", "A2", "C1", "D1"], "head_count": ["A3"], "size_vs_members": ["A4"],
    "relation_vs_sex": ["A5", "A5", "B2"], "relation_vs_age": ["A6", "B1"], "exit_income_below_line": ["B3"],
    "poor_income_above_twice_line": ["B4"], "income_components_mismatch": ["B5"], "exit_year_missing": ["B6"],
    "exit_year_after_snapshot": ["B7"], "exit_before_identified": ["B8"], "main_cause_missing": ["B9"],
    "vanished_household": ["C6"], "exited_then_poor": ["C4"], "person_moved_household": ["A8"],
    "poor_without_measure": ["C2"],
}


def load_audit_fixture(store: Store) -> None:
    for f in sorted(AUDIT.glob("*.xlsx")):
        r = import_file(store, f)
        assert r["status"] == "imported" and r["rows_rejected"] == 0, r


@pytest.fixture(scope="module")
def audit_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "audit.duckdb"
    s = Store(path)
    load_audit_fixture(s)
    s.close()
    return path


@pytest.fixture
def audit_store(audit_db, tmp_path) -> Store:
    with store_copy(audit_db, tmp_path / "audit.duckdb") as s:
        yield s


def per_village(result) -> dict:
    df = result.records
    return {k: int(n) for k, n in df.groupby(["township", "village"]).size().items()}


def test_every_rule_file_has_a_complete_header():
    rules = audit.rules_for(2019)
    assert sorted(r.id for r in rules) == sorted(EXPECTED_2019)
    for r in rules:
        assert r.category in audit.CATEGORIES and r.severity in audit.SEVERITIES
        assert r.name and r.description and r.fix and r.needs
    assert {r.category for r in audit.rules()} == set(audit.CATEGORIES)


def test_a_header_without_its_fields_is_refused(tmp_path):
    bad = tmp_path / "no_fix.sql"
    bad.write_text("-- x\n-- id: no_fix\n-- 名称: x\n-- 类别: 识别\n-- 严重程度: 高\n-- 说明: x\n-- 适用年度: 2014-2020\n-- 需要: households\nselect 1",
                   encoding="utf-8")
    with pytest.raises(audit.RuleError, match="fix"):
        audit.parse_rule(bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("-- 需要:", "-- 整改建议: x\n-- 需要:")
                   .replace("识别", "其他"), encoding="utf-8")
    with pytest.raises(audit.RuleError, match="category"):
        audit.parse_rule(bad)


def test_fixture_counts_per_rule_and_village(audit_store):
    report = audit.run_audit(audit_store, 2019)
    assert report.skipped == []
    assert {r.rule.id: per_village(r) for r in report.results} == EXPECTED_2019
    assert report.total == 26


def test_fixture_flags_exactly_the_planted_households(audit_store):
    report = audit.run_audit(audit_store, 2019)
    for rule_id, codes in FLAGGED_2019.items():
        assert sorted(report.result(rule_id).records["household_id"]) == codes, rule_id
    clean = {"A7", "C3", "C5", "C8"}     # A1/A2 are flagged only for the duplicated IDs
    flagged = {c for r in report.results for c in r.records["household_id"].dropna()}
    assert not clean & flagged
    assert report.result("fiscal_exceeds_investment").records["project"].tolist() == ["乙村茶园"]
    assert report.result("project_village_unknown").records["project"].tolist() == ["丙家村饮水"]


def test_evidence_names_the_values(audit_store):
    report = audit.run_audit(audit_store, 2019)
    ev = lambda rule: report.result(rule).records["evidence"].tolist()    # noqa: E731
    assert ev("exit_income_below_line") == ["已脱贫，人均纯收入3000.00元，低于2019年贫困线3218元"]
    assert ev("income_components_mismatch") == ["各项收入合计÷2人＝3500.00元，台账人均纯收入4000.00元，相差500.00元"]
    assert ev("exited_village_incidence") == [
        "2018年已出列，2019年贫困发生率12.00%（未脱贫及返贫12人÷农业户籍人口100人），不低于出列标准2%"]
    assert ev("village_totals_below_detail") == ["总户数3户，少于建档立卡8户"]
    assert ev("relation_vs_age") == ["户主2019年底未满16周岁（14岁）", "与户主关系为“之子”，但比户主年长（之子44岁，户主39岁）"]
    assert "另见：邻县南镇丁村（户编号D1）" in report.result("id_in_two_households").records.set_index("household_id").loc["A2", "evidence"]


def test_area_filters_and_skips_with_reasons(audit_store):
    xi = audit.run_audit(audit_store, 2019, Area(township="西乡"))
    counts = {r.rule.id: r.count for r in xi.ran}
    assert counts == {"id_in_two_households": 1, "poor_income_above_twice_line": 0, "main_cause_missing": 0,
                      "exit_income_below_line": 0, "exited_then_poor": 1, "exited_village_incidence": 1,
                      "vanished_household": 1, "fiscal_exceeds_investment": 0, "poor_without_measure": 1,
                      "project_village_unknown": 1, "village_totals_below_detail": 0}
    reasons = {r.rule.id: r.skipped for r in xi.skipped}
    assert reasons["head_count"] == "2019年西乡没有花名册（按人填写的台账）（未导入）"
    assert reasons["income_components_mismatch"] == (
        "2019年西乡的贫困户台账中“工资性收入”“生产经营性收入”“转移性收入”全部为空（没有这一列或均未填写）")
    assert reasons["exit_year_missing"] == "2019年西乡的贫困户台账中“脱贫年度”全部为空（没有这一列或均未填写）"
    village = audit.run_audit(audit_store, 2019, Area(township="东镇", village="乙村"))
    assert {r.rule.id: r.count for r in village.ran if r.count} == {
        "poor_income_above_twice_line": 1, "main_cause_missing": 1, "exit_income_below_line": 1,
        "exit_before_identified": 1, "exit_year_after_snapshot": 1, "exit_year_missing": 1,
        "income_components_mismatch": 1, "relation_vs_age": 1, "relation_vs_sex": 1, "fiscal_exceeds_investment": 1}
    county = audit.run_audit(audit_store, 2019, Area(county="邻县"))
    assert {r.rule.id: r.count for r in county.ran if r.count} == {"id_in_two_households": 1}


def test_first_year_skips_the_rules_across_years(audit_store):
    report = audit.run_audit(audit_store, 2018)
    reasons = {r.rule.id: r.skipped for r in report.skipped}
    assert reasons["vanished_household"] == "2017年全部地区没有贫困户台账（未导入）"
    assert reasons["person_moved_household"] == "2017年全部地区没有花名册（按人填写的台账）（未导入）"
    assert reasons["fiscal_exceeds_investment"] == "2018年全部地区没有扶贫项目台账（未导入）"
    assert report.result("id_in_two_households").count == 2       # A2's head is D1's head in 2018 too
    assert report.result("exited_village_incidence").count == 1   # 丙村: 10 of 100 people poor


def test_a_household_without_a_head(audit_store):
    # The importer refuses a roster household without a 户主 row; rows from elsewhere can still lack one.
    with audit_store.transaction() as cur:
        cur.execute("update persons set relation = '之子' where year = 2019 and id_number = ?", [fx.B2_HEAD])
    report = audit.run_audit(audit_store, 2019)
    records = report.result("head_count").records
    assert records[["household_id", "evidence"]].values.tolist() == [
        ["B2", "花名册中本户没有“与户主关系”为户主的成员"], ["A3", "花名册中本户有2名成员的“与户主关系”为户主"]]


def test_results_follow_the_data_version(audit_store):
    before = audit.run_audit(audit_store, 2019)
    assert audit.run_audit(audit_store, 2019) is before        # cached for this data version
    r = import_file(audit_store, AUDIT / "households_2019_南镇.xlsx")     # re-import: same rows, new version
    assert r["status"] == "imported"
    again = audit.run_audit(audit_store, 2019)
    assert again is not before and again.counts() == before.counts()


def test_change_since_previous_import(audit_store, tmp_path):
    # Re-import 西乡 2019 with C2 (no measure) left out and a second household without a cause.
    from openpyxl import Workbook

    rows = [r for r in fx.xi(2019) if r[4] != "C2"]
    rows[0][9] = None
    wb = Workbook()
    ws = wb.active
    ws.append(fx.LEDGER)
    for r in rows:
        ws.append(r)
    path = tmp_path / "households_2019_西乡_更正.xlsx"
    wb.save(path)
    assert import_file(audit_store, path)["status"] == "imported"
    report = audit.run_audit(audit_store, 2019)
    change = audit.change_since_previous_import(audit_store, 2019)
    assert change.file_name == path.name
    assert change.before["poor_without_measure"] == 1 and report.result("poor_without_measure").count == 0
    assert change.before["main_cause_missing"] == 1 and report.result("main_cause_missing").count == 2
    # C2 was in the 2018 ledger and is now missing without exiting: a 消失户 more.
    assert change.before["vanished_household"] == 1 and report.result("vanished_household").count == 2
    assert audit.total_change(report, change) == 1
    assert audit.change_text(report, change).endswith("之前相比，疑点增加1条。")
    summary = audit.summary_frame(report, change).set_index("规则")
    assert summary.loc["main_cause_missing", "较上次导入"] == 1
    assert summary.loc["poor_without_measure", "较上次导入"] == -1
    # The live store is untouched by the reconstruction.
    assert audit.run_audit(audit_store, 2019).counts() == report.counts()
    # A corrected projects ledger: only the project rules are run on the earlier state.
    from openpyxl import load_workbook as open_xlsx

    wb = open_xlsx(AUDIT / "projects_2019.xlsx")
    wb.active["H3"] = 40                        # 乙村茶园: fiscal 60 → 40 (total 50)
    fixed = tmp_path / "projects_2019_更正.xlsx"
    wb.save(fixed)
    assert import_file(audit_store, fixed)["status"] == "imported"
    now = audit.run_audit(audit_store, 2019)
    change = audit.change_since_previous_import(audit_store, 2019)
    assert change.before["fiscal_exceeds_investment"] == 1 and now.result("fiscal_exceeds_investment").count == 0
    assert audit.total_change(now, change) == -1
    assert audit.change_text(now, change).endswith("之前相比，疑点减少1条。")


def test_change_when_the_import_brings_the_first_data_of_a_place(tmp_path):
    s = Store(tmp_path / "t.duckdb")
    for f in sorted(AUDIT.glob("*.xlsx")):
        if f.name != "households_2019_西乡.xlsx":
            import_file(s, f)
    import_file(s, AUDIT / "households_2019_西乡.xlsx")
    xi = Area(township="西乡")
    report, change = audit.run_audit(s, 2019, xi), audit.change_since_previous_import(s, 2019, xi)
    # Before, 西乡 had no 2019 households: the household rules could not run, so their 疑点 are all new;
    # the project whose village is unknown was there before.
    assert change.before["vanished_household"] is None and change.before["project_village_unknown"] == 1
    assert report.total == 6 and audit.total_change(report, change) == 5
    table = audit.summary_table(report, change).set_index("规则")
    assert table.loc["vanished_household", ["疑点数", "较上次导入"]].tolist() == ["1条", "+1条"]
    assert table.loc["main_cause_missing", ["疑点数", "较上次导入"]].tolist() == ["0条", "0条"]
    assert table.loc["head_count", ["疑点数", "较上次导入"]].tolist() == ["—", "—"]
    s.close()


def test_suspects_xlsx(audit_store):
    report = audit.run_audit(audit_store, 2019, Area(township="东镇", village="甲村"))
    wb = load_workbook(io.BytesIO(audit.suspects_xlsx(report)))
    counts = {r.rule.name: r.count for r in report.ran if r.count}
    assert wb.sheetnames[0] == "说明"
    assert len(wb.sheetnames) == 1 + len(counts) == 8
    summary = list(wb["说明"].iter_rows(min_row=3, values_only=True))
    assert summary[0] == ("工作表", "规则", "类别", "严重程度", "名称", "整改建议", "疑点数", "说明")
    assert len(summary) == 1 + len(audit.rules_for(2019))
    ws = wb[audit.sheet_name(audit.rule("relation_vs_sex"), set())]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("序号", "县", "乡镇", "行政村", "户编号", "姓名", "证件号码", "疑点依据", "核实情况", "整改措施", "核实人")
    assert [r[:5] for r in rows[1:]] == [(1, "核查县", "东镇", "甲村", "A5"), (2, "核查县", "东镇", "甲村", "A5")]
    assert {r[6] for r in rows[1:]} == {fx.A5_SON_FEMALE[:6] + "********" + fx.A5_SON_FEMALE[-4:],
                                        fx.A5_SPOUSE_MALE[:6] + "********" + fx.A5_SPOUSE_MALE[-4:]}
    assert all(r[8:] == (None, None, None) for r in rows[1:])
    assert {r[5] for r in rows[1:]} == {"戊*"}
    every_cell = "".join(str(c) for s in wb for row in s.iter_rows(values_only=True) for c in row if c)
    for person in (fx.A5_SON_FEMALE, fx.A5_SPOUSE_MALE, fx.A1_DAUGHTER, fx.A2_HEAD):
        assert person not in every_cell
    assert "戊子" not in every_cell and "甲女" not in every_cell
    village = wb[audit.sheet_name(audit.rule("village_totals_below_detail"), set())]
    assert list(village.iter_rows(min_row=3, values_only=True))[0] == (
        "序号", "县", "乡镇", "行政村", "疑点依据", "核实情况", "整改措施", "核实人")


def test_cli_audit_json_and_xlsx(audit_db, tmp_path, capsys):
    xlsx = tmp_path / "疑点.xlsx"
    assert main(["audit", "--year", "2019", "--township", "西乡", "--db", str(audit_db), "--json",
                 "--xlsx", str(xlsx)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(audit.rules_for(2019))             # one JSON object per rule and line
    out = [json.loads(line) for line in lines]
    rules = {r["rule"]: r for r in out if "skipped" not in r}
    assert sum(r["count"] for r in rules.values()) == 6
    assert rules["vanished_household"] == {
        "rule": "vanished_household", "name": "上年在册本年消失的户（消失户）", "category": "退出", "severity": "高",
        "count": 1, "records": [{"county": "核查县", "township": "西乡", "village": "丙村", "household_id": "C6",
                                 "name": "丙**", "id_number": fx.C[6][:6] + "********" + fx.C[6][-4:], "project": None,
                                 "evidence": "2018年为未脱贫（3人），2019年台账中没有此户"}]}
    skipped = {r["rule"]: r["skipped"] for r in out if "skipped" in r}
    assert all(r["count"] is None and r["records"] == [] for r in out if "skipped" in r)
    assert sorted(skipped) == ["exit_before_identified", "exit_year_after_snapshot", "exit_year_missing", "head_count",
                               "income_components_mismatch", "person_moved_household", "relation_vs_age",
                               "relation_vs_sex", "size_vs_members"]
    assert load_workbook(xlsx).sheetnames[0] == "说明"
    assert main(["audit", "--year", "2019", "--db", str(audit_db)]) == 0
    text = capsys.readouterr().out
    assert "2019年精准核查：共26条疑点。" in text and "[识别·高] 同一证件号码出现在多个户：4条" in text


def test_import_notes_name_the_new_data(audit_store):
    from ledgerboard.importer import Options, parse_file

    parsed = parse_file(AUDIT / "households_2019_西乡.xlsx", opts=Options())
    notes = audit.import_notes(audit_store, [parsed])
    # Two counties in the store: the township is named with its county.
    assert notes == [("精准核查：2019年核查县西乡的数据共有6条疑点，其中同一证件号码出现在多个户1条、"
                      "上年已脱贫本年未脱贫但未标注返贫1条、已出列村贫困发生率不低于出列标准1条。", 2019, "核查县", "西乡")]


def test_demo_county_runs_every_rule_it_has_fields_for(demo_store):
    """The demo has no roster (花名册): the member rules say so; the rest run, with the planted 疑点
    (ledgerboard.demo._planted_suspects) and the model's own (错退 risk, households without measures)."""
    found = {}
    for year in (2019, 2020):
        report = audit.run_audit(demo_store, year)
        assert {r.rule.id for r in report.skipped} == {
            "head_count", "relation_vs_age", "relation_vs_sex", "size_vs_members", "person_moved_household"}
        assert all("没有花名册" in r.skipped for r in report.skipped)
        found[year] = {r.rule.id: r.count for r in report.ran if r.count}
    assert found == {
        2019: {"exit_income_below_line": 12, "exited_then_poor": 1, "income_components_mismatch": 1,
               "poor_without_measure": 5},
        2020: {"poor_income_above_twice_line": 1, "main_cause_missing": 1, "exit_income_below_line": 10,
               "exit_before_identified": 1, "exit_year_missing": 1},
    }


def test_bench_audit_on_a_synthetic_store(tmp_path, capsys):
    from bench import audit as bench_audit
    from bench import generate

    path = tmp_path / "tiny.duckdb"
    generate.load_store("tiny", path, log=lambda *_: None)
    bench_audit.main([str(path), "--year", "2019"])
    out = capsys.readouterr().out
    for line in ("| whole store |", "| one county |", "| one township |", "| one village |",
                 "| change since the last import (whole store) |", "| 疑点清单 .xlsx (whole store) |"):
        assert line in out
    # Every rule timed; the synthetic store has no roster, so the member rules show —.
    assert out.count("\n|   ") == len(audit.rules_for(2019))
    assert "|   head_count | " in out and out.split("|   head_count | ")[1].split("\n")[0].endswith("| — |")


def test_records_without_personal_data_for_viewers(audit_store):
    from ledgerboard.indicators import Area

    report = audit.run_audit(audit_store, 2019, Area())
    result = report.result("id_in_two_households")
    assert {"姓名", "证件号码"} <= set(audit.records_frame(result).columns)
    frame = audit.records_frame(result, personal=False)
    assert not {"姓名", "证件号码"} & set(frame.columns)
    assert frame["户编号"].tolist() == ["A1", "A2", "C1", "D1"]


def test_cli_audit_reads_as_the_user_scope_and_role(audit_db, tmp_path, capsys):
    """`audit --user`: the account's scope limits the place (out of scope: exit 1), and a 查看 account gets the
    counts and evidence without names or ID numbers and cannot export the 疑点清单, as on the page."""
    import shutil

    from ledgerboard import auth

    db = tmp_path / "audit.duckdb"
    shutil.copy(audit_db, db)
    s = Store(db)
    auth.create_account(s, "西乡查看", "viewer", "pw-123456", by="test", county="核查县", township="西乡")
    auth.create_account(s, "西乡填报", "analyst", "pw-123456", by="test", county="核查县", township="西乡")
    s.close()
    assert main(["audit", "--year", "2019", "--db", str(db), "--json", "--user", "西乡查看"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sum(r["count"] or 0 for r in out) == 6                   # 西乡 alone, as --township 西乡 gives
    records = [rec for r in out for rec in r["records"]]
    assert records and all("name" not in rec and "id_number" not in rec for rec in records)
    assert {rec["township"] for rec in records} == {"西乡"}

    xlsx = tmp_path / "疑点.xlsx"
    assert main(["audit", "--year", "2019", "--db", str(db), "--xlsx", str(xlsx), "--user", "西乡查看"]) == 1
    assert "不能导出疑点清单" in capsys.readouterr().err and not xlsx.exists()
    assert main(["audit", "--year", "2019", "--db", str(db), "--xlsx", str(xlsx), "--user", "西乡填报"]) == 0
    assert xlsx.exists()
    capsys.readouterr()
    assert main(["audit", "--year", "2019", "--township", "东镇", "--db", str(db), "--user", "西乡填报"]) == 1
    assert "西乡" in capsys.readouterr().err
    assert main(["audit", "--year", "2019", "--township", "北乡", "--db", str(db)]) == 1
    assert "北乡" in capsys.readouterr().err                           # an unknown place is named, not an empty list
