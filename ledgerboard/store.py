"""The DuckDB store: one read-write connection per process, a cursor per query or thread."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from ledgerboard import DEFAULT_DB, QUERIES_DIR

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# migrations/NNN_name.sql, applied in order; the schema version is the last one applied.
MIGRATIONS = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
SCHEMA_VERSION = int(MIGRATIONS[-1].name[:3])
# Tables holding imported rows, by ledger kind; each has a <table>_archive twin for undo.
KIND_TABLES = {
    "households": ("households", "persons"),
    "villages": ("villages",),
    "projects": ("projects", "project_villages"),
    "measures": ("measures",),
    "areas": ("areas",),
}
DATA_TABLES = tuple(t for ts in KIND_TABLES.values() for t in ts)

DEFAULT_POVERTY_LINES = {
    "国家标准": {2014: 2800, 2015: 2855, 2016: 2952, 2017: 2952, 2018: 2995, 2019: 3218, 2020: 4000},
    "省定标准（示例）": {2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000},
}
DEFAULT_EXIT_THRESHOLDS = {"中东部": 2.0, "西部": 3.0}
DEFAULT_SETTINGS = {"line_region": "国家标准", "exit_region": "中东部"}

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Tables derived from the ledgers (migration 005), rebuilt one year at a time by queries/rollups/<table>.sql
# when the store's data changed since they were built; a query that names one gets it fresh.
# Each rollup with the names whose use means a query reads it (macros built on it included).
ROLLUPS = {
    "household_measure_rollup": ("household_measure_rollup", "household_measure_rollup_in"),
    "known_village_rollup": ("known_village_rollup", "project_links_in", "projects_in"),
    "household_cause_rollup": ("household_cause_rollup", "household_cause_rollup_in"),
    "village_income_rollup": ("village_income_rollup", "village_income_rollup_in"),
}


@cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql."""
    path = QUERIES_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


_IDENTIFIER = re.compile(r"^[a-z_]+$")


def statement(name: str, **identifiers: str) -> str:
    """A query file whose {placeholders} are fixed table/column names from our own schema.

    Only identifiers from KIND_TABLES / the schema may be passed; user values are always bound.
    """
    for value in identifiers.values():
        if not _IDENTIFIER.match(value):
            raise ValueError(f"not an identifier: {value!r}")
    return sql_text(name).format(**identifiers) if identifiers else sql_text(name)


_PREVIOUS_YEAR = re.compile(r"\$year\s*-\s*1\b")


@cache
def param_names(sql: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(sql))


@cache
def rollups_read(sql: str) -> tuple[str, ...]:
    """The rollup tables a statement reads."""
    return tuple(r for r, names in ROLLUPS.items() if any(re.search(rf"\b{n}\b", sql) for n in names))


def bind(sql: str, params: dict) -> dict:
    """Only the parameters the statement names (DuckDB refuses extra ones)."""
    names = param_names(sql)
    missing = names - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {k: params[k] for k in names}


