"""First start on an empty store, as a new user sees it: seconds until the progress bar and until 总览 with its chart.

    .venv/bin/python -m bench.first_start        # prints one line for BENCHMARKS.md

Starts the app on a fresh database file (the demo is imported by the app itself) and opens it in headless Chromium.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tests.browser_util import launch_chromium, running_app


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, running_app(Path(tmp) / "first.duckdb") as url, launch_chromium() as b:
        page = b.new_page(viewport={"width": 1600, "height": 900})
        start = time.monotonic()
        page.goto(url)
        page.get_by_text("正在准备示例数据", exact=False).first.wait_for(timeout=60_000)
        progress = time.monotonic() - start
        page.screenshot(path=str(Path(__file__).resolve().parents[1] / "tests" / "artifacts" / "first_start.png"))
        page.get_by_role("heading", name="总览").first.wait_for(timeout=120_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
        ready = time.monotonic() - start
        load = os.getloadavg()[0]
        print(f"first start (empty store, demo import by the app): progress shown after {progress:.1f} s, "
              f"总览 with its chart after {ready:.1f} s (load average {load:.2f})")


if __name__ == "__main__":
    main()
