"""The 2021-on regime: the monitoring system's exports in (person rows under two title rows, 户类型 and 监测对象类别
side by side, dates in three forms), the figures leaders quote out — every number worked out by hand below."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ledgerboard import monitoring
from ledgerboard.area import Area
from ledgerboard.cli import main
from ledgerboard.importer import import_file, undo
from ledgerboard.indicators import metrics
from tests.era_ledgers import MIGRANT, MONITORING, VILLAGE_INFO, members, serial, write_export
from tests.ledgers import HOUSEHOLDS, household, id_number, write
from tests.test_auth_pages import real_db  # noqa: F401  (the fixture)


def _household(kind, category=None, identified=None, eliminated=None, method=None, eliminated_on=None,
               risk1=None, risk2=None, income=None):
    """The household fields of one export row, in MONITORING's order (wage = half the income)."""
    return [kind, category, identified, eliminated, method, eliminated_on, risk1, risk2, income,
            None if income is None else income / 2]


# 2023 in 测试县青松镇: six households, 14 persons (甲村: H1–H5, 乙村: H6).
#   H1 脱贫户, not monitored, 3 persons, 9,000 元
#   H2 脱贫户 + 脱贫不稳定户, 识别 2022-05-10 (text), 因病, eliminated 2023-03-15 (Excel serial) by 帮扶消除, 2 persons, 8,000
#   H3 监测户 + 边缘易致贫户, 识别 2023年2月, 因残 then 因学, open, 4 persons, 6,500
#   H4 监测户 + 突发严重困难户, 识别 2023-06-01 (serial), 因意外事故, eliminated 2023年11月 by 自然消除, 1 person, 7,000
#   H5 一般农户, 2 persons, 7,100 (below a 7,300 line, not monitored)
#   H6 脱贫户, 2 persons, 12,000
ROWS_2023 = [
    *members("H1", 10, 3, _household("脱贫户", income=9000)),
    *members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "2022-05-10", "是", "帮扶消除", serial(dt.date(2023, 3, 15)),
                                     "因病", income=8000)),
    *members("H3", 30, 4, _household("监测户", "边缘易致贫户", "2023年2月", "否", None, None, "因残", "因学", income=6500)),
    *members("H4", 40, 1, _household("监测户", "突发严重困难户", serial(dt.date(2023, 6, 1)), "是", "自然消除", "2023年11月",
                                     "因意外事故", income=7000)),
    *members("H5", 50, 2, _household("非贫困户", income=7100)),
    *members("H6", 60, 2, _household("脱贫户", income=12000), village="乙村"),
]
# 2022: the same three 脱贫户 (8,000 / 7,000 / 11,000) and H7, a 脱贫户 gone by 2023 (3,000, 1 person), which a
# growth over the same households leaves out.
ROWS_2022 = [
    *members("H1", 10, 3, _household("脱贫户", income=8000)),
    *members("H2", 20, 2, _household("脱贫户", "脱贫不稳定户", "2022-05-10", "否", None, None, "因病", income=7000)),
    *members("H6", 60, 2, _household("脱贫户", income=11000), village="乙村"),
    *members("H7", 70, 1, _household("脱贫户", income=3000)),
]


def _export(tmp_path, rows=ROWS_2023, exported="2023-12-18 10:21:03", name="监测对象信息.xlsx", header=MONITORING):
    return write_export(tmp_path / name, "（自定义）监测对象信息", exported, header, rows)


def _import(store, path, **kw):
    r = import_file(store, path, **kw)
    assert r["status"] == "imported", r["errors"][:3] or r["message"]
    return r


