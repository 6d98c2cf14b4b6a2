"""Figures over years for an area."""

from __future__ import annotations

import pandas as pd

from ledgerboard.indicators import Area
from ledgerboard.store import Store


def trend(store: Store, area: Area) -> pd.DataFrame:
    """Per year: registered/poor/exited households and people, income, agri population, incidence."""
    return store.query("trend_by_year", **area.params())


def incomplete_years(trend_frame: pd.DataFrame) -> str:
    """'2019年只含3个乡镇中的2个（其余乡镇未导入建档立卡户台账）。' for the years of a trend that cover part of the area;
    by village ('2019年只含2个村中的1个') where every township has some villages loaded (ledger_coverage)."""
    if trend_frame.empty or "townships_loaded" not in trend_frame.columns:
        return ""
    towns, villages = [], []
    for r in trend_frame.itertuples(index=False):
        if r.townships_loaded < r.townships_known:
            towns.append(f"{int(r.year)}年只含{int(r.townships_known)}个乡镇中的{int(r.townships_loaded)}个")
        elif r.places_loaded < r.places_known:
            villages.append(f"{int(r.year)}年只含{int(r.places_known)}个村中的{int(r.places_loaded)}个")
    notes = []
    if towns:
        notes.append("；".join(towns) + "（其余乡镇未导入建档立卡户台账）。")
    if villages:
        notes.append("；".join(villages) + "（其余村未导入建档立卡户台账）。")
    return "".join(notes)
