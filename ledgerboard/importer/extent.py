"""How far each sheet of a workbook reaches, found from the file itself before any reader builds a grid.

A reader (calamine) allocates one slot per cell of the rectangle from A1 to the farthest cell that
holds a value: a 5 KB file with one value at XFD1048576 asks for 17 billion slots. These scans read
the sheet XML (.xlsx) or the BIFF cell records (.xls) as a stream and return, per sheet, the farthest
row and column holding a value and how many cells hold one, so the limits are checked first.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

import numpy as np

# Cell tags that begin with their reference, as Excel, WPS, openpyxl and xlsxwriter write them.
_CELL_REF = re.compile(rb"<c r=\"([A-Z]{1,3})([0-9]{1,7})\"")
_MAX_TAG = 4 * 1024 * 1024      # no legitimate tag or cell text is this long


class Malformed(Exception):
    """The sheet XML or BIFF stream cannot be scanned."""


@dataclass
class Extent:
    sheet: str
    rows: int = 0          # the farthest row holding a value (1-based), 0 for none
    columns: int = 0       # the farthest column holding a value (1-based)
    cells: int = 0         # cells holding a value
    far_cell: str = ""     # where the farthest column was seen, e.g. "XFD1048576"

    @property
    def box(self) -> int:
        """Cells of the rectangle a reader would allocate."""
        return self.rows * self.columns


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


class XlsxSheetScan:
    """Feed the inflated bytes of one worksheet XML in chunks; `extent` then bounds the sheet.

    The fast pass counts every cell tag (a formatted empty cell too), so its extent is an upper
    bound of what a reader allocates; `exact` is False when some cell tag could not be read this way
    (no r="…" first, or a namespace prefix), and scan_xlsx_member must measure the sheet instead.
    """

    def __init__(self, sheet: str):
        self.extent = Extent(sheet)
        self._carry = b""
        self._opened = 0
        self._unmeasured = False

    def feed(self, chunk: bytes) -> None:
        buf = self._carry + chunk
        cut = buf.rfind(b"<")       # never split a tag: the tail from the last "<" waits for more
        if cut < 0:
            self._carry = b""
            return
        self._scan(buf[:cut])
        self._carry = buf[cut:]
        if len(self._carry) > _MAX_TAG:
            raise Malformed("tag too long")

    def finish(self) -> bool:
        """True when every cell tag was measured (the extent is a bound of what a reader allocates)."""
        self._scan(self._carry)
        self._carry = b""
        return not self._unmeasured and self._opened == self.extent.cells

    def _scan(self, text: bytes) -> None:
        """Count the cell tags of the text and measure those with a reference. numpy over the bytes: a sheet of a
        million rows holds twenty million cell tags, too many for a regex's match objects (or five substring
        searches, each slower than inflating the XML)."""
        if not text:
            return
        e = self.extent
        n = len(text)
        buf = np.frombuffer(text + b"\0" * _PAD, np.uint8)
        lt = np.flatnonzero(buf[:n] == 60)                   # '<'
        c = lt[buf[lt + 1] == 99]                           # '<c'
        after = buf[c + 2]
        opened = c[after == 32]                             # '<c '
        self._opened += len(opened)
        # Cell tags this pass cannot measure: bare <c>, or prefixed <x:c …> (a reader matches local names).
        if not self._unmeasured:
            colon = np.flatnonzero(buf[:n] == 58)           # ':c ', ':c>', ':c/' anywhere
            colon = colon[buf[colon + 1] == 99]
            if (np.isin(after, (62, 47)).any() or np.isin(buf[colon + 2], (32, 62, 47)).any()):
                self._unmeasured = True
        refs = _cell_refs(buf, opened)
        if refs is None:
            return
        columns, rows = refs
        e.cells += len(rows)
        if int(rows.max()) > e.rows:
            e.rows = int(rows.max())
        at = int(np.argmax(columns))
        if int(columns[at]) > e.columns:
            e.columns, e.far_cell = int(columns[at]), f"{_letters(int(columns[at]))}{int(rows[at])}"


_PAD = 32
_UPPER = np.zeros(256, bool)
_UPPER[65:91] = True
_DIGIT = np.zeros(256, bool)
_DIGIT[48:58] = True


def _cell_refs(buf: np.ndarray, opened: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(column number, row number) of each cell tag `<c r="A12"` (as _CELL_REF finds them) among the `<c ` tags at
    `opened` in the padded bytes; None for none."""
    for k, ch in enumerate(b'r="', start=3):
        opened = opened[buf[opened + k] == ch]
    if not len(opened):
        return None
    start = opened + 6
    upper = _UPPER[buf[start[:, None] + np.arange(4)]]                 # the first four bytes: letters?
    letters = np.argmin(np.concatenate([upper, np.zeros((len(start), 1), bool)], axis=1), axis=1)
    first_digit = start + letters
    digit = _DIGIT[buf[first_digit[:, None] + np.arange(8)]]
    digits = np.argmin(np.concatenate([digit, np.zeros((len(start), 1), bool)], axis=1), axis=1)
    ok = (letters >= 1) & (letters <= 3) & (digits >= 1) & (digits <= 7) & (buf[first_digit + digits] == 34)
    if not ok.any():
        return None
    start, letters, first_digit, digits = start[ok], letters[ok], first_digit[ok], digits[ok]
    columns = np.zeros(len(start), np.int64)
    for k in range(3):
        columns = np.where(letters > k, columns * 26 + buf[start + k].astype(np.int64) - 64, columns)
    rows = np.zeros(len(start), np.int64)
    for k in range(7):
        rows = np.where(digits > k, rows * 10 + buf[first_digit + k].astype(np.int64) - 48, rows)
    return columns, rows


