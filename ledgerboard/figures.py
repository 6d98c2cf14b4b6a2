"""Plotly figures for pages, PNG export and slides: one template, Chinese titles with units."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ledgerboard.area import place_labels
from ledgerboard.memo import shared
from ledgerboard.sanitize import chart_text, chart_text_unescaped

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
PALETTE = ["#1f5fa8", "#d9822b", "#3a9a5b", "#b8403a", "#7b5ea7", "#4b9fb5", "#a67c52", "#c76b98", "#7f8c8d", "#b5a33a",
           "#2c3e50", "#95a5a6"]
# A PNG at 3200×1800 whose 960×540 layout keeps the page's 14-20 px text at 13-18 pt once it fills a 16:9 slide.
EXPORT_SIZE = {"width": 960, "height": 540, "scale": 10 / 3}
# Slide pictures: a layout pixel is 1/96 inch, so a 1280×720 layout is a whole 13.33×7.5 in slide and 22 px text is
# 16.5 pt on it; ×2.5 gives the ZIP's 3200×1800 PNGs.
SLIDE_SIZE = {"width": 1280, "height": 720, "scale": 2.5}
SLIDE_FONT_PX = 22
TEMPLATE_NAME = "ledgerboard"

# Twelve distinguishable colours for the values of an enumeration, in fields.yaml order.
ENUM_PALETTE = ["#b8403a", "#d9822b", "#7b5ea7", "#4b9fb5", "#a67c52", "#1f5fa8", "#3a9a5b", "#c76b98", "#b5a33a",
                "#2c7873", "#e0a458", "#8c96a3"]
OTHER_COLOR = "#8c96a3"


def _enum_colors(enum_key: str) -> dict[str, str]:
    from ledgerboard.fields import catalog
    values = catalog().enums[enum_key].values
    return {v: ENUM_PALETTE[i % len(ENUM_PALETTE)] for i, v in enumerate(values)} | {"其他": OTHER_COLOR,
                                                                                     "未填写": "#c3cad3"}


# The same colour for a cause (因病 …) or a project category (产业扶贫 …) in every chart, page, slide and area.
CAUSE_COLORS = _enum_colors("cause")
CATEGORY_COLORS = _enum_colors("category")
INCOME_PART_COLORS = {"工资性收入": "#1f5fa8", "生产经营性收入": "#3a9a5b", "财产性收入": "#d9822b", "转移性收入": "#b8403a"}
STATUS_COLORS = {"未开工": "#b8403a", "在建": "#d9822b", "已完工": "#1f5fa8", "已验收": "#3a9a5b", "未填写": "#c3cad3"}
STABLE_COLORS = {**CAUSE_COLORS, **CATEGORY_COLORS, **INCOME_PART_COLORS}


def stable_color(name, default: str | None = None) -> str:
    """A cause's, category's or income source's own colour; `default` (or the first palette colour) otherwise."""
    return STABLE_COLORS.get(str(name), default or PALETTE[0])

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=14, color="#1f2933"),
        title=dict(font=dict(size=20), x=0.01, xanchor="left"),
        colorway=PALETTE,
        separators=".,",
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside", automargin=True, title=dict(standoff=8)),
        yaxis=dict(gridcolor="#e4e7eb", zerolinecolor="#9aa5b1", automargin=True, tickformat=",", title=dict(standoff=8)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        margin=dict(l=70, r=30, t=90, b=90),
        hoverlabel=dict(font_family=FONT),
    )
)


def finish(fig: go.Figure, title: str, source: str | None = None) -> go.Figure:
    """Template, title and source line on every figure; the text that came from ledgers made plain text.

    Every figure function ends here exactly once. Titles, sources, trace names (legends) and category values (place
    names on an axis, heatmap rows) are escaped for Plotly's HTML (sanitize.chart_text); labels a figure writes
    with its own markup (<br> in a tick or bar text) escape their data where they are built."""
    _escape_text(fig)
    fig.update_layout(template=TEMPLATE_NAME, title_text=chart_text(title))
    if source:
        fig.add_annotation(text=chart_text(source), xref="paper", yref="paper", x=0, y=0, yshift=-70, xanchor="left",
                           yanchor="top", showarrow=False, font=dict(size=12, color="#616e7c"))
    return fig


HALF_TITLE_CHARS = 24     # a title's characters on one line of a half-width chart (a 562 px column on a desktop)


def half_width_title(fig: go.Figure, title: str, width: int = HALF_TITLE_CHARS) -> go.Figure:
    """A long title of a chart shown in half a row, over two lines broken after a year or place (one line ran
    under the legend and out of the chart); the top margin and the height grow by a line. The phone layout re-wraps
    it. A copy: the figure given may be shared by every session (memo), and must stay as it was built."""
    fig = go.Figure(fig)
    lines = _wrap(title, width)
    if len(lines) > 1:
        fig.update_layout(title_text="<br>".join(chart_text(line) for line in lines),
                          margin_t=(fig.layout.margin.t or 90) + PHONE_LINE_PX + 4,
                          height=(fig.layout.height or 450) + PHONE_LINE_PX + 4)   # the plot (and legend) keep theirs
    return fig


def _escape_text(fig: go.Figure) -> None:
    """Trace names and category values (strings on an axis) escaped, and the axes' category order with them."""
    def escaped(values):
        return None if values is None else [chart_text(v) if isinstance(v, str) else v for v in values]

    for trace in fig.data:
        if trace.name:
            trace.name = chart_text(trace.name)
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is not None and not isinstance(values, str) and any(isinstance(v, str) for v in values):
                setattr(trace, axis, escaped(values))
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        if axis.categoryarray is not None:
            axis.categoryarray = escaped(axis.categoryarray)


def png_bytes(fig: go.Figure) -> bytes:
    """The figure as a presentation-size PNG (kaleido with the system Chromium; ledgerboard.render)."""
    from ledgerboard import render
    return render.png_bytes(fig, EXPORT_SIZE["width"], EXPORT_SIZE["height"], EXPORT_SIZE["scale"])


def png_images(figs: list[go.Figure], width: int, height, scale: float) -> list[bytes]:
    """Several figures as PNGs through the process's one renderer, each distinct figure rendered once (cached);
    `height` is one height for all or a list, one per figure."""
    from ledgerboard import render
    return render.png_images(figs, width, height, scale)


def category_rows(fig: go.Figure) -> int:
    """Places on the category axis of a horizontal bar chart (0 for other charts)."""
    rows = set()
    for trace in fig.data:
        if trace.type == "bar" and trace.orientation == "h" and trace.y is not None:
            rows.update(trace.y)
    return len(rows)


