"""The catalogue: every chart a page shows is in the pack (ZIP and PPTX) with the same title and numbers; one
number reads the same on a card, a table, a slide and in the Word draft; long bar charts keep every label."""

from __future__ import annotations

import io
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ledgerboard import catalogue, figures, formats
from ledgerboard.area import Area
from ledgerboard.pack import archive, report, slides
from ledgerboard.pack.content import collect
from ledgerboard.store import Store
from tests.conftest import ROOT, chart_title

ANALYSIS_PAGES = ["overview", "incidence", "causes", "income", "projects"]
AREAS = {
    "county": ({}, Area(), ANALYSIS_PAGES),
    "township": ({"township": "白云乡"}, Area(township="白云乡"), ANALYSIS_PAGES),
    "village": ({"township": "白云乡", "village": "关口村"}, Area(township="白云乡", village="关口村"),
                [*ANALYSIS_PAGES, "village"]),
}


def _page_charts(query: dict, page: str) -> list[dict]:
    """The plotly specs (as JSON) page `page` renders for the year and area of the link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in {"year": 2019, **query}.items():
        at.query_params[k] = str(v)
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _spec(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("which", list(AREAS))
def test_every_page_chart_is_in_the_zip_and_the_pptx(app_db, which):
    query, area, pages = AREAS[which]
    shown = [spec for page in pages for spec in _page_charts(query, page)]
    store = Store(app_db)
    try:
        pack = collect(store, 2019, area)
    finally:
        store.close()
    by_title = {c.title: c for c in pack.charts}
    # A half-width chart's title is broken over two lines on the page (figures.half_width_title): the same title.
    titles = [chart_title(s).replace("<br>", "") for s in shown]
    assert titles and set(titles) == set(by_title), set(titles) ^ set(by_title)
    for spec in shown:
        chart = by_title[spec["layout"]["title"]["text"].replace("<br>", "")]
        # The very figure: every trace's values, labels and colours as the page sent them to the browser.
        assert spec["data"] == _spec(chart.figure)["data"], chart.key
    # The ZIP holds a PNG per chart under its title, the PPTX a slide (or a part) per chart.
    assert archive.png_names(pack) == [f"{i:02d}_{archive.safe_name(c.title)}.png"
                                       for i, c in enumerate(pack.charts, start=1)]
    pictures = [_tiny_png() for _ in slides.picture_figures(pack)]
    prs = Presentation(io.BytesIO(slides.pptx_bytes(pack, pictures)))
    heads = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.text_frame.text)
             for s in prs.slides]
    for title in titles:
        assert any(h == title or h.startswith(title + "（") for h in heads), title


def _array(value) -> list:
    """A plotly JSON array: a list, or numbers packed as {"dtype", "bdata"} (base64)."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value or [])


def _bars(spec: dict) -> dict:
    """Category → value of the horizontal bars (and the dots of too-short bars) of a page chart."""
    out = {}
    for trace in spec["data"]:
        if trace.get("orientation") == "h" or trace.get("type") == "scatter" and trace.get("mode", "").startswith("markers"):
            for y, x in zip(_array(trace.get("y")), _array(trace.get("x"))):
                if y is not None and (y not in out or out[y] in (0, None)):
                    out[y] = x
    return out


def test_native_slide_charts_read_back_as_the_page_draws_them(app_db):
    """python-pptx reads the native charts back: values, category order (largest on top), legend = series."""
    specs = {chart_title(s): s for page in ("incidence", "causes") for s in _page_charts({}, page)}
    store = Store(app_db)
    try:
        pack = collect(store, 2019, Area())
    finally:
        store.close()
    pictures = [_tiny_png() for _ in slides.picture_figures(pack)]
    prs = Presentation(io.BytesIO(slides.pptx_bytes(pack, pictures)))
    charts: dict[str, list] = {}
    for s in prs.slides:
        head = next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.text_frame.text)
        charts.setdefault(head.split("（1/")[0].split("（2/")[0], []).extend(sh.chart for sh in s.shapes if sh.has_chart)

    title = "2019年示例县各村贫困发生率"
    parts = charts[title]
    assert len(parts) == 2
    # Each part's bars are stored bottom-up: reading them back top-down gives the page's order, highest first.
    order, values = [], []
    for c in parts:
        plot = c.plots[0]
        order += list(plot.categories)[::-1]
        values += list(plot.series[0].values)[::-1]
        assert not c.has_legend and c.value_axis.minimum_scale == 0
    assert parts[0].value_axis.maximum_scale == parts[1].value_axis.maximum_scale     # one scale over both slides
    assert len(order) == 27 and order[0] == "马鞍山村" and values == sorted(values, reverse=True)
    assert dict(zip(order, values)) == _bars(specs[title])

    stacked = charts["2019年示例县各类贫困户的致贫原因"][0]
    legend = [s.name for s in stacked.plots[0].series]
    page = [t["name"] for t in specs["2019年示例县各类贫困户的致贫原因"]["data"]]
    assert stacked.has_legend and legend == page                 # the legend names the series the bars are
    page_rows = specs["2019年示例县各类贫困户的致贫原因"]["data"][0]["y"]
    assert list(stacked.plots[0].categories)[::-1] == page_rows and len(page_rows) == 3     # top row first
    counts = charts["2014—2019年示例县建档立卡户、未脱贫户与当年脱贫户"][0]
    assert [s.name for s in counts.plots[0].series] == ["建档立卡户", "未脱贫户（含返贫）", "当年脱贫户"]
    assert list(counts.plots[0].categories) == [f"{y}年" for y in range(2014, 2020)]
    funds = charts["2019年示例县扶贫项目资金（按项目类别）"][0]
    # Two series, two legend entries, each bar in its series' colour (no category colours under a blue legend).
    assert [s.name for s in funds.plots[0].series] == ["总投资（万元）", "其中财政扶贫资金（万元）"]
    for series in funds.plots[0].series:
        assert not series._element.findall("{http://schemas.openxmlformats.org/drawingml/2006/chart}dPt")


