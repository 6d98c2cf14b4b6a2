"""The 2021-on regime (防止返贫动态监测): the figures leaders quote from the monitoring system's exports.

From 2021 a county's households are 脱贫户 (exited by 2020), 监测对象 (脱贫不稳定户, 边缘易致贫户, 突发严重困难户)
and the rest; the figures are counted on the year's monitoring snapshot (queries/monitoring/*.sql), with the same
coverage rules as the 建档立卡 figures. `indicators.metrics()` calls `add_figures`; the monitoring line is a
setting per region and year (`set_line`, `lines`), never guessed.
"""

from __future__ import annotations

from ledgerboard.area import Area
from ledgerboard.numbers import round_half_up
from ledgerboard.store import Store, bind, sql_text

# The first year of the monitoring regime: a year from here on has no 未脱贫 and no 贫困发生率 of 建档立卡.
REGIME_START = 2021
MONITOR_TYPES = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")


def _macro_constant(name: str) -> int:
    """The whole number a constant macro (macros/<name>.sql: `create or replace macro name() as N;`) defines."""
    import re
    from pathlib import Path

    text = (Path(__file__).with_name("macros") / f"{name}.sql").read_text(encoding="utf-8")
    return int(re.search(rf"macro\s+{name}\(\)\s+as\s+(\d+)\s*;", text).group(1))


# The 6-month mark of quick elimination: one definition, the macro quick_elimination_months() that the audit rule
# era_quick_elimination uses.
QUICK_ELIMINATION_MONTHS = _macro_constant("quick_elimination_months")
KEYS = (
    "exited_poor_households", "exited_poor_population", "monitored_households", "monitored_population",
    "monitored_by_type", "monitored_population_by_type", "monitored_share_pct", "risk_open_households",
    "risk_open_population",
    "risk_eliminated_households", "risk_eliminated_population", "risk_eliminated_pct", "risk_eliminated_by",
    "risk_types", "risk_types_open", "newly_monitored_households", "months_to_eliminate_median", "exited_poor_income_mean",
    "exited_poor_income_growth_pct", "monitored_income_mean", "monitoring_line", "below_monitoring_line",
    "employed_exited_labour", "exited_poor_unmatched", "regime_trend",
)
# 建档立卡 figures that mean nothing in the monitoring era: null there, with a note (never computed from the
# monitoring export's columns).
REGISTRY_ONLY = ("poor_households", "poor_population", "incidence_pct")
LINE_MISSING = "未设置监测范围"
_COUNTS = ("exited_poor_households", "exited_poor_population", "monitored_households", "monitored_population",
           "risk_open_households", "risk_open_population", "risk_eliminated_households",
           "risk_eliminated_population", "newly_monitored_households")


def _row(store: Store, name: str, **params) -> dict:
    return store.query_row(f"monitoring/{name}", **params)


def _round(x, digits: int = 2):
    return None if x is None else round_half_up(float(x), digits)


def add_figures(store: Store, year: int, area: Area, out: dict, coverage: dict) -> None:
    """Add the monitoring figures of the year and area to a metrics() result (in place).

    Years before 2021 get nothing. A 2021-on year gets every key of KEYS (null without the monitoring export),
    and the 建档立卡 keys that have no meaning there set to null with a note in coverage["regime"]."""
    if year < REGIME_START or area.name:
        return
    out.update(dict.fromkeys(KEYS))
    for key in REGISTRY_ONLY:
        out[key] = None
    coverage["regime"] = {"complete": True, "note": (
        f"{year}年属防止返贫动态监测阶段，没有建档立卡意义上的未脱贫户和贫困发生率，这些指标不计算；"
        f"请看脱贫户、监测对象和风险消除等指标。")}
    p = area.params()
    f = _row(store, "figures", year=year, **p)
    households = int(f.get("households") or 0)
    # coverage["monitoring"] (indicators: the places with the year's export, ledger_coverage) says what they cover.
    if not households:
        out["regime_trend"] = trend(store, year, area)
        return
    for key in _COUNTS:
        out[key] = int(f[key])
    by_type, people_by_type = {t: 0 for t in MONITOR_TYPES}, {t: 0 for t in MONITOR_TYPES}
    for t, n, people in store.query_rows("monitoring/by_type", year=year, **p):
        by_type[t], people_by_type[t] = int(n), int(people)
    out["monitored_by_type"] = by_type
    out["monitored_population_by_type"] = people_by_type
    out["risk_eliminated_by"] = {"帮扶消除": int(f["eliminated_by_support"]), "自然消除": int(f["eliminated_naturally"])}
    monitored = out["monitored_households"]
    out["risk_eliminated_pct"] = _round(100 * out["risk_eliminated_households"] / monitored) if monitored else None
    out["risk_types"] = {r: int(n) for r, n, _ in store.query_rows("monitoring/risk_types", year=year, **p)}
    out["risk_types_open"] = {r: int(o) for r, _, o in store.query_rows("monitoring/risk_types", year=year, **p) if o}
    if f.get("monitored_without_date"):
        coverage["newly_monitored"] = {"complete": False, "note": (
            f"{f['monitored_without_date']}户监测对象没有识别监测时间，未计入当年新识别。")}
    median = f.get("months_to_eliminate_median")
    out["months_to_eliminate_median"] = _round(median, 1)
    out["exited_poor_income_mean"] = _round(f.get("exited_poor_income_mean"))
    out["monitored_income_mean"] = _round(f.get("monitored_income_mean"))
    out["monitored_share_pct"], coverage["monitored_share"] = _share(store, year, area)
    out["exited_poor_income_growth_pct"], coverage["exited_poor_income_growth"] = _growth(store, year, area)
    out["monitoring_line"], out["below_monitoring_line"], coverage["below_monitoring_line"] = _below_line(
        store, year, area)
    out["employed_exited_labour"], coverage["employed_exited_labour"] = _employed(store, year, area)
    out["exited_poor_unmatched"], coverage["exited_poor_matched"] = _matched(store, year, area)
    out["regime_trend"] = trend(store, year, area)