def heatmap_rows(fig: go.Figure) -> int:
    """Rows of a heatmap figure (0 for other charts)."""
    return max([len(t.y) for t in fig.data if t.type == "heatmap" and t.y is not None] + [0])


def row_window(fig: go.Figure, start: int, stop: int) -> go.Figure:
    """A copy of a heatmap (rows top to bottom) showing rows start … stop-1 only: one slide of a long heatmap."""
    fig = go.Figure(fig)
    fig.update_yaxes(autorange=False, range=[stop - 0.5, start - 0.5])
    return fig


# Height of a row of a horizontal bar chart at slide size: 16.5 pt labels need about 34 layout px apart.
SLIDE_ROW_PX = 34


@shared
def slide_ready(fig: go.Figure, *, keep_title: bool = True, height: int = SLIDE_SIZE["height"],
                grow: bool = True) -> go.Figure:
    """A copy of the figure with text sized for a slide: SLIDE_FONT_PX (16.5 pt) at SLIDE_SIZE.

    Pages keep their screen sizes; the pack and the ZIP render through this, so a chart that fills a slide
    reads from the back of a meeting room. A horizontal bar chart of many places grows taller (every place keeps
    its label), and so does a heatmap of many rows unless `grow` is False (a slide picture in a fixed box, split
    into row windows instead); render it at its layout height.
    """
    fig = go.Figure(fig)
    base = SLIDE_FONT_PX
    rows = category_rows(fig) or (heatmap_rows(fig) if grow else 0)
    height = max(height, 200 + SLIDE_ROW_PX * rows) if rows else height
    fig.update_layout(font_size=base, legend_font_size=base, height=height, width=None,
                      title_font_size=base + 6 if keep_title else None,
                      margin=dict(l=90, r=40, t=(110 if keep_title else 50), b=110))
    if not keep_title:
        fig.update_layout(title_text=None)
        fig.layout.title.subtitle = None
    elif fig.layout.title.subtitle.text:
        fig.update_layout(title_subtitle_font_size=base - 4, margin_t=150)
    fig.update_xaxes(tickfont_size=base, title_font_size=base)
    fig.update_yaxes(tickfont_size=base, title_font_size=base)
    for trace in fig.data:
        if trace.type in ("bar", "scatter"):
            trace.update(textfont_size=base)
        elif trace.type == "heatmap":
            # Every row labelled: at slide size plotly would otherwise skip every other village.
            trace.update(textfont_size=base)
            fig.update_yaxes(tickfont_size=base, dtick=1)
            if trace.colorbar is not None:
                trace.colorbar.update(tickfont_size=base, title_font_size=base)
    kept = []
    for a in fig.layout.annotations:
        if a.yshift:                      # the source line: on a slide the footer names the source
            if keep_title:
                a.font.size, a.yshift = base - 6, -85
                kept.append(a)
            continue
        a.font.size = base
        kept.append(a)
    fig.layout.annotations = kept
    return fig


@shared
def trend_figure(trend, title: str, source: str | None = None) -> go.Figure:
    """Incidence by year (top panel) over registered and poor population (bars, bottom panel)."""
    has_rate = trend["incidence_pct"].notna().any()
    fig = make_subplots(rows=2 if has_rate else 1, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        row_heights=[0.35, 0.65] if has_rate else [1.0])
    years = [str(y) for y in trend["year"]]
    bar_row = 2 if has_rate else 1
    if has_rate:
        rate = trend["incidence_pct"]
        fig.add_trace(go.Scatter(x=years, y=rate, name="贫困发生率（%）", mode="lines+markers+text",
                                 line=dict(color=PALETTE[1], width=3), text=[_pct(v) for v in rate],
                                 textposition="top center", cliponaxis=False,
                                 hovertemplate="%{x}年 贫困发生率%{y:.2f}%<extra></extra>"), row=1, col=1)
        # Whole percents from 5 % up; below, ticks 0.5 apart would all round to 0 or 1.
        fig.update_yaxes(title_text="发生率（%）", rangemode="tozero", range=[0, float(rate.max()) * 1.35 or 1],
                         tickformat=".0f" if float(rate.max()) >= 5 else ".1f", row=1, col=1)
    fig.add_trace(go.Bar(x=years, y=trend["registered_population"], name="建档立卡人口（人）", marker_color="#bcccdc",
                         hovertemplate="%{x}年 建档立卡%{y:,}人<extra></extra>"), row=bar_row, col=1)
    fig.add_trace(go.Bar(x=years, y=trend["poor_population"], name="未脱贫人口（含返贫，人）", marker_color=PALETTE[0],
                         text=[f"{int(v):,}" for v in trend["poor_population"]], textposition="outside",
                         cliponaxis=False, hovertemplate="%{x}年 未脱贫%{y:,}人<extra></extra>"), row=bar_row, col=1)
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(type="category")
    fig.update_xaxes(title_text="年度", row=bar_row, col=1)
    fig.update_yaxes(title_text="人数（人）", rangemode="tozero", row=bar_row, col=1)
    fig.update_layout(height=600)
    return finish(fig, title, source)


def up_to(df, year: int | None):
    """The rows of a by-year frame up to the selected year: a trend chart ends in the year the user picked."""
    return df if year is None or df.empty else df[df["year"] <= year]


def _pct(v) -> str:
    try:
        return "" if v != v or v is None else f"{v:.2f}%"
    except TypeError:
        return ""


# Analysis pages ----------------------------------------------------------------------------------
# Bars that carry a drill key ([county, township, village]) in customdata; see ledgerboard/drill.py.
EXITED_COLOR = "#3a9a5b"
NOT_EXITED_COLOR = "#1f5fa8"
LINE_COLOR = "#b8403a"
MUTED = "#9aa5b1"
SEQUENTIAL = [[0.0, "#f5f7fa"], [0.0001, "#dbe7f3"], [0.5, "#6d9fd0"], [1.0, "#123e73"]]


def area_labels(df) -> list[str]:
    """Place names as axis labels, as short as they can be told apart: 新村, 青松镇·新村, 甲县·青松镇·新村
    (ledgerboard.area.place_labels). Rows are villages, townships or counties, by the columns present."""
    parts = [df[c] if c in df.columns else [None] * len(df) for c in ("county", "township", "village")]
    rows = [tuple(None if (x is None or x != x or x == "") else str(x) for x in r) for r in zip(*parts)]
    return place_labels(rows)


def with_area_label(df):
    """The frame with an `area` column: the axis label of its county/township/village."""
    cols = [c for c in ("county", "township", "village") if c in df.columns]
    keys = df.drop_duplicates(cols)[cols]
    return df.merge(keys.assign(area=area_labels(keys)), on=cols, how="left")


def drill_keys(df) -> list[list[str]]:
    from ledgerboard.drill import customdata
    return customdata(df)


