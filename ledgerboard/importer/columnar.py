"""Whole-column checks for the columns where a ledger's volume is: ID numbers and names, one per person.

Every other column repeats its values (townships, villages, enumerations, years) and is converted once per distinct
value (pipeline._SheetParser._column_values); these two hold a distinct value in nearly every row, so each cell was
one trip through the Python converter. Here the cells that are plainly fine are recognised for the whole column at
once (Arrow for the shape, numpy for the GB 11643 check digit); only the others take the converter, which words the
row's Chinese message exactly as before. What a cell becomes is the converter's result either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ledgerboard.importer.values import _EMPTY_MARKS, is_empty

# An ID number as typed in a text cell: 17 ASCII digits, a digit or X (x), two more digits for a 残疾人证.
# idnumber.checked reads exactly these cells as "upper-case it, check the 18th character".
_ID_SHAPE = r"^[0-9]{17}[0-9Xx]([0-9]{2})?$"
_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
# A name cell that idnumber/phone masking could touch: only digits, spaces, brackets, +, - and X (values.person_name).
_NUMBER_ONLY = r"^[\p{Nd}\s()（）+\-Xx]+$"    # \p{Nd}: every decimal digit, as Python's \d
_EMPTY_MARK_MAX = 4     # values.is_empty: a printable text without spaces longer than this is no empty mark
_CJK_ONLY = r"^[\x{4E00}-\x{9FFF}]+$"
_CJK_MARKS = {m for m in _EMPTY_MARKS if m and all("\u4e00" <= ch <= "\u9fff" for ch in m)}    # 无, 空


def _strings(cells: Sequence[object]) -> pa.Array:
    """The column as an Arrow string array: each text cell, null for every other cell (a number, a date, an
    empty cell), which the converter then reads as before."""
    return pa.array([x if x.__class__ is str else None for x in cells], pa.string())


def _plain(cells: Sequence[object]) -> np.ndarray:
    """Cells that are text needing no cleaning: printable (no control character, tab, ideographic space) and
    without a space; what values.text returns unchanged."""
    return np.fromiter((x.__class__ is str and x.isprintable() and " " not in x for x in cells), dtype=bool,
                       count=len(cells))


def _ascii_bytes(arr: pa.Array) -> np.ndarray:
    """The bytes of an ASCII string array whose values all have one length, end to end."""
    arr = pa.concat_arrays([arr]) if arr.offset else arr
    return np.frombuffer(arr.buffers()[2], dtype=np.uint8)


def id_numbers(cells: Sequence[object], convert: Callable[[object], object]) -> tuple[list[object], list[int]]:
    """An ID-number column: the cleaned number for each valid cell, `convert(cell)` (the value, the Problem or the
    empty mark) for the rest (a number-stored ID among them); and the positions of the rest."""
    arr = _strings(cells)
    shaped = pc.fill_null(pc.match_substring_regex(arr, _ID_SHAPE), False).to_numpy(zero_copy_only=False)
    at = np.flatnonzero(shaped)
    out: list[object] = list(cells)
    if len(at):
        good = pc.utf8_upper(arr.take(pa.array(at)))
        body = pc.utf8_slice_codeunits(good, 0, 17)
        digits = _ascii_bytes(body)[: 17 * len(at)].reshape(-1, 17).astype(np.int64) - 48
        expected = _CHECK[(digits @ _WEIGHTS) % 11]
        actual = _ascii_bytes(pc.utf8_slice_codeunits(good, 17, 18))[: len(at)]
        valid = expected == actual
        for j in at[valid].tolist():
            x = cells[j]
            out[j] = x.upper() if x[17] == "x" else x      # the cell itself: no second copy of every number
        shaped[at[~valid]] = False       # a wrong check digit: the converter words it
    others = np.flatnonzero(~shaped).tolist()
    for j in others:
        out[j] = convert(cells[j])
    return out, others


def names(cells: Sequence[object], convert: Callable[[object], object]) -> tuple[list[object], list[int]]:
    """A personal-name column (values.person_name): each plain name as it is, `convert(cell)` for the rest (cells
    that are no text, cells with spaces or control characters, empty marks such as 无, cells of digits that may be
    an ID or phone number); and the positions of the rest."""
    arr = _strings(cells)
    numeric = pc.fill_null(pc.match_substring_regex(arr, _NUMBER_ONLY), True).to_numpy(zero_copy_only=False)
    simple = _plain(cells) & ~numeric
    # Only a short text can be an empty mark; names are short and repeat, so each distinct one is asked once.
    short = simple & (pc.fill_null(pc.utf8_length(arr), 0).to_numpy(zero_copy_only=False) <= _EMPTY_MARK_MAX)
    # A text of CJK ideographs only folds to itself: of those, only 无 and 空 are empty marks.
    distinct = pc.unique(arr.filter(pa.array(short)))
    maybe = pc.or_(pc.invert(pc.fill_null(pc.match_substring_regex(distinct, _CJK_ONLY), False)),
                   pc.is_in(distinct, pa.array(sorted(_CJK_MARKS), pa.string())))
    marks = {x for x in distinct.filter(maybe).to_pylist() if is_empty(x)}
    if marks:
        simple &= ~pc.is_in(arr, pa.array(sorted(marks), pa.string())).to_numpy(zero_copy_only=False)
    out: list[object] = list(cells)
    lookup: dict[object, object] = {}
    others = np.flatnonzero(~simple).tolist()
    for j in others:
        x = cells[j]
        key = (x.__class__, x)      # True == 1 == 1.0: one key each
        if key not in lookup:
            lookup[key] = convert(x)
        out[j] = lookup[key]
    return out, others
