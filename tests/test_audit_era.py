"""精准核查 of the monitoring era (queries/audit/era_*.sql): each rule flags exactly the demo's planted suspect of
the era (ledgerboard/demo.py, _era_suspects and _era_audit_suspects) in every year 2021–2025 and no other household,
except the rules whose findings the demo also holds unplanted (households below the demo's monitoring line and not
monitored; households identified late in a year whose 帮扶 is not yet in place): those flag exactly what pandas finds
in the demo's files;
each is 未核查 with its reason without its inputs (tiny exports in the monitoring system's layout); a year runs only
the rules of its regime, on the page and in the CLI."""

from __future__ import annotations

import functools
import json

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from streamlit.testing.v1 import AppTest

from ledgerboard import DEMO_DIR, audit, monitoring
from ledgerboard.area import Area
from ledgerboard.cli import main
from ledgerboard.demo import DEMO_MONITORING_LINES
from ledgerboard.idnumber import check_digit
from ledgerboard.importer import import_file
from tests.conftest import ROOT, app_on, store_copy
from tests.era_ledgers import MIGRANT, write_export
from tests.ledgers import HOUSEHOLDS, household, id_number, write
from tests.test_monitoring import ROWS_2023, _export

ERA = range(2021, 2026)
ERA_RULES = sorted(r.id for r in audit.rules() if r.id.startswith("era_"))
# The line the tests set for 2023 over the demo's own (DEMO_MONITORING_LINES): only the planted household's 3,800 元
# is below it. The other years keep the demo's lines.
LINE_2023 = 4300
LINES = {**DEMO_MONITORING_LINES, 2023: LINE_2023}
MEASURE_COLUMNS = ["综合保障", "产业帮扶", "就业帮扶", "健康帮扶", "教育帮扶", "住房安全保障"]
# rule → the (year, 户编号) it flags over 2021–2025 in the demo: the planted suspects, nothing else.
PLANTED = {
    "era_invalid_phone": {(2021, "5222241010010001")},
    "era_income_components_mismatch": {(2021, "5222241010010005")},
    "era_child_with_labour": {(2022, "5222241010010003")},
    # 2022: a 脱贫户 written 一般农户; 2023: the 脱贫不稳定户 written 监测户 is no 脱贫户 either.
    "era_registered_exited_missing": {(2022, "5222241010010006"), (2023, "5222241010010054")},
    "era_disability_without_support": {(2022, "5222241010020070")},
    "era_below_line_not_monitored": {(2023, "5222241010010007")},
    "era_elderly_public_post": {(2023, "5222241010010009")},
    "era_id_in_two_households": {(2023, "5222241010010022"), (2023, "5222241020010003")},
    "era_category_vs_household_type": {(2023, "5222241010010054")},
    "era_housing_without_housing_measure": {(2023, "5222241010050168")},
    "era_elimination_incomplete": {(2023, "5222241030079002")},
    "era_no_labour_without_support": {(2024, "5222241010010002")},
    "era_relation_vs_sex": {(2024, "5222241010010010")},
    "era_schooling_without_education_measure": {(2024, "5222241010050052")},
    "era_exited_not_registered_2020": {(2024, "5222241030029014")},
    # Identified in 2024, eliminated three months later: in the 2024 export and still in 2025's.
    "era_quick_elimination": {(2024, "5222241010069051"), (2025, "5222241010069051")},
    "era_illness_without_health_measure": {(2025, "5222241010020027")},
    "era_open_risk_without_measure": {(2025, "5222241010050054")},
    "era_elimination_before_identified": {(2025, "5222241010020057")},
}


@functools.cache
def _export_rows(year: int) -> pd.DataFrame:
    """The demo's export of a year, every township, read straight from the files (one row per person); read once,
    when a test first asks (not at collection), and never changed by its readers."""
    frames = []
    for path in sorted(DEMO_DIR.glob(f"monitoring_{year}_*.xlsx")):
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        frames.append(pd.DataFrame(rows[3:], columns=rows[2]))
    return pd.concat(frames, ignore_index=True).replace("", None)


