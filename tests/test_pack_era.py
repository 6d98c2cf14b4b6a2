"""汇报材料 of a monitoring-era year (2023, the demo county): the PPTX, DOCX and ZIP read back as their readers read
them, against metrics(), the era's cards and summary; the pack takes every catalogue chart that applies to the year."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from pptx import Presentation

from ledgerboard import catalogue, monitoring, pack
from ledgerboard.area import Area
from ledgerboard.cli import main
from ledgerboard.indicators import metrics
from ledgerboard.pack import report
from ledgerboard.pack.content import collect
from ledgerboard.summary import summary_text

TODAY = dt.date(2026, 12, 2)
REGISTRY_WORDS = ("未脱贫", "贫困发生率", "建档立卡")


@pytest.fixture(scope="module")
def era(demo_packs):
    """The county's 2023 pack in all three formats, built once (the store is only read)."""
    store = demo_packs.store
    out = {fmt: demo_packs.build(2023, fmt, TODAY) for fmt in pack.FORMATS}
    out["pack"] = demo_packs.content(2023, TODAY)
    out["metrics"] = metrics(store, 2023, Area())
    out["summary"] = summary_text(store, 2023, Area())
    out["charts"] = [c.title for c in catalogue.drawn_charts(catalogue.context(store, 2023, Area()))]
    out["store"] = store
    return out


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]


def test_the_pack_holds_the_charts_the_pages_show_for_the_year(era):
    p = era["pack"]
    assert [c.title for c in p.charts] == era["charts"]
    assert "示例县2014—2023年建档立卡未脱贫人口与防返贫监测对象" in era["charts"]
    assert not any(c.key == "trend" or c.topic == "incidence" and "贫困发生率" in c.title for c in p.charts)
    assert p.title == "示例县2023年巩固拓展脱贫攻坚成果工作情况"
    assert p.summary == era["summary"]


