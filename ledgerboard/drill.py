"""Drill-down as plain functions: a chart point carries its area in plotly customdata,
a selection event becomes new filters (the sidebar widgets' session state, which the URL mirrors).

A township's bar carries [township, ""]: clicking it filters the pages to that township.
A village's bar carries [township, village]: clicking it opens the village view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ALL = "全部"          # the sidebar's "no filter" option (ui.ALL)
VILLAGE_PAGE = "pages/village.py"


@dataclass(frozen=True)
class Drill:
    township: str | None
    village: str | None = None

    @property
    def opens_village(self) -> bool:
        return bool(self.village)


def customdata(df: pd.DataFrame) -> list[list[str]]:
    """The drill key of every row: [township, village] ("" where the row is a township)."""
    village = df["village"] if "village" in df.columns else pd.Series("", index=df.index)
    keys = pd.DataFrame({"t": df["township"].fillna(""), "v": village.fillna("")})
    return keys.to_numpy().tolist()


def from_selection(event) -> Drill | None:
    """The area of the first selected point that carries a drill key; None for no usable selection."""
    if not event:
        return None
    selection = event.get("selection") if hasattr(event, "get") else None
    points = (selection or {}).get("points") or []
    for point in points:
        key = point.get("customdata")
        if isinstance(key, (list, tuple)) and key and key[0]:
            village = key[1] if len(key) > 1 and key[1] else None
            return Drill(township=str(key[0]), village=str(village) if village else None)
    return None


def widget_state(drill: Drill) -> dict:
    """New values of the sidebar selectboxes (keys "township", "village")."""
    return {"township": drill.township or ALL, "village": drill.village or ALL}

