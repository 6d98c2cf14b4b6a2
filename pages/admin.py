"""管理: accounts, settings, the audit log, and looking up one person's full name and ID number with a reason."""

import datetime as dt

import streamlit as st

from ledgerboard import auditlog, auth, layouts, monitoring, ui
from ledgerboard.sanitize import plain

account = ui.require("accounts")
store = ui.get_store()
address = ui.client_address()
st.title("管理")
for kind, text in st.session_state.pop("admin_messages", []):
    getattr(st, kind)(plain(text))      # names the account as typed: plain text


def done(text: str) -> None:
    st.session_state["admin_messages"] = [("success", text)]
    st.rerun()


accounts_tab, settings_tab, log_tab, reveal_tab = st.tabs(["账号", "设置", "操作日志", "查看个人信息"])
roles = {label: key for key, label in auth.ROLES.items()}

with accounts_tab:
    frame = auth.accounts_frame(store)
    st.dataframe(frame.rename(columns={"username": "账号", "display_name": "姓名", "role": "角色", "county": "县",
                                       "township": "乡镇", "external_id": "统一身份认证账号", "active": "启用",
                                       "created_at": "创建时间", "created_by": "创建人", "has_password": "已设密码"})
                 .assign(角色=lambda d: d["角色"].map(auth.ROLES)), hide_index=True, width="stretch", placeholder="—")
    st.caption("查看：所有分析页面，不显示任何个人信息；填报：上传台账、撤销本人的导入、查看脱敏户表；"
               "管理：账号、设置、撤销任何导入、因工作需要查看个人完整信息（记入日志）。县、乡镇留空表示不限。")
    with st.form("new_account", clear_on_submit=True):
        st.markdown("**新建账号**")
        c = st.columns(3)
        username = c[0].text_input("账号", key="new_username")
        display_name = c[1].text_input("姓名", key="new_display_name")
        role = c[2].selectbox("角色", list(roles), index=2, key="new_role")
        c = st.columns(3)
        county = c[0].text_input("县（留空：不限）", key="new_county")
        township = c[1].text_input("乡镇（留空：不限）", key="new_township")
        external_id = c[2].text_input("统一身份认证账号（邮箱，可不填）", key="new_external_id")
        c = st.columns(2)
        password = c[0].text_input(f"初始密码（至少{auth.MIN_PASSWORD}位；只用统一身份认证或单点登录时留空）",
                                   type="password", key="new_password")
        again = c[1].text_input("再次输入密码", type="password", key="new_again")
        if st.form_submit_button("新建账号", type="primary"):
            try:
                if password != again:
                    raise auth.AuthError("两次输入的密码不一致。")
                auth.create_account(store, username, roles[role], password or None, by=account.username, county=county,
                                    township=township, display_name=display_name, external_id=external_id,
                                    address=address)
                done(f"已新建账号“{username.strip()}”。")
            except auth.AuthError as exc:
                st.error(plain(str(exc)))

    if not frame.empty:
        st.markdown("**修改账号**")
        name = st.selectbox("选择账号", list(frame["username"]), key="edit_username")
        current = auth.get_account(store, name)
        with st.form("edit_account"):
            c = st.columns(3)
            e_display = c[0].text_input("姓名", value=current.display_name or "", key=f"edit_display-{name}")
            e_role = c[1].selectbox("角色", list(roles), index=list(roles.values()).index(current.role), key=f"edit_role-{name}")
            e_external = c[2].text_input("统一身份认证账号", value=current.external_id or "", key=f"edit_ext-{name}")
            c = st.columns(3)
            e_county = c[0].text_input("县", value=current.county or "", key=f"edit_county-{name}")
            e_township = c[1].text_input("乡镇", value=current.township or "", key=f"edit_township-{name}")
            e_password = c[2].text_input("新密码（不改则留空）", type="password", key=f"edit_password-{name}")
            c = st.columns(3)
            save = c[0].form_submit_button("保存修改", type="primary")
            toggle = c[1].form_submit_button("停用账号" if current.active else "启用账号")
            locked = auth.locked_until(store, name)
            release = c[2].form_submit_button("解除登录锁定", disabled=locked is None,
                                              help=f"连续{auth.MAX_FAILURES}次登录失败，锁定到{locked:%H:%M}" if locked else None)
        if locked:
            st.caption(f"该账号连续{auth.MAX_FAILURES}次登录失败，已锁定到{locked:%H:%M}；重设密码或点“解除登录锁定”即可解除。")
        try:
            if save:
                auth.update_account(store, name, account.username, roles[e_role], e_county, e_township, e_display,
                                    e_external, address=address)
                if e_password:
                    auth.set_password(store, name, e_password, account.username, address=address)
                done(f"已保存账号“{name}”。")
            if release:
                auth.unlock(store, name, account.username, address=address)
                done(f"已解除账号“{name}”的登录锁定。")
            if toggle:
                auth.set_active(store, name, not current.active, account.username, address=address)
                done(f"已{'停用' if current.active else '启用'}账号“{name}”。")
        except auth.AuthError as exc:
            st.error(plain(str(exc)))

