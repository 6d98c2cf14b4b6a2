"""Command line: import ledgers, print indicators, load the demo county.

    python -m ledgerboard import FILE [FILE ...] [--kind K] [--year Y] [--county C] [--township T] [--replace-township]
                                 [--db PATH] [--dry-run] [--json]
    python -m ledgerboard metrics --year Y [--county C] [--township T] [--village V] [--area A] [--db PATH] --json
    python -m ledgerboard demo [--db PATH]
    python -m ledgerboard pack --year Y [--county C] [--township T] [--village V] [--db PATH] --out FILE.pptx|.docx|.zip
    python -m ledgerboard audit --year Y [--county C] [--township T] [--village V] [--db PATH] [--json] [--xlsx PATH]
    python -m ledgerboard user add NAME --role admin|analyst|viewer [--county C] [--township T] [--db PATH]
    python -m ledgerboard user list|disable NAME|enable NAME|passwd NAME [--db PATH]
    python -m ledgerboard log [--user U] [--action A] [--since DATE] [--until DATE] [--id-number N] [--json] [--db PATH]
    python -m ledgerboard setup-token [--db PATH]
    python -m ledgerboard settings set monitoring_line --year Y YUAN [--region COUNTY] [--db PATH]
    python -m ledgerboard settings unset monitoring_line --year Y [--region COUNTY] [--db PATH]
    python -m ledgerboard settings list [--json] [--db PATH]

Exit codes: 0 done, 1 a file rejected (or an unknown area), 2 usage error, 3 the store is in use by
another process (the app): nothing was written, try again later.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import json
import logging
import math
import sys
from pathlib import Path

from ledgerboard.fields import catalog
from ledgerboard.sanitize import mask_numbers

log = logging.getLogger("ledgerboard")
EXIT_BUSY = 3      # the store is held by another process (the app): nothing was written


def json_safe(value):
    """NaN and ±Infinity are no JSON: they become null (None), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def dumps(value) -> str:
    return json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False, default=str)


def _refuse_all(files: list[str], message: str, as_json: bool, code: int) -> int:
    """Every file refused before reading it (the store is busy, no admin yet): one JSON object per file."""
    for f in files:
        if as_json:
            _print_masked(dumps({"file": f, "kind": None, "status": "rejected", "message": message, "rows_read": 0,
                         "rows_imported": 0, "rows_rejected": 0, "households": 0, "persons": 0, "replaced": 0,
                         "replace": None, "batch_id": None, "errors": [], "warnings": []}))
    print(message, file=sys.stderr)
    return code


def _busy(files: list[str], message: str, as_json: bool) -> int:
    """Every file refused because the store is busy; exit code 3."""
    return _refuse_all(files, message, as_json, EXIT_BUSY)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, in Chinese
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m ledgerboard", description="扶贫台账看板：导入台账、计算指标、加载示例数据")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    imp = sub.add_parser("import", help="导入台账文件")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--kind", choices=sorted(catalog().kinds))
    imp.add_argument("--year", type=int)
    imp.add_argument("--county", help="表中、标题和文件名中都没有县名时使用")
    imp.add_argument("--township")
    imp.add_argument("--replace-township", action="store_true",
                     help="替换整个乡镇：同乡镇中本次文件里没有的村，其该年度数据一并删除")
    imp.add_argument("--db")
    imp.add_argument("--dry-run", action="store_true")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--user", default=None, help="导入人的账号：记入导入历史和操作日志，并按其数据范围检查")
    imp.add_argument("--map", action="append", default=[], metavar="表头=字段",
                     help="把某列对应到某字段（字段写英文名或中文名，写 - 表示不导入），可多次使用，优先于同义词和保存的对应方式")
    imp.add_argument("--header-row", type=int, metavar="N", help="表头从第N行开始（按Excel行号）")
    imp.add_argument("--layout", metavar="NAME",
                     help="只使用名为NAME的保存的对应方式（表头须相同）；导入后把本次的对应方式保存为NAME")
    lay = sub.add_parser("layouts", help="保存的列对应方式：列出、改名、删除")
    lay_sub = lay.add_subparsers(dest="layouts_command", required=True, parser_class=_Parser)
    lay_list = lay_sub.add_parser("list", help="列出保存的对应方式")
    lay_list.add_argument("--json", action="store_true")
    lay_list.add_argument("--db")
    lay_rename = lay_sub.add_parser("rename", help="改名")
    lay_rename.add_argument("name")
    lay_rename.add_argument("new_name")
    lay_rename.add_argument("--db")
    lay_delete = lay_sub.add_parser("delete", help="删除")
    lay_delete.add_argument("name")
    lay_delete.add_argument("--db")
    met = sub.add_parser("metrics", help="计算某年某地区的指标")
    met.add_argument("--year", type=int, required=True)
    _area_args(met, areas_ledger=True)
    met.add_argument("--db")
    met.add_argument("--json", action="store_true")
    demo = sub.add_parser("demo", help="（重新）加载示例县数据")
    demo.add_argument("--db")
    pack = sub.add_parser("pack", help="生成汇报材料（PPTX演示文稿、Word初稿或图表ZIP）")
    pack.add_argument("--year", type=int, required=True)
    _area_args(pack)
    pack.add_argument("--db")
    pack.add_argument("--out", required=True, metavar="FILE.pptx|.docx|.zip")
    aud = sub.add_parser("audit", help="精准核查：按规则找出某年某地区台账中的疑点")
    aud.add_argument("--year", type=int, required=True)
    _area_args(aud)
    aud.add_argument("--db")
    aud.add_argument("--json", action="store_true")
    aud.add_argument("--xlsx", metavar="PATH", help="把疑点清单写成Excel文件")
    _account_parsers(sub)
    return p


