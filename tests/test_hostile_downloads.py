"""Issue 19, items 4, 7 and 8: every file the app produces keeps ledger text as text (no live formula, masked
values valid), every download re-checks the account when it is built, sheet and file names are sanitised."""

from __future__ import annotations

import datetime as dt
import io
import tomllib

import pytest
from openpyxl import Workbook, load_workbook

from ledgerboard import audit, auditlog, auth, exports, upload
from ledgerboard.idnumber import mask_name
from ledgerboard.importer import Options, import_file
from ledgerboard.indicators import Area
from ledgerboard.pack import archive
from ledgerboard.pack.content import collect
from ledgerboard.store import Store
from tests.conftest import ROOT
from tests.fixtures.make_messy import valid_id
from tests.test_auth_pages import app, login, real_db  # noqa: F401  (real_db: the fixture)
from tests.test_hostile import FORMULAS, formula_cells, households, texts

VILLAGE = FORMULAS[0]                # =HYPERLINK("http://host/phish","点此查看")


def formula_store(store, tmp_path):
    """青松镇 2019: a village named like a formula, a head named "=cmd|…" (masked to "=****…"), both 已脱贫 below the
    line (错退风险, so the 疑点清单 lists them)."""
    rows = [[2019, "青松镇", VILLAGE, FORMULAS[1], valid_id(911), 3, "因病", "已脱贫", 3000],
            [2019, "青松镇", "@村", "李四", valid_id(912), 2, "因病", "已脱贫", 3100]]
    r = import_file(store, households(tmp_path / "户.xlsx", rows), opts=Options(county="测试县"))
    assert r["status"] == "imported" and r["rows_imported"] == 2, r
    wb = Workbook()
    exports.append_row(wb.active, ["年度", "县", "乡镇", "行政村", "总人口", "农业户籍人口"])
    exports.append_row(wb.active, [2019, "测试县", "青松镇", VILLAGE, 120, 100])
    exports.append_row(wb.active, [2019, "测试县", "青松镇", "@村", 90, 80])
    wb.save(tmp_path / "村.xlsx")
    assert import_file(store, tmp_path / "村.xlsx")["status"] == "imported"
    return store


def test_suspects_workbook_has_no_formula_and_opens_with_masked_names(store, tmp_path):
    formula_store(store, tmp_path)
    report = audit.run_audit(store, 2019, Area())
    assert report.result("exit_income_below_line").count == 2
    data = audit.suspects_xlsx(report)
    assert formula_cells(data) == []
    cells = texts(data)
    assert VILLAGE in cells and "@村" in cells
    assert mask_name(FORMULAS[1]) in cells    # the masked "=cmd|' /C calc'!A0" ("=****…"): text, so Excel opens the file
    assert FORMULAS[1] not in cells


def test_pack_tables_workbook_has_no_formula(store, tmp_path):
    formula_store(store, tmp_path)
    pack = collect(store, 2019, Area(county="测试县", township="青松镇"))
    data = archive.tables_xlsx(pack)
    assert formula_cells(data) == []
    assert VILLAGE in texts(data)
    wb = load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == len(pack.charts) and all(len(n) <= 31 for n in wb.sheetnames)   # a sheet per chart


def test_write_only_and_normal_sheets_store_every_formula_start_as_text():
    from openpyxl.cell import WriteOnlyCell

    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("表") if write_only else wb.active
        styled = WriteOnlyCell(ws, value="=1+1") if write_only else "=1+1"
        exports.append_row(ws, [*FORMULAS, styled, "=\x00****", 3])
        data = exports.workbook_bytes(wb)
        assert formula_cells(data) == []
        row = [c.value for c in next(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows())]
        assert row == [*FORMULAS, "=1+1", "=****", 3]