def _share(store: Store, year: int, area: Area) -> tuple[float | None, dict]:
    """监测对象占农业户籍人口比重 over the same villages above and below the line."""
    r = _row(store, "share", year=year, **area.params())
    total, covered = int(r.get("villages") or 0), int(r.get("villages_covered") or 0)
    left_out = [x for x in (r.get("left_out") or "").split("、") if x]
    not_imported = [x for x in (r.get("not_imported") or "").split("、") if x]
    cov = {"level": "村", "total": total, "covered": covered, "missing": left_out, "not_imported": not_imported,
           "complete": total > 0 and covered == total and not not_imported}
    if not covered or not r.get("agri_population"):
        cov["note"] = f"没有村同时有{year}年监测对象信息和农业户籍人口数据，不能计算监测对象占比。"
        return None, cov
    notes = []
    if left_out:
        notes.append(f"{covered}/{total}个村有农业户籍人口数据，监测对象占比按这{covered}个村计算（未计入：{_listing(left_out)}）。")
    if not_imported:
        notes.append(f"{_listing(not_imported)}未导入{year}年监测对象信息，不计入监测对象占比（分子分母都不含）。")
    cov["note"] = "".join(notes)
    return _round(100 * int(r["monitored_population"]) / int(r["agri_population"])), cov


def _listing(names: list[str], limit: int = 5) -> str:
    return "、".join(names[:limit]) + (f"等{len(names)}个" if len(names) > limit else "")


def _growth(store: Store, year: int, area: Area) -> tuple[float | None, dict]:
    """Growth of 脱贫人口人均纯收入 over the same households in Y−1."""
    r = _row(store, "income_growth", year=year, **area.params())
    now, both = int(r.get("households_now") or 0), int(r.get("households_both") or 0)
    cov = {"level": "户", "total": now, "covered": both, "missing": [], "complete": now > 0 and both == now}
    if not now:
        cov["note"] = ""
        return None, cov
    if not both or not r.get("mean_prev"):
        cov["note"] = f"{year - 1}年没有这些脱贫户的收入数据，不计算增速。"
        return None, cov
    cov["note"] = "" if cov["complete"] else (
        f"增速按两年都有收入数据的{both}户脱贫户计算（{year}年共{now}户有收入）。")
    return _round(100 * (r["mean_now"] / r["mean_prev"] - 1)), cov


def _below_line(store: Store, year: int, area: Area) -> tuple[float | None, dict | None, dict]:
    """(the line, {monitored, not_monitored}, coverage): households below the monitoring line."""
    r = _row(store, "below_line", year=year, **area.params())
    if r.get("households_without_line"):
        counties = r.get("counties_without_line") or ""
        return None, None, {"complete": False, "note": (
            f"{LINE_MISSING}：{counties}{year}年的防止返贫监测范围（人均纯收入标准）尚未设置，"
            f"不能统计低于监测范围的户数。请管理员在“管理”页设置。")}
    line = r["line_min"] if r.get("line_min") == r.get("line_max") else None
    return (_round(line, 0) if line is not None else None,
            {"monitored": int(r["monitored"]), "not_monitored": int(r["not_monitored"])},
            {"complete": True, "note": ""})


def _employed(store: Store, year: int, area: Area) -> tuple[int | None, dict]:
    r = _row(store, "employed", year=year, **area.params())
    if not r.get("job_rows"):
        return None, {"complete": False, "note": f"未导入{year}年务工信息（已外出务工信息），不能统计脱贫劳动力务工就业人数。"}
    return int(r["employed_exited_labour"]), {"complete": True, "note": ""}


