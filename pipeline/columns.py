"""The outputs as tables: columns derived from the JSON Schema, for JSON lines and Parquet alike.

Nothing here lists columns by hand: they come from walking
`schemas/document.schema.json` (and `error.schema.json`), so a field added
to the schema is a column of `documents.parquet`, `entities.jsonl` and
`entities.parquet` with no change here. The walk follows three rules:

- an object with declared properties is flattened into `parent_child`
  columns (`source_path`, `published_date`, `language_code`): a single
  nested object loses nothing by being flattened;
- arrays stay lists (`warnings`, `duplicate_of`, `pages`), their objects
  structs (`organisations`, `source_removed_lines`): flattening them would
  lose which values belong together; an object without declared
  properties (`provenance_libraries`) is its JSON text;
- types: `format: date` → date32, `format: date-time` → timestamp (UTC),
  integer → int64, number → float64, boolean → bool, enum/const/string →
  string; `null` in a type only makes the column nullable. Every column is
  in every row, null where the record has nothing.

An entity's `value` depends on its label (the `allOf`/`if`/`then` of the
schema): its columns are the union of the value fields of every label,
each named for what it is (`amount`, `currency`, `unit`, `canonical`...).
A field is prefixed with its definition's name only where the plain name
would be ambiguous: it is also a field of the entity itself (a DATE's
`start` is `date_start`, beside the entity's character offset), or
two labels use it with different types; a field named `value` takes its
definition's name (a PERCENT's `value` is `percent`). A value field that
the schema does not declare has no column: `tests/test_columns.py` checks on
real records that no value is lost.

Flat tables (`entities.jsonl`/`.parquet`) name an entity's character offsets
`char_start` and `char_end`, as spaCy does (`FLAT_NAMES`, schema version 3.0):
`end` is an SQL keyword, so `SELECT start, end FROM 'entities.parquet'` failed
in DuckDB. The records themselves, and the entity structs inside
`documents.parquet`, keep `start`/`end`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pipeline.validate import schema


@dataclass(frozen=True)
class Column:
    """One column: its name, the JSON Schema of its values, and how to find its value in an object."""

    name: str
    spec: dict  # JSON Schema of the value (refs resolved at the top level)
    get: Callable[[dict], Any]
    nullable: bool = True
    # An entity value's field: the labels whose value has it (null in every other row); empty for every row.
    labels: frozenset[str] = frozenset()


# --- walking the schema -------------------------------------------------------------------------


def _resolve(spec: dict, root: dict) -> dict:
    while "$ref" in spec:
        target = root
        for part in spec["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        spec = {**target, **{k: v for k, v in spec.items() if k != "$ref"}}
    return spec


def _def_name(spec: dict) -> str | None:
    ref = spec.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else None


def _branches(spec: dict, root: dict) -> list[dict]:
    """The non-null alternatives of a `oneOf`/`anyOf`, or the schema itself."""
    spec = _resolve(spec, root)
    for key in ("oneOf", "anyOf"):
        if key in spec:
            return [b for b in (_resolve(b, root) for b in spec[key]) if _types(b) != {"null"}]
    return [spec]


def _types(spec: dict) -> set[str]:
    if "const" in spec:
        return {type(spec["const"]).__name__.replace("str", "string").replace("bool", "boolean")}
    if "enum" in spec:
        return {"null" if v is None else "string" for v in spec["enum"]}
    t = spec.get("type", [])
    return set(t if isinstance(t, list) else [t])


def _is_record(spec: dict) -> bool:
    """An object with declared properties: flattened at the top level, a struct inside a list."""
    return "object" in _types(spec) and bool(spec.get("properties"))


def _single(spec: dict, root: dict) -> dict:
    branches = _branches(spec, root)
    return branches[0] if len(branches) == 1 else {"type": "string", "x-json": True}


def _pick(obj: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _flatten(spec: dict, root: dict, prefix: tuple[str, ...], getter=_pick) -> list[Column]:
    """Columns of an object schema: nested records flattened, everything else one column."""
    columns = []
    for key, sub in spec.get("properties", {}).items():
        path = (*prefix, key)
        sub = _single(sub, root)
        if _is_record(sub) and "allOf" not in sub:
            columns += _flatten(sub, root, path, getter)
        else:
            columns.append(Column("_".join(path), sub, lambda obj, p=path: getter(obj, p)))
    return columns


# --- entities: one row per entity, the value's fields as columns ---------------------------------


def _conditional_values(entity: dict, root: dict) -> tuple[str, list[tuple[str, dict, set]]]:
    """The property refined by label (`value`), and per definition: (name, schema, labels it applies to)."""
    refined: dict[str, list[tuple[str, dict, set]]] = {}
    for rule in entity.get("allOf", []):
        condition, then = rule.get("if", {}).get("properties", {}), rule.get("then", {}).get("properties", {})
        labels = {v["const"] for v in condition.values() if "const" in v}
        for prop, sub in then.items():
            name = _def_name(sub) or prop
            refined.setdefault(prop, []).append((name, _resolve(sub, root), labels))
    if not refined:
        return "", []
    prop = next(iter(refined))
    return prop, refined[prop]


def _value_columns(entity: dict, root: dict, prop: str, defs: list[tuple[str, dict, set]]) -> list[Column]:
    own = set(entity["properties"])
    seen: dict[str, list[tuple[str, dict, set]]] = {}  # field -> [(def name, schema, labels)]
    for name, spec, labels in defs:
        for field, sub in spec.get("properties", {}).items():
            seen.setdefault(field, []).append((name, _single(sub, root), labels))
    columns = []
    for field, uses in seen.items():
        same_type = len({json.dumps(_arrow_key(s, root)) for _, s, _ in uses}) == 1
        if field == prop:
            groups = [(name, [(name, s, labels)]) for name, s, labels in uses]
        elif field in own or not same_type:
            groups = [(f"{name}_{field}", [(name, s, labels)]) for name, s, labels in uses]
        else:
            groups = [(field, uses)]
        for column, members in groups:
            labels = frozenset().union(*(m[2] for m in members))
            sub = members[0][1]
            if _is_record(sub):
                nested = _flatten(sub, root, (column,), _value_getter(prop, field, labels))
                columns += [replace(c, labels=labels) for c in nested]
            else:
                columns.append(Column(column, sub, _value_getter(prop, field, labels), labels=labels))
    return columns


def _value_getter(prop: str, field: str, labels: set):
    def get(entity: dict, path: tuple[str, ...] = ()) -> Any:
        if labels and entity.get("label") not in labels:
            return None
        return _pick(entity.get(prop), (field, *path[1:]))

    return lambda entity, path=(): get(entity, path)


def _object_columns(spec: dict, root: dict) -> list[Column]:
    """An object's columns; a property refined by `allOf`/`if`/`then` (an entity's value) becomes its fields."""
    prop, defs = _conditional_values(spec, root)
    if not prop:
        return _flatten(spec, root, ())
    own = {k: v for k, v in spec["properties"].items() if k != prop}
    return _flatten({"properties": own}, root, ()) + _value_columns(spec, root, prop, defs)


# An entity's fields renamed in the flat tables (the records keep their names).
FLAT_NAMES = {"start": "char_start", "end": "char_end"}


@cache
def entity_columns() -> tuple[Column, ...]:
    """The columns of an entity row: its own fields (but the label-dependent one), then the value's fields."""
    root = schema("document")
    own = _object_columns(_resolve(root["properties"]["entities"]["items"], root), root)
    return tuple(replace(c, name=FLAT_NAMES.get(c.name, c.name)) for c in own)


