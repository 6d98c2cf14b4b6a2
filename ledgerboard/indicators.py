"""The indicator engine: every figure of DOMAIN.md for a year and an area, from queries/*.sql."""

from __future__ import annotations

import math
from decimal import Decimal

from ledgerboard import monitoring
from ledgerboard.area import Area, label
from ledgerboard.numbers import round_half_up
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
    """DuckDB/pandas scalars → plain Python numbers (a DECIMAL as float), NaN/NA → None."""
    if x is None:
        return None
    if isinstance(x, Decimal):
        return float(x)
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
    return round_half_up(_num(x), digits)


def _row(store: Store, name: str, **params) -> dict:
    return {k: _num(v) for k, v in store.query_row(name, **params).items()}


def income_mean(store: Store, year: int, area: Area) -> float | None:
    if area.name:
        return _num(_row(store, "area_figures", year=year, area=area.name).get("income_per_capita"))
    h = _row(store, "income_mean", year=year, **area.params())
    return _num(h.get("income_per_capita_mean"))


# Figures counted on the households snapshot: None for a place whose snapshot of the year was not imported.
HOUSEHOLD_KEYS = ("registered_households", "registered_population", "poor_households", "poor_population",
                  "exited_households", "exited_population", "below_line_households")
AREAS_LEDGER = "区域汇总表"
# The funds by source of summary tables by place (元), in metrics' `summary_table` where such rows exist.
SUMMARY_FUNDS = ("planned_funds", "invested_funds", "household_funds", "village_funds", "fiscal_funds", "credit_funds",
                 "self_raised_funds", "donated_funds", "attracted_funds")
# Detail and an areas row disagree (数据打架) when they differ by more than rounding would explain.
CONFLICT_PEOPLE = 1
CONFLICT_PCT = 0.05


def _listing(names: list[str], limit: int = 5) -> str:
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}个" if len(names) > limit else "")


def _places(store: Store, year: int, area: Area) -> list[dict]:
    """The area's places with the ledgers of the year present for each (queries/coverage/places.sql, the one rule)."""
    rows = store.query_rows("coverage/places", year=year, **area.params())
    keys = ("county", "township", "village", "households", "agri_population", "projects", "measures", "monitoring")
    return [dict(zip(keys, r)) for r in rows]


def _town(p: dict) -> tuple:
    return p["county"], p["township"]


def _by_township(places: list[dict], ledger: str) -> dict[tuple, bool]:
    """(county, township) → whether the ledger is present for every place of the township."""
    towns: dict[tuple, bool] = {}
    for p in places:
        towns[_town(p)] = towns.get(_town(p), True) and bool(p[ledger])
    return towns


def _village_name(p: dict) -> str:
    return p["village"] or f"{p['township'] or ''}（未填村名）"


def _ledger_coverage(places: list[dict], ledger: str, by_township: bool) -> dict:
    """Which places of the area have the ledger: counted by township (each wholly in or out) or by village."""
    if by_township:
        towns = _by_township(places, ledger)
        missing = [t or "（未填乡镇）" for (_, t), ok in towns.items() if not ok]
        total, covered, level = len(towns), sum(towns.values()), "乡镇"
    else:
        missing = [_village_name(p) for p in places if not p[ledger]]
        total, covered, level = len(places), len(places) - len(missing), "村"
    return {"level": level, "total": total, "covered": covered, "missing": missing,
            "complete": total > 0 and covered == total}


def _whole_townships(places: list[dict], ledger: str, area: Area) -> bool:
    """Whether the area's coverage reads by township: a county or more where each township is wholly in or out."""
    if area.township or area.village:
        return False
    towns: dict[tuple, set] = {}
    for p in places:
        towns.setdefault(_town(p), set()).add(bool(p[ledger]))
    return len(towns) > 1 and all(len(flags) == 1 for flags in towns.values())


def _covered_text(cov: dict, year: int, ledger_name: str, figures: str) -> str:
    """'3个乡镇中2个已导入2019年建档立卡户台账（缺石门镇），户数、人数和贫困发生率只含这2个乡镇。'"""
    unit = "个乡镇" if cov["level"] == "乡镇" else "个村"
    head = (f"{cov['total']}个乡镇中{cov['covered']}个" if cov["level"] == "乡镇"
            else f"{cov['covered']}/{cov['total']}个村")
    return (f"{head}已导入{year}年{ledger_name}（缺{_listing(cov['missing'])}），"
            f"{figures}只含这{cov['covered']}{unit}。")