def _bar_height(n: int, per_bar: int = 26, base: int = 220) -> int:
    return max(460, min(1400, base + per_bar * n))


def _note(fig: go.Figure, text: str) -> None:
    """A short explanatory subtitle (definitions, thresholds)."""
    fig.update_layout(title_subtitle=dict(text=text, font=dict(size=13, color="#52606d")), margin_t=125)


def _threshold_legend(fig: go.Figure, threshold: float) -> None:
    """The dashed threshold line's legend entry (a legend never collides with the plot like a label can)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"出列标准 {threshold:g}%", hoverinfo="skip",
                             line=dict(color=LINE_COLOR, dash="dash", width=2)))


# A bar shorter than this share of the axis cannot be seen or clicked: it gets a dot at its base instead.
ZERO_MARK_SHARE = 0.015
ZERO_MARK_SIZE = 13


def _mark_short_bars(fig: go.Figure, axis_max: float) -> None:
    """A dot in the bar's own colour at the base of every horizontal bar too short to see (0 % incidence, no funds),
    carrying the bar's drill key and tooltip: 已出列 green and 无项目 red stay visible, and the place stays clickable."""
    for trace in list(fig.data):
        if trace.type != "bar" or trace.orientation != "h" or trace.x is None:
            continue
        xs, ys = list(trace.x), list(trace.y)
        colors = trace.marker.color
        colors = list(colors) if isinstance(colors, (list, tuple)) else [colors] * len(xs)
        keys = list(trace.customdata) if trace.customdata is not None else [None] * len(xs)
        short = [i for i, v in enumerate(xs) if v is None or v != v or v < axis_max * ZERO_MARK_SHARE]
        if not short:
            continue
        # The bar's label moves to the dot (beside it, not under it).
        texts = list(trace.text) if isinstance(trace.text, (list, tuple)) else None
        if texts is not None:
            trace.text = ["" if i in short else t for i, t in enumerate(texts)]
        fig.add_trace(go.Scatter(
            x=[0 if xs[i] is None or xs[i] != xs[i] else xs[i] for i in short], y=[ys[i] for i in short],
            mode="markers+text" if texts is not None else "markers", text=[texts[i] for i in short] if texts else None,
            textposition="middle right", textfont=trace.textfont.to_plotly_json(),
            marker=dict(color=[colors[i] for i in short], size=ZERO_MARK_SIZE, line=dict(color="white", width=1.5)),
            customdata=[keys[i] for i in short] if trace.customdata is not None else None,
            name=trace.name, legendgroup=trace.name, showlegend=False, cliponaxis=False,
            hovertemplate=trace.hovertemplate))
        # A dot at 0 reaches half its size left of the axis: the place names step back so it never covers them.
        fig.update_yaxes(ticklabelstandoff=ZERO_MARK_SIZE)


@shared
def incidence_bar_figure(df, threshold: float, title: str, source: str | None = None) -> go.Figure:
    """Incidence by village (or township), highest on top, 已出列 villages in green, the exit threshold dashed."""
    df = df[df["incidence_pct"].notna()].sort_values("incidence_pct", ascending=False, kind="stable")
    labels = area_labels(df)
    keys = drill_keys(df)
    if "village_exited" in df.columns:
        exited = df["village_exited"].fillna(False).astype(bool)
        poor = df["is_poor_village"].fillna(False).astype(bool)
        kind = ["已出列贫困村" if e else ("未出列贫困村" if p else "非贫困村") for e, p in zip(exited, poor)]
        groups = (("未出列贫困村", NOT_EXITED_COLOR), ("已出列贫困村", EXITED_COLOR), ("非贫困村", "#9fb3c8"))
    else:
        kind = ["乡镇"] * len(df)
        groups = (("乡镇", NOT_EXITED_COLOR),)
    fig = go.Figure()
    for name, color in groups:
        idx = [i for i, k in enumerate(kind) if k == name]
        if not idx:
            continue
        rows = df.iloc[idx]
        fig.add_trace(go.Bar(
            y=[labels[i] for i in idx], x=rows["incidence_pct"], orientation="h", name=name, marker_color=color,
            customdata=[keys[i] + [int(p)] for i, p in zip(idx, rows["poor_population"])],
            text=[f"{v:.2f}%" for v in rows["incidence_pct"]], textposition="outside", cliponaxis=False, constraintext="none",
            showlegend=len(groups) > 1,
            hovertemplate="%{y}：贫困发生率%{x:.2f}%，未脱贫%{customdata[3]:,}人<extra></extra>"))
    fig.add_vline(x=threshold, line=dict(color=LINE_COLOR, dash="dash", width=2))
    _threshold_legend(fig, threshold)
    xmax = max(float(df["incidence_pct"].max()) if len(df) else 0, threshold) * 1.15 or 1
    _mark_short_bars(fig, xmax)
    # The legend in one row at the bottom, under the source line: at the top right it sat under the toolbar's icons.
    fig.update_layout(height=_bar_height(len(df)), bargap=0.25, barmode="overlay", margin_b=125,
                      legend=dict(orientation="h", x=0, xanchor="left", y=0, yref="container", yanchor="bottom",
                                  traceorder="normal"))
    fig.update_xaxes(title_text="贫困发生率（%）", range=[0, xmax], ticksuffix="%", showgrid=True, gridcolor="#e4e7eb")
    # dtick 1: every place keeps its label (plotly would skip every other one where rows are close)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title_text=None, tickformat=None, dtick=1)
    return finish(fig, title, source)


@shared
def heatmap_figure(df, row_col: str, value_col: str, title: str, source: str | None = None,
                   colorbar_title: str = "贫困发生率（%）", value_format: str = ".1f", suffix: str = "") -> go.Figure:
    """Area × year heatmap with the value in every cell."""
    if row_col == "area":
        df = with_area_label(df)
    if "village_exited" in df.columns:
        exit_year = df[df["village_exited"].fillna(False).astype(bool)].groupby(row_col)["year"].min()
        df = df.assign(**{row_col: [f"{r}（{exit_year[r]}年出列）" if r in exit_year.index else r for r in df[row_col]]})
    first = df.sort_values("year").groupby(row_col, sort=False)[value_col].first()
    order = (df.drop_duplicates(row_col).assign(_first=lambda d: d[row_col].map(first))
             .sort_values([c for c in ("county", "township") if c in df.columns] + ["_first"],
                          ascending=[True] * len([c for c in ("county", "township") if c in df.columns]) + [False],
                          kind="stable"))
    rows = list(order[row_col])
    years = sorted(df["year"].unique())
    pivot = df.pivot_table(index=row_col, columns="year", values=value_col, aggfunc="first").reindex(index=rows, columns=years)
    text = [[("" if v != v else f"{v:{value_format}}{suffix}") for v in row] for row in pivot.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=pivot.to_numpy(), x=[f"{y}年" for y in years], y=rows, text=text, texttemplate="%{text}",
        textfont=dict(size=12), colorscale="Blues", xgap=2, ygap=2, zmin=0,
        colorbar=dict(title=dict(text=colorbar_title, side="right"), thickness=14),
        hovertemplate="%{y} %{x}：%{z:.2f}" + suffix + "<extra></extra>"))
    fig.update_layout(height=_bar_height(len(rows), per_bar=24))
    fig.update_yaxes(autorange="reversed", tickformat=None, showgrid=False)
    fig.update_xaxes(title_text="年度", side="bottom", showline=False, ticks="")
    return finish(fig, title, source)