@cache
def entity_row_columns() -> tuple[Column, ...]:
    """`entities.jsonl` and `entities.parquet`: the document's id, path and duplicates, then the entity."""
    root = schema("document")
    props = root["properties"]
    record = [
        Column("doc_id", _single(props["doc_id"], root), lambda r: r.get("doc_id")),
        Column("path", props["source"]["properties"]["path"], lambda r: (r.get("source") or {}).get("path")),
        Column("duplicate_of", props["duplicate_of"], lambda r: r.get("duplicate_of", [])),
    ]
    return tuple(record)


def entity_rows(record: dict) -> Iterable[dict]:
    """One flat row per entity, every column present (null where the entity has nothing), JSON values."""
    head = {c.name: c.get(record) for c in entity_row_columns()}
    empty = dict.fromkeys(c.name for c in entity_columns())
    for e in record["entities"]:
        yield head | empty | {c.name: c.get(e) for c in _entity_columns_of(e.get("label"))}


def for_label(columns: Iterable[Column], label: str | None) -> tuple[Column, ...]:
    """The columns that can hold a value in a row of `label`: an entity has the value fields of its own
    label only. Asking every other label's columns for their null was most of the time spent making the
    rows: with this and `arrow_rows`'s conversion where Arrow needs it, `write_outputs` on 300 long
    releases' records took 0.76 s instead of 1.17 s (medians of 5), the files byte for byte the same."""
    return tuple(c for c in columns if not c.labels or label in c.labels)


