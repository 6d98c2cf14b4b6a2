"""Data behind the analysis pages: one named query per chart, and Chinese table headers as data."""

from __future__ import annotations

import pandas as pd

from ledgerboard.idnumber import mask, mask_name
from ledgerboard.indicators import Area
from ledgerboard.numbers import round_half_up
from ledgerboard.store import Store

DEFAULT_EXIT_THRESHOLD = 2.0
INCOME_BAND_YUAN = 500
INCOME_BAND_CAP_YUAN = 12000
DEFAULT_MIN_MEASURES = 5
INCOME_PARTS = {"wage": "工资性收入", "business": "生产经营性收入", "property": "财产性收入", "transfer": "转移性收入"}
STATUS_ORDER = ["未开工", "在建", "已完工", "已验收", "未填写"]
# A chart of villages or townships shows at most this many (a province has ~150 000 villages); tables keep them all.
CHART_TOP = 30

# Column → Chinese table header with unit; a table shows the columns listed here, in this order.
LABELS = {
    "year": "年度",
    "county": "县",
    "township": "乡镇",
    "village": "行政村",
    "group": "村民组",
    "household_id": "户编号",
    "head_name": "户主姓名",
    "head_id_number": "户主身份证号",
    "household_size": "家庭人口数（人）",
    "attribute": "贫困户属性",
    "main_cause": "主要致贫原因",
    "cause": "主要致贫原因",
    "status": "状态",
    "exit_year": "脱贫年度",
    "category": "项目类别",
    "project_name": "项目名称",
    "location": "建设地点",
    "registered_households": "建档立卡户（户）",
    "registered_population": "建档立卡人口（人）",
    "poor_households": "未脱贫户（含返贫，户）",
    "poor_population": "未脱贫人口（含返贫，人）",
    "exited_households": "当年脱贫户（户）",
    "exited_population": "当年脱贫人口（人）",
    "agri_population": "农业户籍人口（人）",
    "incidence_pct": "贫困发生率（%）",
    "is_poor_village": "贫困村",
    "village_exit_year": "出列年度",
    "village_exited": "已出列",
    "villages": "村数（个）",
    "exited_villages": "已出列村（个）",
    "villages_loaded": "已导入户台账的村（个）",
    "villages_with_income": "有收入数据的村（个）",
    "villages_with_project": "项目覆盖村（个）",
    "township_households": "建档立卡户（户）",
    "households": "户数（户）",
    "population": "人数（人）",
    "share_pct": "占比（%）",
    "cumulative_pct": "累计占比（%）",
    "households_with_income": "有收入数据户（户）",
    "persons_with_income": "有收入数据人口（人）",
    "income_per_capita": "人均纯收入（元）",
    "income_mean": "人均纯收入均值（元，人口加权）",
    "income_median": "人均纯收入中位数（元，人口加权）",
    "income_growth_pct": "比上年增长（%）",
    "poverty_line": "贫困线（元）",
    "below_line_households": "低于贫困线户（户）",
    "below_line_population": "低于贫困线人口（人）",
    "band_from": "人均纯收入区间起点（元）",
    "wage": "工资性收入（元）",
    "business": "生产经营性收入（元）",
    "property": "财产性收入（元）",
    "transfer": "转移性收入（元）",
    "transfer_income": "转移性收入（元）",
    "wage_pct": "工资性占比（%）",
    "business_pct": "生产经营性占比（%）",
    "property_pct": "财产性占比（%）",
    "transfer_pct": "转移性占比（%）",
    "projects": "项目数（个）",
    "investment_wan": "总投资（万元）",
    "total_investment": "总投资（万元）",
    "fiscal_wan": "财政扶贫资金（万元）",
    "fiscal_funds": "财政扶贫资金（万元）",
    "beneficiary_households": "受益贫困户（户）",
    "investment_per_household_yuan": "户均分摊到村资金（元/户）",
    "allocated_investment_wan": "分摊到村资金（万元）",
    "allocated_fiscal_wan": "分摊到村财政扶贫资金（万元）",
    "gap": "有贫困户无项目",
    "start_date": "开工时间",
    "end_date": "完工时间",
    "measures": "帮扶措施（项）",
    "measures_per_household": "户均帮扶措施（项）",
    "covered_households": "有帮扶措施户（户）",
    "below_min_households": "措施不足户（户）",
}


