"""The record contract, checked: every line of every output passes here once.

Two validators of the same JSON Schema: fastjsonschema, which compiles it to
Python code (0.50 s for the 8 seed records and their 1,443 entities, against
5.3 s with jsonschema, measured side by side on a busy machine: validation
cost as much as the NER itself), decides; jsonschema, whose errors name the
failing path, explains a rejection (`tests/test_write.py` checks that the two
agree on the contract's cases).

Document records are validated in the worker that built them
(`process.process_found`), so that a record breaking the contract becomes
that document's error line instead of stopping the run; error records are
validated where they are made (`process.failed`). `write` therefore only
ever receives valid lines and does not validate again.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def schema(name: str = "document") -> dict:
    """The JSON Schema of `name` ("document" or "error"), from `pipeline/schemas/`."""
    return json.loads(files("pipeline").joinpath(f"schemas/{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _fast(name: str):
    import copy

    import fastjsonschema

    return fastjsonschema.compile(copy.deepcopy(schema(name)))  # it rewrites the `$ref`s of what it is given


@cache
def _validator(name: str):
    import jsonschema  # ~0.15 s to import: only paid when there is something to validate

    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


def validate_record(record: dict, name: str = "document") -> None:
    """Raise `jsonschema.ValidationError` (with the failing path) if `record` breaks the contract."""
    import fastjsonschema

    try:
        _fast(name)(record)
    except fastjsonschema.JsonSchemaException as e:
        import jsonschema

        _validator(name).validate(record)  # raises with the failing path
        raise jsonschema.ValidationError(e.message) from None
    if name == "document":
        text = record["text"]
        for e in record["entities"]:
            if text[e["start"] : e["end"]] != e["text"]:
                import jsonschema

                raise jsonschema.ValidationError(f"entity text does not match its offsets: {e}")


def warm() -> None:
    """Compile both schemas now (~0.5 s), not on a worker's first document."""
    _fast("document")
    _fast("error")
