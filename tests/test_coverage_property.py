"""Property: drop ledgers from the complete demo county, and every figure is either the complete store's figure
over the places still covered, or None (or an areas-ledger figure, marked as such) — never a different number
presented as complete (issue #10)."""

import random
import shutil

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
    return sorted(f for f in files if f.startswith(("households_", "measures_", "projects_")))


def _subsets() -> list[list[str]]:
    rng = random.Random(20261130)
    files = [f"households_{y}_{t}.xlsx" for y in YEARS for t in TOWNSHIPS]
    files += [f"measures_{y}.xlsx" for y in YEARS] + [f"projects_{y}.xlsx" for y in YEARS]
    return [sorted(rng.sample(files, k)) for k in (1, 2, 3, 4)] + [["households_2019_石门镇.xlsx"]]


@pytest.fixture(scope="module")
def complete(demo_db):
    s = Store(demo_db)
    yield s
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
    try:
        for year in YEARS:
            covered = [t for t in TOWNSHIPS if f"households_{year}_{t}.xlsx" not in dropped]
            whole = {t: metrics(complete, year, Area(township=t)) for t in TOWNSHIPS}
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
                t = trend(partial, area).set_index("year")
                if year in t.index and m["sources"].get("incidence_pct") is None:
                    assert t.loc[year, "incidence_pct"] == m["incidence_pct"] or (
                        pd.isna(t.loc[year, "incidence_pct"]) and m["incidence_pct"] is None), label
                full = metrics(complete, year, area)
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
    assert len(_droppable(complete)) == 3 * 7 + 7 + 7