def scan_xlsx_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> Extent:
    """Exact extent of one worksheet by parsing it element by element (for files whose cells lack
    r="…" references, where the position is counted as a reader counts it)."""
    e = Extent(sheet)
    row = 0
    col = 0
    rows_parent = None
    with z.open(info) as f:
        try:
            for event, el in ET.iterparse(f, events=("start", "end")):
                tag = el.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "sheetData":
                        rows_parent = el
                    elif tag == "row":
                        r = el.get("r")
                        row = int(r) if r and r.isdigit() else row + 1
                        col = 0
                    elif tag == "c":
                        ref = el.get("r")
                        m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref or "")
                        if m:
                            col, row = column_number(m.group(1)), int(m.group(2))
                        else:
                            col += 1
                    continue
                if tag == "c":
                    if any(ch.tag.rsplit("}", 1)[-1] in ("v", "is") for ch in el):
                        e.cells += 1
                        e.rows = max(e.rows, row)
                        if col > e.columns:
                            e.columns, e.far_cell = col, f"{_letters(col)}{row}"
                    el.clear()
                elif tag == "row":
                    el.clear()
                    if rows_parent is not None and len(rows_parent) and rows_parent[0] is el:
                        rows_parent.remove(el)      # keep memory flat on long sheets
        except ET.ParseError as exc:
            raise Malformed(str(exc)) from exc
    return e


def _letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member path → sheet name, from xl/workbook.xml and its relationships."""
    try:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        book = ET.fromstring(z.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = re.sub(r"[^/]+/\.\./", "", target)
    out = {}
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if rid in targets:
                out[targets[rid]] = el.get("name", "")
    return out


# .xls (BIFF) ----------------------------------------------------------------------------------
_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_EOF = 0x000A
_BOUNDSHEET = 0x0085
# Cell records that hold a value: FORMULA, LABELSST, NUMBER, RK, BOOLERR, LABEL, RSTRING and the
# BIFF2–4 forms; MULRK holds several. BLANK/MULBLANK hold none.
_VALUE_RECORDS = {0x0006, 0x0206, 0x0406, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6,
                  0x0002, 0x0003, 0x0004, 0x0005, 0x007E}
_MULRK = 0x00BD


def scan_biff(stream: bytes) -> list[Extent]:
    """Extent of every worksheet substream of an .xls Workbook stream."""
    names: dict[int, str] = {}
    extents: list[Extent] = []
    current: Extent | None = None
    depth = 0
    pos, end = 0, len(stream)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        rtype, length = unpack("<HH", stream, pos)
        body = pos + 4
        if rtype in _BOF:
            depth += 1
            if depth == 1 and pos > 0:
                current = Extent(names.get(pos, f"第{len(extents) + 1}个工作表"))
                extents.append(current)
        elif rtype == _EOF:
            depth = max(0, depth - 1)
            if depth == 0:
                current = None
        elif rtype == _BOUNDSHEET and depth == 1 and current is None and length >= 8:
            offset = unpack("<I", stream, body)[0]
            cch, flags = stream[body + 6], stream[body + 7]
            raw = stream[body + 8: body + 8 + (cch * 2 if flags & 1 else cch)]
            names[offset] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif current is not None and length >= 4 and (rtype in _VALUE_RECORDS or rtype == _MULRK):
            row, col = unpack("<HH", stream, body)
            count = 1
            if rtype == _MULRK and length >= 6:
                col = unpack("<H", stream, body + length - 2)[0]
                count = max(1, col - unpack("<H", stream, body + 2)[0] + 1)
            current.cells += count
            current.rows = max(current.rows, row + 1)
            if col + 1 > current.columns:
                current.columns, current.far_cell = col + 1, f"{_letters(col + 1)}{row + 1}"
        pos = body + length
    return extents
