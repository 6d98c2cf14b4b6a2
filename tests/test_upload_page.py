"""数据上传: the package functions behind it (ledgerboard.upload) and the page itself in AppTest."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from ledgerboard import upload
from ledgerboard.importer import Options
from ledgerboard.indicators import Area, metrics
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from tests.conftest import upload_page_as_admin
from tests.fixtures.make_messy import MAP, QS
from tests.test_importer_messy import MESSY, ROSTER

NEEDS_MAPPING = MESSY / "花名册_需手动对应_2019.xlsx"
INCOME = "全年家庭人均收入（元）"


def preview(store, path, **opts) -> upload.FilePreview:
    return upload.preview_file(store, path.name, path.read_bytes(), Options(**opts))


def test_preview_texts_and_masked_sample(store):
    fp = preview(store, ROSTER)
    p = fp.parsed
    assert upload.counts_text(p) == "读取14行，可导入6行，有误8行（3户、6人）"
    assert upload.header_rows_text(p) == "工作表“花名册”表头在第3–4行（花名册：每人一行）"
    assert upload.sources_text(p) == "工作表“花名册”：年度取自标题行，乡镇取自标题行，村取自“行政村”列"
    sample = upload.sample_frame(p)
    assert list(sample["行号"]) == [7, 10, 13]
    assert list(sample["户主姓名"]) == ["张**", "王*", "孙*"]
    assert sample["户主身份证号"][0] == QS["a1"][:6] + "********" + QS["a1"][-4:]
    assert sample["是否危房（未导入）"].fillna("").tolist() == ["否", "", "是"]
    # an empty cell is missing (the page shows it empty), never the text "None"; years stay whole numbers
    assert sample["脱贫年度"].astype(object).tolist() == [pd.NA, 2019, 2018] and str(sample["脱贫年度"].dtype) == "Int64"
    assert "None" not in sample.astype(str).to_string()
    flat = sample.astype(str).to_string()
    assert all(QS[k] not in flat for k in ("a1", "b1", "c1")) and "张大山" not in flat


def test_mapping_frame_and_overrides_from_choices(store):
    p = preview(store, NEEDS_MAPPING).parsed
    m = upload.mapping_frame(p)
    assert m.loc[m["原表头"] == INCOME, "对应字段"].item() == upload.NOT_IMPORTED
    assert m.loc[m["原表头"] == "姓名", "对应字段"].item() == "成员姓名"
    chosen = dict(zip(m["原表头"], m["对应字段"]))
    assert upload.overrides_from_choices(p, chosen) == {}
    chosen[INCOME] = "人均纯收入（元）"
    assert upload.overrides_from_choices(p, chosen) == {"*": {INCOME: "income_per_capita"}}


def test_replacement_text_names_the_earlier_file(store):
    from ledgerboard.importer import import_file

    import_file(store, ROSTER)
    fp = preview(store, ROSTER)
    assert upload.replacement_text(fp) == (
        "将替换 一村、二村 2019年的 3 户（可在导入历史中撤销）。")


def test_error_workbook_marks_rejected_rows_in_original_row_numbers(store):
    fp = preview(store, ROSTER)
    wb = load_workbook(io.BytesIO(upload.errors_xlsx(fp)))
    assert wb.sheetnames == ["错误清单", "标注_花名册"]
    listing = list(wb["错误清单"].iter_rows(values_only=True))
    assert listing[0] == ("工作表", "行号", "列", "问题")
    assert [r[1] for r in listing[1:]] == [14, 15, 16, 17, 18, 19, 20, 21]
    marked = wb["标注_花名册"]
    red = {r for r in range(1, marked.max_row + 1) if marked.cell(r, 1).fill.fgColor.rgb.endswith("F8CBAD")}
    assert red == {14, 15, 16, 17, 18, 19, 20, 21}
    assert marked.cell(13, 5).value == "孙七"                   # same row numbers as the original
    assert marked.cell(4, 18).value == "错误原因"
    assert marked.cell(21, 18).value == "证件号码与工作表“花名册”第8行重复"
    assert upload.errors_file_name("花名册_青松镇_2019.xlsx") == "花名册_青松镇_2019_错误清单.xlsx"


def test_commit_history_and_undo_refused_when_replaced(store):
    first = preview(store, ROSTER)
    assert upload.commit_previews(store, [first, preview(store, MESSY / "工资表.xlsx")]) == [
        "“花名册_青松镇_2019.xlsx”已导入贫困户台账：读取14行，导入6行，有误8行（3户、6人）。",
        "“工资表.xlsx”未导入：" + preview(store, MESSY / "工资表.xlsx").parsed.message,
    ]
    second = preview(store, ROSTER)
    assert upload.commit_previews(store, [second], imported_by="张科员")[0].endswith("，替换原有3行。")
    h = upload.history(store)
    assert list(h["文件"]) == ["花名册_青松镇_2019.xlsx"] * 2
    assert list(h["操作人"]) == ["张科员", "数据上传页"] and list(h["状态"]) == ["有效", "有效"]
    done, message = upload.undo_batch(store, h["batch_id"][1])
    assert not done and message.startswith("“花名册_青松镇_2019.xlsx”未撤销：该批次的数据已被之后的导入替换")
    assert upload.undo_batch(store, h["batch_id"][0]) == (True, "已撤销“花名册_青松镇_2019.xlsx”的导入，数据已恢复到导入之前。")
    assert upload.history(store)["状态"].tolist() == ["已撤销", "有效"]


# The page ------------------------------------------------------------------------------------
@pytest.fixture
def page(app_db):
    return upload_page_as_admin(app_db)     # imports need an admin (issue 13)


def test_page_offers_templates_and_kind_choice(page):
    assert page.title[0].value == "数据上传"
    assert page.selectbox(key="up_kind").options == ["自动识别", "贫困户台账", "村基本情况", "扶贫项目台账", "帮扶措施台账",
                                                     "区域汇总表", "监测对象信息", "户信息", "务工信息"]
    assert [b.label for b in page.get("download_button")][:8] == [
        "贫困户台账", "村基本情况", "扶贫项目台账", "帮扶措施台账", "区域汇总表", "监测对象信息", "户信息", "务工信息"]
    assert page.file_uploader[0].accept_multiple_files
    assert page.text_input(key="up_county").label == "县（表中没有时使用）"
    assert page.checkbox(key="up_whole_township").value is False      # replacing a whole township is explicit
    assert any("示例数据" in i.value for i in page.info)


def test_page_upload_correct_mapping_import_and_undo(page, app_db):
    at = page
    store = Store(app_db)
    demo_households = metrics(store, 2019, Area(township="青松镇"))["registered_households"]
    store.close()
    assert demo_households > 4
    at.file_uploader[0].set_value([
        (NEEDS_MAPPING.name, NEEDS_MAPPING.read_bytes(), "application/vnd.ms-excel"),
        ("工资表.xlsx", (MESSY / "工资表.xlsx").read_bytes(), "application/vnd.ms-excel"),
    ]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "**贫困户台账** · 读取9行，可导入9行，有误0行，未对应1列（4户、9人）" in [m.value for m in at.markdown]
    # A header but no kind: what was found is said, and the analyst may choose the kind (issue 24).
    assert any(w.value.startswith("无法识别文件“工资表.xlsx”") for w in at.warning)
    assert at.selectbox(key="up_file_kind::工资表.xlsx").value is None
    key = f"map::{NEEDS_MAPPING.name}::{INCOME}"
    assert at.selectbox(key=key).value == upload.NOT_IMPORTED
    frame = at.dataframe[0].value
    assert f"{INCOME}（未导入）" in frame.columns and "人均纯收入" not in frame.columns
    at.selectbox(key=key).set_value("人均纯收入（元）").run()
    assert "**贫困户台账** · 读取9行，可导入9行，有误0行，未对应0列（4户、9人）" in [m.value for m in at.markdown]
    frame = at.dataframe[0].value
    assert list(frame["人均纯收入"]) == [2500.0, 5000.0, 3000.0, 2000.0]
    assert MAP["m1"] not in frame.astype(str).to_string()

    assert plain("库中现在只有示例数据，导入后示例数据将全部移除，只保留本单位导入的台账（可在导入历史中撤销）。") in [
        w.value for w in at.warning]

    at.button(key="up_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # File names are shown as plain text: their Markdown characters (the "_") come escaped.
    assert [s.value for s in at.success] == [plain(
        "“花名册_需手动对应_2019.xlsx”已导入贫困户台账：读取9行，导入9行，有误0行（4户、9人）。"), plain(
        "已保存“花名册_需手动对应_2019.xlsx”的对应方式为“花名册_需手动对应_2019”：下次上传表头相同的文件时将按此对应"
        "（可在“管理”页改名或删除）。")]     # the corrected mapping is remembered (issue 24)
    store = Store(app_db)
    m = metrics(store, 2019, Area(township="青松镇"))
    assert (m["registered_households"], m["registered_population"], m["income_per_capita_mean"]) == (4, 9, 2944.44)
    assert not store.is_demo()
    store.close()

    undo = [b for b in at.button if b.key and b.key.startswith("undo-")]
    assert len(undo) == 1
    undo[0].click().run()
    at.button(key=f"undo-yes-{undo[0].key.removeprefix('undo-')}").click().run()
    assert [s.value for s in at.success] == [plain("已撤销“花名册_需手动对应_2019.xlsx”的导入，数据已恢复到导入之前。")]
    store = Store(app_db)
    assert store.is_demo() and metrics(store, 2019, Area(township="青松镇"))["registered_households"] == demo_households
    store.close()


def test_one_upload_of_village_files_is_one_undo_and_the_township_checkbox_is_explicit(store):
    """A township kept as one workbook per village: uploaded together they add up, and 撤销 undoes them as one."""
    from ledgerboard.importer import import_file
    from tests.test_areas_import import CORRECTED, JIA, PER_VILLAGE, households_by_place, state

    import_file(store, JIA)
    before = state(store)
    previews = [preview(store, p) for p in PER_VILLAGE]
    assert upload.replacement_text(previews[0]) == "一村 2019年在库中还没有数据，将新增（可在导入历史中撤销）。"
    lines = upload.commit_previews(store, previews, imported_by="张科员")
    assert len(lines) == 4 and all("已导入" in line for line in lines)
    assert metrics(store, 2019, Area("甲县", "甲镇"))["registered_households"] == 5
    hist = upload.history(store)
    assert list(hist["县"][:4]) == ["甲县"] * 4
    kept = preview(store, CORRECTED)
    assert upload.replacement_text(kept) == (
        "将替换 一村 2019年的 2 户；同乡镇其他村（三村、二村、四村）保持不变（可在导入历史中撤销）。")
    whole = upload.preview_file(store, CORRECTED.name, CORRECTED.read_bytes(), Options(), replace_township=True)
    assert upload.replacement_text(whole) == (
        "将替换 一村 2019年的 2 户；同乡镇其他村（三村、二村、四村）的 3 户将一并删除（替换整个乡镇）（可在导入历史中撤销）。")
    assert upload.undo_plan(store, hist.loc[1, "batch_id"]) == (True, (
        "撤销将删除“甲镇_四村.xlsx”导入的1户、“甲镇_三村.xlsx”导入的1户、“甲镇_二村.xlsx”导入的1户、“甲镇_一村.xlsx”导入的2户"
        "（同一次上传的文件一并撤销）；没有被替换的数据需要恢复。"))
    done, message = upload.undo_batch(store, hist.loc[1, "batch_id"])
    assert done and message.startswith("已撤销同一次上传的4个文件")
    assert state(store) == before and households_by_place(store) == {("甲县", "青松镇", "青松村"): 3,
                                                                      ("甲县", "青松镇", "白岩村"): 2}
