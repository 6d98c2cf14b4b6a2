"""What pages draw: charts with the Chinese toolbar, tables with their download, notes, cards, the copyable
summary and the 汇报材料 buttons."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from ledgerboard import catalogue, exports, figures, formats
from ledgerboard.sanitize import plain
from ledgerboard.ui.cache import cached, is_demo_store
from ledgerboard.ui.connection import get_store
from ledgerboard.ui.session import guarded_build
from ledgerboard.ui.static import asset

if TYPE_CHECKING:
    from ledgerboard.ui.sidebar import Filters


def demo_note() -> None:
    if cached(is_demo_store):
        st.info("当前显示的是**示例数据**（虚构的示例县），用于演示。到“数据上传”页导入本单位台账后，示例数据将自动移除。",
                icon=":material/info:")


def source_line(kind_label: str = "建档立卡台账") -> str:
    """The source line under a chart (catalogue.source_line: the same on the page, the PNG and the slide), cached
    per data version like every other read of a page."""
    return cached(catalogue.source_line, kind_label)


# plotly.js as bundled by Streamlit has no locales: the zh-CN one goes along in every chart's config.
PLOTLY_ZH_CN = json.loads((Path(__file__).parent.parent / "plotly_zh_cn.json").read_text(encoding="utf-8"))


def plotly_config(file_name: str) -> dict:
    """Chinese toolbar and tooltips, the PNG button always visible, only the buttons leaders use."""
    return {
        "displaylogo": False,
        "displayModeBar": True,
        "locale": "zh-CN",
        "locales": {"zh-CN": PLOTLY_ZH_CN},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                                   "hoverCompareCartesian"],
        "toImageButtonOptions": {"format": "png", "filename": file_name, **figures.EXPORT_SIZE},
    }


def is_phone() -> bool:
    """The page is read on a phone (its browser says "Mobile": iPhone, Android phones; not tablets or desktops)."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobile" in agent and "iPad" not in agent


def chart(fig, file_name: str, key: str | None = None, on_select=None, selection_mode=None):
    """Render a figure with a presentation-size PNG download under a Chinese file name.

    On a phone the figure is laid out for a narrow screen (figures.phone_ready) and has no toolbar, which
    would cover the title; the PNG and the slides keep the full layout."""
    config = plotly_config(file_name)
    # A chart taller than the PNG's 540 px (many places) is saved at its own height: every label kept.
    options = config["toImageButtonOptions"]
    options["height"] = max(options["height"], int(fig.layout.height or 0))
    if is_phone():
        fig = figures.phone_ready(fig)
        config["displayModeBar"] = False
    kwargs = {}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    return st.plotly_chart(fig, key=key, config=config, theme=None, **kwargs)


# Rows a page table shows. Formatting each cell (separators, decimals, "—") costs about 0.15 ms, so a province's
# 21 000 villages took 3.5 s on every rerun; the download holds every row.
TABLE_ROWS = 1_000


def table_note(total: int) -> str:
    """'共21,000行，表中为前1,000行；全部行请下载表格（Excel）。' for a table longer than TABLE_ROWS; else ''."""
    return f"共{total:,}行，表中为前{TABLE_ROWS:,}行；全部行请下载表格（Excel）。" if total > TABLE_ROWS else ""


def table(df: pd.DataFrame, file_name: str, key: str | None = None) -> None:
    """A table (its first TABLE_ROWS rows) with the .xlsx download of every row (recorded in the audit log)."""
    # Thousands separators, fixed decimals and "—" for no data; the cells stay numbers for sorting.
    st.dataframe(formats.styled(df.head(TABLE_ROWS)), hide_index=True, width="stretch", placeholder=formats.NO_DATA)
    if note := table_note(len(df)):
        st.caption(note)
    # The .xlsx is written only when the button is clicked: for 150 000 villages that takes seconds.
    download_button("下载表格（Excel）", lambda: exports.table_xlsx(df), f"{file_name}.xlsx", key=key or f"dl-{file_name}")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_button(label: str, make, file_name: str, mime: str = XLSX, key: str | None = None, area=None,
                    need: str = "view", **kwargs) -> None:
    """A download whose file is made on click, for the account and area of this page as they are at that moment
    (session.guarded_build: re-checked, then recorded in the audit log). The file name is sanitised and masked."""
    build = guarded_build(area, need)
    name = exports.file_name(file_name)
    st.download_button(label, lambda: build(name, make), file_name=name, mime=mime, key=key, on_click="ignore",
                       **kwargs)


top_note = catalogue.top_note


NOT_IMPORTED = catalogue.NOT_IMPORTED


def cards(m: dict, f: Filters, keys: tuple[str, ...] | None = None, columns: int = 4, **inputs) -> None:
    """A card set of the page's year and area (catalogue.cards: the labels, values and notes the slides and the Word
    draft use); `inputs`: the page's own results the set needs (catalogue.CardInput)."""
    show_cards(catalogue.cards(m, f.area, keys, **inputs), columns)


