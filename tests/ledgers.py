"""Tiny ledgers written in a test: one .xlsx per call, canonical headers, imported through the real importer."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ledgerboard.importer import import_file

HOUSEHOLDS = ["年度", "县", "乡镇", "行政村", "户编号", "户主姓名", "户主身份证号", "家庭人口数（人）", "贫困户属性",
              "主要致贫原因", "脱贫状态", "脱贫年度", "人均纯收入（元）"]
VILLAGES = ["年度", "县", "乡镇", "行政村", "是否贫困村", "农业户籍人口（人）", "出列年度"]
AREAS = ["年度", "地区", "级别", "农村人口（人）", "贫困人口（人）", "贫困发生率（%）", "农村居民人均可支配收入（元）"]
MEASURES = ["年度", "户主身份证号", "帮扶措施类别", "帮扶措施内容"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(n: int, county_code: str = "522224") -> str:
    """A valid GB 11643 number, distinct for every n."""
    body = f"{county_code}1970{(n // 28) % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


def write(path: Path, header: list, rows: list) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def household(n: int, year: int, township: str, village: str, size: int, status: str = "未脱贫",
              income: float | None = 3000, county: str = "测试县", exit_year: int | None = None) -> list:
    return [year, county, township, village, f"H-{n:04d}", f"户主{n}", id_number(n), size, "一般贫困户", "因病",
            status, exit_year, income]


def load(store, path: Path, **opts) -> dict:
    from ledgerboard.importer import Options

    r = import_file(store, path, opts=Options(**opts)) if opts else import_file(store, path)
    assert r["status"] == "imported", r
    return r
