"""数据上传: templates, upload, dry-run preview with mapping correction, import, history with undo."""

import hashlib
import json

import streamlit as st

from ledgerboard import audit, auth, ui, upload
from ledgerboard.fields import catalog
from ledgerboard.importer import Options
from ledgerboard.sanitize import shown
from ledgerboard.templates import cached_template, template_file_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
store = ui.get_store()
st.title("数据上传")
account = ui.require("upload")     # the first-admin form, the login form or a refusal otherwise
state = st.session_state
state.setdefault("up_round", 0)       # a new uploader after each import
state.setdefault("up_cache", {})

st.caption("上传本单位已有的台账（Excel、WPS、CSV均可），先预检、核对列对应，再导入。导入可在下方历史中撤销。")
ui.demo_note()
# File names, sheet names and cells are the uploader's text: shown as typed, never as Markdown.
for line in state.pop("up_messages", []):
    (st.success if line.startswith("已") or "已导入" in line else st.warning)(shown(line))
for i, (note, note_year, note_county, note_township) in enumerate(state.get("up_audit", [])):    # kept until the next import
    st.info(shown(note), icon=":material/fact_check:")
    ui.page_button("查看疑点、下载疑点清单", "pages/audit.py", key=f"up-audit-{i}", year=note_year, county=note_county,
                   township=note_township)

with st.expander("下载空白模板"):
    kinds = list(catalog().kinds.items())
    cols = [c for _ in range(0, len(kinds), 4) for c in st.columns(4)]     # four a row (eight kinds)
    for col, (key, kind) in zip(cols, kinds):
        # Written once per process (eight workbooks take about a second), served as plain files: a click needs no
        # rerun and no deferred request (a deferred download could be lost to a rerun on a loaded server).
        col.download_button(kind.label, cached_template(key), file_name=template_file_name(key),
                            mime=XLSX, key=f"tpl-{key}", width="stretch", on_click="ignore")

c = st.columns([1, 1, 1, 1, 1])
kind = upload.kind_options()[c[0].selectbox("台账类型", list(upload.kind_options()), key="up_kind")]
year = c[1].number_input("年度（表中没有时使用）", min_value=2000, max_value=2100, value=None, step=1, key="up_year")
county = c[2].text_input("县（表中没有时使用）", key="up_county").strip() or None
township = c[3].text_input("乡镇（表中没有时使用）", key="up_township").strip() or None
c[4].text_input("操作人（记入导入历史）", value=account.username, disabled=True, key="up_user")
whole = st.checkbox("替换整个乡镇（同乡镇中本次文件里没有的村，其该年度数据一并删除）", value=False, key="up_whole_township")
if not account.scope.unbounded:
    st.caption(shown(f"您的账号只能导入{account.scope.label}的台账；含其他地区数据的文件将整个不导入，并列出这些行。"))
files = st.file_uploader("选择台账文件（可多选）", type=["xlsx", "xlsm", "xls", "csv"], accept_multiple_files=True,
                         key=f"up_files_{state.up_round}")


def preview(name: str, data: bytes, overrides: dict, file_kind: str | None = None) -> upload.FilePreview:
    """Dry run of one file, kept per (file, options, corrections) for this session. `file_kind`: the kind the analyst
    chose for a file whose kind was not recognised."""
    key = (name, hashlib.sha256(data).hexdigest(), kind, year, county, township, whole,
           json.dumps(overrides, sort_keys=True), file_kind)
    if key not in state.up_cache:
        bar = st.progress(0.0, text=f"正在读取“{shown(name)}”…") if len(data) > 1_000_000 else None
        opts = Options(kind=file_kind or kind, year=int(year) if year else None, county=county, township=township,
                       overrides=overrides, choose_kind=file_kind is not None,
                       progress=(lambda f, t: bar.progress(min(f, 1.0), text=shown(t))) if bar else None)
        # A file outside the account's scope is refused here, before 导入 is offered.
        state.up_cache[key] = upload.preview_file(store, name, data, opts, replace_township=whole,
                                                  accept=auth.import_check(account))
        if bar:
            bar.empty()
    return state.up_cache[key]


