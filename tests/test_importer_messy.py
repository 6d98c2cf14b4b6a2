"""The importer on real-looking messy ledgers (tests/fixtures/messy, written by make_messy.py).

Expected figures are worked out by hand from the rows in make_messy.py.
"""

from __future__ import annotations

import tracemalloc

import pytest

from ledgerboard.importer import Options, import_file, parse_file, preview_replacement, undo
from ledgerboard.importer import read as read_module
from ledgerboard.indicators import Area, UnknownArea, metrics
from tests.conftest import FIXTURES
from tests.fixtures.make_messy import BY, MAP, QS

MESSY = FIXTURES / "messy"
ROSTER = MESSY / "花名册_青松镇_2019.xlsx"


def errors_by_row(parsed) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for e in parsed.errors:
        out.setdefault(e.row, []).append(e.message)
    return out


def test_roster_with_merged_two_row_header_title_units_and_id_mistakes():
    p = parse_file(ROSTER)
    assert p.kind == "households" and not p.refused
    assert (p.rows_read, p.rows_imported, p.rows_rejected) == (14, 6, 8)
    assert p.rows_read == p.rows_imported + p.rows_rejected
    assert (p.count("households"), p.count("persons")) == (3, 6)
    sheet = next(s for s in p.sheets if s.name == "花名册")
    assert sheet.header_rows == (3, 4) and sheet.roster
    mapping = {m["header"]: m["field"] for m in sheet.mapping}
    assert mapping["收入情况（元）/工资性收入"] == "wage_income"
    assert mapping["收入情况（元）/人均纯收入"] == "income_per_capita"
    assert mapping["证件号码"] == "member_id_number" and mapping["姓名"] == "member_name"
    assert mapping["是否危房"] is None and mapping["序号"] is None
    assert sheet.sources == {"year": "标题行", "township": "标题行", "village": "“行政村”列"}
    errors = errors_by_row(p)
    assert sorted(errors) == [14, 15, 16, 17, 18, 19, 20, 21]
    assert errors[14] == ["F列“证件号码”：证件号码以数字格式保存，末几位可能已被Excel改成0：请把该列设为“文本”格式后重新录入"]
    assert errors[15] == ["同户其他行有错误，本户暂未导入"]
    assert "科学计数法" in errors[17][0]
    assert "校验位不正确" in errors[18][0]
    assert "实际为17位" in errors[19][0]
    assert errors[21] == ["证件号码与工作表“花名册”第8行重复"]
    # Hidden sheet ignored, notes sheet skipped, numbering/units/totals/notes rows never data.
    warnings = [(w.sheet, w.row, w.message) for w in p.warnings]
    assert ("旧版花名册", None, "工作表“旧版花名册”是隐藏的，已忽略") in warnings
    assert ("花名册", 22, "第22行是合计行，已跳过") in warnings
    assert ("花名册", 23, "第23行是说明行，已跳过") in warnings
    assert ("花名册", 3, "“是否危房”列未对应任何字段，该列数据不导入（可在预览中手动对应）") in warnings
    assert not any("序号" in m for _, _, m in warnings)

    a, b, c = p.records["households"]
    assert (a["head_id_number"], a["household_size"], a["attribute"], a["main_cause"], a["other_causes"]) == (
        QS["a1"], 3, "低保贫困户", "因病", ["因残"])
    assert (a["wage_income"], a["business_income"], a["income_per_capita"], a["status"]) == (3535.0, 1200.0, 2800.0, "未脱贫")
    assert a["_extra"] == {"是否危房": "否"}
    # No 人数 on B's head row: the member rows count; lower-case x becomes X; stray spaces go.
    assert (b["head_name"], b["head_id_number"], b["household_size"], b["status"], b["exit_year"]) == (
        "王五", QS["b1"], 2, "已脱贫", 2019)
    assert b["head_id_number"].endswith("X")
    assert (c["household_size"], c["attribute"], c["main_cause"], c["status"], c["exit_year"]) == (
        1, "特困供养贫困户", "因病", "已脱贫", 2018)
    assert [q["relation"] for q in p.records["persons"]] == ["户主", "配偶", "之子", "户主", "之女", "户主"]


