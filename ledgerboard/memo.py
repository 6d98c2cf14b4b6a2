"""Work shared by every session of this process: a pure function's result, computed once per distinct arguments.

A page view used to rebuild every plotly figure from its (already cached) data: about two thirds of the server's
CPU per page view went to plotly's property validation (BENCHMARKS.md "Serving many sessions"). Figure functions
are pure functions of their arguments, so `shared` keys a result on the *content* of the arguments — a DataFrame by
a hash of its values, index, columns and dtypes — and hands the same object to every session that asks with equal
arguments. Keying on content rather than on who asks means nothing crosses accounts: a result is only ever
returned to a caller that passed exactly the data it was made from, which that caller already holds. A new data
version that changes the data changes the key; an unchanged result is reused.

Shared results are read-only by convention: a caller that adapts one (figures.phone_ready, figures.slide_ready)
works on a copy. tests/test_memo.py checks that rendering every page and the pack leaves the cached figures as built.

No Streamlit here: the CLI, the pack and the benchmarks use the same functions.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections import Counter, OrderedDict
from typing import Any, Callable

import pandas as pd

MAX_ENTRIES = 512           # results kept per process (figures of a province are a few hundred KB each)

_lock = threading.Lock()
_results: OrderedDict[tuple, Any] = OrderedDict()
_pending: dict[tuple, threading.Event] = {}
computations: Counter[str] = Counter()     # per function: how often it really ran (tests and the benchmark read it)


class Unhashable(Exception):
    """An argument whose content cannot be fingerprinted: the call runs uncached."""


def _frame_digest(df: pd.DataFrame | pd.Series, h) -> None:
    if isinstance(df, pd.DataFrame):
        h.update(repr(("frame", df.shape, tuple(map(str, df.columns)), tuple(map(str, df.dtypes)))).encode())
    else:
        h.update(repr(("series", df.shape, str(df.name), str(df.dtype))).encode())
    try:
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    except TypeError:        # cells holding lists or dicts
        h.update(pickle.dumps(df, protocol=5))


def _digest(value: Any, h, keep: list) -> None:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        _frame_digest(value, h)
    elif isinstance(value, pd.Index):
        _frame_digest(value.to_series(index=range(len(value))), h)
    elif value is None or isinstance(value, (bool, int, float, str, bytes)):
        h.update(repr((type(value).__name__, value)).encode())
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}[{len(value)}](".encode())
        for v in value:
            _digest(v, h, keep)
        h.update(b")")
    elif isinstance(value, dict):
        h.update(f"dict[{len(value)}](".encode())
        for k in sorted(value, key=repr):
            _digest(k, h, keep)
            _digest(value[k], h, keep)
        h.update(b")")
    elif hasattr(value, "to_plotly_json"):
        # A figure (itself a shared result): by identity, kept alive with the entry so the id is not reused.
        keep.append(value)
        h.update(f"figure@{id(value)}".encode())
    else:
        try:
            h.update(pickle.dumps(value, protocol=5))
        except Exception as exc:          # noqa: BLE001  (any unpicklable argument)
            raise Unhashable(type(value).__name__) from exc


def key_of(name: str, args: tuple, kwargs: dict) -> tuple[tuple, list]:
    """(key, objects the key refers to by identity) for a call."""
    h = hashlib.blake2b(digest_size=20)
    keep: list = []
    _digest(args, h, keep)
    _digest(kwargs, h, keep)
    return (name, h.hexdigest()), keep


def shared(func: Callable) -> Callable:
    """func, computed once per distinct arguments in this process and shared by every caller (see the module doc).

    Two sessions asking for the same at the same moment compute it once: the second waits for the first."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            key, keep = key_of(name, args, kwargs)
        except Unhashable:
            computations[name] += 1
            return func(*args, **kwargs)
        while True:
            with _lock:
                if key in _results:
                    _results.move_to_end(key)
                    return _results[key][0]
                event = _pending.get(key)
                if event is None:
                    event = _pending[key] = threading.Event()
                    break
            event.wait()          # another session is computing it; a failure there leaves it to us
        try:
            computations[name] += 1
            result = func(*args, **kwargs)
            with _lock:
                _results[key] = (result, keep)
                while len(_results) > MAX_ENTRIES:
                    _results.popitem(last=False)
            return result
        finally:
            with _lock:
                _pending.pop(key, None)
            event.set()

    wrapper.uncached = func
    return wrapper


def cached_results() -> list[tuple[str, Any]]:
    """(function name, result) of every entry held now (for tests)."""
    with _lock:
        return [(key[0], value[0]) for key, value in _results.items()]


def clear() -> None:
    """Forget every shared result (tests; a process never needs it: keys follow the data)."""
    with _lock:
        _results.clear()
        computations.clear()
