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
