"""The importer beside fastexcel's read of the same sheet into DuckDB, in one run (issue 25's ratio).

    .venv/bin/python -m bench.import_pair bench/out/county_roster_2019_01.xlsx [more files] \
        [--before /work/main] [--pandas] [--repeat 3] [--out bench/results/issue25/import_pair.json]

Each measurement is a fresh process (bench.measure: its peak is the process's VmHWM); the commands of one file run
alternately, `repeat` times, and the medians are reported: seconds, peak MB, and the importer's time ÷ fastexcel's
(target ≤ 1.5). `--before DIR` also runs the importer of another checkout (the code before a change) in the same
rounds, so before and after meet the same load on a shared machine; `--pandas` also times pandas.read_excel
(openpyxl) once per file (target: the importer ≥ 10× faster). fastexcel must be importable (requirements-dev).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(args: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.measure", *args], cwd=cwd, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pair(path: Path, repeat: int = 3, before: Path | None = None, pandas: bool = False) -> dict:
    runs: dict[str, list[dict]] = {"fastexcel": [], "importer": []}
    if before:
        runs["importer_before"] = []
    if pandas:
        runs["pandas"] = [_measure(["pandas", str(path)], ROOT)]     # minutes on a large file: once
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            runs["fastexcel"].append(_measure(["fastexcel", str(path)], ROOT))
            runs["importer"].append(_measure(["importer", str(path), f"{tmp}/after_{i}.duckdb"], ROOT))
            if before:
                runs["importer_before"].append(_measure(["importer", str(path), f"{tmp}/before_{i}.duckdb"], before))
    result = {"file": path.name, "rows": runs["importer"][0]["rows"], "repeat": repeat}
    for name, rs in runs.items():
        result[name] = {"seconds": round(statistics.median(r["seconds"] for r in rs), 2),
                        "peak_mb": round(statistics.median(r["peak_rss_mb"] for r in rs)),
                        "status": rs[0].get("status"), "rows_imported": rs[0].get("rows_imported")}
    fx = result["fastexcel"]["seconds"]
    for name in ("importer", "importer_before"):
        if name in result:
            result[name]["ratio_to_fastexcel"] = round(result[name]["seconds"] / fx, 2)
            if pandas:
                result[name]["times_faster_than_pandas"] = round(result["pandas"]["seconds"] / result[name]["seconds"], 1)
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", type=Path, help="a checkout whose importer is measured beside this one")
    ap.add_argument("--pandas", action="store_true", help="also time pandas.read_excel (openpyxl), once per file")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    results = []
    for f in args.files:
        r = pair(f.resolve(), args.repeat, args.before, args.pandas)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
