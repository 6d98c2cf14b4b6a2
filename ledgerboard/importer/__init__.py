"""Import ledgers: parse (read → header → map → normalise → validate), then commit in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ledgerboard.importer.commit import UndoRefused, commit, preview_replacement, undo
from ledgerboard.importer.pipeline import Options, Parsed, parse_file
from ledgerboard.store import Store

log = logging.getLogger(__name__)

__all__ = ["Options", "Parsed", "UndoRefused", "import_file", "parse_file", "preview_replacement", "result_dict", "undo"]


def result_dict(parsed: Parsed, status: str, batch_id: str | None = None, replaced: int = 0) -> dict:
    """The JSON shape the CLI prints for one file."""
    return {
        "file": parsed.file_name,
        "kind": parsed.kind,
        "status": status,
        "message": parsed.message if status == "rejected" else None,
        "rows_read": parsed.rows_read,
        "rows_imported": 0 if status == "rejected" else parsed.rows_imported,
        "rows_rejected": parsed.rows_rejected if status != "rejected" or parsed.rows_read else 0,
        "households": parsed.count("households"),
        "persons": parsed.count("persons"),
        "replaced": replaced,
        "batch_id": batch_id,
        "errors": [e.as_dict() for e in parsed.errors],
        "warnings": [w.as_dict() for w in parsed.warnings],
        "sources": {s.name: s.sources for s in parsed.sheets if s.sources},
    }


def import_file(
    store: Store,
    source: Path | bytes,
    file_name: str | None = None,
    opts: Options | None = None,
    dry_run: bool = False,
    imported_by: str | None = None,
    accept: Callable[[Parsed], str | None] | None = None,
) -> dict:
    """Parse one file and, unless dry_run or refused, commit it. Returns the result dict.

    `accept` may refuse the whole parsed file before anything is written (e.g. rows outside the
    importing account's township): it returns the Chinese message, or None to go on.
    """
    parsed = parse_file(source, file_name, opts)
    if parsed.refused:
        log.info("refused file (%s): %d rows read", parsed.kind, parsed.rows_read)
        return result_dict(parsed, "rejected")
    if accept is not None and (refusal := accept(parsed)):
        parsed.message = refusal
        return {**result_dict(parsed, "rejected"), "rows_rejected": parsed.rows_read}
    if dry_run:
        replaced = sum(preview_replacement(store, parsed).values())
        return result_dict(parsed, "dry_run", replaced=replaced)
    if parsed.rows_imported == 0:
        parsed.message = f"文件“{parsed.file_name}”的{parsed.rows_read}行数据全部有误，未导入任何数据。请按错误清单修改后重新上传。"
        return result_dict(parsed, "rejected")
    batch_id, replaced = commit(store, parsed, imported_by=imported_by)
    return result_dict(parsed, "imported", batch_id=batch_id, replaced=replaced)
