"""Deterministic synthetic ledgers at county, prefecture and province scale.

Two outputs from the same model:
- `load_store(scale, path)`: every table (households 2014–2020 snapshots, villages, projects,
  project_villages, measures) inserted straight into DuckDB from arrow, for query timing;
- `write_rosters(scale, out_dir)`: real .xlsx files for import timing — a person-level roster
  (花名册, 20 columns) and a household ledger (贫困户台账, 22 columns) of one year, split by
  township into files of at most ROWS_PER_FILE rows, as offices send them.

Vectorised with numpy/pyarrow so a province (3 000 000 households, ~10 000 000 people) builds in
minutes. Seeded per scale: the same scale always gives the same data.

    .venv/bin/python -m bench.generate --scale county --store bench/out/county.duckdb --xlsx bench/out/xlsx
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ledgerboard.store import Store, sql_text

YEARS = list(range(2014, 2021))
ROSTER_YEAR = 2019
ROWS_PER_FILE = 1_040_000   # below Excel's 1 048 576 rows per sheet, header included
OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Scale:
    name: str
    prefectures: int
    counties_per_prefecture: int
    townships_per_county: int
    villages_per_township: int
    households_per_village: int
    seed: int

    @property
    def counties(self) -> int:
        return self.prefectures * self.counties_per_prefecture

    @property
    def townships(self) -> int:
        return self.counties * self.townships_per_county

    @property
    def villages(self) -> int:
        return self.townships * self.villages_per_township

    @property
    def households(self) -> int:
        return self.villages * self.households_per_village


# ~3.3 people per household: county ≈ 30 000 / 100 000, prefecture ×10, province ×100.
SCALES = {
    "tiny": Scale("tiny", 1, 1, 2, 3, 20, seed=7),
    "county": Scale("county", 1, 1, 15, 14, 143, seed=11),
    "prefecture": Scale("prefecture", 1, 10, 15, 14, 143, seed=13),
    "province": Scale("province", 10, 10, 15, 14, 143, seed=17),
}

# Name pools (fictitious places, common surnames/given-name characters).
PLACE_CHARS = list("青松石门白云龙塘新寨凉水井高坡河坝田湾岩脚竹林沙坪枫香桃园梨树花溪茶山杉木坪上大院小河平寨金星银杏红旗长冲")
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏")
GIVEN = list("国华建明秀英兰芳军平伟强志红玉桂珍春梅德福永海成林文俊金凤丽萍云霞忠诚发荣")
CAUSES = ["因病", "因残", "因学", "因灾", "缺土地", "缺水", "缺技术", "缺劳动力", "缺资金", "交通条件落后",
          "自身发展动力不足", "其他"]
CAUSE_P = [0.38, 0.14, 0.06, 0.03, 0.03, 0.02, 0.09, 0.1, 0.08, 0.02, 0.03, 0.02]
ATTRIBUTES = ["一般贫困户", "低保贫困户", "特困供养贫困户"]
ATTRIBUTE_P = [0.68, 0.27, 0.05]
CATEGORIES = ["产业扶贫", "就业扶贫", "易地扶贫搬迁", "教育扶贫", "健康扶贫", "危房改造", "金融扶贫", "光伏扶贫",
              "生态扶贫", "兜底保障", "基础设施", "其他"]
CATEGORY_P = [0.26, 0.14, 0.03, 0.12, 0.14, 0.05, 0.07, 0.03, 0.05, 0.06, 0.04, 0.01]
DETAILS = {c: [f"{c}帮扶措施{i}" for i in range(1, 4)] for c in CATEGORIES}
PROJECT_STATUS = ["未开工", "在建", "已完工", "已验收"]
RELATIONS = ["户主", "配偶", "之子", "之女", "之孙子", "之孙女", "之父", "之母"]

ROSTER_HEADERS = ["年度", "县", "乡镇", "行政村", "村民组", "户编号", "姓名", "证件号码", "与户主关系", "家庭人口数",
                  "贫困户属性", "主要致贫原因", "脱贫状态", "脱贫年度", "识别年度", "人均纯收入（元）",
                  "工资性收入（元）", "转移性收入（元）", "帮扶责任人", "帮扶单位"]
HOUSEHOLD_HEADERS = ["年度", "县", "乡镇", "行政村", "村民组", "户编号", "户主姓名", "户主身份证号",
                     "家庭人口数（人）", "贫困户属性", "主要致贫原因", "其他致贫原因", "脱贫状态", "脱贫年度",
                     "识别年度", "人均纯收入（元）", "工资性收入（元）", "生产经营性收入（元）",
                     "财产性收入（元）", "转移性收入（元）", "帮扶责任人", "帮扶单位"]

_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.array(list("10X98765432"))


def _names(rng: np.random.Generator, n: int, pool: list[str], suffixes: list[str]) -> list[str]:
    """n distinct two-character place names with a suffix."""
    pool = list(dict.fromkeys(pool))            # a character listed twice would make two equal names
    pairs = [a + b for a in pool for b in pool if a != b]
    if n > len(pairs):
        raise ValueError("name pool too small")
    picked = rng.choice(len(pairs), size=n, replace=False)
    suffix = rng.choice(len(suffixes), size=n)
    return [pairs[i] + suffixes[s] for i, s in zip(picked, suffix)]


def id_numbers(region: np.ndarray, birth_days: np.ndarray) -> pa.Array:
    """Valid, distinct GB 11643 ID numbers: region code, birth date, sequence, check digit."""
    dates = np.datetime64("1930-01-01") + birth_days.astype("timedelta64[D]")
    y = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    m = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    # Sequence: rank among people of the same region and birthday, so every number is distinct.
    key = region.astype(np.int64) * 100_000 + birth_days
    order = np.argsort(key, kind="stable")
    sk = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sk)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(sk)]))
    seq = np.empty(len(key), dtype=np.int64)
    seq[order] = np.arange(len(sk)) - run_start + 1
    if len(seq) and seq.max() > 999:
        raise ValueError("too many people born on one day in one region")
    first17 = region.astype(np.int64) * 10**11 + (y * 10_000 + m * 100 + d) * 1000 + seq
    total = np.zeros(len(first17), dtype=np.int64)
    for k in range(17):
        total += (first17 // 10 ** (16 - k)) % 10 * _ID_WEIGHTS[k]
    check = pa.array(_ID_CHECK[total % 11])
    return pc.binary_join_element_wise(pc.cast(pa.array(first17), pa.string()), check, "")


class Population:
    """The synthetic province (or part of it): places, households, people, projects, measures."""

    def __init__(self, scale: Scale):
        self.scale = scale
        rng = np.random.default_rng(scale.seed)
        self.rng = rng
        s = scale
        self.prefecture_names = _names(rng, s.prefectures, PLACE_CHARS, ["市"])
        self.county_names = _names(rng, s.counties, PLACE_CHARS, ["县"])
        # Names repeat across counties, as they do in a real province: townships are distinct within a county only
        # (and villages within a township), so two counties can each have a 青松镇 with a 青松村.
        self.township_names = [name for _ in range(s.counties)
                               for name in _names(rng, s.townships_per_county, PLACE_CHARS, ["镇", "镇", "乡"])]
        self.county_of_township = np.repeat(np.arange(s.counties), s.townships_per_county)
        self.region_of_county = np.array(
            [520000 + (c // s.counties_per_prefecture + 1) * 100 + c % s.counties_per_prefecture + 1
             for c in range(s.counties)], dtype=np.int64)
        village_names = []
        for _ in range(s.townships):
            village_names += _names(rng, s.villages_per_township, PLACE_CHARS, ["村", "村", "村", "社区"])
        # …and for certain: the last county of each prefecture has a township named like the first county's first
        # township, with the same village names (the queries must keep such villages apart).
        for pref in range(s.prefectures if s.counties_per_prefecture > 1 else 0):
            first = pref * s.counties_per_prefecture * s.townships_per_county
            last = ((pref + 1) * s.counties_per_prefecture - 1) * s.townships_per_county
            self.township_names[last] = self.township_names[first]
            n = s.villages_per_township
            village_names[last * n:(last + 1) * n] = village_names[first * n:(first + 1) * n]
        self.village_names = village_names
        self.township_of_village = np.repeat(np.arange(s.townships), s.villages_per_township)
        # The area key is unique, as an import guarantees: townships within a county, villages within a township.
        keys = {(self.county_of_township[t], self.township_names[t], name)
                for t, name in zip(self.township_of_village, village_names)}
        if len(keys) != s.villages or len({(c, t) for c, t in zip(self.county_of_township, self.township_names)}) \
                != s.townships:
            raise ValueError(f"{s.name}: two places share a (county, township, village) key")
        self.poor_village = rng.random(s.villages) < 0.4
        self.village_exit = np.where(self.poor_village, rng.choice([2017, 2018, 2019, 2020], s.villages,
                                                                   p=[0.2, 0.35, 0.35, 0.1]), 0)

        n = s.households
        # Households grouped by village, in village order (as ledgers list them).
        self.village = np.repeat(np.arange(s.villages), s.households_per_village)
        self.township = self.township_of_village[self.village]
        self.county = self.county_of_township[self.township]
        self.size = np.clip(1 + rng.poisson(2.3, n), 1, 9).astype(np.int32)
        self.attribute = rng.choice(3, n, p=ATTRIBUTE_P).astype(np.int8)
        self.cause = rng.choice(len(CAUSES), n, p=CAUSE_P).astype(np.int8)
        self.other_cause = np.where(rng.random(n) < 0.4, rng.choice(len(CAUSES), n), -1).astype(np.int8)
        self.identified = rng.choice([2014, 2015, 2016, 2017], n, p=[0.82, 0.08, 0.06, 0.04]).astype(np.int32)
        exit_year = rng.choice([2015, 2016, 2017, 2018, 2019, 2020, 0], n, p=[0.06, 0.12, 0.22, 0.28, 0.24, 0.07, 0.01])
        self.exit_year = np.where((exit_year > 0) & (exit_year < self.identified), self.identified, exit_year).astype(np.int32)
        self.relapse = (rng.random(n) < 0.01) & (self.exit_year > 0) & (self.exit_year < 2020)
        self.income_base = rng.lognormal(np.log(2600), 0.25, n)
        self.group = rng.integers(1, 13, n).astype(np.int8)
        self.helper_unit = rng.integers(0, 6, n).astype(np.int8)
        # People: the head first, then the members of the household.
        self.first_person = np.r_[0, np.cumsum(self.size)[:-1]].astype(np.int64)
        persons = int(self.size.sum())
        self.person_household = np.repeat(np.arange(n), self.size)
        pos = np.arange(persons) - self.first_person[self.person_household]
        self.person_relation = np.where(pos == 0, 0, rng.integers(1, len(RELATIONS), persons)).astype(np.int8)
        head_days = rng.integers(3650, 25000, persons)      # heads born 1940–1998
        other_days = rng.integers(3650, 31000, persons)     # members born 1940–2014
        days = np.where(pos == 0, head_days, other_days)
        region = self.region_of_county[self.county[self.person_household]]
        self.person_id = id_numbers(region, days)
        self.person_name = self._people_names(persons)
        self.head_id = self.person_id.take(pa.array(self.first_person))
        self.head_name = self.person_name.take(pa.array(self.first_person))
        # 户编号: region code, village number in the county, household number in the village.
        villages_per_county = s.townships_per_county * s.villages_per_township
        code = (self.region_of_county[self.county] * 10**8 + self.village.astype(np.int64) % villages_per_county * 10**4
                + np.arange(n) % s.households_per_village + 1)
        self.household_code = pc.cast(pa.array(code), pa.string())
        self.helper = self._people_names(n)

    def _people_names(self, n: int) -> pa.Array:
        sur = pa.array(np.array(SURNAMES)[self.rng.integers(0, len(SURNAMES), n)])
        g1 = pa.array(np.array(GIVEN)[self.rng.integers(0, len(GIVEN), n)])
        g2 = np.array(GIVEN + [""] * 10)[self.rng.integers(0, len(GIVEN) + 10, n)]
        return pc.binary_join_element_wise(sur, g1, pa.array(g2), "")

    @property
    def persons(self) -> int:
        return len(self.person_household)

    @cached_property
    def _place_arrays(self):
        return (np.array(self.county_names, dtype=object), np.array(self.township_names, dtype=object),
                np.array(self.village_names, dtype=object))

    # Per year -------------------------------------------------------------------------------
    def in_snapshot(self, year: int) -> np.ndarray:
        return np.flatnonzero(self.identified <= year)

    def status(self, year: int, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(status code 0 未脱贫 / 1 已脱贫 / 2 返贫, exit year or 0) of households idx in year."""
        ey = self.exit_year[idx]
        exited = (ey > 0) & (ey <= year)
        relapsed = self.relapse[idx] & (ey + 1 == year)
        code = np.where(relapsed, 2, np.where(exited, 1, 0)).astype(np.int8)
        return code, np.where(exited, ey, 0)

    def income(self, year: int, idx: np.ndarray) -> np.ndarray:
        rng = np.random.default_rng(self.scale.seed * 1000 + year)
        ey = self.exit_year[idx]
        boost = np.where((ey > 0) & (ey <= year), 1.35, 1.0)
        noise = rng.normal(1.0, 0.05, len(idx))
        return np.round(self.income_base[idx] * 1.11 ** (year - 2014) * boost * noise, 2)

    def household_table(self, year: int, batch_id: str) -> pa.Table:
        """The households snapshot of one year, columns as in schema.sql."""
        idx = self.in_snapshot(year)
        n = len(idx)
        counties, townships, villages = self._place_arrays
        code, ey = self.status(year, idx)
        income = self.income(year, idx)
        people = self.size[idx] * income
        status = np.array(["未脱贫", "已脱贫", "返贫"], dtype=object)[code]
        other = self.other_cause[idx]
        other_list = pa.array([[CAUSES[o]] if o >= 0 else None for o in other.tolist()], pa.list_(pa.string()))
        unit_names = np.array(["乡人民政府", "县民政局", "县教育局", "县卫健局", "县交通局", "县农业农村局"], dtype=object)
        t = idx  # shorthand
        return pa.table({
            "batch_id": pa.array([batch_id] * n, pa.string()),
            "year": pa.array(np.full(n, year, np.int32)),
            "county": pa.array(counties[self.county[t]], pa.string()),
            "township": pa.array(townships[self.township[t]], pa.string()),
            "village": pa.array(villages[self.village[t]], pa.string()),
            "group": pa.array([f"{g}组" for g in self.group[t].tolist()], pa.string()),
            "household_id": self.household_code.take(pa.array(t)),
            "head_name": self.head_name.take(pa.array(t)),
            "head_id_number": self.head_id.take(pa.array(t)),
            "household_size": pa.array(self.size[t]),
            "attribute": pa.array(np.array(ATTRIBUTES, dtype=object)[self.attribute[t]], pa.string()),
            "main_cause": pa.array(np.array(CAUSES, dtype=object)[self.cause[t]], pa.string()),
            "other_causes": other_list,
            "status": pa.array(status, pa.string()),
            "exit_year": pa.array(ey.astype(np.int32), mask=ey == 0),
            "identified_year": pa.array(self.identified[t]),
            "income_per_capita": pa.array(income),
            "wage_income": pa.array(np.round(people * 0.52, 2)),
            "business_income": pa.array(np.round(people * 0.2, 2)),
            "property_income": pa.array(np.round(people * 0.03, 2)),
            "transfer_income": pa.array(np.round(people * 0.25, 2)),
            "business_costs": pa.nulls(n, pa.float64()),
            "helper": self.helper.take(pa.array(t)),
            "helper_unit": pa.array(unit_names[self.helper_unit[t]], pa.string()),
            "monitor_type": pa.nulls(n, pa.string()),
            "risk_eliminated": pa.nulls(n, pa.bool_()),
            "source_sheet": pa.array(["花名册"] * n, pa.string()),
            "source_row": pa.array(np.arange(2, n + 2, dtype=np.int32)),
        })

    def village_table(self, batch_id: str) -> pa.Table:
        """One row per village and year: population from the registered households, incidence ≈ 18% in 2014."""
        s = self.scale
        counties, townships, villages = self._place_arrays
        registered = np.bincount(self.village, weights=self.size, minlength=s.villages)
        rng = np.random.default_rng(s.seed + 1)
        agri0 = registered / rng.uniform(0.16, 0.26, s.villages)
        tbl = []
        for year in YEARS:
            agri = np.round(agri0 * (1 - 0.012 * (year - 2014))).astype(np.int32)
            ex = np.where((self.village_exit > 0) & (self.village_exit <= year), self.village_exit, 0)
            tbl.append(pa.table({
                "batch_id": pa.array([batch_id] * s.villages, pa.string()),
                "year": pa.array(np.full(s.villages, year, np.int32)),
                "county": pa.array(counties[self.county_of_township[self.township_of_village]], pa.string()),
                "township": pa.array(townships[self.township_of_village], pa.string()),
                "village": pa.array(villages, pa.string()),
                "is_poor_village": pa.array(self.poor_village),
                "total_households": pa.array((agri / 3.1).astype(np.int32)),
                "total_population": pa.array((agri * 1.08).astype(np.int32)),
                "agri_population": pa.array(agri),
                "exit_year": pa.array(ex.astype(np.int32), mask=ex == 0),
                "collective_income": pa.array(np.round(rng.uniform(0, 30, s.villages), 2)),
                "source_sheet": pa.array(["村基本情况"] * s.villages, pa.string()),
                "source_row": pa.array(np.arange(2, s.villages + 2, dtype=np.int32)),
            }))
        return pa.concat_tables(tbl)

    def project_tables(self, year: int, batch_id: str) -> tuple[pa.Table, pa.Table]:
        """About 6 projects per township and year, each reaching 1–3 villages or the whole township."""
        s = self.scale
        rng = np.random.default_rng(s.seed * 100 + year)
        counties, townships, villages = self._place_arrays
        n = s.townships * 6
        town = np.repeat(np.arange(s.townships), 6)
        cat = rng.choice(len(CATEGORIES), n, p=CATEGORY_P)
        whole = rng.random(n) < 0.12
        reach = rng.integers(1, 4, n)
        total = np.round(rng.lognormal(np.log(80), 0.8, n), 2)
        keys = [f"{batch_id}:{i}" for i in range(n)]
        link_key, link_village, link_whole, texts = [], [], [], []
        for i in range(n):
            if whole[i]:
                link_key.append(keys[i]); link_village.append(None); link_whole.append(True)
                texts.append("全乡镇")
                continue
            first = town[i] * s.villages_per_township
            picks = first + rng.choice(s.villages_per_township, min(reach[i], s.villages_per_township), replace=False)
            names = [villages[v] for v in picks]
            texts.append("、".join(names))
            for name in names:
                link_key.append(keys[i]); link_village.append(name); link_whole.append(False)
        start = np.datetime64(f"{year}-03-01") + rng.integers(0, 200, n).astype("timedelta64[D]")
        projects = pa.table({
            "batch_id": pa.array([batch_id] * n, pa.string()),
            "project_key": pa.array(keys, pa.string()),
            "year": pa.array(np.full(n, year, np.int32)),
            "county": pa.array(counties[self.county_of_township[town]], pa.string()),
            "project_name": pa.array([f"{townships[t]}{year}年{CATEGORIES[c]}项目{i}" for i, (t, c) in enumerate(zip(town, cat))], pa.string()),
            "category": pa.array(np.array(CATEGORIES, dtype=object)[cat], pa.string()),
            "township": pa.array(townships[town], pa.string()),
            "villages": pa.array(texts, pa.string()),
            "total_investment": pa.array(total),
            "fiscal_funds": pa.array(np.round(total * rng.uniform(0.4, 1.0, n), 2)),
            "beneficiary_households": pa.array(rng.integers(10, 300, n).astype(np.int32)),
            "beneficiary_population": pa.array(rng.integers(30, 900, n).astype(np.int32)),
            "status": pa.array(np.array(PROJECT_STATUS, dtype=object)[rng.choice(4, n, p=[0.05, 0.15, 0.3, 0.5])], pa.string()),
            "start_date": pa.array(start.astype("datetime64[D]")),
            "end_date": pa.array((start + rng.integers(30, 300, n).astype("timedelta64[D]")).astype("datetime64[D]")),
            "source_sheet": pa.array(["项目台账"] * n, pa.string()),
            "source_row": pa.array(np.arange(2, n + 2, dtype=np.int32)),
        })
        key_idx = {k: i for i, k in enumerate(keys)}
        link_town = np.array([town[key_idx[k]] for k in link_key], dtype=np.int64)
        links = pa.table({
            "batch_id": pa.array([batch_id] * len(link_key), pa.string()),
            "project_key": pa.array(link_key, pa.string()),
            "year": pa.array(np.full(len(link_key), year, np.int32)),
            "county": pa.array(counties[self.county_of_township[link_town]], pa.string()),
            "township": pa.array(townships[link_town], pa.string()),
            "village": pa.array(link_village, pa.string()),
            "whole_township": pa.array(link_whole, pa.bool_()),
        })
        return projects, links

    def measure_table(self, year: int, batch_id: str) -> pa.Table:
        """Support measures: ~2 a year for a poor or recently exited household, fewer afterwards."""
        rng = np.random.default_rng(self.scale.seed * 10_000 + year)
        idx = self.in_snapshot(year)
        code, ey = self.status(year, idx)
        recent = (code != 1) | (year - ey <= 1)
        count = rng.poisson(np.where(recent, 2.0, 0.6))
        h = np.repeat(idx, count)
        n = len(h)
        counties, townships, villages = self._place_arrays
        cat = rng.choice(len(CATEGORIES), n, p=CATEGORY_P)
        detail = np.array([d for c in CATEGORIES for d in DETAILS[c]], dtype=object)[cat * 3 + rng.integers(0, 3, n)]
        return pa.table({
            "batch_id": pa.array([batch_id] * n, pa.string()),
            "year": pa.array(np.full(n, year, np.int32)),
            "county": pa.array(counties[self.county[h]], pa.string()),
            "township": pa.array(townships[self.township[h]], pa.string()),
            "village": pa.array(villages[self.village[h]], pa.string()),
            "household_id": self.household_code.take(pa.array(h)),
            "head_name": self.head_name.take(pa.array(h)),
            "head_id_number": self.head_id.take(pa.array(h)),
            "category": pa.array(np.array(CATEGORIES, dtype=object)[cat], pa.string()),
            "detail": pa.array(detail, pa.string()),
            "amount": pa.array(np.round(rng.uniform(100, 6000, n), 0)),
            "source_sheet": pa.array(["帮扶措施"] * n, pa.string()),
            "source_row": pa.array(np.arange(2, n + 2, dtype=np.int32)),
        })

    # Sample places for the query benchmark ---------------------------------------------------
    def sample_area(self) -> dict:
        """A county, a township in it and a village in that township (the first of each)."""
        t = 0
        v = 0
        return {"county": self.county_names[self.county_of_township[t]], "township": self.township_names[t],
                "village": self.village_names[v]}


