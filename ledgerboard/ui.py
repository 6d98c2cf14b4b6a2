"""The one module that imports Streamlit: shared filters, the store, caching and chart helpers."""

from __future__ import annotations

import datetime as dt
import html
import json
import threading
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pandas as pd
import streamlit as st

from ledgerboard import analysis, auditlog, auth, exports, figures, formats, numbers
from ledgerboard.drill import ALL      # the sidebar's "no filter" option, defined once
from ledgerboard.indicators import Area, UnknownArea, resolve_area
from ledgerboard.sanitize import plain
from ledgerboard.store import Store, StoreBusy


@dataclass(frozen=True)
class Filters:
    """The sidebar's choice: a year and one place (ledgerboard.area.Area), with the place's real name."""
    year: int | None
    area: Area
    area_label: str          # 示例县, 甲县青松镇, 全市 … (Store.area_label)
    # What a link asked for and could not be shown (?year=2030, an unknown township): Chinese sentences.
    link_notes: tuple[str, ...] = ()

    @property
    def county(self) -> str | None:
        return self.area.county

    @property
    def township(self) -> str | None:
        return self.area.township

    @property
    def village(self) -> str | None:
        return self.area.village


@st.cache_resource(show_spinner="正在打开数据库…")
def _open_store() -> Store:
    """One read-write connection per process."""
    return Store(wait=STORE_WAIT)


_DEMO_LOCK = threading.Lock()
_STARTED: set[int] = set()      # the stores (by id) this process has checked: the demo loads on first start only


def _first_start(store: Store) -> None:
    """On first start with an empty store, load the demo (about 10 s) with a Chinese progress bar; a second
    session arriving meanwhile waits for the first one's import instead of starting its own."""
    if id(store) in _STARTED:
        return
    placeholder = st.empty()
    with _DEMO_LOCK:
        if id(store) in _STARTED or not store.is_empty():
            _STARTED.add(id(store))
            return
        from ledgerboard.cli import load_demo

        with placeholder.container():
            st.title("扶贫台账看板")
            st.info("第一次启动：正在准备示例数据（虚构的示例县），约需十几秒至半分钟，完成后自动显示总览。",
                    icon=":material/hourglass_top:")
            bar = st.progress(0.0, text="正在准备示例数据…")

        def progress(done: int, total: int, name: str | None) -> None:
            text = f"正在导入示例台账（{done + 1}/{total}）：{name}" if name else "正在汇总各年度、各村的数字…"
            bar.progress(min(done / max(total, 1), 1.0) * 0.9 + (0.0 if name else 0.05), text=text)

        load_demo(store, progress=progress)
        _STARTED.add(id(store))
    placeholder.empty()


STORE_WAIT = 5.0    # seconds to wait for a command-line import that holds the store


def get_store() -> Store:
    """The store; while another process (a command-line import) holds it, a Chinese page that asks
    to reload in a moment (a failed open is not cached, so the reload opens it)."""
    try:
        store = _open_store()
        _first_start(store)
        return store
    except StoreBusy:
        st.title("扶贫台账看板")
        st.warning("数据库正被另一个程序（如命令行导入）使用，暂时无法打开。导入完成后即可恢复："
                   "请稍候片刻，再点“重新加载”或刷新本页。", icon=":material/hourglass_top:")
        st.button("重新加载", key="store-busy-reload", type="primary")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(func_path: str, version: str, args: tuple, kwargs: tuple):
    module, name = func_path.rsplit(".", 1)
    return getattr(import_module(module), name)(get_store(), *args, **dict(kwargs))


def cached(func, *args, **kwargs):
    """func(store, *args, **kwargs), cached per (function, parameters, data version)."""
    return _cached(f"{func.__module__}.{func.__qualname__}", get_store().data_version(), args, tuple(sorted(kwargs.items())))


