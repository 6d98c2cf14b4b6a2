"""Numbers as people read them in tables: thousands separators, fixed decimals, "—" for no data, years plain.
Rounding is ledgerboard.numbers' half-up rule, as on the cards and in the CLI.

One rule for the page tables, the slides' appendix tables and the report's tables.
"""

from __future__ import annotations

import math

import pandas as pd

from ledgerboard.numbers import MISSING, fmt_num

NO_DATA = MISSING


def is_missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return isinstance(x, float) and math.isnan(x) or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def is_year_column(name: str) -> bool:
    """年度, 脱贫年度, 出列年度 … and raw `year` columns: 2019, never 2,019."""
    return "年度" in str(name) or "年份" in str(name) or str(name) in ("year", "exit_year", "village_exit_year")


def decimals(name: str) -> int:
    """Fixed decimals of a column by its header: counts 0, money in 元 0, 万元 and % 2, other measures 2."""
    name = str(name)
    # A percent with a qualifier (同比增长（%，同一批脱贫户）) is a percent too, not a count of 户.
    if any(u in name for u in ("（%", "(%", "%）", "万元", "（项）", "项）")) or "户均帮扶" in name:
        return 2
    if any(u in name for u in ("（户）", "（人）", "（个）", "（元", "户）", "人）")):
        return 0
    return 2


def cell(x, column: str = "") -> str:
    """One table cell as text."""
    if is_missing(x):
        return NO_DATA
    if isinstance(x, bool):
        return "是" if x else "否"
    if isinstance(x, str):
        return x
    if is_year_column(column):
        try:
            return str(int(x))
        except (TypeError, ValueError):
            return str(x)
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if float(v).is_integer() and isinstance(getattr(x, "item", lambda: x)(), int):
        return f"{int(v):,}"
    return fmt_num(v, "", decimals(column))


def table_rows(df: pd.DataFrame) -> list[list[str]]:
    """The frame's cells as text, row by row (header not included)."""
    cols = list(df.columns)
    return [[cell(v, c) for v, c in zip(row, cols)] for row in df.itertuples(index=False, name=None)]


def styled(df: pd.DataFrame):
    """A pandas Styler for st.dataframe: numbers with separators and fixed decimals, "—" instead of None/NaN.

    The cells stay numbers, so sorting by a column still sorts by value.
    """
    return df.style.format({c: (lambda col: lambda v: cell(v, col))(c) for c in df.columns})