def _area_args(parser: argparse.ArgumentParser, areas_ledger: bool = False) -> None:
    """The place a reading command covers (resolved by _cli_area) and the account it reads as."""
    parser.add_argument("--county")
    parser.add_argument("--township")
    parser.add_argument("--village", help="村名；在多个乡镇或县都有时须同时指定 --township（和 --county）")
    if areas_ledger:
        parser.add_argument("--area", help="区域汇总表中的地区名（如 示例省），明细台账中没有该地区时使用")
    parser.add_argument("--user", default=None,
                        help="按此账号的角色和数据范围读取（范围外的地区被拒绝）；不指定时按管理员读取")


def _account_parsers(sub) -> None:
    from ledgerboard.auditlog import ACTIONS

    user = sub.add_parser("user", help="账号：新建、列出、停用、启用、重设密码")
    user_sub = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    add = user_sub.add_parser("add", help="新建账号（在终端输入两次密码；非终端时从标准输入读两行）")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["admin", "analyst", "viewer"])
    add.add_argument("--county")
    add.add_argument("--township")
    add.add_argument("--display-name")
    add.add_argument("--external-id", help="对应的统一身份认证（OIDC）邮箱或用户名")
    add.add_argument("--no-password", action="store_true", help="只用统一身份认证或单点登录，不设密码")
    add.add_argument("--db")
    lst = user_sub.add_parser("list", help="列出账号")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--db")
    for name, text in (("disable", "停用账号"), ("enable", "启用账号"), ("passwd", "重设密码")):
        cmd = user_sub.add_parser(name, help=text)
        cmd.add_argument("name")
        cmd.add_argument("--db")
    log_ = sub.add_parser("log", help="查看操作日志")
    log_.add_argument("--user")
    log_.add_argument("--action", choices=sorted(ACTIONS))
    log_.add_argument("--since", help="起始日期，如 2026-11-23")
    log_.add_argument("--until", help="截止日期（不含），如 2026-11-30")
    log_.add_argument("--id-number", help="只看查看过此身份证号的记录")
    log_.add_argument("--limit", type=int, default=1000)
    log_.add_argument("--json", action="store_true")
    log_.add_argument("--db")
    tok = sub.add_parser("setup-token", help="没有管理员账号时，生成在网页上创建管理员所需的一次性设置码")
    tok.add_argument("--db")
    _settings_parsers(sub)


