"""Write a parsed file into the store in one transaction; undo an import."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import uuid

import pyarrow as pa

from ledgerboard.fields import catalog
from ledgerboard.importer.pipeline import Parsed
from ledgerboard.store import KIND_TABLES, Store, bind, statement

log = logging.getLogger(__name__)

# Which column besides year identifies a snapshot of each kind.
SNAPSHOT_PLACE = {"households": "township", "villages": "township", "projects": "township",
                  "measures": "township", "areas": "area"}

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
}


class UndoRefused(Exception):
    """The batch cannot be undone; the message is for the user."""


class CommitRefused(Exception):
    """A value does not fit its column (the field ranges of fields.yaml should have caught it);
    nothing was written; the message is for the user."""


def _arrow_table(store: Store, table: str, records: list[dict], batch_id: str) -> pa.Table:
    """The records as the table's columns, one column at a time (no copy of the records)."""
    cols = store.query_rows("store/columns", table=table)
    arrays, names = [], []
    for name, dtype, *_ in cols:
        values = ([batch_id] * len(records) if name == "batch_id"
                  else list(map(dict.get, records, itertools.repeat(name))))
        try:
            arrays.append(pa.array(values, type=_ARROW_TYPES[dtype]))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            log.warning("column %s.%s refused by arrow: %s", table, name, type(exc).__name__)
            labels = {k: f.label for kind in catalog().kinds.values() if kind.table == table for k, f in kind.fields.items()}
            raise CommitRefused(f"“{labels.get(name, name)}”列有超出数据库范围的数值，未导入任何数据。"
                                f"请核对该列后重新导入。") from None
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)


def snapshots(parsed: Parsed) -> list[tuple[int, str | None]]:
    """The (year, township/area) snapshots the file's rows belong to."""
    kind = parsed.kind
    place = SNAPSHOT_PLACE[kind]
    main = KIND_TABLES[kind][0]
    return sorted({(r["year"], r.get(place)) for r in parsed.records.get(main, [])}, key=lambda s: (s[0], s[1] or ""))


def _register_snapshots(cur, snaps: list[tuple[int, str | None]]) -> None:
    tbl = pa.table({"year": pa.array([s[0] for s in snaps], pa.int32()),
                    "place": pa.array([s[1] for s in snaps], pa.string())})
    cur.register("incoming_snapshots", tbl)


def preview_replacement(store: Store, parsed: Parsed) -> dict[str, int]:
    """Live rows, by batch file name, that importing this file would replace."""
    if parsed.refused or not parsed.kind:
        return {}
    cur = store.cursor()
    _register_snapshots(cur, snapshots(parsed))
    main = KIND_TABLES[parsed.kind][0]
    rows = cur.execute(statement("store/count_replaced", table=main, place=SNAPSHOT_PLACE[parsed.kind])).fetchall()
    out: dict[str, int] = {}
    for batch_id, n in rows:
        b = cur.execute(statement("store/batch"), {"batch_id": batch_id}).df()
        label = str(b.loc[0, "file_name"]) if len(b) else batch_id
        out[label] = out.get(label, 0) + int(n)
    return out


def _project_links(records: list[dict]) -> tuple[list[dict], list[dict]]:
    projects, links = [], []
    for r in records:
        r = dict(r)
        whole, named = r.pop("_whole_township"), r.pop("_villages")
        r["villages"] = r.pop("villages_text") or None
        projects.append(r)
        if whole:
            links.append({"batch_id": r["batch_id"], "project_key": r["project_key"], "year": r["year"],
                          "township": r.get("township"), "village": None, "whole_township": True})
        for village in named:
            links.append({"batch_id": r["batch_id"], "project_key": r["project_key"], "year": r["year"],
                          "township": r.get("township"), "village": village, "whole_township": False})
    return projects, links


def commit(store: Store, parsed: Parsed, imported_by: str | None = None) -> tuple[str, int]:
    """Import the parsed rows, replacing the same snapshots; returns (batch_id, rows replaced)."""
    if parsed.refused:
        raise ValueError("refused files are never committed")
    kind = parsed.kind
    batch_id = dt.datetime.now().strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tables = KIND_TABLES[kind]
    snaps = snapshots(parsed)
    records: dict[str, list[dict]] = {t: parsed.records.get(t, []) for t in tables}
    if kind == "projects":
        keyed = [{**r, "batch_id": batch_id, "project_key": f"{batch_id}:{r['source_sheet']}:{r['source_row']}"}
                 for r in records["projects"]]
        records["projects"], records["project_villages"] = _project_links(keyed)
    place = SNAPSHOT_PLACE[kind]
    with store.transaction() as cur:
        _register_snapshots(cur, snaps)
        replaced = 0
        for table in tables:
            # persons/project_villages carry year and township like their parents.
            t_place = place if table != "project_villages" else "township"
            n = cur.execute(statement("store/archive_snapshot", table=table, place=t_place), {"batch_id": batch_id}).fetchone()[0]
            cur.execute(statement("store/delete_snapshot", table=table, place=t_place))
            if table == tables[0]:
                replaced = n
        if imported_by != "demo":
            for table in (t for ts in KIND_TABLES.values() for t in ts):
                cur.execute(statement("store/archive_demo", table=table), {"batch_id": batch_id})
                cur.execute(statement("store/delete_demo", table=table))
        for table in tables:
            if records[table]:
                cur.register("incoming", _arrow_table(store, table, records[table], batch_id))
                cur.execute(statement("store/insert_rows", table=table))
                cur.unregister("incoming")
        years = {s[0] for s in snaps}
        places = {s[1] for s in snaps}
        sql = statement("store/insert_batch")
        cur.execute(sql, bind(sql, {
            "batch_id": batch_id, "file_name": parsed.file_name, "sha256": parsed.sha256, "kind": kind,
            "year": years.pop() if len(years) == 1 else None,
            "township": places.pop() if len(places) == 1 and place == "township" else None,
            "snapshots": json.dumps(snaps, ensure_ascii=False),
            "rows_read": parsed.rows_read, "rows_imported": parsed.rows_imported, "rows_rejected": parsed.rows_rejected,
            "households": parsed.count("households") if kind == "households" else None,
            "persons": parsed.count("persons") if kind == "households" else None,
            "replaced_rows": replaced, "imported_by": imported_by,
        }))
    log.info("imported batch %s: kind=%s rows=%d replaced=%d", batch_id, kind, parsed.rows_imported, replaced)
    return batch_id, replaced


def undo(store: Store, batch_id: str) -> None:
    """Restore exactly the state before this import; refused when a later import replaced its rows."""
    rows = store.query("store/batch", batch_id=batch_id)
    if rows.empty:
        raise UndoRefused("找不到该导入批次。")
    if rows.loc[0, "status"] != "active":
        raise UndoRefused("该批次已撤销，无需重复操作。")
    all_tables = [t for ts in KIND_TABLES.values() for t in ts]
    with store.transaction() as cur:
        for table in all_tables:
            later = cur.execute(statement("store/batch_superseded", table=table), {"batch_id": batch_id}).fetchone()[0]
            if later:
                raise UndoRefused("该批次的数据已被之后的导入替换，请先撤销之后的导入，再撤销本批次。")
        for table in all_tables:
            cur.execute(statement("store/undo_delete", table=table), {"batch_id": batch_id})
            cur.execute(statement("store/undo_restore", table=table), {"batch_id": batch_id})
            cur.execute(statement("store/undo_forget", table=table), {"batch_id": batch_id})
        cur.execute(statement("store/mark_undone"), {"batch_id": batch_id})
    log.info("undid batch %s", batch_id)
