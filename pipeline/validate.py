"""The record contract, checked: every line of every output passes here once.

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
def _validator(name: str):
    import jsonschema  # ~0.15 s to import: only paid when there is something to validate

    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


def validate_record(record: dict, name: str = "document") -> None:
    """Raise `jsonschema.ValidationError` (with the failing path) if `record` breaks the contract."""
    import jsonschema

    _validator(name).validate(record)
    if name == "document":
        text = record["text"]
        for e in record["entities"]:
            if text[e["start"] : e["end"]] != e["text"]:
                raise jsonschema.ValidationError(f"entity text does not match its offsets: {e}")
