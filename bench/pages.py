"""Render every page of app.py with AppTest against one store and time it (run in its own process).

    LEDGERBOARD_DB=bench/out/province.duckdb .venv/bin/python -m bench.pages [YEAR [TOWNSHIP VILLAGE]]

For each page, in a fresh app session with Streamlit's caches cleared: `open` = the first run
(opens the store, draws the sidebar and the default page; on a store of real data that is the login form and
the run after logging in as the benchmark's admin account, which is created once), `first` = this page's first render
(its queries not cached yet; for the default page the same as `open`), `cached` = the same page again (st.cache_data hits), `new_filter` =
the page for another year in a new session (caches cold for the page, DuckDB warm): the figure
that counts for "renders in under 2 s once warm". Prints JSON on the last line.
"""

from __future__ import annotations

import json
import re
import sys
import time

from ledgerboard import ROOT

TIMEOUT = 900
# A store of real data shows its pages after a login (accounts, issue 13): the benchmark logs in as this admin.
BENCH_USER, BENCH_PASSWORD = "bench", "bench-password-1"


def ensure_account() -> None:
    """The benchmark's admin account in the store the app opens (LEDGERBOARD_DB), created once."""
    from ledgerboard import auth
    from ledgerboard.store import Store

    s = Store()
    try:
        if not s.is_demo() and auth.get_account(s, BENCH_USER) is None:
            auth.create_account(s, BENCH_USER, "admin", BENCH_PASSWORD, by="bench")
    finally:
        s.close()


def page_paths() -> list[tuple[str, str]]:
    """(path, title) of every st.Page in app.py but the login form (not a page of figures)."""
    pages = re.findall(r'st\.Page\("([^"]+)",\s*title="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    return [(path, title) for path, title in pages if path != "pages/login.py"]


def _session(year: int | None, place: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if year is not None:
        at.query_params["year"] = str(year)
    for k, v in (place or {}).items():
        at.query_params[k] = v
    return at


def _timed_run(at) -> tuple[float, list[str]]:
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0, [str(e.value)[:200] for e in at.exception]


def _open(at) -> tuple[float, list[str]]:
    """The first run, and the login when the app asks for one."""
    s, errors = _timed_run(at)
    if any(w.key == "login_username" for w in at.text_input):
        at.text_input(key="login_username").input(BENCH_USER)
        at.text_input(key="login_password").input(BENCH_PASSWORD)
        at.button[-1].click()
        s2, e2 = _timed_run(at)
        s, errors = s + s2, errors + e2
    return s, errors


def _switch(at, path: str) -> tuple[float, list[str]]:
    at.switch_page(path)
    return _timed_run(at)


def measure(other_year: int | None = None, village_place: dict | None = None) -> list[dict]:
    """village_place ({township, village}) is set in the URL for the village page, which needs a village."""
    import streamlit as st

    out = []
    default = page_paths()[0][0]
    for path, title in page_paths():
        st.cache_data.clear()
        st.cache_resource.clear()
        place = village_place if path.endswith("village.py") else None
        at = _session(None, place)
        open_s, e0 = _open(at)                      # opens the store, the sidebar and the default page
        first_s, e1 = (open_s, []) if path == default else _switch(at, path)
        cached_s, e2 = _timed_run(at)
        row = {"page": path, "title": title, "open_s": open_s, "first_s": first_s, "cached_s": cached_s,
               "errors": e0 + e1 + e2, "rendered": any(title in t.value for t in at.title)}
        if other_year is not None:
            at = _session(other_year, place)
            s, e3 = _open(at)
            if path != default:
                s, e4 = _switch(at, path)
                e3 += e4
            row["new_filter_s"] = s
            row["errors"] += e3
        out.append(row)
    return out


def main(argv: list[str]) -> None:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    other_year = int(argv[0]) if argv and argv[0] else None
    place = {"township": argv[1], "village": argv[2]} if len(argv) >= 3 else None
    ensure_account()
    print(json.dumps(measure(other_year, place), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
