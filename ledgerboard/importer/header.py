"""Find the header row(s) of a sheet, recognise the ledger kind and map columns to fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ledgerboard.fields import Kind, catalog, fold, header_index, split_header, unit_factor

HEADER_SEARCH_ROWS = 30
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Column:
    index: int              # 0-based column number in the sheet
    header: str             # the header as written (parent/child for two-row headers)
    field: str | None       # canonical field key, None when the column is kept aside
    unit: str | None        # unit written in the header, if any
    factor: float = 1.0     # multiply values by this to get the field's unit
    ignored: bool = False   # a row-number column (序号): neither imported nor kept aside
    suggestion: str | None = None   # a field the header looks like, for an unmapped column (the preview offers it)
    reason: str | None = None       # why it has its field: synonym | qualified | override (| suggestion, unmapped)


@dataclass
class Header:
    kind: str
    first_row: int          # 0-based index of the first header row
    last_row: int           # 0-based index of the last header row; data follows
    columns: list[Column]
    roster: bool = False
    problems: list[str] = field(default_factory=list)

    def field_columns(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field}


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isprintable():
        text = _CONTROL_CHARS.sub("", text)
    return text.strip()


def _combined_headers(upper: list[object], lower: list[object]) -> list[str]:
    """Two header rows as one: the child under a merged parent becomes 'parent/child'."""
    width = max(len(upper), len(lower))
    out, parent = [], ""
    for i in range(width):
        u = _cell_text(upper[i]) if i < len(upper) else ""
        d = _cell_text(lower[i]) if i < len(lower) else ""
        if u:
            parent = u
        if d and (u or parent) and not (u and u == d):
            out.append(f"{u or parent}/{d}" if (u or parent) else d)
        else:
            out.append(d or u)
            if not d:
                parent = u
    return out


def _match(header: str, index: dict[str, str]) -> str | None:
    """Field key for one header text; for 'parent/child' the child decides, then the whole text."""
    name = header.split("/")[-1]
    base, _ = split_header(name)
    if base in index:
        return index[base]
    whole, _ = split_header(header.replace("/", ""))
    return index.get(whole)


def _qualified_match(header: str, index: dict[str, str]) -> str | None:
    """Field key for a header that is a field's name after qualifying words (其中：建档立卡贫困人口,
    贫困地区农村居民人均可支配收入), else None."""
    base, _ = split_header(header.split("/")[-1])
    qualifiers = catalog().header_qualifiers
    stripped = True
    while stripped:
        stripped = False
        for q in qualifiers:
            if base.startswith(q) and len(base) > len(q):
                base = base[len(q):].lstrip(":、，,")
                stripped = True
                if base in index:
                    return index[base]
    return None


# id of a header index (fields.header_index keeps each alive) → header → field key: every candidate header row of
# every kind is matched while a sheet's kind is detected, and the same texts come again on every sheet and file.
_MATCHED: dict[int, dict[str, str | None]] = {}


def _field_of(header: str, index: dict[str, str], overrides: dict[str, str | None] | None) -> str | None:
    if overrides and header in overrides:
        return overrides[header]
    memo = _MATCHED.setdefault(id(index), {})
    if header not in memo:
        if len(memo) > 65536:
            memo.clear()
        memo[header] = _match(header, index) or _qualified_match(header, index)
    return memo[header]


def _similarity(header: str, name: str) -> float:
    """How much a header looks like a field name (both folded, no unit): 2·matched characters / both lengths,
    and at least the threshold when the header contains the whole name (所属乡镇 → 乡镇); 0 when a distinct word (电话, 人均, …) is
    in only one of them or fewer than two characters match."""
    if any((w in header) != (w in name) for w in catalog().suggestion_distinct_words):
        return 0.0
    blocks = SequenceMatcher(None, header, name, autojunk=False).get_matching_blocks()
    matched = sum(b.size for b in blocks)
    ratio = 2 * matched / (len(header) + len(name)) if matched >= 2 else 0.0
    return max(ratio, SUGGESTION_THRESHOLD) if len(name) >= 2 and name in header else ratio


SUGGESTION_THRESHOLD = 0.7
MAX_SUGGESTED_HEADERS = 300     # a sheet of thousands of unknown columns is no ledger to suggest for


def suggest_fields(headers: list[str], kind: Kind, taken: set[str], roster: bool = False) -> dict[str, str]:
    """Unrecognised header → the field it looks like (家庭总人口 → household_size, 贫困原因 → main_cause).

    Compared with every label and synonym of the kind; a field already taken by another column is not
    offered, and each field is offered for the one header that looks most like it.
    """
    names = [(base, frozenset(base), key) for key, names in _names(kind, roster).items() for n in names
             if key not in taken and (base := split_header(n)[0])]
    best: dict[str, tuple[float, str]] = {}     # field → (score, header)
    for h in headers[:MAX_SUGGESTED_HEADERS]:
        base, _ = split_header(h.split("/")[-1])
        if not base or base in catalog().ignored_headers:
            continue
        chars = set(base)
        # Fewer than two shared characters can never reach the threshold: skip the comparison.
        score, key = max(((_similarity(base, n), k) for n, nchars, k in names if len(chars & nchars) >= 2),
                         default=(0.0, None))
        if key and score >= SUGGESTION_THRESHOLD and score > best.get(key, (0.0, ""))[0]:
            best[key] = (score, h)
    return {h: key for key, (_, h) in best.items()}


def _names(kind: Kind, roster: bool) -> dict[str, tuple[str, ...]]:
    out = {key: (f.label, *f.synonyms) for key, f in kind.fields.items()}
    if roster:
        for key, names in kind.roster_synonyms.items():
            out[key] = (*out.get(key, ()), *names)
    return out


def _unit_of(header: str) -> str | None:
    parts = header.split("/")
    for part in reversed(parts):
        _, unit = split_header(part)
        if unit:
            return unit
    return None


def _score(headers: list[str], index: dict[str, str], overrides=None) -> int:
    return len({k for k in (_field_of(h, index, overrides) for h in headers) if k})


def _is_number(text: str) -> bool:
    return text.replace(".", "").replace(",", "").replace("-", "").isdigit()


def is_sub_header(upper: list[object], lower: list[object]) -> bool:
    """Whether `lower` is the second row of a two-row header with merged cells above it: text only, some of it under
    a cell merged across columns (blank above, right of a filled cell), and blank under a cell merged down (the
    place or key columns: 区（县）, 村名称 written once over both rows)."""
    up = [_cell_text(c) for c in upper]
    down = [_cell_text(c) for c in lower]
    width = max(len(up), len(down))
    up += [""] * (width - len(up))
    down += [""] * (width - len(down))
    if sum(1 for t in up if t) < 2 or sum(1 for t in down if t) < 2 or any(_is_number(t) for t in down if t):
        return False
    under_merge = any(d and not u and any(up[:i]) for i, (u, d) in enumerate(zip(up, down)))
    merged_down = any(u and not d for u, d in zip(up, down))
    return under_merge and merged_down


def candidate_headers(rows: list[list[object]], first_row: int | None = None) -> list[tuple[int, int, list[str], bool]]:
    """(first_row, last_row, header texts, sub-header pair) for every single row and adjacent pair near the top
    (only those starting at `first_row`, 0-based, when it is given)."""
    out = []
    limit = min(len(rows), HEADER_SEARCH_ROWS if first_row is None else first_row + 1)
    for r in range(0 if first_row is None else first_row, limit):
        single = [_cell_text(c) for c in rows[r]]
        if sum(1 for c in single if c) < 2:
            continue
        out.append((r, r, single, False))
        if r + 1 < len(rows):
            out.append((r, r + 1, _combined_headers(rows[r], rows[r + 1]), is_sub_header(rows[r], rows[r + 1])))
    return out


def locate_header(rows: list[list[object]], kind: Kind,
                  overrides: dict[str, str | None] | None = None,
                  first_row: int | None = None) -> tuple[int, int, list[str], int]:
    """The best header for this kind: (first_row, last_row, header texts, fields matched).

    A two-row header is preferred when it matches more fields than either of its rows alone, or as many when its
    second row is a sub-header row under merged cells (else that row would be read as data). `first_row` (0-based) fixes
    the header's first row (the analyst's or a saved layout's choice). Where no row matches any field, the row with
    the most texts is the header (the analyst then maps its columns).
    """
    index = header_index(kind)
    roster_index = header_index(kind, roster=True)
    best, best_key = (-1, -1, [], 0), (0, False, False)
    candidates = candidate_headers(rows, first_row)
    for first, last, headers, sub in candidates:
        score = max(_score(headers, index, overrides), _score(headers, roster_index, overrides))
        # On a tie a single row wins over a pair that is no sub-header pair: a title row with two texts
        # ("导出时间：…", "导出单位：…") right above the header would otherwise become its upper row.
        key = (score, sub, first == last)
        if score and key > best_key:
            best, best_key = (first, last, headers, score), key
    if best[0] < 0 and candidates:
        first, last, headers, _ = max(candidates, key=lambda c: (sum(1 for h in c[2] if h and not _is_number(h)), c[3]))
        best = (first, last, headers, 0)
    return best


def matched_fields(rows: list[list[object]], kind: Kind,
                   overrides: dict[str, str | None] | None = None, first_row: int | None = None) -> set[str]:
    _, _, headers, _ = locate_header(rows, kind, overrides, first_row)
    index = header_index(kind)
    return {_field_of(h, index, overrides) for h in headers} - {None}


def detect_kind(rows: list[list[object]], wanted: str | None = None,
                overrides: dict[str, str | None] | None = None, lenient: bool = False,
                first_row: int | None = None, chosen: bool = False) -> tuple[str | None, dict[str, int]]:
    """The ledger kind whose header the sheet matches best, or None.

    A kind needs all its required fields (a place column stands in for 地区) and two of its signature fields (one
    when `lenient`, i.e. the analyst chose the kind or corrected the mapping). `chosen`: the analyst picked `wanted`
    in the preview for a file whose kind was unclear; any sheet with a header row is then read as that kind and its
    columns mapped with suggestions (a missing required column blocks the import there, with a message).
    """
    cat = catalog()
    scores: dict[str, int] = {}
    for key, kind in cat.kinds.items():
        if wanted and key != wanted:
            continue
        matched = matched_fields(rows, kind, overrides, first_row)
        if chosen and candidate_headers(rows, first_row):
            scores[key] = len(matched)
            continue
        sig = len(matched & set(kind.signature))
        if not kind.has_required(matched) or sig < (1 if lenient else 2):
            continue
        scores[key] = sig * 10 + len(matched)
    if not scores:
        return None, scores
    return max(scores, key=lambda k: scores[k]), scores


def header_texts(rows: list[list[object]]) -> list[str]:
    """The texts of the row that looks most like a header (for messages about unknown files)."""
    best: list[str] = []
    for r in rows[:HEADER_SEARCH_ROWS]:
        texts = [t for t in (_cell_text(c) for c in r) if t and not t.replace(".", "").isdigit()]
        if len(texts) > len(best):
            best = texts
    return best


def map_columns(rows: list[list[object]], kind: Kind, overrides: dict[str, str | None] | None = None,
                first_row: int | None = None) -> Header:
    """Column mapping for a sheet of a known kind. overrides: original header → field key (or None).

    A field chosen in the overrides wins over a column that matched it by name. Each column says why it has its
    field (`reason`: synonym, qualified, override; suggestion for an unmapped column with a suggestion).
    """
    first, last, headers, _ = locate_header(rows, kind, overrides, first_row)
    base_index = header_index(kind)
    roster = any(_field_of(h, base_index, overrides) == "relation" for h in headers)
    index = header_index(kind, roster=roster)
    ignored = catalog().ignored_headers
    overrides = {h: k for h, k in (overrides or {}).items() if k is None or k in kind.fields}
    forced = {k for h, k in overrides.items() if k and h in headers}
    # A column named exactly like a field wins over one whose name only has it after qualifying words.
    exact = {h: _match(h, index) for h in headers if h and h not in overrides}
    named = set(exact.values())
    columns: list[Column] = []
    used: set[str] = set()
    problems: list[tuple[int, str]] = []     # (column, text): told in column order
    for i, h in enumerate(headers):
        if not h:
            continue
        qualified = False
        if h in overrides:
            key = overrides[h]
        else:
            key = exact[h]
            if key is None and (key := _qualified_match(h, index)) is not None:
                qualified = True
                if key in named:
                    key = None
            if key in forced:
                key = None
        if key and key in used:
            problems.append((i, f"“{h}”与前面的列都对应“{kind.fields[key].label}”，只采用第一列"))
            key = None
        unit = _unit_of(h)
        factor = 1.0
        if key:
            f = kind.fields[key]
            conv = unit_factor(unit, f.unit)
            if conv is None:
                problems.append((i, f"“{h}”的单位“{unit}”与“{f.label}”的单位“{f.unit}”不一致，该列未使用"))
                key = None
            else:
                factor = conv
            if key:
                used.add(key)
                if qualified:
                    problems.append((i, f"“{h}”列按“{f.label}”导入（表头在字段名前有限定词，请核对是否为同一指标）"))
        is_ignored = key is None and split_header(h.split("/")[-1])[0] in ignored
        reason = "override" if h in overrides else ("qualified" if qualified else "synonym") if key else None
        columns.append(Column(index=i, header=h, field=key, unit=unit, factor=factor, ignored=is_ignored, reason=reason))
    unmapped = [c.header for c in columns if c.field is None and not c.ignored]
    suggestions = suggest_fields(unmapped, kind, used, roster)
    for c in columns:
        c.suggestion = suggestions.get(c.header)
        if c.suggestion and c.field is None:
            c.reason = "suggestion"
        if c.field is None and not c.ignored and c.header not in overrides:
            hint = f"像是“{kind.fields[c.suggestion].label}”，" if c.suggestion else ""
            problems.append((c.index, f"“{c.header}”列未对应任何字段，该列数据不导入（{hint}可在预览中手动对应）"))
    problems.sort(key=lambda p: p[0])
    return Header(kind=kind.key, first_row=first, last_row=last, columns=columns, roster=roster,
                  problems=[text for _, text in problems])


@lru_cache(maxsize=65536)
def _markers(text: str) -> tuple[bool, bool]:
    """(starts like a totals row, starts like a notes row) for a non-empty stripped cell text."""
    cat = catalog()
    f = fold(text)
    total = any(f.startswith(m) for m in cat.total_markers)
    note = any(f.startswith(m) for m in cat.note_markers) or f.startswith(("单位:", "单位："))
    return total, note


def is_skip_row(cells: list[object]) -> str | None:
    """'total' / 'note' / 'blank' / 'numbering' for rows that are not data, else None.

    Looks at no more cells than it needs: totals markers in the first three filled cells, a notes
    marker in the first; the numbering test only runs when the first filled cell is 0 or 1. Only
    text cells can carry a marker (the markers are Chinese words).
    """
    filled = 0
    first: object = None
    note = False
    for c in cells:
        if c is None:
            continue
        if c.__class__ is str:
            t = c.strip()
            if not t:
                continue
            total, is_note = _markers(t)
            if total:
                return "total"
            if filled == 0:
                note = is_note
        filled += 1
        if filled == 1:
            first = c
        if filled == 3:
            break
    if not filled:
        return "blank"
    if note:
        return "note"
    if filled >= 3 and _zero_or_one(first):
        return _numbering(cells)
    return None


def is_note_continuation(cells: list[object]) -> bool:
    """A row with one text cell and nothing else: below a notes row it continues the note (注：1.… / 2.…)."""
    texts = [c for c in cells if c is not None and not (c.__class__ is str and not c.strip())]
    return len(texts) == 1 and texts[0].__class__ is str


def _zero_or_one(value: object) -> bool:
    """_cell_text(value) in ("0", "1"), without formatting numbers."""
    if value.__class__ is float or value.__class__ is int:
        return value == 0 or value == 1
    return isinstance(value, str) and value.strip() in ("0", "1")


def _numbering(cells: list[object]) -> str | None:
    """'numbering' for a row of consecutive column numbers (1 2 3 … under a header), else None."""
    filled = [t for t in (_cell_text(c) for c in cells) if t]
    if len(filled) >= 3 and all(t.isdigit() for t in filled):
        nums = [int(t) for t in filled]
        if nums == list(range(nums[0], nums[0] + len(nums))) and nums[0] in (0, 1):
            return "numbering"
    return None
