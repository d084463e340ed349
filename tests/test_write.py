import json
import os

import jsonschema
import pytest

from pipeline.cache import ResultCache
from pipeline.write import atomic_write, entity_rows, validate_record, write_outputs


def record(**overrides):
    r = {
        "schema_version": "1.0",
        "doc_id": "a" * 64,
        "source": {"path": "a.txt", "sha256": "a" * 64, "bytes": 10, "format": "txt", "encoding": "utf-8"},
        "status": "ok",
        "warnings": [],
        "title": None,
        "published": None,
        "language": {"code": "fr", "confidence": 1.0, "method": "test"},
        "text": "Inria lève 2,6 Md€.",
        "entities": [
            {
                "label": "ORG",
                "text": "Inria",
                "start": 0,
                "end": 5,
                "source": "rule:org",
                "value": {"canonical": "Inria"},
            },
            {
                "label": "MONEY",
                "text": "2,6 Md€",
                "start": 11,
                "end": 18,
                "source": "rule:money",
                "value": {"amount": 2.6e9, "currency": "EUR"},
            },
        ],
        "organisations": [{"canonical": "Inria", "aliases": ["Inria"], "mentions": 1}],
        "provenance": {
            "pipeline_version": "0",
            "config_hash": "x",
            "model": {"name": "m", "version": "1"},
            "libraries": {},
            "processed_at": "2026-01-01T00:00:00+00:00",
        },
    }
    r.update(overrides)
    return r


def test_a_valid_record_passes():
    validate_record(record())


@pytest.mark.parametrize(
    "broken",
    [
        {"status": "done"},
        {"doc_id": "not-a-hash"},
        {"language": {"code": "fr"}},
        {"unexpected": 1},
        {"text": "Inria lève 2,6 milliards."},  # offsets no longer match the entity texts
    ],
)
def test_records_breaking_the_contract_are_rejected(broken):
    with pytest.raises(jsonschema.ValidationError):
        validate_record(record(**broken))


def test_money_value_needs_a_currency_code():
    r = record()
    r["entities"][1]["value"] = {"amount": 2.6e9, "currency": "euros"}
    with pytest.raises(jsonschema.ValidationError):
        validate_record(r)


def test_entity_rows_are_flat():
    rows = list(entity_rows(record()))
    assert rows[1]["value_amount"] == 2.6e9 and rows[1]["value_currency"] == "EUR"
    assert rows[1]["doc_id"] == "a" * 64 and rows[1]["path"] == "a.txt"
    assert all(not isinstance(v, dict) for row in rows for v in row.values())


def test_atomic_write_replaces_and_skips_identical_content(tmp_path):
    path = tmp_path / "f.jsonl"
    assert atomic_write(path, "un\n")
    mtime = os.stat(path).st_mtime_ns
    assert not atomic_write(path, "un\n")
    assert os.stat(path).st_mtime_ns == mtime
    assert atomic_write(path, "deux\n") and path.read_text() == "deux\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]  # no temporary file left behind


def test_write_outputs_writes_three_files(tmp_path):
    changed = write_outputs(tmp_path, [record()], [])
    assert changed == ["documents.jsonl", "entities.jsonl", "errors.jsonl"]
    assert json.loads((tmp_path / "documents.jsonl").read_text())["doc_id"] == "a" * 64
    assert len((tmp_path / "entities.jsonl").read_text().splitlines()) == 2
    assert write_outputs(tmp_path, [record()], []) == []


def test_cache_keeps_results_per_configuration_and_forgets_transient_failures(tmp_path):
    cache = ResultCache(tmp_path, "config1")
    cache.put("a" * 64, record={"x": 1})
    cache.put("b" * 64, error={"error_type": "Timeout", "message": "timed out"})
    cache.put("c" * 64, error={"error_type": "UnreadableInput", "message": "empty file"})
    assert cache.get("a" * 64) == {"record": {"x": 1}}
    assert cache.get("b" * 64) is None
    assert cache.get("c" * 64)["error"]["message"] == "empty file"
    assert ResultCache(tmp_path, "config2").get("a" * 64) is None
    (cache.dir / f"{'d' * 64}.json").write_text("{truncated")
    assert cache.get("d" * 64) is None

    newer = ResultCache(tmp_path, "config2")
    newer.put("a" * 64, record={"x": 2})
    newer.prune({"a" * 64})
    assert not cache.dir.exists()
    assert newer.get("a" * 64) == {"record": {"x": 2}}