def _settings_parsers(sub) -> None:
    """settings set|unset monitoring_line --year Y [YUAN] [--region C]; settings list."""
    cmd = sub.add_parser("settings", help="设置：防止返贫监测范围（每年、每个地区）；列出全部设置")
    settings_sub = cmd.add_subparsers(dest="settings_command", required=True)
    for name, text in (("set", "设置"), ("unset", "清除")):
        p = settings_sub.add_parser(name, help=f"{text}某年的防止返贫监测范围（人均纯收入，元）")
        p.add_argument("key", choices=["monitoring_line"])
        p.add_argument("--year", type=int, required=True)
        if name == "set":
            p.add_argument("value", type=float, metavar="YUAN")
        p.add_argument("--region", default="", help="只适用于这个县（默认：库中全部县）")
        p.add_argument("--db")
    lst = settings_sub.add_parser("list", help="列出全部设置")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--db")


def _print_masked(*parts, **kwargs) -> None:
    """print, with ID and phone numbers masked (a file name or a header may hold one)."""
    builtins.print(*(mask_numbers(str(p)) for p in parts), **kwargs)


def _print_result(r: dict) -> None:
    """One file's result in lines; ID and phone numbers in file names, headers and messages masked."""
    print = _print_masked    # noqa: A001  (every line below names the file)
    state = {"imported": "已导入", "dry_run": "预检通过（未写入）", "rejected": "未导入"}[r["status"]]
    print(f"{r['file']}：{state}。读取{r['rows_read']}行，导入{r['rows_imported']}行，拒绝{r['rows_rejected']}行。")
    if r["message"]:
        print(f"  {r['message']}")
    if r.get("replace") and r["replace"]["text"]:
        print(f"  {r['replace']['text']}")
    for e in r["errors"]:
        where = f"工作表“{e['sheet']}”第{e['row']}行" if e["row"] else f"工作表“{e['sheet']}”"
        print(f"  错误：{where}{('“' + e['column'] + '”列') if e['column'] else ''}：{e['message']}")
    for w in r["warnings"][:20]:
        print(f"  提示：{w['message']}")
    if r.get("layout"):
        print(f"  按上次“{r['layout']}”的对应方式读取各列。")
    for sheet, sources in (r.get("sources") or {}).items():
        names = {"year": "年度", "township": "乡镇", "village": "村", "county": "县"}
        print(f"  工作表“{sheet}”：" + "，".join(f"{names.get(k, k)}取自{v}" for k, v in sources.items()))
    if era := r.get("era_columns"):
        found = [f"{what}：{'、'.join(era[key]) or '未找到'}" for key, what in
                 (("risks", "致贫/返贫风险"), ("elimination_method", "风险消除方式"), ("measures", "帮扶措施"))]
        print("  监测信息列：" + "；".join(found))
    if aside := list(dict.fromkeys(h for headers in (r.get("kept_aside") or {}).values() for h in headers)):
        print(f"  未对应任何字段、未导入的列（{len(aside)}列）：{'、'.join(aside)}")


class Refused(Exception):
    """A command refused before it did anything (unknown account, no permission, unknown or out-of-scope place):
    main prints the Chinese message on stderr and exits 1."""


def _cli_account(store, name: str | None, action: str):
    """The account --user names, checked for the action; Refused with a Chinese message otherwise."""
    from ledgerboard import auth

    if name is None:
        return None
    account = auth.get_account(store, name)
    if account is None or not account.active:
        raise Refused(f"账号“{name}”不存在或已停用。")
    try:
        auth.require(account, action)
    except auth.Forbidden as exc:
        raise Refused(str(exc)) from None
    return account


def cmd_import(args) -> int:
    from ledgerboard.shared_store import open_for_reading, open_for_writing
    from ledgerboard.store import StoreBusy

    try:
        if args.dry_run:
            with open_for_reading(args.db) as store:
                return _import_files(store, args)
        store = open_for_writing(args.db)
    except StoreBusy as exc:
        return _busy(args.files, str(exc), args.json)
    try:
        return _import_files(store, args)
    finally:
        store.close()


