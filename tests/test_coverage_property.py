"""Property: drop ledgers from the complete demo county, and every figure is either the complete store's figure
over the places still covered, or None (or an areas-ledger figure, marked as such) — never a different number
presented as complete (issue #10)."""

import random
import shutil
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from ledgerboard.importer.commit import undo
from ledgerboard.indicators import Area, metrics
from ledgerboard.numbers import round_half_up
from ledgerboard.store import Store
from ledgerboard.trends import trend

YEARS = range(2014, 2021)
TOWNSHIPS = ("白云乡", "石门镇", "青松镇")
COUNTS = ("registered_households", "registered_population", "poor_households", "poor_population",
          "exited_households", "exited_population")


def _droppable(store: Store) -> list[str]:
    files = store.query("import_history")["file_name"].tolist()
    return sorted(f for f in files if f.startswith(("households_", "measures_", "projects_"))
                  and int(f.split("_")[1][:4]) <= 2020)        # the 2014–2020 ledgers (not the era's 衔接资金项目)


def _subsets() -> list[list[str]]:
    rng = random.Random(20261130)
    files = [f"households_{y}_{t}.xlsx" for y in YEARS for t in TOWNSHIPS]
    files += [f"measures_{y}.xlsx" for y in YEARS] + [f"projects_{y}.xlsx" for y in YEARS]
    return [sorted(rng.sample(files, k)) for k in (1, 2, 3, 4)] + [["households_2019_石门镇.xlsx"]]


class Complete:
    """The complete demo store, its metrics computed once for the module (every case compares against them)."""

    def __init__(self, store: Store):
        self.store, self._metrics = store, {}

    def cursor(self):
        return self.store.cursor()

    def metrics(self, year: int, area: Area) -> dict:
        key = (year, area.township)
        if key not in self._metrics:
            self._metrics[key] = metrics(self.store, year, area)
        return self._metrics[key]


@pytest.fixture(scope="module")
def complete(demo_db):
    s = Store(demo_db)
    yield Complete(s)
    s.close()


def _drop(demo_db, tmp_path, names: list[str]) -> Store:
    path = tmp_path / "partial.duckdb"
    shutil.copy(demo_db, path)
    s = Store(path)
    history = s.query("import_history")
    for name in names:
        undo(s, history.loc[history["file_name"] == name, "batch_id"].iloc[0])
    return s


def _income_mean(households: pd.DataFrame) -> float | None:
    h = households[households["income_per_capita"].notna()]
    return round_half_up((h["income_per_capita"] * h["household_size"]).sum() / h["household_size"].sum()) \
        if len(h) else None


@pytest.mark.parametrize("dropped", _subsets(), ids=lambda d: "+".join(d))
def test_figures_are_complete_over_covered_places_or_none(demo_db, complete, tmp_path, dropped):
    partial = _drop(demo_db, tmp_path, dropped)
    rows = complete.cursor().execute(
        "select year, township, village, household_size, status, income_per_capita from households").df()
    villages = complete.cursor().execute("select year, township, village, agri_population from villages").df()
    trends = {t: trend(partial, Area(township=t)).set_index("year") for t in (None, *TOWNSHIPS)}
    try:
        for year in YEARS:
            covered = [t for t in TOWNSHIPS if f"households_{year}_{t}.xlsx" not in dropped]
            whole = {t: complete.metrics(year, Area(township=t)) for t in TOWNSHIPS}
            for area, towns in [(Area(), covered)] + [(Area(township=t), [t] if t in covered else []) for t in TOWNSHIPS]:
                m = metrics(partial, year, area)
                label = (year, area.township, dropped)
                for key in COUNTS:
                    if not towns:
                        assert m[key] is None or m["sources"].get(key) == "区域汇总表", label
                    else:
                        assert m[key] == sum(whole[t][key] for t in towns), (label, key)
                if towns:
                    hh = rows[(rows["year"] == year) & rows["township"].isin(towns)]
                    assert m["income_per_capita_mean"] == _income_mean(hh), label
                    poor = hh[hh["status"].isin(["未脱贫", "返贫"])].groupby("village")["household_size"].sum()
                    v = villages[(villages["year"] == year) & villages["township"].isin(towns)
                                 & (villages["agri_population"] > 0)]
                    expected = round_half_up(100 * poor.reindex(v["village"]).fillna(0).sum() / v["agri_population"].sum())
                    assert m["incidence_pct"] == expected, label
                    assert m["coverage"]["households"]["complete"] == (len(towns) == len(TOWNSHIPS) or area.township is not None)
                else:
                    assert m["incidence_pct"] is None or m["sources"].get("incidence_pct") == "区域汇总表", label
                t = trends[area.township]
                if year in t.index and m["sources"].get("incidence_pct") is None:
                    assert t.loc[year, "incidence_pct"] == m["incidence_pct"] or (
                        pd.isna(t.loc[year, "incidence_pct"]) and m["incidence_pct"] is None), label
                full = complete.metrics(year, area)
                for key in ("projects_count", "project_investment_wan"):
                    assert m[key] in (None, full[key]), (label, key)
                    assert (m[key] is None) == (f"projects_{year}.xlsx" in dropped), (label, key)
                if f"measures_{year}.xlsx" in dropped or not towns:
                    assert m["household_measure_coverage_pct"] is None, label
                elif len(towns) == len(TOWNSHIPS) or area.township:
                    assert m["household_measure_coverage_pct"] == full["household_measure_coverage_pct"], label
    finally:
        partial.close()


