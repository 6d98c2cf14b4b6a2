"""Summary tables by place (issue 24): the 2012 municipal village table (two-row merged header, 127 villages) and its
funds table imported through the CLI and the upload page: exact sums by village, township and county, the right
header row, layouts learned once (and never applied to another header), --map over a synonym, columns kept aside,
a file whose kind is unclear chosen in the preview, and 数据打架 against household detail."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from ledgerboard import layouts, upload
from ledgerboard.importer import import_file, parse_file
from ledgerboard.indicators import Area, UnknownArea, metrics, resolve_area
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from tests import place_tables as pt
from tests.conftest import upload_page_as_admin, with_admin
from tests.ledgers import HOUSEHOLDS, household, write
from tests.test_cli import run_in_process as run

KEPT_ASIDE = ["帮扶单位", "联系人", "联系电话", "贫困户构成/低保对象(户)", "贫困户构成/低保对象(人)",
              "贫困户构成/低收入困难家庭(户)", "贫困户构成/低收入困难家庭(人)", "劳动力状况/有劳动能力", "劳动力状况/无劳动能力"]


@pytest.fixture
def tables(tmp_path):
    return pt.village_table(tmp_path / "示范县2012年贫困村.xlsx"), pt.funds_table(tmp_path / "示范县2012年帮扶资金.xlsx")


@pytest.fixture
def db(tmp_path):
    return with_admin(tmp_path / "places.duckdb")


def _import(db, *args, code=0) -> list[dict]:
    p = run("import", *map(str, args), "--db", db, "--json", check_code=code)
    return [json.loads(line) for line in p.stdout.splitlines()]


def test_the_header_is_the_place_row_with_its_merged_sub_headers(tables):
    villages, funds = tables
    p = parse_file(villages)
    assert (p.kind, p.message, p.rows_read, p.rows_rejected) == ("areas", None, 127, 0)
    assert p.sheets[0].header_rows == (2, 3)
    assert p.kept_aside() == KEPT_ASIDE
    assert [w.message for w in p.warnings if "已跳过" in w.message] == ["第131行是合计行，已跳过", "第132行是说明行，已跳过"]
    first = p.records["areas"][0]
    assert {k: first[k] for k in ("year", "county", "township", "village", "area", "level", "poor_households",
                                  "poor_population")} == {
        "year": 2012, "county": "示范县", "township": "青松镇", "village": "新村", "area": "新村", "level": "村",
        "poor_households": 27, "poor_population": 82}
    f = parse_file(funds)
    assert (f.kind, f.rows_read, f.sheets[0].header_rows, f.kept_aside()) == ("areas", 127, (2, 3), [])
    assert {m["header"]: m["field"] for m in f.sheets[0].mapping}["其中/社会引资(元)"] == "attracted_funds"


def test_cli_imports_both_tables_and_the_sums_are_exact(tables, db):
    villages, funds = tables
    first, = _import(db, villages)
    assert (first["status"], first["rows_imported"], sum(first["kept_aside"].values(), [])) == ("imported", 127, KEPT_ASIDE)
    assert "王1" not in json.dumps(first, ensure_ascii=False) and "1390851" not in json.dumps(first, ensure_ascii=False)
    second, = _import(db, funds)
    assert (second["status"], second["rows_imported"], second["replaced"]) == ("imported", 127, 0)
    # The funds table replaces no village figure; importing it again replaces its own 127 rows only.
    again, = _import(db, funds)
    assert again["replaced"] == 127
    county = json.loads(run("metrics", "--year", "2012", "--db", db, "--json", check_code=0).stdout)
    assert (county["poor_households"], county["poor_population"]) == (5853, 17812)
    assert (pt.sums("poor_households"), pt.sums("poor_population")) == (5853, 17812)
    assert county["sources"] == {"poor_households": "区域汇总表", "poor_population": "区域汇总表"}
    assert county["summary_table"]["villages"] == 127
    for key in pt.FUNDS:
        assert county["summary_table"][key] == pt.sums(key), key
    assert county["summary_table"]["household_funds"] == 6_320_000
    s = Store(db)
    try:
        for township, count in pt.TOWNSHIPS.items():
            m = metrics(s, 2012, Area("示范县", township))
            assert m["summary_table"]["villages"] == count
            assert (m["poor_households"], m["poor_population"]) == (pt.sums("poor_households", township),
                                                                    pt.sums("poor_population", township))
            for key in pt.FUNDS:
                assert m["summary_table"][key] == pt.sums(key, township), (township, key)
        assert [pt.sums("poor_households", t) for t in pt.TOWNSHIPS] == [2103, 1894, 1856]
        # Two townships each have a 新村: a place is the full key.
        one = metrics(s, 2012, Area("示范县", "白云乡", "新村"))
        assert (one["poor_households"], one["poor_population"], one["summary_table"]["invested_funds"]) == (24, 73, 65000)
        assert resolve_area(s, None, "白云乡", "新村") == Area("示范县", "白云乡", "新村")
        with pytest.raises(UnknownArea, match="不止一个村"):
            resolve_area(s, None, None, "新村")
        assert s.query("townships", county=None)["township"].tolist() == ["白云乡", "青松镇", "龙井镇"]
        assert len(s.query("villages_of_township", county="示范县", township="龙井镇")) == 40
    finally:
        s.close()


def test_map_overrides_a_synonym_and_says_why(tables, db):
    villages, _ = tables
    r, = _import(db, villages, "--dry-run", "--map", "贫困人口数=registered_population", "--map", "帮扶单位=-")
    reasons = {m["header"]: (m["field"], m["reason"]) for m in r["mapping"]}
    assert reasons["贫困人口数"] == ("registered_population", "map")
    assert reasons["镇名称"] == ("township", "synonym")
    assert reasons["帮扶单位"] == (None, "map")
    bad = run("import", str(villages), "--db", db, "--map", "贫困人口数=不存在的字段", check_code=2)
    assert "区域汇总表" not in bad.stderr and "没有字段“不存在的字段”" in bad.stderr
    done, = _import(db, villages, "--map", "贫困人口数=registered_population")
    m = json.loads(run("metrics", "--year", "2012", "--db", db, "--json", check_code=0).stdout)
    assert (m["registered_population"], m["poor_population"], m["poor_households"]) == (17812, None, 5853)


def test_a_saved_layout_maps_the_same_headers_and_never_another(tables, db, tmp_path):
    villages, _ = tables
    r, = _import(db, villages, "--header-row", "2", "--map", "贫困人口数=registered_population", "--layout", "市贫困村表")
    assert r["status"] == "imported" and r["layout"] is None
    listed = [json.loads(line) for line in run("layouts", "list", "--json", "--db", db, check_code=0).stdout.splitlines()]
    assert [(l["name"], l["kind"], l["header_row"], l["mapping"]["贫困人口数"]) for l in listed] == [
        ("市贫困村表", "areas", 2, "registered_population")]
    again, = _import(db, villages, "--dry-run")
    assert again["layout"] == "市贫困村表"
    assert {m["header"]: (m["field"], m["reason"]) for m in again["mapping"]}["贫困人口数"] == (
        "registered_population", "layout")
    # One header changed (联系电话 → 手机号码): another signature, mapped by its synonyms only.
    header = list(pt.VILLAGE_HEADER)
    header[8] = "手机号码"
    other, = _import(db, pt.village_table(tmp_path / "改了一列.xlsx", header=header), "--dry-run")
    assert other["layout"] is None
    assert {m["header"]: (m["field"], m["reason"]) for m in other["mapping"]}["贫困人口数"] == (
        "poor_population", "synonym")
    run("layouts", "rename", "市贫困村表", "村表", "--db", db, check_code=0)
    run("layouts", "delete", "村表", "--db", db, check_code=0)
    assert run("layouts", "list", "--db", db, check_code=0).stdout.strip() == "还没有保存的对应方式。"


def test_a_summary_table_beside_household_detail_that_disagrees_is_data_conflict(tables, tmp_path):
    villages, _ = tables
    s = Store(tmp_path / "both.duckdb")
    try:
        import_file(s, villages)
        rows = [household(n, 2012, "青松镇", "新村", 3, county=pt.COUNTY) for n in range(1, 6)]
        assert import_file(s, write(tmp_path / "新村户表.xlsx", HOUSEHOLDS, rows))["status"] == "imported"
        m = metrics(s, 2012, Area(pt.COUNTY, "青松镇", "新村"))
        assert (m["poor_households"], m["poor_population"]) == (5, 15)       # the detail wins
        assert [(w["figure"], w["detail"], w["areas_ledger"]) for w in m["warnings"]] == [
            ("poor_households", 5, 27), ("poor_population", 15, 82)]
        assert m["warnings"][0]["message"] == "2012年青松镇新村未脱贫户数：建档立卡户台账为5户，汇总表为27户，以户台账为准，请核实。"
        other = metrics(s, 2012, Area(pt.COUNTY, "白云乡", "新村"))       # no detail there: the table answers
        assert (other["poor_households"], other["sources"]["poor_households"], other["warnings"]) == (24, "区域汇总表", [])
    finally:
        s.close()


# The upload page ---------------------------------------------------------------------------------
def _upload(at, path):
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _status(at, kind="区域汇总表") -> str:
    return next(m.value for m in at.markdown if m.value.startswith(f"**{kind}**"))


def test_upload_page_imports_learns_the_layout_and_applies_it_next_time(tables, app_db):
    villages, _ = tables
    at = _upload(upload_page_as_admin(app_db), villages)
    assert _status(at) == "**区域汇总表** · 读取127行，可导入127行，有误0行，未对应9列"
    assert plain("工作表“贫困村情况”表头在第2–3行") in at.caption[1].value or any(
        "表头在第2–3行" in c.value for c in at.caption)
    assert any(c.value == plain("以下9列没有对应的字段，数据不导入（另行保留在原文件中）：" + "、".join(KEPT_ASIDE) + "。")
               for c in at.caption)
    key = f"map::{villages.name}::贫困人口数"
    at.selectbox(key=key).set_value("建档立卡人口数（人）").run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="up_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert plain("已保存“示范县2012年贫困村.xlsx”的对应方式为“示范县2012年贫困村”：下次上传表头相同的文件时将按此对应"
                 "（可在“管理”页改名或删除）。") in [s.value for s in at.success]
    s = Store(app_db)
    try:
        assert [l.name for l in layouts.all_layouts(s)] == ["示范县2012年贫困村"]
        m = metrics(s, 2012, Area("示范县"))
        assert (m["registered_population"], m["poor_households"]) == (17812, 5853)
    finally:
        s.close()
    # The next upload of the same headers: mapped as confirmed, every choice still editable.
    at = _upload(at, villages)
    assert plain("按上次“示范县2012年贫困村”的对应方式读取各列（台账类型、表头行和每一列的对应都与上次相同，仍可修改）。") in [
        i.value for i in at.info]
    assert at.selectbox(key=key).value == "建档立卡人口数（人）"


def test_upload_page_lets_the_analyst_choose_an_unclear_kind(app_db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2012年各村贫困户"])
    ws.append(["镇", "村名", "贫困户", "备注"])
    ws.append(["青松镇", "一村", 12, ""])
    ws.append(["青松镇", "二村", 30, "新识别"])
    path = tmp_path / "各村贫困户.xlsx"
    wb.save(path)
    assert parse_file(path).kind_unclear
    at = _upload(upload_page_as_admin(app_db), path)
    assert any("未能从表头自动识别" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "up_commit"]
    at.selectbox(key=f"up_file_kind::{path.name}").set_value("区域汇总表").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _status(at) == "**区域汇总表** · 读取2行，可导入2行，有误0行，未对应1列"
    at.button(key="up_commit").click().run()
    s = Store(app_db)
    try:
        assert metrics(s, 2012, Area(None, "青松镇"))["poor_households"] == 42
    finally:
        s.close()


def test_incidence_page_shows_the_villages_of_the_summary_table(tables, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, app_on, login_app

    with app_on(tmp_path / "page.duckdb", monkeypatch) as path:
        with_admin(path)
        s = Store(path)
        for table in tables:
            assert import_file(s, table)["status"] == "imported"
        s.close()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params["year"] = "2012"
        at.query_params["township"] = "白云乡"
        at.run()
        login_app(at)
        at.switch_page("pages/incidence.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert plain("共42个村，图中为贫困人口最多的30个村。以下为汇总表填报的42个村的数字，不是按户台账计算的。") in [
            c.value for c in at.caption]
        table = next(d.value for d in at.dataframe if "贫困人口（人）" in d.value.columns)
        assert len(table) == 42
        assert int(table["贫困户（户）"].sum()) == pt.sums("poor_households", "白云乡") == 1894
        assert int(table["贫困人口（人）"].sum()) == pt.sums("poor_population", "白云乡")
        assert round(float(table["帮扶到户资金（万元）"].sum()) * 10000) == pt.sums("household_funds", "白云乡")
        # The pack is the page printed: the same chart, with the summary table's numbers, in the 汇报材料.
        from ledgerboard.indicators import resolve_area
        from ledgerboard.pack.content import collect

        s = Store(path)
        try:
            built = collect(s, 2012, resolve_area(s, township="白云乡"))
        finally:
            s.close()
        drawn = next(c for c in built.charts if c.key == "summary_villages")
        assert drawn.title == "2012年白云乡各村贫困人口（汇总表）" and len(drawn.categories) == 30
        assert len(drawn.table) == 42


def test_admin_page_lists_renames_and_deletes_saved_layouts(tables, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ledgerboard.importer import Options
    from tests.conftest import ROOT, app_on, login_app

    villages, _ = tables
    with app_on(tmp_path / "admin.duckdb", monkeypatch) as path:
        with_admin(path)
        s = Store(path)
        assert import_file(s, villages)["status"] == "imported"      # real data: the app asks for a login
        parsed = parse_file(villages, opts=Options(overrides={"*": {"贫困人口数": "registered_population"}}))
        assert layouts.save(s, parsed, by="王分析") == ["示范县2012年贫困村"]
        s.close()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params["year"] = "2012"
        at.run()
        login_app(at)
        at.switch_page("pages/admin.py").run()
        assert not at.exception, [e.value for e in at.exception]
        listed = next(d.value for d in at.dataframe if "名称" in d.value.columns)
        assert listed[["名称", "台账类型", "表头行", "列数", "导入的列", "保存人"]].values.tolist() == [
            ["示范县2012年贫困村", "区域汇总表", 2, 15, 5, "王分析"]]
        at.text_input(key="layout_new_name").input("市贫困村统计表")
        at.button(key="layout_rename").click().run()
        assert plain("已把对应方式“示范县2012年贫困村”改名为“市贫困村统计表”。") in [x.value for x in at.success]
        at.button(key="layout_delete").click().run()
        assert plain("已删除对应方式“市贫困村统计表”。") in [x.value for x in at.success]
        s = Store(path)
        assert layouts.all_layouts(s) == []
        s.close()
