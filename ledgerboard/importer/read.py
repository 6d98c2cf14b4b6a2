"""Read a workbook or CSV into plain rows of cells, refusing unreadable or hostile files fast."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

# Limits: a full Excel sheet of a roster (1 048 576 rows × 20 columns, about 100 MB as .xlsx and
# 1 GB of sheet XML) is accepted; it takes about 2.5 GB of memory while it is read (BENCHMARKS.md).
MAX_FILE_BYTES = 160 * 1024 * 1024
MAX_CSV_BYTES = 160 * 1024 * 1024
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_CELLS = 25_000_000
MAX_ROWS_PER_SHEET = 1_048_576
_SPLIT_HINT = "请按乡镇或村拆分后分别上传。"
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


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


def _check_zip(data: bytes, file_name: str) -> None:
    """Refuse broken, encrypted and decompression-bomb workbooks before calamine inflates them."""
    bomb = f"文件“{file_name}”解压后体积异常，疑似异常文件（解压炸弹），已拒绝。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if any(i.flag_bits & 0x1 for i in infos):
                raise Unreadable(f"文件“{file_name}”设有密码，无法读取。请取消密码保护后再上传。")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
                raise Unreadable(bomb)
            # The sizes above are what the zip claims; count what it really inflates to.
            inflated = 0
            for info in infos:
                with z.open(info) as member:
                    while chunk := member.read(1 << 20):
                        inflated += len(chunk)
                        if inflated > MAX_UNZIPPED_BYTES or inflated / packed > MAX_ZIP_RATIO:
                            raise Unreadable(bomb)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise Unreadable(f"文件“{file_name}”已损坏或不是有效的Excel文件，无法打开。请在Excel/WPS中重新保存后再上传。") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise Unreadable(f"文件“{file_name}”设有密码，无法读取。请取消密码保护后再上传。") from exc


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


def read_csv(data: bytes, file_name: str) -> list[RawSheet]:
    if len(data) > MAX_CSV_BYTES:
        raise Unreadable(f"文件“{file_name}”超过{_size(MAX_CSV_BYTES)}，{_SPLIT_HINT}")
    if b"\x00" in data[:4096]:
        raise Unreadable(f"文件“{file_name}”不是文本格式的CSV文件（可能是改了扩展名的其他文件），无法读取。")
    text = _decode_csv(data, file_name)
    dialect = _dialect(text)
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
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
    if suffix in {".csv", ".txt"}:
        return read_csv(data, file_name)
    if suffix not in EXCEL_SUFFIXES:
        raise Unreadable(f"不支持的文件类型“{suffix or '无扩展名'}”（文件“{file_name}”）：请上传 .xlsx、.xls 或 .csv 文件。")
    if data[:2] == b"PK":
        _check_zip(data, file_name)
    elif suffix in {".xlsx", ".xlsm"} and data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Unreadable(f"文件“{file_name}”设有密码或为加密文件，无法读取。请取消密码保护后再上传。")
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
            except Exception:  # .xls and .ods keep no merge info in calamine
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
        raise Unreadable(f"文件“{file_name}”设有密码，无法读取。请取消密码保护后再上传。") from exc
    except Exception as exc:
        raise Unreadable(f"文件“{file_name}”已损坏或不是有效的Excel文件，无法打开。请在Excel/WPS中重新保存后再上传。") from exc
    if not sheets or not any(any(str(c).strip() for c in r) for s in sheets for r in s.rows):
        raise Unreadable(f"文件“{file_name}”是空的，没有任何数据。")
    return sheets
