"""One key for every place (issue 9): two counties with the same names, a township as one file per village,
what an import replaces, undo of any import and of an import group, ambiguity, county detection, the migration."""

from __future__ import annotations

import itertools
import json
import re

import duckdb
import pytest
from openpyxl import Workbook

from ledgerboard import analysis
from ledgerboard.importer import ImportGroup, Options, import_file, undo
from ledgerboard.indicators import Area, UnknownArea, metrics, resolve_area
from ledgerboard.store import MIGRATIONS, QUERIES_DIR, ROLLUPS, SCHEMA_VERSION, Store
from tests.conftest import FIXTURES, with_admin
from tests.test_cli import run_in_process as run

AREAS = FIXTURES / "areas"
JIA, YI, VILLAGES = AREAS / "甲县_青松镇_2019.xlsx", AREAS / "乙县_青松镇_2019.xlsx", AREAS / "villages_两县.xlsx"
PER_VILLAGE = [AREAS / f"甲镇_{v}.xlsx" for v in ("一村", "二村", "三村", "四村")]
CORRECTED = AREAS / "甲镇_一村_更正.xlsx"
TWO_COUNTIES = {("甲县", "青松镇", "青松村"): 3, ("甲县", "青松镇", "白岩村"): 2,
                ("乙县", "青松镇", "青松村"): 1, ("乙县", "青松镇", "白岩村"): 3}
TOWNSHIP = {"一村": 2, "三村": 1, "二村": 1, "四村": 1}
DATA = ("households", "persons", "villages", "projects", "project_villages", "measures", "areas")


def households_by_place(store) -> dict[tuple, int]:
    rows = store.cursor().execute("select county, township, village, count(*) from households group by all").fetchall()
    return {(c, t, v): n for c, t, v, n in rows}


def state(store) -> dict[str, list]:
    """Every live row of every ledger table (batch ids aside: a re-import gets a new one)."""
    cur = store.cursor()
    return {t: cur.execute(f"select * exclude (batch_id) from {t} order by all").fetchall() for t in DATA}


def assert_area_keys_unique(store) -> None:
    """The data test: a village is one row per year in villages, and one snapshot (one import) per year in households."""
    cur = store.cursor()
    assert cur.execute("""select year, county, township, village, count(*) from villages
                          group by all having count(*) > 1""").fetchall() == []
    assert cur.execute("""select year, county, township, village, count(distinct batch_id) from households
                          group by all having count(distinct batch_id) > 1""").fetchall() == []
    assert cur.execute("""select year, county, head_id_number, count(*) from households
                          group by all having count(*) > 1""").fetchall() == []


@pytest.fixture
def mem():
    s = Store(":memory:")
    yield s
    s.close()


# Story 1: two counties that each have a 青松镇 with a 青松村 and a 白岩村 -------------------------------------
@pytest.mark.parametrize("order", [(JIA, YI, VILLAGES), (YI, JIA, VILLAGES), (VILLAGES, YI, JIA)],
                         ids=["甲乙", "乙甲", "村乙甲"])
def test_two_counties_with_the_same_names_import_without_loss(mem, order):
    for path in order:
        r = import_file(mem, path)
        assert (r["status"], r["replaced"]) == ("imported", 0), r
        assert_area_keys_unique(mem)
    assert households_by_place(mem) == TWO_COUNTIES
    jia, yi, both = (metrics(mem, 2019, a) for a in (Area("甲县"), Area("乙县"), Area()))
    assert (jia["registered_households"], yi["registered_households"], both["registered_households"]) == (5, 4, 9)
    assert (jia["poor_population"], yi["poor_population"], both["poor_population"]) == (9, 3, 12)
    assert (jia["incidence_pct"], yi["incidence_pct"], both["incidence_pct"]) == (1.8, 0.75, 1.33)
    for key in ("registered_households", "registered_population", "poor_households", "poor_population",
                "agri_population"):
        assert jia[key] + yi[key] == both[key], key
    same_name = metrics(mem, 2019, Area("乙县", "青松镇", "青松村"))
    assert (same_name["registered_households"], same_name["incidence_pct"]) == (1, 3.0)
    villages = analysis.incidence_by_village(mem, 2019, Area())
    assert len(villages) == 4
    by_key = {(r.county, r.village): r.incidence_pct for r in villages.itertuples()}
    assert by_key == {("甲县", "青松村"): 2.0, ("甲县", "白岩村"): 1.5, ("乙县", "青松村"): 3.0, ("乙县", "白岩村"): 0.0}
    towns = analysis.incidence_by_township(mem, 2019, Area())
    assert sorted(zip(towns["county"], towns["township"], towns["registered_households"])) == [
        ("乙县", "青松镇", 4), ("甲县", "青松镇", 5)]
    counties = analysis.incidence_by_county(mem, 2019, Area())
    assert dict(zip(counties["county"], counties["incidence_pct"])) == {"甲县": 1.8, "乙县": 0.75}
    for df in (analysis.causes_by_village(mem, 2019, Area()), analysis.income_by_village(mem, 2019, Area()),
               analysis.projects_by_village(mem, 2019, Area())):
        assert len(df.drop_duplicates(["county", "township", "village"])) == 4
    assert analysis.projects_measures(mem, 2019, Area()).empty      # no measures ledger: no village has 0 measures
    income = analysis.income_by_village(mem, 2019, Area("乙县"))
    assert dict(zip(income["village"], income["registered_households"])) == {"青松村": 1, "白岩村": 3}