@shared
def lines_figure(df, group_col: str, value_col: str, title: str, source: str | None = None, *,
                 total=None, total_name: str = "全县", y_title: str = "贫困发生率（%）",
                 threshold: float | None = None, suffix: str = "%", value_format: str = ".2f") -> go.Figure:
    """One line per group over the years; an optional bold total line and dashed threshold."""
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby(group_col, sort=False)):
        fig.add_trace(go.Scatter(x=[str(y) for y in part["year"]], y=part[value_col], name=str(name),
                                 mode="lines+markers", line=dict(width=2, color=PALETTE[(i + 1) % len(PALETTE)]),
                                 hovertemplate=f"%{{fullData.name}} %{{x}}年：%{{y:{value_format}}}{suffix}<extra></extra>"))
    if total is not None and len(total):
        fig.add_trace(go.Scatter(x=[str(y) for y in total["year"]], y=total[value_col], name=total_name,
                                 mode="lines+markers+text", line=dict(width=4, color="#1f2933"),
                                 text=[("" if v != v else f"{v:{value_format}}{suffix}") for v in total[value_col]],
                                 textposition="top right", cliponaxis=False, textfont=dict(size=12),
                                 hovertemplate=f"%{{fullData.name}} %{{x}}年：%{{y:{value_format}}}{suffix}<extra></extra>"))
    if threshold is not None:
        fig.add_hline(y=threshold, line=dict(color=LINE_COLOR, dash="dash", width=2))
        _threshold_legend(fig, threshold)
    fig.update_xaxes(title_text="年度", type="category")
    fig.update_yaxes(title_text=y_title, rangemode="tozero", tickformat=",.1f" if suffix == "%" else ",")
    # The legend as a column on the right: place names beside a half-width chart's title would run into it.
    fig.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    return finish(fig, title, source)


@shared
def counts_by_year_figure(trend, title: str, source: str | None = None) -> go.Figure:
    """Registered, poor and exited households per year as grouped bars with labels."""
    years = [str(y) for y in trend["year"]]
    fig = go.Figure()
    for col, name, color in (("registered_households", "建档立卡户", "#9fb3c8"),
                             ("poor_households", "未脱贫户（含返贫）", NOT_EXITED_COLOR),
                             ("exited_households", "当年脱贫户", EXITED_COLOR)):
        fig.add_trace(go.Bar(x=years, y=trend[col], name=name, marker_color=color,
                             text=[f"{int(v):,}" for v in trend[col]], textposition="outside", cliponaxis=False, constraintext="none",
                             textfont=dict(size=12), hovertemplate=f"%{{x}}年 {name}%{{y:,}}户<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(title_text="年度", type="category")
    fig.update_yaxes(title_text="户数（户）", rangemode="tozero")
    return finish(fig, title, source)


@shared
def ranked_bar_figure(labels, values, title: str, source: str | None = None, *, value_title: str,
                      text=None, customdata=None, hover: str | None = None, color: str = NOT_EXITED_COLOR,
                      colors=None, line: float | None = None, line_text: str | None = None) -> go.Figure:
    """Horizontal bars, largest on top (values given largest first), labelled, optional reference line."""
    labels, values = list(labels), list(values)
    fig = go.Figure(go.Bar(
        y=labels, x=values, orientation="h", marker_color=colors or color, customdata=customdata,
        text=text, textposition="outside", cliponaxis=False, constraintext="none", showlegend=False,
        hovertemplate=hover or "%{y}：%{x:,}<extra></extra>"))
    if line is not None:
        fig.add_vline(x=line, line=dict(color=LINE_COLOR, dash="dash", width=2))
        fig.add_annotation(x=line, y=1, yref="paper", yanchor="bottom", text=line_text or f"{line:,}", showarrow=False,
                           font=dict(color=LINE_COLOR, size=13), xanchor="left", xshift=4)
    top = max([v for v in values if v == v] + [line or 0, 0])
    _mark_short_bars(fig, top * 1.22 or 1)
    fig.update_layout(height=_bar_height(len(labels)), bargap=0.3)
    fig.update_xaxes(title_text=value_title, range=[0, top * 1.22 or 1], showgrid=True, gridcolor="#e4e7eb",
                     tickformat=",")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], tickformat=None, dtick=1)
    return finish(fig, title, source)


# A stacked segment's label is never shrunk below this: one that does not fit at this size is not shown.
STACKED_LABEL_MIN_PX = 11


