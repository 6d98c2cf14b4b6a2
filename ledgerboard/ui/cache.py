"""Results cached per data version: one computation per (function, parameters, data version) in this process."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ledgerboard.area import Area
from ledgerboard.store import Store, StoreBusy
from ledgerboard.ui.connection import get_store, store_busy_page


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(_func: Callable, func_path: str, version: str, args: tuple, kwargs: tuple):
    # The function itself is called (followable, typed); its qualified name keys the cache (Streamlit does not
    # hash the underscored parameter). Its reads are one open store (SharedStore: one read-only open at most).
    store = get_store()
    with store.reading():
        return _func(store, *args, **dict(kwargs))


def data_version() -> str:
    """The store's data version, read once per script run (a page asks for a dozen cached results; each read is a
    query). A run sees one version throughout; the next run, in any session, reads it again."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    run = ctx.cursors if ctx is not None else None      # a new dict for every run (ScriptRunContext.reset)
    seen = st.session_state.get(_RUN_VERSION) if run is not None else None
    if seen is not None and seen[0] is run:
        return seen[1]
    version = get_store().data_version()
    if run is not None:
        st.session_state[_RUN_VERSION] = (run, version)    # holds the run's dict, so its id is not reused
    return version


_RUN_VERSION = "_data_version_of_run"


def cached(func: Callable, *args, **kwargs):
    """func(store, *args, **kwargs), cached per (function, parameters, data version). In the shared mode a read that
    waited past the lock's wait for another process's write shows store_busy_page instead of a traceback."""
    try:
        return _cached(func, f"{func.__module__}.{func.__qualname__}", data_version(), args,
                       tuple(sorted(kwargs.items())))
    except StoreBusy:
        store_busy_page()


def _query(store: Store, name: str, **params) -> pd.DataFrame:
    return store.query(name, **params)


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result, cached per data version."""
    return cached(_query, name, **params)


def area_label(store: Store, area: Area) -> str:
    return store.area_label(area)


def is_demo_store(store: Store) -> bool:
    return store.is_demo()
