"""Results cached per data version: one computation per (function, parameters, data version) in this process."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ledgerboard.area import Area
from ledgerboard.store import Store
from ledgerboard.ui.connection import get_store


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(_func: Callable, func_path: str, version: str, args: tuple, kwargs: tuple):
    # The function itself is called (followable, typed); its qualified name keys the cache (Streamlit does not
    # hash the underscored parameter).
    return _func(get_store(), *args, **dict(kwargs))


def cached(func: Callable, *args, **kwargs):
    """func(store, *args, **kwargs), cached per (function, parameters, data version)."""
    return _cached(func, f"{func.__module__}.{func.__qualname__}", get_store().data_version(), args,
                   tuple(sorted(kwargs.items())))


def _query(store: Store, name: str, **params) -> pd.DataFrame:
    return store.query(name, **params)


def query(name: str, **params) -> pd.DataFrame:
    """A named query's result, cached per data version."""
    return cached(_query, name, **params)


def area_label(store: Store, area: Area) -> str:
    return store.area_label(area)


def is_demo_store(store: Store) -> bool:
    return store.is_demo()
