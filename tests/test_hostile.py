"""Hostile and unlucky input (issue 15): each case of the issue with its file generated here.

1 a 5 KB file with a value at XFD1048576 · 2 a 16 384-column sheet · 3 Markdown in file names (also
in tests/test_hostile_browser.py) · 4 formulas in downloads · 5 out-of-range numbers and JSON ·
6 the store held by another process · 7 personal data in unmapped columns and messages ·
8 content decides the file type; control characters.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook, load_workbook
from streamlit.testing.v1 import AppTest

from ledgerboard import exports, upload
from ledgerboard.analysis import incidence_by_village, table
from ledgerboard.cli import json_safe
from ledgerboard.fields import catalog
from ledgerboard.importer import Options, import_file, parse_file
from ledgerboard.importer.commit import CommitRefused, commit
from ledgerboard.importer.read import MAX_COLUMNS
from ledgerboard.indicators import Area, metrics
from ledgerboard.sanitize import WORD_JOINER, mask_numbers, plain
from ledgerboard.store import Store
from ledgerboard.templates import template_xlsx
from tests.conftest import ROOT, upload_page_as_admin, with_admin
from tests.fixtures.make_messy import valid_id
from tests.test_importer_messy import MESSY

HEADERS = ["年度", "乡镇", "行政村", "户主姓名", "户主身份证号", "家庭人口数", "主要致贫原因", "脱贫状态", "人均纯收入（元）"]
ID1, ID2, ID3 = valid_id(901), valid_id(902), valid_id(903)
FORMULAS = ['=HYPERLINK("http://host/phish","点此查看")', "=cmd|' /C calc'!A0", "+1+2", "-3+cmd", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]


def households(path: Path, rows: list[list], extra: list[str] = (), sheet: str = "贫困户") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    exports.append_row(ws, HEADERS + list(extra))
    for r in rows:
        exports.append_row(ws, r)     # text such as "=HYPERLINK(…)" stays text, as typed in a real ledger
    wb.save(path)
    return path


def good_rows() -> list[list]:
    return [[2019, "青松镇", "一村", "张三", ID1, 3, "因病", "未脱贫", 3000],
            [2019, "青松镇", "一村", "李四", ID2, 2, "因残", "已脱贫", 5000]]


def cli(*args, env: dict | None = None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledgerboard", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=600)


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity (which json.dumps writes by default)."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


# 1 · a value at XFD1048576 -------------------------------------------------------------------
def far_cell_ledger(path: Path, row: int = 1048576, column: int = 16384) -> Path:
    households(path, good_rows())
    wb = load_workbook(path)
    wb.active.cell(row=row, column=column, value="末")
    wb.save(path)
    return path


PEAK_SCRIPT = textwrap.dedent("""
    import sys
    {body}
    # VmHWM, the process's own peak: ru_maxrss keeps the forking parent's peak across exec (a pytest worker that
    # has grown to 600 MB would be measured, not this process).
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print("MAXRSS_KB", hwm, file=sys.stderr)
    sys.exit(rc)
