"""Header matching without a preview: field suggestions for unrecognised columns, headers with qualifying words,
and the source and note lines under a statistical table (ledgerboard.importer.header, pipeline)."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from ledgerboard.fields import catalog
from ledgerboard.importer import parse_file
from ledgerboard.importer.header import map_columns, suggest_fields
from tests.conftest import with_admin
from tests.test_cli import run_in_process as run

HOUSEHOLDS = catalog().kinds["households"]


@pytest.mark.parametrize("header, field", [
    ("家庭总人口", "household_size"),
    ("贫困原因", "main_cause"),
    ("全年家庭人均收入（元）", "income_per_capita"),
    ("户主身份证", "head_id_number"),
    ("所属乡镇", "township"),
    ("预计脱贫年度", "exit_year"),
    ("贫困户类型", "attribute"),
])
def test_a_header_that_looks_like_a_field_gets_it_suggested(header, field):
    assert suggest_fields([header], HOUSEHOLDS, taken=set()) == {header: field}


@pytest.mark.parametrize("header", [
    "备注", "联系电话", "户主联系电话", "帮扶责任人电话", "帮扶人联系电话", "性别", "户主性别", "出生日期", "家庭住址",
    "银行账号", "开户银行", "文化程度", "劳动能力", "健康状况", "耕地面积", "是否危房", "家庭年收入", "民族", "序号",
])
def test_unrelated_headers_get_no_suggestion(header):
    assert suggest_fields([header], HOUSEHOLDS, taken=set()) == {}


def test_a_field_is_suggested_once_and_never_when_a_column_has_it():
    # 家庭人口 is nearer to 家庭人口数 than 家庭总人口, so only it gets the suggestion.
    assert suggest_fields(["家庭总人口", "家庭人口"], HOUSEHOLDS, taken=set()) == {"家庭人口": "household_size"}
    assert suggest_fields(["家庭总人口", "贫困原因"], HOUSEHOLDS, taken={"household_size"}) == {"贫困原因": "main_cause"}


def test_map_columns_keeps_suggestions_aside_and_says_them():
    rows = [["年度", "户主姓名", "身份证号", "家庭总人口", "贫困原因", "备注"],
            [2019, "张三", "x", 3, "因病", ""]]
    header = map_columns(rows, HOUSEHOLDS)
    assert [(c.header, c.field, c.suggestion) for c in header.columns] == [
        ("年度", "year", None), ("户主姓名", "head_name", None), ("身份证号", "head_id_number", None),
        ("家庭总人口", None, "household_size"), ("贫困原因", None, "main_cause"), ("备注", None, None)]
    assert header.problems == [
        "“家庭总人口”列未对应任何字段，该列数据不导入（像是“家庭人口数”，可在预览中手动对应）",
        "“贫困原因”列未对应任何字段，该列数据不导入（像是“主要致贫原因”，可在预览中手动对应）",
        "“备注”列未对应任何字段，该列数据不导入（可在预览中手动对应）"]


def test_qualified_headers_map_to_the_field_and_a_plain_column_wins():
    areas = catalog().kinds["areas"]
    rows = [["地区", "层级", "其中：建档立卡贫困人口", "贫困地区农村居民人均可支配收入（元）", "全县贫困发生率（%）"]]
    header = map_columns(rows, areas)
    assert [(c.header, c.field) for c in header.columns] == [
        ("地区", "area"), ("层级", "level"), ("其中：建档立卡贫困人口", "poor_population"),
        ("贫困地区农村居民人均可支配收入（元）", "income_per_capita"), ("全县贫困发生率（%）", "incidence_pct")]
    assert header.problems == [
        "“其中：建档立卡贫困人口”列按“农村贫困人口”导入（表头在字段名前有限定词，请核对是否为同一指标）",
        "“贫困地区农村居民人均可支配收入（元）”列按“农村居民人均可支配收入”导入（表头在字段名前有限定词，请核对是否为同一指标）",
        "“全县贫困发生率（%）”列按“贫困发生率”导入（表头在字段名前有限定词，请核对是否为同一指标）"]
    # Beside a column named 农村贫困人口 the qualified one is kept aside, whatever the order.
    rows = [["地区", "其中：建档立卡贫困人口", "农村贫困人口", "贫困发生率"]]
    header = map_columns(rows, areas)
    assert [(c.header, c.field) for c in header.columns] == [
        ("地区", "area"), ("其中：建档立卡贫困人口", None), ("农村贫困人口", "poor_population"),
        ("贫困发生率", "incidence_pct")]


def _statistical_table(path):
    """An 区域汇总表 as statistical offices publish it: title, qualified headers, three areas, then the source and
    the notes (one note over two lines), who filled it in and checked it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [
        ["2019年贫困监测主要指标"],
        ["地区", "层级", "农村人口（万人）", "其中：建档立卡贫困人口（万人）", "贫困发生率（%）",
         "贫困地区农村居民人均可支配收入（元）"],
        ["全国", "全国", 50979, 551, 1.0, 11567],
        ["甲省", "省", 2000, 30.5, 1.5, 10000],
        ["乙省", "省", 1500, 12, 0.8, 12000],
        [None],
        ["资料来源：国家统计局住户调查。"],
        ["注：1.贫困人口按现行农村贫困标准。"],
        [None, "2.人均可支配收入为名义值。"],
        ["说明：本表不含港澳台。"],
        ["填表人：张三", None, "审核人：李四", None, "制表：统计科"],
        ["审核人：王五"],
    ]:
        ws.append(row)
    wb.save(path)
    return path


