"""Plotly figures for pages, PNG export and slides: one template, Chinese titles with units."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
PALETTE = ["#1f5fa8", "#d9822b", "#3a9a5b", "#b8403a", "#7b5ea7", "#4b9fb5", "#a67c52", "#c76b98", "#7f8c8d", "#b5a33a",
           "#2c3e50", "#95a5a6"]
EXPORT_SIZE = {"width": 1600, "height": 900, "scale": 2}
TEMPLATE_NAME = "ledgerboard"

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
    """Template, title and source line on every figure."""
    fig.update_layout(template=TEMPLATE_NAME, title_text=title)
    if source:
        fig.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, yshift=-70, xanchor="left",
                           yanchor="top", showarrow=False, font=dict(size=12, color="#616e7c"))
    return fig


def png_bytes(fig: go.Figure) -> bytes:
    """The figure as a presentation-size PNG (kaleido with the system Chromium)."""
    return fig.to_image(format="png", **EXPORT_SIZE)


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
        fig.update_yaxes(title_text="发生率（%）", rangemode="tozero", range=[0, float(rate.max()) * 1.35 or 1],
                         tickformat=".0f", row=1, col=1)
    fig.add_trace(go.Bar(x=years, y=trend["registered_population"], name="建档立卡人口（人）", marker_color="#bcccdc",
                         hovertemplate="%{x}年 建档立卡%{y:,}人<extra></extra>"), row=bar_row, col=1)
    fig.add_trace(go.Bar(x=years, y=trend["poor_population"], name="未脱贫人口（人）", marker_color=PALETTE[0],
                         text=[f"{int(v):,}" for v in trend["poor_population"]], textposition="outside",
                         cliponaxis=False, hovertemplate="%{x}年 未脱贫%{y:,}人<extra></extra>"), row=bar_row, col=1)
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(type="category")
    fig.update_xaxes(title_text="年度", row=bar_row, col=1)
    fig.update_yaxes(title_text="人数（人）", rangemode="tozero", row=bar_row, col=1)
    return finish(fig, title, source)


def _pct(v) -> str:
    try:
        return "" if v != v or v is None else f"{v:.2f}%"
    except TypeError:
        return ""
