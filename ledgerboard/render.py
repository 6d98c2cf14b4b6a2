"""Figures to PNG: one kaleido renderer (a Chromium) per process, and PNGs cached by figure content.

Starting Chromium costs seconds, and plotly's one-shot export starts one per call; kaleido's sync server keeps one
running for every later call. A pack built again for the same data draws the very same figures, so a PNG is
kept under a hash of the figure's JSON and its size: the second build renders nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

CACHE_ENTRIES = 256         # about 256 × 0.3 MB: a few packs' worth
_cache: OrderedDict[str, bytes] = OrderedDict()
# kaleido's server answers requests in order through one queue: one caller at a time (pages run in threads).
_lock = threading.Lock()
_server_failed = False


def _key(fig: go.Figure, width: int, height: int, scale: float) -> str:
    spec = pio.to_json(fig, validate=False, remove_uids=True)
    return hashlib.sha256(f"{width}×{height}×{scale}\n{spec}".encode()).hexdigest()


def _ensure_server() -> None:
    """The process's renderer, started on first use; kaleido stops it at exit."""
    import kaleido

    global _server_failed
    if _server_failed:
        return
    try:
        kaleido.start_sync_server(n=1, timeout=90, silence_warnings=True)
    except Exception:       # noqa: BLE001 - no server: plotly's one-shot export still works, only slower
        _server_failed = True


def _render(figs: list[go.Figure], widths: list[int], heights: list[int], scale: float) -> list[bytes]:
    global _server_failed
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{i}.png" for i in range(len(figs))]
        _ensure_server()
        try:
            with warnings.catch_warnings():
                # plotly passes its one-shot options (kopts), which a running server does not need
                warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
                pio.write_images(figs, paths, format="png", width=widths, height=heights, scale=scale)
        except Exception:
            import kaleido
            # A renderer that died (Chromium killed) is dropped; the next try starts plotly's own.
            kaleido.stop_sync_server(silence_warnings=True)
            _server_failed = True
            pio.write_images(figs, paths, format="png", width=widths, height=heights, scale=scale)
        return [p.read_bytes() for p in paths]


def png_images(figs: list[go.Figure], width: int, height, scale: float) -> list[bytes]:
    """The figures as PNGs (`height` one for all or one per figure), rendered once per distinct figure and size."""
    if not figs:
        return []
    heights = list(height) if isinstance(height, (list, tuple)) else [height] * len(figs)
    keys = [_key(f, width, h, scale) for f, h in zip(figs, heights)]
    with _lock:
        todo = list(dict.fromkeys(k for k in keys if k not in _cache))
        if todo:
            first = {k: keys.index(k) for k in todo}
            pngs = _render([figs[first[k]] for k in todo], [width] * len(todo), [heights[first[k]] for k in todo],
                           scale)
            for k, png in zip(todo, pngs):
                _cache[k] = png
        out = [_cache[k] for k in keys]
        for k in keys:
            _cache.move_to_end(k)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return out


def png_bytes(fig: go.Figure, width: int, height: int, scale: float) -> bytes:
    return png_images([fig], width, height, scale)[0]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