@cache
def _entity_columns_of(label: str | None) -> tuple[Column, ...]:
    return for_label(entity_columns(), label)


# --- quotes and contacts: one row per quotation, one per contact ----------------------------------


def _page_of(record: dict, offset: int | None) -> int | None:
    """The PDF page holding character `offset` (null for text files)."""
    for page in record.get("pages") or ():
        if offset is not None and page["start"] <= offset < page["end"]:
            return page["page"]
    return None


@cache
def structure_columns(name: str) -> tuple[Column, ...]:
    """`quotes` or `contacts` rows: the document's id and path, then the item's fields flattened.

    Offsets are `char_start`/`char_end` in these flat tables (`start`/`end` inside the record), the
    speaker's fields `speaker_name`, `speaker_role`…; a quote row also has its `page` in a PDF.
    """
    root = schema("document")
    items = _resolve(root["properties"][name]["items"], root)
    columns = list(entity_row_columns()[:2])
    for c in _flatten(items, root, ()):
        if c.name in ("speaker_start", "speaker_end"):
            continue  # the speaker's mention is in the record; the table says who speaks
        renamed = {"start": "char_start", "end": "char_end"}.get(c.name, c.name)
        columns.append(Column(renamed, c.spec, c.get))
    if name == "quotes":
        columns.append(Column("page", {"type": ["integer", "null"]}, lambda q: None))
    return tuple(columns)


def structure_rows(name: str, record: dict) -> Iterable[dict]:
    """One flat row per quote (`name="quotes"`) or contact (`"contacts"`) of a record, every column present."""
    columns = structure_columns(name)
    for item in record.get(name) or ():
        row = {}
        for c in columns:
            if c.name in ("doc_id", "path"):
                row[c.name] = c.get(record)
            elif c.name == "page":
                row[c.name] = _page_of(record, item.get("start"))
            else:
                row[c.name] = c.get(item)
        yield row


@cache
def document_columns() -> tuple[Column, ...]:
    """`documents.parquet`: the record flattened, `entities` a list of entity structs."""
    root = schema("document")
    return tuple(_flatten(root, root, ()))


@cache
def error_columns() -> tuple[Column, ...]:
    root = schema("error")
    return tuple(_flatten(root, root, ()))


# --- Arrow --------------------------------------------------------------------------------------


def _arrow_key(spec: dict, root: dict):
    """A comparable description of the Arrow type of `spec` (to tell whether two fields can share a column)."""
    spec = _single(spec, root)
    if spec.get("x-json"):
        return "json"
    types = _types(spec) - {"null"}
    if types == {"array"}:
        return ["list", _arrow_key(spec.get("items", {}), root)]
    if _is_record(spec):
        return {k: _arrow_key(v, root) for k, v in spec["properties"].items()}
    return [sorted(types), spec.get("format")]