def _matched(store: Store, year: int, area: Area) -> tuple[int | None, dict]:
    """脱贫户 not matched to a 2014–2020 建档立卡 household (null where no such ledger is imported)."""
    r = _row(store, "matched_exited", year=year, **area.params())
    exited, matched = int(r.get("exited_poor_households") or 0), int(r.get("matched") or 0)
    if not r.get("registered_households"):
        return None, {"complete": False, "total": exited, "covered": 0,
                      "note": "未导入2014—2020年建档立卡户台账，脱贫户不能与建档立卡户对应。"}
    covered = int(r.get("exited_covered") or 0)
    unmatched = covered - matched
    notes = []
    if unmatched:
        notes.append(f"{covered}户脱贫户中{unmatched}户在2014—2020年建档立卡户台账中找不到（按户编号或户主证件号码），请核实。")
    if exited > covered:
        notes.append(f"另有{exited - covered}户脱贫户所在县未导入2014—2020年建档立卡户台账，未参与对应。")
    return unmatched, {"complete": unmatched == 0 and exited == covered, "total": exited, "covered": matched,
                       "note": "".join(notes)}


def trend(store: Store, year: int, area: Area) -> list[dict]:
    """Both regimes by year up to `year`: registered / poor / exited households to 2020, then 脱贫户, 监测对象 and
    risk open from the monitoring exports."""
    df = store.query("monitoring/trend", year=year, county=area.county, township=area.township, village=area.village)
    rows = []
    for rec in df.to_dict("records"):
        rows.append({k: (None if v != v or v is None else int(v)) for k, v in rec.items()})
    return rows


# The monitoring line ---------------------------------------------------------------------------------
ALL_REGIONS = ""        # a line set for every county of the store


def lines(store: Store) -> list[dict]:
    """Every monitoring line in force: [{region, year, line_yuan, demo}] ('' = every county; demo: the demo
    county's own setting, in force only while the store holds nothing but the demo)."""
    return [{"region": r, "year": int(y), "line_yuan": float(x), "demo": bool(d)}
            for r, y, x, d in store.query_rows("monitoring/lines")]


def set_demo_lines(store: Store, demo_lines: dict[int, float]) -> None:
    """The demo's monitoring lines (every county, by year), in the demo loader's transaction: replaces the demo's
    earlier lines, never a line an admin set."""
    with store.transaction() as cur:
        cur.execute(sql_text("monitoring/delete_demo_lines"))
        sql = sql_text("monitoring/set_demo_line")
        for year, line_yuan in sorted(demo_lines.items()):
            cur.execute(sql, bind(sql, {"region": ALL_REGIONS, "year": year, "line_yuan": float(line_yuan)}))


def set_line(store: Store, year: int, line_yuan: float | None, region: str = ALL_REGIONS) -> None:
    """Set the monitoring line (元 per person and year) of a region and year; None removes it."""
    if line_yuan is not None and not 0 < line_yuan < 1_000_000:
        raise ValueError("监测范围应为大于0的人均纯收入（元）")
    with store.transaction() as cur:
        if line_yuan is None:
            sql = sql_text("monitoring/delete_line")
            cur.execute(sql, bind(sql, {"region": region, "year": year}))
        else:
            sql = sql_text("monitoring/set_line")
            cur.execute(sql, bind(sql, {"region": region, "year": year, "line_yuan": float(line_yuan)}))


def change_line(store: Store, username: str, year: int, line_yuan: float | None, region: str = ALL_REGIONS,
                address: str | None = None) -> str:
    """An admin sets (or, with None, clears) a monitoring line; recorded in the audit log. The Chinese result."""
    from ledgerboard import auditlog

    set_line(store, year, line_yuan, region)
    what = f"{line_yuan:,.0f}元" if line_yuan is not None else "未设置"
    auditlog.record(store, "setting", username, target=f"防止返贫监测范围：{year}年{region_label(region)} → {what}",
                    address=address)
    return (f"已设置{year}年{region_label(region)}的防止返贫监测范围：{what}。" if line_yuan is not None
            else f"已清除{year}年{region_label(region)}的防止返贫监测范围。")


def lines_frame(store: Store):
    """The lines set, with Chinese column names (the 管理 page's table)."""
    import pandas as pd

    rows = lines(store)
    return pd.DataFrame({"年度": [r["year"] for r in rows], "适用地区": [region_label(r["region"]) for r in rows],
                         "监测范围（元）": [r["line_yuan"] for r in rows],
                         "设置来源": ["示例数据自带" if r["demo"] else "管理员设置" for r in rows]})


def region_label(region: str) -> str:
    return region or "全部县"
