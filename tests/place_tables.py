"""Summary tables by place as a municipal system exports them (DOMAIN.md "Summary tables by place"): the 2012 village
table (title row, a two-row header with merged cells, a 合计 row, 127 villages of three townships, personal data in
联系人 / 联系电话) and its companion table of funds per village. Deterministic: the sums below are the tests' answers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

COUNTY = "示范县"
TOWNSHIPS = {"青松镇": 45, "白云乡": 42, "龙井镇": 40}      # 127 villages
VILLAGE_HEADER = ["序号", "区（县）", "镇名称", "村名称", "贫困户数", "贫困人口数", "帮扶单位", "联系人", "联系电话",
                  "贫困户构成", None, None, None, "劳动力状况", None]
VILLAGE_SUBHEADER = [None] * 9 + ["低保对象(户)", "低保对象(人)", "低收入困难家庭(户)", "低收入困难家庭(人)",
                                  "有劳动能力", "无劳动能力"]
FUNDS_HEADER = ["区（县）", "镇名称", "村名称", "规划投入资金（元）", "已投入帮扶资金", "其中", None, None, None, None,
                None, None]
FUNDS_SUBHEADER = [None] * 5 + ["用于帮扶到户资金(元)", "用于帮扶到村资金(元)", "财政专项(元)", "信贷资金(元)",
                                "单位自筹(元)", "社会募捐(元)", "社会引资(元)"]
FUNDS = ("planned_funds", "invested_funds", "household_funds", "village_funds", "fiscal_funds", "credit_funds",
         "self_raised_funds", "donated_funds", "attracted_funds")


def villages() -> list[dict]:
    """Every village with its figures. Two townships each have a 新村 (the place is the full key)."""
    out, n = [], 0
    for township, count in TOWNSHIPS.items():
        for i in range(count):
            n += 1
            name = "新村" if i == 0 and township != "龙井镇" else f"{township[:2]}{i + 1}村"
            households = 20 + (n * 7) % 53
            people = households * 3 + n % 5
            household_funds = 10000 * (n % 9 + 1)
            village_funds = 5000 * (n % 13 + 2)
            fiscal, credit, own, donated = household_funds // 2, village_funds // 5, 1000 * (n % 4), 500 * (n % 3)
            attracted = household_funds + village_funds - fiscal - credit - own - donated
            out.append({"township": township, "village": name, "poor_households": households,
                        "poor_population": people, "household_funds": household_funds, "village_funds": village_funds,
                        "invested_funds": household_funds + village_funds, "planned_funds": 200000 + 1000 * n,
                        "fiscal_funds": fiscal, "credit_funds": credit, "self_raised_funds": own,
                        "donated_funds": donated, "attracted_funds": attracted})
    return out


def sums(key: str, township: str | None = None) -> int:
    return sum(v[key] for v in villages() if township is None or v["township"] == township)


def village_table(path: Path, header: list | None = None) -> Path:
    """The 2012 village table: title, header in rows 2–3 (place columns merged down, 贫困户构成 and 劳动力状况 merged
    across), the villages, a 合计 row and a note."""
    wb = Workbook()
    ws = wb.active
    ws.title = "贫困村情况"
    ws.append([f"××市{COUNTY}2012年贫困村基本情况统计表"])
    ws.merge_cells("A1:O1")
    ws.append(header or VILLAGE_HEADER)
    ws.append(VILLAGE_SUBHEADER)
    for col in "ABCDEFGHI":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("J2:M2")
    ws.merge_cells("N2:O2")
    for n, v in enumerate(villages(), 1):
        low = v["poor_households"] // 3
        ws.append([n, COUNTY, v["township"], v["village"], v["poor_households"], v["poor_population"],
                   f"市{n % 7 + 1}局", f"王{n}", f"1390851{n:04d}", low, low * 2, v["poor_households"] - low,
                   v["poor_population"] - low * 2, v["poor_population"] // 2, v["poor_population"] - v["poor_population"] // 2])
    ws.append([None, "合计", None, None, sums("poor_households"), sums("poor_population")])
    ws.append(["注：数据来源于扶贫开发信息系统。"])
    wb.save(path)
    return path


def funds_table(path: Path) -> Path:
    """The funds per village: header in rows 2–3 (其中 over the sources), amounts in 元."""
    wb = Workbook()
    ws = wb.active
    ws.title = "帮扶资金"
    ws.append(["2012年驻村帮扶资金情况表"])
    ws.append(FUNDS_HEADER)
    ws.append(FUNDS_SUBHEADER)
    for col in "ABCDE":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:L2")
    for v in villages():
        ws.append([COUNTY, v["township"], v["village"], *(v[k] for k in FUNDS)])
    wb.save(path)
    return path
