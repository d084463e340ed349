"""Tables derived from the JSON Schema: entity rows, Arrow types, and fields added to the schema later."""

from __future__ import annotations

import copy
import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import columns, validate
from pipeline.validate import validate_record
from pipeline.write import write_outputs
from tests.test_write import record

CACHED = (
    columns.entity_columns,
    columns._entity_columns_of,
    columns.entity_row_columns,
    columns.document_columns,
    columns.error_columns,
)


def every_label() -> dict:
    """A valid record with an entity of each label carrying a value, every optional value field used once."""
    text = "Inria : 2,6 Md€, environ 15 %, 40 t, vers mars 2026."
    spans = {"Inria": 0, "2,6 Md€": 8, "environ 15 %": 17, "40 t": 31, "vers mars 2026": 37}
    values = {
        "Inria": ("ORG", {"canonical": "Inria"}),
        "2,6 Md€": ("MONEY", {"amount": 2.6e9, "currency": "EUR", "currency_inferred": True, "min": 2e9, "max": 3e9}),
        "environ 15 %": ("PERCENT", {"value": 15, "qualifier": "about"}),
        "40 t": ("QUANTITY", {"amount": 40.0, "unit": "t"}),
        "vers mars 2026": (
            "DATE",
            {"start": "2026-03-01", "end": "2026-03-31", "grain": "month", "approximate": True, "relative": False},
        ),
    }
    entities = [
        {"label": label, "text": t, "start": s, "end": s + len(t), "source": "rule:x", "value": value}
        for t, s in spans.items()
        for label, value in [values[t]]
    ]
    r = record(text=text, entities=entities)
    validate_record(r)
    return r


def test_entity_rows_lose_no_value_field_and_keep_booleans():
    r = every_label()
    rows = list(columns.entity_rows(r))
    by_name = {c.name: c for c in columns.entity_columns()}
    for e, row in zip(r["entities"], rows, strict=True):
        assert list(row) == [c.name for c in (*columns.entity_row_columns(), *columns.entity_columns())]
        found = {name: value for name, value in row.items() if name in by_name and value is not None}
        own = {columns.FLAT_NAMES.get(k, k): v for k, v in e.items() if k != "value"}
        assert {k: found.pop(k) for k in own} == own
        assert sorted(found.values(), key=repr) == sorted(e["value"].values(), key=repr), (e, found)
    percent, date = rows[2], rows[4]
    assert percent["percent"] == 15 and "value_value" not in percent
    assert date["approximate"] is True and date["date_start"] == "2026-03-01" and date["char_start"] == 37


def test_flat_rows_are_converted_only_where_arrow_needs_it_and_lose_nothing():
    rows = list(columns.entity_rows(every_label()))
    _, converters = columns.arrow_schema("entities")
    pairs = list(zip(columns.table_columns("entities"), converters, strict=True))
    every_column = [{c.name: None if (v := c.get(row)) is None else conv(v) for c, conv in pairs} for row in rows]
    assert columns.arrow_rows("entities", rows) == every_column
    date = columns.arrow_rows("entities", rows)[4]
    assert date["date_start"] == dt.date(2026, 3, 1) and date["approximate"] is True  # converted / as it is
    assert rows[4]["date_start"] == "2026-03-01"  # the JSON row itself is left as it was


def test_arrow_types_follow_the_json_schema():
    entities, _ = columns.arrow_schema("entities")
    expected = {
        "date_start": pa.date32(),
        "amount": pa.float64(),
        "percent": pa.float64(),
        "inferred_year": pa.bool_(),
        "currency_inferred": pa.bool_(),
        "char_start": pa.int64(),
        "char_end": pa.int64(),
        "duplicate_of": pa.list_(pa.string()),
        "bbox": pa.list_(pa.float64()),
    }
    assert {name: entities.field(name).type for name in expected} == expected
    documents, _ = columns.arrow_schema("documents")
    assert documents.field("published_date").type == pa.date32()
    assert documents.field("provenance_processed_at").type == pa.timestamp("s", tz="UTC")
    assert documents.field("provenance_libraries").type == pa.string()  # a free-form object: its JSON text
    assert pa.types.is_list(documents.field("organisations").type)
    assert documents.field("entities").type.value_type.field("date_start").type == pa.date32()


