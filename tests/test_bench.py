"""The benchmark code at a tiny scale: generator, importer round trip, query enumeration, report.

No timings are asserted: only that the benchmark keeps running and measures the right things.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench import baseline, generate, run
from bench.report import render
from ledgerboard.idnumber import is_valid
from ledgerboard.importer import import_file
from ledgerboard.indicators import Area, metrics
from ledgerboard.numbers import round_half_up
from ledgerboard.store import Store

TINY = generate.SCALES["tiny"]


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.duckdb"
    info = generate.load_store("tiny", path, log=lambda *_: None)
    return path, info


def test_population_is_deterministic_and_ids_valid():
    a, b = generate.Population(TINY), generate.Population(TINY)
    assert a.person_id.to_pylist() == b.person_id.to_pylist()
    ids = a.person_id.to_pylist()
    assert len(ids) == a.persons == int(a.size.sum())
    assert len(set(ids)) == len(ids)
    assert all(is_valid(i) for i in ids)
    assert a.household_code.to_pylist()[0] == "52010100000001"


def test_id_numbers_check_digit():
    # Two people of one region and birthday get sequences 001 and 002; 11010519491231002X is
    # the worked example of GB 11643.
    days = np.array([(np.datetime64("1949-12-31") - np.datetime64("1930-01-01")).astype(int)] * 2)
    ids = generate.id_numbers(np.array([110105, 110105]), days).to_pylist()
    assert ids == ["110105194912310011", "11010519491231002X"]


def test_store_counts(tiny_db):
    path, info = tiny_db
    assert info["rows"]["households"] == sum(int((generate.Population(TINY).identified <= y).sum()) for y in generate.YEARS)
    assert info["rows"]["villages"] == TINY.villages * len(generate.YEARS) == 42
    assert info["rows"]["projects"] == TINY.townships * 6 * len(generate.YEARS) == 84


def test_roster_import_matches_direct_load(tiny_db, tmp_path):
    """The .xlsx roster through the real importer gives the same figures as the directly loaded store."""
    path, _ = tiny_db
    files = generate.write_rosters("tiny", tmp_path / "xlsx", log=lambda *_: None)
    assert [f["rows"] for f in files["roster"]] == [generate.Population(TINY).persons]
    imported = Store(tmp_path / "imported.duckdb")
    r = import_file(imported, files["roster"][0]["path"])
    assert r["status"] == "imported" and r["rows_rejected"] == 0, r["errors"][:3]
    assert r["households"] == TINY.households and r["persons"] == files["roster"][0]["rows"]
    direct = Store(path)
    keys = ("registered_households", "registered_population", "poor_households", "poor_population",
            "exited_households", "income_per_capita_mean", "causes")
    got = metrics(imported, generate.ROSTER_YEAR)
    want = metrics(direct, generate.ROSTER_YEAR)
    assert {k: got[k] for k in keys} == {k: want[k] for k in keys}
    h = import_file(imported, files["households"][0]["path"])
    assert h["status"] == "imported" and h["rows_imported"] == TINY.households
    imported.close()
    direct.close()


def test_file_groups_split_by_township():
    assert generate._file_groups(np.array([400, 400, 400, 100]), 1000) == [[0, 1], [2, 3]]


def test_every_query_is_bound_or_reported(tiny_db):
    path, _ = tiny_db
    area = run.demo_area(path)
    names = run.query_names()
    assert "household_figures" in names and not any(n.startswith("store") for n in names)
    for name in names:
        params, skipped = run.bind_params(name, "village", {"county": None, **{k: area[k] for k in ("township", "village")}}, area)
        assert skipped is None, (name, skipped)
    # A parameter the runner does not know is reported, not guessed.
    params, skipped = run.bind_params("probe", "all", {}, area, sql="-- probe\nselect $year as y, $mystery as m\n")
    assert params is None and "$mystery" in skipped


def test_pandas_baselines_agree_with_queries(tiny_db):
    path, _ = tiny_db
    store = Store(path)
    frames, _ = baseline.load_frames(store)
    area = run.demo_area(path)
    y = generate.ROSTER_YEAR
    for filters in ({}, {"township": area["township"]}, {"township": area["township"], "village": area["village"]}):
        p = {"county": None, "township": None, "village": None, **filters}
        sql = store.query("household_figures", year=y, **p).iloc[0]
        pdf = baseline.household_figures(frames, y, **p).iloc[0]
        for k in ("registered_households", "registered_population", "poor_population", "exited_households",
                  "below_line_households"):
            assert int(sql[k]) == int(pdf[k]), k
        # The query rounds the exact mean once, half up (issue 20).
        assert float(sql["income_per_capita_mean"]) == round_half_up(float(pdf["income_per_capita_mean"]))
        sc = store.query("cause_counts", year=y, **p)
        assert sc.to_dict("list") == baseline.cause_counts(frames, y, **p).to_dict("list")
        iv = store.query("incidence_by_village", year=y, **p).set_index(["township", "village"])
        bv = baseline.incidence_by_village(frames, y, **p).set_index(["township", "village"])
        assert iv["poor_population"].sort_index().tolist() == bv["poor_population"].sort_index().astype(int).tolist()
        assert iv["incidence_pct"].sort_index().tolist() == bv["incidence_pct"].sort_index().tolist()
        ib = store.query("income_by_village", year=y, **p).set_index(["township", "village"]).sort_index()
        bb = baseline.income_by_village(frames, y, **p).set_index(["township", "village"]).sort_index()
        for col in ("income_mean", "income_median", "income_growth_pct", "below_line_households"):
            assert ib[col].astype(float).round(2).tolist() == bb[col].astype(float).round(2).tolist(), col
        pc_ = store.query("projects_by_category", year=y, **p)
        pb = baseline.projects_by_category(frames, y, **p)
        assert sorted(pc_["projects"]) == sorted(pb["projects"])
        assert round(pc_["investment_wan"].sum(), 2) == round(pb["investment_wan"].sum(), 2)
    store.close()


def test_tiny_run_writes_report(tmp_path, monkeypatch):
    """The whole runner at the tiny scale (import subprocesses included), pages skipped."""
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    results, report = tmp_path / "results", tmp_path / "BENCHMARKS.md"
    run.main(["--scales", "tiny", "--skip-pages", "--repeat", "2", "--budget", "0.05",
              "--results", str(results), "--report", str(report)])
    data = json.loads((results / "tiny.json").read_text(encoding="utf-8"))
    assert data["import"]["roster"][0]["importer"]["status"] == "imported"
    assert data["import"]["roster"][0]["pandas"]["rows"] == data["import"]["roster"][0]["rows"]
    assert data["import"]["roster"][0]["fastexcel"]["seconds"] > 0       # the reference of the import target
    measured = {q["query"] for q in data["queries"]["queries"] if "median_ms" in q}
    assert measured == set(run.query_names())
    assert {m["level"] for m in data["queries"]["metrics"]} == {"all", "township", "village"}
    text = report.read_text(encoding="utf-8")
    assert "## tiny" in text and "household_figures" in text and "## Targets" in text
    assert "import time ≤ 1.5× fastexcel→DuckDB of the same sheet (tiny roster, 399 rows)" in text
    assert "#### Places kept apart (tiny, year 2019)" in text and "No village is merged." in text
    assert "## Measured by hand" in text            # bench/MANUAL.md survives every run
    assert text == render(results)


def test_same_named_villages_of_two_counties_stay_apart(tmp_path):
    """A store of two counties whose first townships share their name and village names: no merged villages."""
    twin = generate.Scale("twin", 1, 2, 2, 3, 5, seed=7)
    pop = generate.Population(twin)
    assert pop.township_names[0] == pop.township_names[2] and pop.village_names[:3] == pop.village_names[6:9]
    generate.load_store(twin, tmp_path / "twin.duckdb", log=lambda *_: None)
    s = Store(tmp_path / "twin.duckdb")
    try:
        from ledgerboard import analysis
        villages = analysis.incidence_by_village(s, 2019, Area())
        assert len(villages) == twin.villages == 12
        assert len(villages.drop_duplicates(["county", "township", "village"])) == 12
        assert len(villages.drop_duplicates(["township", "village"])) == 9       # three names occur in both counties
        towns = analysis.incidence_by_township(s, 2019, Area())
        assert len(towns) == 4
        total = metrics(s, 2019)
        parts = [metrics(s, 2019, Area(c)) for c in pop.county_names]
        for key in ("registered_households", "poor_population", "agri_population", "projects_count"):
            assert sum(p[key] for p in parts) == total[key], key
        income = analysis.income_by_village(s, 2019, Area())
        assert len(income) == 12
    finally:
        s.close()
    # The benchmark's own check, as its report prints it for every scale.
    k = run.area_keys(tmp_path / "twin.duckdb")
    assert (k["rows"], k["villages"], k["distinct_keys"], k["distinct_names"], k["shared_name_villages"]) == (
        12, 12, 12, 9, 6)
    s = Store(tmp_path / "twin.duckdb")
    try:
        frames, _ = baseline.load_frames(s)
        pandas = baseline.incidence_by_village(frames, 2019)
        assert sorted(pandas["registered_households"].dropna().astype(int)) == sorted(villages["registered_households"])
    finally:
        s.close()


def test_page_timing_logs_in_on_a_store_of_real_data(core_store, monkeypatch):
    """bench.pages on a store of real data (which shows a login form first) renders every page of figures."""
    from bench import pages
    from tests.conftest import app_on

    core_store.warm_rollups()
    path = core_store.path
    core_store.close()
    with app_on(path, monkeypatch):
        pages.ensure_account()
        rows = pages.measure(2018, {"township": "甲镇", "village": "一村"})
    assert [r["title"] for r in rows] == [t for _, t in pages.page_paths()] and "登录" not in [r["title"] for r in rows]
    assert all(r["rendered"] and not r["errors"] for r in rows), [(r["title"], r["errors"][:1]) for r in rows]
