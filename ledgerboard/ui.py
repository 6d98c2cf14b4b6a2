"""The one module that imports Streamlit: shared filters, the store, caching and chart helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

import pandas as pd
import streamlit as st

from ledgerboard import exports, figures
from ledgerboard.indicators import Area
from ledgerboard.store import Store

ALL = "全部"


@dataclass(frozen=True)
class Filters:
    year: int | None
    township: str | None
    village: str | None

    @property
    def area(self) -> Area:
        return Area(township=self.township, village=self.village)

    @property
    def area_label(self) -> str:
        if self.village:
            return f"{self.township or ''}{self.village}"
        return self.township or "全县"


@st.cache_resource(show_spinner="正在打开数据库…")
def get_store() -> Store:
    """One read-write connection per process; on first start with an empty store, load the demo."""
    store = Store()
    if store.is_empty():
        from ledgerboard.cli import load_demo
        load_demo(store)
    return store


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


def sidebar_filters() -> Filters:
    """年度 / 乡镇 / 村 in the sidebar, kept across pages and in the URL."""
    years = [int(y) for y in query("years")["year"]]
    townships = list(query("townships")["township"])
    with st.sidebar:
        st.markdown("### 筛选")
        year = st.selectbox("年度", years, key="year",
                            bind="query-params", persist_state="session") if years else None
        township = st.selectbox("乡镇", [ALL, *townships], key="township", bind="query-params",
                                persist_state="session")
        t = None if township == ALL else township
        villages = list(query("villages_of_township", township=t)["village"]) if t else []
        village = st.selectbox("村", [ALL, *villages], key="village", bind="query-params",
                               persist_state="session", disabled=t is None,
                               help="先选择乡镇，再选择村" if t is None else None)
    return Filters(year=year, township=t, village=None if (village == ALL or t is None) else village)


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
    st.title(title)
    demo_note()
    if f.year is None:
        st.warning("还没有任何台账数据。请到“数据上传”页导入台账。")
        st.stop()
    return f


def demo_note() -> None:
    if get_store().is_demo():
        st.info("当前显示的是**示例数据**（虚构的示例县），用于演示。到“数据上传”页导入本单位台账后，示例数据将自动移除。", icon="ℹ️")


def source_line(kind_label: str = "建档立卡台账") -> str:
    store = get_store()
    when = store.query_rows("store/data_version")[0][1]
    date = str(when)[:10] if when else dt.date.today().isoformat()
    prefix = "示例数据" if store.is_demo() else kind_label
    return f"数据来源：{prefix}，导入于{date}"


def chart(fig, file_name: str, key: str | None = None, on_select=None, selection_mode=None):
    """Render a figure with a presentation-size PNG download under a Chinese file name."""
    config = {
        "displaylogo": False,
        "locale": "zh-CN",
        "toImageButtonOptions": {"format": "png", "filename": file_name, **figures.EXPORT_SIZE},
    }
    kwargs = {}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    return st.plotly_chart(fig, key=key, config=config, theme=None, **kwargs)


def table(df: pd.DataFrame, file_name: str, key: str | None = None) -> None:
    """A table with its .xlsx download."""
    st.dataframe(df, hide_index=True, width="stretch")
    # The .xlsx is written only when the button is clicked: for 150 000 villages that takes seconds.
    st.download_button("下载表格（Excel）", lambda: exports.table_xlsx(df), file_name=f"{file_name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=key or f"dl-{file_name}")


def top_note(total: int, shown: int, what: str, unit: str = "个村") -> str:
    """'共1,234个村，图中为贫困发生率最高的30个村。' when a chart shows only some of the area's villages; else ''."""
    return f"共{total:,}{unit}，图中为{what}的{shown}{unit}。" if total > shown else ""


def fmt_int(x, unit: str) -> str:
    return "—" if x is None else f"{int(x):,}{unit}"


def fmt_num(x, unit: str, digits: int = 2) -> str:
    return "—" if x is None else f"{x:,.{digits}f}{unit}"


# Drill-down ------------------------------------------------------------------------------------
_DRILL_TO_VILLAGE = "_drill_to_village"


def _apply_drill(key: str) -> None:
    """on_select callback: the clicked bar's area becomes the sidebar filters (before widgets are drawn)."""
    from ledgerboard import drill
    target = drill.from_selection(st.session_state.get(key))
    if target is None:
        return
    st.session_state.update(drill.widget_state(target))
    if target.opens_village:
        st.session_state[_DRILL_TO_VILLAGE] = True


def drill_chart(fig, file_name: str, key: str):
    """A chart whose bars drill down: a township's bar filters to it, a village's bar opens the village view.

    The bars carry [township, village] in customdata (ledgerboard.drill.customdata).
    """
    from ledgerboard import drill
    if st.session_state.pop(_DRILL_TO_VILLAGE, False):
        # The filters are already set (and bound to the URL); bound parameters cannot be passed here.
        st.switch_page(drill.VILLAGE_PAGE, query_params={})
    f = st.session_state.get("filters")
    # A new key per filter state, so a drilled chart starts without the old selection.
    scoped = f"{key}-{f.township if f else ''}-{f.village if f else ''}"
    return chart(fig, file_name, key=scoped, on_select=lambda: _apply_drill(scoped), selection_mode=("points",))


def empty(message: str) -> None:
    """A plain Chinese explanation where a chart has no data."""
    st.info(message, icon="ℹ️")


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


def page_button(label: str, page: str, key: str, year: int | None = None, township: str | None = None,
                village: str | None = None) -> None:
    """A button that sets the sidebar filters (年度/乡镇/村) and opens a page: a link into the dashboard's state."""
    if st.session_state.get(_GO_TO_PAGE) == page:
        st.session_state.pop(_GO_TO_PAGE)
        st.switch_page(page, query_params={})
    state = {"township": township or ALL, "village": village or ALL}
    if year is not None:
        state["year"] = year
    st.button(label, key=key, on_click=_go_with_filters, args=(page, state), icon=":material/fact_check:")
