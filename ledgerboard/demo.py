"""A deterministic demo county (示例县): seven years of 建档立卡 ledgers, then five years of the monitoring
system's exports, as real .xlsx files.

The county is modelled once (villages, households and their trajectories), then written as the
ledgers a county office keeps: a household snapshot per year and township, the village sheet,
projects and measures per year, and an areas sheet with national and provincial figures; from 2021
the 防返贫监测 export per year and township (see `build_era` and `write_era`).

    python ledgerboard/demo.py        # rewrites data/demo/*.xlsx
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ledgerboard.fields import catalog
from ledgerboard.idnumber import check_digit
from ledgerboard.store import DEFAULT_POVERTY_LINES

SEED = 20141231
YEARS = tuple(range(2014, 2021))
COUNTY = "示例县"
AREA_CODE = "522224"
POVERTY_LINE = DEFAULT_POVERTY_LINES["国家标准"]

TOWNSHIPS = {
    "青松镇": ["龙塘村", "石板村", "高坪村", "新寨村", "茶园村", "中坝村", "枫香村", "田坝村", "岩口村"],
    "白云乡": ["甘溪村", "红星村", "关口村", "平阳村", "河坝村", "青杠坝村", "马鞍山村", "杉树湾村", "黄泥塘村"],
    "石门镇": ["金竹村", "水源村", "楠木村", "铜鼓村", "大坡村", "桐子园村", "凉水井村", "坪山村", "龙井村"],
}
POOR_VILLAGES = {"高坪村", "茶园村", "岩口村", "关口村", "马鞍山村", "杉树湾村", "黄泥塘村",
                 "大坡村", "桐子园村", "凉水井村"}
# Planned 出列 years of the poor villages; the written 出列年度 is recomputed from the households.
PLANNED_EXITS = [2016, 2017, 2017, 2018, 2018, 2018, 2019, 2019, 2019, 2020]

CAUSES = {"因病": 40, "因残": 15, "缺技术": 11, "缺劳动力": 10, "缺资金": 9, "因学": 4, "因灾": 2.5,
          "缺土地": 2, "交通条件落后": 2, "自身发展动力不足": 2, "缺水": 1.5, "其他": 1}
# Illness, disability and lack of labour make 低保/特困 households more likely.
FRAIL_CAUSES = {"因病", "因残", "缺劳动力"}
CATEGORIES = ["产业扶贫", "就业扶贫", "易地扶贫搬迁", "教育扶贫", "健康扶贫", "危房改造", "金融扶贫",
              "光伏扶贫", "生态扶贫", "兜底保障", "基础设施", "其他"]

SURNAMES = ("杨" * 9 + "张" * 7 + "吴" * 6 + "王" * 6 + "李" * 6 + "刘" * 5 + "陈" * 5 + "龙" * 4
            + "田" * 4 + "罗" * 4 + "周" * 3 + "黄" * 3 + "徐" * 3 + "胡" * 3 + "冉" * 3 + "安" * 2
            + "任" * 2 + "何" * 2 + "付" * 2 + "石" * 2 + "谢" * 2 + "蒋" + "邓" + "舒" + "熊" + "赵"
            + "孙" + "朱" + "彭" + "肖" + "邹" + "梁" + "韦" + "袁" + "曾" + "秦" + "潘" + "姚")
MALE_CHARS = "明国华建军文德学永光成富贵福强兵勇忠生林海平志祥发昌荣安云江松顺家正开洪金银元全才仁义贤"
FEMALE_CHARS = "秀英兰芳梅珍玉菊凤琴花翠春霞莲桂群美娥艳丽燕萍香莉琼芬"
UNITS = ["示例县扶贫开发办公室", "示例县财政局", "示例县教育局", "示例县卫生健康局", "示例县交通运输局",
         "示例县水务局", "示例县农业局", "示例县林业局", "示例县人力资源和社会保障局",
         "示例县住房和城乡建设局", "示例县民政局", "示例县公安局", "示例县人民法院", "示例县人民检察院",
         "示例县供电局", "示例县农村信用合作联社", "示例县国土资源局", "示例县发展和改革局",
         "中共示例县委组织部", "中共示例县委宣传部", "示例县人民医院", "示例县中医院", "示例县第一中学",
         "示例县统计局", "示例县审计局", "示例县市场监督管理局", "示例县生态环境局"]



def _headers(kind: str, keys: str) -> list[str]:
    """The field labels of fields.yaml with their units (家庭人口数（人）): the headers the importer knows best."""
    fields = catalog().kinds[kind].fields
    return [fields[k].label + (f"（{fields[k].unit}）" if fields[k].unit else "") for k in keys.split()]


HOUSEHOLD_HEADERS = _headers("households", "year county township village group household_id head_name head_id_number "
                             "household_size attribute main_cause other_causes status exit_year identified_year "
                             "income_per_capita wage_income business_income property_income transfer_income helper "
                             "helper_unit")
VILLAGE_HEADERS = _headers("villages", "year county township village is_poor_village total_households total_population "
                           "agri_population exit_year collective_income")
PROJECT_HEADERS = _headers("projects", "year project_name category township villages total_investment fiscal_funds "
                           "beneficiary_households beneficiary_population status start_date end_date")
MEASURE_HEADERS = _headers("measures", "year township village household_id head_id_number category detail amount")
AREA_HEADERS = _headers("areas", "year area level rural_population poor_population incidence_pct income_per_capita")

# National reference figures (DOMAIN.md): poor population (万人), incidence (%), income of
# rural residents in poor areas (元, where published).
NATIONAL = {2014: (7017, 7.2, None), 2015: (5575, 5.7, None), 2016: (4335, 4.5, 8452),
            2017: (3046, 3.1, 9377), 2018: (1660, 1.7, None), 2019: (551, 0.6, 11567)}


@dataclass
class Village:
    township: str
    name: str
    code: str
    poor: bool
    planned_exit: int | None
    agri: dict[int, int]
    total_population: dict[int, int]
    total_households: dict[int, int]
    collective_income: dict[int, float]
    target_incidence: dict[int, float]
    exit_year: int | None = None
    groups: int = 8


@dataclass
class Household:
    code: str
    village: Village
    group: str
    head_name: str
    id_number: str
    attribute: str
    main_cause: str
    other_causes: tuple[str, ...]
    identified: int
    sizes: dict[int, int]
    helpers: dict[int, tuple[str, str]]
    priority: float
    exit_year: int | None = None        # first exit
    relapse_year: int | None = None     # the one year marked 返贫
    stays_poor: bool = False
    relocated_year: int | None = None
    house_rebuilt_year: int | None = None
    income: dict[int, float] = field(default_factory=dict)
    components: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)

    def status(self, year: int) -> tuple[str, int | None]:
        """脱贫状态 and 脱贫年度 in the year's snapshot."""
        if self.relapse_year == year:
            return "返贫", None
        if self.relapse_year is not None and year > self.relapse_year:
            return "已脱贫", self.relapse_year + 1
        if self.exit_year is not None and year >= self.exit_year:
            return "已脱贫", self.exit_year
        return "未脱贫", None

    def is_poor(self, year: int) -> bool:
        return self.status(year)[0] != "已脱贫"


@dataclass
class Project:
    year: int
    name: str
    category: str
    township: str
    place: str
    villages: list[Village]
    total: float
    fiscal: float
    households: int
    persons: int
    status: str
    start: str | None
    end: str | None


@dataclass
class Measure:
    household: Household
    category: str
    detail: str
    amount: float | None


@dataclass
class County:
    villages: list[Village]
    households: list[Household]
    projects: dict[int, list[Project]]
    measures: dict[int, list[Measure]]

    def snapshot(self, year: int, township: str | None = None) -> list[Household]:
        return [h for h in self.households if h.identified <= year
                and (township is None or h.village.township == township)]


def _rng(part: str) -> random.Random:
    # One stream per part, so changing projects does not reshuffle households.
    return random.Random(f"{SEED}:{part}")


def _id_number(rng: random.Random, born_from: int, born_to: int, male: bool, taken: set[str]) -> str:
    start, end = dt.date(born_from, 1, 1).toordinal(), dt.date(born_to, 12, 31).toordinal()
    while True:
        birth = dt.date.fromordinal(rng.randint(start, end))
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        if seq == 0:
            continue
        first17 = f"{AREA_CODE}{birth:%Y%m%d}{seq:03d}"
        number = first17 + check_digit(first17)
        if number not in taken:
            taken.add(number)
            return number


def _person_name(rng: random.Random, male: bool) -> str:
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.78 else "")
    return rng.choice(SURNAMES) + given


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _build_villages(rng: random.Random) -> list[Village]:
    planned = PLANNED_EXITS[:]
    rng.shuffle(planned)
    villages = []
    for t_index, (township, names) in enumerate(TOWNSHIPS.items()):
        for v_index, name in enumerate(names):
            poor = name in POOR_VILLAGES
            agri0 = rng.randint(2300, 3000) if poor else rng.randint(1000, 3000)
            agri, total_pop, total_hh, collective = {}, {}, {}, {}
            non_agri_share = rng.uniform(0.04, 0.14)
            persons_per_hh = rng.uniform(3.0, 3.5)
            income = 0.0 if poor and rng.random() < 0.35 else (
                rng.uniform(0.3, 2.0) if poor else rng.uniform(2.0, 15.0))
            a = float(agri0)
            for year in YEARS:
                if year > YEARS[0]:
                    a *= 1 + rng.uniform(-0.012, 0.004)
                    income = (income + rng.uniform(1.0, 5.0)) if poor else income * rng.uniform(1.08, 1.30)
                agri[year] = min(3000, max(800, round(a)))
                total_pop[year] = round(agri[year] / (1 - non_agri_share))
                total_hh[year] = round(total_pop[year] / persons_per_hh)
                collective[year] = round(income, 2)
            village = Village(
                township=township, name=name, code=f"{101 + t_index}{v_index + 1:03d}", poor=poor,
                planned_exit=planned.pop() if poor else None, agri=agri, total_population=total_pop,
                total_households=total_hh, collective_income=collective, target_incidence={},
                groups=rng.randint(6, 12))
            village.target_incidence = _incidence_path(rng, village)
            villages.append(village)
    return villages