def test_a_person_level_export_becomes_households_with_their_members(store, tmp_path):
    r = _import(store, _export(tmp_path))
    assert (r["kind"], r["rows_read"], r["rows_imported"], r["rows_rejected"]) == ("monitoring", 14, 14, 0)
    assert (r["households"], r["persons"]) == (6, 14)
    assert r["sources"]["Sheet1"]["year"] == "标题行“导出时间：2023-12-18”"
    cur = store.cursor()
    got = cur.execute("select household_id, household_size, household_type, monitor_type, identified_date, risks, "
                      "risk_eliminated, elimination_method, eliminated_date, income_per_capita, head_name "
                      "from monitor_households order by household_id").fetchall()
    assert got == [
        ("H1", 3, "脱贫户", None, None, None, None, None, None, 9000.0, "成员10"),
        ("H2", 2, "脱贫户", "脱贫不稳定户", dt.date(2022, 5, 10), ["因病"], True, "帮扶消除", dt.date(2023, 3, 15), 8000.0, "成员20"),
        ("H3", 4, "监测户", "边缘易致贫户", dt.date(2023, 2, 1), ["因残", "因学"], False, None, None, 6500.0, "成员30"),
        ("H4", 1, "监测户", "突发严重困难户", dt.date(2023, 6, 1), ["因意外事故"], True, "自然消除", dt.date(2023, 11, 1), 7000.0,
         "成员40"),
        ("H5", 2, "一般农户", None, None, None, None, None, None, 7100.0, "成员50"),
        ("H6", 2, "脱贫户", None, None, None, None, None, None, 12000.0, "成员60"),
    ]
    persons = cur.execute("select household_id, relation, sex, birth_date, labour_skill, id_number "
                          "from monitor_persons where household_id = 'H3' order by source_row").fetchall()
    assert persons == [("H3", rel, sex, dt.date(1970, 1, 1), "普通劳动力", id_number(n))
                       for n, rel, sex in ((30, "户主", "男"), (31, "配偶", "女"), (32, "之子", "男"), (33, "之女", "女"))]
    # Nothing of it lands in the 建档立卡 tables.
    assert cur.execute("select count(*) from households").fetchone()[0] == 0


def test_measures_the_export_lists_are_kept_in_order(store, tmp_path):
    rows = [list(r) for r in ROWS_2023]
    for r in rows:
        if r[3] == "H2":
            r[MONITORING.index("健康帮扶")], r[MONITORING.index("产业帮扶")] = "医疗救助", "特色种养"
        if r[3] == "H3":
            r[MONITORING.index("健康帮扶")] = "否"
    _import(store, _export(tmp_path, rows))
    got = dict(store.cursor().execute("select household_id, [measures, measure_details] from monitor_households "
                                      "where measures is not null").fetchall())
    assert got == {"H2": [["健康帮扶", "产业帮扶"], ["医疗救助", "特色种养"]]}


def test_figures_of_a_2023_export_by_hand(store, tmp_path):
    _import(store, _export(tmp_path))
    m = metrics(store, 2023)
    assert (m["exited_poor_households"], m["exited_poor_population"]) == (3, 2 + 3 + 2)          # H1, H2, H6
    assert (m["monitored_households"], m["monitored_population"]) == (3, 2 + 4 + 1)              # H2, H3, H4
    assert m["monitored_by_type"] == {"脱贫不稳定户": 1, "边缘易致贫户": 1, "突发严重困难户": 1}
    assert (m["risk_open_households"], m["risk_open_population"]) == (1, 4)                      # H3
    assert (m["risk_eliminated_households"], m["risk_eliminated_population"]) == (2, 3)          # H2, H4
    assert m["risk_eliminated_by"] == {"帮扶消除": 1, "自然消除": 1}
    assert m["risk_eliminated_pct"] == round(100 * 2 / 3, 2) == 66.67
    assert m["risk_types"] == {"因病": 1, "因残": 1, "因意外事故": 1}                             # first risk only
    assert m["risk_types_open"] == {"因残": 1}
    assert m["newly_monitored_households"] == 2                                                # H3, H4 (H2: 2022)
    # H2: 2022-05 → 2023-03 = 10 months, H4: 2023-06 → 2023-11 = 5 months; median 7.5.
    assert m["months_to_eliminate_median"] == 7.5
    assert m["exited_poor_income_mean"] == round((9000 * 3 + 8000 * 2 + 12000 * 2) / 7, 2) == 9571.43
    assert m["monitored_income_mean"] == (8000 * 2 + 6500 * 4 + 7000 * 1) / 7 == 7000.0
    assert m["exited_poor_income_growth_pct"] is None            # no 2022 yet
    assert m["employed_exited_labour"] is None and "未导入2023年务工信息" in m["coverage"]["employed_exited_labour"]["note"]
    # The monitoring line is not set: no count, and the figure says so.
    assert m["below_monitoring_line"] is None
    assert m["coverage"]["below_monitoring_line"]["note"].startswith("未设置监测范围：测试县2023年")
    # One village: 乙村 holds only H6.
    v = metrics(store, 2023, Area("测试县", "青松镇", "乙村"))
    assert (v["exited_poor_households"], v["monitored_households"], v["exited_poor_income_mean"]) == (1, 0, 12000.0)
    assert v["risk_eliminated_pct"] is None


