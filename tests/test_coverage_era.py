"""Issue #20 on the monitoring era: one coverage rule (ledger_coverage) and the settings every cached figure follows.

- The era's per-village queries take their places and "has the year's export" from ledger_coverage: a village the
  villages ledger names without its monitoring export is 未导入 (null figures, never 0).
- data_version moves with every setting that changes a figure (the poverty-line standard, the exit standard, the
  monitoring lines), so a figure cached on it (ui.cached) is recomputed in the same session.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ledgerboard import analysis, auth, monitoring
from ledgerboard.store import Store
from tests.conftest import store_copy

YEAR = 2025
AREA = dict(county=None, township=None, village=None)


def _frame(path, sql, params=None) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


@pytest.fixture
def demo_copy(demo_db, tmp_path):
    with store_copy(demo_db, tmp_path / "copy.duckdb") as s:
        yield s


def _drop_village_export(store: Store, year: int) -> tuple[str, str, str]:
    """Remove one village's monitoring rows of `year` (its villages-ledger row stays): that village is then 未导入."""
    county, township, village = store.cursor().execute(
        "select county, township, village from monitor_households where year = ? and village is not null "
        "and (county, township, village) in (select county, township, village from villages where year = ?) "
        "order by township, village limit 1", [year, year]).fetchall()[0]
    with store.transaction() as cur:
        cur.execute("delete from monitor_persons where year = ? and township = ? and village = ?",
                    [year, township, village])
        cur.execute("delete from monitor_households where year = ? and township = ? and village = ?",
                    [year, township, village])
    return county, township, village


# --- coverage of the era's village queries -----------------------------------------------------------------------

def test_village_without_export_is_not_imported_everywhere(demo_copy):
    store = demo_copy
    county, township, village = _drop_village_export(store, YEAR)
    mh = store.cursor().execute("select * from monitor_households where year = ?", [YEAR]).df()

    places = store.query("monitoring/places", year=YEAR, **AREA)
    row = places[(places["level"] == "village") & (places["village"] == village)
                 & (places["township"] == township)].iloc[0]
    assert not pd.isna(row["villages"]) and row["villages_imported"] == 0
    assert pd.isna(row["monitored_households"]) and pd.isna(row["households"])
    town = places[(places["level"] == "township") & (places["township"] == township)].iloc[0]
    in_town = mh[mh["township"] == township]
    assert town["villages_imported"] == in_town["village"].nunique()
    assert town["villages"] == town["villages_imported"] + 1
    assert town["monitored_households"] == int(in_town["monitor_type"].notna().sum())

    share = store.query("era/share_by_village", year=YEAR, **AREA)
    srow = share[(share["township"] == township) & (share["village"] == village)].iloc[0]
    assert not srow["exported"]
    assert pd.isna(srow["monitored_population"]) and pd.isna(srow["monitored_share_pct"])

    income = store.query("era/income_by_village", year=YEAR, **AREA)
    irow = income[(income["township"] == township) & (income["village"] == village)].iloc[0]
    assert not irow["exported"]
    assert pd.isna(irow["exited_poor_households"]) and pd.isna(irow["exited_poor_income_mean"])
    # Every other listed village with the export has its figures: the listed villages are exactly those with the
    # export or a villages-ledger row of the year.
    vl = store.cursor().execute("select distinct township, village from villages where year = ? and village is not null",
                                [YEAR]).fetchall()
    expected = set(vl) | set(map(tuple, mh.loc[mh["village"].notna(), ["township", "village"]].drop_duplicates()
                                 .itertuples(index=False)))
    assert set(zip(income["township"], income["village"])) == expected
    exported = set(map(tuple, mh[["township", "village"]].drop_duplicates().itertuples(index=False)))
    assert set(zip(income.loc[income["exported"], "township"], income.loc[income["exported"], "village"])) == exported