def test_cli_imports_a_statistical_table_with_qualified_headers_and_notes(tmp_path):
    path = _statistical_table(tmp_path / "贫困监测_2019.xlsx")
    p = run("import", str(path), "--db", with_admin(tmp_path / "cli.duckdb"), "--json", check_code=0)
    r = json.loads(p.stdout)
    assert (r["status"], r["kind"], r["rows_read"], r["rows_imported"], r["rows_rejected"]) == (
        "imported", "areas", 3, 3, 0)
    assert r["errors"] == []
    assert [(w["row"], w["message"]) for w in r["warnings"]] == [
        (2, "“其中：建档立卡贫困人口（万人）”列按“农村贫困人口”导入（表头在字段名前有限定词，请核对是否为同一指标）"),
        (2, "“贫困地区农村居民人均可支配收入（元）”列按“农村居民人均可支配收入”导入（表头在字段名前有限定词，请核对是否为同一指标）"),
        (7, "第7行是说明行，已跳过"), (8, "第8行是说明行，已跳过"), (9, "第9行是说明行，已跳过"),
        (10, "第10行是说明行，已跳过"), (11, "第11行是说明行，已跳过"), (12, "第12行是说明行，已跳过")]
    parsed = parse_file(path)
    assert [(a["area"], a["level"], a["rural_population"], a["poor_population"], a["incidence_pct"],
             a["income_per_capita"]) for a in parsed.records["areas"]] == [
        ("全国", "全国", 509_790_000, 5_510_000, 1.0, 11567),
        ("甲省", "省", 20_000_000, 305_000, 1.5, 10000),
        ("乙省", "省", 15_000_000, 120_000, 0.8, 12000)]
    assert {a["year"] for a in parsed.records["areas"]} == {2019}


def test_a_one_cell_row_is_data_unless_a_note_comes_before_it(tmp_path):
    """注：… then 2.… is one note over two rows; the same one-cell row with no note above it is a data row (rejected
    for what it lacks, not silently dropped)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["年度", "户主姓名", "身份证号", "家庭人口数", "主要致贫原因", "脱贫状态"])
    ws.append([2019, "张三", "11010519491231002X", 3, "因病", "未脱贫"])
    ws.append(["2.漏填的说明"])
    ws.append(["注：1.本表为年末数。"])
    ws.append(["2.人口含外出务工人员。"])
    wb.save(tmp_path / "户.xlsx")
    p = parse_file(tmp_path / "户.xlsx")
    assert (p.rows_read, p.rows_imported, p.rows_rejected) == (2, 1, 1)
    assert [(e.row, e.message) for e in p.errors] == [
        (3, "A列“年度”：“2.漏填的说明”不是年份（应为如2019或2019年）"), (3, "缺少户主身份证号")]
    assert [w.message for w in p.warnings] == ["第4行是说明行，已跳过", "第5行是说明行，已跳过"]


def test_a_title_row_of_two_texts_above_the_header_is_not_its_upper_row():
    """An export's second title row with two filled cells ("导出时间：…" in A, "导出单位：…" in D) right above the
    header: the header is the row of column names alone, not "导出时间…/县" (which loses the export's year)."""
    from ledgerboard.fields import catalog
    from ledgerboard.importer.header import locate_header

    rows = [["农户信息表", None, None, None, None],
            ["导出时间：2023-12-18", None, None, "导出单位：示例县", None],
            ["县", "乡镇", "行政村", "户主姓名", "户主身份证号"],
            ["示例县", "青松镇", "一村", "张三", "522224199001011234"]]
    first, last, headers, _ = locate_header(rows, catalog().kinds["households"])
    assert (first, last, headers) == (2, 2, ["县", "乡镇", "行政村", "户主姓名", "户主身份证号"])
