"""The importer's parse result, compared with golden JSON written from an earlier implementation.

Guards refactors of ledgerboard/importer (speed, memory) that must not change behaviour: for every
fixture file (tests/fixtures/messy, tests/fixtures/core, data/demo), a few option variants, and
seeded synthetic sheets full of awkward cells, the records per table, errors, warnings, counts and
sheet reports must equal tests/fixtures/golden/<case>.json. Large results are stored as a SHA-256
of their canonical JSON plus a summary.

Regenerate only when a behaviour change is intended:
    .venv/bin/python -m tests.test_importer_equivalence --write
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import sys
from pathlib import Path

import pytest

from ledgerboard import DEMO_DIR
from ledgerboard.fields import catalog
from ledgerboard.idnumber import check_digit
from ledgerboard.importer import Options, parse_file, result_dict
from ledgerboard.importer.pipeline import parse_sheets
from ledgerboard.importer.read import RawSheet

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "golden"
FULL_LIMIT = 30_000   # characters of canonical JSON kept in full; larger results keep a hash


def _default(value):
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(value)}
    raise TypeError(type(value))


def canonical(parsed) -> dict:
    return {
        "file_name": parsed.file_name, "sha256": parsed.sha256, "kind": parsed.kind, "message": parsed.message,
        "rows_read": parsed.rows_read, "rows_rejected": parsed.rows_rejected,
        "sheets": [dataclasses.asdict(s) for s in parsed.sheets],
        "records": {t: [list(r.items()) for r in rs] for t, rs in parsed.records.items()},
        "errors": [e.as_dict() for e in parsed.errors],
        "warnings": [w.as_dict() for w in parsed.warnings],
        "result": result_dict(parsed, "dry_run"),
    }


def _golden_of(parsed) -> dict:
    text = json.dumps(canonical(parsed), ensure_ascii=False, default=_default)
    if len(text) <= FULL_LIMIT:
        return {"canonical": json.loads(text)}
    return {
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "summary": {"rows_read": parsed.rows_read, "rows_rejected": parsed.rows_rejected,
                    "records": {t: len(rs) for t, rs in parsed.records.items()},
                    "errors": len(parsed.errors), "warnings": len(parsed.warnings)},
    }


# Synthetic sheets --------------------------------------------------------------------------------
def _id(rng: random.Random, valid: bool = True) -> str:
    first = "5201" + f"{rng.randrange(10, 99)}" + f"{rng.randrange(1940, 2015)}" + f"{rng.randrange(1, 13):02d}" \
        + f"{rng.randrange(1, 29):02d}" + f"{rng.randrange(0, 1000):03d}"
    check = check_digit(first)
    if not valid:
        check = "0" if check != "0" else "1"
    return first + check


def _enum_pool(key: str) -> list:
    e = catalog().enums[key]
    return [*e.values, *e.values, *e.synonyms, " " + e.values[0] + " ", "不知道", None, "-", 3.0]


def _id_pool(rng: random.Random) -> list:
    def full_width(s: str) -> str:
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)

    return [
        lambda: _id(rng), lambda: _id(rng), lambda: _id(rng), lambda: _id(rng, valid=False),
        lambda: float(_id(rng)[:15]), lambda: "5.20101E+17", lambda: _id(rng)[:16],
        lambda: full_width(_id(rng)), lambda: " " + _id(rng) + " ", lambda: _id(rng)[:17] + "x",
        lambda: None, lambda: "  ", lambda: "-", lambda: True, lambda: "DUP",
    ]


def _cell(pool, rng: random.Random, dup_ids: list[str], clean: bool = False):
    # A clean row takes each pool's first (valid) value, bar the odd slip.
    value = pool[0] if clean and rng.random() < 0.97 else rng.choice(pool)
    if callable(value):
        value = value()
    if value == "DUP":
        value = rng.choice(dup_ids)
    return value


def _roster_sheet(name: str, seed: int, rows: int = 260, title: str | None = None) -> RawSheet:
    rng = random.Random(seed)
    dup_ids = [_id(rng) for _ in range(3)]
    years = [2019.0, 2019.0, "2019", "2019年", "２０１９", 2018.0, None, "abc", 2019.5, dt.datetime(2019, 3, 1), "", "-", 1800.0]
    towns = ["青松镇", "青松镇", " 青松镇 ", "青松　镇", None, "石门镇", "无"]
    villages = ["一村", "一村", "二 村", None, "无", "三村\u3000", 5.0]
    groups = ["1组", "2组", "３组", None, 4.0]
    names = ["张三", "王 五", "李  四", None, "赵六 ", "--", "钱七"]
    relations = ["户主", "户主", "之子", "之女", "配偶", "本人", "户 主", None, "之母"]
    sizes = [1.0, 2.0, "2", "３", "two", 2.5, None, "4人", 3]
    incomes = ["1,234.5", "１２３４", 1234.0, "¥50元", "abc", 1e3, float("nan"), None, 0.0, "-1", "1e3", True]
    booleans = ["是", "否", True, False, 1.0, "x", None, "已消除"]
    extras = ["备注甲", None, 12.0, "", "——", "null", dt.date(2020, 1, 2)]
    header = ["序号", "年度", "乡镇", "行政村", "村民组", "户编号", "姓名", "证件号码", "与户主关系", "家庭人口数",
              "贫困户属性", "主要致贫原因", "其他致贫原因", "脱贫状态", "脱贫年度", "人均纯收入（元）",
              "工资性收入（万元）", "风险是否已消除", "监测对象类别", "备注说明"]
    pools = [None, years, towns, villages, groups, None, names, _id_pool(rng), relations, sizes,
             _enum_pool("attribute"), [*_enum_pool("cause"), "因病、因残", "因学,缺技术", "因病；因病"],
             [*_enum_pool("cause"), "因病、因残"], _enum_pool("status"), years, incomes, incomes, booleans,
             _enum_pool("monitor_type"), extras]
    out: list[list] = []
    if title:
        out.append([title] + [None] * (len(header) - 1))
    out.append(header)
    out.append(list(range(1, len(header) + 1)) if seed % 2 else [None] * len(header))
    hh = 0
    for i in range(rows):
        special = rng.random()
        if special < 0.02:
            out.append([None] * len(header))
            continue
        if special < 0.03:
            out.append(["合计", None, None, None, None, None, None, None, None, 12.0] + [None] * 10)
            continue
        if special < 0.035:
            out.append(["注：本表由村填报"] + [None] * (len(header) - 1))
            continue
        if special < 0.04:
            out.append(["", "  ", None, "小计", 1.0])
            continue
        new = rng.random() < 0.35
        hh += new
        clean = rng.random() < 0.7
        hid = f"H{hh:03d}" if clean else rng.choice(
            [f"H{hh:03d}", None, f"H{rng.randrange(1, hh + 2):03d}", float(hh)])
        row = [float(i + 1)]
        for c, pool in enumerate(pools[1:], start=1):
            row.append(hid if c == 5 else _cell(pool, rng, dup_ids, clean))
        if clean and rng.random() < 0.97:
            row[8] = "户主" if new else "之子"
        if rng.random() < 0.05:
            row = row[: rng.randrange(3, len(row))]   # ragged row
        out.append(row)
    return RawSheet(name=name, rows=out)


def _simple_sheet(kind: str, seed: int, rows: int = 120) -> RawSheet:
    rng = random.Random(seed)
    k = catalog().kinds[kind]
    generic = {
        "year": [2019.0, "2019年", None, "x", 2020.0],
        "text": ["青松镇", " 一村 ", "全镇", "一村、二村", "一村,全乡", None, 5.0, "项目 甲"],
        "int": [1.0, "2", "3户", 2.5, None, "x"],
        "number": ["1,200,000", 12.5, "１２", None, "abc", float("nan")],
        "bool": ["是", "否", "贫困村", None, 1.0, "x"],
        "date": [43500.0, "2019-10-01", "2019年10月", dt.datetime(2019, 5, 6), "2019-13-40", "x", None, -5.0],
        "villages": ["一村、二村", "全镇", "全乡各村,三村", None, "一村"],
        "id_number": [lambda: _id(rng), lambda: _id(rng, valid=False), 5.2e17, None, "  "],
        "enum_list": ["因病、因残", None, "x"],
    }
    keys = [f for f in k.fields if f not in ("relation", "member_name", "member_id_number")]
    header = [k.fields[f].label + ("（万元）" if k.fields[f].type == "number" and i % 2 else "") for i, f in enumerate(keys)]
    out: list[list] = [header]
    for i in range(rows):
        if rng.random() < 0.03:
            out.append(["总计"] + [None] * (len(header) - 1))
            continue
        clean = rng.random() < 0.6
        row = []
        for f in keys:
            fd = k.fields[f]
            pool = _enum_pool(fd.enum) if fd.type == "enum" else generic.get(fd.type, generic["text"])
            row.append(_cell(pool, rng, [], clean))
        out.append(row)
    return RawSheet(name=f"{kind}表", rows=out)


def _synthetic_sheets(name: str) -> list[RawSheet]:
    if name == "roster":
        return [_roster_sheet("青松镇2019年一村", 1, title="青松镇2019年建档立卡花名册"),
                _roster_sheet("二村", 2), _roster_sheet("Sheet3", 3)]
    return [_simple_sheet(name, 10 + len(name)), _simple_sheet(name, 20 + len(name), rows=40)]


SYNTHETIC_OPTIONS = {
    "default": {},
    "given": {"year": 2019, "township": "青松镇", "county": "龙河县"},
    "kind": {"kind": "households"},
}


# Cases -------------------------------------------------------------------------------------------
def _file_cases() -> dict[str, tuple[Path, dict]]:
    cases: dict[str, tuple[Path, dict]] = {}
    for prefix, folder in (("messy", FIXTURES / "messy"), ("core", FIXTURES / "core"), ("demo", DEMO_DIR)):
        for f in sorted(folder.iterdir()):
            if f.is_file():
                cases[f"{prefix}__{f.stem}"] = (f, {})
    messy = FIXTURES / "messy"
    cases["messy__旧版_year2017"] = (messy / "石门镇贫困户_旧版.xls", {"year": 2017})
    cases["messy__花名册_given"] = (messy / "花名册_青松镇_2019.xlsx", {"year": 2018, "township": "石门镇"})
    cases["messy__需手动对应_overrides"] = (messy / "花名册_需手动对应_2019.xlsx",
                                       {"overrides": {"*": {"全年家庭人均收入（元）": "income_per_capita"}}})
    cases["messy__工资表_households"] = (messy / "工资表.xlsx", {"kind": "households"})
    return cases


def _synthetic_cases() -> dict[str, tuple[str, dict]]:
    out = {}
    for sheet_kind in ("roster", "households", "projects", "villages", "measures", "areas"):
        variants = SYNTHETIC_OPTIONS if sheet_kind == "roster" else {"default": {}}
        for variant, opts in variants.items():
            out[f"synthetic__{sheet_kind}__{variant}"] = (sheet_kind, opts)
    return out


def run_case(name: str):
    if name.startswith("synthetic__"):
        sheet_kind, opts = _synthetic_cases()[name]
        return parse_sheets(_synthetic_sheets(sheet_kind), f"{sheet_kind}.xlsx", "0" * 64, Options(**opts))
    path, opts = _file_cases()[name]
    return parse_file(path, opts=Options(**opts))


CASES = sorted([*_file_cases(), *_synthetic_cases()])


@pytest.mark.parametrize("case", CASES)
def test_parse_matches_golden(case):
    golden = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    got = _golden_of(run_case(case))
    if "canonical" in golden:
        assert got.get("canonical") == golden["canonical"]
    else:
        assert got.get("summary") == golden["summary"]
        assert got.get("sha256") == golden["sha256"]


def test_synthetic_cases_exercise_errors_and_imports():
    # The synthetic sheets must produce imported rows, rejected rows and skipped rows alike,
    # or they guard nothing.
    p = run_case("synthetic__roster__default")
    assert p.rows_read > 500 and 0 < p.rows_rejected < p.rows_read
    assert p.count("households") > 0 and p.count("persons") > 0
    assert any("合计行" in w.message for w in p.warnings)


def write_goldens() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for case in CASES:
        data = _golden_of(run_case(case))
        (GOLDEN / f"{case}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, default=_default) + "\n",
                                             encoding="utf-8")
        print(case, "full" if "canonical" in data else "hash")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_goldens()
    else:
        raise SystemExit("usage: python -m tests.test_importer_equivalence --write")