def _incidence_path(rng: random.Random, village: Village) -> dict[int, float]:
    """Share of the agricultural population still poor at the end of each year."""
    path = {}
    if village.poor:
        exit_year = village.planned_exit
        # Villages that got out early started from a lower rate.
        start = rng.uniform(0.12, 0.16) if exit_year <= 2017 else rng.uniform(0.15, 0.21)
        before = rng.uniform(0.026, 0.04)          # the year before 出列: still above 2 %
        steps = exit_year - 1 - 2014
        for year in YEARS:
            if year < exit_year:
                path[year] = start * (before / start) ** ((year - 2014) / steps) if steps else start
            elif year == exit_year:
                path[year] = rng.uniform(0.008, 0.016)
            else:
                path[year] = path[year - 1] * rng.uniform(0.25, 0.5)
    else:
        start = rng.uniform(0.035, 0.06)
        end = rng.uniform(0.002, 0.005)
        for year in YEARS:
            path[year] = start * (end / start) ** ((year - 2014) / 5)
    path[2020] = 0.0
    return path


def _size(rng: random.Random, attribute: str) -> int:
    if attribute == "特困供养贫困户":
        return rng.choices([1, 2], weights=[70, 30])[0]
    return rng.choices([1, 2, 3, 4, 5, 6], weights=[11, 25, 27, 21, 11, 5])[0]


def _attribute(rng: random.Random, cause: str) -> str:
    weights = [45, 42, 13] if cause in FRAIL_CAUSES else [68, 27, 5]
    return rng.choices(["一般贫困户", "低保贫困户", "特困供养贫困户"], weights=weights)[0]


def _new_household(rng: random.Random, village: Village, seq: int, identified: int,
                   helper_pool: list[tuple[str, str]], helper_pool_2018: list[tuple[str, str]],
                   taken: set[str]) -> Household:
    cause = _weighted(rng, CAUSES)
    attribute = _attribute(rng, cause)
    size = _size(rng, attribute)
    n_other = rng.choices([0, 1, 2], weights=[45, 40, 15])[0]
    others = [c for c in CAUSES if c != cause]
    other_causes = tuple(sorted(rng.sample(others, n_other), key=list(CAUSES).index))
    male = rng.random() < 0.84
    elderly = attribute == "特困供养贫困户" or (size == 1 and rng.random() < 0.6)
    born_from, born_to = (1930, 1958) if elderly else (1938, 1996)
    id_number = _id_number(rng, born_from, born_to, male, taken)

    sizes = {year: size for year in YEARS}
    if rng.random() < 0.12:                         # a birth, a marriage or a death
        change = rng.randint(max(identified + 1, 2015), 2020)
        delta = 1 if (size == 1 or (size < 6 and rng.random() < 0.5)) else -1
        for year in YEARS:
            if year >= change:
                sizes[year] = size + delta

    helper = rng.choice(helper_pool)
    helper_2018 = helper if rng.random() < 0.7 else rng.choice(helper_pool_2018)
    helpers = {year: helper if year < 2018 else helper_2018 for year in YEARS}

    priority = rng.random()
    priority += {"一般贫困户": 0.0, "低保贫困户": 0.25, "特困供养贫困户": 0.6}[attribute]
    priority += 0.2 if cause in FRAIL_CAUSES else (-0.1 if cause in {"缺技术", "缺资金", "缺土地"} else 0)

    return Household(
        code=f"{AREA_CODE}{village.code}{seq:04d}", village=village,
        group=f"{rng.randint(1, village.groups)}组", head_name=_person_name(rng, male),
        id_number=id_number, attribute=attribute, main_cause=cause, other_causes=other_causes,
        identified=identified, sizes=sizes, helpers=helpers, priority=priority)


def _helper_pool(rng: random.Random, village: Village, unit: str, n: int) -> list[tuple[str, str]]:
    township_gov = f"{village.township}人民政府"
    return [(_person_name(rng, rng.random() < 0.7), unit if rng.random() < 0.6 else township_gov)
            for _ in range(n)]


