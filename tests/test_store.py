"""The store: schema version, snapshot replacement, one transaction per import, undo, demo hand-over."""

import duckdb
import pytest

from ledgerboard.importer import import_file, undo
from ledgerboard.importer.commit import UndoRefused
from ledgerboard.store import SCHEMA_VERSION, Store, resolve_path
from tests.conftest import CORE


def _count(store, table):
    return store.cursor().execute(f"select count(*) from {table}").fetchone()[0]


def test_schema_created_with_version_and_defaults(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.setting("line_region") == "国家标准"
    lines = dict(store.cursor().execute("select year, line_yuan from poverty_lines where region = '国家标准'").fetchall())
    assert lines[2014] == 2800 and lines[2019] == 3218 and lines[2020] == 4000
    assert store.query("exit_threshold")["incidence_pct"].tolist() == [2.0]


def test_reopen_keeps_data_and_does_not_migrate_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    s = Store(path)
    import_file(s, CORE / "villages.xlsx")
    s.close()
    s = Store(path)
    assert _count(s, "villages") == 5
    assert _count(s, "poverty_lines") == 14
    s.close()


def test_db_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LEDGERBOARD_DB", str(tmp_path / "env.duckdb"))
    assert resolve_path() == tmp_path / "env.duckdb"
    assert resolve_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"


def test_reimport_replaces_snapshot_never_doubles(core_store):
    before = _count(core_store, "households")
    r = import_file(core_store, CORE / "households_2019_甲镇.xlsx")
    assert r["status"] == "imported" and r["replaced"] == 4
    assert _count(core_store, "households") == before
    assert _count(core_store, "households_archive") == 4


def test_undo_restores_exactly_the_previous_state(core_store):
    snapshot = core_store.cursor().execute("select * exclude (batch_id) from households order by all").fetchall()
    r = import_file(core_store, CORE / "households_2019_甲镇.xlsx")
    undo(core_store, r["batch_id"])
    after = core_store.cursor().execute("select * exclude (batch_id) from households order by all").fetchall()
    assert after == snapshot
    assert _count(core_store, "households_archive") == 0
    with pytest.raises(UndoRefused, match="已撤销"):
        undo(core_store, r["batch_id"])


def test_undo_of_a_replaced_batch_is_refused(core_store):
    first = import_file(core_store, CORE / "projects_2019.xlsx")
    import_file(core_store, CORE / "projects_2019.xlsx")
    with pytest.raises(UndoRefused, match="之后的导入"):
        undo(core_store, first["batch_id"])
    assert _count(core_store, "projects") == 3
    assert _count(core_store, "project_villages") == 3


def test_failed_commit_leaves_store_untouched(core_store, monkeypatch):
    import importlib

    commit_mod = importlib.import_module("ledgerboard.importer.commit")

    before = core_store.cursor().execute("select * from households order by all").fetchall()
    batches = _count(core_store, "import_batches")

    def broken(*a, **k):
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(commit_mod, "_arrow_table", broken)
    with pytest.raises(duckdb.IOException):
        import_file(core_store, CORE / "households_2019_甲镇.xlsx")
    assert core_store.cursor().execute("select * from households order by all").fetchall() == before
    assert _count(core_store, "import_batches") == batches
    assert _count(core_store, "households_archive") == 0


def test_first_real_import_hands_over_from_demo_and_undo_brings_it_back(store):
    import_file(store, CORE / "villages.xlsx", origin="demo")
    assert store.is_demo() and not store.is_empty()
    r = import_file(store, CORE / "households_2019_乙乡.xlsx", imported_by="analyst")
    assert not store.is_demo()
    assert _count(store, "villages") == 0 and _count(store, "households") == 2
    undo(store, r["batch_id"])
    assert store.is_demo() and _count(store, "villages") == 5 and _count(store, "households") == 0


def test_a_user_typing_demo_as_operator_imports_real_rows(store):
    """操作人 is free text: "demo" there is a real import, listed in the history and never moved aside."""
    from ledgerboard.upload import history

    first = import_file(store, CORE / "households_2019_甲镇.xlsx", imported_by="demo", origin="upload")
    import_file(store, CORE / "households_2019_乙乡.xlsx", imported_by="analyst", origin="upload")
    assert not store.is_demo() and _count(store, "households") == 6
    assert set(history(store)["文件"]) == {"households_2019_甲镇.xlsx", "households_2019_乙乡.xlsx"}
    undo(store, first["batch_id"])
    assert _count(store, "households") == 2


def test_demo_comes_back_only_when_no_real_rows_remain(store):
    """Undoing the first real import while a later one exists leaves the demo aside (no 1 014 demo + 7 real mix)."""
    import_file(store, CORE / "villages.xlsx", origin="demo")
    first = import_file(store, CORE / "households_2019_乙乡.xlsx")
    second = import_file(store, CORE / "households_2019_甲镇.xlsx")
    undo(store, first["batch_id"])
    assert not store.is_demo()
    assert (_count(store, "villages"), _count(store, "households")) == (0, 4)
    undo(store, second["batch_id"])
    assert store.is_demo() and (_count(store, "villages"), _count(store, "households")) == (5, 0)
    assert _count(store, "villages_archive") == 0


def test_dry_run_writes_nothing(core_store):
    v = core_store.data_version()
    r = import_file(core_store, CORE / "households_2019_甲镇.xlsx", dry_run=True)
    assert r["status"] == "dry_run" and r["replaced"] == 4 and r["batch_id"] is None
    assert core_store.data_version() == v


def test_version_1_store_is_migrated_in_place(tmp_path):
    from ledgerboard.store import MIGRATIONS

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    con.execute(MIGRATIONS[0].read_text(encoding="utf-8"))
    Store._seed(con)
    con.execute("insert into schema_version values (1)")
    con.execute("insert into households (batch_id, year, township, household_size) values ('b', 2019, '甲镇', 3)")
    con.close()
    s = Store(path)
    assert s.schema_version() == SCHEMA_VERSION >= 2
    assert s.cursor().execute("select count(*) from households_in(2019, null, '甲镇', null)").fetchone()[0] == 1
    assert _count(s, "poverty_lines") == 14
    s.close()


def test_rollups_follow_imports_and_undo(store):
    """The measure rollup is rebuilt for a year after every import and undo, and kept across reopening."""
    for f in sorted(CORE.glob("*.xlsx")):
        if not f.name.startswith("measures"):
            import_file(store, f)

    def coverage(s):
        # The rollup itself: measure_coverage now counts only the places whose measures ledger is loaded.
        s.check_rollups("-- reads: household_measure_rollup")
        row = s.cursor().execute("select coalesce(sum(households), 0), coalesce(sum(households) filter "
                                 "(where measures >= 1), 0) from household_measure_rollup where year = 2019").fetchone()
        return int(row[0]), int(row[1])

    assert coverage(store) == (6, 0)
    r = import_file(store, CORE / "measures_2019.xlsx")
    assert coverage(store) == (6, 4)
    undo(store, r["batch_id"])
    assert coverage(store) == (6, 0)
    import_file(store, CORE / "measures_2019.xlsx")
    assert coverage(store) == (6, 4)
    path = store.path
    store.close()
    again = Store(path)
    try:
        assert coverage(again) == (6, 4)
        assert again.query_rows("rollups/state", rollup="household_measure_rollup", year=2019)[0][0] == again.rollup_version(2019)
    finally:
        again.close()


def test_rollup_over_all_years_forgets_an_undone_year(store):
    batches = {f.name: import_file(store, f) for f in sorted(CORE.glob("*.xlsx"))}

    def years():
        return list(store.query("trend_by_year", county=None, township=None, village=None)["year"])

    assert years() == [2018, 2019]
    undo(store, batches["households_2018_甲镇.xlsx"]["batch_id"])
    assert years() == [2019]
    assert store.query("incidence_village_year", county=None, township="甲镇", village=None, top=30)["year"].tolist() == [2019, 2019]


def test_warm_rollups_builds_every_year(core_store):
    core_store.warm_rollups()
    states = core_store.cursor().execute("select name, year, version from rollup_state").fetchall()
    assert {(n, y) for n, y, _ in states} >= {(n, y) for n in ("household_cause_rollup", "household_measure_rollup",
                                                              "known_village_rollup", "village_income_rollup")
                                              for y in (2018, 2019)}
    assert all(v == core_store.rollup_version(y) for _, y, v in states)


def test_an_import_rebuilds_the_rollups_of_its_year_only(store):
    for f in sorted(CORE.glob("*.xlsx")):
        if not f.name.startswith("measures"):
            import_file(store, f)
    store.warm_rollups()

    def states():
        return dict(((n, y), v) for n, y, v in store.cursor().execute("select name, year, version from rollup_state").fetchall())

    before = states()
    r = import_file(store, CORE / "measures_2019.xlsx")
    store.warm_rollups()
    after = states()
    assert {k for k in after if after[k] != before.get(k)} == {(n, 2019) for n in (
        "household_cause_rollup", "household_measure_rollup", "known_village_rollup", "village_income_rollup")}
    undo(store, r["batch_id"])
    store.warm_rollups()
    assert states() == before    # the 2019 rows come from the same imports as before: same version


def test_files_imported_in_one_transaction_commit_together_with_their_rollups(store):
    files = sorted(CORE.glob("*.xlsx"))
    with pytest.raises(RuntimeError), store.transaction():
        for f in files:
            assert import_file(store, f)["status"] == "imported"
        raise RuntimeError("the process dies before the commit")
    cur = store.cursor()
    assert store.is_empty() and cur.execute("select count(*) from rollup_state").fetchall() == [(0,)]
    with store.transaction():
        for f in files:
            import_file(store, f)
    states = cur.execute("select name, year, version from rollup_state").fetchall()
    assert {y for _, y, _ in states} == {2018, 2019} and len(states) == 8
    assert all(v == store.rollup_version(y) for _, y, v in states)      # fresh the moment the transaction commits


def test_macros_are_defined_again_when_their_texts_changed(tmp_path):
    """A store opened by a version with other macro texts (macro_state holds another hash) gets this version's
    macros; a store whose macros are current keeps them and its hash."""
    from ledgerboard.store import macros_sha

    path = tmp_path / "m.duckdb"
    s = Store(path)
    cur = s.cursor()
    assert cur.execute("select sha from macro_state").fetchall() == [(macros_sha(),)]
    cur.execute("drop macro table households_in")
    cur.execute("update macro_state set sha = 'older'")
    s.close()
    s = Store(path)
    cur = s.cursor()
    assert cur.execute("select count(*) from duckdb_functions() where function_name = 'households_in'").fetchall()[0][0]
    assert cur.execute("select sha from macro_state").fetchall() == [(macros_sha(),)]
    s.close()