def _recomputed(year: int) -> dict[str, set[str]]:
    """The 户编号 of the rules whose findings are not only planted, found with pandas over the year's files (the
    rules' definitions in README: 精准核查规则), never through the rules."""
    e = _export_rows(year)
    h = e[e["与户主关系"] == "户主"]
    monitored = h["监测对象类别"].notna()
    risks = h["致贫/返贫风险1"].fillna("") + "、" + h["致贫/返贫风险2"].fillna("")
    measures = h[MEASURE_COLUMNS].fillna("")
    details = measures[MEASURE_COLUMNS[0]].str.cat([measures[c] for c in MEASURE_COLUMNS[1:]], sep="、")
    found = {
        "era_below_line_not_monitored": h[~monitored & (h["人均纯收入（元）"].astype(float) < LINES[year])],
        "era_open_risk_without_measure": h[monitored & (h["风险是否已消除"] != "是")
                                           & h[MEASURE_COLUMNS].isna().all(axis=1)],
        "era_illness_without_health_measure": h[monitored & risks.str.contains("因病") & h["健康帮扶"].isna()
                                                & ~details.str.contains("医疗")],
        "era_disability_without_support": h[monitored & risks.str.contains("因残") & h["综合保障"].isna()],
    }
    return {rule: set(rows["户编号"]) for rule, rows in found.items()}


@functools.cache
def recomputed_flags() -> dict[str, set[tuple[int, str]]]:
    """rule → the (year, 户编号) pandas finds over 2021–2025, for the rules whose findings are not only planted."""
    by_year = {y: _recomputed(y) for y in ERA}
    return {rule: {(y, h) for y in ERA for h in by_year[y][rule]} for rule in by_year[2023]}


def expected_flags() -> dict[str, set[tuple[int, str]]]:
    """rule → the (year, 户编号) it flags over 2021–2025: the planted suspects, and what pandas finds for the others."""
    return {**PLANTED, **recomputed_flags()}


@functools.cache
def township_of() -> dict[str, str]:
    return {h: t for y in ERA for h, t in _export_rows(y)[["户编号", "乡"]].itertuples(index=False)}


@pytest.fixture(scope="module")
def era_db(demo_db, tmp_path_factory):
    """The demo store with a monitoring line set for 2023 only."""
    path = tmp_path_factory.mktemp("era_audit") / "demo.duckdb"
    with store_copy(demo_db, path) as store:
        monitoring.set_line(store, 2023, LINE_2023)
    return path


@pytest.fixture(scope="module")
def era_store(era_db, tmp_path_factory):
    with store_copy(era_db, tmp_path_factory.mktemp("era_audit_copy") / "demo.duckdb") as store:
        yield store


@pytest.fixture(scope="module")
def flagged(era_store) -> dict[str, set]:
    """rule → {(year, 户编号)} over the five years of the era, whole county."""
    out: dict[str, set] = {r: set() for r in ERA_RULES}
    for year in ERA:
        for r in audit.run_audit(era_store, year).ran:
            out[r.rule.id] |= {(year, h) for h in r.records["household_id"]}
    return out


def test_the_era_has_its_own_rules_and_each_its_years():
    era, registry = audit.rules_for(2023), audit.rules_for(2019)
    assert len(era) == len(ERA_RULES) == 19
    assert {r.id for r in era} == set(ERA_RULES)
    assert not {r.id for r in registry} & set(ERA_RULES) and len(registry) == 20
    assert all(r.first_year == 2014 and r.last_year == 2020 for r in registry)
    assert all(r.first_year == 2021 and r.last_year is None for r in era)
    assert audit.rules_for(2020) == registry and audit.rules_for(2021) == audit.rules_for(2025) == era
    assert era[0].years_label == "2021年起" and registry[0].years_label == "2014—2020年"


def test_a_rule_without_its_years_is_refused(tmp_path):
    bad = tmp_path / "era_x.sql"
    bad.write_text("-- x\n-- id: era_x\n-- 名称: x\n-- 类别: 风险消除\n-- 严重程度: 高\n-- 说明: x\n-- 整改建议: x\n"
                   "-- 需要: monitor_households\nselect 1", encoding="utf-8")
    with pytest.raises(audit.RuleError, match="years"):
        audit.parse_rule(bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("-- 需要:", "-- 适用年度: 从2021年\n-- 需要:"),
                   encoding="utf-8")
    with pytest.raises(audit.RuleError, match="适用年度"):
        audit.parse_rule(bad)


@pytest.mark.parametrize("rule_id", ERA_RULES)
def test_each_rule_flags_the_planted_suspects_and_no_clean_household(flagged, rule_id):
    assert flagged[rule_id] == expected_flags()[rule_id]
    assert PLANTED[rule_id] <= flagged[rule_id]


def test_the_unplanted_findings_are_few_and_where_the_demo_puts_them():
    """Below the line: 2023 (the tests' 4,300 元) holds only the planted household; the demo's own lines find a few
    dozen a year at most. Without 帮扶: only the households identified late in their year (not yet in place)."""
    below = recomputed_flags()["era_below_line_not_monitored"]
    assert {h for y, h in below if y == 2023} == {h for _, h in PLANTED["era_below_line_not_monitored"]}
    assert all(0 < sum(1 for y, _ in below if y == year) < 100 for year in ERA)
    assert 5 <= len(recomputed_flags()["era_open_risk_without_measure"]) <= 25


