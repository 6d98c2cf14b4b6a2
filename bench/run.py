"""Run the benchmark and write BENCHMARKS.md.

    .venv/bin/python -m bench.run                          # county and prefecture (a few minutes)
    .venv/bin/python -m bench.run --province               # … and the province (long: run it with nohup)
    .venv/bin/python -m bench.run --scales county --skip-import

Per scale: import (.xlsx roster and household ledger through ledgerboard.importer.import_file,
beside pandas.read_excel/openpyxl on the same file, each in its own process for peak memory),
every query in queries/*.sql (cold and warm, per area level) and metrics(), the pandas
equivalents of the main queries, every page of app.py (AppTest), and the store's size. Results
go to bench/results/<scale>.json; BENCHMARKS.md is rendered from every result file there plus the
hand-written analysis in bench/ANALYSIS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from bench import baseline, generate
from ledgerboard import QUERIES_DIR, ROOT, analysis
from ledgerboard.indicators import Area, metrics
from ledgerboard.store import _PARAM, Store, sql_text

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
OUT = BENCH / "out"
REPORT = ROOT / "BENCHMARKS.md"
YEAR = generate.ROSTER_YEAR
PY = sys.executable

# Values for query parameters other than year and the area. A query naming a parameter that is
# neither here nor a default of an ledgerboard.analysis function is listed as skipped.
EXTRA_PARAMS = {
    "min_measures": analysis.DEFAULT_MIN_MEASURES,
    "bin_yuan": analysis.INCOME_BAND_YUAN,
    "cap_yuan": analysis.INCOME_BAND_CAP_YUAN,
}
AREA_PARAMS = {"county", "township", "village"}

TARGETS = {
    "import_rows_per_s": 40_000, "import_vs_openpyxl": 10, "import_peak_mb_1m": 2048,
    "query_warm_ms_county": 100, "query_warm_ms_province": 300, "query_vs_pandas": 5, "page_s_province": 2,
}


def log(msg: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {msg}", flush=True)


# Machine ----------------------------------------------------------------------------------------
def machine() -> dict:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = {}
    for pkg in ("duckdb", "pandas", "pyarrow", "numpy", "python-calamine", "openpyxl", "xlsxwriter", "streamlit"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "commit": git_commit(), "load_start": os.getloadavg()}


def git_commit() -> str | None:
    """The commit measured, with "+changes" when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return None
    return f"{head}+changes" if dirty else head


# Import -----------------------------------------------------------------------------------------
def _subprocess(args: list[str], env: dict | None = None, timeout: float = 3600) -> dict:
    r = subprocess.run([PY, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, **(env or {})})
    lines = [line for line in r.stdout.splitlines() if line.startswith(("{", "["))]
    if r.returncode != 0 or not lines:
        return {"error": (r.stderr or r.stdout)[-800:]}
    return json.loads(lines[-1])


def bench_import(files: dict[str, list[dict]], scale: str, baseline_files: int, import_files: int | None,
                 openpyxl: bool = True) -> dict:
    """Every file through the importer into one fresh store; pandas and calamine on the first file(s)."""
    db = OUT / f"import_{scale}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    out: dict = {}
    for kind, entries in files.items():
        rows = []
        for i, f in enumerate(entries[:import_files]):
            entry = {"file": Path(f["path"]).name, "rows": f["rows"], "columns": f["columns"],
                     "mb": round(f["bytes"] / 1e6, 1)}
            log(f"[{scale}] import {entry['file']} ({f['rows']:,} rows)")
            entry["importer"] = _subprocess(["-m", "bench.measure", "importer", f["path"], str(db)])
            if i < baseline_files:
                if openpyxl:
                    log(f"[{scale}] pandas.read_excel {entry['file']}")
                    entry["pandas"] = _subprocess(["-m", "bench.measure", "pandas", f["path"]])
                entry["calamine"] = _subprocess(["-m", "bench.measure", "calamine", f["path"]])
                if importlib.util.find_spec("fastexcel"):       # requirements-dev: the reference of issue 25
                    entry["fastexcel"] = _subprocess(["-m", "bench.measure", "fastexcel", f["path"]])
            rows.append(entry)
        out[kind] = rows
    out["store_mb"] = _size_mb(db)
    return out