def accept_suggestions(name: str, suggested: dict[str, str]) -> None:
    """采用建议: the suggested fields become the choices (before the widgets are drawn again)."""
    for header, label in suggested.items():
        state[f"map::{name}::{header}"] = label
    state[f"mapaccept::{name}"] = {**state.get(f"mapaccept::{name}", {}), **suggested}


previews, blocked = [], []
for f in files or []:
    data = f.getvalue()
    auto = preview(f.name, data, {})
    st.subheader(f":material/description: {shown(f.name)}")
    file_kind = None
    if auto.parsed.refused and auto.parsed.kind_unclear:
        # A header was found but no kind fits it: the analyst says which ledger it is, then maps its columns.
        st.warning(shown(auto.parsed.message), icon=":material/help:")
        st.info(shown(upload.unclear_kind_text(auto.parsed)))
        label = st.selectbox("这是哪一类台账？", list(upload.kind_choices()), index=None, placeholder="请选择台账类型",
                             key=f"up_file_kind::{f.name}")
        if label is None:
            continue
        file_kind = upload.kind_choices()[label]
        auto = preview(f.name, data, {}, file_kind)
    if auto.parsed.refused:
        st.error(shown(auto.parsed.message))
        continue
    items = upload.mapping_items(auto.parsed)
    defaults = {**upload.default_choices(auto.parsed), **state.get(f"mapaccept::{f.name}", {})}
    # A dropdown per column up to a few dozen columns; a wider sheet gets one table of dropdowns
    # (hundreds of widgets would take the browser minutes to draw).
    as_table = len(items) > upload.MAPPING_DROPDOWNS
    if as_table:
        chosen = upload.choices_from_edits(upload.mapping_frame(auto.parsed, defaults), state.get(f"maptable::{f.name}"))
    else:
        chosen = {i["header"]: state.get(f"map::{f.name}::{i['header']}", defaults[i["header"]]) for i in items}
    unmapped = upload.unmapped_items(auto.parsed, chosen)
    if reason := upload.blocked_text(f.name, auto.parsed, chosen):
        fp = None
    else:
        overrides = upload.overrides_from_choices(auto.parsed, chosen)
        fp = preview(f.name, data, overrides, file_kind)
        fp.confirmed = bool(overrides or file_kind or fp.parsed.layout)
        reason = fp.parsed.message if fp.parsed.refused else None
    p = fp.parsed if fp and not fp.parsed.refused else auto.parsed
    if reason:
        blocked.append(reason)
    else:
        previews.append(fp)
    st.markdown(f"**{upload.kind_label(p.kind)}** · {upload.counts_text(p, unmapped=len(unmapped))}")
    st.caption(shown(f"{upload.header_rows_text(p)}。{upload.sources_text(p)}"))
    if text := upload.era_columns_text(p):
        st.caption(shown(text))
    if text := upload.layout_text(auto.parsed):
        st.info(shown(text), icon=":material/bookmark:")
    if reason:
        st.error(shown(reason), icon=":material/block:")
    elif text := upload.replacement_text(fp):
        st.warning(shown(text))
    with st.expander("列对应（原表头 → 系统字段，可修改）", expanded=True):
        if text := upload.unmapped_text(auto.parsed, chosen):
            st.warning(shown(text), icon=":material/warning:")
        if text := upload.kept_aside_text(auto.parsed, chosen):
            st.caption(shown(text))
        if suggested := upload.suggested_choices(auto.parsed, chosen):
            st.button(f"采用建议（{len(suggested)}列）", key=f"accept::{f.name}", on_click=accept_suggestions,
                      args=(f.name, suggested), help=shown("；".join(f"“{h}”→{label}" for h, label in suggested.items())))
        if as_table:
            st.data_editor(upload.highlight_unmapped(upload.mapping_frame(auto.parsed, chosen, shown=True)),
                           key=f"maptable::{f.name}", hide_index=True, width="stretch", disabled=["列", "原表头", "提示"],
                           column_config={"对应字段": st.column_config.SelectboxColumn(options=list(upload.field_choices(p.kind)),
                                                                                   required=True)})
        else:
            st.caption("下拉框中可输入字词筛选；建议的字段和还没有列对应的字段排在前面。橙色为未对应（不导入）的列。")
        grid = st.columns(4) if not as_table else []
        missing = {i["header"] for i in unmapped}
        for n, i in enumerate(items if not as_table else []):
            label = f"{i['column']}列“{shown(i['header'])}”"
            if i["header"] in missing:
                label = f":orange-background[**{label} · 未对应**]"
            key = f"map::{f.name}::{i['header']}"
            state.setdefault(key, chosen[i["header"]])
            grid[n % 4].selectbox(label, upload.option_order(auto.parsed, chosen, i["header"]), key=key)
    sample = None if reason else upload.sample_frame(p)     # blocked: no rows "as they will be stored"
    if sample is not None and not sample.empty:
        st.markdown("导入后的前几行（姓名、证件号码、电话号码已隐藏）：")
        st.dataframe(sample, hide_index=True, width="stretch", placeholder="")
    if p.errors:
        st.markdown(f"**有误的行**（{p.rows_rejected}行，不会导入）：")
        st.dataframe(upload.errors_frame(p), hide_index=True, width="stretch", placeholder="")
        if fp:
            # Built on click for an account still allowed to upload (it holds the file's rows), and logged.
            ui.download_button("下载错误清单（Excel，标出原表中的错误行）", lambda fp=fp: upload.errors_xlsx(fp),
                               upload.errors_file_name(f.name), key=f"err-{f.name}", need="upload")
    if p.warnings:
        with st.expander(f"提示（{len(p.warnings)}条）"):
            st.dataframe(upload.warnings_frame(p), hide_index=True, width="stretch", placeholder="")