""")


def run_measured(body: str, *args) -> tuple[subprocess.CompletedProcess, int]:
    """Run Python code in a fresh process; its peak resident memory in MB."""
    code = PEAK_SCRIPT.format(body=textwrap.dedent(body).strip())
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    line = next(line for line in p.stderr.splitlines() if line.startswith("MAXRSS_KB"))
    return p, int(line.split()[1]) // 1024


def test_far_cell_file_is_refused_by_the_cli_in_bounded_memory(tmp_path):
    f = far_cell_ledger(tmp_path / "末.xlsx")
    assert f.stat().st_size < 8 * 1024
    p, peak_mb = run_measured(
        "from ledgerboard.cli import main\nrc = main(sys.argv[1:])",
        "import", str(f), "--db", with_admin(tmp_path / "s.duckdb"), "--json")
    assert p.returncode == 1, p.stderr
    r = strict_json(p.stdout)
    assert r["status"] == "rejected" and r["rows_read"] == 0
    assert r["message"] == (
        "文件“末.xlsx”的工作表“贫困户”有数据的列达到16384列（最远到单元格XFD1048576），超过256列的上限。"
        "台账一般只有几十列：请删除表格右侧多余的列（或把该表拆开）后重新上传。")
    assert peak_mb < 500, peak_mb


def test_far_cell_file_is_refused_by_the_upload_preview_in_bounded_memory(tmp_path):
    f = far_cell_ledger(tmp_path / "末.xlsx")
    p, peak_mb = run_measured(
        """
        from pathlib import Path
        from ledgerboard import upload
        from ledgerboard.importer import Options
        from ledgerboard.store import Store
        path = Path(sys.argv[1])
        fp = upload.preview_file(Store(sys.argv[2]), path.name, path.read_bytes(), Options())
        print(fp.parsed.message)
        rc = 0 if fp.parsed.refused and not fp.ok else 1
        """, str(f), str(tmp_path / "s.duckdb"))
    assert p.returncode == 0, p.stderr
    assert "XFD1048576" in p.stdout
    assert peak_mb < 500, peak_mb


@pytest.mark.parametrize("row,column,words", [
    (1048576, 256, "的数据范围达到1,048,576行×256列（最远的单元格在IV1048576附近），但其中只有28个单元格有内容"),
    (1048576, 1, "的数据范围达到1,048,576行×9列"),
])
def test_a_stray_value_far_below_is_refused_naming_it(tmp_path, row, column, words):
    p = parse_file(far_cell_ledger(tmp_path / "远.xlsx", row, column))
    assert p.refused and words in p.message, p.message
    assert "请删除数据区域以外的单元格" in p.message


def test_old_xls_with_a_far_cell_is_refused(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("贫困户")
    for c, h in enumerate(HEADERS):
        ws.write(0, c, h)
    for r, row in enumerate(good_rows(), start=1):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    ws.write(65535, 200, "末")
    path = tmp_path / "远.xls"
    wb.save(str(path))
    p = parse_file(path)
    assert p.refused and "的工作表“贫困户”的数据范围达到65,536行×201列（最远的单元格在GS65536附近）" in p.message, p.message


def test_a_formatted_but_empty_far_cell_is_no_problem(tmp_path):
    from openpyxl.styles import Font

    path = households(tmp_path / "格式.xlsx", good_rows())
    wb = load_workbook(path)
    wb.active.cell(row=1048576, column=16384).font = Font(bold=True)
    wb.save(path)
    p = parse_file(path)
    assert not p.refused and p.rows_read == 2 and p.rows_rejected == 0


def test_cells_without_references_are_measured_as_a_reader_counts_them(tmp_path):
    # Some generators omit r="…": the position is then counted, and the limit still holds.
    ok = households(tmp_path / "ok.xlsx", good_rows())
    with zipfile.ZipFile(ok) as z:
        members = {n: z.read(n) for n in z.namelist()}
    cells = "".join(f'<c t="inlineStr"><is><t>{i}</t></is></c>' for i in range(300))
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("</sheetData>", f'<row r="9">{cells}</row></sheetData>')
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    path = tmp_path / "无引用.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    p = parse_file(path)
    assert p.refused and "有数据的列达到300列（最远到单元格KN9）" in p.message, p.message


# 2 · 16 384 columns ---------------------------------------------------------------------------
def wide_ledger(path: Path, width: int = 16384) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "宽表"
    ws.append(HEADERS + [f"列{i}" for i in range(width - len(HEADERS))])
    ws.append(good_rows()[0])
    wb.save(path)
    return path


def test_wide_sheet_is_refused_before_any_mapping(tmp_path):
    p = parse_file(wide_ledger(tmp_path / "宽.xlsx"))
    assert p.refused and p.sheets == [] and p.message.startswith(
        "文件“宽.xlsx”的工作表“宽表”有数据的列达到16384列（最远到单元格XFD1），超过256列的上限。")
    at_limit = parse_file(wide_ledger(tmp_path / "256.xlsx", MAX_COLUMNS))
    assert not at_limit.refused and at_limit.rows_read == 1


def test_wide_csv_is_refused(tmp_path):
    path = tmp_path / "宽.csv"
    path.write_text(",".join(HEADERS + [f"列{i}" for i in range(400)]) + "\n2019,青松镇\n", encoding="utf-8")
    p = parse_file(path)
    assert p.refused and p.message == (
        "文件“宽.csv”第1行有409列，超过256列的上限。台账一般只有几十列：请删除多余的列后重新上传。")


def test_a_csv_of_commas_is_refused_before_its_rows_are_built(tmp_path, monkeypatch):
    from ledgerboard.importer import read

    monkeypatch.setattr(read, "MAX_CELLS", 1000)
    path = tmp_path / "逗号.csv"
    path.write_bytes(b"," * 5000)
    p = parse_file(path)
    assert p.refused and "单元格太多（超过1,000个）" in p.message


@pytest.fixture
def upload_page(app_db):
    return upload_page_as_admin(app_db)     # the upload page asks for a login once an admin exists (issue 13)


def test_upload_page_refuses_both_hostile_files_without_drawing_dropdowns(upload_page, tmp_path):
    at = upload_page
    big = far_cell_ledger(tmp_path / "末.xlsx")
    wide = wide_ledger(tmp_path / "宽.xlsx")
    at.file_uploader[0].set_value([(big.name, big.read_bytes(), "application/vnd.ms-excel"),
                                   (wide.name, wide.read_bytes(), "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and "XFD1048576" in errors[0] and "16384列" in errors[1]
    assert [s.key for s in at.selectbox] == ["up_kind"]      # no column dropdowns
    assert not any(b.key == "up_commit" for b in at.button)


# 3 · Markdown in names ------------------------------------------------------------------------
MARKDOWN_NAME = "![t](http://host/pixel.png)[点此下载正式模板](http://host/phish).xlsx"


def test_plain_escapes_every_markdown_trigger():
    # A word joiner (WJ, invisible) after "http\:", "a\@" and "www" breaks GFM's literal autolinks (issue 19).
    wj = WORD_JOINER
    assert plain(MARKDOWN_NAME) == (rf"\!\[t\](http\:{wj}//host/pixel.png)\[点此下载正式模板\](http\:{wj}//host/phish)"
                                    ".xlsx")
    assert plain("**粗体** _斜_ <http://a> www.x.cn a@b.cn :red[红] $x$ ~~删~~") == (
        rf"\*\*粗体\*\* \_斜\_ \<http\:{wj}//a\> www{wj}\.x.cn a\@{wj}b.cn \:red\[红\] \$x\$ \~\~删\~\~")
    assert plain("1. 列表\n# 标题") == r"1\. 列表 # 标题"
    assert plain("- 项") == r"\- 项" and plain("工资表.xlsx") == "工资表.xlsx"


def test_upload_page_shows_markdown_file_names_as_typed(upload_page, tmp_path):
    at = upload_page
    data = households(tmp_path / "x.xlsx", good_rows()).read_bytes()
    at.file_uploader[0].set_value([(MARKDOWN_NAME, data, "application/vnd.ms-excel")]).run()
    assert not at.exception
    assert at.subheader[0].value == f":material/description: {plain(MARKDOWN_NAME)}"
    at.button(key="up_commit").click().run()
    assert len(at.success) == 1 and at.success[0].value.startswith(plain(f"“{MARKDOWN_NAME}”已导入贫困户台账"))
    assert any(plain(MARKDOWN_NAME) in m.value for m in at.markdown)     # the history line


# 4 · formulas in downloads --------------------------------------------------------------------
def formula_cells(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def texts(data: bytes) -> set:
    wb = load_workbook(io.BytesIO(data))
    return {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_error_workbook_keeps_formula_text_as_text(store, tmp_path):
    rows = good_rows()
    rows.append([2019, "青松镇", FORMULAS[0], FORMULAS[1], "无", 3, "=1+1", "未脱贫", 3000])
    path = households(tmp_path / "公式.xlsx", rows, extra=["备注"])
    wb = load_workbook(path)
    ws = wb.active
    for i, text in enumerate(FORMULAS, start=2):
        cell = ws.cell(row=4, column=10 + i, value=text)
        cell.data_type = "s"
    wb.save(path)
    assert formula_cells(path.read_bytes()) == []
    fp = upload.preview_file(store, path.name, path.read_bytes(), Options())
    assert fp.parsed.rows_rejected == 1
    data = upload.errors_xlsx(fp)
    assert formula_cells(data) == []
    assert set(FORMULAS) | {"=1+1"} <= texts(data)


def test_table_download_keeps_formula_text_as_text():
    import pandas as pd

    df = pd.DataFrame({"村": FORMULAS, "数": range(len(FORMULAS)), "率": [float("nan")] * len(FORMULAS)})
    data = exports.table_xlsx(df)
    assert formula_cells(data) == []
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb.active["A"]][1:] == FORMULAS
    assert [c.value for c in wb.active["B"]][1:] == list(range(len(FORMULAS)))
    assert [c.value for c in wb.active["C"]][1:] == [None] * len(FORMULAS)


def test_incidence_table_download_of_a_village_named_like_a_formula(store, tmp_path):
    village = FORMULAS[0]
    rows = [[2019, "青松镇", village, "张三", ID1, 3, "因病", "未脱贫", 3000]]
    import_file(store, households(tmp_path / "户.xlsx", rows))
    wb = Workbook()
    exports.append_row(wb.active, ["年度", "乡镇", "行政村", "总人口", "农业户籍人口"])
    exports.append_row(wb.active, [2019, "青松镇", village, 120, 100])
    wb.save(tmp_path / "村.xlsx")
    assert import_file(store, tmp_path / "村.xlsx")["status"] == "imported"
    villages = incidence_by_village(store, 2019, Area())
    data = exports.table_xlsx(table(villages))
    assert formula_cells(data) == [] and village in texts(data)


@pytest.mark.parametrize("kind", list(catalog().kinds))
def test_templates_have_no_formula_cells(kind):
    assert formula_cells(template_xlsx(kind)) == []


# 5 · ranges and JSON --------------------------------------------------------------------------
def test_out_of_range_numbers_are_row_errors_in_the_preview(store, tmp_path):
    rows = good_rows() + [
        [2019, "青松镇", "一村", "王五", ID3, 3_000_000_000, "因病", "未脱贫", 3000],
        [2019, "青松镇", "一村", "赵六", valid_id(904), -5, "因病", "未脱贫", 3000],
        [2019, "青松镇", "一村", "钱七", valid_id(905), 2_147_483_647, "因病", "未脱贫", 3000],
        [2019, "青松镇", "一村", "孙八", valid_id(906), 2, "因病", "未脱贫", 1e300],
        [2040, "青松镇", "一村", "周九", valid_id(907), 2, "因病", "未脱贫", 3000],
    ]
    path = households(tmp_path / "范围.xlsx", rows)
    fp = upload.preview_file(store, path.name, path.read_bytes(), Options())
    p = fp.parsed
    assert (p.rows_read, p.rows_rejected) == (7, 5)
    assert [(e.sheet, e.row, e.column, e.message) for e in p.errors] == [
        ("贫困户", 4, "家庭人口数", "F列“家庭人口数”：家庭人口数为3,000,000,000人，超出合理范围（1至30人），请核对"),
        ("贫困户", 5, "家庭人口数", "F列“家庭人口数”：家庭人口数为-5人，超出合理范围（1至30人），请核对"),
        ("贫困户", 6, "家庭人口数", "F列“家庭人口数”：家庭人口数为2,147,483,647人，超出合理范围（1至30人），请核对"),
        ("贫困户", 7, "人均纯收入（元）",
         "I列“人均纯收入（元）”：人均纯收入为1e+300元，超出合理范围（-100,000至1,000,000元），请核对"),
        ("贫困户", 8, "年度", "A列“年度”：年度为2040，超出合理范围（2000至2035），请核对"),
    ]
    # The rest imports; nothing fails at commit.
    r = import_file(store, path)
    assert (r["status"], r["rows_imported"], r["rows_rejected"]) == ("imported", 2, 5)
    assert metrics(store, 2019, Area())["registered_population"] == 5


def test_every_count_and_amount_declares_a_range_that_fits_its_column():
    for kind in catalog().kinds.values():
        for f in kind.fields.values():
            if f.type in ("int", "number", "year", "date"):
                assert f.range is not None, (kind.key, f.key)
                lo, hi = f.range
                if f.type in ("int", "year"):
                    assert -2**31 < lo <= hi < 2**31, (kind.key, f.key)


def test_a_value_that_does_not_fit_its_column_is_refused_at_commit_without_writing(store, tmp_path):
    parsed = parse_file(households(tmp_path / "户.xlsx", good_rows()))
    parsed.records["households"][0]["household_size"] = 3_000_000_000    # as if no range had been declared
    before = store.data_version()
    with pytest.raises(CommitRefused, match="“家庭人口数”列有超出数据库范围的数值，未导入任何数据"):
        commit(store, parsed)
    assert store.data_version() == before


def test_cli_json_is_strict_json(tmp_path):
    db = with_admin(tmp_path / "s.duckdb")
    rows = good_rows() + [[2019, "青松镇", "一村", "孙八", ID3, 2, "因病", "未脱贫", 1e300]]
    p = cli("import", str(households(tmp_path / "户.xlsx", rows)), "--db", db, "--json")
    assert p.returncode == 0, p.stderr
    r = strict_json(p.stdout)
    assert (r["rows_imported"], r["rows_rejected"]) == (2, 1)
    p = cli("metrics", "--year", "2019", "--db", db, "--json")
    m = strict_json(p.stdout)
    assert (m["registered_households"], m["income_per_capita_mean"]) == (2, 3800.0)
    assert m["incidence_pct"] is None      # no villages ledger: null, never NaN


def test_json_safe_turns_nan_and_infinity_into_null():
    assert json_safe({"a": float("inf"), "b": [float("nan"), 1.5, -float("inf")], "c": "x"}) == {
        "a": None, "b": [None, 1.5, None], "c": "x"}


# 6 · the store held by another process --------------------------------------------------------
HOLDER = textwrap.dedent("""
    import sys
    from ledgerboard.store import Store
    store = Store(sys.argv[1])       # read-write, like the app
    store.query("years")
    print("ready", flush=True)
    sys.stdin.readline()             # hold until told
    store.close()
    print("closed", flush=True)
