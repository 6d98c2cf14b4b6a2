"""Chinese resident ID numbers (GB 11643) and 残疾人证 numbers: checks and masking."""

from __future__ import annotations

import re
import unicodedata
from operator import mul

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX](\d{2})?$")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
_CLEAN_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]([0-9]{2})?")    # ASCII, no spaces: clean() would only upper-case
_ZERO_SUM = 48 * sum(_WEIGHTS)                        # ord("0") times every weight


def check_digit(first17: str) -> str:
    if first17.isascii():
        return _CHECK[(sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_SUM) % 11]
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def clean(raw: str) -> str:
    """Full-width → half-width, spaces removed, x → X; nothing else is changed."""
    s = unicodedata.normalize("NFKC", raw)
    return "".join(s.split()).upper()


def checked(value: object) -> tuple[str | None, str | None]:
    """(the cleaned ID number, None) when the cell is a valid one, else (None, why not)."""
    if value.__class__ is str and _CLEAN_SHAPE.fullmatch(value):    # the common case, fast
        s = value.upper()
        if check_digit(s[:17]) != s[17]:
            return None, "证件号码校验位不正确（GB 11643），请核对"
        return s, None
    why = problem(value)
    return (None, why) if why else (clean(str(value)), None)


def problem(value: object) -> str | None:
    """Why this cell is not a valid ID number (Chinese, for the user), or None when it is."""
    if isinstance(value, bool):
        return "证件号码不是文本"
    if isinstance(value, (int, float)):
        return "证件号码以数字格式保存，末几位可能已被Excel改成0：请把该列设为“文本”格式后重新录入"
    s = clean(str(value))
    if _SCIENTIFIC.match(s):
        return "证件号码是科学计数法，末几位已丢失：请把该列设为“文本”格式后重新录入"
    if not _SHAPE.match(s):
        return f"证件号码应为18位（残疾人证20位），实际为{len(s)}位或含非法字符"
    if check_digit(s[:17]) != s[17]:
        return "证件号码校验位不正确（GB 11643），请核对"
    return None


def is_valid(value: object) -> bool:
    return problem(value) is None


def mask(id_number: str | None) -> str | None:
    """522224199001011234 → 522224********123X style: keep 6 + last 4."""
    if id_number is None:
        return None
    s = str(id_number)
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**; single characters stay masked too."""
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)