def _household_coverage(places: list[dict], year: int, area: Area) -> dict:
    """Which places of the area have the year's households snapshot: the figures of the households ledger count
    these places only."""
    cov = _ledger_coverage(places, "households", _whole_townships(places, "households", area))
    if cov["total"] == 0:
        cov["note"] = "数据中没有这个地区的建档立卡户台账或村基本情况。"
    elif cov["covered"] == 0:
        cov["note"] = f"未导入{year}年的建档立卡户台账。"
    elif cov["missing"]:
        cov["note"] = _covered_text(cov, year, "建档立卡户台账", "户数、人数和贫困发生率")
    else:
        cov["note"] = ""
    return cov


def _monitoring_coverage(places: list[dict], year: int, area: Area) -> dict:
    """Which places of the area have the year's monitoring export (监测对象信息): the era's counts take these only,
    and a place without it is 未导入 (never 0户)."""
    cov = _ledger_coverage(places, "monitoring", _whole_townships(places, "monitoring", area))
    if cov["covered"] == 0:
        cov["note"] = f"未导入{year}年防返贫监测对象信息（脱贫人口信息）。"
    elif cov["missing"]:
        cov["note"] = _covered_text(cov, year, "防返贫监测对象信息", "脱贫户、监测对象的户数、人数")
    else:
        cov["note"] = ""
    return cov


def _incidence(store: Store, year: int, area: Area) -> tuple[float | None, int | None, dict]:
    """(贫困发生率, its denominator, coverage): numerator and denominator over the same villages."""
    r = _row(store, "coverage/incidence", year=year, **area.params())
    total, covered = int(r.get("villages") or 0), int(r.get("villages_covered") or 0)
    left_out = [x for x in (r.get("left_out") or "").split("、") if x]
    cov = {"level": "村", "total": total, "covered": covered, "missing": left_out,
           "complete": total > 0 and covered == total,
           "poor_population_left_out": int(r.get("poor_population_left_out") or 0)}
    if r.get("incidence_pct") is None:
        cov["note"] = (f"没有村同时有{year}年建档立卡户台账和农业户籍人口数据，不能计算贫困发生率。"
                       if total else "")
        return None, None, cov
    cov["note"] = "" if cov["complete"] else (
        f"{covered}/{total}个村有农业户籍人口数据，发生率按这{covered}个村计算"
        f"（未计入：{_listing(left_out)}）。")
    return r["incidence_pct"], int(r["agri_population"]), cov


def _growth(store: Store, year: int, area: Area) -> tuple[float | None, dict]:
    """Income growth over the villages with household incomes in both years (the same series)."""
    r = _row(store, "coverage/income_growth", year=year, **area.params())
    now, prev, both = int(r.get("villages_now") or 0), int(r.get("villages_prev") or 0), int(r.get("villages_both") or 0)
    cov = {"level": "村", "total": now, "covered": both, "missing": [], "complete": now > 0 and both == now == prev}
    if not now:
        cov["note"] = ""
        return None, cov
    if not prev:
        cov["note"] = ""       # no previous year at all: there is simply no growth to show
        return None, cov
    if not both or r.get("income_growth_pct") is None:
        cov["note"] = f"{year - 1}年没有同一批村的建档立卡户收入数据，不计算增速。"
        return None, cov
    cov["note"] = "" if cov["complete"] else (
        f"增速按两年都有收入数据的{both}个村计算（{year}年{now}个村，{year - 1}年{prev}个村）。")
    return r["income_growth_pct"], cov


def _project_figures(store: Store, year: int, area: Area, places: list[dict], out: dict) -> dict:
    """Project figures over the townships whose projects ledger of the year is loaded; their coverage."""
    cov = _ledger_coverage(places, "projects", True)
    if not cov["covered"]:
        cov["note"] = f"未导入{year}年扶贫项目台账。"
        return cov
    pr = _row(store, "project_figures", year=year, **area.params())
    out["projects_count"] = int(pr.get("projects_count") or 0)
    out["project_investment_wan"] = pr.get("project_investment_wan") or 0.0
    out["project_fiscal_wan"] = pr.get("project_fiscal_wan") or 0.0
    out["villages_with_project"] = int(pr.get("villages_with_project") or 0)
    cov["note"] = "" if cov["complete"] else _covered_text(cov, year, "扶贫项目台账", "项目数和资金")
    return cov


