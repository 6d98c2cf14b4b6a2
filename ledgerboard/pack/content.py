"""What a 汇报材料 pack holds for a year and an area: the headline cards, every chart the pages show (from
ledgerboard.catalogue, so a slide shows what the dashboard shows, with the same title and numbers) and the key
tables. The PPTX, DOCX and ZIP writers only lay this out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ledgerboard import catalogue
from ledgerboard.catalogue import CardText, Drawn
from ledgerboard.indicators import Area, metrics
from ledgerboard.store import Store
from ledgerboard.summary import summary_text

Chart = Drawn
# The charts whose data is also an appendix slide and a table of the Word draft.
APPENDIX = ("incidence_townships", "incidence_villages", "causes_share", "income_by_year", "project_categories")


@dataclass
class Table:
    title: str
    frame: pd.DataFrame             # Chinese headers with units
    topic: str


@dataclass
class Pack:
    area: Area
    area_name: str
    year: int
    made: dt.date
    source: str
    imported: str | None
    demo: bool
    metrics: dict
    summary: str
    kpis: list[CardText]
    charts: list[Drawn] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.area_name}{self.year}年脱贫攻坚工作情况"

    @property
    def file_stem(self) -> str:
        return f"{self.area_name}{self.year}年汇报材料"


def collect(store: Store, year: int, area: Area | None = None, today: dt.date | None = None) -> Pack:
    """Everything a pack shows for `year` and `area`, computed once."""
    area = area or Area()
    ctx = catalogue.context(store, year, area)
    m = metrics(store, year, area)
    when = store.query_rows("store/data_version")[0][1]
    charts = catalogue.drawn_charts(ctx)
    tables = [Table(c.title, c.table, c.topic) for c in charts if c.key in APPENDIX]
    return Pack(area=area, area_name=ctx.area_label, year=year, made=today or dt.date.today(),
                source=catalogue.source_line(store), imported=str(when)[:10] if when else None, demo=store.is_demo(),
                metrics=m, summary=summary_text(store, year, area, m=m), kpis=catalogue.cards(m, area),
                charts=charts, tables=tables)
