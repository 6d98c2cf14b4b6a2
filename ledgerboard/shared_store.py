"""The store shared by the app and the command line.

DuckDB lets one process open a database file while another has it open for writing — not even
read-only (tested with DuckDB 2.0: "Could not set lock on file … Conflicting lock is held"). The
app keeps the store open for as long as it serves, so:
- readers (``metrics``, ``import --dry-run``) open the store itself when it is free, and otherwise
  work on a private copy of the file and its write-ahead log taken at that moment (the data of every
  import committed so far);
- writers (``import``, ``demo``) wait a few seconds for the store, then give up with StoreBusy.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ledgerboard.store import Store, StoreBusy, resolve_path

log = logging.getLogger(__name__)

# Seconds a writer waits for the store before giving up (LEDGERBOARD_BUSY_WAIT overrides).
WRITER_WAIT = 10.0
_COPY_ATTEMPTS = 5


def writer_wait() -> float:
    try:
        return float(os.environ.get("LEDGERBOARD_BUSY_WAIT", WRITER_WAIT))
    except ValueError:
        return WRITER_WAIT


def open_for_writing(path: str | Path | None = None) -> Store:
    """The store for an import; StoreBusy when another process keeps it past writer_wait()."""
    return Store(path, wait=writer_wait())


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
        store = Store(path)
    except StoreBusy:
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