def _query(store: Store, name: str, **params) -> pd.DataFrame:
    return store.query(name, **params)


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result, cached per data version."""
    return cached(_query, name, **params)


def _area_label(store: Store, area: Area) -> str:
    return store.area_label(area)


def _resolve_village_link(several: bool) -> str | None:
    """A link that names a village without its township (?village=新村), or a place without its county in a store of
    several counties (?township=西乡), gets the places it belongs to; a name found in several places is an error
    message listing them (never a merge)."""
    params = st.query_params
    village, township, county = params.get("village"), params.get("township"), params.get("county")
    if not ((village and not township) or (several and (township or village) and not county)):
        return None
    try:
        area = cached(resolve_area, None, township, village, county)
    except UnknownArea as exc:
        return str(exc)
    from ledgerboard import drill
    st.session_state.update(drill.widget_state(area))
    return None


# One user action, one browser-history entry. Streamlit 1.67 pushes an entry for every page_info_changed message
# (one per bound widget set from Python: a drill sets 县, 乡镇 and 村) and one for every page switch, and
# switch_page(query_params={}) pushes the emptied query first; Back then needed several presses and stopped on
# half-applied filters. Here a push is kept only as the first one after a click, tap or key press; the later
# pushes of the same action replace that entry, so Back returns to the page and filters the user came from.
HISTORY_JS = """<script>
(function () {
  if (window.__lbHistory) return;
  window.__lbHistory = true;
  let armed = false;
  const arm = () => { armed = true; };
  ["pointerdown", "touchstart", "keydown"].forEach(t => window.addEventListener(t, arm, true));
  window.addEventListener("popstate", () => { armed = false; }, true);
  const push = window.history.pushState.bind(window.history);
  const replace = window.history.replaceState.bind(window.history);
  // A new page opens at its top (Streamlit keeps the scroll position of the page the click came from).
  const toTop = function (url) {
    let path = null;
    try { path = new URL(url, window.location.href).pathname; } catch (e) { return; }
    if (path === window.location.pathname) return;
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTop = 0;
    window.scrollTo(0, 0);
  };
  window.history.pushState = function (state, title, url) {
    toTop(url);
    if (armed) { armed = false; return push(state, title, url); }
    return replace(state, title, url);
  };
})();
</script>"""


# Phones: the sidebar (pages and filters) opens from a button labelled 筛选与页面 (Streamlit's is an unlabelled »), and
# closes by itself once a filter or page is chosen, which on a phone it would otherwise keep covering.
PHONE_SIDEBAR = """<style>
[data-testid="stExpandSidebarButton"] { width: auto !important; padding: 0 .7rem 0 .4rem !important;
  border: 1px solid #1f5fa8 !important; border-radius: .5rem !important; color: #1f5fa8 !important; }
[data-testid="stExpandSidebarButton"]::after { content: "筛选与页面"; font-size: 1rem; margin-left: .2rem; }
</style>
<script>
(function () {
  if (window.__lbPhoneSidebar) return;
  window.__lbPhoneSidebar = true;
  const expand = document.querySelector('[data-testid="stExpandSidebarButton"]');
  if (expand) expand.setAttribute("aria-label", "筛选与页面");
  // plotly turns a tap into a click only on the point it hovers already, so a first tap on a bar only showed
  // its tooltip: hover the touched point first, and the same tap drills.
  document.addEventListener("touchstart", function (e) {
    const t = e.touches && e.touches[0];
    if (!t || !(e.target.closest && e.target.closest(".js-plotly-plot"))) return;
    const under = document.elementFromPoint(t.clientX, t.clientY);
    if (under) under.dispatchEvent(new MouseEvent("mousemove", {clientX: t.clientX, clientY: t.clientY, bubbles: true}));
  }, true);
  document.addEventListener("click", function (e) {
    if (window.innerWidth > 640) return;
    if (!e.target.closest('[role="option"], [data-testid="stSidebarNavLink"]')) return;
    setTimeout(function () {
      const bar = document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]');
      const close = bar && bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 300);
  }, true);
})();
</script>"""


def sidebar_filters() -> Filters:
    """年度 / 县 / 乡镇 / 村 in the sidebar, kept across pages and in the URL (?year=&county=&township=&village=).

    The 县 filter appears only when the store holds several counties; a township is then chosen within a county.
    Only the places of the account's scope are offered, and the chosen area passes through auth.scoped_area.
    """
    scope = current_scope()
    years = [int(y) for y in query("years")["year"]]
    counties = [c for c in query("counties")["county"] if isinstance(c, str)]
    if scope.county:
        counties = [c for c in counties if c == scope.county]
    several = len(counties) > 1
    link = {k: st.query_params.get(k) for k in ("year", "county", "township", "village")}
    problem = _resolve_village_link(several)
    with st.sidebar:
        st.html(HISTORY_JS + PHONE_SIDEBAR, unsafe_allow_javascript=True)
        st.markdown("### 筛选")
        default = cached(analysis.default_year, tuple(years))
        year = st.selectbox("年度", years, index=years.index(default) if years else None, key="year",
                            bind="query-params", persist_state="session",
                            help=f"打开时显示{default}年：过半数村仍有未脱贫户的最近一年（之后几年多数村已无贫困户，"
                                 "图中几乎全为0）。可选择其他年度。" if default != max(years, default=None) else None
                            ) if years else None
        county = None
        if several:
            chosen = st.selectbox("县", [ALL, *counties], key="county", bind="query-params", persist_state="session")
            county = None if chosen == ALL else chosen
        elif scope.county:
            county = scope.county
        towns = query("townships", county=county)
        townships = list(dict.fromkeys(towns["township"])) if (county or not several) else []
        if not scope.unbounded:
            allowed = cached(_scope_townships, scope.county, scope.township)
            _refuse_out_of_scope_link(scope, allowed)
            townships = [t for t in townships if t in allowed]
        choices = townships if scope.township is not None else [ALL, *townships]
        township = st.selectbox("乡镇", choices, key="township", bind="query-params",
                                persist_state="session", disabled=several and county is None,
                                help="先选择县，再选择乡镇" if several and county is None else None)
        t = None if township == ALL or not townships else township
        villages = list(query("villages_of_township", county=county, township=t)["village"]) if t else []
        village = st.selectbox("村", [ALL, *villages], key="village", bind="query-params",
                               persist_state="session", disabled=t is None,
                               help="先选择乡镇，再选择村" if t is None else None)
    if t is not None and county is None and not several:
        # One county (or none named): the township's county completes the key.
        county = next((c for c in towns.loc[towns["township"] == t, "county"] if isinstance(c, str)), None)
    requested = Area(county=county, township=t, village=None if (village == ALL or t is None) else village)
    area = auth.scoped_area(scope, requested)
    label = cached(_area_label, area)
    notes = ((problem,) if problem else ()) + link_notes(link, year, area, label, skip_village=problem is not None,
                                                             counties=counties)
    f = Filters(year=year, area=area, area_label=label, link_notes=notes)
    follow_drill(f)
    return f


def link_notes(link: dict, year: int | None, area: Area, label: str, skip_village: bool = False,
               counties: list[str] = ()) -> tuple[str, ...]:
    """What of a link's ?year=&county=&township=&village= the filters could not take (no such year or place),
    as Chinese sentences, so that a wrong link is not silently shown as something else."""
    notes = []
    if len(counties) == 1 and link.get("county") == counties[0]:
        link = {**link, "county": None}        # the store's only county: nothing to choose, nothing ignored
    if link.get("year") and link["year"] != str(year):
        notes.append(f"链接中的年度“{link['year']}”没有数据，已改为显示{year}年。")
    shown = {"county": area.county, "township": area.township, "village": area.village}
    names = {"county": "县", "township": "乡镇", "village": "村"}
    for key in ("county", "township", "village"):
        if key == "village" and (skip_village or not link.get("township")):
            continue        # a village link without its township is resolved (or refused) by _resolve_village_link
        if link.get(key) and link[key] != shown[key]:
            notes.append(f"链接中的{names[key]}“{link[key]}”没有找到，已忽略，现显示{label}。")
            break           # the levels below an unknown place are not checked
    return tuple(notes)


def _scope_townships(store: Store, county: str | None, township: str | None) -> list[str]:
    return auth.townships_in_scope(store, auth.Scope(county, township))


def _refuse_out_of_scope_link(scope: auth.Scope, townships: list[str]) -> None:
    """A link or an earlier choice that names a township outside the account's scope is refused (and forgotten)."""
    asked = st.query_params.get("township")
    remembered = st.session_state.get("township")
    for value in (asked, remembered):
        if value and value != ALL and value not in townships:
            st.error(plain(f"您的账号只能查看{scope.label}的数据，无法打开“{value}”。已改为显示{scope.label}。"),
                     icon=":material/block:")
            break
    if asked and asked != ALL and asked not in townships:
        del st.query_params["township"]
        st.query_params.pop("village", None)
    if remembered and remembered not in townships:
        st.session_state.pop("township", None)
        st.session_state.pop("village", None)


def filters() -> Filters:
    """The shared filters the router put in the session for this run."""
    f = st.session_state.get("filters")
    if f is None:
        # A fresh server's first request for /<page> may run the page file without the router
        # (Streamlit's legacy pages-folder mode, chosen because pages/ exists). Switch to
        # st.navigation and run again, so deep links work from the first request.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return f


def page(title: str) -> Filters:
    """A dashboard page's head: title, the demo note, and a stop with a hint when there is no data yet."""
    f = filters()
    page_styles()
    st.title(title)
    for note in f.link_notes:           # they quote the link, which anyone can write
        st.warning(plain(note), icon=":material/link_off:")
    demo_note()
    if f.year is None:
        st.warning("还没有任何台账数据。请到“数据上传”页导入台账。")
        st.stop()
    return f


def demo_note() -> None:
    if cached(_is_demo):
        st.info("当前显示的是**示例数据**（虚构的示例县），用于演示。到“数据上传”页导入本单位台账后，示例数据将自动移除。",
                icon=":material/info:")


def _is_demo(store: Store) -> bool:
    return store.is_demo()


def source_line(kind_label: str = "建档立卡台账") -> str:
    store = get_store()
    when = store.query_rows("store/data_version")[0][1]
    date = str(when)[:10] if when else dt.date.today().isoformat()
    prefix = "示例数据" if cached(_is_demo) else kind_label
    return f"数据来源：{prefix}，导入于{date}"


# plotly.js as bundled by Streamlit has no locales: the zh-CN one goes along in every chart's config.
PLOTLY_ZH_CN = json.loads(Path(__file__).with_name("plotly_zh_cn.json").read_text(encoding="utf-8"))


def plotly_config(file_name: str) -> dict:
    """Chinese toolbar and tooltips, the PNG button always visible, only the buttons leaders use."""
    return {
        "displaylogo": False,
        "displayModeBar": True,
        "locale": "zh-CN",
        "locales": {"zh-CN": PLOTLY_ZH_CN},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                                   "hoverCompareCartesian"],
        "toImageButtonOptions": {"format": "png", "filename": file_name, **figures.EXPORT_SIZE},
    }


