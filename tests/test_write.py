import json
import os

import jsonschema
import pytest

from pipeline.cache import ResultCache
from pipeline.columns import entity_rows
from pipeline.settings import SCHEMA_VERSION
from pipeline.validate import validate_record
from pipeline.write import OUTPUTS, atomic_write, atomic_write_lines, write_outputs


def record(**overrides):
    r = {
        "schema_version": SCHEMA_VERSION,
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


BROKEN = [
    {"status": "done"},
    {"doc_id": "not-a-hash"},
    {"language": {"code": "fr"}},
    {"unexpected": 1},
    {"published": {"date": "2026-02-30", "grain": "day", "evidence": {"source": "text", "text": "x"}}},
    {"provenance": {"pipeline_version": "0", "config_hash": "x", "model": {}, "libraries": {}, "processed_at": "hier"}},
]
# Entities, which the fast validator checks by label (`validate._entity_wise`): (index in `record()`, changes).
BROKEN_ENTITIES = [
    (1, {"value": {"amount": 2.6e9, "currency": "euros"}}),
    (1, {"label": "PERCENT"}),
    (1, {"label": "UNKNOWN"}),
    (1, {"label": ["MONEY"]}),
    (0, {"value": []}),
    (0, {"extra": 1}),
]


def _verdicts(r: dict) -> tuple[bool, bool]:
    """Whether the fast validator and jsonschema each accept `r`."""
    from pipeline.validate import _fast, _validator

    try:
        _fast("document")(r)
        fast_ok = True
    except Exception:
        fast_ok = False
    try:
        _validator("document").validate(r)
        full_ok = True
    except jsonschema.ValidationError:
        full_ok = False
    return fast_ok, full_ok


@pytest.mark.parametrize("changes", [{}, *BROKEN])
def test_the_fast_validator_and_jsonschema_agree(changes):
    assert _verdicts(record(**changes)) == (changes == {},) * 2


@pytest.mark.parametrize("index, changes", [(0, {}), (1, {}), *BROKEN_ENTITIES])
def test_the_fast_validator_and_jsonschema_agree_on_entities(index, changes):
    r = record()
    r["entities"][index] = {**r["entities"][index], **changes}
    assert _verdicts(r) == (changes == {},) * 2


def test_money_value_needs_a_currency_code():
    r = record()
    r["entities"][1]["value"] = {"amount": 2.6e9, "currency": "euros"}
    with pytest.raises(jsonschema.ValidationError):
        validate_record(r)


def test_entity_rows_are_flat_with_the_same_keys_and_value_fields_named_for_what_they_are():
    rows = list(entity_rows(record(duplicate_of=["b.txt"])))
    assert rows[1]["amount"] == 2.6e9 and rows[1]["currency"] == "EUR" and rows[1]["canonical"] is None
    assert rows[0]["canonical"] == "Inria" and rows[0]["amount"] is None
    assert rows[1]["doc_id"] == "a" * 64 and rows[1]["path"] == "a.txt" and rows[1]["duplicate_of"] == ["b.txt"]
    assert list(rows[0]) == list(rows[1])  # every row has every column, null where absent
    assert not any(key.startswith("value") for key in rows[0])
    assert all(not isinstance(v, dict) for row in rows for v in row.values())


def test_a_dates_start_is_not_confused_with_the_entitys_offset():
    r = record(text="le 9 mars 2026")
    r["entities"] = [
        {
            "label": "DATE",
            "text": "9 mars 2026",
            "start": 3,
            "end": 14,
            "source": "rule:date:day",
            "value": {"start": "2026-03-09", "end": "2026-03-09", "grain": "day", "inferred_year": False},
        }
    ]
    validate_record(r)
    [row] = entity_rows(r)
    assert (row["char_start"], row["char_end"]) == (3, 14)  # flat tables: char_start/char_end (schema 3.0)
    assert "start" not in row and "end" not in row
    assert (row["date_start"], row["date_end"], row["inferred_year"]) == ("2026-03-09", "2026-03-09", False)


def test_atomic_write_replaces_and_skips_identical_content(tmp_path):
    path = tmp_path / "f.jsonl"
    assert atomic_write(path, "un\n")
    mtime = os.stat(path).st_mtime_ns
    assert not atomic_write(path, "un\n")
    assert os.stat(path).st_mtime_ns == mtime
    assert atomic_write(path, "deux\n") and path.read_text() == "deux\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]  # no temporary file left behind


def test_atomic_write_lines_writes_pieces_and_skips_identical_content(tmp_path):
    path = tmp_path / "index.html"
    assert atomic_write_lines(path, iter(["<p>", "un", "</p>\n"]))
    mtime = os.stat(path).st_mtime_ns
    assert not atomic_write_lines(path, ["<p>un", "</p>\n"])  # same bytes, other pieces
    assert os.stat(path).st_mtime_ns == mtime
    assert atomic_write_lines(path, ["deux\n"]) and path.read_text() == "deux\n"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]  # no temporary file left behind


