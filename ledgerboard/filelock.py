"""A readers–writer lock between processes (and threads) on one store, from two lock files beside it.

DuckDB lets many processes open a database file read-only, or one process open it read-write and nobody else open it
at all; it refuses a conflicting open instead of waiting. In the shared mode (ledgerboard.shared_store) no process
keeps the file open: readers hold `<store>.lock` shared while their read-only connection is open, a writer holds it
exclusively while its read-write connection is, so they wait for each other here instead of failing in DuckDB.

Writer-preferring, so a stream of page views never starves an import: a writer first takes `<store>.gate`
exclusively and keeps it until it is done; a reader passes the gate (shared) only to take the lock and lets go of it
at once. While a writer holds the gate no new reader gets in, the readers inside finish, and the writer takes the
lock. `writer_waiting()` lets a process that keeps its read-only connection open between reads (SharedStore's
reader group) see a writer at the gate and close it.

flock(2) locks belong to an open file, not a process: two threads of one process conflict like two processes, and
the kernel releases a lock whose holder dies. Waits poll with a short back-off, so every wait has a deadline.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

POLL_FIRST = 0.002      # seconds between attempts at first …
POLL_MAX = 0.05         # … growing to this


class LockTimeout(Exception):
    """The lock was not free within the wait."""


def lock_paths(store: Path) -> tuple[Path, Path]:
    """(lock, gate) beside the store file."""
    return store.with_name(store.name + ".lock"), store.with_name(store.name + ".gate")


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o660)


def _flock(fd: int, mode: int, deadline: float) -> None:
    delay = POLL_FIRST
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockTimeout from None
            time.sleep(min(delay, left))
            delay = min(delay * 2, POLL_MAX)


class Held:
    """A lock taken; release() lets go of it (closing the file releases the flock)."""

    def __init__(self, *fds: int):
        self._fds = list(fds)

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())       # the lock first (it was opened last), then the gate

    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class StoreLock:
    def __init__(self, store: Path):
        self.lock_path, self.gate_path = lock_paths(store)
        self._probe = threading.Lock()
        self._probe_fd: int | None = None

    def shared(self, wait: float) -> Held:
        """Held shared (many readers at once); waits while a writer holds or waits for it. LockTimeout after `wait`."""
        # Past the gate the reader lets go of it: a writer arriving now waits for this reader, then blocks new ones.
        return self._take(fcntl.LOCK_SH, wait, keep_gate=False)

    def exclusive(self, wait: float) -> Held:
        """Held alone; new readers wait from the moment this is asked for. LockTimeout after `wait`."""
        return self._take(fcntl.LOCK_EX, wait, keep_gate=True)

    def _take(self, mode: int, wait: float, keep_gate: bool) -> Held:
        """The gate, then the lock, both in `mode`; the gate is kept only by a writer."""
        deadline = time.monotonic() + wait
        gate = _open(self.gate_path)
        try:
            _flock(gate, mode, deadline)
            lock = _open(self.lock_path)
            try:
                _flock(lock, mode, deadline)
            except BaseException:
                os.close(lock)
                raise
        except BaseException:
            os.close(gate)
            raise
        if keep_gate:
            return Held(gate, lock)
        os.close(gate)
        return Held(lock)

    def writer_waiting(self) -> bool:
        """Whether a writer holds the gate (it is writing, or waiting for the readers inside to finish)."""
        with self._probe:
            if self._probe_fd is None:
                self._probe_fd = _open(self.gate_path)
            try:
                fcntl.flock(self._probe_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(self._probe_fd, fcntl.LOCK_UN)
            return False