def is_phone() -> bool:
    """The page is read on a phone (its browser says "Mobile": iPhone, Android phones; not tablets or desktops)."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobile" in agent and "iPad" not in agent


def chart(fig, file_name: str, key: str | None = None, on_select=None, selection_mode=None):
    """Render a figure with a presentation-size PNG download under a Chinese file name.

    On a phone the figure is laid out for a narrow screen (figures.phone_ready) and has no toolbar, which
    would cover the title; the PNG and the slides keep the full layout."""
    config = plotly_config(file_name)
    if is_phone():
        fig = figures.phone_ready(fig)
        config["displayModeBar"] = False
    kwargs = {}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    return st.plotly_chart(fig, key=key, config=config, theme=None, **kwargs)


# Rows a page table shows. Formatting each cell (separators, decimals, "—") costs about 0.15 ms, so a province's
# 21 000 villages took 3.5 s on every rerun; the download holds every row.
TABLE_ROWS = 1_000


def table_note(total: int) -> str:
    """'共21,000行，表中为前1,000行；全部行请下载表格（Excel）。' for a table longer than TABLE_ROWS; else ''."""
    return f"共{total:,}行，表中为前{TABLE_ROWS:,}行；全部行请下载表格（Excel）。" if total > TABLE_ROWS else ""


def table(df: pd.DataFrame, file_name: str, key: str | None = None) -> None:
    """A table (its first TABLE_ROWS rows) with the .xlsx download of every row (recorded in the audit log)."""
    # Thousands separators, fixed decimals and "—" for no data; the cells stay numbers for sorting.
    st.dataframe(formats.styled(df.head(TABLE_ROWS)), hide_index=True, width="stretch")
    if note := table_note(len(df)):
        st.caption(note)
    # The .xlsx is written only when the button is clicked: for 150 000 villages that takes seconds.
    st.download_button("下载表格（Excel）", lambda: exports.table_xlsx(df), file_name=f"{file_name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=key or f"dl-{file_name}", on_click=log_download, args=(f"{file_name}.xlsx",))


def top_note(total: int, shown: int, what: str, unit: str = "个村") -> str:
    """'共1,234个村，图中为贫困发生率最高的30个村。' when a chart shows only some of the area's villages; else ''."""
    return f"共{total:,}{unit}，图中为{what}的{shown}{unit}。" if total > shown else ""