@shared
def stacked_share_figure(df, row_col: str, part_col: str, share_col: str, count_col: str, title: str,
                         source: str | None = None, *, parts_order=None, rows_order=None, horizontal: bool = True,
                         unit: str = "户", axis_title: str = "占比（%）", row_title: str | None = None,
                         customdata_by_row: dict | None = None, colors: dict | None = None) -> go.Figure:
    """100 % stacked bars: the mix of parts (causes, income sources) within each row (village, year, attribute)."""
    if row_col == "area":
        df = with_area_label(df)
        customdata_by_row = dict(zip(df["area"], drill_keys(df)))
    rows = rows_order or list(dict.fromkeys(df[row_col]))
    by_size = list(df.groupby(part_col)[count_col].sum().sort_values(ascending=False).index)
    palette_order = list(parts_order or []) + [p for p in by_size if p not in (parts_order or [])]
    parts = [p for p in palette_order if p in set(by_size)]
    fig = go.Figure()
    for part in parts:
        i = palette_order.index(part)
        sub = df[df[part_col] == part].set_index(row_col).reindex(rows)
        share = sub[share_col].fillna(0).tolist()
        counts = sub[count_col].fillna(0).tolist()
        text = [f"{s:.0f}%" if s >= 6 else "" for s in share]
        color = (colors or {}).get(part) or STABLE_COLORS.get(str(part), PALETTE[i % len(PALETTE)])
        # Labels always horizontal ("8%", never rotated to fit), and hidden where the segment cannot hold them
        # (uniformtext below).
        common = dict(name=str(part), marker_color=color, text=text, textposition="inside", insidetextanchor="middle",
                      textangle=0, textfont=dict(size=12, color="white"),
                      customdata=[[*(customdata_by_row or {}).get(r, ["", "", ""]), c] for r, c in zip(rows, counts)])
        if horizontal:
            fig.add_trace(go.Bar(y=[str(r) for r in rows], x=share, orientation="h", **common,
                                 hovertemplate=f"%{{y}} %{{fullData.name}}：%{{x:.1f}}%（%{{customdata[3]:,}}{unit}）<extra></extra>"))
        else:
            fig.add_trace(go.Bar(x=[str(r) for r in rows], y=share, **common,
                                 hovertemplate=f"%{{x}} %{{fullData.name}}：%{{y:.1f}}%（%{{customdata[3]:,}}{unit}）<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0.25, legend=dict(traceorder="normal"),
                      uniformtext=dict(minsize=STACKED_LABEL_MIN_PX, mode="hide"))
    # The legend as a column on the right: never wrapping into the title.
    fig.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    if horizontal:
        fig.update_layout(height=_bar_height(len(rows), per_bar=24))
        fig.update_xaxes(title_text=axis_title, range=[0, 100], ticksuffix="%", showgrid=True, gridcolor="#e4e7eb")
        fig.update_yaxes(categoryorder="array", categoryarray=[str(r) for r in rows][::-1], title_text=row_title,
                         tickformat=None, dtick=1)
    else:
        fig.update_xaxes(title_text=row_title, type="category")
        fig.update_yaxes(title_text=axis_title, range=[0, 100], ticksuffix="%")
    return finish(fig, title, source)


@shared
def income_figure(income, title: str, source: str | None = None) -> go.Figure:
    """Persons-weighted mean and median per-capita income per year against each year's poverty line."""
    years = [str(y) for y in income["year"]]
    growth = income["income_growth_pct"].tolist()
    mean_text = [f"{m:,.0f}" + ("" if g != g or g is None else f"<br>{g:+.1f}%") for m, g in zip(income["income_mean"], growth)]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=income["income_mean"], name="均值（人口加权）", marker_color=NOT_EXITED_COLOR,
                         text=mean_text, textposition="outside", cliponaxis=False, constraintext="none", textfont=dict(size=12),
                         hovertemplate="%{x}年 人均纯收入均值%{y:,.0f}元<extra></extra>"))
    fig.add_trace(go.Bar(x=years, y=income["income_median"], name="中位数（人口加权）", marker_color="#9fb3c8",
                         hovertemplate="%{x}年 人均纯收入中位数%{y:,.0f}元<extra></extra>"))
    if income["poverty_line"].notna().any():
        fig.add_trace(go.Scatter(x=years, y=income["poverty_line"], name="当年贫困线", mode="lines+markers",
                                 line=dict(color=LINE_COLOR, dash="dash", width=3),
                                 hovertemplate="%{x}年 贫困线%{y:,.0f}元<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(title_text="年度", type="category")
    fig.update_yaxes(title_text="人均纯收入（元）", rangemode="tozero")
    _note(fig, "柱上标注为均值及比上年增长；均值与中位数均按家庭人口加权")
    return finish(fig, title, source)


@shared
def income_distribution_figure(bands, line: float | None, band_yuan: int, cap_yuan: int, title: str,
                               source: str | None = None) -> go.Figure:
    """Households by per-capita income band, the poverty line marked."""
    starts = bands["band_from"].astype(float).tolist()
    labels = [f"{int(s):,}+" if s >= cap_yuan else f"{int(s):,}–{int(s + band_yuan):,}" for s in starts]
    mids = [s + band_yuan / 2 for s in starts]
    colors = [LINE_COLOR if line is not None and s + band_yuan <= line else
              ("#d9822b" if line is not None and s < line else NOT_EXITED_COLOR) for s in starts]
    fig = go.Figure(go.Bar(x=mids, y=bands["households"], width=band_yuan * 0.92, marker_color=colors,
                           customdata=labels, text=[f"{int(v):,}" for v in bands["households"]], textposition="outside",
                           cliponaxis=False, textfont=dict(size=11), showlegend=False,
                           hovertemplate="%{customdata}元：%{y:,}户<extra></extra>"))
    if line is not None:
        fig.add_vline(x=line, line=dict(color=LINE_COLOR, dash="dash", width=2))
        fig.add_annotation(x=line, y=1, yref="paper", yanchor="bottom", text=f"贫困线 {line:,.0f}元", showarrow=False,
                           font=dict(color=LINE_COLOR, size=13), xanchor="left", xshift=4)
    fig.update_xaxes(title_text="人均纯收入（元）", tickformat=",")
    fig.update_yaxes(title_text="户数（户）", rangemode="tozero")
    fig.update_layout(bargap=0)
    return finish(fig, title, source)


@shared
def bar_figure(labels, values, title: str, source: str | None = None, *, value_title: str, category_title: str,
               text=None, hover: str | None = None, colors=None) -> go.Figure:
    """Vertical bars in the given order, labelled."""
    values = list(values)
    fig = go.Figure(go.Bar(x=list(labels), y=values, marker_color=colors or NOT_EXITED_COLOR, text=text,
                           textposition="outside", cliponaxis=False, constraintext="none", showlegend=False,
                           hovertemplate=hover or "%{x}：%{y:,}<extra></extra>"))
    fig.update_xaxes(title_text=category_title, type="category")
    # Room above the tallest bar for its label, which would otherwise run into the title.
    top = max([v for v in values if v == v] + [0])
    fig.update_yaxes(title_text=value_title, range=[0, top * 1.18 or 1], tickformat=",")
    return finish(fig, title, source)


@shared
def category_funds_figure(df, title: str, source: str | None = None) -> go.Figure:
    """Projects by category: total investment and fiscal funds (万元), project count in the label."""
    df = df.sort_values("investment_wan", ascending=False)
    cats = df["category"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Bar(x=cats, y=df["investment_wan"], name="总投资（万元）",
                         marker_color=[stable_color(c, NOT_EXITED_COLOR) for c in cats],
                         text=[f"{v:,.1f}" for v in df["investment_wan"]], textposition="outside", cliponaxis=False, constraintext="none",
                         textfont=dict(size=12), customdata=df["projects"],
                         hovertemplate="%{x}：总投资%{y:,.2f}万元，%{customdata:,}个项目<extra></extra>"))
    fig.add_trace(go.Bar(x=cats, y=df["fiscal_wan"], name="其中财政扶贫资金（万元）", marker_color="#c3cad3",
                         marker_pattern_shape="/", marker_pattern_fgcolor=[stable_color(c, NOT_EXITED_COLOR) for c in cats],
                         hovertemplate="%{x}：财政扶贫资金%{y:,.2f}万元<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(title_text="项目类别", type="category",
                     ticktext=[f"{chart_text(c)}<br>{n:,}个" for c, n in zip(cats, df["projects"])],
                     tickvals=[chart_text(c) for c in cats])
    fig.update_yaxes(title_text="资金（万元）", rangemode="tozero")
    return finish(fig, title, source)


@shared
def coverage_matrix_figure(df, categories, title: str, source: str | None = None) -> go.Figure:
    """Village × project category: projects reaching each village; villages with poor households and no project flagged."""
    key = [c for c in ("county", "township", "village") if c in df.columns]
    df = df.assign(**{c: df[c].fillna("") for c in key})     # an unknown county is a key too, not a dropped row
    villages = df.drop_duplicates(key)[[*key, "poor_households"]]
    totals = df.groupby(key, sort=False, dropna=False)["projects"].sum()
    villages = villages.assign(total=[totals[k] for k in villages[key].itertuples(index=False, name=None)])
    labels = area_labels(villages)
    labels = [f"{lab}（{int(p)}户未脱贫，无项目）" if tot == 0 and p > 0 else lab
              for lab, p, tot in zip(labels, villages["poor_households"], villages["total"])]
    pivot = (df.dropna(subset=["category"])
             .pivot_table(index=key, columns="category", values="projects", aggfunc="sum", dropna=False)
             .reindex(index=pd.MultiIndex.from_frame(villages[key]), columns=categories)
             .fillna(0))
    z = pivot.to_numpy()
    text = [[f"{int(v)}" if v else "" for v in row] for row in z]
    fig = go.Figure(go.Heatmap(z=z, x=list(categories), y=labels, text=text, texttemplate="%{text}",
                               colorscale=SEQUENTIAL, xgap=2, ygap=2, zmin=0, showscale=False,
                               hovertemplate="%{y} · %{x}：%{z}个项目<extra></extra>"))
    fig.update_layout(height=_bar_height(len(labels), per_bar=24))
    fig.update_yaxes(autorange="reversed", tickformat=None, showgrid=False)
    fig.update_xaxes(title_text="项目类别", side="bottom", showline=False, ticks="")
    _note(fig, "格中数字为覆盖该村的项目数；空白为该类别没有项目")
    return finish(fig, title, source)


@shared
def causes_figure(causes, title: str, source: str | None = None) -> go.Figure:
    """Registered households by main cause, largest on top, each cause in its own colour, 户 and % in the label."""
    return ranked_bar_figure(
        causes["cause"], causes["households"], title, source, value_title="户数（户）",
        text=[f"{n:,}户 · {p:.1f}%" for n, p in zip(causes["households"], causes["share_pct"])],
        colors=[stable_color(c) for c in causes["cause"]], hover="%{y}：%{x:,}户<extra></extra>")


@shared
def status_figure(status, title: str, source: str | None = None) -> go.Figure:
    """Projects by progress (未开工 → 已验收), count and investment in the label."""
    return bar_figure(
        status["status"], status["projects"], title, source, value_title="项目数（个）", category_title="项目进度",
        text=[f"{n:,}个 · {v:,.1f}万元" for n, v in zip(status["projects"], status["investment_wan"])],
        colors=[STATUS_COLORS.get(str(s), NOT_EXITED_COLOR) for s in status["status"]],
        hover="%{x}：%{y:,}个项目<extra></extra>")


# 防返贫监测 ----------------------------------------------------------------------------------------------------
# Colours of the monitoring era: the three 监测对象类别 and where a risk stands.
MONITOR_TYPE_COLORS = {"脱贫不稳定户": "#b8403a", "边缘易致贫户": "#d9822b", "突发严重困难户": "#7b5ea7"}
RISK_STATUS_COLORS = {"帮扶消除": EXITED_COLOR, "自然消除": "#9fb3c8", "已消除（方式未填写）": "#c3cad3",
                      "风险未消除": LINE_COLOR}


@shared
def stacked_count_figure(labels, parts, title: str, source: str | None = None, *, value_title: str, unit: str = "户",
                         customdata=None) -> go.Figure:
    """Horizontal bars of counts stacked by part (监测对象类别 per place, status per category), the total labelled
    at the bar's end; `parts` are (name, values, colour) in stacking order, `labels` largest first."""
    labels = [str(x) for x in labels]
    fig = go.Figure()
    totals = [0] * len(labels)
    for name, values, color in parts:
        values = [0 if v is None or v != v else v for v in values]
        totals = [t + v for t, v in zip(totals, values)]
        fig.add_trace(go.Bar(
            y=labels, x=values, orientation="h", name=name, marker_color=color, customdata=customdata,
            text=[f"{int(v):,}" if v else "" for v in values], textposition="inside", insidetextanchor="middle", textangle=0,
            textfont=dict(size=12, color="white"),
            hovertemplate=f"%{{y}} {chart_text(name)}：%{{x:,}}{unit}<extra></extra>"))
    top = max(totals + [0])
    # The totals beside the bars (an invisible scatter: a stacked bar has no label of its own sum).
    fig.add_trace(go.Scatter(y=labels, x=totals, mode="text", text=[f"{int(t):,}{unit}" for t in totals],
                             # "none", not "skip": the total (河坝村's 0户, a place without a bar to click) is a
                             # point that takes a click and drills, with no hover label of its own
                             textposition="middle right", showlegend=False, hoverinfo="none", cliponaxis=False,
                             customdata=customdata))
    fig.update_layout(barmode="stack", height=_bar_height(len(labels)), bargap=0.3,
                      legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="normal"))
    fig.update_xaxes(title_text=value_title, range=[0, top * 1.2 or 1], showgrid=True, gridcolor="#e4e7eb",
                     tickformat=",")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], tickformat=None, dtick=1)
    return finish(fig, title, source)