def test_the_2021_on_file_never_yields_registry_figures(store, tmp_path):
    _import(store, _export(tmp_path))
    _import(store, write(tmp_path / "村.xlsx", ["年度", "县", "乡镇", "行政村", "是否贫困村", "总户数（户）", "农业户籍人口（人）"],
                         [[2023, "测试县", "青松镇", "甲村", "是", 40, 100], [2023, "测试县", "青松镇", "乙村", "否", 20, 50]]))
    m = metrics(store, 2023)
    for key in ("poor_households", "poor_population", "incidence_pct", "registered_households", "exited_households"):
        assert m[key] is None, key
    assert m["causes"] == {}
    assert "没有建档立卡意义上的未脱贫户和贫困发生率" in m["coverage"]["regime"]["note"]
    # Its counterpart: 监测对象 over 农业户籍人口 of the same villages, 7 / 150.
    assert m["monitored_share_pct"] == round(100 * 7 / 150, 2) == 4.67
    # A 2014–2020 year carries none of the monitoring keys.
    old = metrics(store, 2019)
    assert not set(monitoring.KEYS) & set(old)


def test_monitoring_line_missing_then_set(store, tmp_path, capsys):
    _import(store, _export(tmp_path))
    db = str(store.path)
    store.close()
    assert main(["settings", "list", "--db", db]) == 0
    assert "防止返贫监测范围：未设置监测范围" in capsys.readouterr().out
    assert main(["settings", "set", "monitoring_line", "--year", "2023", "7300", "--db", db]) == 0
    assert main(["settings", "list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert listed["monitoring_line"] == [{"region": "", "year": 2023, "line_yuan": 7300.0, "demo": False}]
    assert main(["metrics", "--year", "2023", "--db", db, "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    # Below 7,300: H3 (6,500) and H4 (7,000) monitored, H5 (7,100) not.
    assert m["monitoring_line"] == 7300 and m["below_monitoring_line"] == {"monitored": 2, "not_monitored": 1}
    # A 2024 export has no line of its own: the 2023 line is never borrowed.
    assert main(["settings", "unset", "monitoring_line", "--year", "2023", "--db", db]) == 0
    assert main(["metrics", "--year", "2023", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["below_monitoring_line"] is None


def test_a_county_line_wins_over_the_line_for_every_county(store, tmp_path):
    _import(store, _export(tmp_path))
    monitoring.set_line(store, 2023, 7300)
    monitoring.set_line(store, 2023, 6800, region="测试县")
    m = metrics(store, 2023)
    assert m["monitoring_line"] == 6800 and m["below_monitoring_line"] == {"monitored": 1, "not_monitored": 0}


def test_income_growth_over_the_same_households(store, tmp_path):
    _import(store, _export(tmp_path, ROWS_2022, "2022-12-20", "监测对象信息2022.xlsx"))
    _import(store, _export(tmp_path))
    m = metrics(store, 2023)
    # H1, H2, H6 in both years (H7 of 2022 is gone): (9000·3 + 8000·2 + 12000·2) / (8000·3 + 7000·2 + 11000·2) − 1.
    assert m["exited_poor_income_growth_pct"] == round(100 * (67000 / 60000 - 1), 2) == 11.67
    assert m["coverage"]["exited_poor_income_growth"]["complete"]
    m22 = metrics(store, 2022)
    assert (m22["exited_poor_households"], m22["monitored_households"], m22["risk_open_households"]) == (4, 1, 1)
    assert m22["newly_monitored_households"] == 1


def test_employed_exited_labour_counts_a_person_with_two_jobs_once(store, tmp_path):
    _import(store, _export(tmp_path))
    jobs = [
        ["测试县", "青松镇", "甲村", "H1", "成员10", id_number(10), "是", "浙江省宁波市", "劳务协作", "2023-02-01", 4800],
        ["测试县", "青松镇", "甲村", "H1", "成员10", id_number(10), "是", "广东省东莞市", "自主务工", serial(dt.date(2023, 8, 1)), 5200],
        ["测试县", "青松镇", "甲村", "H2", "成员21", id_number(21), "是", "本县", "公益性岗位", "2023年3月", 1500],
        ["测试县", "青松镇", "甲村", "H5", "成员50", id_number(50), "是", "贵阳市", "自主务工", "2023-04-01", 4000],
        ["测试县", "青松镇", "乙村", "H6", "成员61", id_number(61), "否", None, None, None, None],
    ]
    r = _import(store, write_export(tmp_path / "已外出务工信息.xlsx", "（务工月监测）已外出务工信息", "2023-12-18", MIGRANT, jobs))
    assert (r["kind"], r["rows_imported"]) == ("migrant_work", 5)
    # 成员10 (two jobs) and 成员21 of 脱贫户; 成员50 is of a 一般农户, 成员61 has no job.
    assert metrics(store, 2023)["employed_exited_labour"] == 2


def test_exited_households_matched_to_the_2020_ledger(store, tmp_path):
    rows = [household(1, 2020, "青松镇", "甲村", 3, "已脱贫", 6000, exit_year=2018),
            household(2, 2020, "青松镇", "甲村", 2, "已脱贫", 5000, exit_year=2019)]
    rows[0][4], rows[1][4] = "H1", "H-XX"          # H1 by 户编号; H2 by its head's ID number (成员20)
    rows[1][6] = id_number(20)
    _import(store, write(tmp_path / "2020.xlsx", HOUSEHOLDS, rows))
    _import(store, _export(tmp_path))
    m = metrics(store, 2023)
    assert m["exited_poor_unmatched"] == 1                        # H6
    assert "3户脱贫户中1户在2014—2020年建档立卡户台账中找不到" in m["coverage"]["exited_poor_matched"]["note"]
    assert [(t["year"], t["registered_households"], t["exited_households"], t["exited_poor_households"])
            for t in m["regime_trend"]] == [(2020, 2, 2, None), (2023, None, None, 3)]


def test_an_id_number_twice_in_a_year_is_a_row_error(store, tmp_path):
    rows = [list(r) for r in ROWS_2023]
    rows[-1][5] = id_number(10)                  # H6's second member carries H1's head's number
    r = import_file(store, _export(tmp_path, rows))
    assert r["status"] == "imported" and r["rows_rejected"] == 2
    assert {(e["row"], e["column"]) for e in r["errors"]} == {(3 + 14, "证件号码"), (3 + 13, None)}
    assert any("证件号码与工作表“Sheet1”第4行重复" in e["message"] for e in r["errors"])
    assert metrics(store, 2023)["exited_poor_households"] == 2
    # Never the number itself in a message.
    assert id_number(10) not in json.dumps(r, ensure_ascii=False)


def test_a_household_without_its_head_is_rejected_whole(store, tmp_path):
    rows = [list(r) for r in ROWS_2023]
    rows[0][6] = "其他"                           # H1 loses its 户主
    r = import_file(store, _export(tmp_path, rows))
    assert r["rows_rejected"] == 3 and {e["row"] for e in r["errors"]} == {4, 5, 6}


def test_year_from_the_form_or_the_file_name_and_its_source(store, tmp_path):
    path = write_export(tmp_path / "脱贫人口信息_2024.xlsx", "脱贫人口信息", "—", MONITORING, ROWS_2023)
    from ledgerboard.importer import Options
    r = import_file(store, path, dry_run=True)
    assert r["sources"]["Sheet1"]["year"] == "文件名“脱贫人口信息_2024.xlsx”"
    r = import_file(store, path, opts=Options(year=2025), dry_run=True)
    assert r["sources"]["Sheet1"]["year"] == "上传时指定"


def test_import_json_says_where_the_year_came_from_and_what_was_kept_aside(store, tmp_path, capsys):
    header = [*MONITORING, "备用列"]
    rows = [[*r, "x"] for r in ROWS_2023]
    path = _export(tmp_path, rows, header=header)
    db = str(store.path)
    store.close()
    assert main(["import", str(path), "--db", db, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["kind"], out["status"]) == ("monitoring", "dry_run")
    assert out["sources"]["Sheet1"]["year"] == "标题行“导出时间：2023-12-18”"
    assert out["kept_aside"] == {"Sheet1": ["备用列"]}


def test_an_export_replaces_its_villages_year_and_undo_brings_it_back(store, tmp_path):
    first = _import(store, _export(tmp_path))
    fewer = [r for r in ROWS_2023 if r[3] != "H5"]
    second = _import(store, _export(tmp_path, fewer, name="监测对象信息（更正）.xlsx"))
    assert second["replaced"] == 6 and metrics(store, 2023)["monitored_households"] == 3
    assert store.cursor().execute("select count(*) from monitor_households").fetchone()[0] == 5
    undo(store, second["batch_id"])
    assert store.cursor().execute("select count(*) from monitor_households").fetchone()[0] == 6
    assert store.cursor().execute("select count(*) from monitor_persons").fetchone()[0] == 14
    undo(store, first["batch_id"])
    assert store.cursor().execute("select count(*) from monitor_households").fetchone()[0] == 0


def test_the_village_information_export_is_a_villages_ledger(store, tmp_path):
    rows = [["测试县", "青松镇", "甲村", "是", 40, 160, 100], ["测试县", "青松镇", "乙村", "否", 20, 70, 50]]
    r = _import(store, write_export(tmp_path / "行政村信息.xlsx", "（自定义）行政村信息", "2023-12-18", VILLAGE_INFO, rows))
    assert (r["kind"], r["rows_imported"], r["sources"]["Sheet1"]["year"]) == ("villages", 2, "标题行“导出时间：2023-12-18”")
    assert store.cursor().execute("select sum(agri_population), sum(total_population) from villages "
                                  "where year = 2023").fetchone() == (150, 230)


@pytest.mark.parametrize("written,canonical", [("因安全饮水", "因饮水安全"), ("住房安全", "因安全住房"), ("因病致贫", "因病")])
def test_risk_synonyms(written, canonical):
    from ledgerboard.fields import enum_value
    assert enum_value("risk", written) == canonical


def test_admin_sets_the_monitoring_line_on_the_admin_page(real_db):
    from ledgerboard import auditlog
    from ledgerboard.store import Store
    from tests.test_auth_pages import app, login

    at = login(app(year=2019), "admin")
    at.switch_page("pages/admin.py").run()
    at.number_input(key="ml_year").set_value(2023)
    at.number_input(key="ml_yuan").set_value(7300.0)
    next(b for b in at.button if b.label == "保存监测范围").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "已设置2023年全部县的防止返贫监测范围：7,300元。" in [s.value for s in at.success]
    s = Store(real_db)
    try:
        assert monitoring.lines(s) == [{"region": "", "year": 2023, "line_yuan": 7300.0, "demo": False}]
        log = auditlog.entries(s, username="admin", action="setting")
        assert "防止返贫监测范围：2023年全部县 → 7,300元" in set(log["target"])
    finally:
        s.close()


def test_an_export_without_its_household_type_column_is_still_a_monitoring_export(store, tmp_path):
    """Deleting 户类型 by hand once made the file a 建档立卡 ledger; 监测对象类别 and the risks still name it."""
    drop = MONITORING.index("户类型")
    header = [h for i, h in enumerate(MONITORING) if i != drop]
    rows = [[c for i, c in enumerate(r) if i != drop] for r in ROWS_2023]
    r = _import(store, _export(tmp_path, rows, header=header))
    assert r["kind"] == "monitoring"
    m = metrics(store, 2023)
    assert (m["monitored_households"], m["exited_poor_households"], m["poor_households"]) == (3, 0, None)


def test_a_village_without_its_export_is_not_imported_in_the_share(store, tmp_path):
    """行政村信息 lists 甲村, 乙村 and 丙村; the export holds 甲村 and 乙村 only. 监测对象占比 is over 甲村 and 乙村:
    7 monitored persons (H2 2, H3 4, H4 1, all 甲村) ÷ (100 + 50) = 4.67 %; 丙村 is 未导入, not 0 %."""
    _import(store, _export(tmp_path))
    info = [["测试县", "青松镇", "甲村", "是", 40, 160, 100], ["测试县", "青松镇", "乙村", "否", 20, 70, 50],
            ["测试县", "青松镇", "丙村", "否", 30, 90, 80]]
    _import(store, write_export(tmp_path / "行政村信息.xlsx", "（自定义）行政村信息", "2023-12-18", VILLAGE_INFO, info))
    m = metrics(store, 2023)
    assert m["monitored_share_pct"] == 4.67
    share = m["coverage"]["monitored_share"]
    assert (share["total"], share["covered"], share["not_imported"], share["complete"]) == (2, 2, ["丙村"], False)
    assert "丙村未导入2023年监测对象信息" in share["note"]
    mon = m["coverage"]["monitoring"]
    assert (mon["level"], mon["total"], mon["covered"], mon["missing"]) == ("村", 3, 2, ["丙村"])
    assert mon["note"] == "2/3个村已导入2023年防返贫监测对象信息（缺丙村），脱贫户、监测对象的户数、人数只含这2个村。"
    # The village alone: no export, so no figure at all (未导入), never 0.
    c = metrics(store, 2023, Area("测试县", "青松镇", "丙村"))
    assert c["monitored_households"] is None and c["monitored_share_pct"] is None
    assert c["coverage"]["monitoring"]["note"] == "未导入2023年防返贫监测对象信息（脱贫人口信息）。"


def test_import_json_and_the_preview_list_the_export_s_era_columns(tmp_path):
    """`import --json` and the upload preview name the risk, elimination and 帮扶 columns found, and the year's
    source; other kinds carry no era_columns."""
    from ledgerboard import upload
    from ledgerboard.importer import parse_file
    from tests.test_cli import run

    path = _export(tmp_path)
    p = run("import", str(path), "--dry-run", "--db", str(tmp_path / "x.duckdb"), "--json", check_code=0)
    r = json.loads(p.stdout)
    assert r["era_columns"] == {"risks": ["致贫/返贫风险1", "致贫/返贫风险2"], "elimination_method": ["风险消除方式"],
                                "measures": ["健康帮扶", "产业帮扶"]}
    assert r["sources"]["Sheet1"]["year"] == "标题行“导出时间：2023-12-18”"
    text = run("import", str(path), "--dry-run", "--db", str(tmp_path / "x.duckdb"), check_code=0).stdout
    assert "监测信息列：致贫/返贫风险：致贫/返贫风险1、致贫/返贫风险2；风险消除方式：风险消除方式；帮扶措施：健康帮扶、产业帮扶" in text
    assert "年度取自标题行“导出时间：2023-12-18”" in text
    assert upload.era_columns_text(parse_file(path)) == (
        "监测信息列：致贫/返贫风险：致贫/返贫风险1、致贫/返贫风险2；风险消除方式：风险消除方式；帮扶措施：健康帮扶、产业帮扶。")
    # Without a 帮扶 column the preview says none was found.
    header = [h for h in MONITORING if h not in ("健康帮扶", "产业帮扶")]
    bare = write_export(tmp_path / "无帮扶列.xlsx", "（自定义）监测对象信息", "2023-12-18", header,
                        [r[:len(header)] for r in ROWS_2023])
    assert upload.era_columns_text(parse_file(bare)).endswith("帮扶措施：未找到。")
    plain = write(tmp_path / "hh.xlsx", HOUSEHOLDS, [household(1, 2019, "青松镇", "甲村", 3)])
    assert "era_columns" not in json.loads(run("import", str(plain), "--dry-run", "--db", str(tmp_path / "x.duckdb"),
                                               "--json", check_code=0).stdout)
    assert upload.era_columns_text(parse_file(plain)) is None
