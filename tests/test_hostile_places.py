"""Place names from the ledgers are text, never markup (follow-up of issue 15).

A ledger's 乡镇 and 行政村 cells are typed by whoever keeps the workbook. A name written like a Markdown link or an
HTML tag must come back out exactly as typed: in page captions, titles, warnings and notes (Streamlit renders those
as Markdown), in chart titles, axis labels, legends and tooltips (Plotly renders a subset of HTML, <a href> included),
and in the meeting pack. So must a place typed into a link (?township=…).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ledgerboard.sanitize import WORD_JOINER, chart_text, plain
from ledgerboard.store import Store
from tests.conftest import ROOT, app_on, chart_title, login_app, with_admin
from tests.ledgers import HOUSEHOLDS, VILLAGES, household, load, write

LINK_TOWN = "[点我](http://host/t)镇"
ANCHOR_VILLAGE = '<a href="http://host/a">链接</a>村'
BOLD_VILLAGE = "**粗体**村"
PLAIN_TOWN = "正常镇"
IMAGE_VILLAGE = "![图](http://host/i.png)村"
HOSTILE = (LINK_TOWN, ANCHOR_VILLAGE, BOLD_VILLAGE, IMAGE_VILLAGE)
PROJECTS = ["年度", "项目名称", "项目类型", "乡镇", "建设地点", "总投资（万元）", "财政扶贫资金（万元）", "项目进度"]
PLACES = ((LINK_TOWN, ANCHOR_VILLAGE, 0), (LINK_TOWN, BOLD_VILLAGE, 10), (PLAIN_TOWN, IMAGE_VILLAGE, 20))


def hostile_ledgers(folder: Path) -> list[Path]:
    """Two years of households, villages and projects of three villages named like markup."""
    folder.mkdir(parents=True, exist_ok=True)
    households, villages = [], []
    for year in (2018, 2019):
        for township, village, n0 in PLACES:
            for i in range(4):
                status = "已脱贫" if (year == 2019 and i == 0) else "未脱贫"
                households.append(household(n0 + i, year, township, village, 3, status=status, income=3200 + 400 * i,
                                            exit_year=2019 if status == "已脱贫" else None))
            villages.append([year, "测试县", township, village, "是", 100, None])
    projects = [[2019, "道路硬化", "基础设施", LINK_TOWN, ANCHOR_VILLAGE, 50, 40, "已完工"],
                [2019, "产业大棚", "产业扶贫", PLAIN_TOWN, IMAGE_VILLAGE, 30, 20, "在建"]]
    return [write(folder / "households.xlsx", HOUSEHOLDS, households),
            write(folder / "villages.xlsx", VILLAGES, villages),
            write(folder / "projects.xlsx", PROJECTS, projects)]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_places")
    path = folder / "hostile.duckdb"
    store = Store(path)
    for f in hostile_ledgers(folder / "files"):
        load(store, f)
    store.close()
    with_admin(path)
    return path


@pytest.fixture
def hostile_app(hostile_db, tmp_path, monkeypatch) -> Path:
    with app_on(tmp_path / "app.duckdb", monkeypatch, copy_of=hostile_db) as path:
        yield path


MARKDOWN_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")


def markdown_bodies(at: AppTest) -> list[str]:
    """What each Markdown-rendering element of the run was given to render."""
    bodies = []
    for kind in MARKDOWN_ELEMENTS:
        bodies += [e.value for e in at.get(kind)]
    bodies += [m.label for m in at.get("metric")]
    bodies += [b.label for b in at.button]                                  # button labels are Markdown too
    bodies += [e.proto.help for e in at.get("download_button") if e.proto.help]
    return bodies


# Data a figure carries but never draws as text: the drill key of a bar is the place as stored.
NOT_DRAWN = {"customdata", "legendgroup"}


def drawn_strings(spec: dict) -> list[str]:
    """Every string that Plotly draws of a figure (titles, labels, legends, tooltips, categories)."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                if k not in NOT_DRAWN:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return out


def figure_strings(at: AppTest) -> list[str]:
    return [s for chart in at.get("plotly_chart") for s in drawn_strings(json.loads(chart.proto.spec))]


