"""One import measurement in a fresh process, so its peak memory (ru_maxrss) is its own.

    .venv/bin/python -m bench.measure importer FILE STORE   # ledgerboard.importer.import_file
    .venv/bin/python -m bench.measure pandas FILE           # pandas.read_excel, default engine (openpyxl)
    .venv/bin/python -m bench.measure calamine FILE         # the parser alone (python-calamine to_python)
    .venv/bin/python -m bench.measure fastexcel FILE        # fastexcel's read of the sheet into a DuckDB table
    .venv/bin/python -m bench.measure stages FILE           # importer stage by stage, no commit

Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss survives execve, so a measurement started by a large
    parent (bench.run after generating the province in-process: 5.5 GB) would report the parent's size; the
    address space's own high-water mark (VmHWM) starts afresh at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)                  # kB
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)   # kB on Linux


def lift_limits() -> dict:
    """Raise the importer's size limits for this process; returns the shipped ones.

    The limits (ledgerboard/importer/read.py) refuse files above a few million cells, so a
    prefecture roster would only measure the refusal. The report states when a file is over them.
    """
    from ledgerboard.importer import read

    names = [n for n in ("MAX_FILE_BYTES", "MAX_UNZIPPED_BYTES", "MAX_CELLS", "MAX_CSV_BYTES") if hasattr(read, n)]
    shipped = {n: getattr(read, n) for n in names}
    for n in names:
        setattr(read, n, 2**50)
    return shipped


def over_limits(path: Path, shipped: dict) -> list[str]:
    """Which shipped limits this file exceeds."""
    import python_calamine as pc

    over = []
    if path.stat().st_size > shipped.get("MAX_FILE_BYTES", 2**50):
        over.append(f"file {path.stat().st_size / 2**20:.0f} MiB > MAX_FILE_BYTES {shipped['MAX_FILE_BYTES'] / 2**20:.0f} MiB")
    wb = pc.CalamineWorkbook.from_path(str(path))
    cells = sum(wb.get_sheet_by_name(n).total_height * wb.get_sheet_by_name(n).total_width for n in wb.sheet_names)
    if cells > shipped.get("MAX_CELLS", 2**50):
        over.append(f"{cells:,} cells > MAX_CELLS {shipped['MAX_CELLS']:,}")
    return over


def run_importer(path: Path, db: Path) -> dict:
    from ledgerboard.importer import import_file
    from ledgerboard.store import Store

    shipped = lift_limits()
    store = Store(db)
    base = _peak_mb()
    t0 = time.perf_counter()
    result = import_file(store, path, imported_by="bench")
    seconds = time.perf_counter() - t0
    peak = _peak_mb()
    store.close()
    # After the peak is taken: checking the limits loads the sheets once more.
    over = over_limits(path, shipped)
    return {"seconds": seconds, "rows": result["rows_read"], "rows_imported": result["rows_imported"],
            "rows_rejected": result["rows_rejected"], "status": result["status"],
            "households": result["households"], "persons": result["persons"], "errors": len(result["errors"]),
            "message": result.get("message"), "baseline_rss_mb": base, "peak_rss_mb": peak,
            "over_shipped_limits": over}


def run_pandas(path: Path) -> dict:
    import pandas as pd

    base = _peak_mb()
    t0 = time.perf_counter()
    df = pd.read_excel(path)    # default engine for .xlsx: openpyxl
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(df), "columns": df.shape[1], "baseline_rss_mb": base}


def run_calamine(path: Path) -> dict:
    import python_calamine as pc

    base = _peak_mb()
    t0 = time.perf_counter()
    wb = pc.CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in wb.sheet_names:
        rows += len(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)) - 1
    return {"seconds": time.perf_counter() - t0, "rows": rows, "baseline_rss_mb": base}


def run_fastexcel(path: Path) -> dict:
    """The reference of issue 25: fastexcel (calamine inside) reads the sheet into Arrow, DuckDB makes it a table."""
    import duckdb
    import fastexcel

    base = _peak_mb()
    t0 = time.perf_counter()
    sheet = fastexcel.read_excel(str(path)).load_sheet(0).to_arrow()
    con = duckdb.connect()
    con.execute("create table sheet as select * from sheet")
    rows = con.execute("select count(*) from sheet").fetchone()[0]
    return {"seconds": time.perf_counter() - t0, "rows": rows, "baseline_rss_mb": base}


def run_stages(path: Path) -> dict:
    """read → parse (header/map/normalise/validate) → arrow, timed apart; nothing is written."""
    import hashlib

    from ledgerboard.importer.pipeline import Options, parse_sheets
    from ledgerboard.importer.read import read_workbook

    lift_limits()
    out = {}
    t0 = time.perf_counter()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    sheets = read_workbook(data, path.name)
    out["read_s"] = time.perf_counter() - t0
    out["read_peak_mb"] = _peak_mb()
    t1 = time.perf_counter()
    parsed = parse_sheets(sheets, path.name, sha, Options())
    out["parse_s"] = time.perf_counter() - t1
    out["parse_peak_mb"] = _peak_mb()
    out["rows"] = parsed.rows_read
    return {"seconds": time.perf_counter() - t0, **out}


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    if mode == "importer":
        out = run_importer(path, Path(argv[2]))
    elif mode == "pandas":
        out = run_pandas(path)
    elif mode == "calamine":
        out = run_calamine(path)
    elif mode == "fastexcel":
        out = run_fastexcel(path)
    elif mode == "stages":
        out = run_stages(path)
    else:
        raise SystemExit(f"unknown mode {mode}")
    out.setdefault("peak_rss_mb", _peak_mb())
    out.update(mode=mode, file=path.name)
    out["rows_per_s"] = round(out["rows"] / out["seconds"]) if out["seconds"] else None
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
