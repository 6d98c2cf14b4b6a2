"""One rounding rule: half up, as Excel; '—' for a missing figure."""

import math

from ledgerboard.numbers import fmt_int, fmt_num, fmt_pct, round_half_up


def test_half_up_not_half_even():
    assert round_half_up(100 * 5 / 800) == 0.63     # Python's round() gives 0.62
    assert round_half_up(2.675) == 2.68              # stored as 2.67499999…
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(-0.125, 2) == -0.13
    assert round_half_up(1234.5, 0) == 1235.0


def test_missing_is_none_not_zero():
    assert round_half_up(None) is None
    assert round_half_up(math.nan) is None
    assert round_half_up(math.inf) is None
    assert fmt_num(None, "万元") == "—"
    assert fmt_int(None, "户") == "—"


def test_formats_carry_units_and_separators():
    assert fmt_pct(100 * 5 / 800) == "0.63%"
    assert fmt_num(3578.625, "万元") == "3,578.63万元"
    assert fmt_int(2187, "户") == "2,187户"
    assert fmt_num(0.0, "%") == "0.00%"


def test_year_span_names_one_year_once():
    from ledgerboard.numbers import year_span
    assert year_span(2014, 2019) == "2014—2019年"
    assert year_span(2019, 2019) == "2019年"              # not 2019—2019年
    import numpy as np
    assert year_span(np.int64(2018), 2019.0) == "2018—2019年"