def test_streamlit_table_toolbar_export_is_off():
    """The table toolbar's own "Download as CSV" (English, raw cells, not in the audit log) is switched off;
    every table has the app's 下载表格（Excel） instead."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


# 8 · sheet and file names --------------------------------------------------------------------
def test_csv_named_with_brackets_and_one_bad_row_previews_and_imports_its_good_rows(store, tmp_path):
    name = "台账[2019]:*?.csv"
    lines = ["年度,乡镇,行政村,户主姓名,户主身份证号,家庭人口数,主要致贫原因,脱贫状态,人均纯收入（元）",
             f"2019,青松镇,一村,张三,{valid_id(921)},3,因病,未脱贫,3000",
             f"2019,青松镇,一村,李四,{valid_id(922)},2,因残,已脱贫,5000",
             "2019,青松镇,一村,王五,12345,2,因病,未脱贫,3000"]
    data = "\n".join(lines).encode("utf-8")
    fp = upload.preview_file(store, name, data, Options(county="测试县"))
    assert (fp.parsed.rows_imported, fp.parsed.rows_rejected) == (2, 1)
    wb = load_workbook(io.BytesIO(upload.errors_xlsx(fp)))
    assert wb.sheetnames == ["错误清单", "标注_台账2019"]
    assert upload.errors_file_name(name) == "台账[2019]_错误清单.xlsx"
    lines_out = upload.commit_previews(store, [fp], imported_by="test")
    assert lines_out[0].startswith(f"“{name}”已导入") and "导入2行" in lines_out[0]


def test_sheet_titles_and_file_names_are_sanitised_and_masked():
    taken: set[str] = set()
    assert exports.sheet_title("'a[b]:c*d?e/f\\g：h'", taken) == "abcdefgh"
    assert exports.sheet_title("ABCDEFGH", taken) == "ABCDEFGH2"            # Excel compares titles caseless
    assert exports.sheet_title("x" * 40, taken) == "x" * 31
    assert exports.sheet_title("x" * 40, taken) == "x" * 30 + "2"
    assert exports.sheet_title("[]", taken) == "数据"
    assert exports.sheet_title("花名册522224199001011234", None) == "花名册522224＊＊＊＊＊＊＊＊1234"
    assert exports.file_name("../张三 13812345678.xlsx") == "张三 138＊＊＊＊5678.xlsx"
    assert exports.file_name('a\x00<b>|"c"') == "a_b_c"


# 7 · every download re-checks the account when its file is built ---------------------------------
@pytest.fixture
def deferred(monkeypatch):
    """file name → the callable a download button hands Streamlit to build its file on click."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    built: dict[str, object] = {}
    add = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        built[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return built


def test_open_page_downloads_nothing_once_the_account_is_disabled(real_db, deferred):
    at = login(app(year=2019), "jia")
    at.switch_page("pages/incidence.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table_name = "2019年甲镇各村贫困发生率.xlsx"
    pack_name = "甲镇2019年汇报材料.pptx"
    assert {table_name, pack_name} <= set(deferred), sorted(deferred)
    data = deferred[table_name]()
    assert load_workbook(io.BytesIO(data)).active["A1"].value is not None          # built while the account is fine
    s = Store(real_db)
    try:
        log = auditlog.entries(s, action="download")
        assert list(log["target"])[:1] == [table_name] and list(log["username"])[:1] == ["jia"]
        auth.set_active(s, "jia", False, by="admin")
        for name in (table_name, pack_name):
            with pytest.raises(auth.Forbidden, match="请重新登录"):
                deferred[name]()
        assert len(auditlog.entries(s, action="download")) == 1                     # nothing more was handed out
    finally:
        s.close()


def test_open_page_downloads_nothing_after_logout(real_db, deferred):
    at = login(app(year=2019), "leader")
    at.switch_page("pages/incidence.py").run()
    s = Store(real_db)
    try:
        auth.logout(s, auth.get_account(s, "leader"))          # e.g. from another tab: every session ends
        tables = [n for n in deferred if n.endswith(".xlsx")]
        assert tables, sorted(deferred)
        for name in tables:
            with pytest.raises(auth.Forbidden):
                deferred[name]()
    finally:
        s.close()


def test_download_account_refuses_expired_out_of_scope_and_logged_out_visitors(real_db):
    s = Store(real_db)
    try:
        jia = auth.get_account(s, "jia")
        now = dt.datetime(2026, 12, 2, 9, 0)
        assert auth.download_account(s, jia, Area(township="甲镇"), expires=now + dt.timedelta(hours=1), now=now) == jia
        with pytest.raises(auth.Forbidden, match="登录已过期"):
            auth.download_account(s, jia, Area(township="甲镇"), expires=now, now=now)
        with pytest.raises(auth.OutOfScope):
            auth.download_account(s, jia, Area(township="乙乡"))
        with pytest.raises(auth.Forbidden, match="请先登录"):
            auth.download_account(s, None, Area())        # a demo visitor's page after real data arrived
        leader = auth.get_account(s, "leader")
        with pytest.raises(auth.Forbidden):
            auth.download_account(s, leader, Area(), need="personal_masked")     # the 疑点清单 with names
    finally:
        s.close()


def test_upload_page_with_a_bracketed_csv_offers_its_error_list_built_on_click(app_db, deferred):
    from tests.conftest import upload_page_as_admin

    lines = ["年度,县,乡镇,行政村,户主姓名,户主身份证号,家庭人口数,主要致贫原因,脱贫状态,人均纯收入（元）",
             f"2019,测试县,青松镇,一村,张三,{valid_id(941)},3,因病,未脱贫,3000",
             "2019,测试县,青松镇,一村,王五,12345,2,因病,未脱贫,3000"]
    at = upload_page_as_admin(app_db)
    at.file_uploader[0].set_value([("台账[2019].csv", "\n".join(lines).encode("utf-8"), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b for b in at.button if b.key == "up_commit"]                     # its good row stays importable
    build = deferred["台账[2019]_错误清单.xlsx"]
    assert load_workbook(io.BytesIO(build())).sheetnames == ["错误清单", "标注_台账2019"]
    s = Store(app_db)
    try:
        assert list(auditlog.entries(s, action="download")["target"]) == ["台账[2019]_错误清单.xlsx"]
    finally:
        s.close()