def _size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in (path, Path(str(path) + ".wal")) if p.exists())
    return round(total / 1e6, 1)


# Queries ----------------------------------------------------------------------------------------
def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def _analysis_defaults() -> dict:
    """Defaults of ledgerboard.analysis functions' keyword parameters (e.g. min_measures=5)."""
    found = {}
    for _, fn in inspect.getmembers(analysis, inspect.isfunction):
        for name, p in inspect.signature(fn).parameters.items():
            if p.default is not inspect.Parameter.empty and p.default is not None:
                found.setdefault(name, p.default)
    return found


def levels(area: dict, many_counties: bool) -> list[tuple[str, dict]]:
    """(label, filters) for the area levels a page shows: everything, a county, a township, a village."""
    out = [("all", {"county": None, "township": None, "village": None})]
    if many_counties:
        out.append(("county", {"county": area["county"], "township": None, "village": None}))
    out.append(("township", {"county": None, "township": area["township"], "village": None}))
    out.append(("village", {"county": None, "township": area["township"], "village": area["village"]}))
    return out


def bind_params(name: str, level: str, filters: dict, area: dict, sql: str | None = None) -> tuple[dict | None, str | None]:
    """The parameters of one query at one level, or (None, why it is skipped)."""
    names = set(_PARAM.findall(sql or sql_text(name)))
    params = {"year": YEAR, **filters}
    extra = {**_analysis_defaults(), **EXTRA_PARAMS}
    if "area" in names:
        params["area"] = {"all": area["county"], "county": area["county"], "township": area["township"],
                          "village": area["village"]}[level]
    for n in names - params.keys():
        if n in extra:
            params[n] = extra[n]
    missing = names - params.keys()
    if missing:
        return None, "unknown parameter " + ", ".join(f"${m}" for m in sorted(missing)) + \
            " (add a value to EXTRA_PARAMS in bench/run.py)"
    return {k: params[k] for k in names}, None


