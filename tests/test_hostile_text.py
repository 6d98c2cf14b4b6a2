"""Issue 19, items 5, 9 and 11: every string from a file or a user is plain text (no automatic link either),
ID- and phone-shaped text is masked wherever a file name or header is shown, and the audit log stores what users
typed bounded and with control characters escaped."""

from __future__ import annotations

import re

import pytest

from ledgerboard.sanitize import WORD_JOINER, plain

# What Markdown makes of plain()'s output once its backslash escapes are resolved, and the literal-autolink
# patterns GFM then finds in that text (mdast-util-gfm-autolink-literal: findUrl, findEmail).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
_GFM_EMAIL = re.compile(r"(?:^|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def rendered_text(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown)


@pytest.mark.parametrize("text", ["http://host/phish村", "[点我](http://host/t)镇", "HTTPS://host/x", "访问www.host.cn",
                                  "WWW.HOST.CN村", "联系 a.b@host.cn", "<http://host/a>", "http\\://host/b"])
def test_plain_text_has_no_autolink_and_reads_as_typed(text):
    shown = rendered_text(plain(text))
    assert not _GFM_URL.search(shown), shown
    assert not _GFM_EMAIL.search(shown), shown
    assert shown.replace(WORD_JOINER, "") == text           # the reader sees exactly what was typed


def test_the_autolink_patterns_would_find_the_unbroken_text():
    """Not vacuous: without the word joiner the same escaped text is a link."""
    assert _GFM_URL.search(rendered_text(plain("http://host/phish村")).replace(WORD_JOINER, ""))
    assert _GFM_EMAIL.search(rendered_text(plain("联系 a.b@host.cn")).replace(WORD_JOINER, ""))
