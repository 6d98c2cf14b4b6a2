"""The 总览 summary paragraph on the core ledgers: every figure as metrics() has it."""

from ledgerboard.indicators import Area
from ledgerboard.summary import summary_text


def test_county_summary(core_store):
    assert summary_text(core_store, 2019) == (
        "2019年，测试县现有建档立卡贫困户6户、17人，其中未脱贫（含返贫）3户12人，贫困发生率2.00%；当年脱贫2户4人。"
        "从致贫原因看，因病致贫的有3户，占比50%；其次是因残致贫1户，占比17%；"
        "低保、特困供养贫困户共3户，占建档立卡贫困户数50%。"
        "建档立卡户人均纯收入3,100元，比上年增长6.90%；低于当年贫困线的有3户。"
        "全年实施扶贫项目3个，总投资170.50万元（其中财政扶贫资金140.00万元），覆盖3个村。"
        "帮扶措施覆盖66.67%的建档立卡户。"
        "（说明：增速按两年都有收入数据的2个村计算（2019年3个村，2018年2个村）。）")


def test_township_summary_and_first_year(core_store):
    text = summary_text(core_store, 2019, Area(township="乙乡"))
    assert text.startswith("2019年，乙乡现有建档立卡贫困户2户、7人，其中未脱贫（含返贫）1户5人，贫困发生率1.67%")
    assert "比上年" not in text                       # 乙乡 has no 2018 ledger
    first = summary_text(core_store, 2018)
    assert "人均纯收入2,900元；" in first and "全年实施扶贫项目" not in first   # no projects in 2018


def test_empty_year(core_store):
    assert summary_text(core_store, 2017) == "2017年测试县的建档立卡户台账未导入，暂无数据。"


def test_summary_names_what_is_missing(core_store):
    # 乙乡 has no 2018 snapshot: the 2018 county paragraph says its figures cover 甲镇 only.
    text = summary_text(core_store, 2018)
    assert "2个乡镇中1个已导入2018年建档立卡户台账（缺乙乡），户数、人数和贫困发生率只含这1个乡镇。" in text
    assert "未导入2018年帮扶措施台账" in text


def test_area_name_is_the_real_place(core_store):
    assert core_store.area_label(Area()) == "测试县"                 # the county column, not 全县
    assert core_store.area_label(Area(township="乙乡")) == "乙乡"
    assert core_store.area_label(Area(township="甲镇", village="一村")) == "甲镇一村"