def test_every_era_rule_ran_on_the_demo_where_its_inputs_are(era_store):
    for year in ERA:
        report = audit.run_audit(era_store, year)
        assert {r.rule.id: r.skipped for r in report.skipped} == {}
        assert [r.rule.id for r in report.ran] == [r.id for r in audit.rules_for(year)]


def test_the_planted_suspects_recomputed_from_the_files():
    """The same households found with pandas over the demo's files (not through the rules)."""
    e23 = _export_rows(2023)
    heads = e23[e23["与户主关系"] == "户主"]
    below = heads[(heads["人均纯收入（元）"].astype(float) < LINE_2023) & heads["监测对象类别"].isna()]
    assert set(below["户编号"]) == {h for _, h in PLANTED["era_below_line_not_monitored"]}
    twice = e23[e23["证件号码"].duplicated(keep=False)]
    assert set(twice["户编号"]) == {h for _, h in PLANTED["era_id_in_two_households"]}
    assert twice["乡"].nunique() == 2
    e21 = _export_rows(2021)
    heads = e21[e21["与户主关系"] == "户主"].set_index("户编号")
    size = e21.groupby("户编号").size()
    parts = heads[["工资性收入（元）", "生产经营性收入（元）", "财产性收入（元）", "转移性收入（元）"]].astype(float).sum(axis=1)
    gap = (parts / size - heads["人均纯收入（元）"].astype(float)).abs()
    assert set(gap.index[gap > 1]) == {h for _, h in PLANTED["era_income_components_mismatch"]}
    phones = e21["家庭成员联系电话"].dropna()
    assert set(e21.loc[phones.index[~phones.str.fullmatch(r"1[3-9]\d{9}")], "户编号"]) == {"5222241010010001"}
    jobs = CalamineWorkbook.from_path(str(DEMO_DIR / "migrant_2023.xlsx")).get_sheet_by_index(0).to_python()
    jobs = pd.DataFrame(jobs[3:], columns=jobs[2])
    posts = jobs[jobs["就业渠道"] == "公益性岗位"]
    old = posts[posts["证件号码"].str[6:10].astype(int) <= 2023 - 71]
    assert set(old["户编号"]) == {"5222241010010009"}


def test_evidence_of_the_era(era_store):
    report = audit.run_audit(era_store, 2023)
    ev = lambda rule: report.result(rule).records["evidence"].tolist()    # noqa: E731
    assert ev("era_below_line_not_monitored") == ["脱贫户，人均纯收入3800.00元，低于2023年监测范围4300元，未纳入监测"]
    assert ev("era_category_vs_household_type") == ["监测对象类别为脱贫不稳定户，户类型为监测户（脱贫不稳定户应为脱贫户）"]
    assert ev("era_elimination_incomplete") == ["边缘易致贫户，风险已消除，但消除监测时间未填写"]
    assert ev("era_registered_exited_missing")[0].endswith("2023年户类型为监测户")
    assert ev("era_elderly_public_post")[0].startswith("就业渠道为公益性岗位（本县），2023-03-01开始务工时")
    twice = report.result("era_id_in_two_households").records
    assert twice["evidence"].str.startswith("同一证件号码在2个户中出现，另见：示例县").all()
    phone = audit.run_audit(era_store, 2021).result("era_invalid_phone").records
    assert phone["evidence"].tolist() == ["户主的联系电话为10位数字，不是11位手机号码"]
    assert "1390000000" not in json.dumps(audit.to_json(audit.run_audit(era_store, 2021)), ensure_ascii=False,
                                          default=str)


def test_scope_by_township_and_village(era_store):
    def in_township(township: str) -> dict[str, int]:
        counts = {r: sum(1 for y, h in expected_flags()[r] if y == 2023 and township_of()[h] == township)
                  for r in ERA_RULES}
        return {r: n for r, n in counts.items() if n}

    qs = audit.run_audit(era_store, 2023, Area(township="青松镇"))
    assert {r.rule.id: r.count for r in qs.ran if r.count} == in_township("青松镇")
    assert {"era_below_line_not_monitored", "era_elderly_public_post", "era_id_in_two_households",
            "era_category_vs_household_type", "era_housing_without_housing_measure",
            "era_registered_exited_missing"} <= set(in_township("青松镇"))
    # The number found in 青松镇 names its other household, in 白云乡.
    assert "白云乡" in qs.result("era_id_in_two_households").records["evidence"].iloc[0]
    by = audit.run_audit(era_store, 2023, Area(township="白云乡"))
    assert by.result("era_id_in_two_households").records["household_id"].tolist() == ["5222241020010003"]
    shimen = audit.run_audit(era_store, 2023, Area(township="石门镇"))
    assert {r.rule.id: r.count for r in shimen.ran if r.count} == in_township("石门镇")
    assert in_township("石门镇")["era_elimination_incomplete"] == 1


