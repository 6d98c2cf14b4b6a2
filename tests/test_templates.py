"""Templates: Chinese headers with units, dropdowns, text ID columns, 填表说明 — and they import as-is."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ledgerboard.fields import catalog
from ledgerboard.importer import import_file
from ledgerboard.templates import template_file_name, template_xlsx
from tests.fixtures.make_messy import valid_id

KINDS = sorted(catalog().kinds)

EXAMPLE = {
    "households": {"年度": 2019, "乡镇": "甲镇", "行政村": "一村", "户主姓名": "赵一", "户主身份证号": valid_id(1),
                   "家庭人口数（人）": 3, "贫困户属性": "一般贫困户", "主要致贫原因": "因病", "脱贫状态": "未脱贫",
                   "人均纯收入（元）": 3000},
    "villages": {"年度": 2019, "乡镇": "甲镇", "行政村": "一村", "是否贫困村": "是", "总户数（户）": 40,
                 "农业户籍人口（人）": 100},
    "projects": {"年度": 2019, "项目名称": "通组路", "项目类型": "基础设施", "乡镇": "甲镇", "建设地点": "全镇",
                 "总投资（万元）": 50, "财政扶贫资金（万元）": 40},
    "measures": {"年度": 2019, "乡镇": "甲镇", "户主身份证号": valid_id(1), "帮扶措施类别": "产业扶贫",
                 "帮扶措施内容": "发放鸡苗", "帮扶金额（元）": 800},
    "areas": {"年度": 2019, "地区": "全国", "层级": "全国", "农村贫困人口（人）": 5_510_000, "贫困发生率（%）": 0.6},
    "monitoring": {"年度": 2023, "乡镇": "甲镇", "行政村": "一村", "户编号": "H1", "姓名": "赵一", "证件号码": valid_id(1),
                   "与户主关系": "户主", "户类型": "脱贫户", "监测对象类别": "脱贫不稳定户", "识别监测时间": "2023-03-01",
                   "风险是否已消除": "否", "致贫/返贫风险1": "因病", "人均纯收入（元）": 8000},
    "household_info": {"年度": 2023, "乡镇": "甲镇", "行政村": "一村", "户编号": "H1", "户主证件号码": valid_id(1),
                       "户类型": "脱贫户", "是否危房户": "否", "是否解决安全饮用水": "是"},
    "migrant_work": {"年度": 2023, "乡镇": "甲镇", "行政村": "一村", "户编号": "H1", "证件号码": valid_id(1),
                     "是否已务工": "是", "务工所在地": "浙江省宁波市", "务工开始时间": "2023-03-01", "月收入（元）": 4500},
}


@pytest.mark.parametrize("kind", KINDS)
def test_template_layout(kind):
    wb = load_workbook(io.BytesIO(template_xlsx(kind)))
    label = catalog().kinds[kind].label
    assert wb.sheetnames == [label, "填表说明"]
    ws = wb[label]
    headers = [c.value for c in ws[1]]
    assert set(EXAMPLE[kind]) <= set(headers)
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    if kind == "households":
        assert '"因病,因残,因学,因灾,缺土地,缺水,缺技术,缺劳动力,缺资金,交通条件落后,自身发展动力不足,其他"' in lists
        assert '"一般贫困户,低保贫困户,特困供养贫困户"' in lists
        col = headers.index("户主身份证号") + 1
        assert ws.cell(row=2, column=col).number_format == "@"
        assert ws.cell(row=500, column=col).number_format == "@"
    if kind == "villages":
        assert '"是,否"' in lists
    notes = [r[0] for r in wb["填表说明"].iter_rows(values_only=True)]
    assert notes[0] == f"{label}填表说明"
    assert template_file_name(kind) == f"{label}_模板.xlsx"


@pytest.mark.parametrize("kind", KINDS)
def test_filled_template_imports_without_mapping(store, kind, tmp_path):
    wb = load_workbook(io.BytesIO(template_xlsx(kind)))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for header, value in EXAMPLE[kind].items():
        ws.cell(row=2, column=headers.index(header) + 1, value=value)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    r = import_file(store, path)
    assert (r["status"], r["kind"], r["rows_read"], r["rows_imported"]) == ("imported", kind, 1, 1), r
    assert not [w for w in r["warnings"] if "未对应" in w["message"]]