def _build_households(rng: random.Random, villages: list[Village]) -> list[Household]:
    taken: set[str] = set()
    units = UNITS[:]
    rng.shuffle(units)
    households: list[Household] = []
    for village, unit in zip(villages, units):
        poor_2014 = village.target_incidence[2014] * village.agri[2014]
        exit_share_2014 = rng.uniform(0.30, 0.40)
        cohort_persons = poor_2014 / (1 - exit_share_2014)
        late_persons = {2015: 0.035, 2016: 0.02, 2017: 0.035}
        n_helpers = max(4, round(cohort_persons / 25))
        pool = _helper_pool(rng, village, unit, n_helpers)
        pool_2018 = pool[: n_helpers // 2] + _helper_pool(rng, village, unit, n_helpers - n_helpers // 2)

        members: list[Household] = []
        persons = 0.0
        while persons < cohort_persons:
            h = _new_household(rng, village, len(members) + 1, 2014, pool, pool_2018, taken)
            members.append(h)
            persons += h.sizes[2014]
        for year, share in late_persons.items():
            added = 0.0
            while added < cohort_persons * share * rng.uniform(0.5, 1.5):
                h = _new_household(rng, village, len(members) + 1, year, pool, pool_2018, taken)
                members.append(h)
                added += h.sizes[year]
        _assign_exits(rng, village, members)
        households.extend(members)

    _assign_relapses(rng, households)
    for h in households:
        _assign_income(rng, h)
    _assign_one_off_measures(rng, households)
    for village in villages:
        village.exit_year = _village_exit_year(village, households) if village.poor else None
    return households


def _assign_exits(rng: random.Random, village: Village, members: list[Household]) -> None:
    """Exit households year by year, easiest first, until the village meets its target."""
    if not village.poor and rng.random() < 0.25:
        # A few households county-wide are still not out of poverty at the end of 2020.
        frailest = max((h for h in members if h.identified == 2014), key=lambda h: h.priority)
        frailest.stays_poor = True
    for year in YEARS:
        poor = [h for h in members if h.identified <= year and h.exit_year is None]
        remaining = sum(h.sizes[year] for h in poor)
        target = village.target_incidence[year] * village.agri[year]
        candidates = sorted((h for h in poor if not h.stays_poor),
                            key=lambda h: (h.identified == year, h.priority))
        for h in candidates:
            if remaining <= target:
                break
            h.exit_year = year
            remaining -= h.sizes[year]


def _assign_relapses(rng: random.Random, households: list[Household]) -> None:
    eligible = [h for h in households if h.exit_year is not None and h.exit_year <= 2018]
    for h in rng.sample(eligible, round(len(households) * 0.01)):
        h.relapse_year = rng.randint(h.exit_year + 1, min(2019, h.exit_year + 2))


def _assign_income(rng: random.Random, h: Household) -> None:
    """Per-capita income: rising 10–20 % a year, above the line from the exit year on."""
    y0, exit_year = h.identified, h.exit_year
    low, high = (1800.0, 2780.0) if y0 == 2014 else (POVERTY_LINE[y0] * 0.65, POVERTY_LINE[y0] * 0.97)
    if exit_year == y0:
        path = {y0: POVERTY_LINE[y0] * rng.uniform(1.01, 1.10)}
    else:
        end_year = exit_year if exit_year is not None else 2020
        n = end_year - y0
        if exit_year is not None:
            lo_end, hi_end = POVERTY_LINE[end_year] * 1.02, POVERTY_LINE[end_year] * 1.35
        else:
            lo_end, hi_end = POVERTY_LINE[2020] * 0.78, POVERTY_LINE[2020] * 0.97
        b_lo, b_hi = max(low, lo_end / 1.22 ** n), min(high, hi_end / 1.10 ** n)
        base = rng.uniform(b_lo, b_hi) if b_lo <= b_hi else min(b_lo, high)
        g_lo = max(0.10, (lo_end / base) ** (1 / n) - 1)
        g_hi = min(0.22, (hi_end / base) ** (1 / n) - 1)
        growth = rng.uniform(g_lo, g_hi) if g_lo <= g_hi else g_lo
        end = base * (1 + growth) ** n
        path = {}
        for i, year in enumerate(range(y0, end_year + 1)):
            wobble = 1.0 if i in (0, n) else rng.uniform(0.97, 1.03)
            path[year] = base * (end / base) ** (i / n) * wobble
    # Not yet out of poverty: income stays around the line (exit comes with a jump in income).
    cap = rng.uniform(0.90, 1.04)
    for year in path:
        if exit_year is None or year < exit_year:
            path[year] = min(path[year], POVERTY_LINE[year] * cap * rng.uniform(0.99, 1.01))
    last = max(path)
    for year in range(last + 1, 2021):
        line = POVERTY_LINE[year]
        if year == h.relapse_year:
            value = line * rng.uniform(0.60, 0.92)
        else:
            value = path[year - 1] * rng.uniform(1.09, 1.19)
            if year - 1 == h.relapse_year:
                value = max(path[year - 2] * rng.uniform(1.05, 1.15), line * rng.uniform(1.05, 1.25))
            if value < line * 1.02:
                value = line * rng.uniform(1.03, 1.15)
        path[year] = value
    # 错退 risk: exited, yet below the line in one year (a realistic suspect case).
    if exit_year is not None and rng.random() < 0.015:
        year = rng.randint(exit_year, 2020)
        if year != h.relapse_year:
            path[year] = POVERTY_LINE[year] * rng.uniform(0.88, 0.995)

    dividend = rng.uniform(100, 600) if rng.random() < 0.3 else 0.0
    transfer_range = {"一般贫困户": (0.08, 0.22), "低保贫困户": (0.35, 0.60),
                      "特困供养贫困户": (0.75, 0.95)}[h.attribute]
    wage_share = rng.uniform(0.45, 0.80) if h.attribute != "特困供养贫困户" else rng.uniform(0.0, 0.3)
    for year, per_capita in path.items():
        per_capita = round(per_capita, 2)
        total = round(per_capita * h.sizes[year], 2)
        transfer_share = min(0.98, rng.uniform(*transfer_range) + (0.05 if year >= 2018 else 0))
        prop = round(min(dividend, total * 0.15), 2) if year >= 2017 else 0.0
        rest = max(0.0, total - prop - total * transfer_share)
        wage = round(rest * wage_share, 2)
        business = round(rest - wage, 2)
        transfer = round(total - wage - business - prop, 2)
        h.income[year] = per_capita
        h.components[year] = (wage, business, prop, transfer)


def _assign_one_off_measures(rng: random.Random, households: list[Household]) -> None:
    for h in households:
        if rng.random() < 0.04:
            h.relocated_year = rng.randint(max(2016, h.identified), 2019)
        elif rng.random() < 0.09:
            h.house_rebuilt_year = rng.randint(max(2015, h.identified), 2019)


def _village_exit_year(village: Village, households: list[Household]) -> int | None:
    members = [h for h in households if h.village is village]
    for year in range(2016, 2021):
        poor = sum(h.sizes[year] for h in members if h.identified <= year and h.is_poor(year))
        if poor / village.agri[year] < 0.02:
            return year
    return None


# category: (name templates, investment range in 万元, fiscal share range, scope)
# scope: "village", "villages" (two or three), "township" (全镇/全乡)
PROJECT_TEMPLATES = {
    "产业扶贫": ([("{village}{year}年{crop}产业扶贫项目", "village"),
               ("{town}{year}年{crop}产业基地建设项目", "villages")], (20, 300), (0.6, 1.0)),
    "就业扶贫": ([("{town}扶贫车间建设项目", "village"),
               ("{town}{year}年贫困劳动力技能培训", "township")], (5, 80), (0.8, 1.0)),
    "易地扶贫搬迁": ([("{town}易地扶贫搬迁安置点配套设施建设", "township"),
                ("{village}易地扶贫搬迁集中安置点建设", "village")], (200, 800), (0.7, 1.0)),
    "教育扶贫": ([("{village}小学教学楼改扩建项目", "village"),
               ("{town}{year}年雨露计划及教育资助", "township")], (10, 300), (0.7, 1.0)),
    "健康扶贫": ([("{village}标准化卫生室建设", "village"),
               ("{town}{year}年贫困人口医疗保险资助", "township")], (10, 80), (0.8, 1.0)),
    "危房改造": ([("{town}{year}年农村危房改造项目", "villages"),
               ("{town}{year}年老旧住房透风漏雨整治", "township")], (50, 400), (0.6, 1.0)),
    "金融扶贫": ([("{town}{year}年扶贫小额信贷贴息", "township"),
               ("{town}{year}年产业发展风险补偿金", "township")], (10, 150), (1.0, 1.0)),
    "光伏扶贫": ([("{village}村级光伏扶贫电站建设", "village"),
               ("{town}集中式光伏扶贫电站", "villages")], (60, 500), (0.5, 0.9)),
    "生态扶贫": ([("{town}{year}年生态护林员补助", "township"),
               ("{village}新一轮退耕还林工程", "village")], (10, 150), (0.9, 1.0)),
    "兜底保障": ([("{town}{year}年农村低保提标补助", "township"),
               ("{town}敬老院改扩建项目", "village")], (20, 200), (1.0, 1.0)),
    "基础设施": ([("{village}通组路硬化工程", "village"),
               ("{village}安全饮水巩固提升工程", "village"),
               ("{villages}产业路建设工程", "villages"),
               ("{village}农村电网改造升级工程", "village")], (30, 500), (0.5, 1.0)),
    "其他": ([("{village}村级综合服务中心建设", "village"),
            ("{town}{year}年扶贫档案规范化建设", "township")], (5, 60), (0.8, 1.0)),
}
CROPS = ["茶叶", "精品水果", "食用菌", "中药材", "生态养殖", "蔬菜保供", "花椒", "中蜂养殖"]
PROJECTS_PER_YEAR = {2014: 9, 2015: 11, 2016: 15, 2017: 18, 2018: 20, 2019: 16, 2020: 12}
CATEGORY_WEIGHTS = {"产业扶贫": 20, "基础设施": 22, "危房改造": 8, "易地扶贫搬迁": 5, "教育扶贫": 6,
                    "健康扶贫": 6, "就业扶贫": 7, "金融扶贫": 6, "光伏扶贫": 5, "生态扶贫": 5,
                    "兜底保障": 4, "其他": 4}


def _build_projects(rng: random.Random, villages: list[Village],
                    households: list[Household]) -> dict[int, list[Project]]:
    by_village: dict[tuple[int, str], tuple[int, int]] = {}
    for year in YEARS:
        for h in households:
            if h.identified <= year:
                key = (year, h.village.name)
                n, p = by_village.get(key, (0, 0))
                by_village[key] = (n + 1, p + h.sizes[year])

    # Every category appears at least once: the first slots of each year rotate through them.
    guaranteed = CATEGORIES[:]
    rng.shuffle(guaranteed)
    guaranteed.remove("光伏扶贫")
    guaranteed.insert(5, "光伏扶贫")   # lands in 2016 or later
    projects: dict[int, list[Project]] = {}
    for year in YEARS:
        items = []
        for slot in range(PROJECTS_PER_YEAR[year]):
            if slot < 2 and guaranteed:
                category = guaranteed.pop(0)
            else:
                weights = dict(CATEGORY_WEIGHTS)
                if year < 2016:
                    weights.pop("光伏扶贫")
                category = _weighted(rng, weights)
            items.append(_project(rng, year, category, villages, by_village))
        projects[year] = items
    # The last year is still under way: make sure both unfinished states occur.
    last = projects[YEARS[-1]]
    for status in ("在建", "未开工"):
        if not any(p.status == status for p in last):
            p = rng.choice([p for p in last if p.status in ("已完工", "已验收")])
            p.status, p.end = status, None
            if status == "未开工":
                p.start = None
    return projects


def _project(rng: random.Random, year: int, category: str, villages: list[Village],
             by_village: dict[tuple[int, str], tuple[int, int]]) -> Project:
    templates, (lo, hi), (f_lo, f_hi) = PROJECT_TEMPLATES[category]
    template, scope = rng.choice(templates)
    township = rng.choice(list(TOWNSHIPS))
    local = [v for v in villages if v.township == township]
    weights = [3 if v.poor else 1 for v in local]
    if scope == "township":
        chosen = local
        place = "全乡" if township.endswith("乡") else "全镇"
    else:
        k = 1 if scope == "village" else rng.randint(2, 3)
        chosen = []
        while len(chosen) < k:
            v = rng.choices(local, weights=weights)[0]
            if v not in chosen:
                chosen.append(v)
        chosen.sort(key=local.index)
        place = "、".join(v.name for v in chosen)
    name = template.format(village=chosen[0].name, villages="".join(v.name[:-1] for v in chosen) + "村",
                           town=township, year=year, crop=rng.choice(CROPS))
    total = round(rng.uniform(lo, hi), 2)
    fiscal = round(min(total, total * rng.uniform(f_lo, f_hi)), 2)
    poor_hh = sum(by_village.get((year, v.name), (0, 0))[0] for v in chosen)
    poor_persons = sum(by_village.get((year, v.name), (0, 0))[1] for v in chosen)
    share = rng.uniform(0.1, 0.45) if scope == "township" else rng.uniform(0.2, 0.8)
    households = max(1, round(poor_hh * share))
    persons = min(poor_persons, max(households, round(households * rng.uniform(2.6, 3.3))))

    if year < 2019:
        status = rng.choices(["已验收", "已完工"], weights=[80, 20])[0]
    elif year == 2019:
        status = rng.choices(["已验收", "已完工"], weights=[50, 50])[0]
    else:
        status = rng.choices(["已验收", "已完工", "在建", "未开工"], weights=[25, 35, 28, 12])[0]
    start = end = None
    if status != "未开工":
        start_date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(60, 270))
        start = start_date.isoformat()
        if status != "在建":
            end_date = start_date + dt.timedelta(days=rng.randint(45, 300))
            if year == YEARS[-1]:
                end_date = min(end_date, dt.date(year, 12, rng.randint(5, 28)))
            end = end_date.isoformat()
    return Project(year, name, category, township, place, chosen, total, fiscal, households,
                   persons, status, start, end)


# detail: (amount low, high) in 元 for the household and year; None where no money changes hands.
MEASURE_DETAILS = {
    "产业扶贫": {"生猪养殖到户补助": (1000, 3000), "肉牛养殖到户补助": (3000, 6000), "茶叶种植奖补": (500, 2000),
             "精品水果种植奖补": (500, 2500), "食用菌产业入股分红": (300, 1200), "中蜂养殖补助": (1000, 5000),
             "种植养殖技术指导": None},
    "就业扶贫": {"劳务输出稳岗补贴": (300, 1000), "就业技能培训（电焊工）": None, "就业技能培训（家政服务）": None,
             "推荐到扶贫车间就业": None, "外出务工交通补贴": (200, 800)},
    "易地扶贫搬迁": {"易地扶贫搬迁安置": (20000, 20000)},
    "教育扶贫": {"雨露计划职业教育补助": (1500, 3000), "普通高中国家助学金": (1000, 2500),
             "学前教育资助": (500, 1000), "生源地信用助学贷款": (6000, 8000)},
    "健康扶贫": {"城乡居民医保个人缴费资助": (90, 250), "家庭医生签约服务": None, "大病医疗救助": (2000, 20000),
             "慢病门诊补助": (300, 1500)},
    "危房改造": {"农村危房改造补助": (10000, 35000)},
    "金融扶贫": {"扶贫小额信贷": (20000, 50000), "小额信贷贴息": (500, 2500)},
    "光伏扶贫": {"光伏扶贫收益分配": (500, 3000)},
    "生态扶贫": {"生态护林员岗位补助": (10000, 10000), "退耕还林补助": (600, 3000), "公益性岗位补助": (6000, 9600)},
    "兜底保障": {"农村低保金": (1500, 3000), "特困人员供养金": (4000, 6000), "临时救助": (500, 2000),
             "残疾人两项补贴": (600, 1200)},
    "基础设施": {"通组路硬化受益": None, "安全饮水入户": None, "农村电网改造入户": None, "4G网络覆盖到户": None},
    "其他": {"节日慰问": (200, 800), "结对帮扶物资": (300, 1000)},
}
MEASURE_WEIGHTS = {"产业扶贫": 25, "就业扶贫": 15, "教育扶贫": 5, "健康扶贫": 12, "金融扶贫": 8,
                   "光伏扶贫": 6, "生态扶贫": 6, "基础设施": 10, "其他": 7, "兜底保障": 2}