def table(df: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """The frame as a table for people: known columns only, Chinese headers, 是/否 for flags."""
    return labelled(df, {**LABELS, **(labels or {})})


def labelled(df: pd.DataFrame, labels: dict, false_text: dict | None = None) -> pd.DataFrame:
    """The columns of `labels` only, under their Chinese headers; flags 是/否 (or a column's own text for False
    in `false_text`), dates as 2023-05-10. Every page's table goes through here."""
    cols = [c for c in df.columns if c in labels]
    out = df[cols].copy()
    for c in cols:
        if out[c].dtype == bool or str(out[c].dtype) == "boolean":
            out[c] = out[c].map({True: "是", False: (false_text or {}).get(c, "否")})
        elif pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out.rename(columns={c: labels[c] for c in cols})


def not_imported_note(df: pd.DataFrame, year: int, ledger: str = "建档立卡户台账",
                      column: str = "registered_households") -> str:
    """'2个村未导入2019年建档立卡户台账，不在图中，表中无户数：二村、三村。' for the rows of a by-village (or
    by-township) frame whose ledger is not imported (`column` null); '' when every row has it."""
    if df.empty or column not in df.columns:
        return ""
    return missing_places_note(df[df[column].isna()], year, ledger, "不在图中，表中无户数")


def missing_places_note(missing: pd.DataFrame, year: int, ledger: str, consequence: str) -> str:
    """'2个村未导入{year}年{ledger}，{consequence}：二村、三村。' naming the villages (or townships) of `missing`
    (at most ten); '' when there are none."""
    if missing.empty:
        return ""
    column, unit = ("village", "个村") if "village" in missing.columns else ("township", "个乡镇")
    names = [str(n) for n in missing[column].fillna("（未填）")]
    shown = "、".join(names[:10]) + ("等" if len(names) > 10 else "")
    return f"{len(names):,}{unit}未导入{year}年{ledger}，{consequence}：{shown}。"


def no_projects_text(year: int, area_label: str, village: str | None, projects_count) -> str:
    """Why a 项目覆盖 view has no projects: the ledger is not imported, or it is and the place has none."""
    if projects_count is None:
        return f"{year}年{area_label}没有扶贫项目台账数据。请选择其他年度，或到“数据上传”页导入项目台账。"
    return f"本村{year}年没有扶贫项目。" if village else f"{area_label}{year}年没有扶贫项目。"


def chart_rows(df: pd.DataFrame, column: str, lowest: bool = False, top: int = CHART_TOP) -> pd.DataFrame:
    """The rows a chart shows: all of them, or the `top` with the highest (lowest) `column`, in the frame's order."""
    if len(df) <= top:
        return df
    keep = df[column].rank(method="first", ascending=lowest, na_option="bottom") <= top
    return df[keep]


def default_year(store: Store, years: list[int]) -> int | None:
    """The year a link without ?year= opens on: the newest year of the monitoring exports (2021 on) where the store
    has any — the era offices work in; else the latest in which at least half of the villages still have poor
    households, so the first view has bars to read (in the last year of a campaign nearly every rate is 0);
    the latest year when no year qualifies (or no household ledger is loaded)."""
    if not years:
        return None
    year = store.query("default_year")["year"].iloc[0]
    return int(year) if not pd.isna(year) and int(year) in years else max(years)


def exit_threshold(store: Store) -> float:
    """The village 出列 incidence threshold (%) of the configured region."""
    df = store.query("exit_threshold")
    return float(df["incidence_pct"].iloc[0]) if not df.empty else DEFAULT_EXIT_THRESHOLD


# 贫困发生率 ---------------------------------------------------------------------
def incidence_by_county(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("incidence_by_county", year=year, county=area.county)


def incidence_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("incidence_by_village", year=year, **area.params())


def incidence_by_township(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("incidence_by_township", year=year, county=area.county, township=area.township)


def incidence_village_year(store: Store, area: Area, top: int = CHART_TOP) -> pd.DataFrame:
    return store.query("incidence_village_year", top=top, **area.params())


def incidence_township_year(store: Store, area: Area, top: int = CHART_TOP) -> pd.DataFrame:
    return store.query("incidence_township_year", top=top, county=area.county, township=area.township)


# 致贫原因 -----------------------------------------------------------------------
def causes_share(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("causes_share", year=year, **area.params())


def causes_by_village(store: Store, year: int, area: Area, top: int = CHART_TOP) -> pd.DataFrame:
    """The cause mix of the area's `top` villages with the most registered households."""
    return store.query("causes_by_village", year=year, top=top, **area.params())


def causes_by_township(store: Store, year: int, area: Area) -> pd.DataFrame:
    """The cause mix of every township of the area (main cause only), with its villages' households coverage."""
    return store.query("causes_by_township", year=year, county=area.county, township=area.township)


def causes_by_attribute(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("causes_by_attribute", year=year, **area.params())


def causes_poor_by_year(store: Store, area: Area) -> pd.DataFrame:
    return store.query("causes_poor_by_year", **area.params())


# 收入增长 -----------------------------------------------------------------------
def income_by_year(store: Store, area: Area) -> pd.DataFrame:
    return store.query("income_by_year", **area.params())


def income_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("income_by_village", year=year, **area.params())


def income_by_township(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("income_by_township", year=year, county=area.county, township=area.township)


def income_distribution(store: Store, year: int, area: Area, band_yuan: int = INCOME_BAND_YUAN,
                        cap_yuan: int = INCOME_BAND_CAP_YUAN) -> pd.DataFrame:
    return store.query("income_distribution", year=year, bin_yuan=band_yuan, cap_yuan=cap_yuan, **area.params())


def income_structure_by_year(store: Store, area: Area) -> pd.DataFrame:
    return store.query("income_structure_by_year", **area.params())


def income_structure_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("income_structure_by_village", year=year, **area.params())


# 项目覆盖 -----------------------------------------------------------------------
def projects_by_category(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("projects_by_category", year=year, **area.params())


def projects_status(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("projects_status", year=year, **area.params())


def projects_by_village(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Projects by village with each project's funds split equally over the villages it reaches (分摊到村资金:
    全乡/全镇 over every village of the township). Not the full investment of the projects touching a
    village (涉及项目总投资, metrics()' project_investment_wan for a village): the two have distinct names."""
    df = store.query("projects_by_village", year=year, **area.params())
    return df.rename(columns={"investment_wan": "allocated_investment_wan", "fiscal_wan": "allocated_fiscal_wan"})


def projects_by_township(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Projects by township: the sum of its villages' 分摊到村资金 (projects_by_village), villages covered."""
    df = store.query("projects_by_township", year=year, county=area.county, township=area.township)
    return df.rename(columns={"investment_wan": "allocated_investment_wan", "fiscal_wan": "allocated_fiscal_wan"})


def measures_summary(measures: pd.DataFrame) -> dict | None:
    """户均帮扶措施, households under the minimum and their share, from projects_measures(); None without measures."""
    if measures.empty or measures["measures"].sum() == 0:
        return None
    households = int(measures["registered_households"].sum())
    below = int(measures["below_min_households"].sum())
    return {
        "households": households,
        "measures_per_household": round_half_up(measures["measures"].sum() / households, 2) if households else None,
        "below_min_households": below,
        "below_min_pct": round_half_up(100 * below / households, 1) if households else None,
    }


def gap_villages(villages: pd.DataFrame) -> pd.DataFrame:
    """Villages with poor households and no project (from projects_by_village())."""
    return villages[villages["gap"]]


def village_project_table(villages: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Projects by village with each village's support measures beside them, joined on the village key."""
    if measures.empty:
        return villages
    keys = [c for c in ("county", "township", "village") if c in villages.columns and c in measures.columns]
    extra = [c for c in measures.columns if c not in villages.columns]
    return villages.merge(measures[keys + extra], on=keys, how="left")


def funds_chart_rows(villages: pd.DataFrame, top: int = CHART_TOP) -> tuple[pd.DataFrame, int, int]:
    """(the villages the funds-per-household chart shows, villages ranked, villages without project funds).

    Villages with registered households, the `top` with the least funds per household, largest first;
    among equal funds (typically none at all) those with the most poor households are kept first.
    """
    ranked = villages[villages["registered_households"] > 0].fillna({"investment_per_household_yuan": 0})
    ranked = ranked.sort_values(["investment_per_household_yuan", "poor_households"], ascending=[False, False])
    unfunded = int((ranked["investment_per_household_yuan"] == 0).sum())
    # chart_rows keeps the first of equal values in frame order: among the unfunded, the poorest.
    return chart_rows(ranked, "investment_per_household_yuan", lowest=True, top=top), len(ranked), unfunded


def projects_coverage(store: Store, year: int, area: Area, top: int = CHART_TOP) -> pd.DataFrame:
    """Village × category for the area's `top` villages that most need a look (poor households, no project)."""
    return store.query("projects_coverage", year=year, top=top, **area.params())


def projects_measures(store: Store, year: int, area: Area, min_measures: int = DEFAULT_MIN_MEASURES) -> pd.DataFrame:
    return store.query("projects_measures", year=year, min_measures=min_measures, **area.params())


def projects_measure_counts(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("projects_measure_counts", year=year, **area.params())


# 村级详情 -----------------------------------------------------------------------
def village_households(store: Store, year: int, area: Area) -> pd.DataFrame:
    """The village's households with names and ID numbers masked (personal data never leaves unmasked)."""
    df = store.query("village_households", year=year, **area.params())
    df["head_name"] = df["head_name"].map(mask_name, na_action="ignore")
    df["head_id_number"] = df["head_id_number"].map(mask, na_action="ignore")
    return df


def village_projects(store: Store, year: int, area: Area) -> pd.DataFrame:
    return store.query("village_projects", year=year, **area.params())


def village_profile(store: Store, year: int, area: Area) -> dict:
    df = store.query("village_profile", year=year, **area.params())
    return {} if df.empty else {k: (None if pd.isna(v) else v) for k, v in df.iloc[0].to_dict().items()}


def income_parts_long(df: pd.DataFrame) -> pd.DataFrame:
    """An income-structure frame (one row per year or village) as one row per income source, for stacked shares."""
    ids = [c for c in ("year", "county", "township", "village") if c in df.columns]
    amounts = df.melt(id_vars=ids, value_vars=list(INCOME_PARTS), var_name="key", value_name="amount")
    shares = df.melt(id_vars=ids, value_vars=[f"{k}_pct" for k in INCOME_PARTS], var_name="key", value_name="share_pct")
    shares["key"] = shares["key"].str.removesuffix("_pct")
    out = amounts.merge(shares, on=[*ids, "key"])
    out["part"] = out["key"].map(INCOME_PARTS)
    return out