def test_labels_name_the_counties(mem):
    for path in (JIA, YI):
        import_file(mem, path)
    assert mem.area_label(Area()) == "全市"
    mem.set_setting("top_area", "全省")
    assert mem.area_label(Area()) == "全省"
    assert mem.area_label(Area("乙县", "青松镇")) == "乙县青松镇"
    one = Store(":memory:")
    import_file(one, JIA)
    assert one.area_label(Area()) == "甲县" and one.area_label(Area("甲县", "青松镇")) == "青松镇"
    one.close()


# Story 2: one township as one file per village --------------------------------------------------------------
@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5], ids=lambda o: "".join(map(str, o)))
def test_per_village_files_add_up_in_any_order(mem, order):
    seen: dict[str, int] = {}
    for i in order:
        r = import_file(mem, PER_VILLAGE[i])
        assert (r["status"], r["replaced"]) == ("imported", 0), r
        village = "一二三四"[i] + "村"
        seen[village] = TOWNSHIP[village]
        assert households_by_place(mem) == {(None, "甲镇", v): n for v, n in seen.items()}
        assert_area_keys_unique(mem)
    assert metrics(mem, 2019, Area(township="甲镇"))["registered_households"] == 5
    assert mem.area_label(Area()) == "全县"       # no county named anywhere


def test_a_corrected_village_file_replaces_that_village_only(mem):
    for path in PER_VILLAGE:
        import_file(mem, path)
    dry = import_file(mem, CORRECTED, dry_run=True)
    assert dry["replaced"] == 2
    assert dry["replace"]["text"] == "将替换 一村 2019年的 2 户；同乡镇其他村（三村、二村、四村）保持不变"
    r = import_file(mem, CORRECTED)
    assert r["replaced"] == 2
    assert households_by_place(mem) == {(None, "甲镇", "一村"): 3, (None, "甲镇", "二村"): 1,
                                        (None, "甲镇", "三村"): 1, (None, "甲镇", "四村"): 1}
    assert metrics(mem, 2019, Area(township="甲镇"))["registered_households"] == 6
    assert_area_keys_unique(mem)


def test_replacing_the_whole_township_is_explicit_and_undoable(mem):
    for path in PER_VILLAGE:
        import_file(mem, path)
    before = state(mem)
    dry = import_file(mem, CORRECTED, dry_run=True, replace_township=True)
    assert dry["replaced"] == 5
    assert dry["replace"]["text"] == ("将替换 一村 2019年的 2 户；同乡镇其他村（三村、二村、四村）的 3 户将一并删除（替换整个乡镇）")
    r = import_file(mem, CORRECTED, replace_township=True)
    assert households_by_place(mem) == {(None, "甲镇", "一村"): 3}
    undo(mem, r["batch_id"])
    assert state(mem) == before


