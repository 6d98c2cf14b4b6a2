"""精准核查: suspect checks (疑点) over the ledgers, one rule per file in queries/audit/.

A rule file starts with a header the engine reads:

    -- <one line: what the rule finds>
    -- id: exit_income_below_line
    -- 名称: 已脱贫户人均纯收入低于贫困线（错退风险）
    -- 类别: 退出                      (识别 / 退出 / 收入 / 家庭成员 / 项目 / 跨表一致性)
    -- 严重程度: 高                    (高 / 中 / 低)
    -- 说明: …
    -- 整改建议: …
    -- 适用年度: 2014-2020              (the years of its regime: 2014-2020, or 2021- for the monitoring era)
    -- 需要: households.status, households.income_per_capita, poverty_line
    -- 需要上年: households.status     (optional: what it needs of the year before)
    -- 需要2020年: households.status   (optional: what it needs of a fixed year, e.g. the last 建档立卡 ledger)

`需要` names a scope (queries/audit/scope/<name>.sql: how many rows a ledger has for a year and an area,
and how many values each of its columns holds) and optionally a column of it. A rule runs only when every scope it needs has rows and every column it names holds at
least one value in that year and area; otherwise it is skipped with the reason — a ledger that lacks a
field says so instead of reporting zero suspects. A year runs only the rules of its regime (`rules_for`): the
建档立卡 rules up to 2020, the monitoring era's (`era_*.sql`, over the monitoring exports) from 2021.

A rule returns the offending records as county, township, village, household_id, name, id_number,
project, evidence, with the parameters $year, $county, $township, $village bound. Results are computed
from the ledgers on every new data version (cached per version, never stored).
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from ledgerboard import QUERIES_DIR, exports
from ledgerboard.fields import catalog
from ledgerboard.idnumber import mask, mask_name
from ledgerboard.indicators import Area
from ledgerboard.monitoring import REGIME_START
from ledgerboard.store import DATA_TABLES, Store, bind, param_names, sql_text, statement

log = logging.getLogger(__name__)

AUDIT_DIR = QUERIES_DIR / "audit"
CATEGORIES = ("识别", "退出", "监测识别", "风险消除", "帮扶措施", "收入", "家庭成员", "项目", "跨表一致性")
SEVERITIES = ("高", "中", "低")
RECORD_COLUMNS = ("county", "township", "village", "household_id", "name", "id_number", "project", "evidence")
RECORD_LABELS = {"county": "县", "township": "乡镇", "village": "行政村", "household_id": "户编号", "name": "姓名",
                 "id_number": "证件号码", "project": "项目名称", "evidence": "疑点依据"}
FILL_IN_COLUMNS = ("核实情况", "整改措施", "核实人")
SCOPE_LABELS = {"households": "贫困户台账", "persons": "花名册（按人填写的台账）", "villages": "村基本情况台账",
                "projects": "扶贫项目台账", "measures": "帮扶措施台账", "poverty_line": "当年贫困线（设置）",
                "exit_threshold": "出列标准（设置）", "monitor_households": "防返贫监测对象信息（脱贫人口信息）",
                "monitor_persons": "防返贫监测对象信息（脱贫人口信息）的成员信息",
                "migrant_jobs": "务工信息（已外出务工信息）", "monitoring_line": "防止返贫监测范围（设置）"}
# Settings are entered by an admin, not imported: their absence reads "未设置…".
SETTING_SCOPES = ("poverty_line", "exit_threshold", "monitoring_line")
# The ledger kind (import_batches.kind) whose rows each scope reads; settings are no import.
SCOPE_KINDS = {"households": "households", "persons": "households", "villages": "villages", "projects": "projects",
               "measures": "measures", "monitor_households": "monitoring", "monitor_persons": "monitoring",
               "migrant_jobs": "migrant_work"}
# The fields.yaml kind whose labels name a scope's columns, and the stored columns that gather several of them.
SCOPE_FIELD_KINDS = {"persons": "households", "monitor_households": "monitoring", "monitor_persons": "monitoring",
                     "migrant_jobs": "migrant_work"}
LIST_COLUMN_LABELS = {"risks": "致贫/返贫风险", "measures": "帮扶措施（综合保障、产业帮扶、健康帮扶等各列）"}
_HEADER = re.compile(r"^--\s*([^:：]+?)\s*[:：]\s*(.*)$")
_KEYS = {"id": "id", "名称": "name", "类别": "category", "严重程度": "severity", "说明": "description",
         "整改建议": "fix", "适用年度": "years", "需要": "needs", "需要上年": "needs_previous"}
_NEEDS_AT = re.compile(r"^需要(\d{4})年$")
_YEARS = re.compile(r"^(\d{4})\s*[-—–~～至]\s*(\d{4})?$")


class RuleError(ValueError):
    """A rule file whose header is incomplete or wrong (a developer's error, raised at discovery)."""


@dataclass(frozen=True)
class Need:
    scope: str                   # queries/audit/scope/<scope>.sql
    column: str | None = None    # None: the scope must have rows
    previous_year: bool = False
    at_year: int | None = None   # a fixed year (需要2020年) instead of the year audited

    def year(self, audited: int) -> int:
        return self.at_year if self.at_year is not None else audited - 1 if self.previous_year else audited

    @property
    def field_label(self) -> str:
        """The column's Chinese label from fields.yaml (persons' columns are the roster's member fields)."""
        if self.column in LIST_COLUMN_LABELS and self.scope.startswith("monitor_"):
            return LIST_COLUMN_LABELS[self.column]
        kind = SCOPE_FIELD_KINDS.get(self.scope, self.scope)
        fields = catalog().kinds[kind].fields if kind in catalog().kinds else {}
        col = {"id_number": "member_id_number", "name": "member_name"}.get(self.column, self.column) \
            if self.scope == "persons" else self.column
        return fields[col].label if col in fields else str(self.column)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    description: str
    fix: str
    needs: tuple[Need, ...]
    path: Path
    first_year: int = 2014
    last_year: int | None = None        # None: every year from first_year on

    @property
    def query(self) -> str:
        return f"audit/{self.path.stem}"

    def applies_to(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def years_label(self) -> str:
        return f"{self.first_year}—{self.last_year}年" if self.last_year else f"{self.first_year}年起"


@dataclass
class RuleResult:
    rule: Rule
    records: pd.DataFrame | None = None     # RECORD_COLUMNS, unmasked; None when skipped
    skipped: str | None = None               # the reason, in Chinese

    @property
    def count(self) -> int | None:
        return None if self.records is None else len(self.records)


@dataclass
class AuditReport:
    year: int
    area: Area
    results: list[RuleResult] = field(default_factory=list)

    @property
    def ran(self) -> list[RuleResult]:
        return [r for r in self.results if r.skipped is None]

    @property
    def skipped(self) -> list[RuleResult]:
        return [r for r in self.results if r.skipped is not None]

    @property
    def total(self) -> int:
        return sum(r.count for r in self.ran)

    def result(self, rule_id: str) -> RuleResult:
        return next(r for r in self.results if r.rule.id == rule_id)

    def counts(self) -> dict[str, int | None]:
        return {r.rule.id: r.count for r in self.results}


# Rules --------------------------------------------------------------------------------------------
def _needs(text: str, previous_year: bool, at_year: int | None = None) -> list[Need]:
    out = []
    for item in (s.strip() for s in text.split(",") if s.strip()):
        scope, _, column = item.partition(".")
        if scope not in SCOPE_LABELS:
            raise RuleError(f"unknown scope {scope!r}")
        out.append(Need(scope, column or None, previous_year, at_year))
    return out


def parse_rule(path: Path) -> Rule:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("--"):
        raise RuleError(f"{path.name}: no comment line on top")
    meta, needs_at = {}, []
    for line in lines[1:]:
        if not line.startswith("--"):
            break
        m = _HEADER.match(line)
        if m and m.group(1) in _KEYS:
            meta[_KEYS[m.group(1)]] = m.group(2).strip()
        elif m and _NEEDS_AT.match(m.group(1)):
            needs_at += _needs(m.group(2), False, int(_NEEDS_AT.match(m.group(1)).group(1)))
    missing = [k for k in ("id", "name", "category", "severity", "description", "fix", "years", "needs")
               if not meta.get(k)]
    if missing:
        raise RuleError(f"{path.name}: header lacks {missing}")
    if meta["id"] != path.stem:
        raise RuleError(f"{path.name}: id {meta['id']!r} is not the file name")
    if meta["category"] not in CATEGORIES or meta["severity"] not in SEVERITIES:
        raise RuleError(f"{path.name}: category/severity {meta['category']!r}/{meta['severity']!r}")
    years = _YEARS.match(meta["years"])
    if not years:
        raise RuleError(f"{path.name}: 适用年度 {meta['years']!r} is not like 2014-2020 or 2021-")
    needs = _needs(meta["needs"], False) + _needs(meta.get("needs_previous", ""), True) + needs_at
    return Rule(id=meta["id"], name=meta["name"], category=meta["category"], severity=meta["severity"],
                description=meta["description"], fix=meta["fix"], needs=tuple(needs), path=path,
                first_year=int(years.group(1)), last_year=int(years.group(2)) if years.group(2) else None)


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule file of queries/audit/, by category, then severity, then id."""
    found = [parse_rule(p) for p in sorted(AUDIT_DIR.glob("*.sql"))]
    return tuple(sorted(found, key=lambda r: (CATEGORIES.index(r.category), SEVERITIES.index(r.severity), r.id)))


def rules_for(year: int) -> tuple[Rule, ...]:
    """The rules of the year's regime (a 建档立卡 rule means nothing on a monitoring export, and the reverse)."""
    return tuple(r for r in rules() if r.applies_to(year))


def scope_note(year: int) -> str:
    """What the year's rules look at, for the page's caption."""
    n = len(rules_for(year))
    if year >= REGIME_START:
        return (f"按{n}条防返贫监测核查规则逐户、逐人查找监测对象信息（脱贫人口信息）和务工信息中的疑点；"
                "每次导入后重新计算。姓名、证件号码已隐藏。")
    return f"按{n}条核查规则逐户、逐村、逐项目查找台账疑点；每次导入后按台账重新计算。姓名、证件号码已隐藏。"


def rule(rule_id: str) -> Rule:
    return next(r for r in rules() if r.id == rule_id)


# Engine -------------------------------------------------------------------------------------------
def _params(year: int, area: Area) -> dict:
    return {"year": year, **area.params()}


def _run(cur, store: Store | None, name: str, params: dict):
    """A rule binds the whole area (a rule that ignored $county would report another county's records);
    the scope and state helpers take only what they name."""
    sql = statement(name)
    if not name.startswith("audit/") or name.count("/") == 1:
        args = bind(sql, params)
    else:
        args = bind(sql, {k: v for k, v in params.items() if k in param_names(sql)})
    if store is not None:
        store.check_rollups(sql)
    return cur.execute(sql, args)


def _held(cur, scope: str, params: dict) -> dict[str, int]:
    """{'_rows': n, column: values held, …} of a scope (queries/audit/scope/<scope>.sql) for one year and area."""
    row = _run(cur, None, f"audit/scope/{scope}", params)
    names = [d[0] for d in row.description]
    return dict(zip(names, row.fetchone()))


def _area_label(year: int, area: Area) -> str:
    place = "".join(x for x in (area.county, area.township, area.village) if x) or "全部地区"
    return f"{year}年{place}"


def _missing(cur, rule: Rule, year: int, area: Area, held: dict) -> str | None:
    """Why the rule cannot run for this year and area (None when it can)."""
    absent: dict[tuple[str, int], list[str]] = {}    # (scope, year) → empty columns ([] when no rows at all)
    for need in rule.needs:
        y = need.year(year)
        key = (need.scope, y)
        if key not in held:
            held[key] = _held(cur, need.scope, _params(y, area))
        counts = held[key]
        if not counts["_rows"]:
            absent[key] = []
        elif need.column is not None and not counts.get(need.column):
            absent.setdefault(key, []).append(need.field_label)
    reasons = []
    for (scope, y), columns in absent.items():
        if not columns and scope in SETTING_SCOPES:
            reasons.append(f"{_area_label(y, area)}未设置{SCOPE_LABELS[scope].removesuffix('（设置）')}"
                           "（请管理员在“管理”页设置）")
        elif not columns:
            reasons.append(f"{_area_label(y, area)}没有{SCOPE_LABELS[scope]}（未导入）")
        else:
            names = "".join(f"“{c}”" for c in columns)
            reasons.append(f"{_area_label(y, area)}的{SCOPE_LABELS[scope]}中{names}全部为空（没有这一列或均未填写）")
    return "；".join(reasons) or None


def run_rules(cur, store: Store | None, year: int, area: Area, only: tuple[str, ...] | None = None) -> AuditReport:
    """The rules (or only some) on a cursor, uncached; store refreshes the rollups a rule reads (None: leave them)."""
    report = AuditReport(year=year, area=area)
    held: dict = {}
    params = _params(year, area)
    for r in rules_for(year):
        if only is not None and r.id not in only:
            continue
        reason = _missing(cur, r, year, area, held)
        if reason:
            report.results.append(RuleResult(r, skipped=reason))
            continue
        df = _run(cur, store, r.query, params).df()
        df = df[list(RECORD_COLUMNS)].astype(object).where(df[list(RECORD_COLUMNS)].notna(), None)
        df = df.sort_values(["county", "township", "village", "household_id", "project"], na_position="last",
                            key=lambda s: s.astype(str)).reset_index(drop=True)
        report.results.append(RuleResult(r, records=df))
    return report


_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def run_audit(store: Store, year: int, area: Area | None = None) -> AuditReport:
    """Every rule for a year and an area, recomputed from the ledgers once per data version."""
    area = Area(area.county, area.township, area.village) if area else Area()
    key = (str(store.path), store.data_version(), year, area)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    with store.reading():
        report = run_rules(store.cursor(), store, year, area)
    with _CACHE_LOCK:
        _CACHE[key] = report
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return report


def _shadow_with_state_before(cur, batch_id: str) -> None:
    """In this connection only, every ledger table reads as it was before the import: temporary views of the
    same names (they shadow the tables, in the rules and in the macros they use) over the live rows without
    the import's and the rows it replaced. Nothing is copied."""
    _run(cur, None, "audit/state/set_batch", {"batch_id": batch_id})
    database = _run(cur, None, "audit/state/database", {}).fetchone()[0]
    catalog = '"' + database.replace('"', '""') + '"'    # the store's own catalog (the temp catalog has a main too)
    for table in DATA_TABLES:
        cur.execute(sql_text("audit/state/before_batch").format(table=table, catalog=catalog))


@dataclass(frozen=True)
class Change:
    """Counts before the newest import that touched the year (or the year before)."""
    file_name: str | None
    imported_at: str | None
    before: dict[str, int | None]       # rule id → count before that import
    note: str                           # a Chinese sentence for the page


def change_since_previous_import(store: Store, year: int, area: Area | None = None) -> Change:
    """The rules' counts as they were before the newest import of this year's data (or the year before's).

    The ledgers of that moment are views in a private connection over the live rows without the import and
    the rows it replaced (kept in the archive tables for undo), so nothing is stored or copied.
    """
    area = Area(area.county, area.township, area.village) if area else Area()
    key = ("change", str(store.path), store.data_version(), year, area)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    with store.reading():      # one open store for the rules now and before the import (SharedStore)
        cur = store.cursor()
        row = _run(cur, None, "audit/state/latest_batch", {"year": year}).fetchone()
        if row is None:
            change = Change(None, None, {}, "本年度的数据还没有导入记录。")
        else:
            batch_id, kind, file_name, imported_by, imported_at, real_batches, demo_batches = row
            if imported_by != "demo" and real_batches == 1 and demo_batches:
                change = Change(file_name, imported_at, {}, f"上次导入（“{file_name}”）之前库中只有示例数据，不作比较。")
            else:
                # Only the rules that read the imported kind of ledger can have changed; the others are run once.
                before = run_audit(store, year, area).counts()
                affected = tuple(r.id for r in rules_for(year) if any(SCOPE_KINDS.get(n.scope) == kind for n in r.needs))
                if affected:
                    prev = store.con.cursor()
                    try:
                        _shadow_with_state_before(prev, batch_id)
                        before.update(run_rules(prev, None, year, area, only=affected).counts())
                    finally:
                        prev.close()
                change = Change(file_name, imported_at, before,
                                f"与最近一次导入（“{file_name}”，{str(imported_at)[:16]}）之前相比。")
    with _CACHE_LOCK:
        _CACHE[key] = change
    return change


# Views and exports ------------------------------------------------------------------------------
def masked(df: pd.DataFrame) -> pd.DataFrame:
    """Records with names and ID numbers masked (for every view and export)."""
    out = df.copy()
    out["name"] = out["name"].map(mask_name)
    out["id_number"] = out["id_number"].map(mask)
    return out


def records_frame(result: RuleResult, personal: bool = True) -> pd.DataFrame:
    """A rule's records for a table: Chinese headers, personal data masked (left out without `personal`, for
    roles that see no personal data), columns the rule never fills left out."""
    df = masked(result.records)
    keep = [c for c in RECORD_COLUMNS if c in ("township", "village", "evidence") or df[c].notna().any()]
    if not personal:
        keep = [c for c in keep if c not in ("name", "id_number")]
    return df[keep].rename(columns=RECORD_LABELS)


def _before(change: Change | None, r: RuleResult) -> int | None:
    """The rule's count before the newest import: 0 where it could not run then for lack of data."""
    if not change or not change.before or r.count is None or r.rule.id not in change.before:
        return None
    before = change.before[r.rule.id]
    return 0 if before is None else before


def summary_frame(report: AuditReport, change: Change | None = None) -> pd.DataFrame:
    """One row per rule: 规则, 类别, 严重程度, 名称, 疑点数, 较上次导入, 说明 (or why it was not checked)."""
    rows = []
    for r in report.results:
        before = _before(change, r)
        rows.append({"规则": r.rule.id, "类别": r.rule.category, "严重程度": r.rule.severity, "名称": r.rule.name,
                     "疑点数": r.count, "较上次导入": None if before is None else r.count - before,
                     "说明": r.rule.description if r.skipped is None else f"未核查：{r.skipped}"})
    out = pd.DataFrame(rows, columns=["规则", "类别", "严重程度", "名称", "疑点数", "较上次导入", "说明"])
    return out.astype({"疑点数": "Int64", "较上次导入": "Int64"})


def summary_table(report: AuditReport, change: Change | None = None) -> pd.DataFrame:
    """summary_frame as the page shows it: counts with units, — where there is none."""
    out = summary_frame(report, change).astype(object)
    out["疑点数"] = [("—" if pd.isna(n) else f"{int(n):,}条") for n in out["疑点数"]]
    out["较上次导入"] = [("—" if pd.isna(n) else f"{int(n):+,}条" if n else "0条") for n in out["较上次导入"]]
    return out


def by_place(report: AuditReport) -> pd.DataFrame:
    """疑点 per village (county, township, village) over every rule that ran, most first."""
    frames = [r.records[["county", "township", "village"]].assign(rule=r.rule.id) for r in report.ran if r.count]
    if not frames:
        return pd.DataFrame(columns=["county", "township", "village", "suspects"])
    df = pd.concat(frames, ignore_index=True).fillna("")
    out = df.groupby(["county", "township", "village"], as_index=False).size().rename(columns={"size": "suspects"})
    out = out.sort_values(["suspects", "county", "township", "village"], ascending=[False, True, True, True])
    return out.replace({"": None}).reset_index(drop=True)


def by_township(report: AuditReport) -> pd.DataFrame:
    """疑点 per township (county, township), most first."""
    places = by_place(report)
    if places.empty:
        return pd.DataFrame(columns=["county", "township", "suspects"])
    out = places.fillna("").groupby(["county", "township"], as_index=False)["suspects"].sum()
    out = out.sort_values(["suspects", "county", "township"], ascending=[False, True, True])
    return out.replace({"": None}).reset_index(drop=True)


def sheet_name(r: Rule, taken: set[str]) -> str:
    return exports.sheet_title(r.name[:28], taken, fallback=r.id[:28])


def suspects_xlsx(report: AuditReport) -> bytes:
    """The 疑点清单: a 说明 sheet with every rule and its count, then one sheet per rule with 疑点 —
    the records (personal data masked), their evidence and empty 核实情况 / 整改措施 / 核实人 columns."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)    # streams rows: a province's 疑点 in seconds
    bold, title_font = Font(bold=True), Font(bold=True, size=14)
    fill = PatternFill("solid", fgColor="FFF2CC")

    def sheet(name: str, title: str, note: str, df: pd.DataFrame, fill_in: int = 0) -> None:
        ws = wb.create_sheet(name)
        for i, col in enumerate(df.columns):
            values = [len(str(v)) for v in df[col].head(200) if v is not None]
            width = 24 if i >= len(df.columns) - fill_in else min(max([len(str(col))] + values) * 2 + 2, 60)
            ws.column_dimensions[_column_letter(i)].width = width
        ws.freeze_panes = "B4"
        cell = WriteOnlyCell(ws, value=title)
        cell.font = title_font
        exports.append_row(ws, [cell])
        exports.append_row(ws, [note])
        header = []
        for i, col in enumerate(df.columns):
            c = WriteOnlyCell(ws, value=col)
            c.font = bold
            if i >= len(df.columns) - fill_in:
                c.fill = fill
            header.append(c)
        exports.append_row(ws, header)
        # Ledger text (a village named "=HYPERLINK(…)", a masked "=****") is stored as text, never as a formula.
        for row in df.itertuples(index=False):
            exports.append_row(ws, row)

    taken = {"说明"}
    summary = summary_frame(report).drop(columns=["较上次导入"])
    names = [sheet_name(r.rule, taken) if r.count else None for r in report.results]
    summary.insert(0, "工作表", names)
    summary.insert(5, "整改建议", [r.rule.fix for r in report.results])
    summary = summary.astype(object).where(summary.notna(), None)
    sheet("说明", f"{_area_label(report.year, report.area)}精准核查疑点清单",
          f"共{report.total}条疑点；核实后请在各规则工作表中填写核实情况、整改措施和核实人。姓名、证件号码已隐藏，按户编号核对。",
          summary)
    for name, r in zip(names, report.results):
        if name is None:
            continue
        df = records_frame(r)
        df.insert(0, "序号", range(1, len(df) + 1))
        for col in FILL_IN_COLUMNS:
            df[col] = None
        sheet(name, f"{r.rule.name}（{r.rule.category}类，严重程度{r.rule.severity}，{r.count}条）",
              f"整改建议：{r.rule.fix}", df, fill_in=len(FILL_IN_COLUMNS))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(i + 1)


def xlsx_file_name(report: AuditReport) -> str:
    return f"{_area_label(report.year, report.area)}精准核查疑点清单.xlsx"


def to_json(report: AuditReport, personal: bool = True) -> list[dict]:
    """The CLI's JSON: one object per rule — {rule, name, category, severity, count, records} with masked
    records (without name and ID number unless `personal`); a rule skipped for missing fields has count null,
    no records and `skipped` with the reason."""
    out = []
    for r in report.results:
        head = {"rule": r.rule.id, "name": r.rule.name, "category": r.rule.category, "severity": r.rule.severity}
        if r.skipped is not None:
            out.append({**head, "count": None, "records": [], "skipped": r.skipped})
        else:
            records = masked(r.records)
            if not personal:
                records = records.drop(columns=["name", "id_number"], errors="ignore")
            out.append({**head, "count": r.count, "records": records.to_dict("records")})
    return out


# After an import -------------------------------------------------------------------------------
def import_notes(store: Store, parsed_files: list) -> list[tuple[str, int, str | None, str | None]]:
    """After an import: for each year and township the imported files cover (a year as a whole when they
    cover more than three places), '2019年青松镇的数据共有12条疑点…' with the year, county and township to open."""
    from ledgerboard.importer.commit import snapshots

    places = set()
    for p in parsed_files:
        if p.refused or not p.rows_imported or p.kind == "areas":
            continue
        for s in snapshots(p):
            places.add((s.year, s.county, s.township))
    if len(places) > 3:
        places = {(y, None, None) for y, _, _ in places}
    notes = []
    for year, county, township in sorted(places, key=lambda s: (s[0], s[1] or "", s[2] or "")):
        area = Area(county=county, township=township)
        report = run_audit(store, year, area)
        top = sorted((r for r in report.ran if r.count), key=lambda r: -r.count)[:3]
        detail = "，其中" + "、".join(f"{r.rule.name}{r.count}条" for r in top) if top else ""
        notes.append((f"精准核查：{year}年{store.area_label(area)}的数据共有{report.total}条疑点{detail}。",
                      year, county, township))
    return notes


# The page's figures -------------------------------------------------------------------------------
def chart_places(report: AuditReport, top: int = 30) -> tuple[pd.DataFrame, str, int]:
    """What the page's chart shows: 疑点 per township for the whole store, per village within a township,
    nothing for one village. (rows with township, village, suspects — at most `top` —, level, places in all)."""
    if report.area.village:
        return pd.DataFrame(columns=["township", "village", "suspects"]), "村", 0
    if report.area.township:
        df, level = by_place(report), "村"
    else:
        df, level = by_township(report), "乡镇"
        if len(df) <= 1:
            df, level = by_place(report), "村"
    return df.head(top).reset_index(drop=True), level, len(df)


def total_change(report: AuditReport, change: Change) -> int | None:
    """How many 疑点 more (or fewer) than before the newest import, over the rules that run now."""
    pairs = [(r.count, _before(change, r)) for r in report.ran]
    pairs = [(now, before) for now, before in pairs if before is not None]
    return sum(now - before for now, before in pairs) if pairs else None


def change_text(report: AuditReport, change: Change) -> str:
    """'与最近一次导入（“x.xlsx”，2019-…）之前相比，疑点增加6条。'"""
    delta = total_change(report, change)
    if delta is None:
        return change.note
    what = "没有变化" if delta == 0 else f"疑点增加{delta:,}条" if delta > 0 else f"疑点减少{-delta:,}条"
    return change.note.rstrip("。") + f"，{what}。"
