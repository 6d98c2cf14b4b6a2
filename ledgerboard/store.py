"""The DuckDB store: one read-write connection per process, a cursor per query or thread."""

from __future__ import annotations

import hashlib
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

from ledgerboard import DEFAULT_DB, QUERIES_DIR, faults

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# migrations/NNN_name.sql, applied in order; the schema version is the last one applied.
MIGRATIONS = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
SCHEMA_VERSION = int(MIGRATIONS[-1].name[:3])
# macros/<name>.sql: one SQL macro per file (the filters, the poor statuses, the incidence formula, rounding, the
# coverage rule), re-applied on every start after the migrations, so a macro has one definition and no history.
MACROS_DIR = Path(__file__).with_name("macros")
# Tables holding imported rows, by ledger kind; each has a <table>_archive twin for undo.
KIND_TABLES = {
    "households": ("households", "persons"),
    "villages": ("villages",),
    "projects": ("projects", "project_villages"),
    "measures": ("measures",),
    "areas": ("areas",),
    "monitoring": ("monitor_households", "monitor_persons"),
    "household_info": ("monitor_household_info",),
    "migrant_work": ("migrant_jobs",),
}
DATA_TABLES = tuple(t for ts in KIND_TABLES.values() for t in ts)
V1_TABLES = 7       # the first seven data tables are migration 001's

DEFAULT_POVERTY_LINES = {
    "国家标准": {2014: 2800, 2015: 2855, 2016: 2952, 2017: 2952, 2018: 2995, 2019: 3218, 2020: 4000},
    "省定标准（示例）": {2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000},
}
DEFAULT_EXIT_THRESHOLDS = {"中东部": 2.0, "西部": 3.0}
DEFAULT_SETTINGS = {"line_region": "国家标准", "exit_region": "中东部"}

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Tables derived from the ledgers, rebuilt one year at a time by queries/rollups/<table>.sql inside the very
# transaction of the import, undo or demo load that changed their data (Store.transaction), so they are never
# behind the committed data. A query names the rollups it reads in its header (`-- reads: household_cause_rollup`);
# a store left behind by an older version is repaired when it is opened (Store.warm_rollups), and a read that
# still finds a rollup behind (another program wrote the file) rebuilds it before it reads.
ROLLUPS = ("household_measure_rollup", "known_village_rollup", "household_cause_rollup", "village_income_rollup")
_READS = re.compile(r"^--\s*reads:\s*(.+)$", re.MULTILINE)


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


@cache
def macros_sha() -> str:
    """A hash of the macro texts, in the order they are defined."""
    return hashlib.sha256("\x00".join(macro_texts()).encode("utf-8")).hexdigest()