if blocked:
    st.error(shown("暂不能导入，请先处理：" + " ".join(blocked)), icon=":material/block:")
elif any(fp.ok for fp in previews):
    if st.button("导入", type="primary", key="up_commit"):
        with st.spinner("正在导入…"):
            state.up_messages = upload.commit_previews(store, previews, imported_by=account.username,
                                                       accept=auth.import_check(account), address=ui.client_address())
            state.up_messages += upload.remember_layouts(store, previews, account.username)
            state.up_audit = audit.import_notes(store, [fp.parsed for fp in previews])
        st.cache_data.clear()
        state.up_cache = {}
        state.up_round += 1
        for key in [k for k in state if str(k).startswith(("mapaccept::", "up_file_kind::"))]:
            del state[key]      # suggestions taken for these files, not for the next upload
        st.rerun()

st.divider()
st.subheader("导入历史")
hist = upload.history(store, scope=account.scope)     # a scoped analyst sees the imports of their area only
if hist.empty:
    st.info("还没有导入过台账。", icon=":material/info:")
else:
    st.dataframe(hist.drop(columns=["batch_id"]), hide_index=True, width="stretch", placeholder="")
    undoable = hist[(hist["状态"] == "有效") & hist["操作人"].map(lambda by: auth.may_undo(account, by))]
    for _, row in undoable.head(10).iterrows():
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(shown(f"{row['导入时间']} · {row['文件']} · {row['台账类型']} · 导入{row['导入行数']}行"))
        if right.button("撤销", key=f"undo-{row['batch_id']}"):
            state.up_confirm = row["batch_id"]
        if state.get("up_confirm") != row["batch_id"]:
            continue
        # 撤销 says what it removes and what comes back, and waits for a second click.
        can, plan = upload.undo_plan(store, row["batch_id"])
        with st.container(border=True):
            (st.warning if can else st.error)(shown(plan))
            yes, no, _ = st.columns([1, 1, 4])
            if can and yes.button("确认撤销", type="primary", key=f"undo-yes-{row['batch_id']}"):
                done, message = upload.undo_batch(store, row["batch_id"], account=account, address=ui.client_address())
                state.up_messages = [message]
                state.up_confirm = None
                if done:
                    st.cache_data.clear()
                    state.up_cache = {}
                st.rerun()
            if no.button("取消", key=f"undo-no-{row['batch_id']}"):
                state.up_confirm = None
                st.rerun()
