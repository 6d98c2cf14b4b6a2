"""The store shared by the app and the command line, in one of two modes.

DuckDB lets one process open a database file while another has it open for writing — not even
read-only (tested with DuckDB 2.0: "Could not set lock on file … Conflicting lock is held").

**Embedded** (the default, a county office): the app keeps the store open for as long as it serves, so
- readers (``metrics``, ``import --dry-run``) open the store itself when it is free, and otherwise
  work on a private copy of the file and its write-ahead log taken at that moment (the data of every
  import committed so far);
- writers (``import``, ``demo``) wait a few seconds for the store, then give up with StoreBusy.

**Shared** (``LEDGERBOARD_SHARED=1``: several app processes and the CLI on one store): no process keeps the file
open (SharedStore). Reads open it read-only under the shared store lock, writes open it read-write under the
exclusive one (ledgerboard/filelock.py, writer-preferring), and each writer publishes the data version it committed
in ``<store>.version``, where every process reads it per page run without opening the store: caches keyed on it
(ui.cached, the audit's) follow another process's commit on their next run.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import threading
import time
import weakref

import duckdb

from ledgerboard import faults
from ledgerboard.filelock import LockTimeout, StoreLock
from ledgerboard.store import SCHEMA_VERSION, Store, StoreBusy, connect, resolve_path

log = logging.getLogger(__name__)

# Seconds a writer waits for the store before giving up (LEDGERBOARD_BUSY_WAIT overrides).
WRITER_WAIT = 10.0
_COPY_ATTEMPTS = 5
SHARED_ENV = "LEDGERBOARD_SHARED"
# Shared mode: seconds a process waits for the store lock (an import of another process holds it while it commits;
# LEDGERBOARD_BUSY_WAIT overrides).
LOCK_WAIT = 120.0
# Shared mode: a process keeps its read-only connection this many seconds after its last read, unless a writer asks
# for the store: opening costs 15–50 ms and the first queries on a new connection are slower (BENCHMARKS.md "Serving
# many sessions"). A writer never waits for a lingering connection longer than WATCH s, the watcher's period; a
# connection never outlives a commit (the writer's lock waits until every one is closed).
LINGER = 60.0
WATCH = 0.02


def shared_mode() -> bool:
    """Whether this process runs in the shared mode (LEDGERBOARD_SHARED=1)."""
    return os.environ.get(SHARED_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def lock_wait() -> float:
    try:
        return float(os.environ.get("LEDGERBOARD_BUSY_WAIT", LOCK_WAIT))
    except ValueError:
        return LOCK_WAIT


def open_store(path: str | Path | None = None, wait: float = 0.0) -> Store:
    """The store in this process's mode: SharedStore when LEDGERBOARD_SHARED=1, else the embedded Store."""
    return SharedStore(path) if shared_mode() else Store(path, wait)


def writer_wait() -> float:
    try:
        return float(os.environ.get("LEDGERBOARD_BUSY_WAIT", WRITER_WAIT))
    except ValueError:
        return WRITER_WAIT


def open_for_writing(path: str | Path | None = None) -> Store:
    """The store for an import; StoreBusy when another process keeps it past writer_wait()."""
    return SharedStore(path) if shared_mode() else Store(path, wait=writer_wait())


def _state(files: list[Path]) -> tuple:
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None for f in files)


def snapshot_copy(path: Path, folder: Path) -> Path:
    """Copy the store file and its write-ahead log while another process holds them; a copy during
    which either file changed is taken again."""
    files = [path, path.with_name(path.name + ".wal")]
    for _ in range(_COPY_ATTEMPTS):
        before = _state(files)
        target = folder / path.name
        for f in folder.iterdir():
            f.unlink()
        for f in files:
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(f, folder / f.name)
        if _state(files) == before:
            return target
    raise StoreBusy(f"数据库“{path.name}”正在写入，无法读取一致的副本。请稍后再试。")


@contextlib.contextmanager
def open_for_reading(path: str | Path | None = None) -> Iterator[Store]:
    """The store to read from: itself when free, else a copy of it as committed now (deleted after)."""
    path = resolve_path(path)
    try:
        store = SharedStore(path) if shared_mode() else Store(path)
    except StoreBusy:
        if shared_mode():
            raise
        store = None
    if store is not None:
        try:
            yield store
        finally:
            store.close()
        return
    with tempfile.TemporaryDirectory(prefix="ledgerboard-snapshot-") as tmp:
        copy = snapshot_copy(path, Path(tmp))
        log.info("store %s is held by another process; reading a copy", path.name)
        try:
            store = Store(copy)
        except duckdb.Error as exc:      # a copy torn by a write after all
            raise StoreBusy(f"数据库“{path.name}”正在写入，无法读取一致的副本。请稍后再试。") from exc
        try:
            yield store
        finally:
            store.close()


