"""Import ledgers: parse (read → header → map → normalise → validate), then commit in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ledgerboard.importer.commit import (CommitRefused, ImportGroup, Replacement, UndoRefused, assign_county, commit,
                                         preview_replacement, replacement, undo)
from ledgerboard.importer.pipeline import Options, Parsed, parse_file
from ledgerboard.store import Store

log = logging.getLogger(__name__)

__all__ = ["CommitRefused", "ImportGroup", "Options", "Parsed", "Replacement", "UndoRefused", "import_file",
           "import_parsed", "parse_file", "preview_replacement", "replacement", "result_dict", "undo"]


def result_dict(parsed: Parsed, status: str, batch_id: str | None = None, replaced: int = 0,
                plan: Replacement | None = None) -> dict:
    """The JSON shape the CLI prints for one file."""
    era = {"era_columns": parsed.era_columns()} if parsed.kind == "monitoring" else {}
    return {
        "file": parsed.file_name,
        "kind": parsed.kind,
        "status": status,
        "message": parsed.message if status == "rejected" else None,
        "rows_read": parsed.rows_read,
        "rows_imported": 0 if status == "rejected" else parsed.rows_imported,
        "rows_rejected": parsed.rows_rejected if status != "rejected" or parsed.rows_read else 0,
        "households": parsed.count("monitor_households" if parsed.kind == "monitoring" else "households"),
        "persons": parsed.count("monitor_persons" if parsed.kind == "monitoring" else "persons"),
        "replaced": replaced,
        # What the import replaces, in words and numbers ("将替换 青松村、白岩村 2019年的 48 户；同乡镇其他村…保持不变").
        "replace": None if plan is None else {
            "text": plan.text, "villages": plan.replaced, "kept": plan.kept, "dropped": plan.dropped},
        "batch_id": batch_id,
        "errors": [e.as_dict() for e in parsed.errors],
        "warnings": [w.as_dict() for w in parsed.warnings],
        "sources": {s.name: s.sources for s in parsed.sheets if s.sources},
        # Columns no field takes, by sheet: kept aside (listed by header, never with values; never imported).
        "kept_aside": {s.name: cols for s in parsed.sheets
                       if (cols := [m["header"] for m in s.mapping if m["field"] is None and not m.get("ignored")])},
        # A monitoring export only: the era's columns found (致贫/返贫风险1–5, 风险消除方式, the 帮扶 columns).
        **era,
    }


def import_file(
    store: Store,
    source: Path | bytes,
    file_name: str | None = None,
    opts: Options | None = None,
    dry_run: bool = False,
    imported_by: str | None = None,
    origin: str = "cli",
    replace_township: bool = False,
    group: ImportGroup | None = None,
    accept: Callable[[Parsed], str | None] | None = None,
    on_imported: Callable[[Parsed], None] | None = None,
) -> dict:
    """Parse one file and, unless dry_run or refused, commit it. Returns the result dict.

    `origin` is who imports (demo | upload | cli, set by the calling code); `replace_township` also drops the other
    villages of the file's townships; `group` joins files imported together into one undo; inside an open
    Store.transaction the commit joins it (all files of one call are one transaction). `accept` may refuse the
    whole parsed file before anything is written (e.g. rows outside the importing account's township): it returns
    the Chinese message, or None to go on.

    Beside result_dict's keys (`kept_aside` among them: by sheet, the headers of the columns no field takes, by name
    only): `mapping` (every column's field and why) and `layout` (the saved layout the file was mapped by).
    `on_imported` is called with the parsed file once it is committed (the CLI saves its layout then)."""
    parsed = parse_file(source, file_name, opts)
    return import_parsed(store, parsed, dry_run, imported_by, origin, replace_township, group, accept, on_imported)


def import_parsed(store: Store, parsed: Parsed, dry_run: bool = False, imported_by: str | None = None,
                  origin: str = "cli", replace_township: bool = False, group: ImportGroup | None = None,
                  accept: Callable[[Parsed], str | None] | None = None,
                  on_imported: Callable[[Parsed], None] | None = None) -> dict:
    """import_file of a file already parsed (parse_file): a caller that parses before it opens its transaction keeps
    the parsing out of the store's lock (the shared mode)."""
    result = _import_parsed(store, parsed, dry_run, imported_by, origin, replace_township, group, accept)
    if result["status"] == "imported" and on_imported is not None:
        on_imported(parsed)
    return {**result, "mapping": parsed.mapping_used(), "layout": parsed.layout}


def _import_parsed(store: Store, parsed: Parsed, dry_run: bool, imported_by: str | None, origin: str,
                   replace_township: bool, group: ImportGroup | None,
                   accept: Callable[[Parsed], str | None] | None) -> dict:
    assign_county(store, parsed)
    if parsed.refused:
        log.info("refused file (%s): %d rows read", parsed.kind, parsed.rows_read)
        return result_dict(parsed, "rejected")
    if accept is not None and (refusal := accept(parsed)):
        parsed.message = refusal
        return {**result_dict(parsed, "rejected"), "rows_rejected": parsed.rows_read}
    plan = replacement(store, parsed, replace_township, origin)
    if dry_run:
        return result_dict(parsed, "dry_run", replaced=plan.rows, plan=plan)
    if origin == "demo":
        plan = None     # the demo loader reports nothing about replacing
    if parsed.rows_imported == 0:
        parsed.message = f"文件“{parsed.file_name}”的{parsed.rows_read}行数据全部有误，未导入任何数据。请按错误清单修改后重新上传。"
        return result_dict(parsed, "rejected")
    try:
        batch_id, replaced = commit(store, parsed, imported_by=imported_by, origin=origin,
                                    replace_township=replace_township, group=group)
    except CommitRefused as exc:
        parsed.message = f"文件“{parsed.file_name}”：{exc}"
        parsed.rows_rejected = parsed.rows_read
        return result_dict(parsed, "rejected")
    return result_dict(parsed, "imported", batch_id=batch_id, replaced=replaced, plan=plan)