""")


@pytest.fixture
def held_store(tmp_path):
    """A store with two households, held open read-write by another process (like the app)."""
    db = tmp_path / "held.duckdb"
    s = Store(db)
    import_file(s, households(tmp_path / "户.xlsx", good_rows()))
    s.close()
    with_admin(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    yield db, holder
    if holder.poll() is None:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)


def release(holder) -> None:
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "closed"
    holder.wait(timeout=60)


def test_duckdb_refuses_even_a_read_only_open_while_another_process_writes(held_store):
    # The premise of ledgerboard/shared_store.py, as DuckDB 2.0 behaves.
    import duckdb

    db, _ = held_store
    for read_only in (True, False):
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(db), read_only=read_only)


def test_metrics_and_dry_run_work_while_another_process_holds_the_store(held_store, tmp_path):
    db, holder = held_store
    p = cli("metrics", "--year", "2019", "--db", str(db), "--json")
    assert p.returncode == 0, p.stderr
    m = strict_json(p.stdout)
    assert (m["registered_households"], m["registered_population"], m["poor_households"]) == (2, 5, 1)
    again = households(tmp_path / "再.xlsx", good_rows())
    p = cli("import", str(again), "--db", str(db), "--dry-run", "--json")
    assert p.returncode == 0, p.stderr
    r = strict_json(p.stdout)
    assert (r["status"], r["rows_imported"], r["replaced"]) == ("dry_run", 2, 2)
    assert not list(tmp_path.glob("ledgerboard-snapshot-*"))
    assert holder.poll() is None        # the holder kept its store


def test_import_while_another_process_holds_the_store_says_so_with_exit_3(held_store, tmp_path):
    db, holder = held_store
    path = households(tmp_path / "新.xlsx", good_rows()[:1])
    p = cli("import", str(path), "--db", str(db), "--json", env={"LEDGERBOARD_BUSY_WAIT": "0.5"})
    assert p.returncode == 3, p.stderr
    r = strict_json(p.stdout)
    assert (r["file"], r["status"], r["rows_imported"]) == (str(path), "rejected", 0)
    assert r["message"] == ("数据库“held.duckdb”正被另一个程序使用（看板或另一个导入），暂时无法写入。"
                            "请稍后再试；如需在看板运行时导入，请在看板的“数据上传”页导入。")
    assert "Traceback" not in p.stderr and "IOException" not in p.stderr
    release(holder)
    p = cli("import", str(path), "--db", str(db), "--json")
    assert p.returncode == 0 and strict_json(p.stdout)["status"] == "imported"


def test_import_waits_for_the_store_and_goes_through(held_store, tmp_path):
    db, holder = held_store
    path = households(tmp_path / "新.xlsx", good_rows()[:1])
    proc = subprocess.Popen([sys.executable, "-m", "ledgerboard", "import", str(path), "--db", str(db), "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "LEDGERBOARD_BUSY_WAIT": "300"})
    release(holder)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert strict_json(out)["status"] == "imported"
    s = Store(db)
    assert metrics(s, 2019, Area())["registered_households"] == 1
    s.close()


def test_app_shows_a_chinese_page_while_the_store_is_busy_and_recovers(held_store, monkeypatch):
    import streamlit as st

    from ledgerboard import ui

    db, holder = held_store
    monkeypatch.setenv("LEDGERBOARD_DB", str(db))
    monkeypatch.setattr(ui.connection, "STORE_WAIT", 0.2)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [
        "数据库正被另一个程序（如命令行导入）使用，暂时无法打开。导入完成后即可恢复：请稍候片刻，再点“重新加载”或刷新本页。"]
    release(holder)
    at.button(key="store-busy-reload").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # Recovered: the store holds real data, so the app asks for a login (issue 13) instead of the busy page.
    assert not at.warning and at.title[0].value == "登录"
    ui._open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


# 7 · personal data in any column and in messages ----------------------------------------------
def test_preview_masks_id_and_phone_numbers_in_every_column(store, tmp_path):
    guardian, disabled = valid_id(950), valid_id(951) + "12"
    rows = good_rows()
    rows[0] += [f"监护人身份证{guardian}", "13812345678", "0851-12345678"]
    rows[1] += [f"残疾证{disabled}，旧证号110101900307451", "+86 139 1234 5678", ""]
    path = households(tmp_path / "备注.xlsx", rows, extra=["备注", "联系电话", "座机"])
    fp = upload.preview_file(store, path.name, path.read_bytes(), Options())
    sample = upload.sample_frame(fp.parsed)
    flat = sample.astype(str).to_string()
    for raw in (guardian, disabled, "110101900307451", "13812345678", "12345678", "1234 5678", ID1, ID2):
        assert raw not in flat, raw
    assert list(sample["备注（未导入）"]) == [f"监护人身份证{guardian[:6]}********{guardian[-4:]}",
                                          f"残疾证{disabled[:6]}**********{disabled[-4:]}，旧证号110101*****7451"]
    assert list(sample["联系电话（未导入）"]) == ["138****5678", "+86 139 **** 5678"]
    assert list(sample["座机（未导入）"]) == ["085*-****5678", ""]


def test_messages_do_not_repeat_personal_values(store, tmp_path):
    rows = good_rows()
    rows[1][6] = "欧阳某某"                                       # a name in the cause column
    rows[0][6] = "13812345678"                                   # a phone number in it
    rows.append([2019, "青松镇", "一村", "王五", ID3, 2, "因病", valid_id(960), 3000])   # an ID as the status
    path = households(tmp_path / "错列.xlsx", rows)
    p = parse_file(path)
    messages = [e.message for e in p.errors]
    assert messages[0].startswith("G列“主要致贫原因”：“138****5678”不是有效的致贫原因")
    assert messages[1].startswith("G列“主要致贫原因”：“欧***”不是有效的致贫原因")
    assert messages[2].startswith(f"H列“脱贫状态”：“{valid_id(960)[:6]}********{valid_id(960)[-4:]}”不是有效的脱贫状态")
    text = json.dumps([e.as_dict() for e in p.errors], ensure_ascii=False)
    assert "欧阳某某" not in text and "13812345678" not in text and valid_id(960) not in text
    assert mask_numbers("户主电话13812345678") == "户主电话138****5678"


# 8 · content decides the type; control characters ---------------------------------------------
def test_xls_renamed_xlsx_reads_as_xls(tmp_path):
    renamed = tmp_path / "旧版.xlsx"
    renamed.write_bytes((MESSY / "石门镇贫困户_旧版.xls").read_bytes())
    original = parse_file(MESSY / "石门镇贫困户_旧版.xls", opts=Options(year=2017))
    p = parse_file(renamed, opts=Options(year=2017))
    assert not p.refused and "加密" not in (p.message or "")
    assert (p.rows_read, p.rows_rejected, p.records) == (original.rows_read, original.rows_rejected, original.records)


def test_csv_named_xls_reads_as_csv_and_other_files_get_their_own_message(tmp_path):
    text = "\n".join(",".join(map(str, r)) for r in [HEADERS, *good_rows()])
    named = tmp_path / "导出.xls"
    named.write_text(text, encoding="utf-8")
    p = parse_file(named)
    assert not p.refused and (p.rows_read, p.rows_rejected) == (2, 0)
    docx = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    assert parse_file(docx).message == "文件“文档.xlsx”是压缩包或其他Office文件，不是Excel表格，无法读取。请上传 .xlsx、.xls 或 .csv 文件。"


def test_encrypted_workbook_by_its_directory_entries(tmp_path):
    # An OLE2 compound file whose directory names EncryptionInfo (UTF-16, as Office writes it).
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 600
    path = tmp_path / "加密.xlsx"
    path.write_bytes(data)
    assert "设有密码或为加密文件" in parse_file(path).message


def test_control_characters_are_stripped_everywhere_in_a_csv(tmp_path):
    rows = [["年度", "乡镇", "行政村", "总人口", "农业户籍人口"]]
    rows += [[2019, "青松镇", f"村{i:04d}", 120, 100] for i in range(300)]
    rows.append([2019, "\x00青松镇", "末\x07村", 150, "1\x0020"])
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    data = buf.getvalue().encode("utf-8")
    assert data.index(b"\x00") > 4096
    path = tmp_path / "村.csv"
    path.write_bytes(data)
    p = parse_file(path)
    assert not p.refused and p.rows_rejected == 0
    last = p.records["villages"][-1]
    assert (last["township"], last["village"], last["agri_population"]) == ("青松镇", "末村", 120)


def test_control_characters_in_workbook_cells_are_stripped(tmp_path):
    # Excel writes a control character in a cell as _x001F_ (openpyxl refuses to write one).
    rows = good_rows()
    rows[0][1] = "青松CTRL1镇"
    rows[0][2] = "一CTRL2村"
    path = households(tmp_path / "控制.xlsx", rows)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    for n in members:
        if n.endswith(".xml"):
            members[n] = members[n].replace(b"CTRL1", b"_x001F_").replace(b"CTRL2", b"_x0000_")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    p = parse_file(path)
    assert [(h["township"], h["village"]) for h in p.records["households"]] == [("青松镇", "一村")] * 2


def test_a_wide_ledger_gets_one_mapping_table_instead_of_a_dropdown_per_column(upload_page, tmp_path, store):
    at = upload_page
    wide = wide_ledger(tmp_path / "宽60.xlsx", 60)
    at.file_uploader[0].set_value([(wide.name, wide.read_bytes(), "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.key for s in at.selectbox] == ["up_kind"]
    box = next(x for x in at.expander if x.label.startswith("列对应"))
    editor = box.dataframe[0]
    assert editor.proto.editing_mode                      # an editable table, one row per column
    assert list(editor.value["原表头"]) == HEADERS + [f"列{i}" for i in range(60 - len(HEADERS))]
    assert any(b.key == "up_commit" for b in at.button)
    # The table's edits become the same overrides the dropdowns give.
    p = upload.preview_file(store, wide.name, wide.read_bytes(), Options()).parsed
    mapping = upload.mapping_frame(p)
    row = int(mapping.index[mapping["原表头"] == "列0"][0])
    chosen = upload.choices_from_edits(mapping, {"edited_rows": {row: {"对应字段": "帮扶单位"}}})
    assert upload.overrides_from_choices(p, chosen) == {"*": {"列0": "helper_unit"}}


def test_the_service_unit_restarts_the_app_and_the_readme_points_to_it():
    import configparser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(ROOT / "scripts" / "ledgerboard.service", encoding="utf-8")
    assert unit["Service"]["Restart"] == "always" and unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert "scripts/serve.py" in unit["Service"]["ExecStart"] and (ROOT / "scripts" / "serve.py").is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/ledgerboard.service" in readme and "## Reliability / 可靠性与限制" in readme
    assert "3 when the store is in use by another process" in readme


def test_cells_hidden_behind_a_namespace_prefix_are_measured_too(tmp_path):
    # A reader matches cells by local name: <x:c r="XFD9"> counts like <c r="XFD9">.
    ok = households(tmp_path / "ok.xlsx", good_rows())
    with zipfile.ZipFile(ok) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    far = ('<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD9" t="inlineStr">'
           "<x:is><x:t>末</x:t></x:is></x:c>")
    members["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", f'<row r="9">{far}</row></sheetData>').encode()
    path = tmp_path / "前缀.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    p = parse_file(path)
    assert p.refused and "有数据的列达到16384列（最远到单元格XFD9）" in p.message, p.message