def _measure_figures(store: Store, year: int, area: Area, places: list[dict], out: dict) -> dict:
    """帮扶措施覆盖率 over the places that have both the households and the measures ledger of the year."""
    with_households = [p for p in places if p["households"]]
    cov = _ledger_coverage(with_households, "measures", _whole_townships(with_households, "measures", area))
    if not any(p["measures"] for p in places):
        cov["note"] = f"未导入{year}年帮扶措施台账，不能计算帮扶措施覆盖率。"
        return cov
    if not cov["covered"]:
        cov["note"] = f"没有地方同时有{year}年建档立卡户台账和帮扶措施台账，不能计算帮扶措施覆盖率。" \
            if with_households else ""
        return cov
    mc = _row(store, "measure_coverage", year=year, **area.params())
    out["household_measure_coverage_pct"] = mc.get("household_measure_coverage_pct")
    cov["note"] = "" if cov["complete"] else _covered_text(cov, year, "帮扶措施台账", "帮扶措施覆盖率")
    return cov


def _area_name(store: Store, area: Area) -> str | None:
    """The name an areas-ledger row would carry for this area."""
    if area.name or area.village or area.township or area.county:
        return area.name or area.village or area.township or area.county
    counties = [c for c in store.counties() if c]
    return counties[0] if len(counties) == 1 else None


def _names_several_places(store: Store, area: Area) -> bool:
    """Whether the township's (or village's) name is also another place's: the areas ledger has no county or
    township column, so its row for such a name cannot be told to be this place's."""
    level = "village" if area.village else "township" if area.township else None
    if level is None:
        return False
    found = store.query("area_lookup", area=area.village or area.township, county=None, township=None)
    return int((found["level"] == level).sum()) > 1


def _place_figures(store: Store, year: int, area: Area) -> dict:
    """The summary tables' figures by place for the area (the finest rows it has, summed), {} when none."""
    if area.name is not None:
        return {}
    row = _row(store, "area_place_figures", year=year, **area.params())
    return row if row.get("places") else {}


def _conflicts(out: dict, area_row: dict, where: str, year: int) -> list[dict]:
    """数据打架: the detail's figures against the areas row's (the detail wins)."""
    found = []
    households = area_row.get("poor_households")
    if (households is not None and out["poor_households"] is not None
            and abs(out["poor_households"] - households) >= CONFLICT_PEOPLE):
        found.append({"type": "数据打架", "figure": "poor_households", "detail": out["poor_households"],
                      "areas_ledger": _round(households, 0),
                      "message": f"{year}年{where}未脱贫户数：建档立卡户台账为{out['poor_households']:,}户，"
                                 f"汇总表为{int(round_half_up(households, 0)):,}户，以户台账为准，请核实。"})
    poor = area_row.get("poor_population")
    if poor is not None and out["poor_population"] is not None and abs(out["poor_population"] - poor) > CONFLICT_PEOPLE:
        found.append({"type": "数据打架", "figure": "poor_population", "detail": out["poor_population"],
                      "areas_ledger": _round(poor, 0),
                      "message": f"{year}年{where}未脱贫人口：建档立卡户台账为{out['poor_population']:,}人，"
                                 f"区域汇总表为{int(round_half_up(poor, 0)):,}人，以户台账为准，请核实。"})
    pct = area_row.get("incidence_pct")
    if pct is not None and out["incidence_pct"] is not None and abs(out["incidence_pct"] - pct) > CONFLICT_PCT:
        found.append({"type": "数据打架", "figure": "incidence_pct", "detail": out["incidence_pct"],
                      "areas_ledger": _round(pct),
                      "message": f"{year}年{where}贫困发生率：按台账计算为{out['incidence_pct']:.2f}%，"
                                 f"区域汇总表为{round_half_up(pct):.2f}%，以台账计算为准，请核实。"})
    return found


