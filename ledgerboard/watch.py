"""防返贫监测 (the monitoring era's page and 村级详情 of 2021 on): the named results its charts and tables read.

Every function takes (store, year, area) like ``ledgerboard.analysis`` so pages cache it with ``ui.cached``; the
figures agree with ``monitoring.add_figures`` (the same snapshot, the same definitions). A place whose monitoring
export of the year is not imported has no counts (未导入), never 0.
"""

from __future__ import annotations

import pandas as pd

from ledgerboard.analysis import labelled, missing_places_note
from ledgerboard.area import Area
from ledgerboard.idnumber import mask, mask_name
from ledgerboard.monitoring import MONITOR_TYPES
from ledgerboard.store import Store

LEDGER = "防返贫监测对象信息"
INCOME_BAND_YUAN = 500
INCOME_BAND_CAP_YUAN = 20000
# Months from 识别 to 消除, in the bands a leader reads (under 6 months is what an inspection asks about).
MONTH_BANDS = ((0, 3, "不足3个月"), (3, 6, "3–5个月"), (6, 12, "6–11个月"), (12, 18, "12–17个月"),
               (18, 24, "18–23个月"), (24, None, "24个月及以上"))
STATUS_ORDER = ("帮扶消除", "自然消除", "已消除（方式未填写）", "风险未消除")
# Column → Chinese table header with unit.
LABELS = {
    "county": "县",
    "township": "乡镇",
    "village": "行政村",
    "group": "村民组",
    "household_id": "户编号",
    "head_name": "户主姓名",
    "head_id_number": "户主证件号码",
    "household_size": "家庭人口（人）",
    "household_type": "户类型",
    "monitor_type": "监测对象类别",
    "identified_date": "识别监测时间",
    "risk": "主要风险（致贫/返贫风险1）",
    "risk_eliminated": "风险已消除",
    "elimination_method": "风险消除方式",
    "eliminated_date": "消除监测时间",
    "income_per_capita": "人均纯收入（元）",
    "monitoring_line": "监测范围（元）",
    "gap_yuan": "低于监测范围（元）",
    "measures": "帮扶措施",
    "villages_imported": "已导入村（个）",
    "exited_poor_households": "脱贫户（户）",
    "exited_poor_population": "脱贫人口（人）",
    "monitored_households": "监测对象（户）",
    "monitored_population": "监测对象（人）",
    "unstable_households": "脱贫不稳定户（户）",
    "edge_households": "边缘易致贫户（户）",
    "sudden_households": "突发严重困难户（户）",
    "risk_open_households": "风险未消除（户）",
    "risk_eliminated_households": "已消除风险（户）",
    "risk_eliminated_pct": "风险消除率（%）",
    "below_line_unmonitored": "低于监测范围未纳入监测（户）",
    "exited_poor_income_mean": "脱贫人口人均纯收入（元）",
    "monitored_income_mean": "监测对象人均纯收入（元）",
}
# The by-category columns of places(), in MONITOR_TYPES order.
TYPE_COLUMNS = dict(zip(MONITOR_TYPES, ("unstable_households", "edge_households", "sudden_households")))


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The frame for people: known columns only, Chinese headers, 是/否 for flags, dates as 2023-05-10."""
    return labelled(df, LABELS)


def years(store: Store) -> list[int]:
    """The years with a monitoring export, newest first."""
    return [int(y) for (y,) in store.query_rows("monitoring/years")]


def places(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Counties, townships and villages of the area (column `level`) with their monitoring figures; counts null
    where the year's export is not imported for the place."""
    return store.query("monitoring/places", year=year, **area.params())


def at_level(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """The rows of places() at one level ("county", "township", "village")."""
    rows = frame[frame["level"] == level].reset_index(drop=True)
    drop = {"county": ["township", "village"], "township": ["village"], "village": []}[level]
    return rows.drop(columns=drop)


def not_imported_note(frame: pd.DataFrame, year: int) -> str:
    """'2个村未导入2023年防返贫监测对象信息，不在图中（未导入，不是0户）：甲村、乙村。' for rows without the export; else ''."""
    if frame.empty:
        return ""
    return missing_places_note(frame[frame["households"].isna()], year, LEDGER, "不在图中（未导入，不是0户）")


def risk_types(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Monitored households by their first 致贫/返贫风险 (risk, households, open_households), largest first."""
    return store.query("monitoring/risk_types", year=year, **area.params())


def months(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Per month 1–12: identified_households (识别监测时间) and eliminated_households (消除监测时间)."""
    return store.query("monitoring/months", year=year, **area.params())


def months_to_eliminate(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Households eliminated in the year by months from 识别 to 消除 (MONTH_BANDS) and 风险消除方式."""
    raw = store.query("monitoring/months_to_eliminate", year=year, **area.params())
    if raw.empty:
        return pd.DataFrame(columns=["band", "method", "households"])

    def band(months: int) -> str:
        return next(name for lo, hi, name in MONTH_BANDS if months >= lo and (hi is None or months < hi))

    raw = raw.assign(band=[band(max(int(m), 0)) for m in raw["months"]])
    out = raw.groupby(["band", "method"], as_index=False)["households"].sum()
    order = {name: i for i, (_, _, name) in enumerate(MONTH_BANDS)}
    return out.sort_values(["band", "method"], key=lambda s: s.map(order) if s.name == "band" else s,
                           kind="stable").reset_index(drop=True)


def status_by_type(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Monitored households by 监测对象类别 and status (STATUS_ORDER): households, population."""
    return store.query("monitoring/status_by_type", year=year, **area.params())


def income_bands(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Households by income band (INCOME_BAND_YUAN wide) for the groups 脱贫户 and 监测对象."""
    return store.query("monitoring/income_bands", year=year, band=INCOME_BAND_YUAN, cap=INCOME_BAND_CAP_YUAN,
                       **area.params())


def _masked(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["head_name"] = df["head_name"].map(mask_name, na_action="ignore")
    df["head_id_number"] = df["head_id_number"].map(mask, na_action="ignore")
    return df


def below_line_unmonitored(store: Store, year: int, area: Area) -> pd.DataFrame:
    """Households below the monitoring line and not monitored, names and ID numbers masked (never unmasked here)."""
    return _masked(store.query("monitoring/below_line_unmonitored", year=year, **area.params()))


def village_households(store: Store, year: int, area: Area) -> pd.DataFrame:
    """The households of the village's monitoring export, names and ID numbers masked."""
    return _masked(store.query("monitoring/village_households", year=year, **area.params()))