def arrow_type(spec: dict, root: dict | None = None):
    """The Arrow type of values of `spec`, with its converter from JSON values."""
    import pyarrow as pa

    root = root or schema("document")
    spec = _single(spec, root)
    types = _types(spec) - {"null"}
    if spec.get("x-json") or len(types) != 1:
        return pa.string(), _json_text
    (t,) = types
    if t == "array":
        items = spec.get("items")
        item_type, convert = arrow_type(items, root) if items else (pa.string(), _json_text)
        return pa.list_(item_type), lambda v: None if v is None else [convert(x) for x in v]
    if t == "object":
        if not spec.get("properties"):
            return pa.string(), _json_text
        return _struct(_object_columns(spec, root), root)
    if t == "string":
        if spec.get("format") == "date":
            return pa.date32(), lambda v: None if v is None else dt.date.fromisoformat(v)
        if spec.get("format") == "date-time":
            return pa.timestamp("s", tz="UTC"), lambda v: None if v is None else dt.datetime.fromisoformat(v)
        return pa.string(), as_is
    if t == "integer":
        return pa.int64(), as_is
    if t == "number":
        return pa.float64(), lambda v: None if v is None else float(v)
    if t == "boolean":
        return pa.bool_(), as_is
    return pa.string(), _json_text


def as_is(v):
    """The converter of a value Arrow takes as JSON gives it (a string, an integer, a boolean)."""
    return v


def _json_text(v):
    return None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _struct(columns, root):
    """A struct (an object inside a list: an entity, an organisation) with a field per column."""
    import pyarrow as pa

    typed = [(c, *arrow_type(c.spec, root)) for c in columns]
    struct = pa.struct([pa.field(c.name, t) for c, t, _ in typed])
    converters = {c.name: conv for c, _, conv in typed}
    by_label = {}  # label -> its columns (an entity's value fields of its own label only)

    def convert(obj):  # a field left out is null in Arrow's struct
        if obj is None:
            return None
        label = obj.get("label")
        if label not in by_label:
            by_label[label] = for_label(columns, label)
        return {c.name: None if (v := c.get(obj)) is None else converters[c.name](v) for c in by_label[label]}

    return struct, convert


@cache
def arrow_schema(name: str):
    """The Arrow schema of `documents`, `entities` or `errors`, and the converters of its columns."""
    import pyarrow as pa

    root = schema("error" if name == "errors" else "document")
    columns = table_columns(name)
    typed = [arrow_type(c.spec, root) for c in columns]
    fields = [pa.field(c.name, t) for c, (t, _) in zip(columns, typed, strict=True)]
    return pa.schema(fields), tuple(conv for _, conv in typed)


def table_columns(name: str) -> tuple[Column, ...]:
    if name == "documents":
        return document_columns()
    if name == "entities":
        return tuple(Column(c.name, c.spec, lambda row, n=c.name: row.get(n)) for c in _entity_all())
    if name in ("quotes", "contacts"):
        return tuple(Column(c.name, c.spec, lambda row, n=c.name: row.get(n)) for c in structure_columns(name))
    return error_columns()


def _entity_all() -> tuple[Column, ...]:
    return entity_row_columns() + entity_columns()


def arrow_rows(name: str, objects: Iterable[dict]) -> list[dict]:
    """`objects` (records, entity rows or error records) as Arrow-ready rows of table `name`."""
    _, converters = arrow_schema(name)
    columns = table_columns(name)
    pairs = tuple(zip(columns, converters, strict=True))
    if name in FLAT_TABLES:  # rows of `entity_rows`/`structure_rows`: their columns by name, most as they are
        converting = tuple((c.name, conv) for c, conv in pairs if conv is not as_is)
        rows = []
        for obj in objects:
            row = dict(obj)
            for column, conv in converting:
                if (v := row.get(column)) is not None:
                    row[column] = conv(v)
            rows.append(row)
        return rows
    return [{c.name: None if (v := c.get(obj)) is None else conv(v) for c, conv in pairs} for obj in objects]


FLAT_TABLES = ("entities", "quotes", "contacts")
