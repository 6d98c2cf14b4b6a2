"""Run the app on a free port and drive it with headless Chromium (Debian's /usr/bin/chromium): the server, the
browser and the page helpers every browser test uses (conftest.py holds the shared fixtures)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
IPHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
          "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(db: Path, timeout: float = 90, name: str = "server"):
    """Serve app.py on a free loopback port with LEDGERBOARD_DB=db; yields the base URL. `name` names its log
    (db.<name>.log), so that several app processes can serve one store."""
    port = free_port()
    env = {**os.environ, "LEDGERBOARD_DB": str(db)}
    log_path = db.with_suffix(f".{name}.log")
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("streamlit did not start: " + log_path.read_text()[-2000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def launch_chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Streamlit marks its root element with the state of the script run: initial, running, rerunRequested, notRunning.
_RUN_OVER = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
             " const status = document.querySelector('[data-testid=\"stStatusWidget\"]');"
             " return app && app.dataset.testScriptState === 'notRunning'"
             " && !(status && status.innerText.includes('Running')); }")
_RUN_STARTED = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
                " return !app || app.dataset.testScriptState !== 'notRunning'; }")


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script, and a moment more for what it sent to be drawn."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(_RUN_OVER, timeout=timeout)
    page.wait_for_timeout(300)


def login(page, username: str, password: str) -> None:
    """Fill the login form the app shows on every address while nobody is logged in."""
    page.get_by_label("密码", exact=True).wait_for(timeout=60_000)
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前用户：{username}").first.wait_for(timeout=60_000)
    wait_for_session_cookie(page)


def wait_for_session_cookie(page) -> None:
    """The script that writes the session cookie runs in the browser after the run that shows 当前用户; a reload or
    a new address before it ran would show the login form again."""
    from ledgerboard.auth import SESSION_COOKIE

    page.wait_for_function(f"() => document.cookie.includes('{SESSION_COOKIE}=')", timeout=60_000)


def log_in(page, server: str, username: str, password: str, path: str = "", accepted: bool = True) -> None:
    """Open `path` and log in through the form that stands in for every page while nobody is logged in."""
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)
    if accepted:
        wait_for_session_cookie(page)


def open_page(page, url: str, heading: str) -> None:
    """Go to `url` and wait for the script run and the page's `heading`."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)


def settle(page) -> None:
    """After a click that reruns the script: wait (at most a second) for the rerun to start, then for it to end."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_RUN_STARTED, timeout=1000)
    except PlaywrightTimeout:
        pass        # over already, or no rerun
    wait_for_app(page)


def query(page) -> dict:
    """The page's query parameters (one value each)."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).items()}


def captions(page) -> list[str]:
    """The page's captions (not the sidebar's, which names the logged-in account)."""
    return [c.inner_text() for c in page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").all()]


def chart(page, title_part: str):
    """The chart whose title contains `title_part`, scrolled into view."""
    page.locator(".gtitle", has_text=title_part).first.wait_for(timeout=30_000)
    c = page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title_part)).first
    c.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return c


def metric_value(page, label: str):
    """The value of the KPI card whose label is exactly `label` (a locator to wait on)."""
    card = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return card.locator("[data-testid='stMetricValue']")


def boxes(page) -> list[dict]:
    """Per chart: the boxes of its title, legend, toolbar and the whole chart (None where it has none)."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
        const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
                         return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
        return {title: r(gd.querySelector('.gtitle')), legend: r(gd.querySelector('.legend')),
                modebar: r(gd.querySelector('.modebar-container .modebar')), plot: r(gd)};
    })""")


def overlap(a: dict | None, b: dict | None) -> bool:
    return bool(a and b) and a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]
