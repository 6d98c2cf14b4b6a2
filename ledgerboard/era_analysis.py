"""Data behind the analysis pages in a year of 防止返贫动态监测 (2021 on): one named query of queries/era/ per chart.

致贫原因 becomes 返贫致贫风险类型 of the 监测对象, 收入增长 the income of 脱贫人口 (growth over the same households),
项目覆盖 keeps the year's projects (衔接资金项目) and counts 帮扶措施 of the 监测对象 from the export's 帮扶 columns,
贫困发生率 gives way to 监测对象占农业户籍人口比例. Nothing here reads a 建档立卡 figure of the year.
"""

from __future__ import annotations

import pandas as pd

from ledgerboard.analysis import labelled, missing_places_note
from ledgerboard.area import Area
from ledgerboard.numbers import round_half_up
from ledgerboard.store import Store

CHART_TOP = 30
INCOME_BAND_YUAN = 1000
INCOME_BAND_CAP_YUAN = 20000

# Column → Chinese table header with unit (the era's tables).
LABELS = {
    "year": "年度",
    "county": "县",
    "township": "乡镇",
    "village": "行政村",
    "risk": "返贫致贫风险类型",
    "monitor_type": "监测对象类别",
    "households": "监测对象（户）",
    "population": "监测对象（人）",
    "open_households": "风险未消除（户）",
    "share_pct": "占比（%）",
    "open_share_pct": "风险未消除占比（%）",
    "exported": "已导入监测对象信息",
    "exited_poor_households": "脱贫户（户）",
    "exited_poor_population": "脱贫人口（人）",
    "exited_with_income": "有收入数据的脱贫户（户）",
    "exited_poor_income_mean": "脱贫人口人均纯收入（元）",
    "monitored_income_mean": "监测对象人均纯收入（元）",
    "exited_poor_income_growth_pct": "脱贫人口人均纯收入增速（%）",
    "monitored_households": "监测对象（户）",
    "monitored_population": "监测对象（人）",
    "agri_population": "农业户籍人口（人）",
    "monitored_share_pct": "监测对象占农业户籍人口比例（%）",
    "villages": "村数（个）",
    "villages_covered": "计入占比的村（个）",
    "covered_households": "有帮扶措施的监测对象（户）",
    "coverage_pct": "帮扶措施覆盖率（%）",
    "open_covered_households": "有帮扶措施的风险未消除户（户）",
    "open_coverage_pct": "风险未消除户帮扶措施覆盖率（%）",
    "measure": "帮扶措施",
    "wage": "工资性收入（元）",
    "business": "生产经营性收入（元）",
    "property": "财产性收入（元）",
    "transfer": "转移性收入（元）",
    "wage_pct": "工资性占比（%）",
    "business_pct": "生产经营性占比（%）",
    "property_pct": "财产性占比（%）",
    "transfer_pct": "转移性占比（%）",
}
NOT_IMPORTED = "未导入"


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as a table for people: known columns, Chinese headers, 是/否 for flags, 未导入 for a village
    without the year's export (its figures stay empty, never 0)."""
    return labelled(df, LABELS, false_text={"exported": NOT_IMPORTED})


def not_exported_note(df: pd.DataFrame, year: int) -> str:
    """'1个村未导入2023年监测对象信息，不在图中：丙村。' for the villages of a frame without the year's export."""
    if df.empty or "exported" not in df.columns:
        return ""
    return missing_places_note(df[~df["exported"].astype(bool)], year, "监测对象信息", "不在图中")


def era_notes(m: dict) -> dict:
    """metrics() with its coverage notes in the era's words: the projects ledger of 2021 on is the 衔接资金项目台账."""
    coverage = {k: ({**v, "note": v["note"].replace("扶贫项目台账", "衔接资金项目台账")} if v.get("note") else v)
                for k, v in (m.get("coverage") or {}).items()}
    return {**m, "coverage": coverage}


