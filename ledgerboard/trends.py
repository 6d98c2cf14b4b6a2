"""Figures over years for an area."""

from __future__ import annotations

import pandas as pd

from ledgerboard.indicators import Area
from ledgerboard.store import Store


def trend(store: Store, area: Area) -> pd.DataFrame:
    """Per year: registered/poor/exited households and people, income, agri population, incidence."""
    return store.query("trend_by_year", **area.params())