# The store --------------------------------------------------------------------------------------
def _insert(cur, table: str, data: pa.Table) -> None:
    cur.register("incoming", data)
    cur.execute(sql_text("store/insert_rows").format(table=table))
    cur.unregister("incoming")


def _batch(cur, batch_id: str, kind: str, year: int | None, rows: int, households: int | None = None) -> None:
    cur.execute(
        "insert into import_batches (batch_id, file_name, sha256, kind, year, rows_read, rows_imported, "
        "rows_rejected, households, imported_at, imported_by, status, origin, batch_group) "
        "values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'bench', 'active', 'cli', ?)",
        [batch_id, f"bench_{kind}_{year or 'all'}.xlsx", "0" * 64, kind, year, rows, rows, households,
         dt.datetime(2021, 1, 1), batch_id])


def load_store(scale: str | Scale, path: Path, log=print) -> dict:
    """A fresh DuckDB store with every table of the scale, loaded directly from arrow."""
    s = SCALES[scale] if isinstance(scale, str) else scale
    path = Path(path)
    for p in (path, Path(str(path) + ".wal")):
        if p.exists():
            p.unlink()
    t0 = time.perf_counter()
    pop = Population(s)
    log(f"[{s.name}] population built: {s.households:,} households, {pop.persons:,} people "
        f"({time.perf_counter() - t0:.1f}s)")
    store = Store(path)
    counts = {"households": 0, "villages": 0, "projects": 0, "project_villages": 0, "measures": 0}
    try:
        for year in YEARS:
            with store.transaction() as cur:
                b = f"bench-households-{year}"
                h = pop.household_table(year, b)
                _insert(cur, "households", h)
                _batch(cur, b, "households", year, h.num_rows, h.num_rows)
                counts["households"] += h.num_rows
                b = f"bench-projects-{year}"
                p, links = pop.project_tables(year, b)
                _insert(cur, "projects", p)
                _insert(cur, "project_villages", links)
                _batch(cur, b, "projects", year, p.num_rows)
                counts["projects"] += p.num_rows
                counts["project_villages"] += links.num_rows
                b = f"bench-measures-{year}"
                m = pop.measure_table(year, b)
                _insert(cur, "measures", m)
                _batch(cur, b, "measures", year, m.num_rows)
                counts["measures"] += m.num_rows
            log(f"[{s.name}] {year} loaded ({time.perf_counter() - t0:.1f}s)")
        with store.transaction() as cur:
            v = pop.village_table("bench-villages")
            _insert(cur, "villages", v)
            _batch(cur, "bench-villages", "villages", None, v.num_rows)
            counts["villages"] = v.num_rows
        store.warm_rollups()    # as the importer does after writing
        store.con.execute("checkpoint")
    finally:
        store.close()
    return {"scale": s.name, "seconds": round(time.perf_counter() - t0, 1), "rows": counts,
            "persons": pop.persons, "households_per_snapshot": s.households, **pop.sample_area()}


