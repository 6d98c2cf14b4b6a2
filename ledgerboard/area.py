"""The one value that names a place: (county, township, village), from the sidebar and the CLI to SQL.

Names repeat (two counties can each have a 青松镇 with a 青松村; two townships of a county can each have
a 新村), so a place is always the full key. A None part means "all": Area() is everything the store holds,
Area(county="甲县", township="青松镇") one township of one county.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

# What the top of the hierarchy is called when several counties are in scope (settings key `top_area`);
# a prefecture office says 全市, a province office sets 全省.
DEFAULT_TOP = "全市"
# The top when no county is known at all (ledgers without a 县 column).
UNNAMED_COUNTY = "全县"
# Joins the parts of a place in chart labels where a name alone is ambiguous: 青松镇·新村.
SEPARATOR = "·"


@dataclass(frozen=True)
class Area:
    county: str | None = None
    township: str | None = None
    village: str | None = None
    # An area of the areas ledger (全国, 示例省) when the detail ledgers have no such place; see resolve_area.
    name: str | None = None

    def params(self) -> dict[str, str | None]:
        """The bound parameters of every area-filtered query ($county, $township, $village)."""
        return {"county": self.county, "township": self.township, "village": self.village}

    @property
    def level(self) -> str:
        return "village" if self.village else "township" if self.township else "county" if self.county else "all"

    def up(self) -> Area:
        """The area one level higher (a village's township, a township's county)."""
        if self.village:
            return Area(self.county, self.township)
        if self.township:
            return Area(self.county)
        return Area()


def label(area: Area, counties: Sequence[str | None] = (), top: str = DEFAULT_TOP) -> str:
    """The area's real name for captions and chart titles: 示例县, 青松镇, 青松镇石板村.

    `counties` are the counties the store holds. With one county the top is that county's name (示例县, not 全县);
    with several, `top` (全市/全省), and a township or village is named with its county (甲县青松镇).
    """
    if area.name and not (area.county or area.township or area.village):
        return area.name
    named = [c for c in counties if c]
    several = len(set(named)) > 1
    prefix = area.county if (several and area.county) else ""
    if area.village:
        return f"{prefix}{area.township or ''}{area.village}"
    if area.township:
        return f"{prefix}{area.township}"
    if area.county:
        return area.county
    if several:
        return top
    return named[0] if named else UNNAMED_COUNTY


def place_labels(rows: Iterable[tuple[str | None, str | None, str | None]]) -> list[str]:
    """Axis labels for places shown side by side: the shortest name that tells them apart.

    Rows are (county, township, village) with village (or township) None for higher levels. A village is named
    alone where that is unique, else 青松镇·新村, else 甲县·青松镇·新村; townships likewise with their county.
    """
    rows = [tuple(r) for r in rows]
    distinct = set(rows)
    parts = {r: [p for p in r if p] for r in distinct}
    deepest = max((len(p) for p in parts.values()), default=0)
    # How many distinct places share each short name at each depth (1: 新村, 2: 青松镇·新村, 3: 甲县·青松镇·新村).
    counts = [Counter(SEPARATOR.join(p[-d:]) for p in parts.values()) for d in range(deepest + 1)]
    names = {}
    for r, p in parts.items():
        if not p:
            names[r] = "未填写"
            continue
        depth = next((d for d in range(1, len(p) + 1) if counts[d][SEPARATOR.join(p[-d:])] == 1), len(p))
        names[r] = SEPARATOR.join(p[-depth:])
    return [names[r] for r in rows]
