"""Figures over years for an area."""

from __future__ import annotations

import pandas as pd

from ledgerboard.indicators import Area
from ledgerboard.store import Store


def trend(store: Store, area: Area) -> pd.DataFrame:
    """Per year: registered/poor/exited households and people, income, agri population, incidence."""
    return store.query("trend_by_year", **area.params())


def incomplete_years(trend_frame: pd.DataFrame) -> str:
    """'2019年只含3个乡镇中的2个（其余未导入建档立卡户台账）。' for the years of a trend that cover part of the area."""
    if trend_frame.empty or "townships_loaded" not in trend_frame.columns:
        return ""
    part = trend_frame[trend_frame["townships_loaded"] < trend_frame["townships_known"]]
    notes = [f"{int(r.year)}年只含{int(r.townships_known)}个乡镇中的{int(r.townships_loaded)}个"
             for r in part.itertuples(index=False)]
    return ("；".join(notes) + "（其余乡镇未导入建档立卡户台账）。") if notes else ""
