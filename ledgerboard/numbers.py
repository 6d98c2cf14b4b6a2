"""The one rounding rule (half up, as Excel and the work reports round) and number formats with units.

Cards, tables, chart labels, the summary paragraph and the CLI all round here, so 5 ÷ 800 reads 0.63 %
everywhere. A figure that cannot be computed is None and reads "—", never 0.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MISSING = "—"


def round_half_up(x, digits: int = 2) -> float | None:
    """x rounded half up at `digits` decimals (0.625 → 0.63, 2.675 → 2.68); None for None/NaN/±inf.

    The float's shortest decimal form is rounded, as Excel rounds what it displays: 2.675 is stored as
    2.67499999…, yet a report writes 2.68.
    """
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(f)).quantize(q, rounding=ROUND_HALF_UP))


def fmt_num(x, unit: str = "", digits: int = 2) -> str:
    """'1,234.57万元' with thousands separators, half-up rounding; '—' where there is no figure."""
    r = round_half_up(x, digits)
    return MISSING if r is None else f"{r:,.{digits}f}{unit}"


def fmt_int(x, unit: str = "") -> str:
    """'1,234户'; '—' where there is no figure."""
    r = round_half_up(x, 0)
    return MISSING if r is None else f"{int(r):,}{unit}"


def fmt_pct(x, digits: int = 2) -> str:
    return fmt_num(x, "%", digits)


def year_span(first, last) -> str:
    """The years a trend covers, for its title: 2014—2019年, or 2019年 when it is one year."""
    first, last = int(first), int(last)
    return f"{first}年" if first == last else f"{first}—{last}年"