def resolve_path(path: str | Path | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("LEDGERBOARD_DB")
    return Path(env) if env else DEFAULT_DB


class StoreBusy(Exception):
    """Another process holds the store file (DuckDB lets one process open it, even to read, while
    it is open for writing); the message is a Chinese sentence for the user."""


def busy_message(path: Path) -> str:
    return (f"数据库“{path.name}”正被另一个程序使用（看板或另一个导入），暂时无法写入。"
            f"请稍后再试；如需在看板运行时导入，请在看板的“数据上传”页导入。")


def connect(path: Path, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried for up to `wait` seconds while another process holds the file."""
    deadline = time.monotonic() + wait
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                log.info("store %s is held by another process", path.name)
                raise StoreBusy(busy_message(path)) from None
            time.sleep(min(delay, left))
            delay = min(delay * 2, 1.0)


class Store:
    def __init__(self, path: str | Path | None = None, wait: float = 0.0):
        self.path = resolve_path(path)
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, wait)
        self._write_lock = threading.Lock()
        self._fresh: dict[tuple[str, int], str] = {}     # (rollup, year) → version it was built from
        self._year_versions: tuple[str | None, dict[int, str]] = (None, {})   # data version → year → version
        self.migrate()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    # Schema -----------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self.cursor()
        exists = cur.execute(
            "select count(*) from information_schema.tables where table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        row = cur.execute("select max(version) from schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet, all in one transaction."""
        version = self.schema_version()
        if version >= SCHEMA_VERSION:
            return
        cur = self.cursor()
        cur.begin()
        try:
            for path in MIGRATIONS:
                number = int(path.name[:3])
                if number <= version:
                    continue
                cur.execute(path.read_text(encoding="utf-8"))
                if number == 1:
                    self._seed(cur)
            cur.execute("delete from schema_version")
            cur.execute("insert into schema_version values (?)", [SCHEMA_VERSION])
            cur.commit()
        except Exception:
            cur.rollback()
            raise

    @staticmethod
    def _seed(cur) -> None:
        """Archive twins of the data tables and the default settings of DOMAIN.md."""
        for table in DATA_TABLES:
            cur.execute(
                f"create table if not exists {table}_archive as "
                f"select *, null::varchar as archived_by from {table} where false"
            )
        for region, lines in DEFAULT_POVERTY_LINES.items():
            for year, line in lines.items():
                cur.execute("insert into poverty_lines values (?, ?, ?)", [region, year, line])
        for region, pct in DEFAULT_EXIT_THRESHOLDS.items():
            cur.execute("insert into exit_thresholds values (?, ?)", [region, pct])
        for key, value in DEFAULT_SETTINGS.items():
            cur.execute("insert into settings values (?, ?)", [key, value])

    # Queries ----------------------------------------------------------------
    def query(self, name: str, **params) -> pd.DataFrame:
        """Run queries/<name>.sql with bound parameters; a DataFrame back."""
        sql = sql_text(name)
        args = bind(sql, params)
        self._fresh_for(sql, args)
        return self.cursor().execute(sql, args).df()

    def query_rows(self, name: str, **params) -> list[tuple]:
        sql = sql_text(name)
        args = bind(sql, params)
        self._fresh_for(sql, args)
        return self.cursor().execute(sql, args).fetchall()

    def query_row(self, name: str, **params) -> dict:
        """The first row of queries/<name>.sql as {column: value} ({} for none), without a DataFrame."""
        sql = sql_text(name)
        args = bind(sql, params)
        self._fresh_for(sql, args)
        cur = self.cursor().execute(sql, args)
        row = cur.fetchone()
        return {} if row is None else dict(zip((d[0] for d in cur.description), row))

    def _fresh_for(self, sql: str, args: dict) -> None:
        """Refresh the rollups a statement reads, for its $year (and the year before, if it reads `$year - 1`)."""
        names = rollups_read(sql)
        if not names:
            return
        year = args.get("year")
        self.refresh_rollups(names, year)
        if year is not None and _PREVIOUS_YEAR.search(sql):
            self.refresh_rollups(names, year - 1)

    def rollup_version(self, year: int) -> str:
        """Which imports a year's rows come from: it moves only when that year's data does, so an
        import of 2019 leaves the rollups of other years as they are."""
        data_version = self.data_version()
        if self._year_versions[0] != data_version:
            self._year_versions = (data_version, {})
        known = self._year_versions[1]
        if year not in known:
            known[year] = self.query_rows("rollups/version", year=year)[0][0]
        return known[year]

    def refresh_rollups(self, names: tuple[str, ...], year: int | None) -> None:
        """Rebuild the year (every year for None) of each rollup built from other data than the store holds now."""
        if year is None:
            version = self.data_version()
            if all(self._fresh.get((n, None)) == version for n in names):
                return
            for y, in self.cursor().execute(sql_text("rollups/years")).fetchall():
                self.refresh_rollups(names, y)
            self._fresh.update({(n, None): version for n in names})
            return
        version = self.rollup_version(year)
        stale = [n for n in names if self._fresh.get((n, year)) != version]
        if not stale:
            return
        with self._write_lock:
            cur = self.cursor()
            for name in stale:
                built = cur.execute(sql_text("rollups/state"), {"rollup": name, "year": year}).fetchall()
                if not built or built[0][0] != version:
                    cur.begin()
                    try:
                        for statement_ in sql_text(f"rollups/{name}").split(";\n"):
                            if statement_.strip():
                                cur.execute(statement_, bind(statement_, {"year": year}))
                        cur.execute(sql_text("rollups/set_state"), {"rollup": name, "year": year, "version": version})
                        cur.commit()
                    except BaseException:
                        cur.rollback()
                        raise
                    log.info("rollup %s rebuilt for %s", name, year)
                self._fresh[(name, year)] = version

    def warm_rollups(self) -> None:
        """Bring every rollup up to date now, after imports or an undo, so that no page waits for a rebuild.
        Only the years whose data changed are rebuilt (seconds per year in a province)."""
        self.refresh_rollups(tuple(ROLLUPS), None)

    @contextmanager
    def transaction(self):
        """One write at a time in this process; all of it or nothing."""
        with self._write_lock:
            cur = self.cursor()
            cur.begin()
            try:
                yield cur
                cur.commit()
            except BaseException:
                cur.rollback()
                raise

    def data_version(self) -> str:
        """Changes with every import and undo; caches key on it."""
        return "|".join(str(x) for x in self.query_rows("store/data_version")[0])

    def is_demo(self) -> bool:
        """True while the only data is the demo county (or nothing)."""
        demo, real = self.query_rows("store/demo_state")[0]
        return real == 0

    def is_empty(self) -> bool:
        demo, real = self.query_rows("store/demo_state")[0]
        return demo + real == 0

    def setting(self, key: str) -> str | None:
        rows = self.query_rows("store/setting", key=key)
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as cur:
            sql = sql_text("store/set_setting")
            cur.execute(sql, bind(sql, {"key": key, "value": value}))
