"""The same aggregations as the main page queries, in plain pandas on frames already in memory.

This is the baseline the queries are compared with: what an analyst would write on the ledgers
loaded with pandas. Loading the frames is timed apart (`load_frames`), the aggregations below
only filter and aggregate. Each returns a frame comparable with its named query's result.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

POOR = ["未脱贫", "返贫"]

# Named query → the pandas function that computes the same figures.
EQUIVALENTS = {
    "household_figures": "household_figures",
    "incidence_by_village": "incidence_by_village",
    "cause_counts": "cause_counts",
    "income_by_village": "income_by_village",
    "projects_by_category": "projects_by_category",
}


def load_frames(store) -> tuple[dict[str, pd.DataFrame], float]:
    """The tables the baselines read, as pandas frames; and the seconds it took."""
    t0 = time.perf_counter()
    cur = store.cursor()
    frames = {
        "households": cur.execute(
            "select year, county, township, village, household_size, status, exit_year, main_cause, "
            "income_per_capita from households").df(),
        "villages": cur.execute("select year, county, township, village, agri_population, is_poor_village, exit_year from villages").df(),
        "projects": cur.execute("select project_key, year, county, township, category, total_investment, fiscal_funds, "
                                "beneficiary_households from projects").df(),
        "links": cur.execute(
            "select l.project_key, l.year, l.county, l.township, l.village from project_villages l "
            "where not l.whole_township union "
            "select l.project_key, l.year, l.county, l.township, k.village from project_villages l "
            "join known_village_rollup k on k.year = l.year and k.county is not distinct from l.county "
            "and k.township is not distinct from l.township where l.whole_township").df(),
        "lines": cur.execute("select l.year, l.line_yuan from poverty_lines l join settings s "
                             "on s.key = 'line_region' and s.value = l.region").df(),
    }
    return frames, time.perf_counter() - t0


def _area(df: pd.DataFrame, county=None, township=None, village=None) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    if county is not None:
        mask &= df["county"] == county
    if township is not None:
        mask &= df["township"] == township
    if village is not None:
        mask &= df["village"] == village
    return mask


def household_figures(f, year, county=None, township=None, village=None) -> pd.DataFrame:
    h = f["households"]
    s = h[(h["year"] == year) & _area(h, county, township, village)]
    poor = s["status"].isin(POOR)
    exited = s["exit_year"] == year
    inc = s["income_per_capita"].notna()
    line = f["lines"].loc[f["lines"]["year"] == year, "line_yuan"]
    line = float(line.iloc[0]) if len(line) else None
    return pd.DataFrame([{
        "registered_households": len(s),
        "registered_population": int(s["household_size"].sum()),
        "poor_households": int(poor.sum()),
        "poor_population": int(s.loc[poor, "household_size"].sum()),
        "exited_households": int(exited.sum()),
        "exited_population": int(s.loc[exited, "household_size"].sum()),
        "income_per_capita_mean": (s.loc[inc, "income_per_capita"] * s.loc[inc, "household_size"]).sum()
        / s.loc[inc, "household_size"].sum() if inc.any() else None,
        "below_line_households": int((s["income_per_capita"] < line).sum()) if line is not None else None,
    }])


def incidence_by_village(f, year, county=None, township=None, village=None) -> pd.DataFrame:
    h = f["households"]
    s = h[(h["year"] == year) & h["village"].notna() & _area(h, county, township, village)]
    s = s.assign(poor=s["status"].isin(POOR), exited=s["exit_year"] == year)
    s = s.assign(poor_size=s["household_size"].where(s["poor"], 0))
    g = s.groupby(["county", "township", "village"], dropna=False).agg(
        registered_households=("household_size", "size"), registered_population=("household_size", "sum"),
        poor_households=("poor", "sum"), poor_population=("poor_size", "sum"), exited_households=("exited", "sum"),
    ).reset_index()
    v = f["villages"]
    v = v[(v["year"] == year) & _area(v, county, township, village)]
    out = v.merge(g, on=["county", "township", "village"], how="outer")
    out["incidence_pct"] = (100 * out["poor_population"] / out["agri_population"].replace(0, np.nan)).round(2)
    out["village_exited"] = (out["exit_year"] <= year).fillna(False)
    return out.sort_values(["incidence_pct", "county", "township", "village"], ascending=[False, True, True, True],
                           na_position="last")


def cause_counts(f, year, county=None, township=None, village=None) -> pd.DataFrame:
    h = f["households"]
    s = h[(h["year"] == year) & _area(h, county, township, village)]
    c = s["main_cause"].fillna("未填写").value_counts().rename_axis("cause").reset_index(name="households")
    return c.sort_values(["households", "cause"], ascending=[False, True]).reset_index(drop=True)


def _weighted_median(df: pd.DataFrame) -> pd.Series:
    d = df[df["income_per_capita"].notna() & (df["household_size"] > 0)].sort_values(
        ["county", "township", "village", "income_per_capita"])
    keys = ["county", "township", "village"]
    so_far = d.groupby(keys, dropna=False)["household_size"].cumsum()
    total = d.groupby(keys, dropna=False)["household_size"].transform("sum")
    return d[so_far >= total / 2].groupby(keys, dropna=False)["income_per_capita"].min()


def income_by_village(f, year, county=None, township=None, village=None) -> pd.DataFrame:
    h = f["households"]
    s = h[h["year"].isin([year, year - 1]) & h["village"].notna() & _area(h, county, township, village)]
    s = s.assign(w=s["income_per_capita"] * s["household_size"],
                 wsize=s["household_size"].where(s["income_per_capita"].notna()))
    means = s.groupby(["year", "county", "township", "village"], dropna=False)[["w", "wsize"]].sum()
    means = (means["w"] / means["wsize"].replace(0, np.nan)).rename("income_mean")
    now = s[s["year"] == year]
    line = f["lines"].loc[f["lines"]["year"] == year, "line_yuan"]
    line = float(line.iloc[0]) if len(line) else np.nan
    below = now["income_per_capita"] < line
    cur = now.assign(below=below, below_pop=now["household_size"].where(below, 0)).groupby(
        ["county", "township", "village"], dropna=False).agg(registered_households=("below", "size"),
                                                   below_line_households=("below", "sum"),
                                                   below_line_population=("below_pop", "sum"))
    out = cur.join(means.xs(year, level="year").round(2).rename("income_mean"))
    prev = means.xs(year - 1, level="year") if (year - 1) in means.index.get_level_values(0) else None
    out["income_growth_pct"] = (100 * (out["income_mean"] / prev - 1)).round(2) if prev is not None else np.nan
    out["income_median"] = _weighted_median(now)
    return out.reset_index()


def projects_by_category(f, year, county=None, township=None, village=None) -> pd.DataFrame:
    p = f["projects"]
    s = p[(p["year"] == year) & _area(p, county, township)]
    if village is not None:
        links = f["links"]
        keys = links.loc[(links["year"] == year) & _area(links, county, township, village), "project_key"]
        s = s[s["project_key"].isin(keys)]
    g = s.assign(category=s["category"].fillna("未填写")).groupby("category").agg(
        projects=("project_key", "size"), investment_wan=("total_investment", "sum"),
        fiscal_wan=("fiscal_funds", "sum"), beneficiary_households=("beneficiary_households", "sum"),
    ).round(2).reset_index()
    return g.sort_values(["investment_wan", "projects", "category"], ascending=[False, False, True])