def test_demo_store_has_the_droppable_files(complete):
    assert len(_droppable(complete.store)) == 3 * 7 + 7 + 7


# Issue #20: villages, townships, ledger kinds and years dropped; every figure an independent recomputation --------
def _village_drops(rng: random.Random, villages: pd.DataFrame) -> list[tuple[int, str, str]]:
    """(year, township, village) households snapshots to remove: one village's file never uploaded."""
    picks = villages[["year", "township", "village"]].drop_duplicates().sort_values(["year", "township", "village"])
    rows = picks.sample(3, random_state=rng.randrange(1000)).itertuples(index=False)
    return [(int(y), t, v) for y, t, v in rows]


def _cases() -> list[tuple[list[str], int]]:
    rng = random.Random(20261202)
    files = [f"households_{y}_{t}.xlsx" for y in YEARS for t in TOWNSHIPS]
    files += [f"measures_{y}.xlsx" for y in YEARS] + [f"projects_{y}.xlsx" for y in YEARS]
    return [(sorted(rng.sample(files, k)), seed) for k, seed in ((0, 1), (2, 2), (4, 3))]


def _half_up(x: Decimal | None, digits: int = 2) -> float | None:
    return None if x is None else float(x.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _at(df: pd.DataFrame, places: set) -> pd.DataFrame:
    """The rows of df at one of the (township, village) places."""
    return df[pd.Series([k in places for k in zip(df["township"], df["village"])], index=df.index, dtype=bool)]


def _expected(raw: dict, year: int, township: str | None) -> dict:
    """The figures of DOMAIN.md over the covered places, from the raw rows with pandas and Decimal only."""
    hh = raw["households"]
    hh = hh[(hh["year"] == year) & ((hh["township"] == township) if township else True)]
    vl = raw["villages"]
    vl = vl[(vl["year"] == year) & ((vl["township"] == township) if township else True)]
    out: dict = {}
    if hh.empty:
        return {"registered_households": None, "poor_population": None, "incidence_pct": None,
                "income_per_capita_mean": None, "household_measure_coverage_pct": None}
    poor = hh[hh["status"].isin(["未脱贫", "返贫"])]
    out["registered_households"] = len(hh)
    out["registered_population"] = int(hh["household_size"].sum())
    out["poor_households"] = len(poor)
    out["poor_population"] = int(poor["household_size"].sum())
    loaded = set(zip(hh["township"], hh["village"]))
    covered = _at(vl[vl["agri_population"] > 0], loaded)
    keys = set(zip(covered["township"], covered["village"]))
    numerator = int(_at(poor, keys)["household_size"].sum())
    denominator = int(covered["agri_population"].sum())
    out["incidence_pct"] = _half_up(Decimal(100 * numerator) / Decimal(denominator)) if denominator else None
    inc = hh[hh["income_per_capita"].notna()]
    total = sum((Decimal(str(i)) * int(s) for i, s in zip(inc["income_per_capita"], inc["household_size"])), Decimal(0))
    persons = int(inc["household_size"].sum())
    out["income_per_capita_mean"] = _half_up(total / persons) if persons else None
    ms = raw["measures"]
    ms = ms[ms["year"] == year]
    with_measures = set(zip(ms["township"], ms["village"]))
    in_scope = _at(hh, with_measures)
    if ms.empty or in_scope.empty:
        out["household_measure_coverage_pct"] = None
    else:
        ids = set(ms["head_id_number"].dropna())
        reached = int(in_scope["head_id_number"].isin(ids).sum())
        out["household_measure_coverage_pct"] = _half_up(Decimal(100 * reached) / Decimal(len(in_scope)))
    return out


@pytest.mark.parametrize("case", _cases(), ids=lambda c: "+".join(c[0]) or "villages-only")
def test_every_figure_is_a_recomputation_over_the_covered_places(demo_db, tmp_path, case):
    import json
    import subprocess
    import sys

    from ledgerboard import analysis
    from ledgerboard.summary import summary_text
    from tests.conftest import ROOT

    dropped, seed = case
    partial = _drop(demo_db, tmp_path, dropped)
    try:
        cur = partial.cursor()
        villages = cur.execute("select year, township, village from households").df()
        gone = _village_drops(random.Random(seed), villages)
        with partial.transaction() as tx:
            for y, t, v in gone:
                tx.execute("delete from households where year = ? and township = ? and village = ?", [y, t, v])
        partial.warm_rollups()
        raw = {t: cur.execute(f"select * from {t}").df() for t in ("households", "villages", "measures")}
        areas = [Area(township=t) for t in (None, *TOWNSHIPS)]
        figures = {(y, a.township): metrics(partial, y, a) for y in YEARS for a in areas}
        for area in areas:
            income = analysis.income_by_year(partial, area).set_index("year")
            t = trend(partial, area).set_index("year")
            for year in YEARS:
                m = figures[(year, area.township)]
                label = (year, area.township, dropped, gone)
                for frame, column, key in ((income, "income_growth_pct", "income_growth_pct"),
                                           (t, "incidence_pct", "incidence_pct")):
                    if year in frame.index and m["sources"].get(key) is None:
                        shown = frame.loc[year, column]
                        assert (pd.isna(shown) and m[key] is None) or shown == m[key], (label, key)
        for (year, township), m in figures.items():
            area = Area(township=township)
            want = _expected(raw, year, township)
            label = (year, township, dropped, gone)
            for key, value in want.items():
                if m["sources"].get(key) == "区域汇总表":
                    continue
                assert m[key] == value, (label, key)
                if value is None and key != "household_measure_coverage_pct" and m["coverage"]:
                    assert any(c.get("note") for c in m["coverage"].values()), (label, key)
            missing = [(y, t, v) for y, t, v in gone if y == year and (township is None or t == township)]
            if missing and m["registered_households"] is not None:
                assert not m["coverage"]["households"]["complete"] and m["coverage"]["households"]["note"], label
            if year in (2015, 2019):
                text = summary_text(partial, year, area, m=m)
                if m["registered_households"] is None:
                    assert "未导入" in text, label
                else:
                    assert f"建档立卡贫困户{m['registered_households']:,}户" in text, label
                    for note in (c["note"] for c in m["coverage"].values() if c.get("note")):
                        assert note in text, label
            if township is None:
                towns = analysis.incidence_by_township(partial, year, area).set_index("township")
                for t in TOWNSHIPS:
                    if t in towns.index:
                        town, shown = figures[(year, t)]["incidence_pct"], towns.loc[t, "incidence_pct"]
                        assert (pd.isna(shown) and town is None) or shown == town, (label, t)
                vill = analysis.incidence_by_village(partial, year, area)
                for y, t, v in missing:
                    row = vill[(vill["township"] == t) & (vill["village"] == v)]
                    assert row.empty or row[["registered_households", "incidence_pct"]].isna().all(axis=None), (label, v)
        cli = subprocess.run([sys.executable, "-m", "ledgerboard", "metrics", "--year", "2019", "--db", str(partial.path),
                              "--json"], check=False, capture_output=True, text=True, cwd=ROOT)
        assert cli.returncode == 0, cli.stderr
        assert json.loads(cli.stdout) == json.loads(json.dumps(metrics(partial, 2019, Area()))), dropped
    finally:
        partial.close()