def fmt_int(x, unit: str) -> str:
    return numbers.fmt_int(x, unit)


def fmt_num(x, unit: str, digits: int = 2) -> str:
    return numbers.fmt_num(x, unit, digits)


NOT_IMPORTED = "未导入"


def card_value(value: str, m: dict, key: str) -> str:
    """A KPI card's value: "未导入" where the figure is unknown because its ledger is missing, else the value."""
    return NOT_IMPORTED if m.get(key) is None and value == numbers.MISSING else value


def investment_label(f: Filters) -> str:
    """The project-funds card of a village counts every project touching it in full; elsewhere the area's total."""
    return "涉及项目总投资" if f.village else "项目总投资"


def coverage_notes(m: dict, *parts: str) -> None:
    """Under the cards: what the figures cover where it is incomplete, figures taken from the 区域汇总表,
    and 数据打架 between ledgers. Text from the ledgers (place names) is shown as plain text."""
    notes = [m["coverage"][p]["note"] for p in parts if m.get("coverage", {}).get(p, {}).get("note")]
    if m.get("sources"):
        notes.append("标注“区域汇总表”的指标没有明细台账，取自导入的区域汇总表。")
    if notes:
        st.caption(plain("数据覆盖：" + " ".join(notes)))
    if m.get("warnings"):
        st.warning("数据打架（各台账数字不一致，以明细台账为准）：\n\n" + "\n\n".join(
            plain(w["message"]) for w in m["warnings"]))


