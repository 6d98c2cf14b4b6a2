"""Issue 19, items 5, 9 and 11: every string from a file or a user is plain text (no automatic link either),
ID- and phone-shaped text is masked wherever a file name or header is shown, and the audit log stores what users
typed bounded and with control characters escaped."""

from __future__ import annotations

import re

import pytest

from ledgerboard import auditlog, auth, upload
from ledgerboard.importer import Options
from ledgerboard.sanitize import WORD_JOINER, plain
from ledgerboard.store import Store
from tests.conftest import upload_page_as_admin
from tests.fixtures.make_messy import valid_id
from tests.test_hostile import cli, households

# What Markdown makes of plain()'s output once its backslash escapes are resolved, and the literal-autolink
# patterns GFM then finds in that text (mdast-util-gfm-autolink-literal: findUrl, findEmail).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
_GFM_EMAIL = re.compile(r"(?:^|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def rendered_text(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown)


@pytest.mark.parametrize("text", ["http://host/phish村", "[点我](http://host/t)镇", "HTTPS://host/x", "访问www.host.cn",
                                  "WWW.HOST.CN村", "联系 a.b@host.cn", "<http://host/a>", "http\\://host/b"])
def test_plain_text_has_no_autolink_and_reads_as_typed(text):
    shown = rendered_text(plain(text))
    assert not _GFM_URL.search(shown), shown
    assert not _GFM_EMAIL.search(shown), shown
    assert shown.replace(WORD_JOINER, "") == text           # the reader sees exactly what was typed


def test_the_autolink_patterns_would_find_the_unbroken_text():
    """Not vacuous: without the word joiner the same escaped text is a link."""
    assert _GFM_URL.search(rendered_text(plain("http://host/phish村")).replace(WORD_JOINER, ""))
    assert _GFM_EMAIL.search(rendered_text(plain("联系 a.b@host.cn")).replace(WORD_JOINER, ""))


# 9 · ID- and phone-shaped text in file names, headers and name cells -------------------------------
PERSON_ID = valid_id(931)
PHONE = "13912345678"
FILE_NAME = f"户台账_{PERSON_ID}.xlsx"         # e.g. a cadre's file named after a household head's ID number
HEADER = f"联系人{PHONE}"                        # an unmapped column whose header is a phone number


def numbered_ledger(tmp_path):
    rows = [[2019, "青松镇", "一村", "张三", valid_id(932), 3, "因病", "未脱贫", 3000, "x"],
            [2019, "青松镇", "一村", PHONE, valid_id(933), 2, "因残", "已脱贫", 5000, "y"],
            [2019, "青松镇", "一村", PERSON_ID, valid_id(934), 2, "因残", "已脱贫", 5000, "z"]]
    return households(tmp_path / FILE_NAME, rows, extra=[HEADER])


def test_a_name_cell_that_is_an_id_or_phone_number_is_a_row_error(store, tmp_path):
    fp = upload.preview_file(store, FILE_NAME, numbered_ledger(tmp_path).read_bytes(), Options(county="测试县"))
    assert (fp.parsed.rows_imported, fp.parsed.rows_rejected) == (1, 2)
    errors = upload.errors_frame(fp.parsed)
    assert list(errors["行号"]) == [3, 4] and set(errors["列"]) == {"户主姓名"}
    assert "139****5678" in errors["问题"].iloc[0] and "像是身份证号或电话号码" in errors["问题"].iloc[0]
    assert PHONE not in errors.to_string() and PERSON_ID not in errors.to_string()


def test_numbers_in_file_names_and_headers_are_masked_on_the_page_history_and_log(app_db, tmp_path):
    at = upload_page_as_admin(app_db)
    data = numbered_ledger(tmp_path).read_bytes()
    at.file_uploader[0].set_value([(FILE_NAME, data, "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]

    def page_text() -> str:
        parts = [e.value for kind in ("markdown", "caption", "subheader", "warning", "error", "info", "success")
                 for e in getattr(at, kind)]
        parts += [str(s.label) for s in at.selectbox] + [d.value.to_string() for d in at.dataframe]
        return "\n".join(parts)
    text = page_text()
    assert "联系人139\\*\\*\\*\\*5678" in text or "联系人139****5678" in text     # the header, shown masked
    assert PERSON_ID[:6] in text                                                 # the file name is shown, masked
    assert PERSON_ID not in text and PHONE not in text
    at.button(key="up_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text()
    assert "已导入" in text and PERSON_ID not in text and PHONE not in text      # messages and 导入历史
    s = Store(app_db)
    try:
        log = auditlog.entries(s, action="import")
        assert len(log) == 1 and PERSON_ID[:6] in log["target"].iloc[0] and PERSON_ID not in log["target"].iloc[0]
    finally:
        s.close()


def test_the_cli_prints_file_names_masked(tmp_path):
    from tests.conftest import with_admin

    path = numbered_ledger(tmp_path)
    db = with_admin(tmp_path / "cli.duckdb")
    for json_flag in ((), ("--json",)):
        r = cli("import", str(path), "--county", "测试县", "--db", db, "--dry-run", *json_flag)
        assert r.returncode == 0, r.stderr
        assert PERSON_ID[:6] in r.stdout and PERSON_ID not in r.stdout and PHONE not in r.stdout, r.stdout


# 11 · the audit log keeps typed text bounded and escaped ------------------------------------------
def test_a_user_name_with_newlines_cannot_forge_log_lines_and_a_huge_one_is_cut(store):
    auth.create_account(store, "admin", "admin", "secret-123", by="test")
    forged = "x\n2026-12-01 09:00:00\tadmin\tlogin\t\t本机"
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(store, forged, "wrong")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(store, "y" * 1_000_000, "wrong")
    names = list(auditlog.entries(store, action="login_failed")["username"])
    assert names[1] == "x\\n2026-12-01 09:00:00\\tadmin\\tlogin\\t\\t本机"
    assert names[0] == "y" * 64 + "…（共1,000,000字）"
    with pytest.raises(auth.AuthError, match="控制字符"):
        auth.create_account(store, "a\nb", "viewer", "secret-123", by="admin")


def test_log_bounds_and_masks_targets(store):
    auditlog.record(store, "download", "admin", target="表\r\n" + "长" * 600, area=f"村{PHONE}", reason=None)
    row = auditlog.entries(store).iloc[0]
    assert row["target"].startswith("表\\r\\n长") and row["target"].endswith("…（共603字）")
    assert len(row["target"]) == auditlog.LIMITS["target"] + len("…（共603字）")
    assert row["area"] == "村139****5678"


# 12 · a NUL byte near the start of a real CSV --------------------------------------------------
def test_a_csv_with_a_nul_in_its_first_4kb_is_read_as_a_csv(tmp_path):
    from ledgerboard.importer import parse_file

    lines = ["年度,乡镇,行政村,总人口,农业户籍人口", "2019,青松\x00镇,一村,120,100", "2019,青松镇,二村\x00,90,80"]
    for name in ("村.csv", "村.xls"):          # a CSV export saved as .xls is text too
        path = tmp_path / name
        path.write_bytes("\n".join(lines).encode("utf-8"))
        p = parse_file(path)
        assert not p.refused, p.message
        assert [(r["township"], r["village"], r["agri_population"]) for r in p.records["villages"]] == [
            ("青松镇", "一村", 100), ("青松镇", "二村", 80)]
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("\n".join(lines).replace("\x00", "").encode("utf-16-le"))
    assert "不是文本格式的CSV文件" in parse_file(utf16).message       # NULs in every other byte: not a text CSV
