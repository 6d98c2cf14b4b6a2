"""Load benchmark: N Chromium sessions at once cycling through the pages, the app server's CPU read from /proc.

    .venv/bin/python -m bench.load [--sessions 10 20] [--seconds 60] [--app-processes 1 2 4] [--db PATH]
                                   [--app-dir DIR] [--json OUT]

Serves app.py (scripts/serve.py) on a copy of the demo store (built once with `ledgerboard demo` when --db is not
given) and opens N browser contexts — N independent Streamlit sessions — in one headless Chromium. With one app
process the store is embedded (the default mode); with `--app-processes` P > 1, P processes serve one store in the
shared mode (LEDGERBOARD_SHARED=1) and session i talks to process i mod P (what a reverse proxy with sticky sessions
does).
Each session opens 总览, then clicks through the nine pages of the sidebar in turn; after each round it changes
the 年度 filter (2019 → 2018 → 2017 … and round again; `--years 2023 2019 2022 2018` mixes in the monitoring era),
so every round asks for figures of another year.

Page time = from the click until Streamlit's script run is over in the browser (the new page's title is shown, no
element is stale, the status widget no longer says Running). For the server, the CPU time (user + system) of the
app processes from /proc/PID/stat over the measured window, divided by the page views completed in it; the
browsers' CPU (every chromium process) and the machine's busy time from /proc/stat are reported beside it, since on
a 2-core machine the browsers, not the server, dominate the page times. Before the window each session opens 总览
once (four at a time) and the caches are warmed by one unmeasured round; a fresh context's first 总览 is timed on the warm server
before the load starts. Local only: the server listens on 127.0.0.1 and stops at the end. Prints JSON last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ledgerboard import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
PAGES = [("overview", "总览"), ("monitoring", "防返贫监测"), ("incidence", "贫困发生率"), ("causes", "致贫原因"), ("income", "收入增长"),
         ("projects", "项目覆盖"), ("audit", "精准核查"), ("village", "村级详情"), ("status", "数据状况")]
# A page's heading in a year of 防止返贫动态监测 where it differs from its name in the sidebar (ui.page's era_title).
ERA_TITLES = {"致贫原因": ("返贫致贫风险",), "贫困发生率": ("监测对象占比",)}
YEARS = [2019, 2018, 2017, 2016]       # --years replaces them
TICK = os.sysconf("SC_CLK_TCK")
GRACE_S = 20
OPENING = 4                   # sessions opening at the same time before the measured window
TIMEOUT_MS = 180_000          # a page under load on a shared 2-core machine: slow is measured, not an error

# The run is over once the page shows `title`, the app says its script is not running (the attribute Streamlit's
# own end-to-end tests read), and nothing drawn is stale or still a skeleton.
RUN_OVER_JS = """(titles) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || !titles.includes(h1.innerText.trim())) return false;
  return !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
}"""
# Counts the script runs the page has seen start (window.__runs), so a wait knows the run it asked for has begun.
COUNT_RUNS_JS = """
window.__runs = 0;
window.__msgs = 0;
new MutationObserver((changes) => {
  for (const c of changes) {
    if (c.target.getAttribute('data-test-script-state') === 'running') window.__runs += 1;
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
// A run served from the caches can be over before the page ever shows 'running': the server's messages say it ran.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', () => { window.__msgs += 1; });
  }
};
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (fields 14 and 15 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _parents() -> dict[int, int]:
    """Every live process → its parent (field 4 of /proc/PID/stat)."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            out[int(d.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    return out


def _browser_cpu_seconds() -> float:
    """CPU of the chromium processes this benchmark started (its descendants through Playwright's driver); another
    session's test browsers on the machine are not counted."""
    parents = _parents()
    ours, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in ours} - ours
        ours |= more
        grew = bool(more)
    total = 0.0
    for pid in ours:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() in ("chromium", "chrome", "headless_shell"):
                total += _cpu_seconds(pid)
        except OSError:
            continue
    return total


def _machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


def demo_store(path: Path) -> Path:
    """A fresh copy of the demo store at `path` (the demo built once under bench/out/)."""
    built = ROOT / "bench" / "out" / "load-demo.duckdb"
    if not built.exists():
        built.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "ledgerboard", "demo", "--db", str(built)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    shutil.copy(built, path)
    return path


class Server:
    """scripts/serve.py of `app_dir` on a free loopback port, with LEDGERBOARD_DB=db (`shared`: LEDGERBOARD_SHARED=1)."""

    def __init__(self, db: Path, app_dir: Path, shared: bool = False, name: str = "server"):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(db.with_suffix(f".{name}.log"), "w")
        env = {**os.environ, "LEDGERBOARD_DB": str(db), "PYTHONPATH": str(app_dir)}
        env.pop("LEDGERBOARD_SHARED", None)
        if shared:
            env["LEDGERBOARD_SHARED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--server.headless", "true", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=app_dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the app did not start: " + db.with_suffix(f".{name}.log").read_text()[-2000:])
            time.sleep(0.3)

    def cpu(self) -> float:
        return _cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _cpu(servers: list[Server]) -> float:
    return sum(s.cpu() for s in servers)


async def _runs(page) -> tuple[int, int]:
    """(runs seen starting, messages received from the server) so far."""
    return tuple(await page.evaluate("() => [window.__runs, window.__msgs]"))


async def _wait_run_over(page, title: str, runs_before: tuple[int, int] | None = None) -> None:
    if runs_before is not None:     # the run the action asked for has started (or the server has answered it)
        runs, msgs = runs_before
        await page.wait_for_function(f"() => window.__runs > {runs} || window.__msgs > {msgs}", timeout=TIMEOUT_MS,
                                     polling=20)
    await page.wait_for_function(RUN_OVER_JS, arg=[title, *ERA_TITLES.get(title, ())], timeout=TIMEOUT_MS,
                                 polling=20)


async def _open(context, url: str) -> tuple[object, float]:
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.add_init_script(COUNT_RUNS_JS)
    t0 = time.perf_counter()
    await page.goto(f"{url}/?year={YEARS[0]}")
    await _wait_run_over(page, "总览")
    return page, time.perf_counter() - t0


async def _click_page(page, path: str, title: str) -> float:
    runs = await _runs(page)
    t0 = time.perf_counter()
    await page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    await _wait_run_over(page, title, runs)
    return time.perf_counter() - t0


async def _change_year(page, year: int, title: str) -> float:
    runs = await _runs(page)
    t0 = time.perf_counter()
    await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    await page.get_by_role("option", name=str(year), exact=True).click()
    await _wait_run_over(page, title, runs)
    return time.perf_counter() - t0


async def _cycle(page, stop_at: list[float], times: list[float], errors: list[str], offset: int) -> None:
    """Click through the pages (starting at `offset`, so sessions do not move in step), a year change per round."""
    n, year_index = offset, 0
    while time.monotonic() < stop_at[0]:
        path, title = PAGES[n % len(PAGES)]
        try:
            if n % len(PAGES) == 0 and n > offset:
                year_index += 1
                times.append(await _change_year(page, YEARS[year_index % len(YEARS)], PAGES[(n - 1) % len(PAGES)][1]))
            if time.monotonic() >= stop_at[0]:
                break
            times.append(await _click_page(page, path, title))
        except Exception as exc:                 # noqa: BLE001  (a timeout: counted, the session goes on)
            errors.append(f"{title}: {type(exc).__name__}")
        n += 1


async def run_load(servers: list[Server], sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # A fresh context's first 总览 on a warm server (each server's cache warmed by one session's round first).
            for server in servers:
                warm = await browser.new_context(viewport={"width": 1440, "height": 900})
                page, _ = await _open(warm, server.url)
                for path, title in PAGES[1:] + PAGES[:1]:
                    await _click_page(page, path, title)
                await warm.close()
            fresh = []
            for _ in range(3):
                ctx = await browser.new_context(viewport={"width": 1440, "height": 900})
                fresh.append((await _open(ctx, servers[0].url))[1])
                await ctx.close()

            contexts = [await browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(sessions)]
            # Sessions open OPENING at a time: twenty Chromium pages loading Streamlit's JavaScript at once on two
            # cores time out before any measuring starts.
            gate = asyncio.Semaphore(OPENING)

            async def open_one(i, context):
                async with gate:
                    return await _open(context, servers[i % len(servers)].url)      # sticky: always this server

            opened = await asyncio.gather(*(open_one(i, c) for i, c in enumerate(contexts)), return_exceptions=True)
            # A session that could not open 总览 within the timeout is reported and left out of the cycling.
            pages = [o[0] for o in opened if not isinstance(o, BaseException)]
            times: list[float] = []
            errors: list[str] = [f"打开总览: {type(o).__name__}" for o in opened if isinstance(o, BaseException)]
            server0, browsers0, (busy0, total0) = _cpu(servers), _browser_cpu_seconds(), _machine_busy_seconds()
            t0 = time.monotonic()
            stop_at = [t0 + seconds]
            if not pages:
                raise RuntimeError(f"no session could open 总览: {errors[:3]}")
            tasks = [asyncio.create_task(_cycle(pg, stop_at, times, errors, i)) for i, pg in enumerate(pages)]
            # Pages still loading GRACE_S after the window are cut off (not counted), so a run stays bounded.
            _, late = await asyncio.wait(tasks, timeout=seconds + GRACE_S)
            for task in late:
                task.cancel()
            wall = time.monotonic() - t0
            server_cpu = _cpu(servers) - server0
            browsers_cpu = _browser_cpu_seconds() - browsers0
            busy1, total1 = _machine_busy_seconds()
            await asyncio.gather(*late, return_exceptions=True)
            for c in contexts:
                await c.close()
        finally:
            await browser.close()
    views = len(times)
    return {
        "app_processes": len(servers), "mode": "shared" if len(servers) > 1 else "embedded",
        "sessions": sessions, "seconds": round(wall, 1), "page_views": views, "errors": errors,
        "cut_off": len(late), "load_average": os.getloadavg()[0],
        "page_time_median_s": round(statistics.median(times), 2) if times else None,
        "page_time_max_s": round(max(times), 2) if times else None,
        "page_views_per_s": round(views / wall, 2),
        "server_cpu_per_view_s": round(server_cpu / views, 3) if views else None,
        "server_cpu_share_of_machine": round(server_cpu / (total1 - total0), 3),
        "browsers_cpu_share_of_machine": round(browsers_cpu / (total1 - total0), 3),
        "machine_busy": round((busy1 - busy0) / (total1 - total0), 3),
        "fresh_first_overview_s": [round(t, 2) for t in fresh],
        "server_peak_mb": [_peak_mb(server.proc.pid) for server in servers],
    }


def _peak_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 20])
    ap.add_argument("--seconds", type=float, default=60, help="measured window per run (at most 70 s; pages still "
                                                               "loading 20 s after it are cut off)")
    ap.add_argument("--app-processes", type=int, nargs="+", default=[1],
                    help="app processes per run: 1 = the embedded store, more = the shared mode on one store")
    ap.add_argument("--shared", action="store_true", help="the shared mode also with one app process")
    ap.add_argument("--db", type=Path, help="store to serve (a copy is served); default: the demo county")
    ap.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose app is served")
    ap.add_argument("--json", type=Path, help="write the results here too")
    ap.add_argument("--years", type=int, nargs="+", default=YEARS, help="the years each session goes through")
    args = ap.parse_args(argv)
    YEARS[:] = args.years
    seconds = min(args.seconds, 70)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for procs in args.app_processes:
            for n in args.sessions:
                db = Path(tmp) / f"load-{procs}-{n}.duckdb"
                shutil.copy(args.db, db) if args.db else demo_store(db)
                shared = procs > 1 or args.shared
                servers = []
                try:
                    for i in range(procs):      # one after the other: the first migrates, the others find it done
                        servers.append(Server(db, args.app_dir.resolve(), shared=shared, name=f"server{i}"))
                    result = asyncio.run(run_load(servers, n, seconds))
                finally:
                    for server in servers:
                        server.stop()
                result["mode"] = "shared" if shared else "embedded"
                print(json.dumps(result, ensure_ascii=False), flush=True)
                results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