def test_viewers_see_no_names_and_numbers_masked(era_store):
    result = audit.run_audit(era_store, 2023).result("era_id_in_two_households")
    frame = audit.records_frame(result)
    assert frame["证件号码"].str.fullmatch(r"\d{6}\*{8}\w{4}").all() and frame["姓名"].str.endswith("*").all()
    assert not {"姓名", "证件号码"} & set(audit.records_frame(result, personal=False).columns)


# Without its inputs ---------------------------------------------------------------------------------------------
@pytest.fixture
def tiny(store, tmp_path):
    """Only a 2023 export of 测试县青松镇 (tests/test_monitoring.py: H1–H6); no line, no 2020 ledger, no 务工."""
    r = import_file(store, _export(tmp_path))
    assert r["status"] == "imported", r
    return store


def test_each_rule_says_why_it_did_not_run_without_its_inputs(tiny):
    report = audit.run_audit(tiny, 2023)
    assert [r.rule.id for r in report.results] == [r.id for r in audit.rules_for(2023)]
    reasons = {r.rule.id: r.skipped for r in report.skipped}
    no_2020 = "2020年全部地区没有贫困户台账（未导入）"
    no_measures = ("2023年全部地区的防返贫监测对象信息（脱贫人口信息）中“帮扶措施（综合保障、产业帮扶、健康帮扶等各列）”"
                   "全部为空（没有这一列或均未填写）")
    assert reasons == {
        "era_below_line_not_monitored": "2023年全部地区未设置防止返贫监测范围（请管理员在“管理”页设置）",
        "era_elderly_public_post": "2023年全部地区没有务工信息（已外出务工信息）（未导入）",
        "era_exited_not_registered_2020": no_2020, "era_registered_exited_missing": no_2020,
        "era_open_risk_without_measure": no_measures, "era_illness_without_health_measure": no_measures,
        "era_schooling_without_education_measure": no_measures, "era_housing_without_housing_measure": no_measures,
        "era_disability_without_support": no_measures,
    }
    assert audit.summary_frame(report).set_index("规则").loc["era_elderly_public_post", "疑点数"] is pd.NA
    # A township the export does not cover: every rule 未核查, none "0 疑点".
    other = audit.run_audit(tiny, 2023, Area(township="白云乡"))
    assert other.ran == []
    assert other.result("era_invalid_phone").skipped == "2023年白云乡没有防返贫监测对象信息（脱贫人口信息）的成员信息（未导入）"
    assert other.result("era_quick_elimination").skipped == "2023年白云乡没有防返贫监测对象信息（脱贫人口信息）（未导入）"


