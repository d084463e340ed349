"""One list of stage names for the code, the error records and their schema (issue 20, item 2).

A failure in any stage, whatever it is (here a `RuntimeError`, as a bug would raise), becomes one
error record naming that stage, valid against `error.schema.json`: never a record the schema refuses,
which would kill the worker and be reported as a crash. The stages come from `process.STAGE_NAMES`,
so a stage added later is covered here without touching this file.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from pipeline import process
from pipeline.discover import Found
from pipeline.validate import schema, validate_record
from tests import inject
from tests.conftest import run_cli


def test_the_error_schema_lists_exactly_the_stages():
    assert schema("error")["properties"]["stage"]["enum"] == list(process.ERROR_STAGES)


def test_stage_names_are_the_functions_process_runs_in_order():
    assert process.STAGE_NAMES[0] == "read" and process.STAGE_NAMES[-1] == "record"
    assert process.STAGE_NAMES[1:-1] == tuple(process.stage_name(stage) for stage in process.STAGES)
    assert len(set(process.ERROR_STAGES)) == len(process.ERROR_STAGES)
    # the names of the issue: three of them (title, locale, tables) were missing from the schema
    assert {"read", "language", "title", "published", "locale", "entities", "tables", "record"} <= set(
        process.STAGE_NAMES
    )


def found(tmp_path, name: str, text: str = "Paris, le 9 mars 2026. La Région Bretagne investit 2 M€.\n") -> Found:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = path.read_bytes()
    return Found(path=path, rel_path=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def no_entities(doc):
    return doc


no_entities.__name__ = "add_entities"


@pytest.mark.parametrize("name", process.STAGE_NAMES)
def test_a_failure_in_any_stage_is_one_valid_error_naming_it(name, tmp_path, monkeypatch):
    monkeypatch.setattr(process, "STAGES", process.STAGES)  # restored after the test
    for attribute in inject.OUTSIDE.values():
        monkeypatch.setattr(process, attribute, getattr(process, attribute))
    if name != "entities":  # spaCy is not what is tested here: the CLI test below runs it for real
        stages = tuple(no_entities if process.stage_name(s) == "entities" else s for s in process.STAGES)
        monkeypatch.setattr(process, "STAGES", stages)
    inject.install([name])

    outcome = process.process_found(found(tmp_path, f"{name}-release.txt"))

    assert outcome.record is None
    assert outcome.error["stage"] == name
    assert outcome.error["error_type"] == "InternalError"
    assert outcome.error["message"] == f"internal error: RuntimeError: injected failure in {name}"
    validate_record(outcome.error, "error")


def test_a_stage_unknown_to_the_schema_is_reported_as_process_not_a_refused_record(tmp_path):
    outcome = process.failed(found(tmp_path, "x.txt"), "InternalError", "internal error: boom", stage="nowhere")
    assert outcome.error["stage"] == "process"
    validate_record(outcome.error, "error")


def test_error_schema_refuses_a_stage_it_does_not_list(tmp_path):
    outcome = process.failed(found(tmp_path, "x.txt"), "InternalError", "internal error: boom", stage="read")
    with pytest.raises(Exception, match="stage"):
        validate_record({**outcome.error, "stage": "nowhere"}, "error")


@pytest.mark.slow
def test_the_cli_reports_a_failure_in_every_stage_as_one_plain_error_line(tmp_path):
    """One real run, one file per stage failing in the spawned workers, and one file that goes through."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    text = "Lausanne, le 3 février 2026. La Ville de Lausanne consacre 4 millions de francs au projet.\n"
    for name in process.STAGE_NAMES:
        (raw / f"{name}-release.txt").write_text(text, encoding="utf-8")
    (raw / "fine.txt").write_text(text, encoding="utf-8")
    (tmp_path / "inject").mkdir()

    result = run_cli(raw, out, "--workers", "1", env=inject.sitecustomize(tmp_path / "inject"))

    assert result.returncode == 0, result.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["path"]: e["stage"] for e in errors} == {f"{n}-release.txt": n for n in process.STAGE_NAMES}
    for error in errors:
        validate_record(error, "error")
        assert error["error_type"] == "InternalError"
        assert error["message"] == f"internal error: RuntimeError: injected failure in {error['stage']}"
    documents = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in documents] == ["fine.txt"]
    assert "Traceback" not in result.stderr
    assert "crash" not in result.stderr.lower() and "killed" not in result.stderr.lower()
    for name in process.STAGE_NAMES:
        lines = [line for line in result.stderr.splitlines() if f"{name}-release.txt" in line]
        assert len(lines) == 1, (name, result.stderr)
        assert "injected failure" in lines[0]