def open_page(path: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    login_app(at)
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


PAGES = ["pages/overview.py", "pages/incidence.py", "pages/causes.py", "pages/income.py", "pages/projects.py",
         "pages/audit.py", "pages/village.py", "pages/status.py"]
AREAS = {"county": {}, "township": {"township": LINK_TOWN},
         "village": {"township": LINK_TOWN, "village": ANCHOR_VILLAGE}}


@pytest.mark.parametrize("area", list(AREAS))
@pytest.mark.parametrize("path", PAGES)
def test_place_names_are_text_on_every_page(hostile_app, path, area):
    at = open_page(path, year=2019, **AREAS[area])
    bodies = markdown_bodies(at)
    for name in HOSTILE:
        for body in bodies:
            assert name not in body, (name, body)            # shown as typed, never as a link, image or bold
    strings = figure_strings(at)
    for s in strings:
        for tag in ("<a ", "<a>", "</a>", "<b>", "<img", "<span"):
            assert tag not in s, s                          # plotly would draw a link or bold text
    named = AREAS[area].get("village") or AREAS[area].get("township")
    if path == "pages/status.py":
        # The status page names no area; its gaps list is plain text (st.text) with the township as typed.
        assert any(LINK_TOWN in t.value for t in at.text), [t.value for t in at.text]
    elif named and not (path == "pages/village.py" and area == "township"):     # that page asks for a village
        # Not vacuous: the chosen place is named, escaped, in the page's Markdown and (where drawn) its charts.
        assert any(plain(named) in b for b in bodies), bodies
        if strings and path not in ("pages/status.py", "pages/village.py", "pages/audit.py"):
            assert any(chart_text(named) in s
                       for s in strings), [s for s in strings if "村" in s or "镇" in s][:20]


def test_village_axis_labels_are_escaped_for_plotly(hostile_app):
    at = open_page("pages/incidence.py", year=2019, township=LINK_TOWN)
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                if "各村贫困发生率" in chart_title(c))
    labels = {y for trace in spec["data"] for y in (trace.get("y") or []) if isinstance(y, str)}
    assert '&lt;a href="http://host/a"&gt;链接&lt;/a&gt;村' in labels
    assert BOLD_VILLAGE in labels                         # ** means nothing to plotly: kept as typed
    # A click still drills to the real name: the drill key is the name as stored, not as escaped.
    keys = {tuple(k[:3]) for trace in spec["data"] for k in (trace.get("customdata") or [])}
    assert ("测试县", LINK_TOWN, ANCHOR_VILLAGE) in keys


def test_a_link_that_names_a_markup_place_is_reported_as_text(hostile_app):
    at = open_page("pages/overview.py", year=2019, township="[钓鱼](http://host/x)镇")
    warnings = [w.value for w in at.warning]
    assert any("链接中的乡镇" in w and plain("[钓鱼](http://host/x)镇") in w for w in warnings), warnings
    assert not any("[钓鱼](http://host/x)" in w for w in warnings)


def test_pack_figures_escape_place_names_and_slides_keep_them_as_typed(hostile_db, tmp_path):
    from ledgerboard.area import Area
    from ledgerboard.pack import content

    s = Store(hostile_db)
    try:
        pack = content.collect(s, 2019, Area(county="测试县", township=LINK_TOWN))
    finally:
        s.close()
    assert LINK_TOWN in pack.area_name
    assert any(LINK_TOWN in c.title for c in pack.charts)                  # PPTX and Word get the text itself
    drawn = []
    for chart in pack.charts:
        strings = drawn_strings(json.loads(chart.figure.to_json()))
        assert not [s for s in strings if "<a " in s or "</a>" in s], chart.title
        drawn += strings
    assert chart_text(ANCHOR_VILLAGE) in drawn                             # the village chart's axis, escaped
    labels = [lab for c in pack.charts for lab in c.categories]
    assert ANCHOR_VILLAGE in labels                                       # the native slide chart: as typed


@pytest.mark.browser
def test_in_the_browser_a_village_named_like_a_link_is_no_link(hostile_db, tmp_path, browser):
    """The township's village chart, its captions and the 村级详情 of the village: the names read as typed, and
    nothing on the page links to or loads from the host the names point at."""
    from urllib.parse import quote

    from tests.browser_util import login, running_app, wait_for_app
    from tests.conftest import ADMIN, ADMIN_PASSWORD, ARTIFACTS

    db = tmp_path / "app.duckdb"
    shutil.copy(hostile_db, db)
    with running_app(db) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{url}/incidence?year=2019&township={quote(LINK_TOWN)}")
        wait_for_app(page)
        login(page, ADMIN, ADMIN_PASSWORD)
        wait_for_app(page)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        wait_for_app(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hostile_places_incidence.png"), full_page=True)
        # plain() breaks "http://" with an invisible word joiner (no autolink): the reader sees the name as typed.
        caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        caption = caption.replace(WORD_JOINER, "")
        assert caption.startswith(f"2019年 · {LINK_TOWN} · ")
        svg_text = "els => els.map(e => e.textContent)"            # SVG text has no innerText
        ticks = page.locator(".js-plotly-plot .ytick text").evaluate_all(svg_text)
        assert ANCHOR_VILLAGE in ticks and BOLD_VILLAGE in ticks, ticks
        titles = page.locator(".js-plotly-plot .gtitle").evaluate_all(svg_text)
        assert f"2019年{LINK_TOWN}各村贫困发生率" in titles, titles
        assert page.locator("a[href*='host/'], img[src*='host/'], svg a").count() == 0

        page.goto(f"{url}/village?year=2019&township={quote(LINK_TOWN)}&village={quote(ANCHOR_VILLAGE)}")
        wait_for_app(page)
        page.get_by_role("heading", name="村级详情").first.wait_for(timeout=60_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        wait_for_app(page)
        subheads = [h.replace(WORD_JOINER, "") for h in page.locator("[data-testid='stHeading']").all_inner_texts()]
        assert any(f"2019年{LINK_TOWN}{ANCHOR_VILLAGE}建档立卡户（4户）" in h for h in subheads), subheads
        assert page.locator("a[href*='host/'], img[src*='host/'], svg a").count() == 0
        page.close()
