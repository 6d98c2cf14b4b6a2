"""汇报材料 pack for the demo county and one township: the PPTX, DOCX and ZIP opened as their readers open them."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

import openpyxl
import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Inches

from ledgerboard import figures, pack
from ledgerboard.cli import main
from ledgerboard.indicators import Area, metrics
from ledgerboard.pack import slides as slides_mod
from ledgerboard.pack.content import collect
from ledgerboard.summary import summary_text

TODAY = dt.date(2026, 11, 30)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Every chart the pages show for the county (the catalogue's order); only 各县贫困发生率 needs several counties.
COUNTY_CHARTS = ["未脱贫人口与贫困发生率", "各乡镇贫困发生率", "各村贫困发生率", "各村历年贫困发生率", "贫困发生率变化",
                 "建档立卡户与未脱贫户", "主要致贫原因", "各村致贫原因构成", "各类贫困户致贫原因", "未脱贫户致贫原因构成变化",
                 "各乡镇致贫原因构成", "人均纯收入与贫困线", "各村人均纯收入", "人均纯收入分布", "收入结构", "各村收入结构",
                 "各乡镇人均纯收入", "项目资金按类别", "项目进度", "各村户均项目资金", "各村项目覆盖", "帮扶措施项数分布",
                 "各村户均帮扶措施", "各乡镇户均项目资金"]


@pytest.fixture(scope="module")
def county(demo_packs):
    """The county pack in all three formats, built once (the store is only read)."""
    store = demo_packs.store
    out = {fmt: demo_packs.build(2019, fmt, TODAY) for fmt in pack.FORMATS}
    out["pack"] = demo_packs.content(2019, TODAY)
    out["metrics"] = metrics(store, 2019, Area())
    out["summary"] = summary_text(store, 2019, Area())
    out["store"] = store
    return out


def chart_data(chart):
    plot = chart.plots[0]
    return list(plot.categories), {s.name: list(s.values) for s in plot.series}


def slides_by_title(prs):
    out = {}
    for slide in prs.slides:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]
        out[texts[0] if texts else ""] = slide
    return out


def test_county_pptx_slides_titles_and_charts(county):
    name, data = county["pptx"]
    assert name == "示例县2019年汇报材料.pptx"
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))      # 16:9
    p = county["pack"]
    assert [c.name for c in p.charts] == COUNTY_CHARTS
    title = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame and sh.text_frame.text]
    assert title[:2] == ["示例县2019年脱贫攻坚工作情况", "示例县 · 2019年度 · 汇报材料"]
    assert "2026年11月30日" in title[2] and "数据导入日期" in title[2]
    kpi = " ".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert "3,201户" in kpi and "163户" in kpi and "0.51%" in kpi and "5,013元" in kpi
    # One slide per chart; a bar chart of 27 villages on two slides (14 + 13), a heatmap of 27 rows on three.
    slides = list(prs.slides)[2:]
    heads = []
    for slide in slides:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]
        heads.append(texts[0])
    expected = []
    for chart in p.charts:
        parts = (slides_mod.chart_parts(chart) if chart.kind else slides_mod.picture_windows(chart))
        expected += [chart.title] if len(parts) == 1 else [f"{chart.title}（{i}/{len(parts)}）"
                                                           for i in range(1, len(parts) + 1)]
    assert heads[:len(expected)] == expected
    assert "2019年示例县各村贫困发生率（1/2）" in heads and "2014—2019年示例县各村贫困发生率（%）（3/3）" in heads
    for slide, head in zip(slides, expected):
        chart = next(c for c in p.charts if head.startswith(c.title))
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]
        assert texts[1] == chart.takeaway + "。"
        assert texts[2].startswith("数据来源：示例数据（虚构）")
        kinds = {sh.shape_type for sh in slide.shapes}
        has_chart = any(sh.has_chart for sh in slide.shapes)
        assert has_chart if chart.kind else 13 in kinds       # MSO_SHAPE_TYPE.PICTURE
    assert heads[len(expected):] == ["附表：2019年示例县各乡镇贫困发生率", "附表：2019年示例县各村贫困发生率",
                                     "附表：2019年示例县各村贫困发生率（续）", "附表：2019年示例县各村贫困发生率（续）",
                                     "附表：2019年示例县建档立卡户主要致贫原因（共3,201户）",
                                     "附表：2014—2019年示例县建档立卡户人均纯收入与贫困线",
                                     "附表：2019年示例县扶贫项目资金（按项目类别）"]


def test_county_pptx_chart_data_equals_metrics(county):
    prs = Presentation(io.BytesIO(county["pptx"][1]))
    m = county["metrics"]
    slides = slides_by_title(prs)
    causes = next(sh.chart for sh in slides["2019年示例县建档立卡户主要致贫原因（共3,201户）"].shapes if sh.has_chart)
    cats, series = chart_data(causes)
    # Horizontal bars are stored bottom-up: the largest cause is the last category.
    assert dict(zip(cats, series["户数（户）"])) == {k: float(v) for k, v in m["causes"].items()}
    assert cats[-1] == "因病"
    # Each cause in its own colour, the same as on the pages.
    points = causes.plots[0].series[0].points
    assert str(points[len(cats) - 1].format.fill.fore_color.rgb) == figures.CAUSE_COLORS["因病"].lstrip("#").upper()

    trend = next(sh.chart for sh in slides["2014—2019年示例县贫困发生率变化"].shapes if sh.has_chart)
    cats, series = chart_data(trend)
    assert cats[-1] == "2019年" and cats[0] == "2014年"         # the selected year ends the trend
    assert series["示例县（%）"][-1] == m["incidence_pct"] == 0.51
    assert list(series) == ["示例县（%）", "白云乡（%）", "石门镇（%）", "青松镇（%）"]       # legend = series
    counts = next(sh.chart for sh in slides["2014—2019年示例县建档立卡户、未脱贫户与当年脱贫户"].shapes if sh.has_chart)
    _, series = chart_data(counts)
    assert series["建档立卡户"][-1] == m["registered_households"] == 3201
    assert series["未脱贫户（含返贫）"][-1] == m["poor_households"] == 163
    assert series["当年脱贫户"][-1] == m["exited_households"]

    funds = next(sh.chart for sh in slides["2019年示例县扶贫项目资金（按项目类别）"].shapes if sh.has_chart)
    _, series = chart_data(funds)
    assert round(sum(series["总投资（万元）"]), 2) == m["project_investment_wan"] == 3578.62
    assert round(sum(series["其中财政扶贫资金（万元）"]), 2) == m["project_fiscal_wan"]

    income = next(sh.chart for sh in slides["2014—2019年示例县建档立卡户人均纯收入与贫困线"].shapes if sh.has_chart)
    _, series = chart_data(income)
    assert series["均值（人口加权）"][-1] == m["income_per_capita_mean"]


def test_county_takeaways_are_written_from_the_data(county):
    p = county["pack"]
    by_name = {c.name: c for c in p.charts}
    assert by_name["主要致贫原因"].takeaway == "因病致贫占41.4%，是第一位致贫原因；其次是因残致贫，占14.6%"
    assert by_name["贫困发生率变化"].takeaway == "贫困发生率由2014年的9.41%降至2019年的0.51%，低于2%的出列标准"
    assert by_name["各乡镇贫困发生率"].takeaway == "白云乡贫困发生率最高，为0.92%；各乡镇均低于2%的出列标准"
    assert by_name["各乡镇贫困发生率"].note == "3/3个乡镇有农业户籍人口数据"
    assert by_name["帮扶措施项数分布"].takeaway == "户均帮扶措施4.09项，少于5项的1,688户"
    assert by_name["项目资金按类别"].takeaway == "基础设施投资最多，1,924.22万元，占总投资的53.8%"


def test_pptx_text_is_large_and_east_asian(county):
    """Every run on a slide names 微软雅黑 as its east-asian typeface; chart and body text 16 pt and up."""
    prs = Presentation(io.BytesIO(county["pptx"][1]))
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for para in sh.text_frame.paragraphs for r in para.runs]
    assert runs and all(r.font._rPr.find(f"{A}ea").get("typeface") == "微软雅黑" for r in runs)
    chart_slide = prs.slides[2]
    chart = next(sh.chart for sh in chart_slide.shapes if sh.has_chart)
    assert chart.font.size.pt == 16
    assert chart.font._rPr.find(f"{A}ea").get("typeface") == "微软雅黑"
    takeaway = [sh for sh in chart_slide.shapes if sh.has_text_frame and sh.text_frame.text][1].text_frame.paragraphs[0].runs[0]
    assert takeaway.font.size.pt == 20


def test_county_docx_reads_like_a_report(county):
    name, data = county["docx"]
    assert name == "示例县2019年汇报材料.docx"
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "示例县2019年脱贫攻坚工作情况汇报"
    assert county["summary"] in texts
    assert [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")] == [
        "一、总体情况", "二、贫困人口和贫困发生率", "三、致贫原因", "四、收入情况", "五、扶贫项目"]
    assert "（四）贫困发生率变化。" in texts
    assert ("贫困发生率由2014年的9.41%降至2019年的0.51%，低于2%的出列标准（见图5）。"
            "贫困发生率 = 未脱贫人口（含返贫）÷ 农业户籍人口 × 100%。") in texts
    # The draft embeds every figure it refers to, each with its caption "图N  title".
    assert len(doc.inline_shapes) == len(county["pack"].charts) == 24
    assert "图5  2014—2019年示例县贫困发生率变化" in texts
    assert sum("（见图" in t for t in texts) == 24
    assert texts[-2] == "数据来源：示例数据（虚构），导入于" + county["pack"].imported + "，截至2019年12月。"
    # GB/T 9704: title 2号 方正小标宋, body 3号 仿宋_GB2312, headings 黑体 / 楷体_GB2312.
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22 and title_run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text == county["summary"]).runs[0]
    assert body.font.size.pt == 16 and body.font.name == "仿宋_GB2312"
    heading = next(p for p in doc.paragraphs if p.text == "三、致贫原因").runs[0]
    assert heading.font.name == "黑体"
    sub = next(p for p in doc.paragraphs if p.text == "（一）主要致贫原因。").runs[0]
    kpis = doc.tables[0]                    # the cards' text, as on the page and the slide
    assert [c.text for c in kpis.rows[1].cells] == ["建档立卡", "3,201户", "9,281人"]
    assert sub.font.name == "楷体_GB2312"
    # Key tables with units in the header and formatted numbers.
    causes = doc.tables[3]
    assert [c.text for c in causes.rows[0].cells] == ["主要致贫原因", "户数（户）", "人数（人）", "未脱贫户（含返贫，户）", "占比（%）"]
    assert [c.text for c in causes.rows[1].cells] == ["因病", "1,325", "3,814", "93", "41.39"]
    income = doc.tables[4]
    assert [c.text for c in income.rows[1].cells][:4] == ["2014", "2,623", "2,614", "—"]     # no "None", no 2,014
    # Page numbers "— N —", odd pages right and even pages left; fallbacks in the font table.
    section = doc.sections[0]
    footer_xml = section.footer.paragraphs[0]._element.xml
    assert "— " in section.footer.paragraphs[0].text and "PAGE" in footer_xml
    assert section.even_page_footer.paragraphs[0].alignment == 0      # left
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table


def test_county_zip_pngs_and_workbook(county):
    name, data = county["zip"]
    assert name == "示例县2019年汇报材料.zip"
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert names == [f"{i:02d}_{c.title.replace(' ', '_')}.png" for i, c in enumerate(county["pack"].charts, start=1)] + [
        "示例县2019年汇报材料_表格.xlsx"]
    assert names[6] == "07_2019年示例县建档立卡户主要致贫原因（共3,201户）.png"
    sizes = {}
    for n in names[:-1]:
        head = z.read(n)[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        sizes[n] = struct.unpack(">II", head[16:24])
    assert sizes[names[6]] == (3200, 1800)
    # 27 villages: the PNG grows to 200 + 34 × 27 layout px (×2.5) so that every village keeps its label.
    assert sizes["03_2019年示例县各村贫困发生率.png"] == (3200, round((200 + 34 * 27) * 2.5))
    wb = openpyxl.load_workbook(io.BytesIO(z.read(names[-1])))
    assert len(wb.sheetnames) == 24 and wb.sheetnames[6] == "07主要致贫原因"     # every chart's data
    ws = wb["07主要致贫原因"]
    assert [c.value for c in ws[2]] == ["因病", 1325, 3814, 93, 41.39]


def test_township_pack(county):
    store = county["store"]
    area = Area(township="青松镇")
    name, data = pack.build(store, 2019, area, "pptx", today=TODAY)
    assert name == "青松镇2019年汇报材料.pptx"
    prs = Presentation(io.BytesIO(data))
    slides = slides_by_title(prs)
    assert list(slides)[0] == "青松镇2019年脱贫攻坚工作情况"
    bars = next(sh.chart for sh in slides["2019年青松镇各村贫困发生率"].shapes if sh.has_chart)
    cats, series = chart_data(bars)
    shown = dict(zip(cats, series["贫困发生率（%）"]))
    assert len(shown) == 9 and cats[-1] == "岩口村"                        # highest on top
    for village, value in shown.items():
        assert value == metrics(store, 2019, Area(township="青松镇", village=village))["incidence_pct"]
    causes = next(sh.chart for sh in slides["2019年青松镇建档立卡户主要致贫原因（共999户）"].shapes if sh.has_chart)
    cats, series = chart_data(causes)
    assert dict(zip(cats, series["户数（户）"])) == {k: float(v) for k, v in metrics(store, 2019, area)["causes"].items()}
    doc = Document(io.BytesIO(pack.build(store, 2019, area, "docx", today=TODAY)[1]))
    assert doc.paragraphs[0].text == "青松镇2019年脱贫攻坚工作情况汇报"
    assert summary_text(store, 2019, area) in [p.text for p in doc.paragraphs]
    incidence = doc.tables[1]
    assert [c.text for c in incidence.rows[1].cells] == ["青松镇", "岩口村", "283", "26", "2,369", "1.10", "是"]


def test_village_pack_has_no_village_charts(county):
    p = collect(county["store"], 2019, Area(township="青松镇", village="岩口村"), today=TODAY)
    assert p.area_name == "青松镇岩口村"
    assert {c.name for c in p.charts} & {"各村贫困发生率", "各村历年贫困发生率", "各村项目覆盖"} == set()


def test_cli_pack(demo_db, tmp_path, capsys):
    import shutil
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    out = tmp_path / "材料.docx"
    assert main(["pack", "--year", "2019", "--township", "青松镇", "--db", str(db), "--out", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text == "青松镇2019年脱贫攻坚工作情况汇报"
    assert main(["pack", "--year", "2019", "--db", str(db), "--out", str(tmp_path / "x.pdf")]) == 2
    assert "须以 .pptx、.docx 或 .zip 结尾" in capsys.readouterr().err
    assert main(["pack", "--year", "2011", "--db", str(db), "--out", str(tmp_path / "x.pptx")]) == 1
    assert not (tmp_path / "x.pptx").exists()
    capsys.readouterr()
    # Places are resolved as for `metrics`: a village alone where it is unique, an unknown place named.
    assert main(["pack", "--year", "2019", "--village", "岩口村", "--db", str(db), "--out", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text == "青松镇岩口村2019年脱贫攻坚工作情况汇报"
    assert main(["pack", "--year", "2019", "--township", "火星镇", "--db", str(db), "--out", str(tmp_path / "y.docx")]) == 1
    assert "火星镇" in capsys.readouterr().err and not (tmp_path / "y.docx").exists()


def test_cli_pack_reads_as_the_user(demo_db, tmp_path, capsys):
    """`pack --user`: an account bound to a township gets its township's pack, and no other place's."""
    import shutil

    from ledgerboard import auth
    from ledgerboard.store import Store

    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    s = Store(db)
    auth.create_account(s, "青松查看", "viewer", "pw-123456", by="test", county="示例县", township="青松镇")
    s.close()
    out = tmp_path / "材料.docx"
    assert main(["pack", "--year", "2019", "--db", str(db), "--out", str(out), "--user", "青松查看"]) == 0
    assert Document(str(out)).paragraphs[0].text == "青松镇2019年脱贫攻坚工作情况汇报"
    assert main(["pack", "--year", "2019", "--township", "石门镇", "--db", str(db), "--out", str(tmp_path / "z.docx"),
                 "--user", "青松查看"]) == 1
    assert "青松镇" in capsys.readouterr().err and not (tmp_path / "z.docx").exists()
    assert main(["pack", "--year", "2019", "--db", str(db), "--out", str(out), "--user", "无此人"]) == 1
    assert "账号“无此人”不存在" in capsys.readouterr().err


def test_every_chart_text_on_a_slide_is_16_pt_and_up(county):
    """Native charts: every text size in the chart parts is ≥ 16 pt; pictures: every font of the slide figures is
    ≥ 22 layout px, which is 16.5 pt in the 12.333-inch chart box (96 px an inch)."""
    import re

    prs = Presentation(io.BytesIO(county["pptx"][1]))
    sizes = []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_chart:
                sizes += [int(v) for v in re.findall(rb'\bsz="(\d+)"', sh.chart.part.blob)]
    assert sizes and min(sizes) >= 1600

    def font_sizes(node, in_font=False):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("template", "hoverlabel"):        # the page's template and tooltips: not on the picture
                    continue
                if k == "size" and in_font and isinstance(v, (int, float)):
                    yield v
                else:
                    yield from font_sizes(v, in_font or "font" in k)
        elif isinstance(node, list):
            for v in node:
                yield from font_sizes(v, in_font)

    pictures = slides_mod.picture_figures(county["pack"])
    assert len(pictures) >= 4                  # the heatmap's windows, the histogram, the coverage matrix
    for fig in pictures:
        found = list(font_sizes(fig.to_plotly_json()))
        assert found and min(found) >= 22, (fig.layout.title.text, sorted(set(found)))
    px_per_pt = slides_mod.BOX_PX[0] / (slides_mod.CHART_BOX[2] / Inches(1) * 72)
    assert round(22 / px_per_pt, 1) == 16.5


def test_a_second_build_renders_no_png(county, monkeypatch):
    """One renderer per process and PNGs cached by figure content: building the same pack again renders nothing."""
    from ledgerboard import render

    calls = []
    real = render._render
    monkeypatch.setattr(render, "_render", lambda figs, *a: calls.append(len(figs)) or real(figs, *a))
    again = pack.build(county["store"], 2019, Area(), "zip", today=TODAY)
    assert calls == []
    first, second = (zipfile.ZipFile(io.BytesIO(b[1])) for b in (county["zip"], again))
    pngs = [n for n in first.namelist() if n.endswith(".png")]
    assert pngs and all(first.read(n) == second.read(n) for n in pngs)
    render.clear_cache()
    pack.build(county["store"], 2019, Area(), "zip", today=TODAY)
    assert calls == [len(pngs)]                # after clearing, each chart once, in one call
