"""Command line: import ledgers, print indicators, load the demo county.

    python -m ledgerboard import FILE [FILE ...] [--kind K] [--year Y] [--county C] [--township T] [--replace-township]
                                 [--db PATH] [--dry-run] [--json]
    python -m ledgerboard metrics --year Y [--county C] [--township T] [--village V] [--area A] [--db PATH] --json
    python -m ledgerboard demo [--db PATH]
    python -m ledgerboard pack --year Y [--county C] [--township T] [--village V] [--db PATH] --out FILE.pptx|.docx|.zip

Exit codes: 0 done, 1 a file rejected (or an unknown area), 2 usage error, 3 the store is in use by
another process (the app): nothing was written, try again later.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from pathlib import Path

from ledgerboard import DEMO_DIR
from ledgerboard.fields import catalog

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


def _busy(files: list[str], message: str, as_json: bool) -> int:
    """Every file refused because the store is busy; exit code 3."""
    for f in files:
        if as_json:
            print(dumps({"file": f, "kind": None, "status": "rejected", "message": message, "rows_read": 0,
                         "rows_imported": 0, "rows_rejected": 0, "households": 0, "persons": 0, "replaced": 0,
                         "batch_id": None, "errors": [], "warnings": []}))
    print(message, file=sys.stderr)
    return EXIT_BUSY


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
    imp.add_argument("--user", default=None, help="记录在导入历史中的操作人")
    met = sub.add_parser("metrics", help="计算某年某地区的指标")
    met.add_argument("--year", type=int, required=True)
    met.add_argument("--county")
    met.add_argument("--township")
    met.add_argument("--village")
    met.add_argument("--area")
    met.add_argument("--db")
    met.add_argument("--json", action="store_true")
    demo = sub.add_parser("demo", help="（重新）加载示例县数据")
    demo.add_argument("--db")
    pack = sub.add_parser("pack", help="生成汇报材料（PPTX演示文稿、Word初稿或图表ZIP）")
    pack.add_argument("--year", type=int, required=True)
    pack.add_argument("--county")
    pack.add_argument("--township")
    pack.add_argument("--village")
    pack.add_argument("--db")
    pack.add_argument("--out", required=True, metavar="FILE.pptx|.docx|.zip")
    return p


def _print_result(r: dict) -> None:
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
    from ledgerboard.importer import ImportGroup, Options, import_file

    opts = Options(kind=args.kind, year=args.year, township=args.township, county=args.county)
    # Files of this call that reach the same township are one import group: undoing one undoes them all.
    group = ImportGroup()
    any_rejected = False
    for f in args.files:
        path = Path(f)
        if not path.is_file():
            result = {"file": f, "kind": args.kind, "status": "rejected", "message": f"找不到文件“{f}”。",
                      "rows_read": 0, "rows_imported": 0, "rows_rejected": 0, "households": 0, "persons": 0,
                      "replaced": 0, "replace": None, "batch_id": None, "errors": [], "warnings": []}
        else:
            result = import_file(store, path, opts=opts, dry_run=args.dry_run, imported_by=args.user, origin="cli",
                                 replace_township=args.replace_township, group=group, warm=False)
        any_rejected |= result["status"] == "rejected"
        if args.json:
            print(dumps(result))
        else:
            _print_result(result)
    if not args.dry_run:
        store.warm_rollups()    # the dashboard's summary tables of the years just imported
    return 1 if any_rejected else 0


def cmd_metrics(args) -> int:
    from ledgerboard.shared_store import open_for_reading
    from ledgerboard.store import StoreBusy

    try:
        with open_for_reading(args.db) as store:
            return _print_metrics(store, args)
    except StoreBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY


def _print_metrics(store, args) -> int:
    from ledgerboard.indicators import UnknownArea, metrics, resolve_area

    try:
        area = resolve_area(store, args.area, args.township, args.village, args.county)
    except UnknownArea as exc:
        print(str(exc), file=sys.stderr)
        return 1
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


def load_demo(store, demo_dir: Path = DEMO_DIR, progress=None) -> list[dict]:
    """Import every demo ledger through the ordinary importer; `progress(done, total, file name or None)` is told
    before each file and before the rollups (name None)."""
    from ledgerboard.importer import import_file

    files = sorted(demo_dir.glob("*.xlsx"))
    if not files:
        from ledgerboard.demo import write_demo
        files = write_demo(demo_dir)
    # The demo's batches are marked by their origin, which no form or CLI option can set.
    results = []
    for i, f in enumerate(files):
        if progress:
            progress(i, len(files), f.name)
        results.append(import_file(store, f, origin="demo", warm=False))
    if progress:
        progress(len(files), len(files), None)
    store.warm_rollups()
    return results


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
    results = load_demo(store)
    bad = [r for r in results if r["status"] != "imported"]
    for r in bad:
        _print_result(r)
    print(f"已加载示例县数据：{len(results) - len(bad)}个文件。")
    return 1 if bad else 0


def cmd_pack(args) -> int:
    from ledgerboard import pack
    from ledgerboard.indicators import Area

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in pack.FORMATS:
        print(f"参数错误：--out 的文件名须以 .pptx、.docx 或 .zip 结尾，而不是“{out.name}”。", file=sys.stderr)
        return 2
    if args.village and not args.township:
        print("参数错误：指定 --village 时请同时指定 --township（不同乡镇可能有同名的村）。", file=sys.stderr)
        return 2
    from ledgerboard.shared_store import open_for_reading
    from ledgerboard.store import StoreBusy

    area = Area(county=args.county, township=args.township, village=args.village)
    try:
        with open_for_reading(args.db) as store:
            if not store.query("household_figures", year=args.year, **area.params())["registered_households"].iloc[0]:
                print(f"{args.year}年所选地区没有建档立卡户台账数据，未生成汇报材料。请检查年度和地区。", file=sys.stderr)
                return 1
            _, data = pack.build(store, args.year, area, fmt)
    except StoreBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已生成汇报材料：{out}（{len(data) / 1024:,.0f} KB）")
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    return {"import": cmd_import, "metrics": cmd_metrics, "demo": cmd_demo, "pack": cmd_pack}[args.command](args)
