"""User-supplied text made safe to show: personal numbers masked, Markdown shown as typed.

File names, sheet names, headers and cell values come from the uploaded files. They are masked
wherever they are shown (anything shaped like an ID or a phone number, in any column) and shown as
plain text, never as Markdown (a file name like "[点此下载](http://…).xlsx" is no link).
"""

from __future__ import annotations

import re

from ledgerboard.idnumber import mask, mask_name

# An ID number (15 digits of the first generation, 18 with a check digit that may be X, 20 of a
# 残疾人证) or a mainland phone number (mobile 1[3-9]…, landline 0xx(x)-xxxxxxx(x)), not part of a
# longer run of digits.
_ID_SHAPED = re.compile(r"(?<![0-9])(?:[0-9]{20}|[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}[- ]?[0-9]{7,8}(?![0-9])")
_DIGITS = re.compile(r"[0-9]")
# Markdown (links, images, emphasis, HTML autolinks, Streamlit's :color[] and :icon: directives,
# LaTeX) is driven by these characters; a backslash before each makes it literal text. "http://",
# "www." and "a@b.c" would become links by themselves (GFM autolinks): ":" "@" and the "." after
# "www" are escaped too. Newlines are joined, so only the start of the text can open a block.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>!|~:$@])|(?<=www)(\.)", re.IGNORECASE)
_BLOCK_START = re.compile(r"^(\s*)([-+=#>]|\d+(?=[.)]))")
# A personal name written where a category was expected (a shifted column): 2–4 Chinese characters
# starting with a common surname. Used only to mask values quoted in messages.
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "轩辕", "长孙", "宇文")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖石"
    "贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庞樊兰殷耿关")
_NAME_SHAPED = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")


def _mask_phone(m: re.Match) -> str:
    s = m.group(0)
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    if len(digits) == 13 and s.lstrip("+").startswith("86"):
        digits = digits[2:]      # the country code is no part of the number
    hidden = set(digits[3:-4]) if len(digits) > 7 else set(digits)
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def mask_numbers(text: str) -> str:
    """Every run shaped like an ID number or a phone number in a text, masked (522224********123X,
    138****5678); other text unchanged."""
    if text.__class__ is not str or not _DIGITS.search(text):
        return text
    text = _ID_SHAPED.sub(lambda m: mask(m.group(0)), text)
    text = _MOBILE.sub(_mask_phone, text)
    return _LANDLINE.sub(_mask_phone, text)


def mask_value(value: object) -> object:
    """A cell for a view: text masked as by mask_numbers; a number with 15+ digits (an ID number
    that Excel stored as a number) masked as text; other values as they are."""
    if isinstance(value, str):
        return mask_numbers(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) >= 1e14:
        return mask_numbers(str(int(value)) if float(value).is_integer() else str(value))
    return value


def looks_like_name(text: str) -> bool:
    return bool(_NAME_SHAPED.match(text)) and (text[:2] in _COMPOUND_SURNAMES or text[0] in _SURNAMES)


def quote_cell(text: str) -> str:
    """A cell value as quoted in a message: numbers masked, a value shaped like a personal name
    masked like a name (欧阳某某 → 欧***)."""
    text = mask_numbers(text)
    return mask_name(text) if looks_like_name(text) else text


# Backslashes stop Markdown, but not GFM's literal autolinks: those are found in the text after the escapes are
# resolved (mdast-util-gfm-autolink-literal: "http(s)://", "www." and "a@b.c"), so "http\\://" is still a link.
# An invisible WORD JOINER (U+2060) breaks each pattern without changing what the reader sees.
WORD_JOINER = "\u2060"
_AUTOLINK_BREAKS = re.compile(r"(\\:)(?=//)|(?<=www)(?=\\\.)|(\\@)", re.IGNORECASE)


def plain(text: object) -> str:
    """Text shown through a Markdown-rendering element (st.markdown, st.error, labels) exactly as
    typed: no link (not even an automatic one), image, emphasis or directive is interpreted."""
    escaped = _MARKDOWN.sub(lambda m: "\\" + (m.group(1) or m.group(2)), " ".join(str(text).splitlines()))
    escaped = _AUTOLINK_BREAKS.sub(lambda m: (m.group(1) or m.group(2) or "") + WORD_JOINER, escaped)
    # "- a", "# a", "> a" open a block by their first character, "1. a" by the "." after the digits.
    return _BLOCK_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), escaped)


def shown(text: object) -> str:
    """Uploaded text (a file name, a sheet name, a header, a message quoting them) for a Markdown-rendering element:
    ID and phone numbers masked, then plain()."""
    return plain(mask_numbers(str(text)))


def chart_text(text: object) -> str:
    """Text for a Plotly figure (title, axis label, legend, tooltip) shown exactly as typed.

    Plotly draws a subset of HTML in every text (<a href>, <b>, <span style>, <br>) and decodes &amp; &lt; &gt; and
    numeric entities; escaping those three characters makes a village named like a link plain text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_text_unescaped(text: str) -> str:
    """chart_text undone: the text as typed, for measuring or wrapping it before escaping it again."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
