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
APPENDIX = ("incidence_townships", "incidence_villages", "causes_share", "income_by_year", "project_categories",
            # the monitoring era's counterparts: share by township and village, risk types, income by year, measures
            "era_share_townships", "era_share_villages", "era_risk_share", "era_income_by_year", "era_measure_types")


def appendix_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart's table as an appendix: without a 县 column that names one county on every row (the slide's
    title names it)."""
    if "县" in frame.columns and frame["县"].nunique(dropna=False) <= 1 and len(frame.columns) > 2:
        return frame.drop(columns="县")
    return frame


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
    def monitoring(self) -> bool:
        """A pack of the monitoring era (2021 on): its cards, summary and charts are the era's."""
        return catalogue.regime(self.year) == "monitoring"

    @property
    def title(self) -> str:
        work = "巩固拓展脱贫攻坚成果工作情况" if self.monitoring else "脱贫攻坚工作情况"
        return f"{self.area_name}{self.year}年{work}"

    @property
    def file_stem(self) -> str:
        return f"{self.area_name}{self.year}年汇报材料"


def has_data(store: Store, year: int, area: Area) -> bool:
    """Whether the year and area have the ledger a pack is built on: the 建档立卡户台账 to 2020, the monitoring
    export (防返贫监测对象信息) from 2021."""
    if catalogue.regime(year) == "monitoring":
        return bool(store.query_row("monitoring/figures", year=year, **area.params()).get("households"))
    return bool(store.query("household_figures", year=year, **area.params())["registered_households"].iloc[0])


def collect(store: Store, year: int, area: Area | None = None, today: dt.date | None = None) -> Pack:
    """Everything a pack shows for `year` and `area`, computed once."""
    area = area or Area()
    ctx = catalogue.context(store, year, area)
    m = metrics(store, year, area)
    when = store.query_rows("store/data_version")[0][1]
    charts = catalogue.drawn_charts(ctx)
    tables = [Table(c.title, appendix_frame(c.table), c.topic) for c in charts
              if c.key in APPENDIX and c.table is not None]
    return Pack(area=area, area_name=ctx.area_label, year=year, made=today or dt.date.today(),
                source=catalogue.source_line(store), imported=str(when)[:10] if when else None, demo=store.is_demo(),
                metrics=m, summary=summary_text(store, year, area, m=m), kpis=catalogue.cards(m, area),
                charts=charts, tables=tables)
