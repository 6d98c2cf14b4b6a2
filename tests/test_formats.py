"""Numbers in tables: separators, fixed decimals by unit, plain years, "—" for no data (never None/NaN)."""

import math

import pandas as pd

from ledgerboard.formats import cell, styled, table_rows


def test_cells_by_header_unit():
    assert cell(3201, "建档立卡户（户）") == "3,201"
    assert cell(9281.0, "建档立卡人口（人）") == "9,281"
    assert cell(1924.2199, "总投资（万元）") == "1,924.22"
    assert cell(0.5, "贫困发生率（%）") == "0.50"
    assert cell(5013.3164, "人均纯收入均值（元，人口加权）") == "5,013"
    assert cell(2019, "年度") == "2019" and cell(2018.0, "出列年度") == "2018"
    assert cell(True, "已出列") == "是"
    for missing in (None, float("nan"), pd.NA, math.nan):
        assert cell(missing, "比上年增长（%）") == "—"


def test_table_rows_and_styler_never_show_none():
    df = pd.DataFrame({"年度": [2014, 2015], "比上年增长（%）": [None, 14.2], "乡镇": ["青松镇", None],
                       "户数（户）": pd.array([1325, None], dtype="Int64")})
    assert table_rows(df) == [["2014", "—", "青松镇", "1,325"], ["2015", "14.20", "—", "—"]]
    html = styled(df).to_html()
    assert "None" not in html and "nan" not in html and "<NA>" not in html
    assert "1,325" in html and "14.20" in html and ">2014<" in html and "2,014" not in html


def test_a_long_table_shows_its_first_rows_and_says_so():
    """A page table of a province (21 000 villages) shows TABLE_ROWS rows with a note; the download has them all."""
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd

        from ledgerboard import ui
        df = pd.DataFrame({"行政村": [f"村{i}" for i in range(1_500)], "建档立卡户（户）": range(1_500)})
        ui.table(df, "各村")

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    from ledgerboard.ui import TABLE_ROWS
    assert len(at.dataframe[0].value) == TABLE_ROWS == 1_000
    assert [c.value for c in at.caption] == ["共1,500行，表中为前1,000行；全部行请下载表格（Excel）。"]
