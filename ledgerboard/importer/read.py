"""Read a workbook or CSV into plain rows of cells, refusing unreadable or hostile files fast.

What a file is, is decided by its content (a zip is .xlsx/.xlsm, an OLE2 compound file is .xls or an
encrypted workbook, text is CSV), not by its name. Every limit is checked before the work it limits:
the sheet extents come from a streaming pass over the file (importer/extent.py) before a reader
builds any grid.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from ledgerboard.importer import extent as ext

# Limits: a full Excel sheet of a roster (1 048 576 rows × 20 columns, about 100 MB as .xlsx and
# 1 GB of sheet XML) is accepted; it takes about 2.5 GB of memory while it is read (BENCHMARKS.md).
MAX_FILE_BYTES = 160 * 1024 * 1024
MAX_CSV_BYTES = 160 * 1024 * 1024
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_CELLS = 25_000_000
MAX_ROWS_PER_SHEET = 1_048_576
# A ledger has a few dozen columns; the preview draws a dropdown for each. 256 was the old .xls width.
MAX_COLUMNS = 256
# The reader allocates the whole rectangle up to the farthest value: a sheet whose rectangle is much
# emptier than this is refused rather than inflated (a stray value far below or to the right).
SPARSE_FREE_CELLS = 2_000_000
SPARSE_FACTOR = 4
_SPLIT_HINT = "请按乡镇或村拆分后分别上传。"
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_NAMES = ("EncryptionInfo", "EncryptedPackage")
# C0/C1 control characters except tab, line feed and carriage return (which delimit CSV rows and
# cells); they are no part of any value (a NUL makes '\x00示例县' a different township).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Unreadable(Exception):
    """The file as a whole cannot be read; the message is a Chinese sentence for the user."""


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def _broken(file_name: str) -> Unreadable:
    return Unreadable(f"文件“{file_name}”已损坏或不是有效的Excel文件，无法打开。请在Excel/WPS中重新保存后再上传。")


def _password(file_name: str) -> Unreadable:
    return Unreadable(f"文件“{file_name}”设有密码或为加密文件，无法读取。请取消密码保护后再上传。")


def check_extents(extents: list[ext.Extent], file_name: str) -> None:
    """Refuse a sheet too long, too wide or too large (or too empty for its size) before it is read."""
    total = 0
    for e in extents:
        where = f"文件“{file_name}”的工作表“{e.sheet}”"
        if e.rows > MAX_ROWS_PER_SHEET:
            raise Unreadable(f"{where}行数超过Excel上限，文件异常。")
        if e.columns > MAX_COLUMNS:
            raise Unreadable(
                f"{where}有数据的列达到{e.columns}列（最远到单元格{e.far_cell}），超过{MAX_COLUMNS}列的上限。"
                f"台账一般只有几十列：请删除表格右侧多余的列（或把该表拆开）后重新上传。")
        if e.box > max(SPARSE_FREE_CELLS, SPARSE_FACTOR * e.cells) and e.box > e.cells:
            raise Unreadable(
                f"{where}的数据范围达到{e.rows:,}行×{e.columns}列（最远的单元格在{e.far_cell}附近），"
                f"但其中只有{e.cells:,}个单元格有内容，疑似在远处误填了内容。"
                f"请删除数据区域以外的单元格（或把台账复制到新的工作表）后重新上传。")
        total += e.box
        if total > MAX_CELLS:
            raise Unreadable(f"文件“{file_name}”太大（工作表“{e.sheet}”约{e.rows:,}行×{e.columns}列），{_SPLIT_HINT}")


def _within_limits(extents: list[ext.Extent]) -> bool:
    try:
        check_extents(extents, "")
    except Unreadable:
        return False
    return True


def _scan_zip(data: bytes, file_name: str) -> tuple[set[str], list[ext.Extent]]:
    """Refuse broken, encrypted and decompression-bomb workbooks before calamine inflates them, and
    measure each worksheet on the way. Returns the member names and the worksheet extents."""
    bomb = f"文件“{file_name}”解压后体积异常，疑似异常文件（解压炸弹），已拒绝。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if any(i.flag_bits & 0x1 for i in infos):
                raise _password(file_name)
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
                raise Unreadable(bomb)
            sheet_names = ext.xlsx_sheet_names(z)
            extents = []
            # The sizes above are what the zip claims; count what it really inflates to.
            inflated = 0
            for info in infos:
                is_sheet = info.filename in sheet_names or (
                    info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"))
                scan = ext.XlsxSheetScan(sheet_names.get(info.filename, Path(info.filename).stem)) if is_sheet else None
                with z.open(info) as member:
                    while chunk := member.read(1 << 20):
                        inflated += len(chunk)
                        if inflated > MAX_UNZIPPED_BYTES or inflated / packed > MAX_ZIP_RATIO:
                            raise Unreadable(bomb)
                        if scan:
                            scan.feed(chunk)
                if scan:
                    extent = scan.extent
                    if not scan.finish() or not _within_limits([*extents, extent]):
                        # Measure exactly (cells holding a value, in reader order) before refusing.
                        extent = ext.scan_xlsx_member(z, info, extent.sheet)
                    extents.append(extent)
                    check_extents(extents, file_name)
            return {i.filename for i in infos}, extents
    except (ext.Malformed, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise _broken(file_name) from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise _password(file_name) from exc


def _ole_streams(data: bytes) -> set[str] | None:
    """Names in an OLE2 compound file's directory, or None when it cannot be parsed."""
    try:
        from xlrd import compdoc

        doc = compdoc.CompDoc(data, logfile=io.StringIO())
        return {d.name for d in doc.dirlist}
    except Exception:
        return None


