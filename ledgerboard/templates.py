"""Blank ledger templates (.xlsx) for every kind, written from the field table (fields.yaml)."""

from __future__ import annotations

import functools

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ledgerboard.exports import append_row, workbook_bytes
from ledgerboard.fields import Field, Kind, catalog

TEMPLATE_ROWS = 2000          # rows prepared with validation and text format
_ROSTER_ONLY = ("relation", "member_name", "member_id_number")
_TYPE_TEXT = {
    "year": "年份，如 2019", "int": "整数", "number": "数字（可带小数）", "text": "文字", "enum": "从下拉列表中选择",
    "enum_list": "一个或多个，用“、”分隔", "bool": "是 / 否", "id_number": "18位身份证号（文本格式，末位可为X）",
    "date": "日期，如 2019-10-01 或 2019年10月", "villages": "一个或多个村，用“、”分隔；全乡/全镇表示全部村",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_fields(kind: Kind) -> list[Field]:
    """The columns of a kind's template; a 贫困户台账 is one row per household (its roster fields left out), a
    监测对象信息 one row per person."""
    if not kind.roster_synonyms:
        return list(kind.fields.values())
    return [f for k, f in kind.fields.items() if k not in _ROSTER_ONLY]


def header_text(f: Field) -> str:
    return f"{f.label}（{f.unit}）" if f.unit else f.label


def _choices(f: Field) -> list[str] | None:
    if f.type == "enum":
        return list(catalog().enums[f.enum].values)
    if f.type == "bool":
        return ["是", "否"]
    return None


def template_xlsx(kind_key: str) -> bytes:
    """A blank ledger of one kind: Chinese headers with units, dropdowns, text-formatted ID columns
    and a 填表说明 sheet. Files made from it import without any mapping."""
    cat = catalog()
    kind = cat.kinds[kind_key]
    fields = template_fields(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = kind.label
    append_row(ws, [header_text(f) for f in fields])
    ws.freeze_panes = "A2"
    for i, f in enumerate(fields, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if f.key in kind.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[letter].width = 22 if f.type == "id_number" else max(10, len(header_text(f)) * 2 + 2)
        rng = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if f.type == "id_number" or f.type == "text":
            for row in ws.iter_rows(min_row=2, max_row=TEMPLATE_ROWS + 1, min_col=i, max_col=i):
                row[0].number_format = "@"
        choices = _choices(f)
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="请从列表中选择",
                                error=f"{f.label}只能填：{'、'.join(choices)}")
            dv.add(rng)
            ws.add_data_validation(dv)
        elif f.type == "year":
            dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True,
                                showErrorMessage=True, errorTitle="年份有误", error="请填写四位年份，如2019")
            dv.add(rng)
            ws.add_data_validation(dv)
    notes = wb.create_sheet("填表说明")
    append_row(notes, [f"{kind.label}填表说明"])
    notes["A1"].font = Font(bold=True, size=14)
    append_row(notes, ["1. 每行一条记录；不要合并单元格，不要在数据中间插入合计行。"])
    append_row(notes, ["2. 红色表头为必填列。身份证号列已设为文本格式，请勿改为数字格式（否则末几位会变成0）。"])
    append_row(notes, ["3. 年度、乡镇如在上传时指定，可不填；填写了则须与上传时指定的一致。"])
    append_row(notes, [])
    append_row(notes, ["列名", "是否必填", "填写要求", "可填的值", "系统也认得的列名"])
    for cell in notes[6]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for f in fields:
        values = "、".join(cat.enums[f.enum].values) if f.enum else ("是、否" if f.type == "bool" else "")
        unit = f"，单位：{f.unit}" if f.unit else ""
        append_row(notes, [header_text(f), "必填" if f.key in kind.required else "", _TYPE_TEXT.get(f.type, "") + unit,
                      values, "、".join(f.synonyms)])
    for letter, width in zip("ABCDE", (24, 10, 44, 50, 50)):
        notes.column_dimensions[letter].width = width
    return workbook_bytes(wb)


@functools.cache
def cached_template(kind_key: str) -> bytes:
    """template_xlsx written once per process (the fields do not change while it runs)."""
    return template_xlsx(kind_key)


def template_file_name(kind_key: str) -> str:
    return f"{catalog().kinds[kind_key].label}_模板.xlsx"
