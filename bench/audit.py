"""Times 精准核查 (ledgerboard.audit) on a benchmark store and prints the lines for BENCHMARKS.md.

    .venv/bin/python -m bench.generate --scale province --store bench/out/province_audit.duckdb
    .venv/bin/python -m bench.audit bench/out/province_audit.duckdb --year 2019
"""

from __future__ import annotations

import argparse
import time

from ledgerboard import audit
from ledgerboard.indicators import Area
from ledgerboard.store import Store


def _timed(func, *args):
    t = time.perf_counter()
    out = func(*args)
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Time the audit rules on a store.")
    ap.add_argument("db")
    ap.add_argument("--year", type=int, default=2019)
    args = ap.parse_args(argv)
    store = Store(args.db)
    cur = store.cursor()
    county, township, village = cur.execute(
        "select county, township, village from households where year = ? limit 1", [args.year]).fetchone()
    households = cur.execute("select count(*) from households where year = ?", [args.year]).fetchone()[0]
    counties = cur.execute("select count(distinct county) from households where year = ?", [args.year]).fetchone()[0]
    print(f"store {args.db}: {households:,} households in {args.year}, {counties} counties")
    areas = [("whole store", Area()), ("one county", Area(county=county)),
             ("one township", Area(county=county, township=township)),
             ("one village", Area(county=county, township=township, village=village))]
    for label, area in areas:
        report, seconds = _timed(audit.run_rules, store.cursor(), store, args.year, area)
        print(f"| {label} | {seconds:.1f} s | {report.total:,} 疑点 | {len(report.ran)} rules run, "
              f"{len(report.skipped)} skipped |", flush=True)
    report, _ = _timed(audit.run_audit, store, args.year, Area())
    change, seconds = _timed(audit.change_since_previous_import, store, args.year, Area())
    print(f"| change since the last import (whole store) | {seconds:.1f} s | {change.note} |", flush=True)
    data, seconds = _timed(audit.suspects_xlsx, report)
    print(f"| 疑点清单 .xlsx (whole store) | {seconds:.1f} s | {len(data) / 1e6:.1f} MB |", flush=True)
    for rule in audit.rules_for(args.year):
        result, seconds = _timed(audit.run_rules, store.cursor(), store, args.year, Area(), (rule.id,))
        r = result.results[0]
        print(f"|   {rule.id} | {seconds:.2f} s | {r.count if r.skipped is None else '—'} |", flush=True)
    store.close()


if __name__ == "__main__":
    main()
