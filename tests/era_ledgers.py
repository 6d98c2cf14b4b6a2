"""Exports of the national monitoring system (2021 on), built in the layout it writes: two title rows above the
header, one row per person with the household fields on every member's row, 户类型 and 监测对象类别 side by side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from tests.ledgers import id_number

MONITORING = ["县", "乡", "村", "户编号", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "劳动技能", "健康状况",
              "户类型", "监测对象类别", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间",
              "致贫/返贫风险1", "致贫/返贫风险2", "人均纯收入（元）", "工资性收入（元）", "家庭成员联系电话",
              "健康帮扶", "产业帮扶"]
MIGRANT = ["县(市、区、旗)", "乡(镇)", "行政村", "户编号", "姓名", "证件号码", "是否已务工", "务工所在地", "就业渠道",
           "务工开始时间", "月收入（元）"]
VILLAGE_INFO = ["县(市、区、旗)", "乡(镇)", "行政村", "是否脱贫村", "户籍户数", "户籍人口数", "农业户籍人口数"]
_EPOCH = dt.date(1899, 12, 30)


def serial(day: dt.date) -> int:
    """The Excel serial number of a date (how a date cell formatted as a number reads)."""
    return (day - _EPOCH).days


def write_export(path: Path, title: str, exported: str, header: list, rows: list, sheet: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append([f"导出时间：{exported}    导出单位：测试县乡村振兴局"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def members(hid: str, base: int, size: int, household: list, village: str = "甲村", township: str = "青松镇",
            county: str = "测试县") -> list[list]:
    """The person rows of one household: the head first, then 配偶 and 之子/之女; the household fields repeated."""
    relations = ["户主", "配偶", "之子", "之女", "之孙子"]
    rows = []
    for i in range(size):
        n = base + i
        rows.append([county, township, village, hid, f"成员{n}", id_number(n), relations[i], "男" if i % 2 == 0 else "女",
                     "1970-01-01", "普通劳动力", "健康", *household, f"1380000{n:04d}", None, None])
    return rows


# A 2023 projects ledger of the era (衔接资金项目): 衔接资金 for the fiscal funds, 受益脱贫户/受益脱贫人口 for beneficiaries.
ERA_PROJECTS = ["项目名称", "项目类型", "乡镇", "建设地点", "总投资（万元）", "其中：衔接资金（万元）", "受益脱贫户（户）",
                "受益脱贫人口（人）", "项目进度"]
