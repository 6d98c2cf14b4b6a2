"""What the shared mode costs per page run and per write, against the embedded store (demo county).

    .venv/bin/python -m bench.shared_store [--db PATH] [--repeat 20]

Times, on a copy of the demo store, medians of `--repeat` runs each (milliseconds):
- the data version a page run reads: embedded (a query on the open connection) / shared (the published file);
- a read when no read-only connection is open: open the file read-only + the data-version query + close;
- all indicators of a year (`indicators.metrics`, ~20 queries): embedded / shared in one reading() scope;
- one audit-log entry (a login's write): embedded / shared (exclusive lock, open read-write, commit, publish the
  version, close with its checkpoint);
- opening the store at process start: embedded Store / SharedStore (migrations and macros under the lock).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from bench.load import demo_store
from ledgerboard import auditlog
from ledgerboard.indicators import metrics
from ledgerboard.shared_store import LINGER, SharedStore
from ledgerboard.store import Store, sql_text


def _ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 2)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to copy; default: the demo county")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    n = args.repeat
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        embedded_db, shared_db = Path(tmp) / "embedded.duckdb", Path(tmp) / "shared.duckdb"
        shutil.copy(args.db, embedded_db) if args.db else demo_store(embedded_db)
        shutil.copy(embedded_db, shared_db)

        out["open_embedded_ms"] = _ms(lambda: Store(embedded_db).close(), max(3, n // 4))
        out["open_shared_ms"] = _ms(lambda: SharedStore(shared_db).close(), max(3, n // 4))

        e = Store(embedded_db)
        out["data_version_embedded_ms"] = _ms(e.data_version, n)
        out["metrics_embedded_ms"] = _ms(lambda: metrics(e, 2019), n)
        out["audit_entry_embedded_ms"] = _ms(lambda: auditlog.record(e, "login", "bench", target="bench"), n)
        e.close()

        s = SharedStore(shared_db)
        out["data_version_shared_ms"] = _ms(s.data_version, n)
        sql = sql_text("store/data_version")

        def cold_read():
            con = duckdb.connect(str(shared_db), read_only=True)
            con.execute(sql).fetchall()
            con.close()
        out["read_only_open_and_version_ms"] = _ms(cold_read, n)

        def shared_metrics():
            with s.reading():
                metrics(s, 2019)
        shared_metrics()
        out["metrics_shared_lingering_ms"] = _ms(shared_metrics, n)

        def shared_metrics_cold():
            s.close()                       # the lingering connection closed: this run opens the file again
            shared_metrics()
        out["metrics_shared_cold_ms"] = _ms(shared_metrics_cold, n)
        out["audit_entry_shared_ms"] = _ms(lambda: auditlog.record(s, "login", "bench", target="bench"), n)
        out["read_only_opens"] = s.opens
        out["linger_s"] = LINGER
        s.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