def _timings(fn, repeat: int, budget_s: float) -> list[float]:
    times = []
    start = time.perf_counter()
    while len(times) < repeat and (len(times) < 3 or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _stats(times: list[float]) -> dict:
    s = sorted(times)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return {"median_ms": round(statistics.median(s) * 1000, 2), "p95_ms": round(p95 * 1000, 2), "n": len(s)}


def _cold(db: Path, fn) -> tuple[float, object]:
    """First run on a freshly opened connection: DuckDB's buffers are empty (the OS file cache is not)."""
    store = Store(db)
    try:
        t0 = time.perf_counter()
        result = fn(store)
        return time.perf_counter() - t0, result
    finally:
        store.close()


def _bench_each_query(db: Path, lv, area: dict, repeat: int, budget_s: float, out: dict) -> None:
    """Each query at each level into out['queries']: first every cold run, each on a store opened for it alone
    (no other connection keeps DuckDB's buffers), then the warm runs on one store opened once."""
    todo = []
    for name in query_names():
        sql = sql_text(name)
        names = set(_PARAM.findall(sql))
        for level, filters in lv:
            if not names & (AREA_PARAMS | {"area"}) and level != "all":
                continue        # the same query whatever the area
            params, skipped = bind_params(name, level, filters, area)
            row = {"query": name, "level": level}
            out["queries"].append(row)
            if skipped:
                row["skipped"] = skipped
                continue
            try:
                cold_s, df = _cold(db, lambda s: s.query(name, **params))
                row.update(cold_ms=round(cold_s * 1000, 2), rows_out=len(df))
                todo.append((row, name, params))
            except Exception as exc:        # a broken query is a finding, not the end of the run
                row["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    warm = Store(db)
    try:
        for row, name, params in todo:
            try:
                row.update(**_stats(_timings(lambda: warm.query(name, **params), repeat, budget_s)))
            except Exception as exc:
                row["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        warm.close()


def bench_queries(db: Path, area: dict, many_counties: bool, repeat: int, budget_s: float) -> dict:
    out = {"queries": [], "metrics": [], "pandas": [], "year": YEAR, "area": area}
    # The summary tables (rollups) are built after imports (Store.warm_rollups); time that apart,
    # so that "cold" below is a query on a fresh connection, not a rebuild.
    store = Store(db)
    try:
        store.cursor().execute("delete from rollup_state")
        t0 = time.perf_counter()
        store.warm_rollups()
        out["warm_rollups_s"] = round(time.perf_counter() - t0, 2)
    finally:
        store.close()
    lv = levels(area, many_counties)
    _bench_each_query(db, lv, area, repeat, budget_s, out)
    for level, filters in lv:
        a = Area(**filters)
        row = {"level": level}
        try:
            cold_s, _ = _cold(db, lambda s: metrics(s, YEAR, a))
            store = Store(db)
            try:
                times = _timings(lambda: metrics(store, YEAR, a), repeat, budget_s)
            finally:
                store.close()
            row.update(cold_ms=round(cold_s * 1000, 2), **_stats(times))
        except Exception as exc:
            row["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        out["metrics"].append(row)
    out["pandas"] = bench_pandas(db, lv, out["queries"], repeat, budget_s)
    return out


def bench_pandas(db: Path, lv, query_rows: list[dict], repeat: int, budget_s: float) -> list[dict]:
    store = Store(db)
    try:
        frames, load_s = baseline.load_frames(store)
    finally:
        store.close()
    sql = {(r["query"], r["level"]): r for r in query_rows}
    out = []
    for name, func in baseline.EQUIVALENTS.items():
        fn = getattr(baseline, func)
        for level, filters in lv:
            times = _timings(lambda: fn(frames, YEAR, **filters), repeat, budget_s)
            q = sql.get((name, level), {})
            st = _stats(times)
            ratio = round(st["median_ms"] / q["median_ms"], 1) if q.get("median_ms") else None
            out.append({"query": name, "level": level, "pandas": st, "sql_median_ms": q.get("median_ms"),
                        "speedup": ratio})
    out.append({"load_frames_s": round(load_s, 2)})
    return out


# Pages ------------------------------------------------------------------------------------------
def bench_pages(db: Path, area: dict | None) -> list[dict] | dict:
    args = ["-m", "bench.pages", str(YEAR - 1)]
    if area:
        args += [area["township"], area["village"]]
    return _subprocess(args, env={"LEDGERBOARD_DB": str(db)})


def demo_store() -> Path:
    from ledgerboard.demo import load_demo

    path = OUT / "demo.duckdb"
    if not path.exists():
        tmp = OUT / "demo.tmp.duckdb"
        tmp.unlink(missing_ok=True)
        s = Store(tmp)
        load_demo(s)
        s.close()
        tmp.rename(path)
    return path


def demo_area(db: Path) -> dict:
    s = Store(db)
    try:
        row = s.con.execute("select county, township, village from households where village is not null "
                            "order by township, village limit 1").fetchone()
    finally:
        s.close()
    return {"county": row[0], "township": row[1], "village": row[2]}


# One scale --------------------------------------------------------------------------------------
def run_scale(scale: str, args) -> dict:
    t0 = time.perf_counter()
    res: dict = {"scale": scale, "started": dt.datetime.now().isoformat(timespec="seconds"),
                 "commit": git_commit(), "load_start": os.getloadavg()}
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"{scale}.duckdb"
    s = generate.SCALES[scale]
    if args.regenerate or not db.exists():
        log(f"[{scale}] generating the store")
        res["generate"] = generate.load_store(scale, db, log=log)
    area = _area_of(db)
    res["area"] = area
    res["store_mb"] = _size_mb(db)
    res["rows"] = _row_counts(db)
    res["area_keys"] = area_keys(db)
    if not args.skip_import:
        files = generate.write_rosters(scale, OUT / "xlsx", max_files=args.import_files, log=log)
        res["import"] = bench_import(files, scale, args.baseline_files, args.import_files, not args.skip_openpyxl)
        res["import"]["commit"] = git_commit()
        save(scale, res)        # each section is kept even if a later one fails
    if not args.skip_queries:
        log(f"[{scale}] queries")
        res["queries"] = bench_queries(db, area, s.counties > 1, args.repeat, args.budget)
        res["queries"]["commit"] = git_commit()
        save(scale, res)
    if not args.skip_pages:
        log(f"[{scale}] pages")
        res["pages"] = bench_pages(db, area)
    res["load_end"] = os.getloadavg()
    res["seconds"] = round(time.perf_counter() - t0, 1)
    return res


def area_keys(db: Path, year: int = 2019) -> dict:
    """Same-named villages of different counties stay apart: the whole store's incidence_by_village has one row
    per (county, township, village) key, as many as villages with households, though names repeat."""
    s = Store(db)
    try:
        df = analysis.incidence_by_village(s, year, Area())
        villages = s.con.execute("select count(*) from (select distinct county, township, village from households "
                                 "where year = ? and village is not null)", [year]).fetchone()[0]
    finally:
        s.close()
    names = df.groupby(["township", "village"])["county"].transform("nunique")
    return {"year": year, "rows": len(df), "villages": int(villages),
            "distinct_keys": len(df.drop_duplicates(["county", "township", "village"])),
            "distinct_names": len(df.drop_duplicates(["township", "village"])),
            "shared_name_villages": int((names > 1).sum()), "commit": git_commit()}


def _area_of(db: Path) -> dict:
    """The first county, township and village of the store (the generator's sample area)."""
    return demo_area(db)


def _row_counts(db: Path) -> dict:
    s = Store(db)
    try:
        return {t: s.con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("households", "persons", "villages", "projects", "project_villages", "measures")}
    finally:
        s.close()


def save(name: str, data: dict) -> Path:
    """Write results; sections not measured in this run (--skip-…) are kept from the last run."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    if path.exists() and name != "machine":
        data = {**json.loads(path.read_text(encoding="utf-8")), **data}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="LedgerBoard benchmark: import, queries, pages; writes BENCHMARKS.md.")
    ap.add_argument("--scales", default="county,prefecture", help="comma-separated: tiny, county, prefecture, province")
    ap.add_argument("--province", action="store_true", help="add the province scale (3 000 000 households; long)")
    ap.add_argument("--repeat", type=int, default=15, help="warm runs per query (at most)")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds of warm runs per query before stopping early")
    ap.add_argument("--baseline-files", type=int, default=1, help="files per kind also read with pandas/openpyxl")
    ap.add_argument("--import-files", type=int, default=None, help="import at most this many files per kind")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-openpyxl", action="store_true",
                    help="no pandas/openpyxl baseline (it reads a 1M-row file in 3–10 minutes); calamine still runs")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    ap.add_argument("--skip-demo", action="store_true", help="skip the page timing on the demo county")
    ap.add_argument("--regenerate", action="store_true", help="rebuild the stores even when bench/out has them")
    ap.add_argument("--results", type=Path, default=None, help="results folder (default bench/results)")
    ap.add_argument("--report", type=Path, default=None, help="report file (default BENCHMARKS.md)")
    args = ap.parse_args(argv)
    global RESULTS, REPORT
    RESULTS = args.results or RESULTS
    REPORT = args.report or REPORT
    scales = [s for s in args.scales.split(",") if s]
    if args.province and "province" not in scales:
        scales.append("province")
    save("machine", machine())
    if not args.skip_demo and not args.skip_pages:
        log("[demo] pages")
        db = demo_store()
        save("demo", {"scale": "demo", "started": dt.datetime.now().isoformat(timespec="seconds"), "commit": git_commit(),
                      "load_start": os.getloadavg(), "store_mb": _size_mb(db), "rows": _row_counts(db),
                      "pages": bench_pages(db, demo_area(db)), "load_end": os.getloadavg()})
    for scale in scales:
        save(scale, run_scale(scale, args))
        log(f"[{scale}] done")
        from bench.report import write_report
        write_report(RESULTS, REPORT)
    from bench.report import write_report
    write_report(RESULTS, REPORT)
    log(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