def metrics(store: Store, year: int, area: Area | None = None) -> dict:
    """Every indicator for one year and area; None where it cannot be computed — never a 0 for "no data".

    Beside the figures (KEYS): `coverage` (what each figure covers, with a Chinese note where it is
    incomplete), `sources` (figures taken from the 区域汇总表) and `warnings` (数据打架 between ledgers).
    """
    area = area or Area()
    out: dict = dict.fromkeys(KEYS)
    out["causes"] = {}
    coverage: dict = {}
    sources: dict = {}
    warnings: list = []
    name = _area_name(store, area)
    # A summary table by place names its rows by county, township and village: those rows are the area's own.
    area_row = _place_figures(store, year, area)
    if area_row:
        out["summary_table"] = {k: area_row[k] for k in ("places", "villages", *SUMMARY_FUNDS)}
    else:
        area_row = _row(store, "area_figures", year=year, area=name) if name else {}
    if area_row and "places" not in area_row and _names_several_places(store, area):
        area_row = {}       # 青松镇 of two counties: the areas row is neither's (the query runs only for such a row)
    detail = False
    if area.name is None:
        places = _places(store, year, area)
        hc = _household_coverage(places, year, area)
        coverage["households"] = hc
        named = area.county or area.township or area.village
        if named and hc["total"] == 0 and not area_row and not _row(store, "coverage/area_known", area=name or ""):
            raise UnknownArea(f"数据中没有地区“{store.area_label(area)}”。")
        detail = hc["covered"] > 0
        p = area.params()
        if detail:
            h = _row(store, "household_figures", year=year, **p)
            for k in HOUSEHOLD_KEYS:
                out[k] = int(h[k]) if h.get(k) is not None else None
            out["income_per_capita_mean"] = h.get("income_per_capita_mean")
            causes = store.query("cause_counts", year=year, **p)
            out["causes"] = {str(c): int(n) for c, n in zip(causes["cause"], causes["households"])}
            out["incidence_pct"], out["agri_population"], coverage["incidence"] = _incidence(store, year, area)
            out["income_growth_pct"], coverage["income_growth"] = _growth(store, year, area)
        coverage["projects"] = _project_figures(store, year, area, places, out)
        coverage["measures"] = _measure_figures(store, year, area, places, out)
        if year >= monitoring.REGIME_START:
            coverage["monitoring"] = _monitoring_coverage(places, year, area)
    if area_row and not detail:
        # Only an aggregate row exists for this area and year: its figures are the answer, marked as such.
        for key in ("registered_households", "registered_population", "poor_households"):
            if area_row.get(key) is not None:
                out[key] = int(round_half_up(area_row[key], 0))
                sources[key] = AREAS_LEDGER
        if area_row.get("poor_population") is not None:
            out["poor_population"] = int(round_half_up(area_row["poor_population"], 0))
            sources["poor_population"] = AREAS_LEDGER
        if area_row.get("incidence_pct") is not None:
            out["incidence_pct"] = _round(area_row["incidence_pct"])
            sources["incidence_pct"] = AREAS_LEDGER
        if area_row.get("income_per_capita") is not None:
            out["income_per_capita_mean"] = _round(area_row["income_per_capita"])
            sources["income_per_capita_mean"] = AREAS_LEDGER
            prev = _num(_row(store, "area_figures", year=year - 1, area=name).get("income_per_capita"))
            if prev:
                out["income_growth_pct"] = _round(100 * (area_row["income_per_capita"] / prev - 1))
                sources["income_growth_pct"] = AREAS_LEDGER
        if area_row.get("rural_population") is not None and out["agri_population"] is None:
            out["agri_population"] = int(round_half_up(area_row["rural_population"], 0))
            sources["agri_population"] = AREAS_LEDGER
    elif area_row and detail and coverage["households"]["complete"]:
        warnings += _conflicts(out, area_row, store.area_label(area), year)
    if detail and out["income_growth_pct"] is None and out["income_per_capita_mean"] is not None:
        prev_row = _row(store, "area_figures", year=year - 1, area=name) if name else {}
        if prev_row.get("income_per_capita") is not None and coverage["income_growth"].get("covered", 0) == 0:
            coverage["income_growth"]["note"] = (
                f"{year - 1}年只有区域汇总表的农村居民人均可支配收入，与建档立卡户人均纯收入口径不同，不计算增速。")
    monitoring.add_figures(store, year, area, out, coverage)     # 2021 on: the monitoring regime's figures
    out["coverage"] = coverage
    out["sources"] = sources
    out["warnings"] = warnings
    return out
