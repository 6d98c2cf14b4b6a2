"""Layouts learned once: a column mapping an analyst confirmed (kind, header row, column → field, columns kept aside),
saved under the header signature of the sheet it was made for and applied to the next file with the same headers.

The signature is a hash of the header texts in order (folded: spaces and full-width forms do not count, any other
difference does), so a saved layout never applies to a header that differs in one column. Applied, every choice
stays editable: the layout's mapping goes in under the analyst's own choices and `--map`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from ledgerboard.fields import catalog, fold
from ledgerboard.importer.pipeline import LayoutUse, Parsed
from ledgerboard.store import Store, bind, sql_text


class LayoutError(Exception):
    """A layout cannot be saved, renamed or found; the message is for the user."""


@dataclass(frozen=True)
class Layout:
    signature: str
    name: str
    kind: str
    header_row: int | None          # Excel row number of the header's first row when it was saved
    headers: tuple[str, ...]
    mapping: dict[str, str | None]  # header → field key; None: kept aside
    created_by: str | None
    created_at: dt.datetime
    used_at: dt.datetime | None

    @property
    def kind_label(self) -> str:
        kind = catalog().kinds.get(self.kind)
        return kind.label if kind else self.kind

    def mapped(self) -> dict[str, str]:
        """header → field label, for the columns the layout imports."""
        fields = catalog().kinds[self.kind].fields
        return {h: fields[k].label for h, k in self.mapping.items() if k in fields}


def signature(headers: list[str] | tuple[str, ...]) -> str:
    """The header signature: the folded non-empty header texts, in order."""
    texts = [fold(h) for h in headers if h and str(h).strip()]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()[:32]


def _layout(row: dict) -> Layout:
    return Layout(signature=row["signature"], name=row["name"], kind=row["kind"], header_row=row["header_row"],
                  headers=tuple(json.loads(row["headers"])), mapping=json.loads(row["mapping"]),
                  created_by=row["created_by"], created_at=row["created_at"], used_at=row["used_at"])


def _run(store: Store, query: str, **params) -> None:
    sql = sql_text(f"layouts/{query}")
    with store.transaction() as cur:
        cur.execute(sql, bind(sql, params))


def find(store: Store, sig: str) -> Layout | None:
    row = store.query_row("layouts/find", signature=sig)
    return _layout(row) if row else None


def by_name(store: Store, name: str) -> Layout | None:
    row = store.query_row("layouts/by_name", layout_name=name.strip())
    return _layout(row) if row else None


def all_layouts(store: Store) -> list[Layout]:
    sql = sql_text("layouts/list")
    with store.reading():
        cur = store.cursor().execute(sql)
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    return [_layout(dict(zip(names, r))) for r in rows]


def finder(store: Store, only: str | None = None):
    """Options.find_layout for this store: the saved layout whose signature is that of one of a sheet's candidate
    header rows (only the layout named `only`, when given). The layouts are read once, when the finder is made."""
    saved = {l.signature: l for l in all_layouts(store) if only is None or l.name == only}

    def find_layout(candidates: list[tuple[int, int, list[str], bool]]) -> LayoutUse | None:
        if not saved:
            return None
        for first, _last, headers, _sub in candidates:
            layout = saved.get(signature(headers))
            if layout is not None:
                return LayoutUse(name=layout.name, kind=layout.kind, first_row=first, mapping=dict(layout.mapping))
        return None
    return find_layout


def sheet_layouts(parsed: Parsed) -> list[tuple[str, int | None, list[str], dict[str, str | None]]]:
    """(signature, header row, headers, mapping) of each distinct header the parsed file's sheets were mapped by."""
    out: dict[str, tuple] = {}
    for s in parsed.sheets:
        if not s.header_rows or not s.mapping:
            continue
        headers = [m["header"] for m in s.mapping]
        mapping = {m["header"]: m["field"] for m in s.mapping if not m.get("ignored")}
        out.setdefault(signature(headers), (signature(headers), s.header_rows[0], headers, mapping))
    return list(out.values())


def save(store: Store, parsed: Parsed, name: str | None = None, by: str | None = None) -> list[str]:
    """Save the mapping the parsed file was read with under its header signature(s); returns the names saved.

    A header that already has a layout keeps its name unless `name` is given; a new one is named after `name`, else
    the file (示范县2012年贫困村.xlsx → 示范县2012年贫困村), with （2）… where that name is taken by another header."""
    if parsed.refused or not parsed.kind:
        raise LayoutError("文件未能读取，不能保存对应方式。")
    saved = []
    now = dt.datetime.now().replace(microsecond=0)
    for sig, header_row, headers, mapping in sheet_layouts(parsed):
        old = find(store, sig)
        wanted = (name or "").strip() or (old.name if old else parsed.file_name.rsplit(".", 1)[0])
        other = by_name(store, wanted)
        if other is not None and other.signature != sig:
            if name:
                raise LayoutError(f"已有名为“{wanted}”的对应方式（用于另一种表头），请换一个名称。")
            wanted = _free_name(store, wanted)
        _run(store, "save", signature=sig, layout_name=wanted, kind=parsed.kind, header_row=header_row,
             headers=json.dumps(headers, ensure_ascii=False), mapping=json.dumps(mapping, ensure_ascii=False),
             created_by=old.created_by if old else by, created_at=old.created_at if old else now, used_at=now)
        saved.append(wanted)
    return saved


def _free_name(store: Store, name: str) -> str:
    n = 2
    while by_name(store, f"{name}（{n}）") is not None:
        n += 1
    return f"{name}（{n}）"


def touch(store: Store, name: str) -> None:
    layout = by_name(store, name)
    if layout is not None:
        _run(store, "touch", signature=layout.signature, used_at=dt.datetime.now().replace(microsecond=0))


def rename(store: Store, name: str, new_name: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise LayoutError("新名称不能为空。")
    if by_name(store, name) is None:
        raise LayoutError(f"没有名为“{name}”的对应方式。")
    if new_name != name and by_name(store, new_name) is not None:
        raise LayoutError(f"已有名为“{new_name}”的对应方式，请换一个名称。")
    _run(store, "rename", layout_name=name, new_name=new_name)


def delete(store: Store, name: str) -> None:
    if by_name(store, name) is None:
        raise LayoutError(f"没有名为“{name}”的对应方式。")
    _run(store, "delete", layout_name=name)


def frame_rows(store: Store) -> list[dict]:
    """The saved layouts as rows for the 管理 page and `layouts list`."""
    return [{"名称": l.name, "台账类型": l.kind_label, "表头行": l.header_row, "列数": len(l.headers),
             "导入的列": len(l.mapped()), "保存人": l.created_by or "",
             "保存时间": l.created_at.strftime("%Y-%m-%d %H:%M") if l.created_at else "",
             "上次使用": l.used_at.strftime("%Y-%m-%d %H:%M") if l.used_at else ""} for l in all_layouts(store)]