def _import_files(store, args) -> int:
    from ledgerboard import auditlog, auth, faults, layouts
    from ledgerboard.importer import ImportGroup, Options, import_parsed, parse_file

    if not args.dry_run and not auth.admin_exists(store):
        return _refuse_all(args.files, "导入本单位台账前，需要先创建管理员账号：.venv/bin/python -m ledgerboard user add 账号 "
                                       "--role admin（见 README“Accounts, roles and the audit log”）。", args.json, 1)
    account = _cli_account(store, args.user, "upload")
    try:
        maps = _column_maps(args.map, args.kind)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.header_row is not None and args.header_row < 1:
        print("参数错误：--header-row 应为表头所在的Excel行号（从1开始）。", file=sys.stderr)
        return 2
    opts = Options(kind=args.kind, year=args.year, township=args.township, county=args.county,
                   overrides={"*": maps} if maps else {}, reasons=dict.fromkeys(maps, "map"),
                   header_row=args.header_row, find_layout=_layout_finder(store, args.layout))
    # Files of this call that reach the same township are one import group: undoing one undoes them all.
    group = ImportGroup()
    # The files are read before the transaction opens: the store is locked only while the rows are written.
    parsed = [parse_file(Path(f), None, opts) if Path(f).is_file() else None for f in args.files]
    # One call is one transaction (a dry run writes nothing): its files, their audit-log entries and the rollups
    # of their years are committed together or not at all; the results are printed once they are.
    with contextlib.nullcontext() if args.dry_run else store.transaction(label="import"):
        results = []
        for f, parsed_file in zip(args.files, parsed):
            path = Path(f)
            if parsed_file is None:
                results.append({"file": f, "kind": args.kind, "status": "rejected", "message": f"找不到文件“{f}”。",
                                "rows_read": 0, "rows_imported": 0, "rows_rejected": 0, "households": 0, "persons": 0,
                                "replaced": 0, "replace": None, "batch_id": None, "errors": [], "warnings": [],
                                "mapping": [], "kept_aside": {}, "layout": None})
                continue
            result = import_parsed(store, parsed_file, dry_run=args.dry_run, imported_by=args.user, origin="cli",
                                   replace_township=args.replace_township, group=group,
                                   accept=_import_accept(auth.import_check(account)),
                                   on_imported=_layout_saver(store, args))
            if args.layout and result["layout"] != args.layout and layouts.by_name(store, args.layout) is not None:
                result["warnings"].append({"sheet": None, "row": None, "column": None, "message":
                                           f"保存的对应方式“{args.layout}”的表头与本文件不同，未使用。"})
            if result["status"] == "imported":
                auditlog.record(store, "import", args.user or "命令行",
                                target=f"{path.name}（命令行，{result['rows_imported']}行）", area=args.township)
                faults.reached("import:audit_logged")
            elif result["status"] == "rejected" and account is not None and not account.scope.unbounded:
                auditlog.record(store, "import_refused", args.user, target=f"{path.name}（命令行）")
            results.append(result)
    for result in results:
        if args.json:
            _print_masked(dumps(result))
        else:
            _print_result(result)
    return 1 if any(r["status"] == "rejected" for r in results) else 0


def _import_accept(scope_check):
    """The importer's accept hook of the CLI: the preview's required fields first (家庭人口数 of a households ledger
    without member rows: its people would be silently unknown), then the account's scope."""
    from ledgerboard.upload import cli_blocked_text

    def accept(parsed) -> str | None:
        return cli_blocked_text(parsed) or (scope_check(parsed) if scope_check else None)
    return accept


def _column_maps(pairs: list[str], kind: str | None) -> dict[str, str | None]:
    """--map '镇名称=township' (or =乡镇, or =- for a column not imported) as overrides; ValueError with a Chinese
    message for a malformed pair or a field no ledger kind (or not the --kind) has."""
    kinds = [catalog().kinds[kind]] if kind else list(catalog().kinds.values())
    out: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, name = pair.rpartition("=")
        header, name = header.strip(), name.strip()
        if not sep or not header or not name:
            raise ValueError(f"参数错误：--map “{pair}”应写成“表头=字段”，如 --map '镇名称=township'。")
        if name in ("-", "不导入", "none"):
            out[header] = None
            continue
        key = next((k for kd in kinds for k, f in kd.fields.items() if name in (k, f.label)), None)
        if key is None:
            where = f"{kinds[0].label}" if kind else "任何一种台账"
            raise ValueError(f"参数错误：--map “{pair}”：{where}中没有字段“{name}”。")
        out[header] = key
    return out