@cache
def macro_texts() -> tuple[str, ...]:
    """The texts of macros/*.sql, a macro after those whose names it uses (DuckDB binds a macro when it is created)."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(MACROS_DIR.glob("*.sql"))}
    uses = {name: {other for other in texts if other != name and re.search(rf"\b{other}\(", text)}
            for name, text in texts.items()}
    ordered: list[str] = []
    while len(ordered) < len(texts):
        ready = [n for n in texts if n not in ordered and uses[n] <= set(ordered)]
        if not ready:
            raise ValueError(f"macros use each other in a circle: {sorted(set(texts) - set(ordered))}")
        ordered += ready
    return tuple(texts[n] for n in ordered)


@cache
def param_names(sql: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(sql))


@cache
def reads(sql: str) -> tuple[str, ...]:
    """The rollups a statement declares in its header (`-- reads: a, b`)."""
    names = tuple(n.strip() for m in _READS.findall(sql) for n in m.split(",") if n.strip())
    unknown = set(names) - set(ROLLUPS)
    if unknown:
        raise ValueError(f"a query declares it reads {sorted(unknown)}, which are not rollups")
    return names


def bind(sql: str, params: dict) -> dict:
    """The parameters of a statement: every one it names, and no other (a filter the SQL ignores is a bug)."""
    names = param_names(sql)
    missing = names - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    extra = params.keys() - names
    if extra:
        raise KeyError(f"query does not use parameters {sorted(extra)}")
    return dict(params)


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


def connect(path: Path, wait: float = 0.0, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried for up to `wait` seconds while another process holds the file (or, read-write, while
    this process still has it open read-only)."""
    deadline = time.monotonic() + wait
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            text = str(exc).lower()
            if "lock" not in text and "different configuration" not in text:
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
        self._init_state()
        self.migrate()
        self.warm_rollups()     # repair what a crash or an older version left behind, before anyone reads

    def _init_state(self) -> None:
        self._tx = threading.local()                     # .cur: this thread's open transaction (Store.transaction)
        self._fresh: dict[tuple[str, int], str] = {}     # (rollup, year) → version it was built from
        self._checked: str | None = None                  # data version whose rollups were found fresh
        self._year_versions: tuple[str | None, dict[int, str]] = (None, {})   # data version → year → version

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def reading(self):
        """The reads inside see one open store (SharedStore opens it read-only for them); here always open."""
        yield

    @contextmanager
    def exclusive(self):
        """No other process writes while this is held (SharedStore: the exclusive store lock, one read-write
        connection for everything inside); here the process is the only writer."""
        yield

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, or this thread's open transaction: what a query inside an import reads includes
        the import's own rows so far."""
        cur = getattr(self._tx, "cur", None)
        return cur if cur is not None else self.con.cursor()

    # Schema -----------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self.cursor()
        exists = cur.execute("select count(*) from duckdb_tables() where table_name = 'schema_version'").fetchone()[0]
        if not exists:
            return 0
        row = cur.execute("select max(version) from schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet, all in one transaction, then the macros (after the last
        migration: a macro binds the tables it reads when it is created, and migrations create tables only)."""
        version = self.schema_version()
        if version >= SCHEMA_VERSION:
            self.apply_macros(force=False)
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
        self.apply_macros()

    def apply_macros(self, force: bool = True) -> None:
        """(Re)define every macro of macros/*.sql in one transaction, each after the macros it uses; unless `force`,
        only when the store's macros were defined from other texts (macro_state). After a migration they always are:
        a macro binds the tables it reads when it is created."""
        sha = macros_sha()
        cur = self.cursor()
        if not force and cur.execute("select sha from macro_state").fetchall() == [(sha,)]:
            return
        cur.begin()
        try:
            for text in macro_texts():
                cur.execute(text)
            cur.execute("delete from macro_state")
            cur.execute("insert into macro_state values (?)", [sha])
            cur.commit()
        except Exception:
            cur.rollback()
            raise

    @staticmethod
    def _seed(cur) -> None:
        """Archive twins of the data tables and the default settings of DOMAIN.md."""
        for table in DATA_TABLES[:V1_TABLES]:     # later migrations create their tables' twins themselves
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
        self.check_rollups(sql)
        return self.cursor().execute(sql, args).df()

    def query_rows(self, name: str, **params) -> list[tuple]:
        sql = sql_text(name)
        args = bind(sql, params)
        self.check_rollups(sql)
        return self.cursor().execute(sql, args).fetchall()

    def query_row(self, name: str, **params) -> dict:
        """The first row of queries/<name>.sql as {column: value} ({} for none), without a DataFrame."""
        sql = sql_text(name)
        args = bind(sql, params)
        self.check_rollups(sql)
        cur = self.cursor().execute(sql, args)
        rows = cur.fetchall()       # whole: a transaction's cursor must not keep an unfinished result
        return {} if not rows else dict(zip((d[0] for d in cur.description), rows[0]))

    def check_rollups(self, sql: str) -> None:
        """Make sure the rollups a statement reads are as fresh as the data it sees (normally a no-op: every writer
        rebuilds them in its own transaction)."""
        names = reads(sql)
        if not names:
            return
        version = self.data_version()
        if self._checked == version:
            return
        behind = self._stale(self.cursor())
        if any(n in names for n, _, _ in behind):
            log.warning("rollups behind the data, rebuilding: %s", [(n, y) for n, y, _ in behind[:5]])
            if self.in_transaction():
                self._rebuild(self._tx.cur, behind)
            else:
                self.warm_rollups()
            return
        if not behind:
            self._checked = version

    def rollup_version(self, year: int, cur=None) -> str:
        """Which imports a year's rows come from: it moves only when that year's data does, so an
        import of 2019 leaves the rollups of other years as they are."""
        cur = cur or self.cursor()
        known = self._versions(cur)
        if year not in known:
            known[year] = cur.execute(sql_text("rollups/version"), {"year": year}).fetchall()[0][0]
        return known[year]

    def _versions(self, cur) -> dict[int, str]:
        """rollup_version of every year the rollups must be fresh for, read once per data version."""
        data_version = self.data_version(cur)
        if self._year_versions[0] != data_version:
            self._year_versions = (data_version, dict(cur.execute(sql_text("rollups/versions")).fetchall()))
        return self._year_versions[1]

    def _stale(self, cur) -> list[tuple[str, int, str]]:
        """(rollup, year, version of its data) for the years built from other data than `cur` sees."""
        out = []
        built = None
        for year, version in self._versions(cur).items():     # in year order (rollups/versions)
            for name in ROLLUPS:
                if self._fresh.get((name, year)) == version:
                    continue
                if built is None:
                    built = {(n, y): v for n, y, v in cur.execute(sql_text("rollups/states")).fetchall()}
                if built.get((name, year)) == version:
                    self._fresh[(name, year)] = version
                else:
                    out.append((name, year, version))
        return out

    def _rebuild(self, cur, stale: list[tuple[str, int, str]]) -> None:
        """Rebuild these years of these rollups with `cur`, inside its transaction."""
        for name, year, version in stale:
            for statement_ in sql_text(f"rollups/{name}").split(";\n"):
                if statement_.strip():
                    cur.execute(statement_, bind(statement_, {"year": year}))
            cur.execute(sql_text("rollups/set_state"), {"rollup": name, "year": year, "version": version})
            log.info("rollup %s rebuilt for %s", name, year)

    def warm_rollups(self) -> None:
        """Rebuild the years of the rollups that are behind the data, in one transaction. Writers never need this
        (Store.transaction rebuilds what they changed); it repairs a store a crash or an older version left."""
        if not self._stale(self.cursor()):
            return
        with self.transaction(rebuild=True):    # rebuilds what is stale before it commits
            pass

    @contextmanager
    def transaction(self, label: str | None = None, rebuild: bool = False):
        """One write at a time in this process; all of it or nothing. Before it commits, the rollups of the years
        whose data it changed (an import, an undo: the data version moved) are rebuilt in it — with `rebuild`
        whatever is stale — so derived tables never lag the data. A transaction opened inside another on the same
        thread joins it (the outer one commits). `label` names its fault points (ledgerboard/faults.py)."""
        outer = getattr(self._tx, "cur", None)
        if outer is not None:
            yield outer
            return
        with self._writer() as cur:
            cur.begin()
            self._tx.cur = cur
            try:
                before = self.data_version(cur)
                yield cur
                stale = self._stale(cur) if rebuild or self.data_version(cur) != before else []
                self._rebuild(cur, stale)
                if label:
                    faults.reached(f"{label}:rollups")
                self._before_commit()
                cur.commit()
            except BaseException:
                cur.rollback()
                raise
            finally:
                self._tx.cur = None
        for name, year, version in stale:
            self._fresh[(name, year)] = version
        if label:
            faults.reached(f"{label}:committed")

    @contextmanager
    def _writer(self):
        """A cursor to write with, one writer at a time."""
        with self._write_lock:
            yield self.con.cursor()

    def _before_commit(self) -> None:
        """What a writer does just before it commits (SharedStore: take the published data version back)."""

    def in_transaction(self) -> bool:
        """Whether this thread has a transaction open (Store.transaction)."""
        return getattr(self._tx, "cur", None) is not None

    def data_version(self, cur=None) -> str:
        """Changes with every import and undo; caches key on it."""
        row = (cur or self.cursor()).execute(sql_text("store/data_version")).fetchall()[0]
        return "|".join(str(x) for x in row)

    def is_demo(self) -> bool:
        """True while the store holds no real (uploaded or CLI-imported) rows: only the demo county, or nothing."""
        demo, real = self.query_rows("store/demo_state")[0]
        return real == 0

    def is_empty(self) -> bool:
        demo, real = self.query_rows("store/demo_state")[0]
        return demo + real == 0

    def counties(self) -> list[str | None]:
        """The counties the store holds (None for rows without a county), in name order."""
        return [c for c, in self.query_rows("counties")]

    def area_label(self, area) -> str:
        """The area's real name (示例县, 甲县青松镇, or 全市/全省 over several counties); see ledgerboard.area.label."""
        from ledgerboard.area import DEFAULT_TOP, label
        return label(area, self.counties(), self.setting("top_area") or DEFAULT_TOP)

    def setting(self, key: str) -> str | None:
        rows = self.query_rows("store/setting", key=key)
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as cur:
            sql = sql_text("store/set_setting")
            cur.execute(sql, bind(sql, {"key": key, "value": value}))
