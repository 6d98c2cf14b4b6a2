"""The one place type: its SQL parameters, its real name, and chart labels that keep same-named places apart."""

import pytest

from ledgerboard import indicators
from ledgerboard.area import Area, label, place_labels
from ledgerboard.store import bind


def test_params_bind_every_area_query():
    assert Area("甲县", "青松镇", "新村").params() == {"county": "甲县", "township": "青松镇", "village": "新村"}
    assert indicators.Area is Area       # one type, re-exported for older imports


def test_label_names_the_real_place():
    assert label(Area(), ["示例县"]) == "示例县"                        # not 全县
    assert label(Area(), [None]) == "全县"                            # ledgers without a county
    assert label(Area(), ["甲县", "乙县"]) == "全市"
    assert label(Area(), ["甲县", "乙县"], top="全省") == "全省"
    assert label(Area("乙县"), ["甲县", "乙县"]) == "乙县"
    assert label(Area("乙县", "青松镇"), ["甲县", "乙县"]) == "乙县青松镇"
    assert label(Area("示例县", "青松镇", "石板村"), ["示例县"]) == "青松镇石板村"
    assert label(Area(name="全国")) == "全国"


def test_place_labels_are_as_short_as_unique():
    rows = [("甲县", "青松镇", "新村"), ("乙县", "青松镇", "新村"), ("乙县", "白岩乡", "新村"), ("乙县", "白岩乡", "三村"),
            ("甲县", "青松镇", "新村")]
    assert place_labels(rows) == ["甲县·青松镇·新村", "乙县·青松镇·新村", "白岩乡·新村", "三村", "甲县·青松镇·新村"]
    assert place_labels([(None, None, None)]) == ["未填写"]


def test_bind_refuses_a_parameter_the_sql_does_not_name():
    sql = "select * from households_in($year, $county, $township, null)"
    assert bind(sql, {"year": 2019, "county": None, "township": "甲镇"}) == {"year": 2019, "county": None, "township": "甲镇"}
    with pytest.raises(KeyError, match="does not use"):
        bind(sql, {"year": 2019, "county": None, "township": "甲镇", "village": "一村"})
    with pytest.raises(KeyError, match="needs"):
        bind(sql, {"year": 2019})
