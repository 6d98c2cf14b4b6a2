"""The column mapping of the 数据上传 preview: unmapped columns counted and highlighted, suggestions, a required
field left unmapped blocking the import, and 撤销 asking first (ledgerboard.upload and the page in AppTest)."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from ledgerboard import upload
from ledgerboard.importer import Options, import_file, parse_file
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from tests.conftest import upload_page_as_admin
from tests.test_importer_messy import ROSTER
from tests.test_upload_page import INCOME, NEEDS_MAPPING

SUGGESTED = "人均纯收入（元）"
BLOCKED = ("“花名册_需手动对应_2019.xlsx”不能导入：贫困户台账必须有“户主身份证号”列，但现在没有任何列对应“户主身份证号”。"
           "请在下面的“列对应”中把C列“证件号码”改回“成员证件号码”（自动识别的对应），然后再导入。")


def test_unmapped_columns_their_suggestion_and_the_dropdown_order():
    p = parse_file(NEEDS_MAPPING)
    chosen = upload.default_choices(p)
    assert [i["header"] for i in upload.unmapped_items(p, chosen)] == [INCOME]
    assert upload.counts_text(p, unmapped=1) == "读取9行，可导入9行，有误0行，未对应1列（4户、9人）"
    assert upload.suggested_choices(p, chosen) == {INCOME: SUGGESTED}
    assert upload.unmapped_text(p, chosen) == f"未对应1列，这些列的数据不会导入：J列“{INCOME}”（像是“{SUGGESTED}”）。"
    # 不导入 and the suggestion first, then the fields no column has, then those taken (成员姓名 … by B–I).
    order = upload.option_order(p, chosen, INCOME)
    assert order[:4] == [upload.NOT_IMPORTED, SUGGESTED, "年度", "县"]
    assert order[-9:] == ["行政村", "家庭人口数（人）", "贫困户属性", "主要致贫原因", "脱贫状态", "脱贫年度", "与户主关系",
                          "成员姓名", "成员证件号码"]
    assert sorted(order) == sorted(upload.field_choices("households"))
    chosen[INCOME] = SUGGESTED
    assert upload.unmapped_items(p, chosen) == [] and upload.unmapped_text(p, chosen) is None
    assert upload.suggested_choices(p, chosen) == {}


def test_a_required_field_left_unmapped_blocks_with_what_to_do():
    p = parse_file(NEEDS_MAPPING)
    chosen = upload.default_choices(p)
    assert upload.blocked_text(NEEDS_MAPPING.name, p, chosen) is None
    chosen["证件号码"] = upload.NOT_IMPORTED
    assert upload.missing_required(p, chosen) == ["户主身份证号"]
    assert upload.blocked_text(NEEDS_MAPPING.name, p, chosen) == BLOCKED


def test_wide_sheet_table_marks_unmapped_rows():
    p = parse_file(NEEDS_MAPPING)
    frame = upload.mapping_frame(p)
    assert list(frame.columns) == ["列", "原表头", "对应字段", "提示"]
    assert frame["提示"].tolist() == [""] * 9 + [f"未对应，建议：{SUGGESTED}"]
    styles = upload.highlight_unmapped(frame)._compute().ctx
    assert {(r, c) for (r, c), css in styles.items() if css} == {(9, 1), (9, 3)}      # 原表头 and 提示 of row J
    chosen = {**upload.default_choices(p), INCOME: SUGGESTED}
    assert upload.mapping_frame(p, chosen)["提示"].tolist() == [""] * 10


def test_warnings_and_errors_tables_have_whole_row_numbers_and_no_none():
    p = parse_file(ROSTER)
    w = upload.warnings_frame(p)
    assert str(w["行号"].dtype) == "Int64"
    hidden = w[w["提示"] == "工作表“旧版花名册”是隐藏的，已忽略"]
    assert hidden["行号"].isna().all()
    assert {22, 23} <= set(w["行号"].dropna().tolist())      # 合计行, 说明行: whole numbers, not 22.0
    assert "None" not in w.astype(str).to_string() and "None" not in upload.errors_frame(p).astype(str).to_string()


def test_undo_plan_names_what_goes_and_what_comes_back(store):
    first = import_file(store, ROSTER)
    second = import_file(store, ROSTER, opts=Options())
    assert upload.undo_plan(store, second["batch_id"]) == (
        True, "撤销将删除“花名册_青松镇_2019.xlsx”导入的3户，并恢复被替换的数据：“花名册_青松镇_2019.xlsx”此前导入的3户。")
    assert upload.undo_plan(store, first["batch_id"]) == (
        False, "不能撤销：“花名册_青松镇_2019.xlsx”的数据已被之后的导入替换。请先撤销之后那次导入，再撤销本次。")
    upload.undo_batch(store, second["batch_id"])
    assert upload.undo_plan(store, first["batch_id"]) == (True, "撤销将删除“花名册_青松镇_2019.xlsx”导入的3户；没有被替换的数据需要恢复。")


# The page ------------------------------------------------------------------------------------
@pytest.fixture
def page(app_db):
    at = upload_page_as_admin(app_db)       # the upload page asks for a login once an admin exists (issue 13)
    at.file_uploader[0].set_value([(NEEDS_MAPPING.name, NEEDS_MAPPING.read_bytes(), "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _status(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**贫困户台账**"))


def test_page_highlights_counts_and_applies_the_suggestion(page):
    at = page
    assert _status(at) == "**贫困户台账** · 读取9行，可导入9行，有误0行，未对应1列（4户、9人）"
    key = f"map::{NEEDS_MAPPING.name}::{INCOME}"
    box = at.selectbox(key=key)
    assert box.label == f":orange-background[**J列“{plain(INCOME)}” · 未对应**]"
    assert box.value == upload.NOT_IMPORTED and box.options[:2] == [upload.NOT_IMPORTED, SUGGESTED]
    assert at.selectbox(key=f"map::{NEEDS_MAPPING.name}::姓名").label == "B列“姓名”"
    assert plain(f"未对应1列，这些列的数据不会导入：J列“{INCOME}”（像是“{SUGGESTED}”）。") in [w.value for w in at.warning]

    at.button(key=f"accept::{NEEDS_MAPPING.name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=key).value == SUGGESTED
    assert at.selectbox(key=key).label == f"J列“{plain(INCOME)}”"
    assert _status(at) == "**贫困户台账** · 读取9行，可导入9行，有误0行，未对应0列（4户、9人）"
    assert list(at.dataframe[0].value["人均纯收入"]) == [2500.0, 5000.0, 3000.0, 2000.0]
    assert not any(b.key and b.key.startswith("accept::") for b in at.button)
    assert all(d.proto.placeholder == "" for d in at.dataframe)     # missing cells show empty, not "None"


def test_page_blocks_the_import_of_an_unmapped_required_field(page):
    at = page
    assert at.button(key="up_commit")
    at.selectbox(key=f"map::{NEEDS_MAPPING.name}::证件号码").set_value(upload.NOT_IMPORTED).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert plain(BLOCKED) in errors and plain("暂不能导入，请先处理：" + BLOCKED) in errors
    assert not [b for b in at.button if b.key == "up_commit"]
    assert not at.dataframe or "户主姓名" not in at.dataframe[0].value.columns    # no sample of rows it cannot import
    at.selectbox(key=f"map::{NEEDS_MAPPING.name}::证件号码").set_value("成员证件号码").run()
    assert not at.error and at.button(key="up_commit")


def test_page_undo_asks_first_and_can_be_cancelled(page, app_db):
    at = page
    at.button(key="up_commit").click().run()
    undo = next(b for b in at.button if b.key and b.key.startswith("undo-"))
    batch = undo.key.removeprefix("undo-")
    undo.click().run()
    plan = plain("撤销将删除“花名册_需手动对应_2019.xlsx”导入的4户，并恢复被替换的数据：示例数据。")
    assert plan in [w.value for w in at.warning]
    at.button(key=f"undo-no-{batch}").click().run()
    assert plan not in [w.value for w in at.warning]
    assert _states(app_db) == ["有效"]
    at.button(key=f"undo-{batch}").click().run()
    at.button(key=f"undo-yes-{batch}").click().run()
    assert [s.value for s in at.success] == [plain("已撤销“花名册_需手动对应_2019.xlsx”的导入，数据已恢复到导入之前。")]
    assert _states(app_db) == ["已撤销"]


def _states(path) -> list[str]:
    store = Store(path)
    try:
        return upload.history(store)["状态"].tolist()
    finally:
        store.close()


def test_page_wide_sheet_gets_one_highlighted_table(app_db, tmp_path):
    """A sheet wider than MAPPING_DROPDOWNS columns: one table, its unmapped row marked, the count in the status."""
    wb = Workbook()
    ws = wb.active
    extra = [f"指标{n}" for n in range(upload.MAPPING_DROPDOWNS)]
    ws.append(["年度", "户主姓名", "身份证号", "家庭总人口", "主要致贫原因", "脱贫状态", *extra])
    ws.append([2019, "张三", "11010519491231002X", 3, "因病", "未脱贫", *range(len(extra))])
    path = tmp_path / "宽表.xlsx"
    wb.save(path)
    at = upload_page_as_admin(app_db)
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), "application/vnd.ms-excel")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _status(at) == f"**贫困户台账** · 读取1行，可导入1行，有误0行，未对应{len(extra) + 1}列（1户）"
    assert not [s for s in at.selectbox if s.key and s.key.startswith("map::")]
    listed = "、".join(f"{chr(ord('G') + n)}列“指标{n}”" for n in range(11))      # a dozen named, then 等
    assert plain(f"未对应31列，这些列的数据不会导入：D列“家庭总人口”（像是“家庭人口数（人）”）、{listed}等31列。") in [
        w.value for w in at.warning]
    at.button(key=f"accept::{path.name}").click().run()
    assert _status(at) == f"**贫困户台账** · 读取1行，可导入1行，有误0行，未对应{len(extra)}列（1户）"
    assert pd.api.types.is_integer_dtype(upload.warnings_frame(parse_file(path))["行号"])