def test_parquet_round_trip_keeps_types_and_values(tmp_path):
    r = every_label()
    write_outputs(tmp_path, [{"record": r}])
    entities = pq.read_table(tmp_path / "entities.parquet").to_pylist()
    assert [e["label"] for e in entities] == ["ORG", "MONEY", "PERCENT", "QUANTITY", "DATE"]
    assert entities[4]["date_start"] == dt.date(2026, 3, 1) and entities[4]["approximate"] is True
    assert entities[1]["amount"] == 2.6e9 and entities[1]["currency_inferred"] is True
    assert entities[0]["amount"] is None and entities[0]["canonical"] == "Inria"
    [doc] = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert doc["source_path"] == "a.txt" and doc["published_date"] is None and doc["text"] == r["text"]
    assert doc["entities"][1]["amount"] == 2.6e9
    assert doc["entities"][4]["start"] == 37 and "char_start" not in doc["entities"][4]  # nested: start/end
    errors = pq.read_table(tmp_path / "errors.parquet")
    assert errors.num_rows == 0 and errors.column_names == [c.name for c in columns.error_columns()]


@pytest.fixture
def extended_schema(monkeypatch):
    """The schema with fields no branch has: a record-level list of objects, a nested object, a value field."""
    root = copy.deepcopy(validate.schema("document"))
    props, defs = root["properties"], root["$defs"]
    props["topics"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"name": {"type": "string"}, "weight": {"type": "number"}}},
    }
    props["origin"] = {
        "oneOf": [
            {"type": "null"},
            {"type": "object", "properties": {"site": {"type": "string"}, "crawled": {"type": "integer"}}},
        ]
    }
    defs["date"]["properties"]["calendar"] = {"type": ["string", "null"]}
    monkeypatch.setattr(
        columns, "schema", lambda name="document": root if name == "document" else validate.schema(name)
    )
    for f in (*CACHED, columns.arrow_schema):
        f.cache_clear()
    yield root
    monkeypatch.undo()
    for f in (*CACHED, columns.arrow_schema):
        f.cache_clear()


def test_fields_added_to_the_json_schema_become_columns_without_code_changes(extended_schema, tmp_path):
    documents, _ = columns.arrow_schema("documents")
    assert documents.field("topics").type == pa.list_(pa.struct([("name", pa.string()), ("weight", pa.float64())]))
    assert documents.field("origin_site").type == pa.string()
    assert documents.field("origin_crawled").type == pa.int64()
    entities, _ = columns.arrow_schema("entities")
    assert entities.field("calendar").type == pa.string()

    r = every_label()
    r["topics"] = [{"name": "IA", "weight": 0.9}]
    r["origin"] = {"site": "example.org", "crawled": 3}
    r["entities"][4]["value"]["calendar"] = "gregorian"
    rows = list(columns.entity_rows(r))
    assert rows[4]["calendar"] == "gregorian" and rows[0]["calendar"] is None
    write_outputs(tmp_path, [{"record": r}])
    [doc] = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert doc["topics"] == [{"name": "IA", "weight": 0.9}] and doc["origin_site"] == "example.org"
    assert pq.read_table(tmp_path / "entities.parquet").to_pylist()[4]["calendar"] == "gregorian"


def test_the_fields_of_languages_locale_tables_parts_and_cells_are_typed_columns():
    documents, _ = columns.arrow_schema("documents")
    assert documents.field("languages").type == pa.list_(pa.struct([("code", pa.string()), ("share", pa.float64())]))
    assert documents.field("locale_country").type == pa.string()
    assert documents.field("locale_evidence").type.value_type.field("start").type == pa.int64()
    assert documents.field("tables").type.value_type.field("rows").type == pa.list_(pa.list_(pa.string()))
    entities, _ = columns.arrow_schema("entities")
    assert entities.field("parts").type == pa.list_(pa.struct([("start", pa.date32()), ("end", pa.date32())]))
    assert entities.field("context_row").type == pa.int64()
    assert entities.field("relative").type == pa.bool_() and entities.field("tax").type == pa.string()
