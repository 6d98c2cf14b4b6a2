"""Issue 19, item 10: scope applies to the import history, to the refusal of a link and to the preview."""

from __future__ import annotations

from ledgerboard import auth, upload
from ledgerboard.importer import Options
from ledgerboard.store import Store
from tests.conftest import CORE, ROOT
from tests.test_auth_pages import PASSWORD, app, login, real_db  # noqa: F401  (real_db: the fixture)


def test_import_history_of_a_scoped_account_lists_its_township_only(core_store):
    everything = upload.history(core_store)
    assert {"甲镇", "乙乡"} <= set(everything["乡镇"])
    jia = upload.history(core_store, scope=auth.Scope(township="甲镇"))
    assert len(jia) == (everything["乡镇"] == "甲镇").sum() > 0
    assert set(jia["乡镇"]) == {"甲镇"}
    assert upload.history(core_store, scope=auth.Scope(county="乙县")).empty


def test_a_file_of_another_township_is_refused_in_the_preview(core_store):
    auth.create_account(core_store, "admin", "admin", PASSWORD, by="test")
    jia = auth.create_account(core_store, "jia", "analyst", PASSWORD, by="admin", township="甲镇")
    data = (CORE / "households_2019_乙乡.xlsx").read_bytes()
    fp = upload.preview_file(core_store, "households_2019_乙乡.xlsx", data, Options(), accept=auth.import_check(jia))
    assert fp.parsed.refused and not fp.ok
    assert "您的账号只能导入甲镇的台账，整个文件未导入" in fp.parsed.message
    assert fp.replacement is None and upload.replacement_text(fp) is None      # nothing said about 乙乡's households
    own = upload.preview_file(core_store, "households_2019_甲镇.xlsx", (CORE / "households_2019_甲镇.xlsx").read_bytes(),
                              Options(), accept=auth.import_check(jia))
    assert own.ok and own.replacement is not None


def test_upload_page_of_a_scoped_analyst_offers_no_import_for_another_township_and_shows_its_own_history(real_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    at.run()
    login(at, "jia")
    at.file_uploader[0].set_value([("households_2019_乙乡.xlsx", (CORE / "households_2019_乙乡.xlsx").read_bytes(),
                                    "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("您的账号只能导入甲镇的台账" in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "up_commit"]                 # 导入 is never offered
    assert not [w for w in at.warning if "将替换" in w.value]
    history = at.dataframe[-1].value
    assert set(history["乡镇"]) == {"甲镇"}


def test_a_link_to_a_village_of_another_township_does_not_name_that_township(real_db):
    at = login(app(year=2019, village="三村"), "jia")          # 三村 is in 乙乡
    assert not at.exception, [e.value for e in at.exception]
    shown = [m.value for kind in ("warning", "error", "info", "caption", "markdown") for m in getattr(at, kind)]
    assert any("其中没有链接中的“三村”" in m for m in shown), shown
    assert not any("乙乡" in m for m in shown), [m for m in shown if "乙乡" in m]
    s = Store(real_db)
    try:
        assert auth.get_account(s, "jia").township == "甲镇"
    finally:
        s.close()