def show_cards(items: list[catalogue.CardText], columns: int = 4) -> None:
    """Cards as the catalogue writes them (catalogue.cards of a card set), `columns` to a row: a change coloured
    (red for a rise where a rise is bad), any other note grey without an arrow."""
    for start in range(0, len(items), columns):
        cols = st.columns(columns)
        for col, card in zip(cols, items[start:start + columns]):
            if card.delta:
                col.metric(card.label, card.value, card.note, delta_color="inverse" if card.inverse else "normal",
                           help=card.help)
            else:
                col.metric(card.label, card.value, card.note, delta_color="off", delta_arrow="off", help=card.help)


def coverage_notes(m: dict, *parts: str) -> None:
    """Under the cards: what the figures cover where it is incomplete, figures taken from the 区域汇总表,
    and 数据打架 between ledgers. Text from the ledgers (place names) is shown as plain text."""
    notes = [m["coverage"][p]["note"] for p in parts if m.get("coverage", {}).get(p, {}).get("note")]
    if m.get("sources"):
        notes.append("标注“区域汇总表”的指标没有明细台账，取自导入的区域汇总表。")
    if notes:
        st.caption(plain("数据覆盖：" + " ".join(notes)))
    if m.get("warnings"):
        st.warning("数据打架（各台账数字不一致，以明细台账为准）：\n\n" + "\n\n".join(
            plain(w["message"]) for w in m["warnings"]))


def empty(message: str) -> None:
    """A plain Chinese explanation where a chart has no data (shown as plain text: it names places)."""
    st.info(plain(message), icon=":material/info:")


# Streamlit adds its own "Fullscreen" button to plotly's toolbar, outside plotly's locale: its tooltip in Chinese.
# Printing a page (浏览器“打印”): no sidebar or toolbars, one chart per A4 landscape page (static/page.css).
# Printing: each chart scaled (CSS zoom) to fit one A4 landscape page, 273 × 186 mm ≈ 1032 × 703 CSS px less its
# caption; plotly draws at its screen size, so a wide or tall chart would otherwise be cut or split over pages
# (static/print_fit.js).
def page_styles() -> None:
    st.html(asset("page.css"))
    st.html(asset("print_fit.js"), unsafe_allow_javascript=True)


def copy_text(text: str, key: str) -> None:
    """A paragraph as normal text with a 复制 button that copies it (also over plain http, where the
    Clipboard API is missing: then the text is selected and copied with execCommand)."""
    safe = html.escape(text)
    st.html(f"""
<div class="lb-copy" id="lb-copy-{key}">
  <p class="lb-copy-text" style="font-size:1.05rem;line-height:1.9;margin:0 0 .5rem 0">{safe}</p>
  <button type="button" class="lb-copy-button" title="复制这段文字，粘贴到工作汇报中"
    style="border:1px solid #1f5fa8;color:#1f5fa8;background:white;border-radius:.4rem;padding:.25rem .9rem;
           font-size:.95rem;cursor:pointer">复制</button>
  <span class="lb-copy-done" style="margin-left:.6rem;color:#3a9a5b"></span>
</div>
<script>
(function () {{
  const root = document.getElementById("lb-copy-{key}");
  if (!root) return;
  const button = root.querySelector("button"), done = root.querySelector(".lb-copy-done");
  const text = root.querySelector(".lb-copy-text");
  button.onclick = async function () {{
    let ok = false;
    try {{ await navigator.clipboard.writeText(text.innerText); ok = true; }} catch (e) {{
      const range = document.createRange(); range.selectNodeContents(text);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }}
    }}
    done.textContent = ok ? "已复制" : "请选中文字后按 Ctrl+C 复制";
  }};
}})();
</script>""", unsafe_allow_javascript=True)


def pack_button(f: Filters) -> None:
    """汇报材料 for the page's year and area: one click builds and downloads the PPTX (the button spins while
    it builds); the Word draft and the ZIP of all chart PNGs beside it. Each download is in the audit log."""
    from ledgerboard import pack

    if f.year is None:
        return
    store = get_store()
    stem = f"{f.area_label}{f.year}年汇报材料"
    # Built when clicked, outside the script run: the account and its scope are checked again then.
    build = guarded_build(f.area)

    with st.container(horizontal=True, gap="small"):
        for fmt, label, icon in (("pptx", "汇报材料（PPT）", ":material/slideshow:"),
                                 ("docx", "汇报材料初稿（Word）", ":material/description:"),
                                 ("zip", "全部图表和表格（ZIP）", ":material/folder_zip:")):
            st.download_button(
                label, lambda fmt=fmt: build(f"{stem}.{fmt}", lambda: pack.build(store, f.year, f.area, fmt)[1]),
                file_name=exports.file_name(f"{stem}.{fmt}"),
                mime=pack.FORMATS[fmt][1], icon=icon, type="primary" if fmt == "pptx" else "secondary",
                on_click="ignore", key=f"pack-{fmt}",
                help=plain(f"{f.year}年{f.area_label}：{pack.FORMATS[fmt][0]}，生成约需数秒"))
