"""bench.load reads the app server's CPU from /proc: the same seconds the kernel reports to the process itself."""

from __future__ import annotations

import os

from bench import load


def test_cpu_of_a_process_from_proc_is_its_own_user_and_system_time():
    sum(i * i for i in range(2_000_000))            # some CPU of our own to read
    own = os.times()
    proc = load._cpu_seconds(os.getpid())
    # /proc counts in clock ticks (1/100 s here); os.times() the same ticks for this process.
    assert abs(proc - (own.user + own.system)) <= 2 / load.TICK + 0.02
    assert proc > 0


def test_machine_busy_time_is_at_most_its_total():
    busy, total = load._machine_busy_seconds()
    assert 0 < busy <= total


def test_browser_cpu_counts_the_benchmarks_own_chromium_not_another_sessions(tmp_path):
    """Two busy processes named chromium: one a child of the measuring process, one started apart (its parent gone,
    as the browsers of another session's tests are to the benchmark). Only the child's CPU is counted. Measured in
    a process of its own: this test's worker may hold the suite's Chromium."""
    import json
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    fake = tmp_path / "chromium"
    shutil.copy(sys.executable, fake)        # a process's comm is its executable's name
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\ntime.sleep(30)"
    (tmp_path / "spin.py").write_text(spin)
    foreign = subprocess.run(["sh", "-c", f'"{fake}" "{tmp_path / "spin.py"}" >/dev/null 2>&1 & echo $!'],
                             capture_output=True, text=True, check=True).stdout.strip()
    measure = f"""
import json, subprocess, time
from bench import load
child = subprocess.Popen([{str(fake)!r}, {str(tmp_path / "spin.py")!r}])
deadline = time.monotonic() + 20
while (load._cpu_seconds(child.pid) < 0.55 or load._cpu_seconds({foreign}) < 0.55) and time.monotonic() < deadline:
    time.sleep(0.05)
print(json.dumps([load._cpu_seconds(child.pid), load._cpu_seconds({foreign}), load._browser_cpu_seconds()]))
child.kill()
"""
    try:
        out = subprocess.run([sys.executable, "-c", measure], cwd=ROOT, capture_output=True, text=True, timeout=60)
        child, other, counted = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["kill", foreign], check=False)
    assert child >= 0.55 and other >= 0.55
    assert child - 0.05 <= counted <= child + 0.2