def shared_busy_message(path: Path, wait: float) -> str:
    return (f"数据库“{path.name}”正被另一个程序写入（导入或撤销），等待{wait:.0f}秒仍未完成。请稍后再试。")


class SharedStore(Store):
    """The store in the shared mode: no connection kept; reads and writes open the file for as long as they last.

    - `reading()` (and every query outside one): the reads inside use this process's read-only connection, opened on
      the first read under the shared store lock and shared by every thread reading at the moment (_ReaderGroup).
    - `exclusive()` / `transaction()`: the exclusive store lock (it waits for the readers of every process, this one's
      too, and keeps new ones out), one read-write connection for everything inside, the data version published
      in `<store>.version` before the lock is let go, the connection closed (DuckDB checkpoints it).
    - `data_version()` outside both: read from `<store>.version`, so a page run served from caches opens nothing.
      A writer removes the file just before it commits; a process killed between that and publishing leaves no file,
      and readers then read the version from the store until the next writer publishes it again.

    Opening it applies the migrations and macros and repairs rollups under the exclusive lock, so the first process
    of a new version migrates and the others find it done. Rule for callers: inside `reading()` never wait for
    another thread (a writer at the gate would wait for this reader while that thread waits at the gate).
    """

    def __init__(self, path: str | Path | None = None, wait: float | None = None):
        self.path = resolve_path(path)
        if str(self.path) == ":memory:":
            raise ValueError("the shared mode needs a store file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.wait = lock_wait() if wait is None else wait
        self.lock = StoreLock(self.path)
        self.version_path = self.path.with_name(self.path.name + ".version")
        self._init_state()
        self._local = threading.local()      # .reads: reading() depth; .in_group; .write_con; .unpublished
        self._readers = _ReaderGroup(self)
        with self.exclusive():
            # Migrations may change the data (the seeded settings are part of the version): the version is taken
            # back until they are in. Macros alone do not change it, so pages served from caches go on meanwhile.
            if self.schema_version() < SCHEMA_VERSION or not self.version_path.exists():
                self._unpublish()
            self.migrate()
            self.warm_rollups()

    def close(self) -> None:
        self._readers.close()

    @property
    def opens(self) -> int:
        """How often this process opened the store read-only (the benchmark reports it)."""
        return self._readers.opens

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection this thread works with now: its write connection, else the process's read-only one."""
        loc = self._local
        if getattr(loc, "write_con", None) is not None:
            return loc.write_con
        if getattr(loc, "reads", 0):
            self._join_readers()
            return self._readers.con
        raise RuntimeError("SharedStore.con outside reading() or exclusive()")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._tx, "cur", None)
        if cur is not None:
            return cur
        loc = self._local
        if getattr(loc, "write_con", None) is not None:
            return loc.write_con.cursor()
        if not getattr(loc, "reads", 0):
            # Works (the connection lingers) but a writer may close it under a long read: wrap the caller in reading().
            log.warning("a read outside SharedStore.reading()", stack_info=True)
            with self.reading():
                self._join_readers()
                return self._readers.cursor()
        self._join_readers()
        return self._readers.cursor()

    def _join_readers(self) -> None:
        loc = self._local
        if not getattr(loc, "in_group", False):
            self._readers.enter()
            loc.in_group = True

    def _leave_readers(self) -> None:
        loc = self._local
        if getattr(loc, "in_group", False):
            loc.in_group = False
            self._readers.leave()

    @contextlib.contextmanager
    def reading(self):
        loc = self._local
        if getattr(loc, "write_con", None) is not None:      # inside a write: its connection reads
            yield
            return
        loc.reads = getattr(loc, "reads", 0) + 1
        try:
            yield
        finally:
            loc.reads -= 1
            if loc.reads == 0:
                self._leave_readers()

    @contextlib.contextmanager
    def exclusive(self):
        loc = self._local
        if getattr(loc, "write_con", None) is not None:
            yield loc.write_con
            return
        self._leave_readers()       # this thread's reads pause (the lock waits for every reader); they reopen after
        try:
            held = self.lock.exclusive(self.wait)
        except LockTimeout:
            raise StoreBusy(shared_busy_message(self.path, self.wait)) from None
        try:
            # Another program outside the lock (a process in the embedded mode) may still hold the file.
            con = connect(self.path, self.wait)
            loc.write_con, loc.unpublished, loc.committing = con, False, False
            try:
                yield con
            finally:
                loc.write_con = None
                try:
                    if loc.unpublished:
                        if loc.committing:
                            faults.reached("store:unpublished")
                        self._publish(con)
                finally:
                    con.close()
        finally:
            held.release()

    @contextlib.contextmanager
    def _writer(self):
        with self.exclusive() as con:
            yield con.cursor()

    def _before_commit(self) -> None:
        self._unpublish()
        self._local.committing = True

    def _unpublish(self) -> None:
        self._local.unpublished = True
        self.version_path.unlink(missing_ok=True)

    def _publish(self, con) -> None:
        try:
            version = Store.data_version(self, con.cursor())
            tmp = self.version_path.with_name(self.version_path.name + f".{os.getpid()}.tmp")
            tmp.write_text(version, encoding="utf-8")
            os.replace(tmp, self.version_path)
        except Exception:       # noqa: BLE001  (readers then read the version from the store)
            log.exception("the data version could not be published")

    def data_version(self, cur=None) -> str:
        loc = self._local
        if cur is not None or self.in_transaction() or getattr(loc, "write_con", None) is not None \
                or getattr(loc, "reads", 0):
            return super().data_version(cur)
        try:
            published = self.version_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            published = ""
        if published:
            return published
        with self.reading():
            return super().data_version()

    def query(self, name: str, **params):
        with self.reading():
            return super().query(name, **params)

    def query_rows(self, name: str, **params) -> list[tuple]:
        with self.reading():
            return super().query_rows(name, **params)

    def query_row(self, name: str, **params) -> dict:
        with self.reading():
            return super().query_row(name, **params)