def test_sheet_per_village_takes_village_from_sheet_and_year_township_from_title():
    p = parse_file(MESSY / "白云乡_分村台账_2018.xlsx")
    assert (p.rows_read, p.rows_imported, p.rows_rejected) == (7, 4, 3)
    assert [(h["village"], h["township"], h["year"]) for h in p.records["households"]] == [
        ("一村", "白云乡", 2018)] * 3 + [("二村", "白云乡", 2018)]
    reports = {s.name: s for s in p.sheets}
    assert reports["一村"].sources == {"year": "标题行", "township": "标题行", "village": "工作表名“一村”"}
    assert reports["三村"].skipped == "隐藏工作表" and reports["汇总"].skipped == "没有台账表头"
    assert [(e.sheet, e.row, e.column) for e in p.errors] == [
        ("二村", 5, "身份证号码"), ("二村", 6, "家庭人口数（人）"), ("二村", 7, "户 属 性")]
    assert p.errors[0].message == "户主身份证号与工作表“一村”第4行重复"
    assert "“两人”不是数字" in p.errors[1].message
    assert "“富裕户”不是有效的贫困户属性" in p.errors[2].message
    statuses = [(h["status"], h["attribute"], h["main_cause"]) for h in p.records["households"]]
    assert statuses == [("未脱贫", "一般贫困户", "缺技术"), ("已脱贫", "低保贫困户", "因学"),
                        ("返贫", "特困供养贫困户", "缺资金"), ("未脱贫", "一般贫困户", "其他")]
    assert BY["old"] not in {h["head_id_number"] for h in p.records["households"]}


def test_old_xls_needs_a_year_and_refuses_numeric_ids():
    without = parse_file(MESSY / "石门镇贫困户_旧版.xls")
    assert (without.rows_read, without.rows_imported, without.rows_rejected) == (4, 0, 4)
    assert all("缺少年度" in e.message for e in without.errors if e.row != 4)
    p = parse_file(MESSY / "石门镇贫困户_旧版.xls", opts=Options(year=2017))
    assert (p.rows_read, p.rows_imported, p.rows_rejected) == (4, 3, 1)
    assert [(e.row, e.column) for e in p.errors] == [(4, "身份证号")]
    assert p.sheets[0].sources == {"year": "上传时指定", "township": "工作表名“石门镇”", "village": "“村”列"}
    assert [h["exit_year"] for h in p.records["households"]] == [None, 2017, None]


def test_gbk_csv_with_title_units_and_totals():
    p = parse_file(MESSY / "村基本情况_GBK.csv")
    assert p.kind == "villages" and (p.rows_read, p.rows_imported) == (3, 3)
    rows = [(r["year"], r["township"], r["village"], r["total_population"], r["agri_population"], r["collective_income"])
            for r in p.records["villages"]]
    # 元 in the header, 万元 in the store; full-width year; ideographic and trailing spaces.
    assert rows == [(2019, "青松镇", "一村", 1100, 1000, 3.5), (2019, "青松镇", "二村", 900, 800, 8.0),
                    (2019, "青松镇", "三村", 1300, 1200, 1.2)]


def test_projects_dates_units_and_locations():
    p = parse_file(MESSY / "扶贫项目_青松镇_2019.xlsx")
    assert (p.rows_read, p.rows_imported, p.rows_rejected) == (4, 3, 1)
    assert [(e.row, e.column) for e in p.errors] == [(6, "总投资（元）")]
    one, road, water = p.records["projects"]
    assert (one["total_investment"], one["category"], str(one["start_date"]), str(one["end_date"])) == (
        120.0, "产业扶贫", "2019-03-01", "2019-10-01")
    assert (road["_whole_township"], road["category"], road["status"], str(road["end_date"])) == (
        True, "基础设施", "已完工", "2019-12-01")
    assert water["_villages"] == ["二村", "三村"] and str(water["start_date"]) == "2019-05-01"
    assert p.sheets[0].sources == {"year": "标题行", "township": "标题行"}


