"""DuckLake spike: can several processes share one LedgerBoard store through DuckLake (PostgreSQL catalog, Parquet)?

Not part of the app: the findings and the decision are in BENCHMARKS.md "DuckLake spike" and the README's
deployment section. DuckLake's extension packages exist for duckdb 1.5.5 only, while the project pins 2.0.0, so this
runs in a separate virtualenv:

    python3 -m venv /tmp/lake && /tmp/lake/bin/pip install duckdb==1.5.5 duckdb-extension-ducklake==1.5.5 \\
        duckdb-extension-postgres-scanner==1.5.5
    /tmp/lake/bin/python bench/ducklake_spike.py          # needs Debian's postgresql (initdb, pg_ctl)

It starts a throwaway PostgreSQL cluster in a temporary folder (as the `postgres` user when run as root), tries the
schema features the store's migrations use, applies the migrations, runs two writer processes at once (appends,
then delete + insert of the same table) and times queries against an embedded DuckDB file. Prints one line each.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql") / (sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").exists() else "") / "bin"
PORT = 55432


def connect(folder: str):
    import duckdb

    con = duckdb.connect()
    site = Path(duckdb.__file__).parent.parent
    for name in ("ducklake", "postgres_scanner"):
        ext = glob.glob(f"{site}/duckdb_extension_{name}/extensions/*/{name}.duckdb_extension")[0]
        con.execute(f"INSTALL '{ext}'")
        con.execute(f"LOAD '{ext}'")
    con.execute(f"ATTACH 'ducklake:postgres:host={folder}/pg port={PORT} user=lake dbname=lake' AS lake "
                f"(DATA_PATH '{folder}/parquet/')")
    con.execute("USE lake")
    return con


def _as_postgres(cmd: list[str]) -> None:
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" if " " in c else c for c in cmd)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def start_cluster(folder: str) -> None:
    (Path(folder) / "pg").mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(f"{folder}/pg", "postgres")
    _as_postgres([str(PG_BIN / "initdb"), "-D", f"{folder}/pg/data", "-A", "trust", "-U", "lake"])
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", f"{folder}/pg/data", "-w", "-l", f"{folder}/pg/log",
                  "-o", f"-k {folder}/pg -p {PORT} -c listen_addresses=", "start"])
    _as_postgres(["psql", "-h", f"{folder}/pg", "-p", str(PORT), "-U", "lake", "-d", "postgres",
                  "-c", "create database lake"])


def features(con) -> None:
    for sql in ["create table t_pk (id integer primary key)", "create sequence s1", "create table t (id integer, v varchar)",
                "create index i1 on t(id)", "create or replace macro m_table(a) as table select * from t where id = a",
                "create or replace macro m_scalar(a) as a + 1", "create view v1 as select * from t"]:
        try:
            con.execute(sql)
            print("works      ", sql)
        except Exception as exc:        # noqa: BLE001
            print("not allowed", sql, "->", str(exc).splitlines()[0][:120])
    for f in sorted((ROOT / "ledgerboard" / "migrations").glob("*.sql")):
        try:
            con.execute(f.read_text(encoding="utf-8"))
            print("migration applies", f.name)
        except Exception as exc:        # noqa: BLE001
            print("migration fails  ", f.name, "->", str(exc).splitlines()[0][:120])


def writer(folder: str, name: str, batches: int, replace: bool) -> None:
    """One process: `batches` transactions of 1 000 rows each (replacing its own rows first when `replace`)."""
    con = connect(folder)
    retries = 0
    t0 = time.perf_counter()
    for b in range(batches):
        while True:
            try:
                con.execute("begin")
                if replace:
                    con.execute("delete from rows_ where writer = ?", [name])
                con.execute("insert into rows_ select ?, ?, range from range(1000)", [name, b])
                con.execute("commit")
                break
            except Exception:           # noqa: BLE001  (a commit conflict: the whole transaction again)
                retries += 1
                try:
                    con.execute("rollback")
                except Exception:       # noqa: BLE001  (a failed commit has already rolled back)
                    pass
    print(f"writer {name} ({'delete + insert' if replace else 'append'}): {batches} commits, {retries} retried, "
          f"{(time.perf_counter() - t0) / batches:.3f} s per commit")


def two_writers(folder: str, replace: bool) -> None:
    con = connect(folder)
    con.execute("create or replace table rows_ (writer varchar, batch integer, n integer)")
    procs = [subprocess.Popen([sys.executable, __file__, "writer", folder, w, "10", str(int(replace))]) for w in "AB"]
    for p in procs:
        p.wait()
    print("rows per writer:", con.execute("select writer, count(*) from rows_ group by all order by 1").fetchall())


def latency(folder: str) -> None:
    import duckdb

    lake = connect(folder)
    local = duckdb.connect(f"{folder}/embedded.duckdb")
    for con in (lake, local):
        con.execute("create or replace table small as select range id from range(10)")
        con.execute("create or replace table big as select range % 27 v, range n from range(40000)")
    for label, sql in (("one-row query", "select count(*) from small"), ("small aggregate", "select v, sum(n) from big group by v")):
        times = {}
        for name, con in (("DuckLake", lake), ("embedded", local)):
            con.execute(sql).fetchall()
            t0 = time.perf_counter()
            for _ in range(30):
                con.execute(sql).fetchall()
            times[name] = (time.perf_counter() - t0) / 30 * 1000
        print(f"{label}: DuckLake {times['DuckLake']:.1f} ms, embedded {times['embedded']:.1f} ms")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "writer":
        writer(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1")
        return
    folder = tempfile.mkdtemp(prefix="ducklake-spike-")
    start_cluster(folder)
    try:
        features(connect(folder))
        two_writers(folder, replace=False)
        two_writers(folder, replace=True)
        latency(folder)
    finally:
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", f"{folder}/pg/data", "-m", "fast", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