def test_files_of_one_import_group_undo_as_one(mem):
    import_file(mem, JIA)
    before = state(mem)
    group = ImportGroup()
    results = [import_file(mem, p, opts=Options(county="甲县"), group=group) for p in PER_VILLAGE]
    batches = mem.cursor().execute("select distinct batch_group from import_batches where file_name like '甲镇_%'").fetchall()
    assert len(batches) == 1
    assert households_by_place(mem)[("甲县", "甲镇", "三村")] == 1
    assert undo(mem, results[2]["batch_id"]) == [p.name for p in PER_VILLAGE][::-1]
    assert state(mem) == before


def test_files_of_other_townships_in_one_call_are_separate_groups(mem):
    group = ImportGroup()
    a = import_file(mem, JIA, group=group)
    b = import_file(mem, YI, group=group)
    c = import_file(mem, PER_VILLAGE[0], opts=Options(county="甲县"), group=group)
    groups = dict(mem.cursor().execute("select batch_id, batch_group from import_batches").fetchall())
    assert len({groups[a["batch_id"]], groups[b["batch_id"]], groups[c["batch_id"]]}) == 3


def test_undo_of_any_one_import_restores_the_state_before_it(mem):
    sequence = [(JIA, {}), (YI, {}), (VILLAGES, {}), *[(p, {"county": "甲县"}) for p in PER_VILLAGE],
                (CORRECTED, {"county": "甲县"}), (JIA, {})]
    for path, opts in sequence:
        before = state(mem)
        r = import_file(mem, path, opts=Options(**opts))
        assert r["status"] == "imported", r
        after = state(mem)
        undo(mem, r["batch_id"])
        assert state(mem) == before, path.name
        r = import_file(mem, path, opts=Options(**opts))
        assert state(mem) == after
        assert_area_keys_unique(mem)
    assert households_by_place(mem) == {**TWO_COUNTIES, ("甲县", "甲镇", "一村"): 3, ("甲县", "甲镇", "二村"): 1,
                                        ("甲县", "甲镇", "三村"): 1, ("甲县", "甲镇", "四村"): 1}
    # Undoing 乙县's import now (nothing later touched its places) takes exactly its rows away.
    yi = mem.cursor().execute("select batch_id from import_batches where file_name = ? and status = 'active'",
                              [YI.name]).fetchone()[0]
    expected = {k: n for k, n in households_by_place(mem).items() if k[0] != "乙县"}
    undo(mem, yi)
    assert households_by_place(mem) == expected
    assert metrics(mem, 2019, Area("甲县"))["registered_households"] == 11


# County: from the rows, the title, the file name, --county, or the store's single county ----------------------
def _ledger(path, title: str | None, with_county: bool = False):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    header = ["年度", *(["县"] if with_county else []), "乡镇", "行政村", "户主姓名", "户主身份证号", "家庭人口数", "脱贫状态"]
    ws.append(header)
    ws.append([2019, *(["丁县"] if with_county else []), "青松镇", "青松村", "张三", "522224197001010014", 3, "未脱贫"])
    wb.save(path)
    return path


def test_county_from_title_or_file_name(mem, tmp_path):
    r = import_file(mem, _ledger(tmp_path / "台账.xlsx", "乙县青松镇2019年建档立卡贫困户台账"))
    assert r["sources"]["Sheet"]["county"] == "标题行"
    r = import_file(mem, _ledger(tmp_path / "甲县_青松镇_2019.xlsx", None))
    assert "文件名" in r["sources"]["Sheet"]["county"]
    assert households_by_place(mem) == {("乙县", "青松镇", "青松村"): 1, ("甲县", "青松镇", "青松村"): 1}


def test_single_county_store_needs_nothing_new_and_several_counties_ask(mem, tmp_path):
    import_file(mem, JIA)
    r = import_file(mem, PER_VILLAGE[0])
    assert r["status"] == "imported" and households_by_place(mem)[("甲县", "甲镇", "一村")] == 2
    import_file(mem, YI)
    r = import_file(mem, PER_VILLAGE[1])
    assert r["status"] == "rejected" and "已有2个县" in r["message"] and "--county" in r["message"]
    r = import_file(mem, PER_VILLAGE[1], opts=Options(county="乙县"))
    assert r["status"] == "imported" and households_by_place(mem)[("乙县", "甲镇", "二村")] == 1
    r = import_file(mem, _ledger(tmp_path / "x.xlsx", None, with_county=True), opts=Options(county="甲县"))
    assert r["status"] == "rejected" and "与上传时指定的“甲县”不一致" in r["errors"][0]["message"]   # 县 column: 丁县


