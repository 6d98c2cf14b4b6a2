"""The columnar household path (pipeline._households_columnar): a roster with every kind of row problem reports exactly
these errors, and a generated 20 000-row roster parses and commits exactly as the row-by-row path does."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from ledgerboard.importer import parse_file
from ledgerboard.importer.commit import commit
from ledgerboard.importer import pipeline
from ledgerboard.importer.records import Chunk, Records
from ledgerboard.store import Store
from tests.ledgers import id_number, write

HEADER = ["年度", "乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系", "家庭人口数", "贫困户属性", "主要致贫原因",
          "脱贫状态", "人均纯收入（元）", "备注"]


def _row(hid: str, name: str, pid: object, relation: str, size=None, attribute="一般贫困户", income=3000.0,
         cause="因病", note=None) -> list:
    return [2019, "青松镇", "青松村", hid, name, pid, relation, size, attribute, cause, "未脱贫", income, note]


def _bad_check_digit(n: int) -> str:
    good = id_number(n)
    return good[:17] + ("0" if good[17] != "0" else "1")


ROWS = [
    _row("H01", "张一", id_number(1), "户主", 2, note="低保"),   # 2  fine, a note kept aside
    _row("H01", "李一", id_number(2), "配偶"),                  # 3  fine
    _row("H02", "张二", _bad_check_digit(3), "户主", 2),        # 4  bad check digit
    _row("H02", "李二", id_number(4), "配偶"),                  # 5  its household is rejected
    _row("H03", "张三", id_number(5), "户主", 2),               # 6
    _row("H03", "李三", 522224197001010000.0, "之子"),          # 7  an ID stored as a number
    _row("H04", "张四", id_number(7), "户主", 1, attribute="富裕户"),    # 8  unknown enumeration
    _row("H05", "张五", id_number(8), "户主", 45),              # 9  out of range
    _row("H06", "张六", id_number(9), "户主", 2),               # 10
    _row("H06", "李六", id_number(2), "之女"),                  # 11 the ID of row 3 again
    _row("H07", "李七", id_number(11), "之子"),                 # 12 a member before its head: fine
    _row("H07", "张七", id_number(12), "户主", 3),              # 13 家庭人口数 3, two rows: a warning
    _row("H08", "王八", id_number(13), "之女", 1),              # 14 no head at all
    _row("H09", "张九", id_number(14), "户主", 1, income="1,200元", cause="因病、因残"),   # 15 fine: units, two causes
    _row("H10", "张十", id_number(15), "户主", 1, income="abc"),   # 16 not a number
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
    (16, "人均纯收入（元）", "L列“人均纯收入（元）”：“abc”不是数字"),
]


def _titled(path, title: str = "花名册"):
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active.title = title
    wb.save(path)
    return path


@pytest.fixture
def roster(tmp_path):
    return _titled(write(tmp_path / "花名册.xlsx", HEADER, ROWS))


def _row_by_row(monkeypatch) -> None:
    """Every households sheet through the row-by-row path (the reference)."""
    monkeypatch.setattr(pipeline, "_households_columnar", lambda *args: False)


def _errors(parsed) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in parsed.errors]


def test_every_row_problem_is_reported_on_its_row(roster):
    p = parse_file(roster)
    assert p.kind == "households" and not p.refused
    assert _errors(p) == EXPECTED_ERRORS
    assert [(w.row, w.column, w.message) for w in p.warnings] == [
        (1, None, "“备注”列未对应任何字段，该列数据不导入（可在预览中手动对应）"),
        (13, "家庭人口数", "家庭人口数为3人，但本户有2行成员（疑点）")]
    assert (p.rows_read, p.rows_rejected) == (15, 10)
    households, persons = p.records["households"], p.records["persons"]
    assert isinstance(households, Records) and households.columnar       # no record was made a dict
    assert persons.column("source_row") == [2, 3, 12, 13, 15]
    assert households.column("household_id") == ["H01", "H07", "H09"]
    assert households.column("head_name") == ["张一", "张七", "张九"]
    assert households.column("household_size") == [2, 3, 1]
    assert households.column("main_cause") == ["因病", "因病", "因病"]
    assert households.column("other_causes") == [None, None, ["因残"]]
    assert households.column("income_per_capita") == [3000.0, 3000.0, 1200.0]
    assert persons.column("household_key") == [id_number(1), id_number(1), id_number(12), id_number(12), id_number(14)]
    assert households[0]["_extra"] == {"备注": "低保"} and "_extra" not in households[1]


def test_the_row_by_row_path_reports_the_same(roster, monkeypatch):
    columnwise = parse_file(roster)
    _row_by_row(monkeypatch)
    rowwise = parse_file(roster)
    assert _errors(rowwise) == _errors(columnwise) == EXPECTED_ERRORS
    assert [w.as_dict() for w in rowwise.warnings] == [w.as_dict() for w in columnwise.warnings]
    assert rowwise.sheets == columnwise.sheets
    assert not rowwise.records["households"].columnar
    assert {t: list(rs) for t, rs in columnwise.records.items()} == {t: list(rs) for t, rs in rowwise.records.items()}


def test_an_id_number_of_an_earlier_sheet_is_a_duplicate(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    first, second = wb.active, wb.create_sheet("二组")
    first.title = "一组"
    for ws, rows in ((first, ROWS[:2]), (second, [_row("H21", "张廿一", id_number(21), "户主", 2),
                                                  _row("H21", "李一", id_number(2), "配偶")])):
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
    wb.save(tmp_path / "两组.xlsx")
    p = parse_file(tmp_path / "两组.xlsx")
    assert _errors(p) == [(2, None, "同户其他行有错误，本户暂未导入"),
                          (3, "证件号码", "证件号码与工作表“一组”第3行重复")]
    assert [e.sheet for e in p.errors] == ["二组", "二组"]
    assert p.records["households"].column("household_id") == ["H01"]


# A generated roster: 6 000 households, about 20 000 rows, the odd bad cell ------------------------------------------
def _generated_rows(seed: int = 25) -> list[list]:
    rng = random.Random(seed)
    rows, person = [], 100
    for h in range(6000):
        hid = f"H{h:05d}"
        size = rng.choice((1, 2, 3, 3, 4, 5))
        village = f"{'青松白云龙塘石门'[h % 4 * 2:h % 4 * 2 + 2]}村"
        income = round(rng.uniform(2500, 12000), 2)
        cause = rng.choice(("因病", "因残", "因学", "缺技术", "因病、因残"))
        for m in range(size):
            person += 1
            pid: object = id_number(person)
            if rng.random() < 0.002:
                pid = _bad_check_digit(person)
            elif rng.random() < 0.001:
                pid = id_number(person - 1)       # the person before again
            relation = "户主" if m == 0 else rng.choice(("配偶", "之子", "之女"))
            stated = size if rng.random() > 0.01 else size + 1
            row = [2019, "青松镇", village, hid, f"张{person}", pid, relation, stated, "一般贫困户", cause, "未脱贫",
                   income if rng.random() > 0.001 else "不详", None]
            rows.append(row)
        if rng.random() < 0.01:      # a head listed after its members
            rows[-size:] = rows[-1:] + rows[-size:-1]
    return rows


def test_a_generated_roster_imports_exactly_as_the_row_by_row_path(tmp_path, monkeypatch):
    path = _titled(write(tmp_path / "花名册_2019.xlsx", HEADER, _generated_rows()))
    parsed, stores = {}, {}
    for name in ("columns", "rows"):
        if name == "rows":
            _row_by_row(monkeypatch)
        parsed[name] = parse_file(path)
        stores[name] = Store(tmp_path / f"{name}.duckdb")
        commit(stores[name], parsed[name])      # before any record is read as a dict: the Arrow columns are written
    columnwise, rowwise = parsed["columns"], parsed["rows"]
    assert (columnwise.rows_read, columnwise.rows_rejected) == (rowwise.rows_read, rowwise.rows_rejected) == (17_999, 219)
    assert (len(columnwise.errors), len(columnwise.warnings)) == (len(rowwise.errors), len(rowwise.warnings))
    assert _errors(columnwise) == _errors(rowwise)
    assert [w.as_dict() for w in columnwise.warnings] == [w.as_dict() for w in rowwise.warnings]
    assert (columnwise.count("households"), columnwise.count("persons")) == (5_941, 17_780)
    assert {t: list(rs) for t, rs in columnwise.records.items()} == {t: list(rs) for t, rs in rowwise.records.items()}
    # The same rows in both stores.
    q = ("select count(*), sum(household_size), round(sum(income_per_capita), 2), count(other_causes), "
         "count(distinct village) from households")
    pq = "select count(*), count(distinct household_key), min(source_row), max(source_row) from persons"
    got = {name: (s.cursor().execute(q).fetchall(), s.cursor().execute(pq).fetchall()) for name, s in stores.items()}
    assert got["columns"] == got["rows"]
    assert got["columns"][0][0][0] == 5_941 and got["columns"][1][0][:2] == (17_780, 5_941)


def test_records_read_as_dicts_become_the_records_the_commit_writes():
    r = Records()
    r.add_chunk(Chunk(pa.table({"year": pa.array([2019, 2019]), "county": pa.array([None, "乙县"], pa.string())}),
                      [{"备注": "x"}, None]))
    assert r.columnar and len(r) == 2 and r[:1] == [{"year": 2019, "county": None, "_extra": {"备注": "x"}}]
    r.fill("county", "甲县")
    assert r.column("county") == ["甲县", "乙县"] and r.columnar
    r[1]["county"] = "丙县"          # an edit of a record as a dict is kept
    assert not r.columnar and r.column("county") == ["甲县", "丙县"]
    assert list(r) == [{"year": 2019, "county": "甲县", "_extra": {"备注": "x"}}, {"year": 2019, "county": "丙县"}]


# The sheet-extent scan (extent.XlsxSheetScan) in numpy: what the regex over cell references found ------------------
def _regex_extent(text: bytes) -> tuple[int, int, int, str, bool]:
    """(rows, columns, cells, far cell, every tag measured) as the regex scan found them, the text fed in one piece
    (a chunk without "<" holds no tag and is passed over)."""
    from ledgerboard.importer.extent import _CELL_REF, column_number
    if b"<" not in text:
        return 0, 0, 0, "", True
    refs = _CELL_REF.findall(text)
    unmeasured = any(m in text for m in (b"<c>", b"<c/>", b":c ", b":c>", b":c/"))
    if not refs:
        return 0, 0, 0, "", not unmeasured and text.count(b"<c ") == 0
    rows = max(int(r) for _, r in refs)
    widest = max((c for c, _ in refs), key=lambda c: (len(c), c))
    far = next(r for c, r in refs if c == widest)
    return (rows, column_number(widest), len(refs), f"{widest.decode()}{int(far)}",
            not unmeasured and text.count(b"<c ") == len(refs))


def test_the_extent_scan_finds_what_the_cell_reference_regex_finds():
    from ledgerboard.importer.extent import XlsxSheetScan
    rng = random.Random(11)
    pieces = [b'<c r="A1"', b'<c r="ABC1234567"', b'<c r="ABCD1"', b'<c r="A12345678"', b'<c r="Z9"', b'<c r="a1"',
              b'<c r="A1 ', b'<c r=""', b'<c r="1"', b'<c r="XFD1048576"', b'<v>1</v>', b'</c>', b' ', b'<c t="s"',
              b'<c r="AA10"', b'<c>', b'<c/>', b'<x:c r="B2">', b'a:c b', b'<row r="3">', b'<c  r="B1"', b'<c r="T98807" s="1">']
    for _ in range(3000):
        text = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        scan = XlsxSheetScan("表")
        scan.feed(text)
        exact = scan.finish()
        e = scan.extent
        assert (e.rows, e.columns, e.cells, e.far_cell, exact) == _regex_extent(text), text