def test_income_growth_prev_year_per_county(demo_copy):
    """2021's growth compares with the 建档立卡 ledger of 2020 (no monitoring export of 2020); 2022's with 2021's
    export. The matched households and the means, recomputed with pandas."""
    store = demo_copy
    mh = store.cursor().execute("select * from monitor_households").df()
    hh = store.cursor().execute("select * from households where year = 2020").df()
    for year, prev in ((2021, hh), (2022, mh[mh["year"] == 2021])):
        now = mh[(mh["year"] == year) & (mh["household_type"] == "脱贫户") & mh["income_per_capita"].notna()]
        prev = prev[prev["income_per_capita"].notna()]
        by_id = prev.set_index("household_id")
        by_head = prev.drop_duplicates("head_id_number").set_index("head_id_number")
        rows = []
        for _, n in now.iterrows():
            if n["household_id"] in by_id.index:
                p = by_id.loc[n["household_id"]]
                p = p.iloc[0] if isinstance(p, pd.DataFrame) else p
            elif n["head_id_number"] in by_head.index:
                p = by_head.loc[n["head_id_number"]]
            else:
                continue
            rows.append((n["income_per_capita"], n["household_size"], p["income_per_capita"], p["household_size"]))
        got = store.query("monitoring/income_growth", year=year, **AREA).iloc[0]
        assert got["households_now"] == len(now)
        assert got["households_prev"] == len(prev)
        assert got["households_both"] == len(rows) > 0
        mean_now = sum(a * b for a, b, _, _ in rows) / sum(b for _, b, _, _ in rows)
        mean_prev = sum(c * d for _, _, c, d in rows) / sum(d for _, _, _, d in rows)
        assert got["mean_now"] == pytest.approx(mean_now, abs=1e-6)
        assert got["mean_prev"] == pytest.approx(mean_prev, abs=1e-6)


def test_quick_elimination_mark_is_one_number(demo_copy):
    assert monitoring.QUICK_ELIMINATION_MONTHS == 6
    assert demo_copy.cursor().execute("select quick_elimination_months()").fetchall()[0][0] == 6


# --- data_version follows every setting that changes a figure ----------------------------------------------------

def test_data_version_moves_with_each_setting(demo_copy):
    store = demo_copy
    v0 = store.data_version()
    assert store.data_version() == v0
    store.set_setting("line_region", "省定标准（示例）")
    v1 = store.data_version()
    assert v1 != v0
    store.set_setting("exit_region", "西部")
    v2 = store.data_version()
    assert v2 not in (v0, v1)
    monitoring.set_line(store, YEAR, 9000.0)
    v3 = store.data_version()
    assert v3 not in (v0, v1, v2)
    store.set_setting("line_region", "国家标准")
    store.set_setting("exit_region", "中东部")
    assert store.data_version() not in (v0, v1, v2, v3)      # the 2025 line is still the admin's


def test_cached_figures_follow_settings(app_db, demo_db):
    """ui.cached / ui.query results are recomputed after each setting changes (same process, same caches). The
    expected numbers are read from the untouched demo file (app_db is a copy of it)."""
    from ledgerboard.ui import cache
    from ledgerboard.ui.connection import get_store

    store = get_store()
    thresholds = dict(_frame(demo_db, "select region, incidence_pct from exit_thresholds").itertuples(index=False))
    lines = _frame(demo_db, "select region, year, line_yuan from poverty_lines where year = 2019")
    line_of = dict(zip(lines["region"], lines["line_yuan"]))
    admin = auth.Account(username="管理员", role="admin")

    def change(key, value):
        auth.change_setting(store, admin, key, value)      # the 管理 page's path (recorded in the audit log)

    assert cache.cached(analysis.exit_threshold) == thresholds["中东部"]
    change("exit_region", "西部")
    assert cache.cached(analysis.exit_threshold) == thresholds["西部"] != thresholds["中东部"]

    by_year = cache.query("income_by_year", **AREA)
    assert by_year.set_index("year").loc[2019, "poverty_line"] == line_of["国家标准"]
    change("line_region", "省定标准（示例）")
    by_year = cache.query("income_by_year", **AREA)
    assert by_year.set_index("year").loc[2019, "poverty_line"] == line_of["省定标准（示例）"] != line_of["国家标准"]

    mh = _frame(demo_db, "select monitor_type, income_per_capita from monitor_households where year = ?", [YEAR])
    before = cache.query("monitoring/below_line", year=YEAR, **AREA).iloc[0]
    assert before["line_min"] == 7900
    assert before["not_monitored"] == int(((mh["income_per_capita"] < 7900) & mh["monitor_type"].isna()).sum())
    monitoring.set_line(store, YEAR, 9000.0)
    after = cache.query("monitoring/below_line", year=YEAR, **AREA).iloc[0]
    assert after["line_min"] == 9000
    assert after["not_monitored"] == int(((mh["income_per_capita"] < 9000) & mh["monitor_type"].isna()).sum())
    assert after["monitored"] == int(((mh["income_per_capita"] < 9000) & mh["monitor_type"].notna()).sum())
    assert after["not_monitored"] + after["monitored"] > before["not_monitored"] + before["monitored"]