# Ambiguity is an error, not a merge -----------------------------------------------------------------------------
def test_ambiguous_village_and_township_are_errors_listing_the_places(mem):
    for path in (JIA, YI, VILLAGES):
        import_file(mem, path)
    with pytest.raises(UnknownArea, match="乙县青松镇青松村、甲县青松镇青松村"):
        resolve_area(mem, village="青松村")
    with pytest.raises(UnknownArea, match="乙县青松镇、甲县青松镇"):
        resolve_area(mem, township="青松镇")
    assert resolve_area(mem, village="青松村", county="乙县") == Area("乙县", "青松镇", "青松村")
    assert resolve_area(mem, "青松村", county="甲县") == Area("甲县", "青松镇", "青松村")
    with pytest.raises(UnknownArea, match="没有村"):
        resolve_area(mem, village="火星村")


def test_cli_county_ambiguity_and_groups(tmp_path):
    db = with_admin(tmp_path / "cli.duckdb")
    run("import", str(JIA), str(YI), str(VILLAGES), "--db", db, "--json", check_code=0)
    p = run("metrics", "--year", "2019", "--village", "青松村", "--db", db, "--json", check_code=1)
    assert "乙县青松镇青松村、甲县青松镇青松村" in p.stderr and "--county" in p.stderr
    m = json.loads(run("metrics", "--year", "2019", "--county", "乙县", "--village", "青松村", "--db", db, "--json",
                       check_code=0).stdout)
    assert (m["registered_households"], m["incidence_pct"]) == (1, 3.0)
    p = run("import", *map(str, PER_VILLAGE), "--db", db, "--json", check_code=1)
    assert all("--county" in json.loads(line)["message"] for line in p.stdout.splitlines())
    p = run("import", *map(str, PER_VILLAGE), "--county", "甲县", "--db", db, "--json", check_code=0)
    assert [json.loads(line)["status"] for line in p.stdout.splitlines()] == ["imported"] * 4
    p = run("import", str(CORRECTED), "--county", "甲县", "--replace-township", "--dry-run", "--db", db, "--json",
            check_code=0)
    r = json.loads(p.stdout)
    assert r["replaced"] == 5 and r["replace"]["dropped"] == {"三村": 1, "二村": 1, "四村": 1}
    s = Store(db)
    try:
        groups = s.cursor().execute("select count(distinct batch_group), count(*) from import_batches "
                                    "where file_name like '甲镇_%' and origin = 'cli'").fetchone()
        assert groups == (1, 4)
        assert metrics(s, 2019, Area("甲县"))["registered_households"] == 10
    finally:
        s.close()


# Rollups: rebuilt by writers, read by pages ---------------------------------------------------------------------
def test_a_page_read_never_writes_and_never_sees_stale_rollups(mem):
    import_file(mem, JIA)
    states = mem.cursor().execute("select * from rollup_state order by all").fetchall()
    analysis.incidence_by_village(mem, 2019, Area())
    metrics(mem, 2019, Area("甲县"))
    assert mem.cursor().execute("select * from rollup_state order by all").fetchall() == states
    import_file(mem, YI)        # rebuilds the 2019 rollups in its own transaction
    assert len(analysis.incidence_by_village(mem, 2019, Area())) == 4
    assert mem.cursor().execute("select * from rollup_state order by all").fetchall() != states


def test_every_query_declares_the_rollups_it_reads():
    uses = {r: re.compile(rf"\b{r}(_in)?\b|\b{m}\b") for r, m in (
        ("household_cause_rollup", "household_cause_rollup_in"), ("household_measure_rollup", "household_measure_rollup_in"),
        ("known_village_rollup", "project_links_in|projects_in|project_fund_shares_in"), ("village_income_rollup", "village_income_rollup_in"))}
    assert set(uses) == set(ROLLUPS)
    for path in QUERIES_DIR.rglob("*.sql"):
        if path.parent.name == "rollups":
            continue      # the statements that build the rollups
        sql = path.read_text(encoding="utf-8")
        declared = {n.strip() for m in re.findall(r"^-- reads: (.+)$", sql, re.M) for n in m.split(",")}
        body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
        used = {r for r, pattern in uses.items() if pattern.search(body)}
        assert used == declared, path.name


