"""Cell normalisers: one raw cell in, (canonical value, Chinese problem or None) out."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import Callable

from ledgerboard import idnumber
from ledgerboard.fields import Field, catalog, enum_value, fold
from ledgerboard.sanitize import mask_numbers, quote_cell

_EMPTY_MARKS = {"", "-", "--", "—", "——", "/", "无", "空", "null", "none", "nan", "#N/A"}
_YEAR = re.compile(r"^(\d{4})(?:年(?:度)?)?(?:\.0+)?$")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
_BARE_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LIST_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fa5]) (?=[\u4e00-\u9fa5])")
WHOLE_TOWNSHIP = {"全乡", "全镇", "全乡镇", "全街道", "全乡各村", "全镇各村", "各村", "全部村"}


class Problem(ValueError):
    """A cell that cannot be read as its field's type; the message is for the user."""


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if value.__class__ is float:    # the common case first: a number cell
        return value != value       # NaN
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        if len(value) > 4 and value.isprintable() and " " not in value:
            return False    # longer than every marker, and no space that folding would remove
        return fold(value) in _EMPTY_MARKS
    return False


def text(value: object) -> str:
    if value.__class__ is str and value.isprintable() and " " not in value:
        return value    # no whitespace of any kind (isprintable is False for \t, \n, \u3000 …)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    s = " ".join(str(value).replace("\u3000", " ").split())
    # "王 五", "三 村": spaces typed between Chinese characters to align names are no part of them
    return _CJK_GAP.sub("", s)


_NUMBER_ONLY = re.compile(r"^[\d\s()（）+\-Xx]+$")


def person_name(value: object) -> str:
    """A personal name (户主姓名, 成员姓名, 帮扶责任人): text, but never a cell that is an ID or phone number
    (typed into the name's column, or a shifted column). A name followed by a phone number stays a name."""
    s = text(value)
    if _NUMBER_ONLY.match(s) and mask_numbers(s) != s:
        raise Problem(f"“{mask_numbers(s)}”像是身份证号或电话号码，不是姓名。请在姓名列填写姓名，号码填在相应的列。")
    return s


@lru_cache(maxsize=4096)
def _number_from_text(s: str) -> float:
    t = unicodedata.normalize("NFKC", s).replace(",", "").replace(" ", "")
    t = t.rstrip("元人户万%").lstrip("¥￥")
    if not _NUMBER.match(t):
        raise Problem(f"“{quote_cell(s)}”不是数字")
    return float(t)


def number(value: object) -> float:
    if value.__class__ is float:
        return value
    if isinstance(value, bool):
        raise Problem(f"“{value}”不是数字")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _number_from_text(value.strip())
    raise Problem(f"“{quote_cell(text(value))}”不是数字")


def integer(value: object) -> int:
    x = number(value)
    if not x.is_integer():
        raise Problem(f"“{quote_cell(text(value))}”应为整数")
    return int(x)


@lru_cache(maxsize=1024)
def _year_from_text(s: str) -> int:
    t = fold(s)
    m = _YEAR.match(t) or _DATE.match(t)
    if not m:
        raise Problem(f"“{quote_cell(s)}”不是年份（应为如2019或2019年）")
    return int(m.group(1))


def year(value: object) -> int:
    if isinstance(value, (dt.datetime, dt.date)):
        y = value.year
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise Problem(f"“{quote_cell(text(value))}”不是年份")
        y = int(value)
    else:
        y = _year_from_text(str(value))
    if not 1949 <= y <= 2100:
        raise Problem(f"年份{y}超出范围")
    return y


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel date serials up to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise Problem(f"“{quote_cell(text(value))}”不是日期")
    m = _DATE.match(fold(value))
    if not m:
        raise Problem(f"“{quote_cell(text(value))}”不是日期（应为如2019-10-01或2019年10月）")
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return dt.date(y, mo, d)
    except ValueError as exc:
        raise Problem(f"“{quote_cell(text(value))}”不是有效日期") from exc


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    s = fold(text(value))
    cat = catalog()
    if s in cat.true_words:
        return True
    if s in cat.false_words:
        return False
    raise Problem(f"“{quote_cell(text(value))}”应填“是”或“否”")


def enum(enum_key: str, value: object) -> str:
    label = enum_value(enum_key, text(value))
    if label is None:
        e = catalog().enums[enum_key]
        raise Problem(f"“{quote_cell(text(value))}”不是有效的{e.label}（可填：{'、'.join(e.values)}）")
    return label


def enum_list(enum_key: str, value: object) -> list[str]:
    parts = [p for p in _LIST_SEPARATORS.split(text(value)) if p]
    return [enum(enum_key, p) for p in parts]


def id_number(value: object) -> str:
    cleaned, why = idnumber.checked(value)
    if why:
        raise Problem(why)
    return cleaned


def villages(value: object) -> tuple[bool, list[str]]:
    """A project's location: (whole township?, named villages)."""
    parts = [p for p in _LIST_SEPARATORS.split(text(value)) if p]
    whole = any(fold(p) in WHOLE_TOWNSHIP for p in parts)
    named = [p for p in parts if fold(p) not in WHOLE_TOWNSHIP]
    return whole, named


def _shown(x: float) -> str:
    if x != x:
        return "非数字"
    if math.isinf(x):
        return "无穷大" if x > 0 else "负无穷大"
    if abs(x) < 1e15 and float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}" if abs(x) < 1e15 else f"{x:.3g}"


def in_range(f: Field) -> Callable[[object], object] | None:
    """A check that a converted value of this field lies in its declared range (fields.yaml), or None."""
    if f.range is None:
        return None
    lo, hi = f.range
    unit = "" if f.type in ("year", "date") or f.unit is None else f.unit
    shown = str if f.type in ("year", "date") else _shown     # 2040, not 2,040
    where = f"（{shown(lo)}至{shown(hi)}{unit}）"

    def check(value):
        x = value.year if isinstance(value, (dt.date, dt.datetime)) else value
        if not lo <= x <= hi:     # NaN fails too
            raise Problem(f"{f.label}为{shown(x)}{unit}，超出合理范围{where}，请核对")
        return value
    return check


def finite(x: float) -> float:
    """A number that is one (an xlsx cell may hold inf or NaN written as text by another program)."""
    if x != x or math.isinf(x):
        raise Problem(f"“{_shown(x)}”不是有效的数值")
    return x


def year_in_text(s: str) -> int | None:
    m = _YEAR_IN_TEXT.search(fold(s))
    return int(m.group(1)) if m else None


def date_year_in_text(s: str) -> int | None:
    """The year of a date written in a text ("导出时间：2023-12-18 10:02" → 2023), or None."""
    m = _DATE_IN_TEXT.search(unicodedata.normalize("NFKC", s))     # spaces kept: "2023-12-18 10:21"
    return int(m.group(1)) if m else None


def bare_year_in_text(s: str) -> int | None:
    """A four-digit year 2010–2029 standing alone in a file name ("监测对象信息_2023.xlsx" → 2023), or None."""
    m = _BARE_YEAR.search(fold(s))
    return int(m.group(1)) if m else None