def test_csv_with_and_without_bom_and_wan_people():
    m = parse_file(MESSY / "帮扶措施_UTF8_BOM.csv")
    assert m.kind == "measures" and (m.rows_read, m.rows_imported, m.rows_rejected) == (4, 3, 1)
    assert "village" not in m.sheets[0].sources     # a file name is no village
    assert [r["amount"] for r in m.records["measures"]] == [0.0, 800.0, 50000.0]
    a = parse_file(MESSY / "区域汇总_UTF8.csv")
    assert [(r["year"], r["level"], r["poor_population"]) for r in a.records["areas"]] == [
        (2017, "全国", 30_460_000.0), (2019, "全国", 5_510_000.0)]


def test_mapping_correction_from_the_preview():
    f = MESSY / "花名册_需手动对应_2019.xlsx"
    p = parse_file(f)
    assert [h["income_per_capita"] for h in p.records["households"]] == [None] * 4
    p = parse_file(f, opts=Options(overrides={"*": {"全年家庭人均收入（元）": "income_per_capita"}}))
    assert [h["income_per_capita"] for h in p.records["households"]] == [2500.0, 5000.0, 3000.0, 2000.0]
    assert [h["head_id_number"] for h in p.records["households"]] == [MAP["m1"], MAP["m2"], MAP["m3"], MAP["m4"]]
    assert not p.warnings
    # A corrected field wins over the column that matched it by name; 'None' drops a column.
    p = parse_file(f, opts=Options(overrides={"Sheet1": {"全年家庭人均收入（元）": "wage_income", "家庭人口数": None}}))
    assert [h["wage_income"] for h in p.records["households"]] == [2500.0, 5000.0, 3000.0, 2000.0]
    assert [h["household_size"] for h in p.records["households"]] == [3, 2, 1, 3]    # member rows counted
    # A unit that does not convert (元 → 人) is refused, not guessed.
    p = parse_file(f, opts=Options(overrides={"Sheet1": {"全年家庭人均收入（元）": "household_size"}}))
    assert "“全年家庭人均收入（元）”的单位“元”与“家庭人口数”的单位“人”不一致，该列未使用" in [w.message for w in p.warnings]


def test_payroll_is_refused_naming_what_was_expected():
    p = parse_file(MESSY / "工资表.xlsx")
    assert p.refused and p.rows_read == 0
    assert p.message.startswith("无法识别文件“工资表.xlsx”的台账类型")
    assert "文件中的表头为：序号、姓名、身份证号、部门、岗位、应发工资、实发工资" in p.message
    assert "贫困户台账（如户主身份证号、家庭人口数" in p.message
    chosen = parse_file(MESSY / "工资表.xlsx", opts=Options(kind="households"))
    assert chosen.refused and "没有找到贫困户台账的表头" in chosen.message


@pytest.mark.parametrize("name,words", [
    ("损坏_截断.xlsx", "已损坏"),
    ("不是表格.xlsx", "已损坏或不是有效的Excel文件"),
    ("空文件.xlsx", "是空的"),
    ("空表.csv", "是空的"),
    ("加密.xlsx", "设有密码"),
    ("解压炸弹.xlsx", "解压炸弹"),
    ("只有表头.xlsx", "没有数据行"),
])
def test_unreadable_files_are_refused_and_the_store_untouched(store, name, words):
    before = store.data_version()
    r = import_file(store, MESSY / name)
    assert r["status"] == "rejected" and words in r["message"], r["message"]
    assert r["rows_read"] == r["rows_imported"] + r["rows_rejected"] == 0
    assert store.data_version() == before