@shared
def grouped_figure(categories, series, title: str, source: str | None = None, *, value_title: str,
                   category_title: str | None = None, unit: str = "户", horizontal: bool = False, customdata=None,
                   line: float | None = None, line_text: str | None = None, note: str | None = None,
                   value_format: str = ",.0f") -> go.Figure:
    """Bars side by side per category (months, risk types, places); `series` are (name, values, colour). A
    horizontal chart lists the categories top down in the given order; `line` marks a reference value."""
    categories = [str(c) for c in categories]
    fig = go.Figure()
    top = 0
    for name, values, color in series:
        values = [None if v is None or v != v else v for v in values]
        top = max([top] + [v for v in values if v is not None])
        text = [format(v, value_format) if v else ("0" if v == 0 else "") for v in values]
        common = dict(name=name, marker_color=color, text=text, textposition="outside", cliponaxis=False,
                      constraintext="none", textfont=dict(size=12), customdata=customdata)
        if horizontal:
            fig.add_trace(go.Bar(y=categories, x=values, orientation="h", **common,
                                 hovertemplate=f"%{{y}} {chart_text(name)}：%{{x:{value_format}}}{unit}<extra></extra>"))
        else:
            fig.add_trace(go.Bar(x=categories, y=values, **common,
                                 hovertemplate=f"%{{x}} {chart_text(name)}：%{{y:{value_format}}}{unit}<extra></extra>"))
    top = max(top, line or 0) * 1.22 or 1
    value_axis = dict(title_text=value_title, range=[0, top], tickformat=",", showgrid=True, gridcolor="#e4e7eb")
    if horizontal:
        fig.update_layout(height=_bar_height(len(categories) * max(1, len(series)), per_bar=16))
        fig.update_xaxes(**value_axis)
        # A reversed axis (not a reversed category list) lists the categories top down and, within each, the
        # series top down in legend order: with the list reversed the first series was the lower bar of each pair.
        fig.update_yaxes(categoryorder="array", categoryarray=categories, autorange="reversed", tickformat=None,
                         dtick=1, title_text=category_title)
    else:
        fig.update_xaxes(title_text=category_title, type="category")
        fig.update_yaxes(**value_axis)
        if any(len(_tick_lines(c)) > 1 for c in categories):
            # Long labels over two lines, level: plotly turned them on their side, and the axis title then sat on
            # the source line. Only the text shown changes (hover, data and clicks keep the label). The values are
            # escaped as finish() escapes the bars' x, so that each tick still meets its bar.
            fig.update_xaxes(tickmode="array", tickvals=[chart_text(c) for c in categories], tickangle=0,
                             ticktext=["<br>".join(chart_text(part) for part in _tick_lines(c)) for c in categories])
    if line is not None:
        if horizontal:
            fig.add_vline(x=line, line=dict(color=LINE_COLOR, dash="dash", width=2))
            fig.add_annotation(x=line, y=1, yref="paper", yanchor="bottom", text=line_text or f"{line:,.0f}",
                               showarrow=False, font=dict(color=LINE_COLOR, size=13), xanchor="left", xshift=4)
        else:
            fig.add_hline(y=line, line=dict(color=LINE_COLOR, dash="dash", width=2))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05,
                      legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="normal"))
    if note:
        _note(fig, note)
    return finish(fig, title, source)