# --- the docs stand alone ------------------------------------------------------------------------------------------

def test_indicators_doc_defines_every_era_figure():
    """Every 2021-on Measure is defined in docs/INDICATORS.md's 2021 section under its own label and key, and the
    6-month mark is written there, and in the audit rule's name, as the one constant."""
    from pathlib import Path

    from ledgerboard.catalogue import MEASURES

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "INDICATORS.md").read_text(encoding="utf-8")
    era = doc[doc.index("## 2021 年起"):]
    era_measures = [m for m in MEASURES.values() if m.definition == "2021 年起"]
    assert len(era_measures) == 21      # 18 of metrics --json, 3 of 项目覆盖's 帮扶措施 cards
    for m in era_measures:
        assert f"`{m.key}`" in era, m.key
        row = next(line for line in era.splitlines() if line.startswith("|") and f"`{m.key}`" in line)
        assert m.label in row.split("|")[1], (m.key, m.label)
    n = monitoring.QUICK_ELIMINATION_MONTHS
    rule = (root / "queries" / "audit" / "era_quick_elimination.sql").read_text(encoding="utf-8")
    assert f"名称: 识别不足{n}个月即帮扶消除风险" in rule
    assert f"识别不足{n}个月即帮扶消除风险" in era and f"fewer than {n} whole months" in era
    for section in ("未导入, never 0", "帮扶消除 and 自然消除", "From 识别 to 消除", "Income bands against the monitoring line"):
        assert section in era


def test_unmatched_exited_only_where_the_county_has_its_registry(demo_copy):
    """A second county's 脱贫户 (monitoring export, no 2014–2020 ledger) are not 未对应建档立卡户: only the demo
    county's are matched, and the note says how many were left out."""
    from ledgerboard.area import Area

    store = demo_copy
    with store.transaction() as cur:
        cur.execute("insert into monitor_households select * replace ('乙县' as county) from monitor_households "
                    "where year = ?", [YEAR])
    mh = store.cursor().execute("select county, household_id, head_id_number, household_type from monitor_households "
                                "where year = ?", [YEAR]).df()
    reg = store.cursor().execute("select distinct county, household_id, head_id_number from households "
                                 "where year <= 2020").df()
    demo_exited = mh[(mh["county"] == "示例县") & (mh["household_type"] == "脱贫户")]
    matched = sum(1 for _, e in demo_exited.iterrows()
                  if ((reg["county"] == "示例县") & ((reg["household_id"] == e["household_id"])
                                                     | (reg["head_id_number"] == e["head_id_number"]))).any())
    other = int(((mh["county"] == "乙县") & (mh["household_type"] == "脱贫户")).sum())
    assert other == len(demo_exited) > 0
    row = store.query("monitoring/matched_exited", year=YEAR, **AREA).iloc[0]
    assert row["exited_poor_households"] == 2 * len(demo_exited)
    assert row["exited_covered"] == len(demo_exited)
    assert row["matched"] == matched
    unmatched, cov = monitoring._matched(store, YEAR, Area())
    assert unmatched == len(demo_exited) - matched
    assert f"另有{other}户脱贫户所在县未导入2014—2020年建档立卡户台账" in cov["note"]
    assert not cov["complete"]
    # The demo county alone: everything covered, as before.
    unmatched_demo, cov_demo = monitoring._matched(store, YEAR, Area(county="示例县"))
    assert unmatched_demo == len(demo_exited) - matched and "另有" not in cov_demo["note"]
