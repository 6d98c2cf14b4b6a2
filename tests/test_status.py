"""数据状况: which ledgers are loaded per year and township, gaps named (core fixture ledgers)."""

from ledgerboard import status
from ledgerboard.importer import import_file
from ledgerboard.indicators import Area
from tests.conftest import CORE


def _row(grid, year, township):
    hit = grid[(grid["年度"] == year) & (grid["乡镇"] == township)]
    assert len(hit) == 1, hit
    return hit.iloc[0].to_dict()


def test_complete_year_has_no_gaps(core_store):
    grid = status.ledger_status(core_store)
    assert list(grid.columns) == status.COLUMNS
    assert [(r["年度"], r["县"], r["乡镇"]) for _, r in grid.iterrows()] == [
        (2019, "测试县", "乙乡"), (2019, "测试县", "甲镇"), (2018, "测试县", "乙乡"), (2018, "测试县", "甲镇")]
    town = _row(grid, 2019, "甲镇")
    assert town["建档立卡户台账"] == "已导入（4行，2个村）"
    assert town["村基本情况"] == "已导入（2行，2个村）"
    assert town["扶贫项目台账"] == "已导入（2行）"
    # The measures ledger has no 县 column: its rows still belong to 测试县's 甲镇.
    assert town["帮扶措施台账"] == "已导入（3行）"
    assert town["农业户籍人口覆盖"] == "2/2个村"
    assert town["缺少"] == ""
    assert town["来源文件"].split("、") == [
        "households_2019_甲镇.xlsx", "villages.xlsx", "projects_2019.xlsx", "measures_2019.xlsx"]
    assert status.gaps_summary(grid, 2019) == []


def test_gaps_are_named(core_store):
    grid = status.ledger_status(core_store)
    # 乙乡 is known (2019) but nothing of it was loaded for 2018.
    assert _row(grid, 2018, "乙乡")["缺少"] == "建档立卡户台账、村基本情况、扶贫项目台账、帮扶措施台账"
    assert status.gaps_summary(grid, 2018) == [
        "2018年测试县乙乡未导入：建档立卡户台账、村基本情况、扶贫项目台账、帮扶措施台账",
        "2018年测试县甲镇未导入：扶贫项目台账、帮扶措施台账",
    ]


def test_township_not_imported(store):
    for f in sorted(CORE.glob("*.xlsx")):
        if f.name != "households_2019_甲镇.xlsx":
            assert import_file(store, f)["status"] == "imported"
    grid = status.ledger_status(store)
    town = _row(grid, 2019, "甲镇")
    assert town["建档立卡户台账"] == status.MISSING
    assert town["农业户籍人口覆盖"] == "0/2个村"
    assert "2019年测试县甲镇未导入：建档立卡户台账" in status.gaps_summary(grid, 2019)


def test_filtered_to_a_township(core_store):
    grid = status.ledger_status(core_store, Area(township="乙乡"))
    assert set(grid["乡镇"]) == {"乙乡"}
    assert _row(grid, 2019, "乙乡")["建档立卡户台账"] == "已导入（2行，1个村）"


def test_styled_marks_missing_cells(core_store):
    import re

    html = status.styled(status.ledger_status(core_store)).to_html()
    rule = re.search(r"([^{}]*)\{\s*background-color: #fde2e1", html).group(1)
    cells = set(re.findall(r"_row(\d+)_col(\d+)", rule))
    # 2018 乙乡 (row 2): all four ledgers and the coverage; 2018 甲镇 (row 3): projects and measures.
    assert cells == {("2", "3"), ("2", "4"), ("2", "5"), ("2", "6"), ("2", "7"), ("3", "5"), ("3", "6")}