with settings_tab:
    choices = auth.setting_choices(store)
    with st.form("settings"):
        values = {key: st.selectbox(label, choices[key], index=choices[key].index(store.setting(key))
                                    if store.setting(key) in choices[key] else 0, key=f"setting-{key}")
                  for key, label in auth.SETTINGS.items()}
        if st.form_submit_button("保存设置", type="primary"):
            for key, value in values.items():
                auth.change_setting(store, account, key, value, address)
            st.cache_data.clear()     # every figure that uses the poverty line or the exit threshold
            done("已保存设置，各页面的贫困线和出列标准已更新。")


    st.markdown("**防止返贫监测范围**（人均纯收入，元/人·年）")
    st.caption("由各省每年确定。未设置的年度，需要它的指标显示“未设置监测范围”，不会套用其他年份或默认值。"
               "适用地区选“全部县”即库中所有县；某县另有标准时单独设置，以该县的为准。")
    st.dataframe(monitoring.lines_frame(store), hide_index=True,
                 column_config={"监测范围（元）": st.column_config.NumberColumn(format="localized")})
    with st.form("monitoring_line"):
        c = st.columns(3)
        line_year = c[0].number_input("年度", min_value=monitoring.REGIME_START, max_value=2035,
                                      value=dt.date.today().year - 1, step=1, key="ml_year")
        regions = [monitoring.ALL_REGIONS, *[c for c in store.counties() if c]]
        line_region = c[1].selectbox("适用地区", regions, format_func=monitoring.region_label, key="ml_region")
        line_yuan = c[2].number_input("监测范围（元；填0为清除）", min_value=0.0, max_value=999999.0, step=100.0,
                                      format="%.0f", key="ml_yuan")
        if st.form_submit_button("保存监测范围", type="primary"):
            text = monitoring.change_line(store, account.username, int(line_year), line_yuan or None, line_region,
                                          address)
            st.cache_data.clear()     # every figure that counts households below the line
            done(text)

with log_tab:
    c = st.columns(4)
    user = c[0].text_input("账号", key="log_user")
    action_label = c[1].selectbox("操作", ["全部", *auditlog.ACTIONS.values()], key="log_action")
    since = c[2].date_input("起始日期", value=dt.date.today() - dt.timedelta(days=30), key="log_since")
    until = c[3].date_input("截止日期", value=dt.date.today(), key="log_until")
    action = next((k for k, v in auditlog.ACTIONS.items() if v == action_label), None)
    entries = auditlog.entries(store, username=user.strip() or None, action=action,
                               since=dt.datetime.combine(since, dt.time()) if since else None,
                               until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None)
    st.caption(f"共{len(entries):,}条（最多显示1,000条）。日志只能追加，不能修改或删除。")
    st.dataframe(auditlog.display_frame(entries), hide_index=True, width="stretch", placeholder="—")

with reveal_tab:
    st.caption("因工作需要核对某人的完整姓名和身份证号时使用。每次查看都会连同理由记入操作日志。")
    query = st.text_input("姓名或身份证号（完整）", key="reveal_query").strip()
    if query:
        people = auth.find_people(store, account, query)
        if people.empty:
            st.info(plain(f"在您的数据范围（{account.scope.label}）内没有找到“{query}”。"))
        else:
            labels = [f"{r.year}年 {r.township or ''}{r.village or ''} {r.name_masked} {r.id_masked}（{r.relation}）"
                      for r in people.itertuples()]
            pick = st.selectbox("选择要查看的人", range(len(labels)), format_func=labels.__getitem__, key="reveal_pick")
            reason = st.text_input("查看理由（必填，记入日志）", key="reveal_reason")
            if st.button("查看完整信息", type="primary", key="reveal_go"):
                try:
                    shown = auth.reveal(store, account, people.iloc[pick].to_dict(), reason, address)
                except auth.AuthError as exc:
                    st.error(plain(str(exc)))
                else:
                    st.success(plain(f"姓名：{shown['name']}　身份证号：{shown['id_number']}（本次查看已记入操作日志）"))

st.divider()
with st.expander("保存的列对应方式（上传时按表头自动套用）"):
    st.caption("分析员确认过的对应方式（台账类型、表头行、每列对应的字段、不导入的列）按表头保存；"
               "以后上传表头完全相同的文件时自动套用，表头有任何一列不同都不会套用。")
    saved = layouts.frame_rows(store)
    if not saved:
        st.info("还没有保存的对应方式。", icon=":material/info:")
    else:
        st.dataframe(saved, hide_index=True, width="stretch")
        names = [row["名称"] for row in saved]
        c = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
        picked = c[0].selectbox("选择对应方式", names, key="layout_pick")
        new_name = c[1].text_input("新名称", key="layout_new_name")
        try:
            if c[2].button("改名", key="layout_rename"):
                layouts.rename(store, picked, new_name)
                done(plain(f"已把对应方式“{picked}”改名为“{new_name.strip()}”。"))
            if c[3].button("删除", key="layout_delete"):
                layouts.delete(store, picked)
                done(plain(f"已删除对应方式“{picked}”。"))
        except layouts.LayoutError as exc:
            st.error(plain(str(exc)))