# Drill-down ------------------------------------------------------------------------------------
_DRILL_TO_VILLAGE = "_drill_to_village"


def _apply_drill(key: str) -> None:
    """on_select callback: the clicked bar's area becomes the sidebar filters (before widgets are drawn)."""
    from ledgerboard import drill
    target = drill.from_selection(st.session_state.get(key))
    if target is None:
        return
    st.session_state.update(drill.widget_state(target))
    if drill.opens_village(target):
        st.session_state[_DRILL_TO_VILLAGE] = True


def follow_drill(f: Filters) -> None:
    """After a click on a village's bar: open 村级详情 once the sidebar holds the village.

    Called with the router's filters, not by the chart: with a village chosen a page draws no "各村" chart, so a
    switch left to the chart would never happen. The filters are already set (and bound to the URL), and bound
    parameters cannot be passed to switch_page; the history entries this makes are merged by HISTORY_JS.
    """
    from ledgerboard import drill
    if st.session_state.pop(_DRILL_TO_VILLAGE, False) and f.village:
        st.switch_page(drill.VILLAGE_PAGE, query_params={})


def drill_chart(fig, file_name: str, key: str):
    """A chart whose bars drill down: a county's or township's bar filters to it, a village's bar opens the village view.

    The bars carry [county, township, village] in customdata (ledgerboard.drill.customdata).
    """
    f = st.session_state.get("filters")
    # A new key per filter state, so a drilled chart starts without the old selection.
    scoped = f"{key}-{f.county if f else ''}-{f.township if f else ''}-{f.village if f else ''}"
    return chart(fig, file_name, key=scoped, on_select=lambda: _apply_drill(scoped), selection_mode=("points",))


def _show_township() -> None:
    st.session_state["village"] = ALL


def one_village(f: Filters) -> None:
    """With a village chosen, an analysis page has no "各村" charts: it says so, links to 村级详情 and back to the
    township's villages."""
    from ledgerboard import drill
    if not f.village:
        return
    with st.container(border=True, key="one-village"):
        st.markdown(f"已选择**{plain(f.area_label)}**：下面是该村自己的数字和历年变化；"
                    f"户和项目明细见村级详情，与其他村对比请回到{plain(f.township or '')}各村。")
        with st.container(horizontal=True, gap="small"):
            if st.button(plain(f"打开{f.village}村级详情"), icon=":material/holiday_village:", type="primary",
                         key="one-village-open"):
                st.switch_page(drill.VILLAGE_PAGE, query_params={})
            st.button(plain(f"查看{f.township}各村"), icon=":material/arrow_upward:", key="one-village-up",
                      on_click=_show_township)


def empty(message: str) -> None:
    """A plain Chinese explanation where a chart has no data (shown as plain text: it names places)."""
    st.info(plain(message), icon=":material/info:")


# Meeting materials ------------------------------------------------------------------------------
# Streamlit adds its own "Fullscreen" button to plotly's toolbar, outside plotly's locale: its tooltip in Chinese.
# Printing a page (浏览器“打印”): no sidebar or toolbars, one chart per A4 landscape page.
PAGE_CSS = """<style>
.modebar-btn[data-title="Fullscreen"]:hover::after { content: "全屏" !important; }
.modebar-btn[data-title="Close fullscreen"]:hover::after { content: "退出全屏" !important; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stElementToolbar"], .modebar-container,
  [data-testid="stDownloadButton"], [data-testid="stPopover"], .lb-copy button { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin: 0 !important; padding: 0 !important;
    max-width: none !important; width: 100% !important; }
  [data-testid="stHorizontalBlock"] { display: block !important; }
  [data-testid="stColumn"] { width: 100% !important; max-width: 100% !important; }
  .stPlotlyChart { break-before: page; break-inside: avoid; page-break-inside: avoid; }
  [data-testid="stMetric"] { break-inside: avoid; }
}
</style>"""


