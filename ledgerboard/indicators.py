"""The indicator engine: every figure of DOMAIN.md for a year and an area, from queries/*.sql."""

from __future__ import annotations

import math

from ledgerboard.area import Area, label
from ledgerboard.store import Store

__all__ = ["KEYS", "Area", "UnknownArea", "label", "metrics", "resolve_area"]

KEYS = (
    "registered_households", "registered_population", "poor_households", "poor_population",
    "exited_households", "exited_population", "agri_population", "incidence_pct", "causes",
    "income_per_capita_mean", "income_growth_pct", "below_line_households", "projects_count",
    "project_investment_wan", "project_fiscal_wan", "villages_with_project",
    "household_measure_coverage_pct",
)


class UnknownArea(ValueError):
    """The area named is in no ledger, or names several places; the message is for the user."""


def _place_name(county, township, village=None) -> str:
    return "".join(p for p in (county, township, village) if p)


def resolve_area(store: Store, area: str | None = None, township: str | None = None,
                 village: str | None = None, county: str | None = None) -> Area:
    """The CLI's --area/--county/--township/--village (or a link's ?village=) as one place of the detail ledgers.

    A township or village name that occurs in several counties or townships is an error listing them, never a
    merge of their figures: the user adds --county/--township.
    """
    if area:
        found = store.query("area_lookup", area=area, county=county, township=township)
        levels = set(found["level"])
        for level in ("village", "township", "county"):
            if level in levels:
                rows = found[found["level"] == level]
                if level == "county":
                    return Area(county=area)
                if level == "township":
                    return _one(rows, area, "township", Area(county=county, township=area))
                return _one(rows, area, "village", Area(county=county, township=township, village=area))
        if "area" in levels:
            return Area(name=area)
        raise UnknownArea(f"数据中没有地区“{area}”。")
    if village:
        found = store.query("area_lookup", area=village, county=county, township=township)
        rows = found[found["level"] == "village"]
        if rows.empty:
            where = _place_name(county, township)
            raise UnknownArea(f"数据中{where and where + '下'}没有村“{village}”。")
        return _one(rows, village, "village", Area(county, township, village))
    if township:
        found = store.query("area_lookup", area=township, county=county, township=None)
        rows = found[found["level"] == "township"]
        if rows.empty:
            raise UnknownArea(f"数据中{county or ''}没有乡镇“{township}”。")
        return _one(rows, township, "township", Area(county, township))
    return Area(county=county)


def _one(rows, name: str, level: str, given: Area) -> Area:
    """The single place the rows name, completed with its county and township; several are an error."""
    places = list(dict.fromkeys(zip(rows["county"], rows["township"])))
    places = [(None if c != c else c, None if t != t else t) for c, t in places]
    if len(places) > 1:
        listed = "、".join(_place_name(c, t, name if level == "village" else None) for c, t in places)
        hint = "--county" if len({c for c, _ in places}) > 1 and not given.township else "--township"
        if level == "township":
            hint = "--county"
        what = "村" if level == "village" else "乡镇"
        raise UnknownArea(f"“{name}”不止一个{what}：{listed}。请同时指定{'县' if hint == '--county' else '乡镇'}（{hint}）。")
    county, township = places[0] if places else (given.county, given.township)
    if level == "township":
        return Area(county=county, township=name)
    return Area(county=county, township=township, village=name)


def _num(x):
    """DuckDB/pandas scalars → plain Python numbers, NaN/NA → None."""
    if x is None:
        return None
    try:
        if isinstance(x, float) and math.isnan(x):
            return None
        if hasattr(x, "item"):
            x = x.item()
    except (TypeError, ValueError):
        return None
    try:
        import pandas as pd
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return x


def _round(x, digits: int = 2):
    x = _num(x)
    return None if x is None else round(float(x), digits)


def _row(store: Store, name: str, **params) -> dict:
    return {k: _num(v) for k, v in store.query_row(name, **params).items()}


def income_mean(store: Store, year: int, area: Area) -> float | None:
    if area.name:
        return _num(_row(store, "area_figures", year=year, area=area.name).get("income_per_capita"))
    h = _row(store, "income_mean", year=year, **area.params())
    return _num(h.get("income_per_capita_mean"))


def metrics(store: Store, year: int, area: Area | None = None) -> dict:
    """Every indicator for one year and area; None where it cannot be computed."""
    area = area or Area()
    out: dict = dict.fromkeys(KEYS)
    out["causes"] = {}
    # The areas ledger names places by their own name (示例县, 青松镇); it answers where the detail ledgers cannot.
    aggregate = area.name or area.village or area.township or area.county
    area_row = _row(store, "area_figures", year=year, area=aggregate) if (area.name or area.county) else {}
    if area.name is None:
        p = area.params()
        h = _row(store, "household_figures", year=year, **p)
        for k in ("registered_households", "registered_population", "poor_households", "poor_population",
                  "exited_households", "exited_population", "below_line_households"):
            out[k] = int(h[k]) if h.get(k) is not None else None
        out["income_per_capita_mean"] = _round(h.get("income_per_capita_mean"))
        agri = _num(_row(store, "agri_population", year=year, **p).get("agri_population"))
        out["agri_population"] = int(agri) if agri is not None else None
        causes = store.query("cause_counts", year=year, **p)
        out["causes"] = {str(c): int(n) for c, n in zip(causes["cause"], causes["households"])}
        pr = _row(store, "project_figures", year=year, **p)
        out["projects_count"] = int(pr.get("projects_count") or 0)
        out["project_investment_wan"] = _round(pr.get("project_investment_wan")) if out["projects_count"] else 0.0
        out["project_fiscal_wan"] = _round(pr.get("project_fiscal_wan")) if out["projects_count"] else 0.0
        out["villages_with_project"] = int(pr.get("villages_with_project") or 0)
        mc = _row(store, "measure_coverage", year=year, **p)
        if mc.get("registered_households"):
            out["household_measure_coverage_pct"] = _round(100 * mc["covered_households"] / mc["registered_households"])
        if out["agri_population"] and out["registered_households"]:
            out["incidence_pct"] = _round(100 * out["poor_population"] / out["agri_population"])
        if not out["registered_households"]:
            # No detail for this area and year: nothing to count.
            for k in ("registered_households", "registered_population", "poor_households", "poor_population",
                      "exited_households", "exited_population", "below_line_households"):
                out[k] = None if area_row else out[k]
    if (area.name or not out["registered_households"]) and area_row:
        # Only an aggregate row exists: its figures are the answer.
        if area_row.get("poor_population") is not None:
            out["poor_population"] = int(round(area_row["poor_population"]))
        out["incidence_pct"] = _round(area_row.get("incidence_pct"))
        out["income_per_capita_mean"] = _round(area_row.get("income_per_capita"))
        if area_row.get("rural_population") is not None and out["agri_population"] is None:
            out["agri_population"] = int(round(area_row["rural_population"]))
    current = out["income_per_capita_mean"]
    if current is not None:
        prev = income_mean(store, year - 1, area)
        if prev is None and area.name is None and area_row:
            prev = _num(_row(store, "area_figures", year=year - 1, area=aggregate).get("income_per_capita"))
        if prev:
            out["income_growth_pct"] = _round(100 * (current / prev - 1))
    return out