def test_with_the_line_the_2020_ledger_and_the_jobs_the_rules_run(tiny, tmp_path):
    """By hand on H1–H6: H5 (一般农户, 7,100 元) is below a 7,300 line and not monitored; the 2020 ledger of 甲村 has
    H1 已脱贫 (a 脱贫户 now), HX 已脱贫 (in no export) and H2 未脱贫 (a 脱贫户 now); a person of H5 born in 1950 works
    in a 公益性岗位, 73 on 2023-03-01."""
    monitoring.set_line(tiny, 2023, 7300)
    rows = [household(1, 2020, "青松镇", "甲村", 3, "已脱贫", 6000, exit_year=2018),
            household(2, 2020, "青松镇", "甲村", 2, "已脱贫", 5000, exit_year=2019),
            household(3, 2020, "青松镇", "甲村", 2, "未脱贫", 3000)]
    rows[0][4], rows[1][4], rows[2][4] = "H1", "HX", "H2"
    rows[0][6], rows[2][6] = id_number(10), id_number(20)
    assert import_file(tiny, write(tmp_path / "2020.xlsx", HOUSEHOLDS, rows))["status"] == "imported"
    elder = "52222419500101123" + check_digit("52222419500101123")
    assert import_file(tiny, write_export(
        tmp_path / "务工.xlsx", "（务工月监测）已外出务工信息", "2023-12-18", MIGRANT,
        [["测试县", "青松镇", "甲村", "H1", "成员10", id_number(10), "是", "本县", "公益性岗位", "2023-03-01", 1500],
         ["测试县", "青松镇", "甲村", "H5", "老人", elder, "是", "本县", "公益性岗位", "2023-03-01", 1500],
         ["测试县", "青松镇", "甲村", "H5", "成员51", id_number(51), "是", "本县", "帮扶车间", "2023-03-01", 3000]]),
        )["status"] == "imported"
    report = audit.run_audit(tiny, 2023)
    ids = lambda rule: report.result(rule).records["household_id"].tolist()    # noqa: E731
    assert ids("era_below_line_not_monitored") == ["H5"]
    assert ids("era_registered_exited_missing") == ["HX"]
    assert ids("era_exited_not_registered_2020") == ["H2"]
    assert report.result("era_exited_not_registered_2020").records["evidence"].tolist() == [
        "户类型为脱贫户，2020年建档立卡台账中为未脱贫"]
    assert ids("era_elderly_public_post") == ["H5"]
    assert report.result("era_elderly_public_post").records["evidence"].tolist() == [
        "就业渠道为公益性岗位（本县），2023-03-01开始务工时73周岁"]
    # Only the villages with a 2020 ledger are compared: 乙村 (H6) has none.
    assert audit.run_audit(tiny, 2023, Area(village="乙村")).result("era_exited_not_registered_2020").skipped == (
        "2020年乙村没有贫困户台账（未导入）")


def test_rows_2023_are_what_the_tiny_tests_say():
    heads = [r for r in ROWS_2023 if r[6] == "户主"]
    assert [(r[3], r[11], r[19]) for r in heads] == [("H1", "脱贫户", 9000), ("H2", "脱贫户", 8000),
                                                     ("H3", "监测户", 6500), ("H4", "监测户", 7000),
                                                     ("H5", "非贫困户", 7100), ("H6", "脱贫户", 12000)]


# The page and the CLI -------------------------------------------------------------------------------------------
def test_cli_runs_only_the_rules_of_the_year(era_db, capsys):
    assert main(["audit", "--year", "2023", "--db", str(era_db), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["rule"] for x in lines] == [r.id for r in audit.rules_for(2023)]
    counts = {x["rule"]: x["count"] for x in lines}
    assert counts == {r: sum(1 for y, _ in expected_flags()[r] if y == 2023) for r in ERA_RULES}
    assert main(["audit", "--year", "2019", "--db", str(era_db), "--json"]) == 0
    assert not {json.loads(x)["rule"] for x in capsys.readouterr().out.splitlines()} & set(ERA_RULES)


@pytest.fixture
def era_app(era_db, tmp_path, monkeypatch):
    path = tmp_path / "era_app.duckdb"
    path.write_bytes(era_db.read_bytes())
    with app_on(path, monkeypatch):
        yield path


def test_page_for_2023_on_the_demo(era_app):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["year"] = "2023"
    at.run()
    at.switch_page("pages/audit.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["精准核查"]
    assert any(c.value.startswith("2023年 · 示例县 · 按19条防返贫监测核查规则") for c in at.caption)
    expected = sum(1 for r in ERA_RULES for y, _ in expected_flags()[r] if y == 2023)
    high = sum(1 for r in audit.rules_for(2023) if r.severity == "高"
               for y, _ in expected_flags()[r.id] if y == 2023)
    assert {m.label: m.value for m in at.metric} == {
        "疑点": f"{expected}条", "高风险疑点": f"{high}条", "已核查规则": "19条", "缺少数据未核查的规则": "0条"}
    summary = at.dataframe[0].value
    assert summary["名称"].tolist() == [r.name for r in audit.rules_for(2023)]
    assert not set(summary["名称"]) & {r.name for r in audit.rules_for(2019)}
    # The rule with the most 疑点 first; no full ID number on the page (masked, or left out for a viewer).
    counts = {r: sum(1 for y, _ in expected_flags()[r] if y == 2023) for r in ERA_RULES}
    most = max(counts.values())
    assert [r for r, n in counts.items() if n == most] == [at.selectbox(key="audit-rule").value]
    at.selectbox(key="audit-rule").set_value("era_id_in_two_households").run()
    assert not at.exception, [e.value for e in at.exception]
    records = at.dataframe[1].value
    assert records["户编号"].tolist() == ["5222241020010003", "5222241010010022"]    # 白云乡, then 青松镇
    assert not records.astype(str).apply(lambda c: c.str.fullmatch(r"\d{17}[\dX]")).any().any()