# Printing: each chart scaled (CSS zoom) to fit one A4 landscape page, 273 × 186 mm ≈ 1032 × 703 CSS px less its
# caption; plotly draws at its screen size, so a wide or tall chart would otherwise be cut or split over pages.
PRINT_FIT_JS = """<script>
(function () {
  if (window.__lbPrintFit) return;
  window.__lbPrintFit = true;
  const charts = () => document.querySelectorAll(".stPlotlyChart");
  const fit = () => charts().forEach(el => {
    el.style.zoom = "";
    const svg = el.querySelector(".main-svg");      // the drawing, which may be wider than its box
    const r = (svg || el).getBoundingClientRect();
    const s = Math.min(1, 1000 / Math.max(r.width, 1), 640 / Math.max(r.height, 1));
    el.style.zoom = s < 1 ? String(s) : "";
  });
  const unfit = () => charts().forEach(el => { el.style.zoom = ""; });
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
  window.matchMedia("print").addEventListener("change", e => (e.matches ? fit() : unfit()));
})();
</script>"""


def page_styles() -> None:
    st.html(PAGE_CSS)
    st.html(PRINT_FIT_JS, unsafe_allow_javascript=True)


def copy_text(text: str, key: str) -> None:
    """A paragraph as normal text with a 复制 button that copies it (also over plain http, where the
    Clipboard API is missing: then the text is selected and copied with execCommand)."""
    safe = html.escape(text)
    st.html(f"""
<div class="lb-copy" id="lb-copy-{key}">
  <p class="lb-copy-text" style="font-size:1.05rem;line-height:1.9;margin:0 0 .5rem 0">{safe}</p>
  <button type="button" class="lb-copy-button" title="复制这段文字，粘贴到工作汇报中"
    style="border:1px solid #1f5fa8;color:#1f5fa8;background:white;border-radius:.4rem;padding:.25rem .9rem;
           font-size:.95rem;cursor:pointer">复制</button>
  <span class="lb-copy-done" style="margin-left:.6rem;color:#3a9a5b"></span>
</div>
<script>
(function () {{
  const root = document.getElementById("lb-copy-{key}");
  if (!root) return;
  const button = root.querySelector("button"), done = root.querySelector(".lb-copy-done");
  const text = root.querySelector(".lb-copy-text");
  button.onclick = async function () {{
    let ok = false;
    try {{ await navigator.clipboard.writeText(text.innerText); ok = true; }} catch (e) {{
      const range = document.createRange(); range.selectNodeContents(text);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }}
    }}
    done.textContent = ok ? "已复制" : "请选中文字后按 Ctrl+C 复制";
  }};
}})();
</script>""", unsafe_allow_javascript=True)


def pack_button(f: Filters) -> None:
    """汇报材料 for the page's year and area: one click builds and downloads the PPTX (the button spins while
    it builds); the Word draft and the ZIP of all chart PNGs beside it. Each download is in the audit log."""
    from ledgerboard import pack

    if f.year is None:
        return
    store = get_store()
    stem = f"{f.area_label}{f.year}年汇报材料"
    # The file is built when it is clicked, outside the script run (no session there): who asks is taken now,
    # from the account login_gate checked in this run (None for the demo visitor).
    account, address = st.session_state.get(_ACCOUNT), client_address()

    def build(fmt: str) -> bytes:
        data = pack.build(store, f.year, f.area, fmt)[1]
        auditlog.record(store, "download", account.username if account else None, target=f"{stem}.{fmt}",
                        area=f.area_label, address=address)
        return data

    with st.container(horizontal=True, gap="small"):
        for fmt, label, icon in (("pptx", "汇报材料（PPT）", ":material/slideshow:"),
                                 ("docx", "汇报材料初稿（Word）", ":material/description:"),
                                 ("zip", "全部图表和表格（ZIP）", ":material/folder_zip:")):
            st.download_button(
                label, lambda fmt=fmt: build(fmt), file_name=f"{stem}.{fmt}",
                mime=pack.FORMATS[fmt][1], icon=icon, type="primary" if fmt == "pptx" else "secondary",
                on_click="ignore", key=f"pack-{fmt}",
                help=plain(f"{f.year}年{f.area_label}：{pack.FORMATS[fmt][0]}，生成约需数秒"))


# Filtering charts and links that carry filters (精准核查) ----------------------------------------
_GO_TO_PAGE = "_go_to_page"


def _apply_filter(key: str) -> None:
    """on_select callback: the clicked bar's township/village become the sidebar filters; the page stays."""
    from ledgerboard import drill
    target = drill.from_selection(st.session_state.get(key))
    if target is not None:
        st.session_state.update(drill.widget_state(target))


def filter_chart(fig, file_name: str, key: str):
    """A chart whose bars (carrying [township, village] in customdata) filter this page to the clicked place."""
    f = st.session_state.get("filters")
    scoped = f"{key}-{f.township if f else ''}-{f.village if f else ''}"
    return chart(fig, file_name, key=scoped, on_select=lambda: _apply_filter(scoped), selection_mode=("points",))


