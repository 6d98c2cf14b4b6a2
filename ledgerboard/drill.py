"""Drill-down as plain functions: a chart point carries its place in plotly customdata, a selection event becomes
new filters (the sidebar widgets' session state, which the URL mirrors).

Every bar carries the full area key [county, township, village] ("" for the parts a higher level has not):
a county's bar filters the pages to that county, a township's bar to that township, a village's bar opens the
village view.
"""

from __future__ import annotations

import pandas as pd

from ledgerboard.area import Area

ALL = "全部"          # the sidebar's "no filter" option (ui.ALL)
VILLAGE_PAGE = "pages/village.py"
KEY = ("county", "township", "village")


def customdata(df: pd.DataFrame) -> list[list[str]]:
    """The drill key of every row: [county, township, village] ("" where the row is a higher level)."""
    blank = pd.Series("", index=df.index)
    keys = pd.DataFrame({k: (df[k] if k in df.columns else blank).fillna("").astype(str) for k in KEY})
    return keys.to_numpy().tolist()


def from_selection(event) -> Area | None:
    """The place of the first selected point that carries a drill key; None for no usable selection."""
    if not event:
        return None
    selection = event.get("selection") if hasattr(event, "get") else None
    points = (selection or {}).get("points") or []
    for point in points:
        key = point.get("customdata")
        if isinstance(key, (list, tuple)) and len(key) >= 3 and any(isinstance(k, str) and k for k in key[:3]):
            county, township, village = (str(k) if isinstance(k, str) and k else None for k in key[:3])
            return Area(county=county, township=township, village=village if township else None)
    return None


def opens_village(area: Area) -> bool:
    return bool(area.village)


def widget_state(area: Area) -> dict:
    """New values of the sidebar selectboxes (keys "county", "township", "village")."""
    return {"county": area.county or ALL, "township": area.township or ALL, "village": area.village or ALL}