def _scan_ole(data: bytes, file_name: str) -> None:
    """An OLE2 compound file is an .xls workbook or an encrypted .xlsx; measure the .xls sheets."""
    streams = _ole_streams(data)
    utf16 = [n.encode("utf-16-le") for n in _ENCRYPTION_NAMES]
    if (streams is not None and streams & set(_ENCRYPTION_NAMES)) or (
            streams is None and any(n.encode() in data or u in data for n, u in zip(_ENCRYPTION_NAMES, utf16))):
        raise _password(file_name)
    if streams is None:
        raise _broken(file_name)
    book = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else None
    if book is None:
        raise Unreadable(f"文件“{file_name}”不是Excel文件（可能是Word等其他软件的文件），无法读取。请上传 .xlsx、.xls 或 .csv 文件。")
    try:
        from xlrd import compdoc

        stream = compdoc.CompDoc(data, logfile=io.StringIO()).get_named_stream(book)
    except Exception as exc:
        raise _broken(file_name) from exc
    if stream is None:
        raise _broken(file_name)
    check_extents(ext.scan_biff(bytes(stream)), file_name)


def _looks_delimited(data: bytes) -> bool:
    """Text that is a table: its first lines hold commas, tabs or semicolons."""
    head = data[:8192].replace(b"\r", b"").split(b"\n")[:10]
    lines = [line for line in head if line.strip()]
    return bool(lines) and sum(any(d in line for d in (b",", b"\t", b";")) for line in lines) >= max(1, len(lines) // 2)


def _decode_csv(data: bytes, file_name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(f"文件“{file_name}”的编码无法识别（支持UTF-8与GBK/GB18030）。")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma unless the first lines clearly use tabs or semicolons (Chinese commas are text)."""
    head = text[:8192].splitlines()[:20]
    counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    if best == "," or counts[best] == 0:
        return csv.excel
    return csv.excel_tab if best == "\t" else type("semicolon", (csv.excel,), {"delimiter": ";"})


# A stray NUL or two (a broken export, a cell pasted from another program) does not make a CSV binary; a binary
# file (or UTF-16 text) holds NULs in a good share of its first bytes.
_MAX_NUL_SHARE = 0.01


def _binary(data: bytes) -> bool:
    head = data[:4096]
    return head.count(b"\x00") > max(2, len(head) * _MAX_NUL_SHARE)


def read_csv(data: bytes, file_name: str) -> list[RawSheet]:
    if len(data) > MAX_CSV_BYTES:
        raise Unreadable(f"文件“{file_name}”超过{_size(MAX_CSV_BYTES)}，{_SPLIT_HINT}")
    if _binary(data):
        raise Unreadable(f"文件“{file_name}”不是文本格式的CSV文件（可能是改了扩展名的其他文件），无法读取。")
    data = data.replace(b"\x00", b"")      # the few NULs of a real CSV are no part of any value
    text = CONTROL_CHARS.sub("", _decode_csv(data, file_name))
    dialect = _dialect(text)
    # Every delimiter and line end starts a cell: bound the cells before the rows are built.
    delimiter = dialect.delimiter
    if text.count(delimiter) + text.count("\n") > MAX_CELLS:
        raise Unreadable(f"文件“{file_name}”的单元格太多（超过{MAX_CELLS:,}个），{_SPLIT_HINT}")
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    widest = max((len(r) for r in rows), default=0)
    if widest > MAX_COLUMNS:
        at = next(i for i, r in enumerate(rows, start=1) if len(r) == widest)
        raise Unreadable(f"文件“{file_name}”第{at}行有{widest}列，超过{MAX_COLUMNS}列的上限。"
                         f"台账一般只有几十列：请删除多余的列后重新上传。")
    if not any(any(c.strip() for c in r) for r in rows):
        raise Unreadable(f"文件“{file_name}”是空的，没有任何数据。")
    return [RawSheet(name=Path(file_name).stem, rows=rows)]


def read_workbook(source: Path | bytes, file_name: str | None = None) -> list[RawSheet]:
    """All sheets of a file as rows of cells (row 0 is Excel row 1). Hidden sheets are flagged."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        file_name = file_name or path.name
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Unreadable(f"文件“{file_name}”超过{_size(MAX_FILE_BYTES)}，{_SPLIT_HINT}")
        data = path.read_bytes()
    else:
        data = source
        file_name = file_name or "上传文件"
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"文件“{file_name}”超过{_size(MAX_FILE_BYTES)}，{_SPLIT_HINT}")
    if not data:
        raise Unreadable(f"文件“{file_name}”是空的（0字节）。")
    suffix = Path(file_name).suffix.lower()
    if suffix not in EXCEL_SUFFIXES | TEXT_SUFFIXES:
        raise Unreadable(f"不支持的文件类型“{suffix or '无扩展名'}”（文件“{file_name}”）：请上传 .xlsx、.xls 或 .csv 文件。")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        members, _ = _scan_zip(data, file_name)
        if "xl/workbook.xml" not in members:
            raise Unreadable(f"文件“{file_name}”是压缩包或其他Office文件，不是Excel表格，无法读取。请上传 .xlsx、.xls 或 .csv 文件。")
    elif data[:8] == OLE2_MAGIC:
        _scan_ole(data, file_name)
    elif suffix in TEXT_SUFFIXES or (not _binary(data) and _looks_delimited(data)):
        return read_csv(data, file_name)   # text, whatever the name says (exports saved as .xls)
    else:
        raise _broken(file_name)
    return _read_excel(data, file_name)


def _read_excel(data: bytes, file_name: str) -> list[RawSheet]:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        cells = 0
        for meta in wb.sheets_metadata:
            if str(meta.typ) != str(pc.SheetTypeEnum.WorkSheet):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            if sheet.total_height > MAX_ROWS_PER_SHEET:
                raise Unreadable(f"文件“{file_name}”的工作表“{meta.name}”行数超过Excel上限，文件异常。")
            cells += sheet.total_height * sheet.total_width
            if cells > MAX_CELLS:
                raise Unreadable(f"文件“{file_name}”太大（约{sheet.total_height}行×{sheet.total_width}列），{_SPLIT_HINT}")
            rows = sheet.to_python(skip_empty_area=False)
            merged = []
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # .xls keeps no merge info in calamine
                merged = []
            sheets.append(RawSheet(
                name=meta.name,
                rows=rows,
                hidden=str(meta.visible) != str(pc.SheetVisibleEnum.Visible),
                merged=merged,
            ))
    except Unreadable:
        raise
    except pc.PasswordError as exc:
        raise _password(file_name) from exc
    except Exception as exc:
        raise _broken(file_name) from exc
    if not sheets or not any(any(str(c).strip() for c in r) for s in sheets for r in s.rows):
        raise Unreadable(f"文件“{file_name}”是空的，没有任何数据。")
    return sheets
