"""The demo county's 2019 汇报材料 built twice in one process: seconds per format, first build and second.

    .venv/bin/python -m bench.pack_twice        # prints two lines for BENCHMARKS.md

The second build draws the same figures: with the renderer kept and PNGs cached (ledgerboard.render) it renders none.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ledgerboard import DEMO_DIR
from ledgerboard.area import Area
from ledgerboard.demo import load_demo
from ledgerboard.pack import archive, report, slides
from ledgerboard.pack.content import collect
from ledgerboard.store import Store


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.duckdb")
        load_demo(store, DEMO_DIR)
        for build in (1, 2):
            t0 = time.perf_counter()
            pack = collect(store, 2019, Area())
            t1 = time.perf_counter()
            archive.zip_bytes(pack)
            t2 = time.perf_counter()
            slides.pptx_bytes(pack)
            t3 = time.perf_counter()
            report.docx_bytes(pack)
            t4 = time.perf_counter()
            print(f"build {build}: collect {t1 - t0:.1f} s, ZIP {t2 - t1:.1f} s, PPTX {t3 - t2:.1f} s, "
                  f"DOCX {t4 - t3:.1f} s, in all {t4 - t0:.1f} s ({len(pack.charts)} charts)", flush=True)
        store.close()


if __name__ == "__main__":
    main()