# 返贫致贫风险 ----------------------------------------------------------------------
def risk_share(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("era/risk_share", year=year, **area.params())


def risk_by_village(store: Store, year: int, area: Area, top: int = CHART_TOP) -> pd.DataFrame:
    return store.query("era/risk_by_village", year=year, top=top, **area.params())


def risk_by_category(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("era/risk_by_category", year=year, **area.params())


# 脱贫人口收入 ----------------------------------------------------------------------
def income_by_year(store: Store, area: Area) -> pd.DataFrame:
    """脱贫人口 and 监测对象 人均纯收入 by year, and the growth of 脱贫人口's over the same households of the year
    before (monitoring/income_growth, the query metrics() uses), with how many households it covers."""
    df = store.query("era/income_by_year", **area.params())
    growth, both = [], []
    for year in df["year"]:
        r = store.query_row("monitoring/income_growth", year=int(year), **area.params())
        ok = r.get("households_both") and r.get("mean_prev")
        growth.append(round_half_up(100 * (r["mean_now"] / r["mean_prev"] - 1), 2) if ok else None)
        both.append(int(r.get("households_both") or 0))
    df["exited_poor_income_growth_pct"] = pd.array(growth, dtype="Float64")
    df["households_both"] = both
    for c in ("exited_poor_income_mean", "monitored_income_mean"):
        df[c] = [None if pd.isna(v) else round_half_up(float(v), 2) for v in df[c]]
    return df


def income_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("era/income_by_village", year=year, **area.params())


def income_distribution(store: Store, year: int, area: Area, band_yuan: int = INCOME_BAND_YUAN,
                        cap_yuan: int = INCOME_BAND_CAP_YUAN) -> pd.DataFrame:
    return store.query("era/income_distribution", year=year, bin_yuan=band_yuan, cap_yuan=cap_yuan, **area.params())


def income_structure(store: Store, area: Area) -> pd.DataFrame:
    return store.query("era/income_structure", **area.params())


# 监测对象占比 ----------------------------------------------------------------------
def share_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("era/share_by_village", year=year, **area.params())


def share_by_township(store: Store, year: int, area: Area) -> pd.DataFrame:
    """The village rule summed per township: monitored persons over 农业户籍人口 of the villages that have both."""
    villages = share_by_village(store, year, area)
    cols = ["county", "township", "villages", "villages_covered", "monitored_population", "agri_population",
            "monitored_share_pct"]
    if villages.empty:
        return pd.DataFrame(columns=cols)
    villages = villages.assign(covered=villages["monitored_share_pct"].notna())
    rows = []
    for (county, township), g in villages.groupby(["county", "township"], dropna=False, sort=True):
        c = g[g["covered"]]
        monitored, agri = int(c["monitored_population"].sum()), int(c["agri_population"].sum())
        rows.append({"county": county, "township": township, "villages": len(g), "villages_covered": len(c),
                     "monitored_population": monitored if len(c) else None, "agri_population": agri if len(c) else None,
                     "monitored_share_pct": round_half_up(100 * monitored / agri, 2) if len(c) and agri else None})
    return pd.DataFrame(rows, columns=cols)


# 帮扶措施 --------------------------------------------------------------------------
def measure_coverage(store: Store, year: int, area: Area) -> pd.DataFrame:
    """帮扶措施 coverage of 监测对象 by village: all monitored households and the open ones."""
    df = store.query("era/measure_coverage", year=year, **area.params())
    df["coverage_pct"] = [round_half_up(100 * c / n, 2) if n else None
                          for c, n in zip(df["covered_households"], df["monitored_households"])]
    df["open_coverage_pct"] = [round_half_up(100 * c / n, 2) if n else None
                               for c, n in zip(df["open_covered_households"], df["open_households"])]
    return df


def measure_summary(coverage: pd.DataFrame) -> dict | None:
    """The area's totals of measure_coverage(); None where the year has no 监测对象."""
    if coverage.empty:
        return None
    n, c = int(coverage["monitored_households"].sum()), int(coverage["covered_households"].sum())
    o, oc = int(coverage["open_households"].sum()), int(coverage["open_covered_households"].sum())
    return {"monitored_households": n, "covered_households": c,
            "coverage_pct": round_half_up(100 * c / n, 2) if n else None,
            "open_households": o, "open_covered_households": oc,
            "open_coverage_pct": round_half_up(100 * oc / o, 2) if o else None,
            "uncovered_open_households": o - oc}


def measure_types(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("era/measure_types", year=year, **area.params())