def test_pptx_title_kpis_and_the_trend_chart_against_metrics(era):
    m = era["metrics"]
    prs = Presentation(io.BytesIO(era["pptx"][1]))
    assert era["pptx"][0] == "示例县2023年汇报材料.pptx"
    slides = list(prs.slides)
    assert _texts(slides[0])[0] == "示例县2023年巩固拓展脱贫攻坚成果工作情况"
    kpi = _texts(slides[1])
    assert kpi[0] == "2023年示例县主要指标"
    cards = kpi[1:-2]           # label, value, note per card; then the source line and the page number
    labels = cards[0::3]
    assert labels == ["脱贫户", "监测对象", "监测对象占比", "脱贫人口人均纯收入", "脱贫不稳定户", "边缘易致贫户",
                      "突发严重困难户", "风险未消除", "已消除风险", "风险消除率", "低于监测范围", "务工就业"]
    by_label = {cards[i]: (cards[i + 1], cards[i + 2]) for i in range(0, len(cards), 3)}
    assert by_label["脱贫户"] == (f"{m['exited_poor_households']:,}户", f"{m['exited_poor_population']:,}人")
    assert by_label["监测对象"] == (f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人")
    for t in monitoring.MONITOR_TYPES:
        assert by_label[t] == (f"{m['monitored_by_type'][t]:,}户", f"{m['monitored_population_by_type'][t]:,}人")
    assert by_label["已消除风险"] == (f"{m['risk_eliminated_households']:,}户", f"{m['risk_eliminated_population']:,}人")
    assert by_label["风险消除率"][0] == f"{m['risk_eliminated_pct']:.2f}%"
    assert by_label["风险未消除"] == (f"{m['risk_open_households']:,}户", f"{m['risk_open_population']:,}人")
    assert by_label["脱贫人口人均纯收入"] == (f"{int(m['exited_poor_income_mean'] + 0.5):,}元",
                                        f"比上年{m['exited_poor_income_growth_pct']:+.2f}%")
    assert by_label["务工就业"][0] == f"{m['employed_exited_labour']:,}人"
    for text in cards:
        assert not any(w in text for w in REGISTRY_WORDS), text
    # Every card inside the slide (three rows above the footer).
    bottom = max(sh.top + sh.height for sh in slides[1].shapes if not sh.has_text_frame or sh.text_frame.text in cards)
    assert bottom < prs.slide_height * 6.85 / 7.5
    # The trend: a native chart whose data are the populations of both eras by year (metrics' regime_trend).
    trend = next(s for s in slides if _texts(s)[0] == "示例县2014—2023年建档立卡未脱贫人口与防返贫监测对象")
    chart = next(sh.chart for sh in trend.shapes if sh.has_chart)
    plot = chart.plots[0]
    rows = m["regime_trend"]
    assert list(plot.categories) == [f"{r['year']}年" for r in rows]
    series = {s.name: list(s.values) for s in plot.series}
    assert series == {
        "建档立卡未脱贫人口（含返贫，人）": [r["poor_population"] if r["year"] <= 2020 else None for r in rows],
        "防返贫监测对象（人）": [r["monitored_population"] if r["year"] >= 2021 else None for r in rows]}
    assert series["防返贫监测对象（人）"][-1] == m["monitored_population"]
    assert plot.overlap == 100               # one column a year: the series never share a year
    assert chart.has_legend


def test_docx_is_the_era_summary_and_cards(era):
    m = era["metrics"]
    name, data = era["docx"]
    assert name == "示例县2023年汇报材料.docx"
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "示例县2023年巩固拓展脱贫攻坚成果工作情况汇报"
    assert texts[2] == era["summary"]
    assert texts[2].startswith(f"2023年，示例县有脱贫户{m['exited_poor_households']:,}户{m['exited_poor_population']:,}人，"
                               f"纳入防返贫监测对象{m['monitored_households']:,}户{m['monitored_population']:,}人")
    headings = [t for t in texts if t[1:2] == "、" and t[:1] in "一二三四五六七八九十"]
    assert headings[0] == "一、总体情况"
    for text in [texts[0], texts[2], *headings]:
        assert not any(w in text for w in REGISTRY_WORDS), text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["指标", "数值", "说明"]
    assert rows[1:] == [[c.label, c.value, c.note or "—"] for c in era["pack"].kpis]
    assert rows[2] == ["监测对象", f"{m['monitored_households']:,}户", f"{m['monitored_population']:,}人"]
    assert len(doc.inline_shapes) == len(era["pack"].charts)
    assert texts[-2].endswith("截至2023年12月。")


def test_zip_has_every_chart_and_its_table(era):
    name, data = era["zip"]
    assert name == "示例县2023年汇报材料.zip"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == [f"{i:02d}_{c.title.replace(' ', '_')}.png" for i, c in enumerate(era["pack"].charts, start=1)] + [
        "示例县2023年汇报材料_表格.xlsx"]


def test_the_pack_takes_any_catalogue_chart_of_the_era(era, monkeypatch):
    """A chart another page declares for the era (its own topic) is in the deck and the draft, under its heading."""
    store = era["store"]
    base = catalogue.SPECS["era_trend"]

    def drawn_as(key):
        return lambda ctx: dataclasses.replace(base.draw(ctx), key=key)

    spec = dataclasses.replace(base, key="watch_demo", name="监测对象变化", pages=("monitoring",), topic="monitoring",
                               draw=drawn_as("watch_demo"))
    other = dataclasses.replace(spec, key="other_demo", name="另一主题", topic="someday", draw=drawn_as("other_demo"))
    monkeypatch.setattr(catalogue, "CHARTS", (*catalogue.CHARTS, spec, other))
    monkeypatch.setattr(catalogue, "SPECS", {s.key: s for s in catalogue.CHARTS})
    p = collect(store, 2023, Area(), today=TODAY)
    assert [c.key for c in p.charts][-2:] == ["watch_demo", "other_demo"]
    doc = Document(io.BytesIO(report.docx_bytes(p)))
    headings = [t.text for t in doc.paragraphs if t.text[1:2] == "、"]
    assert headings[:2] == ["一、总体情况", "二、防返贫动态监测"]
    assert headings[-1].endswith("、另一主题")       # a topic without a heading follows the era's own
    assert collect(store, 2019, Area(), today=TODAY).charts[0].key == "trend"     # 2019 keeps its own


def test_cli_pack_of_a_monitoring_year(demo_db, tmp_path, capsys):
    import shutil

    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    out = tmp_path / "材料.pptx"
    assert main(["pack", "--year", "2023", "--township", "白云乡", "--db", str(db), "--out", str(out)]) == 0
    prs = Presentation(str(out))
    assert _texts(prs.slides[0])[0] == "白云乡2023年巩固拓展脱贫攻坚成果工作情况"
    assert main(["pack", "--year", "2026", "--db", str(db), "--out", str(tmp_path / "x.pptx")]) == 1
    assert "2026年所选地区没有防返贫监测对象信息数据" in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()