@shared
def watch_income_figure(bands, line: float | None, band_yuan: int, cap_yuan: int, title: str,
                        source: str | None = None, *, line_missing: str | None = None) -> go.Figure:
    """Households of each group (脱贫户, 监测对象) by per-capita income band, the monitoring line dashed; without a
    line, `line_missing` (未设置监测范围) is written on the chart instead of any line."""
    starts = sorted({float(s) for s in bands["band_from"]})
    labels = [f"{int(s):,}+" if s >= cap_yuan else f"{int(s):,}–{int(s + band_yuan):,}" for s in starts]
    fig = go.Figure()
    for group, color in (("脱贫户", NOT_EXITED_COLOR), ("监测对象", "#d9822b")):
        part = bands[bands["group"] == group].set_index("band_from")["households"]
        part.index = part.index.astype(float)
        values = [int(part.get(s, 0)) for s in starts]
        if not any(values):
            continue
        fig.add_trace(go.Bar(x=[s + band_yuan / 2 for s in starts], y=values, width=band_yuan * 0.45,
                             offset=-band_yuan * 0.45 if group == "脱贫户" else 0, name=group, marker_color=color,
                             customdata=labels, text=[f"{v:,}" if v else "" for v in values], textposition="outside",
                             cliponaxis=False, textfont=dict(size=10),
                             hovertemplate=f"%{{customdata}}元 {group}：%{{y:,}}户<extra></extra>"))
    if line is not None:
        fig.add_vline(x=line, line=dict(color=LINE_COLOR, dash="dash", width=2))
        fig.add_annotation(x=line, y=1, yref="paper", yanchor="bottom", text=f"监测范围 {line:,.0f}元", showarrow=False,
                           font=dict(color=LINE_COLOR, size=13), xanchor="left", xshift=4)
    elif line_missing:
        fig.add_annotation(x=0.99, y=0.98, xref="paper", yref="paper", xanchor="right", yanchor="top",
                           text=chart_text(line_missing), showarrow=False, font=dict(color=LINE_COLOR, size=14),
                           bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(title_text="人均纯收入（元）", tickformat=",")
    fig.update_yaxes(title_text="户数（户）", rangemode="tozero")
    fig.update_layout(bargap=0, legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"))
    return finish(fig, title, source)


# Phones (a 390 px wide screen): titles wrapped, legend in rows under the title, smaller text.
PHONE_TITLE_CHARS = 17
PHONE_GROUPED_BARS = 12    # more grouped columns than this on a phone: their labels upright
PHONE_LINE_PX = 22
PHONE_LEGEND_ROW_PX = 22
PHONE_LEGEND_TOP_ROWS = 2  # more rows than this: the legend goes below the plot
PHONE_WIDTH_PX = 220       # what a legend row holds: the plot's width, less axis labels (village names) on its left


TICK_CHARS = 5          # a category label of a column chart longer than this goes over two lines


def _tick_lines(label: str) -> list[str]:
    """'24个月及以上' -> ['24个月', '及以上'], '12–17个月' -> ['12–17', '个月']: a long column label in two lines, broken
    before a closing 个月 or after a 月 inside, else in the middle; a short label is one line."""
    if len(label) <= TICK_CHARS:
        return [label]
    if label.endswith("个月"):
        cut = len(label) - 2
    else:
        cut = label.find("月") + 1
        if not 0 < cut < len(label):
            cut = math.ceil(len(label) / 2)
    return [label[:cut], label[cut:]]


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, each broken after a year, a place or a phrase (…年, …县, …镇, …村, …）,
    …的) where one ends in the second half of the line, else into lines of even length."""
    text = text.replace("<br>", "")
    lines = []
    while len(text) > width:
        cut = max((i + 1 for i, ch in enumerate(text[:width]) if ch in "年县镇乡村）、，·的"), default=0)
        cut = max(cut, max((i for i, ch in enumerate(text[:width + 1]) if ch == "（"), default=0))
        # No break in the second half: lines of even length (at the limit, a last line of one character was left).
        cut = cut if cut >= width // 2 else math.ceil(len(text) / math.ceil(len(text) / width))
        lines.append(text[:cut])
        text = text[cut:]
    return lines + ([text] if text else [])


def _legend_rows(fig: go.Figure) -> int:
    """Rows of a horizontal legend on a phone: plotly sets its items in columns as wide as the widest item."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names or fig.layout.showlegend is False:
        return 0
    columns = max(1, PHONE_WIDTH_PX // (50 + 14 * max(len(n) for n in names)))
    return -(-len(names) // columns)


@shared
def phone_ready(fig: go.Figure) -> go.Figure:
    """A copy of the figure laid out for a phone: the title wrapped over lines that fit the screen, the legend
    in rows between title and plot (never over the title), 13 px text, a narrow left margin."""
    fig = go.Figure(fig)
    # Wrapped as typed (an escaped "&lt;" is one character, never cut in two), escaped again line by line.
    title = chart_text_unescaped(fig.layout.title.text or "")
    lines = [chart_text(line) for line in _wrap(title, PHONE_TITLE_CHARS)]
    subtitle = chart_text_unescaped(fig.layout.title.subtitle.text or "")
    sub_lines = [chart_text(line) for line in _wrap(subtitle, PHONE_TITLE_CHARS + 6)] if subtitle else []
    legend = _legend_rows(fig)
    # A long legend (12 causes) between title and plot would leave the plot a sliver: it goes below the plot, and
    # the figure grows by its rows.
    below = legend > PHONE_LEGEND_TOP_ROWS
    top = 10 + len(lines) * PHONE_LINE_PX + len(sub_lines) * 18 + (0 if below else legend * PHONE_LEGEND_ROW_PX) + 24
    bottom = (fig.layout.margin.b or 90) + (legend * PHONE_LEGEND_ROW_PX + 10 if below else 0)
    fig.update_layout(
        font_size=13, margin=dict(l=8, r=12, t=top, b=bottom),
        title=dict(text="<br>".join(lines), font_size=16, x=0.02, xanchor="left", y=1, yref="container",
                   # plotly anchors a multi-line title by its first line: the pad makes room for the others
                   yanchor="top", pad=dict(t=10 + (len(lines) - 1) * PHONE_LINE_PX),
                   subtitle=dict(text="<br>".join(sub_lines), font_size=12) if sub_lines else None),
        legend=dict(orientation="h", x=0, xanchor="left", font_size=12, entrywidth=0,
                    **(dict(y=0, yref="container", yanchor="bottom") if below else dict(y=1, yanchor="bottom"))),
    )
    if below:
        fig.update_layout(height=(fig.layout.height or 450) + legend * PHONE_LEGEND_ROW_PX + 10)
    fig.update_xaxes(tickfont_size=12, title_font_size=13)
    fig.update_yaxes(tickfont_size=12, title_font_size=13)
    # Grouped columns of many bars (6 years × 3 series): a label wider than its 16 px bar printed over the next
    # bars; turned upright it is as wide as a line of text, and fits.
    columns = [t for t in fig.data if t.type == "bar" and t.orientation != "h" and t.text is not None]
    if fig.layout.barmode == "group" and len(columns) > 1 \
            and sum(len(t.x) if t.x is not None else 0 for t in columns) > PHONE_GROUPED_BARS:
        for trace in columns:
            trace.update(textangle=-90, textfont_size=11)
        # room above the tallest column for its upright label (it touched the title)
        top = max((v for t in columns for v in (t.y if t.y is not None else []) if v is not None and v == v),
                  default=0)
        rng = fig.layout.yaxis.range
        if top > 0:
            fig.update_yaxes(range=[0, max(top * 1.25, rng[1] if rng is not None and rng[1] else 0)])
    # A column's label of several parts (148户 · 419人 · 74.0%) one part a line: on one line it is wider than
    # its column and ran over the axis ticks.
    for trace in fig.data:
        if trace.type == "bar" and trace.orientation != "h" and trace.text is not None \
                and not isinstance(trace.text, str) and any(" · " in str(t) for t in trace.text):
            trace.text = [str(t).replace(" · ", "<br>") for t in trace.text]
            lines = max(str(t).count("<br>") for t in trace.text) + 1
            rng = fig.layout.yaxis.range
            if rng is not None and rng[1]:
                # each added line about 8 % more of the axis above the tallest column (its label stays below the top)
                fig.update_yaxes(range=[rng[0], rng[1] * (1 + 0.08 * (lines - 1))])
    # A heatmap keeps its cells: no colour bar beside them, smaller numbers in them.
    fig.update_traces(showscale=False, textfont_size=10, selector=dict(type="heatmap"))
    return fig


# Both eras ------------------------------------------------------------------------------------------
REGISTRY_SERIES_COLOR = NOT_EXITED_COLOR
MONITORED_SERIES_COLOR = "#d9822b"


@shared
def era_trend_figure(years: list[int], registry: list, monitored: list, names: tuple[str, str], title: str,
                     source: str | None = None, first_monitoring_year: int = 2021) -> go.Figure:
    """建档立卡 poor population (to 2020) then 监测对象 (2021 on) as two named series over one year axis, the
    change of era marked between them."""
    labels = [str(y) for y in years]
    fig = go.Figure()
    for values, name, color in ((registry, names[0], REGISTRY_SERIES_COLOR), (monitored, names[1], MONITORED_SERIES_COLOR)):
        fig.add_trace(go.Bar(x=labels, y=values, name=name, marker_color=color, cliponaxis=False,
                             text=["" if v is None else f"{int(v):,}" for v in values], textposition="outside",
                             constraintext="none", hovertemplate=f"%{{x}}年 {name}%{{y:,}}人<extra></extra>"))
    fig.update_layout(barmode="overlay", bargap=0.3)
    before = [y for y in years if y < first_monitoring_year]
    if before and len(before) < len(years):
        # A dashed line between 2020 and 2021: the campaign's end and the start of monitoring.
        fig.add_vline(x=len(before) - 0.5, line=dict(color="#9aa5b1", dash="dash", width=1))
        # Each era's name on two lines: a one-line 巩固拓展（防返贫监测） wider than the era's three years made
        # plotly widen the axis for it, leaving the right third of a phone's chart empty; the axis keeps to the years.
        fig.update_xaxes(range=[-0.5, len(years) - 0.5], autorange=False)
        for x, text, anchor in ((len(before) - 0.6, "脱贫攻坚<br>（建档立卡）", "right"),
                                (len(before) - 0.4, "巩固拓展<br>（防返贫监测）", "left")):
            fig.add_annotation(x=x, y=1, yref="paper", text=text, showarrow=False, xanchor=anchor, yanchor="top",
                               font=dict(size=13, color="#52606d"))
    fig.update_xaxes(title_text="年度", type="category")
    fig.update_yaxes(title_text="人数（人）", rangemode="tozero")
    fig.update_layout(height=520)
    return finish(fig, title, source)
