from ledgerboard.fields import catalog, enum_value, fold, header_index, split_header, unit_factor


def test_header_folding_and_units():
    assert split_header("人均纯收入（元）") == ("人均纯收入", "元")
    assert split_header(" 总投资 (万元) ") == ("总投资", "万元")
    assert fold("户主　姓 名") == "户主姓名"
    assert unit_factor("元", "万元") == 0.0001
    assert unit_factor("万人", "人") == 10000
    assert unit_factor("户", "元") is None


def test_every_synonym_maps_to_its_own_field_only():
    for kind in catalog().kinds.values():
        index = header_index(kind)
        for f in kind.fields.values():
            assert index[split_header(f.label)[0]] == f.key


def test_enum_synonyms():
    assert enum_value("cause", "因病致贫") == "因病"
    assert enum_value("cause", "缺劳力") == "缺劳动力"
    assert enum_value("cause", "其它") == "其他"
    assert enum_value("attribute", "五保户") == "特困供养贫困户"
    assert enum_value("status", "已脱贫（不再享受政策）") == "已脱贫"
    assert enum_value("status", "否") == "未脱贫"
    assert enum_value("category", "小额信贷") == "金融扶贫"
    assert enum_value("cause", "外星入侵") is None