MEASURE_COVERAGE = {2014: 0.91, 2015: 0.93, 2016: 0.95, 2017: 0.96, 2018: 0.97, 2019: 0.96, 2020: 0.94}
# Measures per household, 1–6: fewer at the start, "5项以上" pushed in 2017–2019.
MEASURE_COUNTS = {2014: [30, 30, 22, 10, 5, 3], 2015: [20, 28, 25, 15, 8, 4],
                  2016: [12, 20, 26, 22, 13, 7], 2017: [6, 12, 20, 25, 22, 15],
                  2018: [4, 8, 16, 24, 28, 20], 2019: [4, 8, 15, 24, 28, 21],
                  2020: [6, 12, 20, 26, 22, 14]}


def _build_measures(rng: random.Random, households: list[Household]) -> dict[int, list[Measure]]:
    measures: dict[int, list[Measure]] = {}
    for year in YEARS:
        rows = []
        for h in households:
            if h.identified > year or rng.random() > MEASURE_COVERAGE[year]:
                continue
            count = rng.choices(range(1, 7), weights=MEASURE_COUNTS[year])[0]
            categories = []
            if h.relocated_year == year:
                categories.append("易地扶贫搬迁")
            if h.house_rebuilt_year == year:
                categories.append("危房改造")
            if h.attribute != "一般贫困户":
                categories.append("兜底保障")
            if h.main_cause in {"因病", "因残"} and rng.random() < 0.8:
                categories.append("健康扶贫")
            if (h.main_cause == "因学" or "因学" in h.other_causes) and rng.random() < 0.9:
                categories.append("教育扶贫")
            weights = dict(MEASURE_WEIGHTS)
            if year < 2017:
                weights.pop("光伏扶贫")
            while len(categories) < count:
                categories.append(_weighted(rng, weights))
            used: set[str] = set()
            for category in categories[:count]:
                options = [d for d in MEASURE_DETAILS[category] if d not in used]
                if category == "兜底保障":
                    preferred = "特困人员供养金" if h.attribute == "特困供养贫困户" else "农村低保金"
                    if h.attribute != "一般贫困户" and preferred not in used:
                        options = [preferred]
                    else:
                        options = [d for d in options if d not in ("农村低保金", "特困人员供养金")]
                if not options:
                    continue
                detail = rng.choice(options)
                used.add(detail)
                rows.append(Measure(h, category, detail, _measure_amount(rng, h, year, category, detail)))
        measures[year] = rows
    return measures


def _measure_amount(rng: random.Random, h: Household, year: int, category: str, detail: str) -> float | None:
    amount_range = MEASURE_DETAILS[category][detail]
    if amount_range is None:
        return None
    lo, hi = amount_range
    size = h.sizes[year]
    if detail in ("易地扶贫搬迁安置", "农村低保金", "城乡居民医保个人缴费资助"):
        return float(round(rng.uniform(lo, hi) * size, -1) if lo != hi else lo * size)
    if detail == "扶贫小额信贷":
        return float(rng.choice(range(lo, hi + 1, 10000)))
    return float(round(rng.uniform(lo, hi), -1))


def build_county() -> County:
    villages = _build_villages(_rng("villages"))
    households = _build_households(_rng("households"), villages)
    projects = _build_projects(_rng("projects"), villages, households)
    measures = _build_measures(_rng("measures"), households)
    return County(villages, households, projects, measures)


def _planted_suspects(county: County) -> dict[tuple[int, str], dict[str, object]]:
    """A handful of 疑点 written into a few households' rows, so that 精准核查 has something to show:
    (year, household code) → the cells written differently from the model. Figures stay as they were
    except 2019's income structure (one household's wage) and 2020's income and causes (two households)."""
    def first(test, taken):
        h = next(h for h in county.households if h.code not in taken and test(h))
        taken.add(h.code)
        return h

    taken: set[str] = set()
    out: dict[tuple[int, str], dict[str, object]] = {}
    # 上年已脱贫本年未脱贫但未标注返贫: a 2019 relapse written 未脱贫.
    h = first(lambda h: h.relapse_year == 2019, taken)
    out[(2019, h.code)] = {"status": "未脱贫"}
    # 主要致贫原因缺失 in 2020.
    h = first(lambda h: h.is_poor(2020), taken)
    out[(2020, h.code)] = {"main_cause": None}
    # 错评风险: a household still poor in 2020 with income above twice the line (components to match).
    h = first(lambda h: h.is_poor(2020), taken)
    income = round(POVERTY_LINE[2020] * 2.15, 2)
    wage, business, prop, _ = (round(x * income / h.income[2020], 2) for x in h.components[2020])
    out[(2020, h.code)] = {"income": income, "components": (wage, business, prop,
                                                             round(income * h.sizes[2020] - wage - business - prop, 2))}
    # 已脱贫户缺少脱贫年度 in 2020 (it exited in 2017, so no year's exit count changes).
    h = first(lambda h: h.exit_year == 2017 and h.relapse_year is None, taken)
    out[(2020, h.code)] = {"exit_year": None}
    # 脱贫年度早于识别年度: 识别年度 written 2018 for a household that exited in 2016.
    h = first(lambda h: h.exit_year == 2016 and h.identified == 2014 and h.relapse_year is None, taken)
    out[(2020, h.code)] = {"identified": 2018}
    # 收入构成与人均纯收入不符: a 2019 wage income 2,000 元 too high.
    h = first(lambda h: h.exit_year == 2018 and h.relapse_year is None, taken)
    wage, business, prop, transfer = h.components[2019]
    out[(2019, h.code)] = {"components": (round(wage + 2000, 2), business, prop, transfer)}
    return out


def _household_rows(county: County, year: int, township: str) -> list[list]:
    rows = []
    planted = _planted_suspects(county)
    for h in county.snapshot(year, township):
        status, exit_year = h.status(year)
        helper, unit = h.helpers[year]
        cells = {"status": status, "exit_year": exit_year, "main_cause": h.main_cause, "identified": h.identified,
                 "income": h.income[year], "components": h.components[year], **planted.get((year, h.code), {})}
        rows.append([year, COUNTY, township, h.village.name, h.group, h.code, h.head_name, h.id_number,
                     h.sizes[year], h.attribute, cells["main_cause"], "、".join(h.other_causes) or None, cells["status"],
                     cells["exit_year"], cells["identified"], cells["income"], *cells["components"], helper, unit])
    return rows


def _village_rows(county: County) -> list[list]:
    rows = []
    for year in YEARS:
        for v in county.villages:
            exited = v.exit_year if v.exit_year is not None and year >= v.exit_year else None
            rows.append([year, COUNTY, v.township, v.name, "是" if v.poor else "否", v.total_households[year],
                         v.total_population[year], v.agri[year], exited, v.collective_income[year]])
    return rows


def _project_rows(county: County, year: int) -> list[list]:
    return [[p.year, p.name, p.category, p.township, p.place, p.total, p.fiscal, p.households,
             p.persons, p.status, p.start, p.end] for p in county.projects[year]]


def _measure_rows(county: County, year: int) -> list[list]:
    return [[year, m.household.village.township, m.household.village.name, m.household.code,
             m.household.id_number, m.category, m.detail, m.amount] for m in county.measures[year]]


def _area_rows(rng: random.Random) -> list[list]:
    rows = []
    for year, (poor_wan, incidence, income) in NATIONAL.items():
        rows.append([year, "全国", "全国", None, poor_wan * 10000, incidence, income])
    rural = 27_600_000.0
    incidence_path = {2014: 17.6, 2015: 14.0, 2016: 10.6, 2017: 7.5, 2018: 4.3, 2019: 1.2, 2020: 0.0}
    income = 6671.0
    for year in YEARS:
        if year > 2014:
            rural *= 1 - rng.uniform(0.012, 0.018)
            income *= 1 + rng.uniform(0.095, 0.11)
        rural_people = round(rural, -3)
        poor = round(rural_people * incidence_path[year] / 100 * rng.uniform(0.99, 1.01), -2)
        rows.append([year, "示例省", "省", int(rural_people), int(poor),
                     round(100 * poor / rural_people, 2), round(income)])
    return rows

# The monitoring era (2021 on) ---------------------------------------------------------------------------------
ERA_YEARS = tuple(range(2021, 2026))
# The exports' column names (the monitoring system's, not our labels: the importer maps them).
MONITORING_HEADERS = ["县", "乡", "村", "户编号", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "文化程度", "健康状况",
                      "劳动技能", "户类型", "监测对象类别", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间",
                      "致贫/返贫风险1", "致贫/返贫风险2", "人均纯收入（元）", "工资性收入（元）", "生产经营性收入（元）",
                      "财产性收入（元）", "转移性收入（元）", "家庭成员联系电话", "综合保障", "产业帮扶", "就业帮扶",
                      "健康帮扶", "教育帮扶", "住房安全保障"]