def test_bomb_is_refused_without_inflating_it_into_memory():
    tracemalloc.start()
    p = parse_file(MESSY / "解压炸弹.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert p.refused and peak < 20 * 1024 * 1024


def test_too_large_file_and_too_many_cells(monkeypatch, tmp_path):
    monkeypatch.setattr(read_module, "MAX_FILE_BYTES", 1000)
    p = parse_file(ROSTER)
    assert p.refused and p.message == "文件“花名册_青松镇_2019.xlsx”超过1 KB，请按乡镇或村拆分后分别上传。"
    monkeypatch.setattr(read_module, "MAX_FILE_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(read_module, "MAX_CELLS", 100)
    p = parse_file(ROSTER)
    assert p.refused and "太大" in p.message


def test_pandas_never_touches_id_columns():
    # The ID that ends in X and the 18-digit IDs must come through as the exact text typed.
    p = parse_file(ROSTER)
    ids = {q["id_number"] for q in p.records["persons"]}
    assert {QS["a1"], QS["a2"], QS["a3"], QS["b1"], QS["b2"], QS["c1"]} == ids


def test_messy_ledgers_give_the_hand_worked_indicators(store):
    for name in ("花名册_青松镇_2019.xlsx", "村基本情况_GBK.csv", "扶贫项目_青松镇_2019.xlsx", "帮扶措施_UTF8_BOM.csv",
                 "区域汇总_UTF8.csv", "白云乡_分村台账_2018.xlsx"):
        r = import_file(store, MESSY / name)
        assert r["status"] == "imported", r["message"]
        assert r["rows_read"] == r["rows_imported"] + r["rows_rejected"]
    assert import_file(store, MESSY / "石门镇贫困户_旧版.xls", opts=Options(year=2017))["rows_imported"] == 3
    m = metrics(store, 2019, Area(township="青松镇"))
    assert {k: m[k] for k in ("registered_households", "registered_population", "poor_households", "poor_population",
                              "exited_households", "exited_population", "agri_population", "incidence_pct")} == {
        "registered_households": 3, "registered_population": 6, "poor_households": 1, "poor_population": 3,
        "exited_households": 1, "exited_population": 2, "agri_population": 1800, "incidence_pct": 0.17}
    # 三村 is in the 村基本情况 but has no households ledger: 未导入, so the rate is over 一村 and 二村 (1000 + 800).
    assert m["coverage"]["households"]["note"].startswith("2/3个村已导入")
    assert m["causes"] == {"因病": 2, "缺劳动力": 1}
    assert m["income_per_capita_mean"] == 3416.83            # (2800×3 + 4100.5×2 + 3900×1) / 6
    assert m["below_line_households"] == 1                   # 2800 < 3218
    assert (m["projects_count"], m["project_investment_wan"], m["project_fiscal_wan"], m["villages_with_project"]) == (
        3, 200.0, 175.5, 3)
    assert m["household_measure_coverage_pct"] == 66.67
    b = metrics(store, 2018, Area(township="白云乡"))
    assert (b["registered_households"], b["registered_population"], b["poor_households"], b["poor_population"]) == (
        4, 14, 3, 11)
    assert (b["exited_households"], b["exited_population"], b["income_per_capita_mean"]) == (1, 3, 2478.57)
    assert b["causes"] == {"其他": 1, "因学": 1, "缺技术": 1, "缺资金": 1}
    s = metrics(store, 2017, Area(township="石门镇"))
    assert (s["registered_households"], s["registered_population"], s["poor_population"], s["exited_population"]) == (
        3, 9, 7, 2)
    n = metrics(store, 2017, Area(name="全国"))
    assert (n["poor_population"], n["incidence_pct"], n["income_per_capita_mean"]) == (30_460_000, 3.1, 9377.0)


def test_reimport_replaces_the_snapshot_and_undo_restores_it(store):
    first = import_file(store, ROSTER)
    p = parse_file(ROSTER)
    assert preview_replacement(store, p) == {"花名册_青松镇_2019.xlsx": 3}
    second = import_file(store, ROSTER)
    assert second["replaced"] == 3
    assert metrics(store, 2019, Area(township="青松镇"))["registered_households"] == 3
    undo(store, second["batch_id"])
    assert metrics(store, 2019, Area(township="青松镇"))["registered_households"] == 3
    undo(store, first["batch_id"])
    # Nothing of 青松镇 is left: the place is unknown now, not a township of 0 households.
    with pytest.raises(UnknownArea):
        metrics(store, 2019, Area(township="青松镇"))


def test_progress_moves_through_column_conversion_and_row_assembly():
    """A long sheet reports progress (0…1, Chinese text naming the sheet) in both stages of the parse."""
    from ledgerboard.idnumber import check_digit
    from ledgerboard.importer.pipeline import parse_sheets
    from ledgerboard.importer.read import RawSheet

    rows = [["年度", "乡镇", "行政村", "户主姓名", "户主身份证号", "家庭人口数", "脱贫状态"]]
    for i in range(6000):
        first17 = f"52010119800101{i:03d}"[:17] if i < 1000 else f"5201011980{i:07d}"
        rows.append([2019.0, "青松镇", "一村", "张三", first17 + check_digit(first17), 3.0, "未脱贫"])
    calls: list[tuple[float, str]] = []
    parsed = parse_sheets([RawSheet("户", rows)], "大表.xlsx", "x", Options(progress=lambda f, t: calls.append((f, t))))
    assert parsed.rows_read == 6000 and parsed.count("households") == 6000 and not parsed.errors
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and fractions[-1] <= 1
    assert fractions[0] == 0 and any(f > 0.4 for f in fractions)
    assert all("工作表“户”" in t for _, t in calls)
    assert any("“户主身份证号”列" in t for f, t in calls if f < 0.4)    # the column being converted


def _multi_year_rows(years=(2018, 2019)) -> list[list]:
    from tests.ledgers import household
    return [household(n, y, "青松镇", "一村" if n < 3 else "二村", 3, income=3000 + n) for y in years for n in range(5)]


def test_a_sheet_of_several_years_keeps_every_year_of_each_household(store, tmp_path):
    """The same household (same 户编号 and ID number) in the 2018 and the 2019 rows of one sheet is one household
    per year, not a duplicate: every row is imported, each year its own snapshot."""
    from tests.ledgers import HOUSEHOLDS, write

    r = import_file(store, write(tmp_path / "2018-2019年贫困户.xlsx", HOUSEHOLDS, _multi_year_rows()))
    assert (r["status"], r["rows_imported"], r["rows_rejected"], r["errors"]) == ("imported", 10, 0, [])
    for year in (2018, 2019):
        assert metrics(store, year, Area(county="测试县"))["registered_households"] == 5
        assert metrics(store, year, Area(county="测试县"))["registered_population"] == 15


def test_one_sheet_per_year_keeps_every_year(store, tmp_path):
    """A workbook with a sheet for each year (year from the sheet name) holds the same households in each sheet."""
    from openpyxl import Workbook

    from tests.ledgers import HOUSEHOLDS

    wb = Workbook()
    wb.remove(wb.active)
    for year in (2018, 2019):
        ws = wb.create_sheet(f"{year}年")
        ws.append(HOUSEHOLDS[1:])
        for row in _multi_year_rows((year,)):
            ws.append(row[1:])
    wb.save(tmp_path / "分年度台账.xlsx")
    r = import_file(store, tmp_path / "分年度台账.xlsx")
    assert (r["status"], r["rows_imported"], r["rows_rejected"]) == ("imported", 10, 0), r["errors"][:3]
    assert [metrics(store, y, Area(county="测试县"))["registered_households"] for y in (2018, 2019)] == [5, 5]


def test_the_same_head_twice_in_one_year_is_still_a_duplicate(store, tmp_path):
    from tests.ledgers import HOUSEHOLDS, write

    rows = _multi_year_rows((2019,))
    rows.append(list(rows[0]))
    rows[-1][4] = "H-0099"                                   # another 户编号, the same head's ID number
    r = import_file(store, write(tmp_path / "重复.xlsx", HOUSEHOLDS, rows))
    assert r["rows_rejected"] == 1
    assert r["errors"][0]["row"] == 7 and "户主身份证号与工作表“Sheet”第2行重复" in r["errors"][0]["message"]


def test_a_roster_of_two_years_keeps_each_years_members(store, tmp_path):
    """A 花名册 holding 2018 and 2019: each 户编号 is one household per year; a member row without a year belongs to
    its head's year."""
    from tests.ledgers import id_number, write

    header = ["年度", "县", "乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系", "脱贫状态"]
    rows = []
    for year in (2018, 2019):
        for h in range(2):
            rows.append([year, "测试县", "青松镇", "一村", f"H{h}", f"户主{h}", id_number(10 * h), "户主", "未脱贫"])
            rows.append([None if year == 2019 else year, "测试县", "青松镇", "一村", f"H{h}", f"成员{h}",
                         id_number(10 * h + 1), "之子", "未脱贫"])
    r = import_file(store, write(tmp_path / "花名册2018-2019.xlsx", header, rows))
    assert (r["status"], r["rows_rejected"], r["households"], r["persons"]) == ("imported", 0, 4, 8), r["errors"][:3]
    for year in (2018, 2019):
        m = metrics(store, year, Area(county="测试县"))
        assert (m["registered_households"], m["registered_population"]) == (2, 4)


def test_a_village_twice_in_one_year_is_a_row_error_not_two_villages(store, tmp_path):
    """Two rows for 甲镇一村 in 2019 (here in two sheets) would double the village in every chart and add its
    农业户籍人口 twice: the second is a row error naming the first, and the village stays one."""
    from openpyxl import Workbook

    from ledgerboard import analysis
    from tests.ledgers import HOUSEHOLDS, VILLAGES, household, write

    import_file(store, write(tmp_path / "户.xlsx", HOUSEHOLDS, [household(i, 2019, "甲镇", "一村", 3) for i in range(3)]))
    wb = Workbook()
    wb.active.title = "甲镇"
    for name, rows in (("甲镇", [[2019, "测试县", "甲镇", "一村", "是", 100, None],
                                 [2019, "测试县", "甲镇", "二村", "否", 80, None]]),
                       ("补充", [[2019, "测试县", "甲镇", "一村", "是", 120, None],
                                 [2018, "测试县", "甲镇", "一村", "是", 100, None]])):
        ws = wb[name] if name in wb.sheetnames else wb.create_sheet(name)
        ws.append(VILLAGES)
        for r in rows:
            ws.append(r)
    wb.save(tmp_path / "村.xlsx")
    r = import_file(store, tmp_path / "村.xlsx")
    assert (r["rows_imported"], r["rows_rejected"]) == (3, 1)
    assert r["errors"] == [{"sheet": "补充", "row": 2, "column": "行政村",
                            "message": "甲镇一村2019年与工作表“甲镇”第2行重复（每个村每年一行）"}]
    villages = analysis.incidence_by_village(store, 2019, Area())
    assert sorted(villages["village"]) == ["一村", "二村"]                  # one row each
    assert villages.set_index("village").loc["一村", "agri_population"] == 100
    # 9 poor of 一村's 100 (二村 has no households ledger: not counted as a village without poverty)
    assert metrics(store, 2019, Area(county="测试县"))["incidence_pct"] == 9.0
    keys = store.con.execute("select count(*), count(distinct (year, county, township, village)) from villages").fetchone()
    assert keys == (3, 3)


def test_an_area_twice_in_one_year_is_a_row_error_not_a_silent_choice(store, tmp_path):
    """Two 2019 rows for 示例省 with different figures: the second is refused naming the first (before, the first
    was used and the second silently ignored)."""
    from ledgerboard.indicators import resolve_area
    from tests.ledgers import AREAS, write

    rows = [[2019, "示例省", "省", 1000, 100, 10.0, 9000], [2019, "示例省", "省", 2000, 100, 5.0, 9000],
            [2018, "示例省", "省", 1000, 150, 15.0, 8000]]
    r = import_file(store, write(tmp_path / "区域.xlsx", AREAS, rows))
    assert (r["rows_imported"], r["rows_rejected"]) == (2, 1)
    assert r["errors"] == [{"sheet": "Sheet", "row": 3, "column": "地区",
                            "message": "示例省2019年与工作表“Sheet”第2行重复（每个地区每年一行）"}]
    assert metrics(store, 2019, resolve_area(store, "示例省", None, None, None))["incidence_pct"] == 10.0