def _go_with_filters(page: str, state: dict) -> None:
    st.session_state.update(state)
    st.session_state[_GO_TO_PAGE] = page


def page_button(label: str, page: str, key: str, year: int | None = None, county: str | None = None,
                township: str | None = None, village: str | None = None) -> None:
    """A button that sets the sidebar filters (年度/县/乡镇/村) and opens a page: a link into the dashboard's state."""
    from ledgerboard import drill
    if st.session_state.get(_GO_TO_PAGE) == page:
        st.session_state.pop(_GO_TO_PAGE)
        st.switch_page(page, query_params={})
    state = drill.widget_state(Area(county=county, township=township, village=village))
    if year is not None:
        state["year"] = year
    st.button(label, key=key, on_click=_go_with_filters, args=(page, state), icon=":material/fact_check:")


# Accounts, roles, scope ------------------------------------------------------------------------
_ACCOUNT = "account"               # session: the logged-in auth.Account
_SET_COOKIE = "_set_session_cookie"


def _remote_ip() -> str | None:
    """The browser's IP address; None for localhost (and outside a served app, e.g. in AppTest)."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else None


def client_address() -> str:
    """The browser's address for the audit log; 本机 for localhost."""
    return _remote_ip() or auditlog.LOCAL


def is_local() -> bool:
    return _remote_ip() is None


def oidc_providers() -> list[str | None]:
    """The OIDC providers .streamlit/secrets.toml sets up for st.login (none without a secrets file)."""
    from streamlit.errors import StreamlitSecretNotFoundError
    try:
        return auth.oidc_providers(st.secrets.to_dict())
    except StreamlitSecretNotFoundError:
        return []


def _identity_account(store: Store) -> tuple[auth.Account | None, str | None]:
    """The account the SSO proxy's header, the OIDC login or the session cookie stands for."""
    if auth.trusted_header_configured(st.get_option("server.trustedUserHeaders")):
        account = auth.account_for_header(store, st.user.to_dict())
        if account is not None:
            return account, "单点登录"
    if oidc_providers() and st.user.get("is_logged_in"):
        account = auth.account_for_identity(store, st.user.to_dict())
        if account is not None:
            return account, "统一身份认证"
    token = st.context.cookies.get(auth.SESSION_COOKIE)
    return auth.account_from_session(store, token if isinstance(token, str) else None), None


def current_account() -> auth.Account | None:
    """The logged-in account of this session (checked against the store on every run), None if nobody."""
    store = get_store()
    state = st.session_state
    account = state.get(_ACCOUNT)
    if account is not None:
        account = auth.still_valid(store, account)
    if account is None and not state.get("_logged_out"):
        account, method = _identity_account(store)
        if account is not None and method:
            auth.login_identity(store, account, method, client_address())
    if account is None:
        state.pop(_ACCOUNT, None)
    else:
        state[_ACCOUNT] = account
    return account


def viewer() -> auth.Account | None:
    """Who is looking: the account, the demo visitor on a demo-only store, or None (a login is needed)."""
    account = current_account()
    if account is not None:
        return account
    return None if auth.needs_login(get_store()) else auth.DEMO_VISITOR


def current_scope() -> auth.Scope:
    """The area the current account may see (unbounded for admins without a scope and the demo visitor)."""
    account = current_account()
    return account.scope if account is not None else auth.Scope()


def can(action: str) -> bool:
    return auth.can(viewer(), action)


def log_download(file_name: str) -> None:
    f = st.session_state.get("filters")
    account = viewer()
    auditlog.record(get_store(), "download", account.username if account else None, target=file_name,
                    area=f.area_label if f else None, address=client_address())


def _start_session(account: auth.Account) -> None:
    st.session_state[_ACCOUNT] = account
    st.session_state.pop("_logged_out", None)
    st.session_state[_SET_COOKIE] = auth.issue_session(get_store(), account)


def write_session_cookie() -> None:
    """Hand the browser the signed session cookie set at login (or clear it at logout), so a reload stays
    logged in until it expires. Streamlit only reads cookies, so a line of JavaScript writes it."""
    if _SET_COOKIE not in st.session_state:
        return
    token = st.session_state.pop(_SET_COOKIE)
    age = auth.SESSION_HOURS * 3600 if token else 0
    secure = "; Secure" if st.context.url and st.context.url.startswith("https") else ""
    with st.sidebar:
        st.html(f"<script>document.cookie = '{auth.SESSION_COOKIE}={token or ''}; path=/; max-age={age}; "
                f"SameSite=Strict{secure}';</script>", unsafe_allow_javascript=True, width="content")


