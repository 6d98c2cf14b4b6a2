"""The store this process serves and its first start (the demo loaded into an empty store)."""

from __future__ import annotations

import threading

import streamlit as st

from ledgerboard.store import Store, StoreBusy


@st.cache_resource(show_spinner="正在打开数据库…")
def _open_store() -> Store:
    """One read-write connection per process."""
    return Store(wait=STORE_WAIT)


_DEMO_LOCK = threading.Lock()
_STARTED: set[int] = set()      # the stores (by id) this process has checked: the demo loads on first start only


def _first_start(store: Store) -> None:
    """On first start with an empty store, load the demo (about 10 s) with a Chinese progress bar; a second
    session arriving meanwhile waits for the first one's import instead of starting its own."""
    if id(store) in _STARTED:
        return
    placeholder = st.empty()
    with _DEMO_LOCK:
        if id(store) in _STARTED or not store.is_empty():
            _STARTED.add(id(store))
            return
        from ledgerboard.cli import load_demo

        with placeholder.container():
            st.title("扶贫台账看板")
            st.info("第一次启动：正在准备示例数据（虚构的示例县），约需十几秒至半分钟，完成后自动显示总览。",
                    icon=":material/hourglass_top:")
            bar = st.progress(0.0, text="正在准备示例数据…")

        def progress(done: int, total: int, name: str | None) -> None:
            text = (f"正在导入示例台账（{done + 1}/{total}）：{demo_file_label(name)}" if name
                    else "正在汇总各年度、各村的数字…")
            bar.progress(min(done / max(total, 1), 1.0) * 0.9 + (0.0 if name else 0.05), text=text)

        load_demo(store, progress=progress)
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
        st.title("扶贫台账看板")
        st.warning("数据库正被另一个程序（如命令行导入）使用，暂时无法打开。导入完成后即可恢复："
                   "请稍候片刻，再点“重新加载”或刷新本页。", icon=":material/hourglass_top:")
        st.button("重新加载", key="store-busy-reload", type="primary")
        st.stop()