def _layout_finder(store, name: str | None):
    """The saved layouts the import may use: the one named --layout (when it exists), else any whose header fits."""
    from ledgerboard import layouts

    if name and layouts.by_name(store, name) is not None:
        return layouts.finder(store, only=name)
    return layouts.finder(store)


def _layout_saver(store, args):
    """After a real import with --layout NAME: the mapping used is saved as NAME (and the layout used is marked)."""
    from ledgerboard import layouts

    def save(parsed) -> None:
        if parsed.layout:
            layouts.touch(store, parsed.layout)
        if args.layout:
            try:
                layouts.save(store, parsed, name=args.layout, by=args.user or "命令行")
            except layouts.LayoutError as exc:
                print(f"  提示：{exc}", file=sys.stderr)
    return save


def cmd_layouts(args) -> int:
    from ledgerboard import layouts
    from ledgerboard.shared_store import open_store

    store = open_store(args.db)
    try:
        if args.layouts_command == "list":
            rows = layouts.all_layouts(store)
            for l in rows:
                if args.json:
                    print(dumps({"name": l.name, "kind": l.kind, "header_row": l.header_row, "headers": list(l.headers),
                                 "mapping": l.mapping, "created_by": l.created_by, "created_at": str(l.created_at),
                                 "used_at": str(l.used_at) if l.used_at else None}))
                else:
                    print(f"{l.name}\t{l.kind_label}\t表头第{l.header_row}行\t{len(l.headers)}列，导入{len(l.mapped())}列"
                          f"\t{l.created_by or '-'}\t{l.created_at:%Y-%m-%d %H:%M}")
            if not rows and not args.json:
                print("还没有保存的对应方式。")
            return 0
        try:
            if args.layouts_command == "rename":
                layouts.rename(store, args.name, args.new_name)
                print(f"已把对应方式“{args.name}”改名为“{args.new_name.strip()}”。")
            else:
                layouts.delete(store, args.name)
                print(f"已删除对应方式“{args.name}”。")
        except layouts.LayoutError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        return 0
    finally:
        store.close()


def cmd_metrics(args) -> int:
    from ledgerboard.shared_store import open_for_reading

    with open_for_reading(args.db) as store:     # busy even for a copy: main says so and exits 3
        return _print_metrics(store, args)


def _cli_area(store, args, action: str = "view"):
    """(account, area) of a reading command: the --user account checked for `action`, and the place of
    --county/--township/--village (--area) resolved as the sidebar resolves a link and limited to the account's
    scope. An unknown, ambiguous or out-of-scope place: Refused with its Chinese message."""
    from ledgerboard import auth
    from ledgerboard.indicators import UnknownArea, resolve_area

    account = _cli_account(store, args.user, action)
    try:
        return account, auth.scoped_area(account.scope if account else None, resolve_area(
            store, getattr(args, "area", None), args.township, args.village, args.county))
    except (UnknownArea, auth.OutOfScope) as exc:
        raise Refused(str(exc)) from None


def _print_metrics(store, args) -> int:
    from ledgerboard.indicators import UnknownArea, metrics

    _, area = _cli_area(store, args)
    try:
        out = metrics(store, args.year, area)
    except UnknownArea as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(dumps(out))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


def cmd_demo(args) -> int:
    from ledgerboard.shared_store import open_for_writing
    from ledgerboard.store import StoreBusy

    try:
        store = open_for_writing(args.db)
    except StoreBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    if not store.is_demo():
        print("库中已有正式导入的台账，示例数据不会与之混合。请用 --db 指定一个新的数据库文件。", file=sys.stderr)
        return 1
    from ledgerboard.demo import load_demo

    results = load_demo(store)
    bad = [r for r in results if r["status"] != "imported"]
    for r in bad:
        _print_result(r)
    print(f"已加载示例县数据：{len(results) - len(bad)}个文件。")
    return 1 if bad else 0


