"""The sidebar's shared filters (年度 / 县 / 乡镇 / 村), kept in the URL, bounded by the account's scope, and the
notes on what a link asked for and could not be shown."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ledgerboard import analysis, auth, drill
from ledgerboard.area import Area
from ledgerboard.drill import ALL      # the sidebar's "no filter" option, defined once
from ledgerboard.indicators import UnknownArea, resolve_area
from ledgerboard.monitoring import REGIME_START
from ledgerboard.sanitize import plain
from ledgerboard.store import Store
from ledgerboard.ui.cache import area_label, cached, query
from ledgerboard.ui.navigation import follow_drill
from ledgerboard.ui.session import current_scope
from ledgerboard.ui.static import asset
from ledgerboard.ui.widgets import demo_note, page_styles


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


def _resolve_village_link(several: bool, scope: auth.Scope | None = None) -> str | None:
    """A link that names a village without its township (?village=新村), or a place without its county in a store of
    several counties (?township=西乡), gets the places it belongs to; a name found in several places is an error
    message listing them (never a merge). A scoped account's link is resolved within its scope only, and its refusal
    names no place outside it (not the township a village of another township belongs to)."""
    params = st.query_params
    village, township, county = params.get("village"), params.get("township"), params.get("county")
    if not ((village and not township) or (several and (township or village) and not county)):
        return None
    scoped = scope is not None and not scope.unbounded
    if scoped:
        township, county = township or scope.township, county or scope.county
    try:
        area = cached(resolve_area, None, township, village, county)
    except UnknownArea as exc:
        if scoped:
            st.query_params.pop("village", None)
            return f"您的账号只能查看{scope.label}的数据，其中没有链接中的“{village or params.get('township')}”。现显示{scope.label}。"
        return str(exc)
    st.session_state.update(drill.widget_state(area))
    return None


# One user action, one browser-history entry (static/history.js). Streamlit 1.67 pushes an entry for every
# page_info_changed message (one per bound widget set from Python: a drill sets 县, 乡镇 and 村) and one for every page
# switch, and switch_page(query_params={}) pushes the emptied query first; Back then needed several presses and
# stopped on half-applied filters. There a push is kept only as the first one after a click, tap or key press; the
# later pushes of the same action replace that entry, so Back returns to the page and filters the user came from.
# Phones (static/phone_sidebar.*): the sidebar (pages and filters) opens from a button labelled 筛选与页面
# (Streamlit's is an unlabelled »), and closes by itself once a filter or page is chosen.
def _sidebar_assets() -> str:
    return asset("history.js") + asset("phone_sidebar.css") + asset("phone_sidebar.js") + asset("widgets.css")


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
    problem = _resolve_village_link(several, scope)
    with st.sidebar:
        st.html(_sidebar_assets(), unsafe_allow_javascript=True)
        st.markdown("### 筛选")
        default = cached(analysis.default_year, tuple(years))
        # The opening year is set as the widget's value, not as its default (index): Streamlit leaves a bound
        # widget's default out of the URL, so choosing 2019 would drop year= and a copied link would follow the
        # default year instead.
        if years and st.session_state.get("year") not in years and not (
                link["year"] and link["year"].isdigit() and int(link["year"]) in years):
            st.session_state["year"] = default
        year = st.selectbox("年度", years, index=None, key="year",
                            bind="query-params", persist_state="session",
                            help=_default_year_help(default, years)
                            ) if years else None
        year = default if year is None and years else year      # the value cannot be cleared (page.css)
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
    label = cached(area_label, area)
    notes = ((problem,) if problem else ()) + link_notes(link, year, area, label, skip_village=problem is not None,
                                                             counties=counties)
    f = Filters(year=year, area=area, area_label=label, link_notes=notes)
    follow_drill(f)
    return f


def _default_year_help(default: int | None, years: list[int]) -> str | None:
    """The 年度 filter's ⓘ where the opening year is not the newest year with data: why it opens there."""
    if default is None or default == max(years, default=None):
        return None
    if default >= REGIME_START:
        return f"打开时显示{default}年：有防返贫监测数据的最近一年。可选择其他年度。"
    return (f"打开时显示{default}年：过半数村仍有未脱贫户的最近一年（之后几年多数村已无贫困户，"
            "图中几乎全为0）。可选择其他年度。")


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


def page(title: str, era_title: str | None = None) -> Filters:
    """A dashboard page's head: title, the demo note, and a stop with a hint when there is no data yet.
    `era_title` is the page's title in a year of 防止返贫动态监测 (2021 on), where it shows the era's figures."""
    from ledgerboard.monitoring import REGIME_START

    f = filters()
    page_styles()
    st.title(era_title if era_title and f.year is not None and f.year >= REGIME_START else title)
    for note in f.link_notes:           # they quote the link, which anyone can write
        st.warning(plain(note), icon=":material/link_off:")
    demo_note()
    if f.year is None:
        st.warning("还没有任何台账数据。请到“数据上传”页导入台账。")
        st.stop()
    return f