def login_form(note: str | None = None, title: bool = True) -> None:
    """The login page: account and password, and the unit's OIDC login when .streamlit/secrets.toml sets one up."""
    store = get_store()
    if title:
        st.title("登录")
    if note:
        st.info(note, icon="🔒")
    for provider in oidc_providers():
        label = "使用统一身份认证登录" if provider is None else f"使用{provider}登录"
        if st.button(label, key=f"oidc-{provider}"):
            if provider is None:
                st.login()
            else:
                st.login(provider)
    if oidc_providers() and st.user.get("is_logged_in"):
        st.warning(plain(f"统一身份认证账号“{st.user.get('email') or st.user.get('preferred_username')}”还没有对应的"
                         "看板账号，请联系管理员开通。"))
    with st.form("login"):
        username = st.text_input("账号", key="login_username")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        try:
            account = auth.authenticate(store, username, password, client_address())
        except auth.LoginFailed as exc:
            st.error(str(exc))
            return
        _start_session(account)
        st.rerun()


def first_admin_form() -> None:
    """Create the first admin: only from this machine, or with the one-time code scripts/run.sh printed."""
    store = get_store()
    if get_store().is_demo():
        st.warning("导入本单位台账之前，需要先创建管理员账号。之后所有页面都需要登录才能查看正式数据。", icon="🔐")
    else:
        st.warning("库中已有正式台账，但还没有管理员账号。请先创建管理员账号，之后所有页面都需要登录才能查看。", icon="🔐")
    local = is_local()
    with st.form("first_admin"):
        st.markdown("**创建第一个管理员账号**")
        username = st.text_input("账号", key="first_admin_username")
        password = st.text_input(f"密码（至少{auth.MIN_PASSWORD}位）", type="password", key="first_admin_password")
        again = st.text_input("再次输入密码", type="password", key="first_admin_again")
        token = None if local else st.text_input("一次性设置码（scripts/run.sh 启动时显示）", key="first_admin_token")
        submitted = st.form_submit_button("创建管理员并登录", type="primary")
    st.caption("也可以在服务器上运行：.venv/bin/python -m ledgerboard user add 账号 --role admin")
    if submitted:
        if password != again:
            st.error("两次输入的密码不一致，请重新输入。")
            return
        try:
            account = auth.create_first_admin(store, username, password, local, token, client_address())
        except auth.AuthError as exc:
            st.error(str(exc))
            return
        _start_session(account)
        st.rerun()


def require(action: str) -> auth.Account:
    """A page's guard: the account if it may do `action`; otherwise the login form, the first-admin form
    or a refusal, and the page stops."""
    account = viewer()
    if auth.can(account, action):
        return account
    store = get_store()
    if account is None or account is auth.DEMO_VISITOR:
        if action in ("upload", "undo_own") and not auth.admin_exists(store):
            first_admin_form()
        else:
            login_form(f"此功能需要有“{auth.ACTION_LABELS[action]}”权限的账号，请先登录。", title=False)
        st.stop()
    st.error(plain(f"您的账号（{account.label}）没有“{auth.ACTION_LABELS[action]}”的权限。"), icon="🚫")
    st.stop()


def _login_page() -> None:
    if not auth.admin_exists(get_store()):
        # Real data from before accounts existed: the first admin is created here (this machine or the setup code).
        st.title("登录")
        first_admin_form()
        return
    login_form("本看板保存有建档立卡户的个人信息，请登录后查看。")


def login_pages(pages: list) -> list:
    """The login form under every page's address, so that a shared link opens its page after the login."""
    return [st.Page(_login_page, title=p.title, url_path=p.url_path or None, default=p.url_path == "")
            for p in pages]


def login_gate() -> auth.Account | None:
    """Before the router: who is looking. None when the store holds real data and nobody is logged in,
    in which case the app shows only the login page."""
    write_session_cookie()
    account = viewer()
    if account is not None:
        account_box(account)
    return account


def account_box(account: auth.Account) -> None:
    """The sidebar's who-am-I and logout."""
    with st.sidebar:
        if account is auth.DEMO_VISITOR:
            st.caption("当前为示例数据，无需登录。导入本单位台账前需先创建管理员账号。")
            return
        st.caption(f"当前用户：{plain(account.label)}  \n数据范围：{plain(account.scope.label)}")
        if st.button("退出登录", key="logout"):
            auth.logout(get_store(), account, client_address())
            st.session_state.pop(_ACCOUNT, None)
            st.session_state["_logged_out"] = True
            st.session_state[_SET_COOKIE] = ""
            if oidc_providers() and st.user.get("is_logged_in"):
                st.logout()
            st.rerun()
