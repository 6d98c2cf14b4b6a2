"""Charts that drill or filter, and buttons that open a page with filters set."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import streamlit as st

from ledgerboard import analysis, catalogue, drill, figures, memo
from ledgerboard.area import Area
from ledgerboard.drill import ALL
from ledgerboard.sanitize import plain
from ledgerboard.ui.cache import cached, data_version, query
from ledgerboard.ui.widgets import chart, empty, source_line

if TYPE_CHECKING:
    from ledgerboard.ui.sidebar import Filters


_DRILL_TO_VILLAGE = "_drill_to_village"


def _apply_drill(key: str) -> None:
    """on_select callback: the clicked bar's area becomes the sidebar filters (before widgets are drawn)."""
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


_GO_TO_PAGE = "_go_to_page"


def _apply_filter(key: str) -> None:
    """on_select callback: the clicked bar's township/village become the sidebar filters; the page stays."""
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
    if st.session_state.get(_GO_TO_PAGE) == page:
        st.session_state.pop(_GO_TO_PAGE)
        st.switch_page(page, query_params={})
    state = drill.widget_state(Area(county=county, township=township, village=village))
    if year is not None:
        state["year"] = year
    st.button(label, key=key, on_click=_go_with_filters, args=(page, state), icon=":material/fact_check:")


def chart_context(f: Filters, min_measures: int = analysis.DEFAULT_MIN_MEASURES) -> catalogue.Context:
    """The catalogue's context for the page's year and area, its results cached per data version."""
    return catalogue.Context(f.year, f.area, f.area_label, cached, source_line,
                             several_counties=len(query("counties")) > 1, min_measures=min_measures)


@memo.shared
def _drawn(key: str, year: int, area: Area, area_label: str, several_counties: bool, min_measures: int,
           version: str, half: bool = False) -> catalogue.Drawn | catalogue.Empty | None:
    """catalogue.draw for a page's context, once per data version in this process for every session that asks: a
    chart is a function of these alone (its results are cached on the version; no viewer, role or device goes in).
    `half`: shown in half a row, its long title over two lines (the pack's full-width figure keeps one)."""
    drawn = catalogue.draw(key, catalogue.Context(year, area, area_label, cached, source_line,
                                                  several_counties=several_counties, min_measures=min_measures))
    if half and isinstance(drawn, catalogue.Drawn):
        drawn = dataclasses.replace(drawn, figure=figures.half_width_title(drawn.figure, drawn.title))
    return drawn


def show_chart(key: str, ctx: catalogue.Context, half: bool = False) -> catalogue.Drawn | None:
    """The catalogue's chart `key` on the page: drawn (drilling where the catalogue says so) with its caption,
    or the Chinese reason it has no data, or nothing where it does not apply. `half`: the chart is one of two
    side by side (a long title goes over two lines)."""
    drawn = _drawn(key, ctx.year, ctx.area, ctx.area_label, ctx.several_counties, ctx.min_measures, data_version(),
                   half)
    if isinstance(drawn, catalogue.Empty):
        empty(drawn.message)
        return None
    if drawn is None:
        return None
    if drawn.drill:
        drill_chart(drawn.figure, drawn.file_name, key=f"chart-{key}")
    else:
        chart(drawn.figure, drawn.file_name, key=f"chart-{key}")
    if drawn.caption:
        st.caption(plain(drawn.caption))
    return drawn


def forbidden_page(title: str, url_path: str):
    """A hidden page at a page's address for accounts whose role may not open it: a Chinese sentence saying so
    (instead of Streamlit's English "Page not found" and the default page)."""
    def forbidden() -> None:
        from ledgerboard.ui.session import viewer

        account = viewer()
        who = f"您的账号（{account.label}）" if account is not None and account.username else "当前访客"
        st.title(title)
        st.warning(plain(f"{who}没有查看“{title}”页面的权限。如需使用，请联系管理员调整账号角色。"),
                   icon=":material/block:")
        st.page_link("pages/overview.py", label="返回总览",
                     icon=":material/home:")

    forbidden.__name__ = f"forbidden_{url_path}"
    return st.Page(forbidden, title=title, url_path=url_path, visibility="hidden")