def cmd_pack(args) -> int:
    from ledgerboard import pack

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in pack.FORMATS:
        print(f"参数错误：--out 的文件名须以 .pptx、.docx 或 .zip 结尾，而不是“{out.name}”。", file=sys.stderr)
        return 2
    from ledgerboard.shared_store import open_for_reading

    from ledgerboard.monitoring import REGIME_START
    from ledgerboard.pack.content import has_data

    with open_for_reading(args.db) as store:
        _, area = _cli_area(store, args)
        if not has_data(store, args.year, area):
            ledger = "防返贫监测对象信息" if args.year >= REGIME_START else "建档立卡户台账"
            print(f"{args.year}年所选地区没有{ledger}数据，未生成汇报材料。请检查年度和地区。", file=sys.stderr)
            return 1
        _, data = pack.build(store, args.year, area, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已生成汇报材料：{out}（{len(data) / 1024:,.0f} KB）")
    return 0


def cmd_audit(args) -> int:
    from ledgerboard.shared_store import open_for_reading

    with open_for_reading(args.db) as store:
        return _print_audit(store, args)


def _print_audit(store, args) -> int:
    from ledgerboard import auth
    from ledgerboard.audit import run_audit, suspects_xlsx, to_json

    account, area = _cli_area(store, args)
    # Names and ID numbers (masked) are for the roles that see household tables, as on the 精准核查 page.
    personal = account is None or auth.can(account, "personal_masked")
    if args.xlsx and not personal:
        print(f"{account.label}没有“{auth.ACTION_LABELS['personal_masked']}”的权限，不能导出疑点清单（含户主姓名、"
              "身份证号）。可去掉 --xlsx 查看各规则的疑点数。", file=sys.stderr)
        return 1
    report = run_audit(store, args.year, area)
    if args.xlsx:
        Path(args.xlsx).write_bytes(suspects_xlsx(report))
    if args.json:
        for obj in to_json(report, personal=personal):     # one object per line, as `import --json` prints
            print(json.dumps(obj, ensure_ascii=False, default=str))
    else:
        print(f"{args.year}年精准核查：共{report.total}条疑点。")
        for r in report.results:
            if r.skipped is None:
                print(f"  [{r.rule.category}·{r.rule.severity}] {r.rule.name}：{r.count}条")
            else:
                print(f"  [{r.rule.category}·{r.rule.severity}] {r.rule.name}：未核查（{r.skipped}）")
        if args.xlsx:
            print(f"疑点清单已写入“{args.xlsx}”。")
    return 0


def read_new_password(stream=None) -> str:
    """The new password twice: hidden prompts on a terminal, otherwise two lines of standard input."""
    import getpass

    stream = stream or sys.stdin
    if stream.isatty():
        first, second = getpass.getpass("密码："), getpass.getpass("再次输入密码：")
    else:
        first, second = stream.readline().rstrip("\r\n"), stream.readline().rstrip("\r\n")
    if first != second:
        raise ValueError("两次输入的密码不一致，账号未保存。")
    return first


def cmd_user(args) -> int:
    from ledgerboard import auth
    from ledgerboard.shared_store import open_for_reading, open_store

    if args.user_command == "list":     # only reads: works while the app serves (on a copy)
        with open_for_reading(args.db) as store:
            frame = auth.accounts_frame(store)
        rows = [{"username": r.username, "role": r.role, "county": r.county, "township": r.township,
                 "display_name": r.display_name, "external_id": r.external_id, "active": bool(r.active)}
                for r in frame.itertuples()]
        for r in rows:
            if args.json:
                print(json.dumps(r, ensure_ascii=False))
            else:
                scope = auth.Scope(r["county"], r["township"]).label
                print(f"{r['username']}\t{auth.ROLES[r['role']]}\t{scope}\t{'启用' if r['active'] else '已停用'}")
        return 0
    store = open_store(args.db)
    try:
        if args.user_command == "add":
            password = None if args.no_password else read_new_password()
            a = auth.create_account(store, args.name, args.role, password, by="命令行", county=args.county,
                                    township=args.township, display_name=args.display_name,
                                    external_id=args.external_id)
            print(f"已新建账号“{a.username}”（{a.role_label}，数据范围：{a.scope.label}）。")
        elif args.user_command in ("disable", "enable"):
            auth.set_active(store, args.name, args.user_command == "enable", by="命令行")
            print(f"已{'启用' if args.user_command == 'enable' else '停用'}账号“{args.name}”。")
        elif args.user_command == "passwd":
            if auth.get_account(store, args.name) is None:
                raise auth.AuthError(f"账号“{args.name}”不存在。")
            auth.set_password(store, args.name, read_new_password(), by="命令行")
            print(f"已重设账号“{args.name}”的密码。")
        return 0
    except (auth.AuthError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()


def cmd_log(args) -> int:
    from ledgerboard import auditlog
    from ledgerboard.shared_store import open_for_reading

    try:
        since, until = auditlog.parse_day(args.since), auditlog.parse_day(args.until)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    with open_for_reading(args.db) as store:     # only reads: works while the app serves (on a copy)
        df = auditlog.entries(store, username=args.user, action=args.action, since=since, until=until,
                              id_number=args.id_number, limit=args.limit)
    for r in auditlog.as_json_rows(df):
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            action = auditlog.ACTIONS.get(r["action"], r["action"])
            extra = "".join(f"\t{label}：{r[k]}" for k, label in (("area", "地区"), ("reason", "理由")) if r[k])
            print(f"{r['logged_at'][:19]}\t{r['username'] or '-'}\t{action}\t{r['target'] or ''}\t{r['address']}{extra}")
    return 0


def cmd_setup_token(args) -> int:
    from ledgerboard import auth
    from ledgerboard.shared_store import open_for_reading, open_store
    from ledgerboard.store import StoreBusy

    try:
        store = open_store(args.db)
    except StoreBusy:
        # The app holds the store. Whether an admin exists can be read from a copy; a new code cannot be written.
        with open_for_reading(args.db) as copy:
            if auth.admin_exists(copy):
                return 0
        print("看板正在运行，无法生成新的一次性设置码：请使用看板启动时（scripts/run.sh）显示的设置码，"
              "或在服务器本机的浏览器打开“数据上传”页创建管理员；也可先停止看板再运行本命令。", file=sys.stderr)
        return EXIT_BUSY
    try:
        token = auth.new_setup_token(store)
        real = not store.is_demo()
    finally:
        store.close()
    if token:
        what = "库中已有正式台账，但还没有管理员账号" if real else "还没有管理员账号"
        print(f"{what}。在本机浏览器打开“数据上传”页即可创建；从其他电脑创建时，请输入一次性设置码：{token}")
    return 0


def cmd_settings(args) -> int:
    from ledgerboard import monitoring
    from ledgerboard.shared_store import open_for_reading, open_for_writing

    if args.settings_command == "list":
        with open_for_reading(args.db) as store:
            out = {"line_region": store.setting("line_region"), "exit_region": store.setting("exit_region"),
                   "monitoring_line": monitoring.lines(store)}
        if args.json:
            print(dumps(out))
        else:
            print(f"贫困线标准：{out['line_region']}")
            print(f"出列标准：{out['exit_region']}")
            if not out["monitoring_line"]:
                print(f"防止返贫监测范围：{monitoring.LINE_MISSING}")
            for r in out["monitoring_line"]:
                print(f"防止返贫监测范围：{r['year']}年 {monitoring.region_label(r['region'])} {r['line_yuan']:,.0f}元"
                      + ("（示例数据自带，导入正式台账后不再适用）" if r["demo"] else ""))
        return 0
    value = args.value if args.settings_command == "set" else None
    if value is not None and not 0 < value < 1_000_000:
        print("监测范围应为大于0的人均纯收入（元），如 7300。", file=sys.stderr)
        return 2
    store = open_for_writing(args.db)
    try:
        print(monitoring.change_line(store, "命令行", args.year, value, args.region.strip()))
    finally:
        store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    from ledgerboard.store import StoreBusy

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except StoreBusy as exc:       # a command that needs the store while the app holds it
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1


def _run(args) -> int:
    return {"import": cmd_import, "metrics": cmd_metrics, "demo": cmd_demo, "pack": cmd_pack, "audit": cmd_audit,
            "user": cmd_user, "log": cmd_log, "setup-token": cmd_setup_token, "settings": cmd_settings,
            "layouts": cmd_layouts}[args.command](args)