ERA_MEASURE_HEADERS = MONITORING_HEADERS[MONITORING_HEADERS.index("综合保障"):]    # the 帮扶 columns
ERA_TEXT_COLUMNS = {"户编号", "证件号码", "家庭成员联系电话"}
RISK_WEIGHTS = {"因病": 38, "因残": 14, "因务工就业不稳": 12, "缺劳动力": 9, "因学": 7, "因意外事故": 6, "因灾": 5,
                "因产业项目失败": 3, "因安全住房": 2, "因家庭变故": 2, "因饮水安全": 1, "其他": 1}
SUDDEN_RISKS = {"因病": 50, "因意外事故": 30, "因灾": 20}
# Incomes of households that fall under monitoring: about this per capita in the year they are identified (the
# generator's own figure, below the demo's monitoring line of the year).
AT_RISK_INCOME = {2021: 5600, 2022: 6000, 2023: 6400, 2024: 6800, 2025: 7100}
# The demo county's 防止返贫监测范围 (元 per person and year), set when the demo is loaded (load_demo): the demo's own
# setting, in the range provinces set (贵州 2023: 7300元), never a default for real data — a store of real imports
# says 未设置监测范围 until an admin sets its lines.
DEMO_MONITORING_LINES = {2021: 6000, 2022: 6500, 2023: 7300, 2024: 7600, 2025: 7900}
# The 脱贫户's per-capita income steps up in the first year of the era (公益性岗位, 帮扶车间, transfers), so that most
# stand above the monitoring line and those below it are a finding, not the rule.
ERA_INCOME_LIFT = {2021: 1.3, 2022: 1.05}
EDUCATION = {"小学": 35, "初中": 35, "文盲或半文盲": 12, "高中": 10, "大专及以上": 8}


@dataclass
class Person:
    name: str
    id_number: str
    relation: str
    male: bool
    birth: dt.date
    education: str
    health: str


@dataclass
class EraHousehold:
    """A household of the monitoring exports: a 脱贫户 (an exited household of 2020, same 户编号 and head) or a
    监测户 first monitored in the era."""
    code: str
    village: Village
    household_type: str
    members: list[Person]
    phone: str
    income: dict[int, float]                          # per capita, by year
    shares: tuple[float, float, float, float]         # wage, business, property, transfer of the total
    since: int = 2021                                 # first year in the exports
    monitor_type: str | None = None
    identified: dt.date | None = None
    risks: tuple[str, ...] = ()
    eliminated: dt.date | None = None
    method: str | None = None
    date_forms: tuple[str, str] = ("text", "text")    # how 识别 and 消除 dates are written
    measures: dict[str, str] = field(default_factory=dict)
    measures_from: int | None = None                  # a year before it lists no 帮扶 measure (not yet in place)
    safety_net: str | None = None                     # 低保 / 特困供养 in 综合保障 (a household without labour)


@dataclass
class Era:
    households: list[EraHousehold]
    planted: dict[tuple[int, str], dict[str, object]]

    def snapshot(self, year: int, township: str | None = None) -> list[EraHousehold]:
        return [h for h in self.households if h.since <= year
                and (township is None or h.village.township == township)]


def _export_date(year: int) -> dt.date:
    return dt.date(year, 12, 18)