# Rosters ----------------------------------------------------------------------------------------
def _writer():
    try:
        import xlsxwriter
        return xlsxwriter
    except ImportError:  # pragma: no cover - xlsxwriter comes with python-pptx
        return None


def _write_xlsx(path: Path, sheet: str, headers: list[str], rows) -> int:
    """Write one sheet: a header row, then rows (lists). xlsxwriter in constant-memory mode."""
    xw = _writer()
    n = 0
    if xw is not None:
        wb = xw.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, headers)
        for n, row in enumerate(rows, start=1):
            ws.write_row(n, 0, row)
        wb.close()
        return n
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(headers)
    for n, row in enumerate(rows, start=1):
        ws.append(row)
    wb.save(path)
    return n


def _file_groups(weights: np.ndarray, limit: int) -> list[list[int]]:
    """Consecutive townships packed into files of at most `limit` rows."""
    groups, current, rows = [], [], 0
    for t, w in enumerate(weights.tolist()):
        if current and rows + w > limit:
            groups.append(current)
            current, rows = [], 0
        current.append(t)
        rows += w
    if current:
        groups.append(current)
    return groups


def _roster_rows(pop: Population, year: int, hh: np.ndarray):
    """Person rows (20 columns) for households hh; household fields repeated on every member's row."""
    counties, townships, villages = pop._place_arrays
    code, ey = pop.status(year, hh)
    income = pop.income(year, hh)
    status = ["未脱贫", "已脱贫", "返贫"]
    units = ["乡人民政府", "县民政局", "县教育局", "县卫健局", "县交通局", "县农业农村局"]
    sizes = pop.size[hh]
    persons = (np.repeat(pop.first_person[hh], sizes)
               + np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    pid = pop.person_id.take(pa.array(persons)).to_pylist()
    pname = pop.person_name.take(pa.array(persons)).to_pylist()
    rel = pop.person_relation[persons].tolist()
    codes = pop.household_code.take(pa.array(hh)).to_pylist()
    helpers = pop.helper.take(pa.array(hh)).to_pylist()
    k = 0
    for j, h in enumerate(hh.tolist()):
        w = income[j] * sizes[j]
        common_tail = [ATTRIBUTES[pop.attribute[h]], CAUSES[pop.cause[h]], status[code[j]],
                       int(ey[j]) or None, int(pop.identified[h]), float(income[j]), round(float(w) * 0.52, 2),
                       round(float(w) * 0.25, 2), helpers[j], units[pop.helper_unit[h]]]
        head = [year, counties[pop.county[h]], townships[pop.township[h]], villages[pop.village[h]],
                f"{pop.group[h]}组", codes[j]]
        for _ in range(int(sizes[j])):
            yield head + [pname[k], pid[k], RELATIONS[rel[k]], int(sizes[j])] + common_tail
            k += 1


def _household_rows(pop: Population, year: int, hh: np.ndarray):
    counties, townships, villages = pop._place_arrays
    code, ey = pop.status(year, hh)
    income = pop.income(year, hh)
    status = ["未脱贫", "已脱贫", "返贫"]
    units = ["乡人民政府", "县民政局", "县教育局", "县卫健局", "县交通局", "县农业农村局"]
    ids = pop.head_id.take(pa.array(hh)).to_pylist()
    names = pop.head_name.take(pa.array(hh)).to_pylist()
    codes = pop.household_code.take(pa.array(hh)).to_pylist()
    helpers = pop.helper.take(pa.array(hh)).to_pylist()
    for j, h in enumerate(hh.tolist()):
        w = float(income[j] * pop.size[h])
        other = pop.other_cause[h]
        yield [year, counties[pop.county[h]], townships[pop.township[h]], villages[pop.village[h]],
               f"{pop.group[h]}组", codes[j], names[j], ids[j], int(pop.size[h]), ATTRIBUTES[pop.attribute[h]],
               CAUSES[pop.cause[h]], CAUSES[other] if other >= 0 else None, status[code[j]], int(ey[j]) or None,
               int(pop.identified[h]), float(income[j]), round(w * 0.52, 2), round(w * 0.2, 2), round(w * 0.03, 2),
               round(w * 0.25, 2), helpers[j], units[pop.helper_unit[h]]]


def write_rosters(scale: str | Scale, out_dir: Path, year: int = ROSTER_YEAR, rows_per_file: int = ROWS_PER_FILE,
                  max_files: int | None = None, log=print) -> dict[str, list[dict]]:
    """Person rosters and household ledgers of one year as .xlsx; cached (kept when already there)."""
    s = SCALES[scale] if isinstance(scale, str) else scale
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pop = None
    result: dict[str, list[dict]] = {"roster": [], "households": []}
    identified = None
    for kind in ("roster", "households"):
        if pop is None:
            pop = Population(s)
            identified = pop.identified <= year
        hh_all = np.flatnonzero(identified)
        town = pop.township[hh_all]
        weights = np.bincount(town, weights=pop.size[hh_all] if kind == "roster" else None,
                              minlength=s.townships).astype(np.int64)
        groups = _file_groups(weights, rows_per_file)
        for i, group in enumerate(groups[:max_files]):
            path = out_dir / f"{s.name}_{kind}_{year}_{i + 1:02d}.xlsx"
            hh = hh_all[np.isin(town, group)]
            rows = int(weights[group].sum())
            if not path.exists() or path.stat().st_size == 0:
                t0 = time.perf_counter()
                tmp = path.with_suffix(".tmp.xlsx")
                if kind == "roster":
                    n = _write_xlsx(tmp, "花名册", ROSTER_HEADERS, _roster_rows(pop, year, hh))
                else:
                    n = _write_xlsx(tmp, "贫困户信息", HOUSEHOLD_HEADERS, _household_rows(pop, year, hh))
                tmp.rename(path)
                assert n == rows, (n, rows)
                log(f"[{s.name}] wrote {path.name}: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB "
                    f"({time.perf_counter() - t0:.1f}s)")
            result[kind].append({"path": str(path), "rows": rows, "households": len(hh),
                                 "columns": len(ROSTER_HEADERS if kind == "roster" else HOUSEHOLD_HEADERS),
                                 "townships": len(group), "bytes": path.stat().st_size})
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Synthetic ledgers for the benchmark.")
    ap.add_argument("--scale", choices=list(SCALES), default="county")
    ap.add_argument("--store", type=Path, help="load every table into this DuckDB file")
    ap.add_argument("--xlsx", type=Path, help="write .xlsx rosters into this folder")
    args = ap.parse_args(argv)
    if args.store:
        print(load_store(args.scale, args.store))
    if args.xlsx:
        print(write_rosters(args.scale, args.xlsx))


if __name__ == "__main__":
    main()