# The migration from schema version 8 --------------------------------------------------------------------------
def test_version_8_store_is_migrated_without_losing_rows(tmp_path):
    path = tmp_path / "v8.duckdb"
    con = duckdb.connect(str(path))
    for m in MIGRATIONS:
        if int(m.name[:3]) <= 8:
            con.execute(m.read_text(encoding="utf-8"))
            if int(m.name[:3]) == 1:
                Store._seed(con)
    con.execute("insert into schema_version values (8)")
    con.execute("""insert into import_batches (batch_id, file_name, sha256, kind, year, rows_read, rows_imported,
                   rows_rejected, imported_at, imported_by, status) values
                   ('h', 'h.xlsx', 'x', 'households', 2019, 3, 3, 0, now()::timestamp, 'demo', 'active'),
                   ('p', 'p.xlsx', 'x', 'projects', 2019, 1, 1, 0, now()::timestamp, '张科员', 'active')""")
    con.execute("""insert into households (batch_id, year, county, township, village, head_id_number, household_size, status)
                   values ('h', 2019, '甲县', '青松镇', '青松村', 'A', 3, '未脱贫'),
                          ('h', 2019, null, '青松镇', '白岩村', 'B', 2, '已脱贫'),
                          ('h', 2019, null, '青松镇', '青松村', 'C', 4, '返贫')""")
    con.execute("""insert into persons (batch_id, year, township, village, household_key, name)
                   values ('h', 2019, '青松镇', '青松村', 'A', '张三'), ('h', 2019, '青松镇', '白岩村', 'B', '李四')""")
    con.execute("""insert into villages (batch_id, year, county, township, village, agri_population)
                   values ('h', 2019, null, '青松镇', '青松村', 100)""")
    con.execute("""insert into projects (batch_id, project_key, year, county, project_name, township)
                   values ('p', 'p:1', 2019, null, '路', '青松镇')""")
    con.execute("""insert into project_villages (batch_id, project_key, year, township, village, whole_township)
                   values ('p', 'p:1', 2019, '青松镇', null, true)""")
    con.execute("""insert into measures (batch_id, year, township, village, head_id_number, category)
                   values ('p', 2019, '青松镇', '青松村', 'A', '产业扶贫')""")
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in DATA}
    con.close()
    s = Store(path)
    try:
        assert s.schema_version() == SCHEMA_VERSION
        assert {t: s.cursor().execute(f"select count(*) from {t}").fetchone()[0] for t in DATA} == counts
        for t in ("households", "persons", "villages", "projects", "project_villages", "measures"):
            assert s.cursor().execute(f"select distinct county from {t}").fetchall() == [("甲县",)], t
        assert dict(s.cursor().execute("select batch_id, origin from import_batches").fetchall()) == {"h": "demo", "p": "cli"}
        m = metrics(s, 2019, Area("甲县", "青松镇", "青松村"))       # rollups rebuilt by the migration, not by this read
        assert (m["registered_households"], m["poor_population"], m["incidence_pct"], m["villages_with_project"]) == (
            2, 7, 7.0, 1)
    finally:
        s.close()


def test_an_areas_row_for_a_township_name_of_two_counties_is_used_for_neither(mem, tmp_path):
    """The 区域汇总表 has no county column: its 青松镇 row could be 甲县's or 乙县's, so neither township takes its
    figures or reports 数据打架 against it. A township name found once keeps its row."""
    from tests.ledgers import AREAS, write

    import_file(mem, JIA)
    import_file(mem, YI)
    areas = write(tmp_path / "区域.xlsx", AREAS, [[2019, "青松镇", "乡镇", 1000, 500, 50.0, 5000]])
    import_file(mem, areas)
    for county in ("甲县", "乙县"):
        m = metrics(mem, 2019, Area(county, "青松镇"))
        assert m["warnings"] == [] and m["sources"] == {}, county
    mem2 = Store(tmp_path / "one.duckdb")
    try:
        import_file(mem2, JIA)
        import_file(mem2, areas)
        m = metrics(mem2, 2019, Area("甲县", "青松镇"))
        assert [w["figure"] for w in m["warnings"]] == ["poor_population"]   # 500 in the areas row, not in the ledger
    finally:
        mem2.close()
