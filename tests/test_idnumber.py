from ledgerboard import idnumber


def test_check_digit_and_validity():
    assert idnumber.check_digit("11010519491231002") == "X"
    assert idnumber.is_valid("11010519491231002X")
    assert idnumber.is_valid("11010519491231002x")          # lower-case x is the same number
    assert idnumber.is_valid("１１０１０５１９４９１２３１００２Ｘ")  # full-width digits
    assert idnumber.is_valid("11010519491231002X12")        # 残疾人证: ID + 2 digits


def test_invalid_numbers_say_why():
    assert "校验位" in idnumber.problem("110105194912310021")
    assert "18位" in idnumber.problem("1101051949123100")
    assert "数字格式" in idnumber.problem(5.22224e17)
    assert "数字格式" in idnumber.problem(110105194912310021)
    assert "科学计数法" in idnumber.problem("5.22224E+17")


def test_masking():
    assert idnumber.mask("52222419700202002X") == "522224********002X"
    assert idnumber.mask_name("张三丰") == "张**"
    assert idnumber.mask(None) is None
