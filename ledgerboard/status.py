"""数据状况: which ledgers are loaded for every year and township, from which files, and where the gaps are.

The first thing an analyst checks before a meeting, and where a leader sees why a figure says 未导入.
"""

from __future__ import annotations

import pandas as pd

from ledgerboard.indicators import Area
from ledgerboard.store import Store

# Ledger kinds that are loaded per township, in the order the table shows them.
KINDS = {
    "households": "建档立卡户台账",
    "villages": "村基本情况",
    "projects": "扶贫项目台账",
    "measures": "帮扶措施台账",
}
MISSING = "未导入"
COLUMNS = ["年度", "县", "乡镇", *KINDS.values(), "农业户籍人口覆盖", "缺少", "来源文件", "最近导入"]


def _cell(rows: int | None, villages: int | None, kind: str, whole_county: bool = False) -> str:
    if not rows:
        return MISSING
    what = f"{int(rows):,}行"
    if kind in ("households", "villages") and villages:
        what += f"，{int(villages):,}个村"
    return f"已导入（{what}{'，全县' if whole_county else ''}）"


def _nones(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), None)


def _fold_counties(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of a ledger without a 县 column belong to the one county that has a township of that name."""
    named = df[df["county"].notna()].groupby("township")["county"].unique()
    sole = {t: c[0] for t, c in named.items() if len(c) == 1}
    fill = df["county"].isna() & df["township"].isin(sole.keys())
    df.loc[fill, "county"] = df.loc[fill, "township"].map(sole)
    return df


def ledger_status(store: Store, area: Area | None = None) -> pd.DataFrame:
    """One row per year × (county, township) known in any year: each ledger kind's state, village coverage
    of 农业户籍人口, the gaps, the source files and the last import. Newest year first."""
    area = area or Area()
    loads = store.query("status/ledger_loads", county=area.county, township=area.township)
    cover = store.query("status/village_coverage", county=area.county, township=area.township)
    loads, cover = _fold_counties(_nones(loads)), _fold_counties(_nones(cover))
    keys = ["kind", "year", "county", "township"]
    loads = loads.groupby(keys, dropna=False, sort=False).agg(
        rows=("rows", "sum"), villages=("villages", "sum"), last_import=("last_import", "max"),
        files=("files", lambda f: "、".join(dict.fromkeys("、".join(f).split("、"))))).reset_index()
    loads = _nones(loads)
    places = pd.concat([loads[["county", "township"]], cover[["county", "township"]]])
    places = places[places["township"].notna()].drop_duplicates()
    places = sorted(places.itertuples(index=False, name=None), key=lambda p: (p[0] or "", p[1] or ""))
    years = sorted(set(loads["year"]) | set(cover["year"]), reverse=True)
    by_key = {(r.kind, r.year, r.county, r.township): r for r in loads.itertuples(index=False)}
    cover_by = {(r.year, r.county, r.township): r for r in cover.itertuples(index=False)}
    rows = []
    for year in years:
        for county, township in places:
            cells, gaps, files, last = {}, [], [], None
            for kind, label in KINDS.items():
                hit = by_key.get((kind, year, county, township))
                whole = None
                if hit is None and kind in ("projects", "measures"):
                    # Ledgers without a 乡镇 column (measures matched by ID) cover the county.
                    whole = by_key.get((kind, year, county, None))
                src = hit or whole
                cells[label] = _cell(src.rows if src else None, getattr(src, "villages", None), kind, whole is not None)
                if src is None:
                    gaps.append(label)
                else:
                    files.extend(str(src.files).split("、"))
                    last = max(last, src.last_import) if last is not None else src.last_import
            c = cover_by.get((year, county, township))
            if c is None or not c.villages:
                agri = MISSING
            else:
                agri = f"{int(c.villages_with_both)}/{int(c.villages)}个村"
            rows.append({
                "年度": int(year), "县": county or "", "乡镇": township, **cells, "农业户籍人口覆盖": agri,
                "缺少": "、".join(gaps), "来源文件": "、".join(dict.fromkeys(files)),
                "最近导入": pd.Timestamp(last).strftime("%Y-%m-%d %H:%M") if last is not None else "",
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def gaps_summary(status: pd.DataFrame, year: int) -> list[str]:
    """Plain sentences naming what is missing in a year, e.g. '2019年石门镇未导入：建档立卡户台账'."""
    out = []
    for r in status[status["年度"] == year].itertuples(index=False):
        missing = r[COLUMNS.index("缺少")]
        if missing:
            out.append(f"{year}年{r[1]}{r[2]}未导入：{missing}")
    return out


def year_first(status: pd.DataFrame, year: int) -> pd.DataFrame:
    """The grid with the chosen year's rows first (a province's grid, 10 500 rows, is shown in part)."""
    chosen = status["年度"] == year
    return pd.concat([status[chosen], status[~chosen]])


def styled(status: pd.DataFrame):
    """The status table with every 未导入 cell highlighted."""
    marked = [*KINDS.values(), "农业户籍人口覆盖"]
    return status.style.map(lambda v: "background-color: #fde2e1; color: #a61b1b" if v == MISSING else "",
                            subset=marked)
