"""Work shared across sessions (ledgerboard.memo): a figure is built once for every session asking the same, nothing
crosses accounts, and nobody changes a shared figure."""

from __future__ import annotations

import json
import threading

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard import figures, memo, pack
from ledgerboard.area import Area
from ledgerboard.store import Store
from tests.conftest import ROOT, chart_title
from tests.test_auth_pages import login, real_db, titles  # noqa: F401  (real_db is a fixture)


@pytest.fixture(autouse=True)
def empty_memo():
    memo.clear()
    yield
    memo.clear()


def session(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_two_sessions_on_the_same_page_and_filters_build_its_figures_once(app_db):
    first = session("pages/incidence.py", year=2019)
    built = dict(memo.computations)
    # 总览's trend (the first page of a session), then 各乡镇、各村 bars, the heatmap, the township lines and the
    # counts by year of the county.
    assert {k: n for k, n in built.items() if k.startswith("ledgerboard.figures.")} == {
        f"ledgerboard.figures.{name}": n for name, n in (
            ("trend_figure", 1), ("incidence_bar_figure", 2), ("heatmap_figure", 1), ("lines_figure", 1),
            ("counts_by_year_figure", 1))}
    # Each catalogue chart of the two pages (its figure, table, takeaway and caption) is drawn once: the trend and
    # the seven charts 贫困发生率 asks for (those without data for one county answer once too).
    assert built["ledgerboard.ui.navigation._drawn"] == 8

    second = session("pages/incidence.py", year=2019)
    assert dict(memo.computations) == built                 # nothing computed again
    assert [c.proto.spec for c in second.get("plotly_chart")] == [c.proto.spec for c in first.get("plotly_chart")]

    session("pages/incidence.py", year=2018)                 # another year: its own figures
    assert memo.computations["ledgerboard.figures.incidence_bar_figure"] == 4


def test_sessions_arriving_at_once_wait_for_one_computation():
    calls = []
    release = threading.Event()

    @memo.shared
    def slow(df):
        calls.append(1)
        release.wait(5)
        return float(df["x"].sum())

    df = pd.DataFrame({"x": [1.5, 2.5]})
    results = []
    threads = [threading.Thread(target=lambda: results.append(slow(df.copy()))) for _ in range(4)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join()
    assert results == [4.0] * 4 and len(calls) == 1
    assert slow(pd.DataFrame({"x": [1.5, 2.75]})) == 4.25 and len(calls) == 2      # other content, other result


def test_a_frame_with_other_values_index_or_columns_is_another_key():
    base = pd.DataFrame({"village": ["一村", "二村"], "n": [3, 4]})
    key = memo.key_of("f", (base,), {})[0]
    assert memo.key_of("f", (base.copy(),), {})[0] == key
    assert memo.key_of("f", (base.assign(n=[3, 5]),), {})[0] != key
    assert memo.key_of("f", (base.rename(columns={"n": "m"}),), {})[0] != key
    assert memo.key_of("f", (base.set_axis([1, 0]),), {})[0] != key
    assert memo.key_of("f", (base.astype({"n": "float64"}),), {})[0] != key
    assert memo.key_of("f", (base,), {"title": "甲"})[0] != memo.key_of("f", (base,), {"title": "乙"})[0]


def test_a_scoped_analysts_cached_pages_never_reach_another_account(real_db):
    # The analyst bound to 甲镇 fills the caches first: 总览, 贫困发生率 and the village's masked household list.
    jia = login(session(year=2019), "jia")
    jia_cards = {m.label: m.value for m in jia.metric}
    assert jia_cards["建档立卡"] == "4户"
    assert all("甲镇" in chart_title(c) for c in jia.get("plotly_chart"))
    jia_village = login(session(year=2019, township="甲镇", village="一村"), "jia")
    jia_village.switch_page("pages/village.py").run()
    assert jia_village.dataframe                               # the analyst's masked list of 一村

    # The admin, with the whole county: the county's own figures, not the analyst's.
    admin = login(session(year=2019), "admin")
    s = Store(real_db)
    from ledgerboard.indicators import metrics
    county = metrics(s, 2019, Area())
    s.close()
    cards = {m.label: m.value for m in admin.metric}
    assert cards["建档立卡"] == f"{county['registered_households']:,}户" != jia_cards["建档立卡"]
    assert admin.get("plotly_chart") and not any("甲镇" in chart_title(c) for c in admin.get("plotly_chart"))

    # The viewer on the same village: no household list at all, though the analyst's is in the cache.
    leader = login(session(year=2019, township="甲镇", village="一村"), "leader")
    leader.switch_page("pages/village.py").run()
    assert titles(leader) == ["村级详情"] and not leader.dataframe


def test_pages_and_the_pack_leave_shared_figures_as_built(app_db):
    session("pages/incidence.py", year=2019)
    session("pages/causes.py", year=2019)
    session("pages/projects.py", year=2019)
    built = {id(fig): (name, fig.to_json()) for name, fig in memo.cached_results() if name.startswith("ledgerboard.figures.")}
    assert len(built) >= 10
    drawn = {id(d): (d.table.copy(), d.takeaway, d.caption) for name, d in memo.cached_results()
             if name == "ledgerboard.ui.navigation._drawn" and d is not None and hasattr(d, "table")}
    assert len(drawn) >= 10

    session("pages/incidence.py", year=2019)            # served from the memo, drawn again
    s = Store(app_db)
    try:
        pack.build(s, 2019, Area(), "zip")          # slides and PNGs restyle the same figures (on copies)
    finally:
        s.close()
    phone = [fig for _, fig in memo.cached_results() if id(fig) in built][0]
    for _, d in memo.cached_results():            # the shared charts' tables and texts as drawn
        if id(d) in drawn:
            table, takeaway, caption = drawn[id(d)]
            pd.testing.assert_frame_equal(d.table, table)
            assert (d.takeaway, d.caption) == (takeaway, caption)
    figures.phone_ready(phone)
    after = {id(fig): fig.to_json() for _, fig in memo.cached_results() if id(fig) in built}
    assert len(after) == len(built)
    # Equal content (a setter given the value it already had may reorder the JSON's keys, nothing more).
    assert all(json.loads(after[i]) == json.loads(text) for i, (_, text) in built.items())
