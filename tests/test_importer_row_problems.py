"""A person roster with every kind of row problem: the errors (row, column, Chinese message) are written out by hand,
and the whole-column checks (importer/columnar.py) report exactly what the cell-by-cell converter reports."""

from __future__ import annotations

import pytest

from ledgerboard.importer import parse_file
from ledgerboard.importer import pipeline
from tests.ledgers import id_number, write

HEADER = ["年度", "乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系", "家庭人口数", "贫困户属性", "主要致贫原因",
          "脱贫状态", "人均纯收入（元）", "帮扶责任人"]


def _bad_check_digit(n: int) -> str:
    good = id_number(n)
    return good[:17] + ("0" if good[17] != "0" else "1")


def _row(hid: str, name: str, pid: object, relation: str, size=None, attribute="一般贫困户", income=3000.0,
         helper="李帮扶") -> list:
    return [2019, "青松镇", "青松村", hid, name, pid, relation, size, attribute, "因病", "未脱贫", income, helper]


ROWS = [
    _row("H01", "张一", id_number(1), "户主", 2),           # 2  fine
    _row("H01", "李一", id_number(2), "配偶"),              # 3  fine
    _row("H02", "张二", _bad_check_digit(3), "户主", 2),    # 4  bad check digit
    _row("H02", "李二", id_number(4), "配偶"),              # 5  its household is rejected
    _row("H03", "张三", id_number(5), "户主", 2),           # 6
    _row("H03", "李三", 522224197001010000.0, "之子"),      # 7  an ID stored as a number
    _row("H04", "张四", id_number(7), "户主", 1, attribute="富裕户"),   # 8  unknown enumeration
    _row("H05", "张五", id_number(8), "户主", 45),          # 9  out of range
    _row("H06", "张六", id_number(9), "户主", 2),           # 10
    _row("H06", "李六", id_number(2), "之女"),              # 11 the ID of row 3 again
    _row("H07", "李七", id_number(11), "之子"),             # 12 a member before its head: fine
    _row("H07", "张七", id_number(12), "户主", 2),          # 13
    _row("H08", "王八", id_number(13), "之女", 1),          # 14 no head at all
    _row("H09", "13800138000", id_number(14), "户主", 1),   # 15 a phone number in the name column
    _row("H10", "张十", "", "户主", 1),                     # 16 no ID number
    _row("H11", "无", id_number(16), "户主", 1, helper="-"),  # 17 empty marks in the name columns: fine, no name
]

EXPECTED_ERRORS = [
    (4, "证件号码", "F列“证件号码”：证件号码校验位不正确（GB 11643），请核对"),
    (5, None, "同户其他行有错误，本户暂未导入"),
    (6, None, "同户其他行有错误，本户暂未导入"),
    (7, "证件号码", "F列“证件号码”：证件号码以数字格式保存，末几位可能已被Excel改成0：请把该列设为“文本”格式后重新录入"),
    (8, "贫困户属性", "I列“贫困户属性”：“富裕户”不是有效的贫困户属性（可填：一般贫困户、低保贫困户、特困供养贫困户）"),
    (9, "家庭人口数", "H列“家庭人口数”：家庭人口数为45人，超出合理范围（1至30人），请核对"),
    (10, None, "同户其他行有错误，本户暂未导入"),
    (11, "证件号码", "证件号码与工作表“花名册”第3行重复"),
    (14, "与户主关系", "本户没有“与户主关系”为“户主”的行，无法确定户主"),
    (15, "姓名", "E列“姓名”：“138****8000”像是身份证号或电话号码，不是姓名。请在姓名列填写姓名，号码填在相应的列。"),
    (16, "证件号码", "缺少户主身份证号"),     # the head's row: the household has no head ID
    (16, "证件号码", "缺少证件号码"),         # and as a person: no ID number
]


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "花名册.xlsx"
    write(path, HEADER, ROWS)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active.title = "花名册"
    wb.save(path)
    return path


def _errors(parsed) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in parsed.errors]


def test_every_row_problem_is_reported_on_its_row(roster):
    p = parse_file(roster)
    assert p.kind == "households" and not p.refused
    assert sorted(_errors(p), key=lambda e: e[0]) == EXPECTED_ERRORS
    assert (p.rows_read, p.rows_rejected) == (16, 11)
    households = p.records["households"]
    assert [(h["source_row"], h["head_name"], h["head_id_number"], h["household_size"]) for h in households] == [
        (2, "张一", id_number(1), 2), (13, "张七", id_number(12), 2), (17, None, id_number(16), 1)]
    assert households[2]["helper"] is None
    assert [(q["source_row"], q["relation"]) for q in p.records["persons"]] == [
        (2, "户主"), (3, "配偶"), (12, "之子"), (13, "户主"), (17, "户主")]


def test_whole_column_checks_report_what_the_cell_by_cell_path_reports(roster, monkeypatch):
    columnwise = parse_file(roster)
    # The cell-by-cell converter alone: no column is checked whole.
    original = pipeline._SheetParser.__init__

    def cell_by_cell(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.whole_columns = {}

    monkeypatch.setattr(pipeline._SheetParser, "__init__", cell_by_cell)
    cellwise = parse_file(roster)
    assert _errors(columnwise) == _errors(cellwise)
    assert [w.as_dict() for w in columnwise.warnings] == [w.as_dict() for w in cellwise.warnings]
    assert columnwise.records == cellwise.records
