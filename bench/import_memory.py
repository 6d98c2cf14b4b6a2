"""Peak memory of importing one large file (issue 25: a 1 000 000-row, 20-column roster under 600 MB), beside the
readers' own peaks on the same file. Not part of the test suite: a million-row import takes a minute or two.

    .venv/bin/python -m bench.import_memory bench/out/prefecture_roster_2019_01.xlsx [--before /work/main] \\
        [--out bench/results/issue25/import_memory.json]

Each command runs in a fresh process; its peak is the process's VmHWM (bench.measure). `stages` is the importer
without the commit, read and parse apart (read_peak_mb: after the sheet is read into Python rows). fastexcel must be
importable for its line (requirements-dev); it is skipped otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 600


def _measure(args: list[str], cwd: Path = ROOT) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.measure", *args], cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(path: Path, before: Path | None = None) -> dict:
    result: dict = {"file": path.name, "target_peak_mb": TARGET_MB}
    with tempfile.TemporaryDirectory() as tmp:
        imp = _measure(["importer", str(path), f"{tmp}/after.duckdb"])
        result["importer"] = {k: imp.get(k) for k in ("seconds", "peak_rss_mb", "rows", "rows_imported", "status",
                                                      "error")}
        if before:
            b = _measure(["importer", str(path), f"{tmp}/before.duckdb"], before)
            result["importer_before"] = {k: b.get(k) for k in ("seconds", "peak_rss_mb", "rows_imported", "error")}
    st = _measure(["stages", str(path)])
    result["stages"] = {k: st.get(k) for k in ("read_s", "read_peak_mb", "parse_s", "parse_peak_mb", "error")}
    for reader in ("calamine", "fastexcel"):
        r = _measure([reader, str(path)])
        result[reader] = {k: r.get(k) for k in ("seconds", "peak_rss_mb", "error")}
    peak = result["importer"].get("peak_rss_mb")
    result["within_target"] = peak is not None and peak < TARGET_MB
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--before", type=Path, help="a checkout whose importer is measured beside this one")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    r = measure(args.file.resolve(), args.before)
    print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.out:
        args.out.write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
