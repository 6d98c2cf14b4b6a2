"""Summary tables by place on the pages: the villages of an area as the 汇总表 gives them (贫困户, 贫困人口, funds),
for a year whose figures come from such a table. Marked 汇总表 wherever shown: they are reported figures, not
counted from household detail."""

from __future__ import annotations

import pandas as pd

from ledgerboard import figures
from ledgerboard.area import Area
from ledgerboard.store import Store

SOURCE = "来源：汇总表（按村填报的统计表）"
COLUMNS = {"poor_households": "贫困户（户）", "poor_population": "贫困人口（人）",
           "registered_households": "建档立卡户（户）", "registered_population": "建档立卡人口（人）",
           "invested_funds": "已投入帮扶资金（万元）", "household_funds": "帮扶到户资金（万元）",
           "village_funds": "帮扶到村资金（万元）"}
_FUNDS = ("invested_funds", "household_funds", "village_funds")
CHART_TOP = 30      # villages in the chart; the table has all


def villages(store: Store, year: int, area: Area) -> pd.DataFrame:
    """county, township, village and the figures of the summary tables by place, one row per village."""
    return store.query("area_places", year=year, **area.params())


def villages_table(df: pd.DataFrame) -> pd.DataFrame:
    """The page's table: 乡镇, 村 and the figures any row has, funds in 万元."""
    out = pd.DataFrame({"乡镇": df["township"], "村": df["village"]})
    if df["county"].nunique() > 1:
        out.insert(0, "县", df["county"])
    for key, label in COLUMNS.items():
        if df[key].notna().any():
            out[label] = df[key] / 10000 if key in _FUNDS else df[key].astype("Int64")
    return out


def villages_figure(df: pd.DataFrame, title: str, top: int = CHART_TOP):
    """贫困人口 by village (the largest `top`), labelled with 户 and 人."""
    shown = df[df["poor_population"].notna()].head(top)
    labels = figures.area_labels(shown)
    text = [f"{int(p):,}人" + (f"（{int(h):,}户）" if h == h and h is not None else "")
            for p, h in zip(shown["poor_population"], shown["poor_households"])]
    return figures.ranked_bar_figure(labels, shown["poor_population"].tolist(), title, SOURCE, value_title="贫困人口（人）",
                                     text=text)
