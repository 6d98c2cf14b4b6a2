"""The field table (fields.yaml) as Python objects, and the header/value normalisers it needs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

FIELDS_FILE = Path(__file__).with_name("fields.yaml")

# A bracketed suffix at the end of a header: （元） (万元) [户] 【%】
_UNIT_SUFFIX = re.compile(r"[\(（\[【]([^\(（\)）\[\]【】]*)[\)）\]】]\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str
    synonyms: tuple[str, ...]
    unit: str | None = None
    enum: str | None = None
    personal: bool = False
    range: tuple[float, float] | None = None     # plausible values (the year of a date)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    table: str
    fields: dict[str, Field]
    signature: tuple[str, ...]
    required: tuple[str, ...]
    roster_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # One row per value of these fields (a village per year): a second row is a row error, never counted twice.
    one_row_per: tuple[str, ...] = ()
    # Place columns that stand in for the required 地区 of a summary table by place (field → level name).
    place_fields: dict[str, str] = field(default_factory=dict)

    def has_required(self, keys: set[str]) -> bool:
        """Whether these fields name every required one (a place column stands in for 地区)."""
        missing = set(self.required) - keys
        return not missing or (missing <= {"area"} and bool(keys & set(self.place_fields)))


@dataclass(frozen=True)
class Enum:
    key: str
    label: str
    values: tuple[str, ...]
    synonyms: dict[str, str]
    strip_suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    kinds: dict[str, Kind]
    enums: dict[str, Enum]
    true_words: frozenset[str]
    false_words: frozenset[str]
    units: dict[str, tuple[str, float]]
    total_markers: tuple[str, ...]
    note_markers: tuple[str, ...]
    ignored_headers: frozenset[str] = frozenset()
    header_qualifiers: tuple[str, ...] = ()           # folded, longest first
    suggestion_distinct_words: tuple[str, ...] = ()


def fold(text: object) -> str:
    """Fold a header or enum cell for matching: NFKC (full-width → half-width), no spaces."""
    return _fold(text if text.__class__ is str else str(text))


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    # Cached: the texts folded (headers, enum values, relations, markers) repeat across rows.
    s = unicodedata.normalize("NFKC", s)
    return _SPACES.sub("", s).replace("\u3000", "")


def split_header(header: object) -> tuple[str, str | None]:
    """'人均纯收入（元）' → ('人均纯收入', '元'); the unit is None when there is no bracket."""
    s = fold(header)
    unit = None
    while True:
        m = _UNIT_SUFFIX.search(s)
        if not m or m.start() == 0:
            break
        inner = m.group(1)
        if unit is None:
            unit = inner
        s = s[: m.start()]
    return s, unit


@cache
def catalog() -> Catalog:
    # libyaml's loader when PyYAML has it: the same objects, a quarter of a second sooner on every process start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(FIELDS_FILE.read_text(encoding="utf-8"), Loader=loader)
    kinds = {}
    for key, k in raw["kinds"].items():
        fields = {
            fk: Field(
                key=fk,
                label=f["label"],
                type=f["type"],
                synonyms=tuple(str(s) for s in f.get("synonyms", [])),
                unit=f.get("unit"),
                enum=f.get("enum"),
                personal=bool(f.get("personal", False)),
                range=tuple(f["range"]) if f.get("range") else None,
            )
            for fk, f in k["fields"].items()
        }
        kinds[key] = Kind(
            key=key,
            label=k["label"],
            table=k["table"],
            fields=fields,
            signature=tuple(k["signature"]),
            required=tuple(k["required"]),
            one_row_per=tuple(k.get("one_row_per") or ()),
            place_fields=dict(k.get("place_fields") or {}),
            roster_synonyms={
                fk: tuple(v) for fk, v in (k.get("roster_synonyms") or {}).items()
            },
        )
    enums = {
        key: Enum(
            key=key,
            label=e["label"],
            values=tuple(e["values"]),
            synonyms={fold(a): b for a, b in (e.get("synonyms") or {}).items()},
            strip_suffixes=tuple(e.get("strip_suffixes", [])),
        )
        for key, e in raw["enums"].items()
    }
    # YAML reads bare true/false keys as booleans.
    b = raw["booleans"]
    units = {fold(u): (v["family"], float(v["factor"])) for u, v in raw["units"].items()}
    return Catalog(
        kinds=kinds,
        enums=enums,
        true_words=frozenset(fold(w) for w in b[True]),
        false_words=frozenset(fold(w) for w in b[False]),
        units=units,
        total_markers=tuple(fold(m) for m in raw["skip_row_markers"]["totals"]),
        note_markers=tuple(fold(m) for m in raw["skip_row_markers"]["notes"]),
        ignored_headers=frozenset(fold(h) for h in raw.get("ignored_headers", [])),
        header_qualifiers=tuple(sorted({fold(q) for q in raw.get("header_qualifiers", [])}, key=len, reverse=True)),
        suggestion_distinct_words=tuple(fold(w) for w in raw.get("suggestion_distinct_words", [])),
    )


# (id of the kind, roster) → (the kind, its index): built once per kind of the catalogue; read, never changed.
_INDEXES: dict[tuple[int, bool], tuple[Kind, dict[str, str]]] = {}


def header_index(kind: Kind, roster: bool = False) -> dict[str, str]:
    """Folded header text → field key for one kind (labels and synonyms). The same dict for the same kind: callers
    read it only (the importer memoises matches per index)."""
    known = _INDEXES.get((id(kind), roster))
    if known is not None and known[0] is kind:
        return known[1]
    index = _header_index(kind, roster)
    _INDEXES[id(kind), roster] = (kind, index)
    return index


def _header_index(kind: Kind, roster: bool) -> dict[str, str]:
    index: dict[str, str] = {}
    for f in kind.fields.values():
        for name in (f.label, *f.synonyms):
            base, _ = split_header(name)
            index.setdefault(base, f.key)
    # Labels win over synonyms of other fields.
    for f in kind.fields.values():
        index[split_header(f.label)[0]] = f.key
    if roster:
        for key, names in kind.roster_synonyms.items():
            for name in names:
                index[split_header(name)[0]] = key
    return index


def unit_factor(header_unit: str | None, field_unit: str | None) -> float | None:
    """Multiplier from the header's unit to the field's unit; None when they don't convert."""
    if not header_unit or not field_unit:
        return 1.0
    units = catalog().units
    hu, fu = units.get(fold(header_unit)), units.get(fold(field_unit))
    if hu is None or fu is None:
        return 1.0  # a bracket that is no unit, e.g. （社区）
    if hu[0] != fu[0]:
        return None
    return hu[1] / fu[1]


def enum_value(enum_key: str, raw: str) -> str | None:
    """Canonical label of an enumeration value, or None when it is not one."""
    e = catalog().enums[enum_key]
    s = fold(raw)
    if not s:
        return None
    if s in e.values:
        return s
    if s in e.synonyms:
        return e.synonyms[s]
    for suffix in e.strip_suffixes:
        if s.endswith(suffix) and len(s) > len(suffix):
            t = s[: -len(suffix)]
            if t in e.values:
                return t
            if t in e.synonyms:
                return e.synonyms[t]
    return None