def test_write_outputs_writes_six_files_and_leaves_identical_ones_alone(tmp_path):
    written = write_outputs(tmp_path, [{"record": record()}])
    assert written.changed == list(OUTPUTS)
    assert json.loads((tmp_path / "documents.jsonl").read_text())["doc_id"] == "a" * 64
    assert len((tmp_path / "entities.jsonl").read_text().splitlines()) == 2
    assert (tmp_path / "errors.jsonl").read_text() == ""
    mtimes = {name: os.stat(tmp_path / name).st_mtime_ns for name in OUTPUTS}
    again = write_outputs(tmp_path, [{"record": record()}])
    assert again.changed == [] and again.digests == written.digests
    assert {name: os.stat(tmp_path / name).st_mtime_ns for name in OUTPUTS} == mtimes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)  # no temporary file left


def test_a_failure_while_writing_leaves_the_previous_outputs_and_no_temporary_file(tmp_path):
    write_outputs(tmp_path, [{"record": record()}])
    before = {name: (tmp_path / name).read_bytes() for name in OUTPUTS}

    def entries():
        yield {"record": record(doc_id="b" * 64)}
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_outputs(tmp_path, entries())
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUTS} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)


def _error(error_type: str, message: str) -> dict:
    """A valid error record (the cache keeps only entries that meet their contract)."""
    return {
        "path": "a.txt",
        "sha256": "a" * 64,
        "bytes": 1,
        "stage": "process",
        "error_type": error_type,
        "message": message,
        "pipeline_version": "0",
    }


def test_cache_keeps_results_per_configuration_and_forgets_transient_failures(tmp_path):
    cache = ResultCache(tmp_path, "config1")
    cache.put("a" * 64, {"record": record(), "sketch": "c2tldGNo"})
    cache.put("b" * 64, {"error": _error("Timeout", "timed out")}, final=False)
    cache.put("c" * 64, {"error": _error("UnreadableInput", "empty file")})
    assert cache.get("a" * 64) == {"record": record(), "sketch": "c2tldGNo"}
    assert cache.get("b" * 64) is None and not cache.has("b" * 64)  # processed again by the next run
    assert cache.read("b" * 64)["error"]["message"] == "timed out"  # but in this run's outputs
    assert cache.get("c" * 64)["error"]["message"] == "empty file"
    assert ResultCache(tmp_path, "config2").get("a" * 64) is None
    cache.path("d" * 64).parent.mkdir()
    cache.path("d" * 64).write_text("{truncated")
    assert cache.get("d" * 64) is None

    newer = ResultCache(tmp_path, "config2")
    newer.put("a" * 64, {"record": record(title="Deux"), "sketch": None})
    newer.put("e" * 64, {"error": _error("Timeout", "timed out")}, final=False)
    newer.prune({"a" * 64})
    assert not cache.dir.exists()
    assert newer.get("a" * 64) == {"record": record(title="Deux"), "sketch": None}
    assert newer.read("e" * 64) is None
