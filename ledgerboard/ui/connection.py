"""The store this process serves and its first start (the demo loaded into an empty store)."""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st

from ledgerboard.shared_store import open_store
from ledgerboard.store import Store, StoreBusy

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner="正在打开数据库…")
def _open_store() -> Store:
    """One read-write connection per process (in the shared mode none kept: ledgerboard.shared_store); opening it
    repairs what a crash left (Store.warm_rollups)."""
    return open_store(wait=STORE_WAIT)


class _DemoLoad:
    """The demo being loaded on a thread of its own, so that it completes when the visitor who started it closes
    the tab or goes to another page (Streamlit then stops that session's script, not this thread). Sessions only
    watch it. It is one transaction: a process killed meanwhile leaves the store empty, and the next start loads it
    again; a half-loaded demo of an older version is dropped and loaded whole (demo.load_demo)."""

    def __init__(self, store: Store):
        self.done, self.total, self.name = 0, 1, ""
        self.failed = False
        self.thread = threading.Thread(target=self._run, args=(store,), name="ledgerboard-first-start", daemon=True)
        self.thread.start()

    def _run(self, store: Store) -> None:
        from ledgerboard.demo import load_demo, needs_demo

        try:
            with store.exclusive():     # another app process on the store (shared mode) may have loaded it meanwhile
                if needs_demo(store):
                    load_demo(store, progress=self._progress)
        except Exception:
            log.exception("the demo county could not be loaded")
            self.failed = True

    def _progress(self, done: int, total: int, name: str | None) -> None:
        self.done, self.total, self.name = done, total, name


_DEMO_LOCK = threading.Lock()
_STARTED: set[int] = set()          # the stores (by id) this process has checked: the demo loads on first start only
_LOADING: dict[int, _DemoLoad] = {}  # store id → the demo load under way


def _first_start(store: Store) -> None:
    """On first start with an empty store (or a half-loaded demo), load the demo (10–30 s) with a Chinese progress
    bar; every session arriving meanwhile watches the same load instead of starting its own."""
    if id(store) in _STARTED:
        return
    with _DEMO_LOCK:
        job = _LOADING.get(id(store))
        if job is None:
            from ledgerboard.demo import needs_demo

            if not needs_demo(store):
                _STARTED.add(id(store))
                return
            job = _LOADING[id(store)] = _DemoLoad(store)
    placeholder = st.empty()
    with placeholder.container():
        st.title("扶贫台账看板")
        st.info("第一次启动：正在准备示例数据（虚构的示例县），约需十几秒至半分钟，完成后自动显示总览。",
                icon=":material/hourglass_top:")
        bar = st.progress(0.0, text="正在准备示例数据…")
    while job.thread.is_alive():
        if job.name:
            text = f"正在导入示例台账（{job.done + 1}/{job.total}）：{demo_file_label(job.name)}"
        else:
            text = "正在汇总各年度、各村的数字…" if job.done else "正在准备示例数据…"
        bar.progress(min(job.done / max(job.total, 1), 1.0) * 0.9 + (0.05 if job.done and not job.name else 0.0),
                     text=text)
        time.sleep(0.3)
    with _DEMO_LOCK:
        _LOADING.pop(id(store), None)
        if job.failed:
            placeholder.empty()
            st.error("示例数据未能加载，数据库保持为空。请刷新页面重试；仍不成功时请查看服务器日志。",
                     icon=":material/error:")
            st.stop()
        _STARTED.add(id(store))
    placeholder.empty()


def demo_file_label(name: str) -> str:
    """A demo file's name as the progress bar says it: households_2019_白云乡.xlsx → 2019年白云乡贫困户台账."""
    from ledgerboard.fields import catalog

    parts = name.rsplit(".", 1)[0].split("_")
    kind = catalog().kinds.get(parts[0])
    if kind is None:
        return name
    year = next((p for p in parts[1:] if p.isdigit()), None)
    place = "".join(p for p in parts[1:] if not p.isdigit())
    return f"{year + '年' if year else ''}{place}{kind.label}"


STORE_WAIT = 5.0    # seconds to wait for a command-line import that holds the store


def get_store() -> Store:
    """The store; while another process (a command-line import) holds it, a Chinese page that asks
    to reload in a moment (a failed open is not cached, so the reload opens it)."""
    try:
        store = _open_store()
        _first_start(store)
        return store
    except StoreBusy:
        store_busy_page()


def store_busy_page():
    """The page in place of one that could not read the store (another process holds it): reload in a moment."""
    st.title("扶贫台账看板")
    st.warning("数据库正被另一个程序（如命令行导入）使用，暂时无法打开。导入完成后即可恢复："
               "请稍候片刻，再点“重新加载”或刷新本页。", icon=":material/hourglass_top:")
    st.button("重新加载", key="store-busy-reload", type="primary")
    st.stop()