class _ReaderGroup:
    """This process's read-only connection, shared by the threads reading at the moment; opened under the shared
    store lock by the first of them, closed (and the lock let go) once none is left and a writer waits, or LINGER
    seconds after the last one. A thread arriving while a writer waits does not join the open connection: it waits
    until this process's readers are out and the writer is done."""

    def __init__(self, store: SharedStore):
        self.store = store
        self.cond = threading.Condition()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.held = None
        self.users = 0
        self.last_left = 0.0
        self.generation = 0
        self.opens = 0
        _GROUPS.add(self)

    def enter(self) -> None:
        with self.cond:
            while self.con is not None and self.store.lock.writer_waiting():
                if self.users == 0:
                    self._close()
                else:
                    self.cond.wait(WATCH)
            if self.con is None:
                try:
                    self.held = self.store.lock.shared(self.store.wait)
                except LockTimeout:
                    raise StoreBusy(shared_busy_message(self.store.path, self.store.wait)) from None
                try:
                    self.con = connect(self.store.path, self.store.wait, read_only=True)
                except BaseException:
                    self.held.release()
                    self.held = None
                    raise
                self.opens += 1
                self.generation += 1
                threading.Thread(target=self._watch, args=(self.generation,), name="ledgerboard-readers",
                                 daemon=True).start()
            self.users += 1

    def leave(self) -> None:
        with self.cond:
            self.users -= 1
            if self.users == 0:
                self.last_left = time.monotonic()
                self.cond.notify_all()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self.cond:
            return self.con.cursor()

    def _watch(self, generation: int) -> None:
        while True:
            time.sleep(WATCH)
            with self.cond:
                if self.con is None or self.generation != generation:
                    return
                if self.users == 0 and (time.monotonic() - self.last_left > LINGER
                                        or self.store.lock.writer_waiting()):
                    self._close()
                    return

    def _close(self) -> None:
        self.con.close()          # first the file, then the lock: a writer past the lock finds the file free
        self.con = None
        self.held.release()
        self.held = None
        self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            if self.con is not None and self.users == 0:
                self._close()


_GROUPS: weakref.WeakSet[_ReaderGroup] = weakref.WeakSet()


@atexit.register
def _close_groups() -> None:
    """Close the lingering read-only connections before the interpreter goes (DuckDB complains otherwise)."""
    for group in list(_GROUPS):
        group.close()