def test_a_27_village_bar_chart_keeps_27_labels(demo_store):
    ctx = catalogue.context(demo_store, 2019, Area())
    fig = catalogue.draw("incidence_villages", ctx).figure
    assert len(fig.layout.yaxis.categoryarray) == 27
    # The toolbar PNG (960 wide, the figure's own height) and the ZIP/slide rendering label every row: plotly's
    # computed tick step is 1 (at 540 px it would be 2: every other village dropped).
    for drawn in (go.Figure(fig).update_layout(width=figures.EXPORT_SIZE["width"]), figures.slide_ready(fig)):
        full = drawn.full_figure_for_development(warn=False)
        assert full.layout.yaxis.dtick == 1 and full.layout.height >= 200 + 26 * 27 - 20
    assert figures.slide_ready(fig).layout.height == 200 + figures.SLIDE_ROW_PX * 27
    # The 27-village heatmap: taller in the ZIP and the Word draft; on slides three windows of 9 rows in the box.
    heat = catalogue.draw("incidence_heatmap", ctx)
    assert figures.slide_ready(heat.figure).layout.height == 200 + figures.SLIDE_ROW_PX * 27
    windows = slides.picture_windows(heat)
    assert [tuple(w.layout.yaxis.range) for w in windows] == [(8.5, -0.5), (17.5, 8.5), (26.5, 17.5)]
    assert {w.layout.height for w in windows} == {slides.BOX_PX[1]}