def _born(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def _members(rng: random.Random, head_name: str, head_id: str, size: int, taken: set[str]) -> list[Person]:
    """The head (name and ID of the 建档立卡 ledger) and size − 1 others: spouse, children, a parent."""
    head_birth = _born(head_id)
    male = int(head_id[16]) % 2 == 1
    surname = head_name[0]
    def person(relation: str, is_male: bool, born_from: int, born_to: int, name: str | None = None) -> Person:
        number = _id_number(rng, max(1925, born_from), min(2020, born_to), is_male, taken)
        return Person(name or surname + _person_name(rng, is_male)[1:], number, relation, is_male, _born(number),
                      _weighted(rng, EDUCATION), _health(rng))
    members = [Person(head_name, head_id, "户主", male, head_birth, _weighted(rng, EDUCATION), _health(rng))]
    y = head_birth.year
    slots = ["配偶"] if size > 1 and rng.random() < 0.85 else []
    while len(members) + len(slots) < size:
        slots.append("父母" if len(slots) >= 3 and y >= 1960 else "子女")
    for slot in slots[: size - 1]:
        if slot == "配偶":
            members.append(person("配偶", not male, y - 5, y + 5, name=_person_name(rng, not male)))
        elif slot == "子女":
            son = rng.random() < 0.5
            members.append(person("之子" if son else "之女", son, y + 20, y + 36))
        else:
            father = rng.random() < 0.4
            members.append(person("之父" if father else "之母", father, y - 32, y - 22))
    return members


def _health(rng: random.Random) -> str:
    return rng.choices(["健康", "长期慢性病", "患有大病", "残疾"], weights=[83, 10, 3, 4])[0]


def _labour(p: Person, on: dt.date) -> str:
    age = on.year - p.birth.year - ((on.month, on.day) < (p.birth.month, p.birth.day))
    if age < 16 or (age < 22 and p.relation in ("之子", "之女") and p.education != "文盲或半文盲" and age < 18):
        return "无劳动力"
    if p.health == "残疾" or age >= 70:
        return "丧失劳动力"
    if age >= 60 or p.health in ("长期慢性病", "患有大病"):
        return "弱劳动力或半劳动力"
    return "技能劳动力" if (p.id_number[-2] in "05") else "普通劳动力"


def _date_form(rng: random.Random) -> str:
    return rng.choices(["text", "serial", "month"], weights=[60, 25, 15])[0]


def _month_start(day: dt.date, form: str) -> dt.date:
    return day.replace(day=1) if form == "month" else day


def _monitor(rng: random.Random, h: EraHousehold, year: int, monitor_type: str, risks: dict[str, float]) -> None:
    """Identify the household in `year`; its risk is eliminated 6–22 months later (帮扶消除, or 自然消除)."""
    forms = (_date_form(rng), _date_form(rng))
    identified = _month_start(dt.date(year, rng.randint(1, 11), rng.randint(1, 28)), forms[0])
    first = _weighted(rng, risks)
    second = _weighted(rng, RISK_WEIGHTS) if rng.random() < 0.35 else None
    h.monitor_type, h.identified, h.date_forms = monitor_type, identified, forms
    h.risks = (first,) + ((second,) if second and second != first else ())
    months = rng.randint(6, 22)
    m = identified.month - 1 + months
    h.eliminated = _month_start(dt.date(identified.year + m // 12, m % 12 + 1, min(identified.day, 28)), forms[1])
    h.method = "自然消除" if rng.random() < 0.1 else "帮扶消除"
    # The year it falls under monitoring its income drops to about the at-risk level, and recovers after.
    drop = AT_RISK_INCOME[year] * rng.uniform(0.85, 1.05)
    for y in range(year, ERA_YEARS[-1] + 1):
        recovered = h.eliminated.year < y or (h.eliminated.year == y and h.eliminated <= _export_date(y))
        h.income[y] = round(drop * (1.10 ** (y - year)) * (1.12 if recovered else 1.0), 2)
    _measures(rng, h)


def _measures(rng: random.Random, h: EraHousehold) -> None:
    """The 帮扶 columns a monitored household's row carries, matched to its risks."""
    risks = set(h.risks)
    h.measures = {"产业帮扶": rng.choice(["特色种养", "茶叶种植补助", "中蜂养殖", "产业奖补"])}
    if risks & {"因病"}:
        h.measures["健康帮扶"] = rng.choice(["先诊疗后付费", "慢病签约服务", "医疗救助"])
    if risks & {"因学"}:
        h.measures["教育帮扶"] = rng.choice(["雨露计划", "助学金"])
    if risks & {"因务工就业不稳", "缺劳动力"} or rng.random() < 0.3:
        h.measures["就业帮扶"] = rng.choice(["劳务输出", "公益性岗位", "帮扶车间就业"])
    if risks & {"因残", "缺劳动力"} or rng.random() < 0.15:
        h.measures["综合保障"] = rng.choice(["低保", "残疾人两项补贴", "临时救助"])


def build_era(county: County) -> Era:
    """The households of 2021–2025: the 2020 snapshot's exited households as 脱贫户 (same 户编号 and head) and new
    监测户. Each year about 1.5 % of the 脱贫户 not yet monitored become 脱贫不稳定户, about a dozen households
    边缘易致贫户 (the four still 未脱贫 in 2020 among them in 2021) and two to four 突发严重困难户.

    Planted suspects of the era (for the checks of part 2; each written only in its year's file):
      - 2021: a 脱贫户's phone number with ten digits (家庭成员联系电话 not an 11-digit mobile number);
      - 2022: a child under 16 written 普通劳动力 (a person under 16 with a 劳动技能 other than 无劳动力);
      - 2023: a 脱贫不稳定户 written 户类型 监测户 (脱贫不稳定户 whose 户类型 is not 脱贫户);
      - 2023: a monitored household 风险已消除 without 消除监测时间;
      - 2024: a 帮扶消除 three months after 识别 (eliminated less than 6 months after 识别, in the model itself);
      - 2025: a 因病 household without 健康帮扶 (risk 因病 without 健康帮扶 or 社会帮扶).
    """
    rng = _rng("era")
    taken = {h.id_number for h in county.households}
    households: list[EraHousehold] = []
    for h in county.snapshot(2020):
        shares = _shares(h.components[2020], h.income[2020] * h.sizes[2020])
        eh = EraHousehold(code=h.code, village=h.village, household_type="脱贫户" if not h.is_poor(2020) else "监测户",
                          members=_members(rng, h.head_name, h.id_number, h.sizes[2020], taken),
                          phone=f"1{rng.choice('3578')}{rng.randrange(10 ** 9):09d}", income={}, shares=shares)
        income = h.income[2020]
        for year in ERA_YEARS:
            # 2021 adds the consolidation policies' transfers and jobs (ERA_INCOME_LIFT) to the yearly growth.
            income *= rng.uniform(1.05, 1.13) * ERA_INCOME_LIFT.get(year, 1.0)
            eh.income[year] = round(income, 2)
        households.append(eh)
    exited = [h for h in households if h.household_type == "脱贫户"]
    seq = 0
    for year in ERA_YEARS:
        candidates = [h for h in exited if h.monitor_type is None]
        for h in rng.sample(candidates, round(len(exited) * rng.uniform(0.012, 0.018))):
            _monitor(rng, h, year, "脱贫不稳定户", RISK_WEIGHTS)
        if year == ERA_YEARS[0]:
            new = [h for h in households if h.household_type == "监测户"]     # still 未脱贫 in 2020: never exited
        else:
            new = []
        for _ in range(rng.randint(9, 14)):
            new.append(_new_era_household(rng, county, year, seq := seq + 1, taken))
        for h in new:
            _monitor(rng, h, year, "边缘易致贫户", RISK_WEIGHTS)
        for _ in range(rng.randint(2, 4)):
            h = _new_era_household(rng, county, year, seq := seq + 1, taken)
            _monitor(rng, h, year, "突发严重困难户", SUDDEN_RISKS)
            new.append(h)
        households += [h for h in new if h.since == year and h not in households]
    for h in households:
        if h.monitor_type is None and rng.random() < 0.6:
            h.measures = {"产业帮扶": rng.choice(["特色种养", "产业奖补", "茶叶种植补助"])}
            if rng.random() < 0.35:
                h.measures["就业帮扶"] = rng.choice(["劳务输出", "公益性岗位"])
    planted = _era_suspects(rng, households)
    _measures_not_yet_in_place(households, {code for _, code in planted})
    era = Era(households, planted)
    _era_audit_suspects(era)
    return era


def _measures_not_yet_in_place(households: list[EraHousehold], planted: set[str]) -> None:
    """A few households identified late in a year have no 帮扶 measure yet in that year's export (risk open,
    every 帮扶 column blank); their measures appear from the next year. A stream of its own: nothing else moves."""
    rng = _rng("era:measures")
    for year in ERA_YEARS:
        late = [h for h in households if h.monitor_type is not None and h.code not in planted
                and h.identified.year == year and h.identified.month >= 8
                and h.eliminated > _export_date(year)]
        for h in rng.sample(late, min(len(late), rng.randint(2, 4))):
            h.measures_from = year + 1


def _shares(components: tuple[float, float, float, float], total: float) -> tuple[float, float, float, float]:
    if not total:
        return (0.6, 0.2, 0.0, 0.2)
    return tuple(max(0.0, c / total) for c in components)


def _new_era_household(rng: random.Random, county: County, year: int, seq: int, taken: set[str]) -> EraHousehold:
    """A household never registered poor that falls under monitoring in `year` (户类型 监测户)."""
    village = rng.choice(county.villages)
    male = rng.random() < 0.8
    head_id = _id_number(rng, 1945, 1995, male, taken)
    size = rng.choices([1, 2, 3, 4, 5], weights=[12, 22, 28, 25, 13])[0]
    return EraHousehold(code=f"{AREA_CODE}{village.code}9{seq:03d}", village=village, household_type="监测户",
                        members=_members(rng, _person_name(rng, male), head_id, size, taken),
                        phone=f"1{rng.choice('3578')}{rng.randrange(10 ** 9):09d}", income={},
                        shares=(rng.uniform(0.4, 0.7), 0.15, 0.0, 0.0), since=year)


def _era_suspects(rng: random.Random, households: list[EraHousehold]) -> dict[tuple[int, str], dict[str, object]]:
    """(year, 户编号) → cells written differently from the model (see build_era's docstring)."""
    def first(test):
        h = next(h for h in households if h.code not in used and test(h))
        used.add(h.code)
        return h

    used: set[str] = set()
    out: dict[tuple[int, str], dict[str, object]] = {}
    out[(2021, first(lambda h: h.household_type == "脱贫户" and h.monitor_type is None).code)] = {
        "phone": "139" + "0" * 7}
    h = first(lambda h: h.household_type == "脱贫户" and any(_labour(p, _export_date(2022)) == "无劳动力"
                                                           and 2022 - p.birth.year < 16 for p in h.members))
    child = next(i for i, p in enumerate(h.members) if 2022 - p.birth.year < 16)
    out[(2022, h.code)] = {"labour": (child, "普通劳动力")}
    out[(2023, first(lambda h: h.monitor_type == "脱贫不稳定户" and h.identified.year <= 2022).code)] = {
        "household_type": "监测户"}
    out[(2023, first(lambda h: h.monitor_type == "边缘易致贫户" and h.eliminated.year == 2023
                     and h.eliminated <= _export_date(2023)).code)] = {"eliminated_on": None}
    h = first(lambda h: h.monitor_type == "边缘易致贫户" and h.identified.year == 2024 and h.identified.month <= 6)
    h.method, h.eliminated = "帮扶消除", h.identified.replace(month=h.identified.month + 3)
    h = first(lambda h: h.monitor_type is not None and "因病" in h.risks and h.identified.year <= 2024)
    out[(2025, h.code)] = {"no_health_measure": True}
    return out


def _era_audit_suspects(era: Era) -> None:
    """The model kept clean for the era's 精准核查 rules (queries/audit/era_*.sql), then one planted suspect per rule
    not planted by _era_suspects, each in one year's file only. No random draw: the era's figures stay as they were.

    Clean: a household without labour (every member 丧失劳动力 or 无劳动力) in some year has 低保 or 特困供养 in 综合保障;
    a 因安全住房 risk has 住房安全保障.
    Planted ((year, 户编号) → what is written differently):
      - 2021: 工资性收入 2,000 元 above what adds up to 人均纯收入 (income components not adding up);
      - 2022: a 脱贫户 written 户类型 一般农户 (an exited household of 2020 missing as 脱贫户);
      - 2022: a 因残 household without 综合保障;
      - 2023: a 脱贫户 not monitored with 人均纯收入 3,800 元 (below the monitoring line, not monitored);
      - 2023: a 因安全住房 household without 住房安全保障;
      - 2023: a child whose ID number is also a member's of a household of another township (one ID in two households);
      - 2023: a member aged 70 or more in a 公益性岗位 (a job added to the year's 务工 ledger);
      - 2024: a 突发严重困难户 (never registered poor) written 户类型 脱贫户 (a 脱贫户 that is no exited household of 2020);
      - 2024: a 因学 household without 教育帮扶;
      - 2024: a 之女 written 之子 (与户主关系 vs the sex digit of the ID);
      - 2024: a household without labour and without 低保 or 特困供养;
      - 2025: an open risk without any 帮扶 measure;
      - 2025: 消除监测时间 written 45 days before 识别监测时间.
    """
    def no_labour(h: EraHousehold, year: int) -> bool:
        return all(_labour(p, _export_date(year)) in ("丧失劳动力", "无劳动力") for p in h.members)

    matched = {"因病", "因残", "因学", "因安全住房"}
    for h in era.households:
        if any(no_labour(h, y) for y in ERA_YEARS if h.since <= y):
            alone_and_old = len(h.members) == 1 and _export_date(ERA_YEARS[-1]).year - h.members[0].birth.year >= 60
            h.safety_net = "特困供养" if alone_and_old else "低保"
        if "因安全住房" in h.risks:
            h.measures["住房安全保障"] = "农村危房改造"

    used = {code for _, code in era.planted}

    def first(test) -> EraHousehold:
        h = next(h for h in era.households if h.code not in used and test(h))
        used.add(h.code)
        return h

    def monitored_in(h: EraHousehold, year: int) -> bool:
        return h.monitor_type is not None and h.identified <= _export_date(year)

    def quiet(h: EraHousehold, year: int) -> bool:
        """A 脱贫户 not monitored that year, with labour, matched to no other rule."""
        return (h.household_type == "脱贫户" and not monitored_in(h, year) and h.monitor_type is None
                and not no_labour(h, year) and h.safety_net is None)

    def risk(h: EraHousehold, year: int, name: str) -> bool:
        return (monitored_in(h, year) and name in h.risks and not (set(h.risks) - {name}) & matched
                and not no_labour(h, year) and h.safety_net is None
                and (h.eliminated - h.identified).days >= 183)

    plant = era.planted
    plant[2021, first(lambda h: quiet(h, 2021)).code] = {"wage_offset": 2000}
    plant[2022, first(lambda h: quiet(h, 2022)).code] = {"household_type": "一般农户"}
    plant[2022, first(lambda h: risk(h, 2022, "因残")).code] = {"without": ("综合保障",)}
    plant[2023, first(lambda h: quiet(h, 2023)).code] = {"income": 3800.0}
    plant[2023, first(lambda h: risk(h, 2023, "因安全住房")).code] = {"without": ("住房安全保障",)}
    # A child under 16 (no job, no labour) takes the number of a person of the same sex in another township.
    h = first(lambda h: quiet(h, 2023) and h.village.township == "青松镇"
              and any(2023 - p.birth.year < 14 for p in h.members))
    child = next(i for i, p in enumerate(h.members) if 2023 - p.birth.year < 14)
    other = first(lambda o: quiet(o, 2023) and o.village.township != h.village.township
                  and any(p.male == h.members[child].male and p.relation != "户主" for p in o.members))
    twin = next(p for p in other.members if p.male == h.members[child].male and p.relation != "户主")
    plant[2023, h.code] = {"id_number": (child, twin.id_number)}
    h = first(lambda h: h.household_type == "脱贫户" and not monitored_in(h, 2023)
              and any(2023 - p.birth.year >= 71 for p in h.members) and not no_labour(h, 2023))
    plant[2023, h.code] = {"public_post": next(i for i, p in enumerate(h.members) if 2023 - p.birth.year >= 71)}
    plant[2024, first(lambda h: h.monitor_type == "突发严重困难户" and h.since <= 2023
                      and not no_labour(h, 2024) and (h.eliminated - h.identified).days >= 183).code] = {
        "household_type": "脱贫户"}
    plant[2024, first(lambda h: risk(h, 2024, "因学")).code] = {"without": ("教育帮扶",)}
    h = first(lambda h: quiet(h, 2024) and any(p.relation == "之女" for p in h.members))
    plant[2024, h.code] = {"relation": (next(i for i, p in enumerate(h.members) if p.relation == "之女"), "之子")}
    plant[2024, first(lambda h: h.household_type == "脱贫户" and h.monitor_type is None and no_labour(h, 2024)).code] = {
        "without": ("综合保障",)}
    h = first(lambda h: monitored_in(h, 2025) and h.eliminated > _export_date(2025)
              and not set(h.risks) & matched and not no_labour(h, 2025) and h.safety_net is None)
    plant[2025, h.code] = {"without": tuple(ERA_MEASURE_HEADERS)}
    h = first(lambda h: monitored_in(h, 2025) and h.eliminated.year <= 2024 and not set(h.risks) & matched
              and not no_labour(h, 2025) and h.safety_net is None and (h.eliminated - h.identified).days >= 183)
    plant[2025, h.code] = {"eliminated_on": h.identified - dt.timedelta(days=45)}


def _era_date(day: dt.date | None, form: str) -> object:
    if day is None:
        return None
    if form == "serial":
        return (day - dt.date(1899, 12, 30)).days
    if form == "month":
        return f"{day.year}年{day.month}月"
    return day.isoformat()


def _era_rows(era: Era, year: int, township: str) -> list[list]:
    """One row per person of the township's households in the year's export; household fields on every row."""
    rows = []
    on = _export_date(year)
    for h in era.snapshot(year, township):
        planted = era.planted.get((year, h.code), {})
        monitored = h.monitor_type is not None and h.identified <= on
        eliminated = monitored and h.eliminated is not None and h.eliminated <= on
        income = planted.get("income", h.income[year])
        total = income * len(h.members)
        wage, business, prop = (round(total * x, 2) for x in h.shares[:3])
        transfer = round(total - wage - business - prop, 2)
        wage = round(wage + planted.get("wage_offset", 0), 2)
        measures = dict(h.measures) if (monitored or h.monitor_type is None) else {}
        if h.measures_from is not None and year < h.measures_from:
            measures = {}
        if h.safety_net and "低保" not in measures.get("综合保障", "") and "特困" not in measures.get("综合保障", ""):
            measures["综合保障"] = "、".join(x for x in (h.safety_net, measures.get("综合保障")) if x)
        if planted.get("no_health_measure"):
            measures.pop("健康帮扶", None)
        for m in planted.get("without", ()):
            measures.pop(m, None)
        household = [
            planted.get("household_type", h.household_type),
            h.monitor_type if monitored else None,
            _era_date(h.identified, h.date_forms[0]) if monitored else None,
            ("是" if eliminated else "否") if monitored else None,
            h.method if eliminated else None,
            _era_date(planted.get("eliminated_on", h.eliminated), h.date_forms[1]) if eliminated else None,
            h.risks[0] if monitored else None,
            h.risks[1] if monitored and len(h.risks) > 1 else None,
            income, wage, business, prop, transfer,
        ]
        phone = planted.get("phone", h.phone)
        for i, p in enumerate(h.members):
            labour = _labour(p, on)
            if planted.get("labour", (None,))[0] == i:
                labour = planted["labour"][1]
            relation = planted["relation"][1] if planted.get("relation", (None,))[0] == i else p.relation
            number = planted["id_number"][1] if planted.get("id_number", (None,))[0] == i else p.id_number
            rows.append([COUNTY, township, h.village.name, h.code, p.name, number, relation,
                         "男" if p.male else "女", p.birth.isoformat(), p.education, p.health, labour, *household,
                         phone if i == 0 else None, *(measures.get(m) for m in ERA_MEASURE_HEADERS)])
    return rows


def _append_bold(ws, headers: list[str]) -> None:
    """The header row of a write-only sheet, in bold."""
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def _write_export(path: Path, sheet: str, title: str, exported: dt.date, headers: list[str], rows: list[list]) -> Path:
    """An export of the monitoring system: the export's name, then its date and unit, then the header."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, header in enumerate(headers):
        ws.column_dimensions[_column_letter(i)].width = 22 if header in ERA_TEXT_COLUMNS else max(8, 2 * len(header) + 2)
    ws.append([title])
    ws.append([f"导出时间：{exported.isoformat()} 09:30:00    导出单位：{COUNTY}乡村振兴局"])
    _append_bold(ws, headers)
    text_positions = [i for i, header in enumerate(headers) if header in ERA_TEXT_COLUMNS]
    for row in rows:
        for i in text_positions:
            if row[i] is not None:
                cell = WriteOnlyCell(ws, value=row[i])
                cell.number_format = "@"
                row[i] = cell
        ws.append(row)
    wb.save(path)
    return path


def _column_letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)


MIGRANT_HEADERS = ["县(市、区、旗)", "乡(镇)", "行政村", "户编号", "姓名", "证件号码", "是否已务工", "务工所在地", "就业渠道",
                   "务工开始时间", "月收入（元）"]
WORK_PLACES = {"浙江省宁波市": 20, "广东省东莞市": 18, "福建省厦门市": 10, "贵州省贵阳市": 16, "本县": 22, "江苏省苏州市": 14}
CHANNELS = {"自主务工": 45, "劳务协作": 25, "帮扶车间": 12, "公益性岗位": 10, "以工代赈": 8}


def _job_rows(era: Era, year: int) -> list[list]:
    """The year's 已外出务工信息: working-age members of the exports' households with a job (some with two, in the
    year's first and second half), and a few planned jobs (是否已务工 否). A stream of its own: the jobs never
    change the households."""
    rng = _rng(f"jobs:{year}")
    on = _export_date(year)
    rows = []
    for h in era.snapshot(year):
        for p in h.members:
            if _labour(p, on) not in ("普通劳动力", "技能劳动力"):
                continue
            draw = rng.random()
            if draw > 0.50:
                continue
            base = [COUNTY, h.village.township, h.village.name, h.code, p.name, p.id_number]
            if draw > 0.46:
                rows.append([*base, "否", None, None, None, None])
                continue
            jobs = 2 if rng.random() < 0.08 else 1
            for j in range(jobs):
                start = dt.date(year, rng.randint(1, 5) + 6 * j, rng.randint(1, 28))
                place = _weighted(rng, WORK_PLACES)
                channel = "公益性岗位" if place == "本县" and rng.random() < 0.4 else _weighted(rng, CHANNELS)
                pay = round(rng.uniform(1200, 2200) if channel == "公益性岗位" else rng.uniform(2800, 6500), -1)
                rows.append([*base, "是", place, channel, _era_date(start, _date_form(rng)), pay])
    for h in era.snapshot(year):
        if "public_post" in era.planted.get((year, h.code), {}):
            p = h.members[era.planted[year, h.code]["public_post"]]
            rows.append([COUNTY, h.village.township, h.village.name, h.code, p.name, p.id_number, "是", "本县",
                         "公益性岗位", dt.date(year, 3, 1).isoformat(), 1500.0])
    return rows


# The 衔接资金项目台账 of 2021–2025 (财政衔接推进乡村振兴补助资金): the era's project ledger, with its own column
# names (其中：衔接资金, 受益脱贫户数) and categories (产业发展 is read as 产业扶贫, 就业项目 as 就业扶贫: fields.yaml).
ERA_PROJECT_HEADERS = ["年度", "项目名称", "项目类别", "乡镇", "实施地点", "项目总投资（万元）", "其中：衔接资金（万元）",
                       "受益脱贫户数", "受益脱贫人口", "项目进度", "开工时间", "完工时间"]
# category: ([(name template, scope)], investment range in 万元, 衔接资金 share range); scope as PROJECT_TEMPLATES'
ERA_PROJECT_TEMPLATES = {
    "产业发展": ([("{village}{year}年{crop}产业提质增效项目", "village"),
              ("{town}{year}年{crop}产业园配套设施建设", "villages")], (30, 400), (0.5, 1.0)),
    "就业项目": ([("{town}{year}年脱贫劳动力务工交通补助", "township"),
              ("{village}帮扶车间提升改造", "village")], (5, 60), (0.9, 1.0)),
    "乡村建设行动": ([("{village}{year}年人居环境整治项目", "village"),
                ("{villages}产业路提升改造工程", "villages"),
                ("{village}农村供水保障提升工程", "village")], (40, 450), (0.5, 1.0)),
    "易地搬迁后扶": ([("{town}易地搬迁安置点后续扶持配套设施", "township")], (50, 300), (0.7, 1.0)),
    "巩固三保障成果": ([("{town}{year}年农村低收入群体住房安全保障", "villages"),
                 ("{village}村卫生室标准化提升", "village")], (10, 150), (0.8, 1.0)),
    "乡村治理和精神文明建设": ([("{village}新时代文明实践站建设", "village")], (5, 40), (0.8, 1.0)),
    "项目管理费": ([("{town}{year}年衔接资金项目管理费", "township")], (2, 10), (1.0, 1.0)),
}
ERA_PROJECT_WEIGHTS = {"产业发展": 40, "就业项目": 10, "乡村建设行动": 25, "易地搬迁后扶": 6, "巩固三保障成果": 10,
                       "乡村治理和精神文明建设": 5, "项目管理费": 4}
ERA_PROJECTS_PER_YEAR = {2021: 12, 2022: 14, 2023: 15, 2024: 13, 2025: 11}


def _era_project_rows(era: Era, county: County, year: int) -> list[list]:
    """The year's 衔接资金项目: every category at least once over the five years (the first slots rotate through
    them), every township every year, beneficiaries among the 脱贫户 and 监测户 of the villages reached. A stream of its own: nothing else moves."""
    rng = _rng(f"era_projects:{year}")
    served: dict[str, tuple[int, int]] = {}
    for h in era.snapshot(year):
        n, p = served.get(h.village.name, (0, 0))
        served[h.village.name] = (n + 1, p + len(h.members))
    categories = list(ERA_PROJECT_TEMPLATES)
    first = ERA_YEARS.index(year) * 2
    rows = []
    for slot in range(ERA_PROJECTS_PER_YEAR[year]):
        category = (categories[(first + slot) % len(categories)] if slot < 2
                    else _weighted(rng, ERA_PROJECT_WEIGHTS))
        templates, (lo, hi), (f_lo, f_hi) = ERA_PROJECT_TEMPLATES[category]
        template, scope = rng.choice(templates)
        # Each township has projects every year (a township without a row would read as 未导入).
        township = list(TOWNSHIPS)[slot] if slot < len(TOWNSHIPS) else rng.choice(list(TOWNSHIPS))
        local = [v for v in county.villages if v.township == township]
        if scope == "township":
            chosen, place = local, "全乡" if township.endswith("乡") else "全镇"
        else:
            chosen = rng.sample(local, 1 if scope == "village" else rng.randint(2, 3))
            chosen.sort(key=local.index)
            place = "、".join(v.name for v in chosen)
        name = template.format(village=chosen[0].name, villages="".join(v.name[:-1] for v in chosen) + "村",
                               town=township, year=year, crop=rng.choice(CROPS))
        total = round(rng.uniform(lo, hi), 2)
        fiscal = round(min(total, total * rng.uniform(f_lo, f_hi)), 2)
        households_there = sum(served.get(v.name, (0, 0))[0] for v in chosen)
        persons_there = sum(served.get(v.name, (0, 0))[1] for v in chosen)
        share = rng.uniform(0.1, 0.4) if scope == "township" else rng.uniform(0.2, 0.7)
        households = max(1, round(households_there * share)) if category != "项目管理费" else None
        persons = (min(persons_there, max(households, round(households * rng.uniform(2.6, 3.2))))
                   if households else None)
        weights = [60, 40, 0, 0] if year < ERA_YEARS[-1] else [20, 30, 35, 15]
        status = rng.choices(["已验收", "已完工", "在建", "未开工"], weights=weights)[0]
        start = end = None
        if status != "未开工":
            start_day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(60, 240))
            start = start_day.isoformat()
            if status != "在建":
                end = min(start_day + dt.timedelta(days=rng.randint(45, 240)), dt.date(year, 12, 10)).isoformat()
        rows.append([year, name, category, township, place, total, fiscal, households, persons, status, start, end])
    return rows


VILLAGE_INFO_HEADERS = ["县(市、区、旗)", "乡(镇)", "行政村", "是否脱贫村", "户籍户数", "户籍人口数", "农业户籍人口数"]


def _village_info_rows(county: County) -> dict[int, list[list]]:
    """The 行政村信息 of 2021–2025, by year: every village of the demo, its 户籍户数, 户籍人口数 and 农业户籍人口数
    going on from its 2020 村基本情况 and growing slightly (households split a little faster than people grow);
    是否脱贫村 is whether it was a 贫困村. A stream of its own: the households never change."""
    rng = _rng("village_info")
    rows: dict[int, list[list]] = {year: [] for year in ERA_YEARS}
    for v in county.villages:
        agri, people, households = (float(v.agri[2020]), float(v.total_population[2020]),
                                    float(v.total_households[2020]))
        for year in ERA_YEARS:
            agri *= 1 + rng.uniform(0.001, 0.006)
            people *= 1 + rng.uniform(0.002, 0.007)
            households *= 1 + rng.uniform(0.005, 0.015)
            rows[year].append([COUNTY, v.township, v.name, "是" if v.poor else "否", round(households), round(people),
                               min(round(agri), round(people))])
    return rows


def write_era(out_dir: Path, county: County) -> list[Path]:
    """The 2021–2025 monitoring exports of the demo county, one per year and township, the year's 务工 ledger, the
    year's 行政村信息 (the 农业户籍人口 that 监测对象占比 divides by) and its 衔接资金项目台账."""
    era = build_era(county)
    paths = [_write_export(out_dir / f"monitoring_{year}_{township}.xlsx", "监测对象信息", "（自定义）监测对象信息",
                           _export_date(year), MONITORING_HEADERS, _era_rows(era, year, township))
             for year in ERA_YEARS for township in TOWNSHIPS]
    paths += [_write_export(out_dir / f"migrant_{year}.xlsx", "已外出务工信息", "（务工月监测）已外出务工信息",
                            _export_date(year), MIGRANT_HEADERS, _job_rows(era, year)) for year in ERA_YEARS]
    paths += [_write_export(out_dir / f"village_info_{year}.xlsx", "行政村信息", "（自定义）行政村信息",
                            _export_date(year), VILLAGE_INFO_HEADERS, rows)
              for year, rows in _village_info_rows(county).items()]
    paths += [_write_xlsx(out_dir / f"projects_{year}.xlsx", "衔接资金项目", ERA_PROJECT_HEADERS,
                          _era_project_rows(era, county, year)) for year in ERA_YEARS]
    return paths


TEXT_COLUMNS = {"户编号", "户主身份证号"}


def _write_xlsx(path: Path, sheet: str, headers: list[str], rows: list[list]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, header in enumerate(headers):
        width = 22 if header in TEXT_COLUMNS or header in ("项目名称", "建设地点", "实施地点", "帮扶单位") else \
            max(8, 2 * len(header) + 2)
        ws.column_dimensions[chr(ord("A") + i)].width = min(width, 40)
    ws.freeze_panes = "A2"
    _append_bold(ws, headers)
    text_positions = [i for i, header in enumerate(headers) if header in TEXT_COLUMNS]
    for row in rows:
        for i in text_positions:
            cell = WriteOnlyCell(ws, value=row[i])
            cell.number_format = "@"
            row[i] = cell
        ws.append(row)
    wb.save(path)
    return path


def write_demo(out_dir: Path) -> list[Path]:
    """Write the demo county's ledgers into out_dir; return the paths, sorted."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    county = build_county()
    paths = []
    for year in YEARS:
        for township in TOWNSHIPS:
            paths.append(_write_xlsx(out_dir / f"households_{year}_{township}.xlsx", "贫困户信息",
                                     HOUSEHOLD_HEADERS, _household_rows(county, year, township)))
        paths.append(_write_xlsx(out_dir / f"projects_{year}.xlsx", "项目台账", PROJECT_HEADERS,
                                 _project_rows(county, year)))
        paths.append(_write_xlsx(out_dir / f"measures_{year}.xlsx", "帮扶措施", MEASURE_HEADERS,
                                 _measure_rows(county, year)))
    paths.append(_write_xlsx(out_dir / "villages.xlsx", "村基本情况", VILLAGE_HEADERS, _village_rows(county)))
    paths.append(_write_xlsx(out_dir / "areas.xlsx", "区域汇总", AREA_HEADERS, _area_rows(_rng("areas"))))
    paths += write_era(out_dir, county)
    return sorted(paths)


# Loading the demo into a store ---------------------------------------------------------------------------------
def demo_paths(demo_dir: Path) -> list[Path]:
    """The demo ledgers in demo_dir (written there first when it has none), sorted."""
    files = sorted(Path(demo_dir).glob("*.xlsx"))
    return files or write_demo(demo_dir)


def demo_state(store, demo_dir: Path | None = None) -> str:
    """'real' (real imports hold the store: the demo stays as it is), 'complete', 'partial' (some demo ledgers
    are missing, e.g. a first start an older version did not finish) or 'empty'."""
    if not store.is_demo():
        return "real"
    loaded = {name for name, in store.query_rows("store/demo_files")}
    if not loaded:
        return "empty"
    from ledgerboard import DEMO_DIR

    expected = {p.name for p in demo_paths(demo_dir or DEMO_DIR)}
    return "complete" if loaded == expected else "partial"


def needs_demo(store, demo_dir: Path | None = None) -> bool:
    """Whether the store is empty or holds a half-loaded demo: the first start loads (or redoes) it."""
    return demo_state(store, demo_dir) in ("empty", "partial")


def load_demo(store, demo_dir: Path | None = None, progress=None) -> list[dict]:
    """Load the demo county through the ordinary importer, as one transaction with its rollups: a store holds the
    whole demo or none of it. A demo already there (whole or half) is dropped first. `progress(done, total, file
    name or None)` is told before each file and before the rollups (name None). Only for a store without real
    rows (Store.is_demo). The demo's monitoring lines (DEMO_MONITORING_LINES) are set in the same transaction."""
    from ledgerboard import DEMO_DIR, monitoring
    from ledgerboard.importer import import_file
    from ledgerboard.store import DATA_TABLES, statement

    if not store.is_demo():
        raise ValueError("the demo is never loaded beside real imports")
    files = demo_paths(demo_dir or DEMO_DIR)
    results = []
    with store.transaction(label="demo") as cur:
        for table in DATA_TABLES:
            cur.execute(statement("store/delete_demo", table=table))
            cur.execute(statement("store/drop_demo_archive", table=table))
        cur.execute(statement("store/retire_demo"))
        # The demo's batches are marked by their origin, which no form or CLI option can set.
        for i, f in enumerate(files):
            if progress:
                progress(i, len(files), f.name)
            results.append(import_file(store, f, origin="demo"))
        monitoring.set_demo_lines(store, DEMO_MONITORING_LINES)
        if progress:
            progress(len(files), len(files), None)
    return results


def main() -> None:
    out_dir = Path(__file__).resolve().parents[1] / "data" / "demo"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.xlsx"):
        old.unlink()
    paths = write_demo(out_dir)
    print(f"wrote {len(paths)} files to {out_dir}")


if __name__ == "__main__":
    main()