def test_one_number_reads_the_same_on_card_table_slide_and_docx(app_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["year"] = "2019"
    at.run()
    card = {m.label: m.value for m in at.metric}["人均纯收入（人口加权）"]
    at.switch_page("pages/income.py")
    at.run()
    years = next(t.value for t in at.dataframe if "年度" in t.value.columns)
    row = years[years["年度"] == 2019].iloc[0]
    table = formats.cell(row["人均纯收入均值（元，人口加权）"], "人均纯收入均值（元，人口加权）")
    store = Store(app_db)
    try:
        pack = collect(store, 2019, Area())
    finally:
        store.close()
    prs = Presentation(io.BytesIO(slides.pptx_bytes(pack, [_tiny_png() for _ in slides.picture_figures(pack)])))
    slide = " ".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    from docx import Document
    doc = Document(io.BytesIO(report.docx_bytes(pack, [_tiny_png() for _ in pack.charts])))
    kpis = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert card == "5,013元" == table + "元" == kpis["人均纯收入（人口加权）"]
    assert card in slide


def test_half_up_everywhere():
    """3100.5 元 is 3,101元 on a card and a slide (the pack's own banker's rounding wrote 3,100元) and 3,101 in a table."""
    m = {"income_per_capita_mean": 3100.5, "income_growth_pct": 2.345, "sources": {}}
    card = catalogue.cards(m, Area(), ("income_per_capita_mean",))[0]
    assert (card.value, card.note) == ("3,101元", "比上年+2.35%")
    assert formats.cell(3100.5, "人均纯收入均值（元，人口加权）") == "3,101"
    assert catalogue.fmt("incidence_pct", 0.625) == "0.63%"
    missing = catalogue.cards({"sources": {}}, Area(), ("registered_households",))[0]
    assert (missing.value, missing.note) == ("未导入", "—")


def test_adding_a_chart_is_an_entry():
    """Every entry names pages that exist and a topic the Word draft has a heading for; keys are unique."""
    pages = {p.stem for p in (ROOT / "pages").glob("*.py")}
    topics = {"registry": {t for t, _ in report.TOPICS}, "monitoring": {t for t, _ in report.ERA_TOPICS}}
    assert len(catalogue.SPECS) == len(catalogue.CHARTS)
    for spec in catalogue.CHARTS:
        # A chart of both eras has a heading in both drafts.
        regimes = ("registry", "monitoring") if spec.regime == "both" else (spec.regime,)
        assert set(spec.pages) <= pages and all(spec.topic in topics[r] for r in regimes), spec.key
        text = (ROOT / "pages" / f"{spec.pages[0]}.py").read_text(encoding="utf-8")
        assert f'"{spec.key}"' in text, f"{spec.key} is not shown on pages/{spec.pages[0]}.py"


# County → township → village drill on 致贫原因, 收入增长 and 项目覆盖 ------------------------------------------------
def _demo_households(year: int):
    import pandas as pd

    frames = [pd.read_excel(p, dtype=str, engine="calamine") for p in sorted((ROOT / "data/demo").glob(f"households_{year}_*.xlsx"))]
    df = pd.concat(frames, ignore_index=True)
    df["size"] = df["家庭人口数（人）"].astype(int)
    df["income"] = df["人均纯收入（元）"].astype(float)
    return df


def _half_up(value, digits: int = 2) -> float:
    from decimal import ROUND_HALF_UP, Decimal
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def test_township_charts_drill_from_the_county_and_give_way_to_villages_in_a_township(demo_store):
    from ledgerboard import drill

    hh = _demo_households(2019)
    sizes = hh.groupby("乡镇").size().sort_values(ascending=False)      # 白云乡 1188, 石门镇 1014, 青松镇 999
    ctx = catalogue.context(demo_store, 2019, Area(county="示例县"))

    causes = catalogue.draw("causes_townships", ctx)
    assert causes.categories == list(sizes.index) == ["白云乡", "石门镇", "青松镇"]
    illness = hh[hh["主要致贫原因"] == "因病"].groupby("乡镇").size()
    expected = [_half_up(100 * illness[t] / sizes[t]) for t in sizes.index]
    assert dict((s.name, s.values) for s in causes.series)["因病"] == expected == [43.01, 39.94, 40.94]
    assert list(causes.table["建档立卡户（户）"]) == [1188, 1014, 999]
    assert causes.caption.startswith("3/3个乡镇的村已全部导入户台账")

    income = catalogue.draw("income_townships", ctx)
    hh["weighted"] = hh["income"] * hh["size"]
    means = (hh.groupby("乡镇")["weighted"].sum() / hh.groupby("乡镇")["size"].sum()).sort_values(ascending=False)
    assert income.categories == list(means.index)
    assert income.series[0].values == [_half_up(v) for v in means] == [5048.47, 5027.89, 4969.58]
    before = _demo_households(2018)
    before["weighted"] = before["income"] * before["size"]
    old = before.groupby("乡镇")["weighted"].sum() / before.groupby("乡镇")["size"].sum()
    growth = income.table.set_index("乡镇")["比上年增长（%）"]
    assert {t: growth[t] for t in means.index} == {t: _half_up(100 * (means[t] / old[t] - 1)) for t in means.index}

    projects = catalogue.draw("project_townships", ctx)
    import pandas as pd
    listed = pd.read_excel(ROOT / "data/demo/projects_2019.xlsx", dtype=str, engine="calamine")
    total = round(listed["总投资（万元）"].astype(float).sum(), 2)
    shares = projects.table.set_index("乡镇")
    assert round(shares["分摊到村资金（万元）"].sum(), 2) == total                 # the townships add up to the projects
    assert projects.categories == ["青松镇", "石门镇", "白云乡"]
    assert projects.series[0].values == [23338, 11537, 651]
    assert [int(shares.loc[t, "建档立卡户（户）"]) for t in projects.categories] == [999, 1014, 1188]
    assert list(shares["村数（个）"]) == [9, 9, 9]

    # Each bar carries its township's drill key: a click filters to the township (its villages' charts).
    for key in ("causes_townships", "income_townships", "project_townships"):
        fig = catalogue.draw(key, ctx).figure
        keys = {tuple(c[:3]) for t in fig.data for c in (t.customdata if t.customdata is not None else [])}
        assert keys == {("示例县", t, "") for t in sizes.index}, key
        target = drill.from_selection({"selection": {"points": [{"customdata": list(fig.data[0].customdata[0])}]}})
        assert target.township in sizes.index and target.village is None and not drill.opens_village(target)
        assert catalogue.SPECS[key].drill == "drill"

    # In a township: no township chart; the village charts count that township's villages only.
    town = catalogue.context(demo_store, 2019, Area(county="示例县", township="白云乡"))
    assert [catalogue.draw(k, town) for k in ("causes_townships", "income_townships", "project_townships")] == [None] * 3
    villages = catalogue.draw("causes_villages", town)
    assert sorted(villages.categories) == sorted(hh.loc[hh["乡镇"] == "白云乡", "行政村"].unique())
    assert len(villages.categories) == 9
