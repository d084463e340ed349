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


def _compile(definition: dict):
    import copy

    import fastjsonschema

    return fastjsonschema.compile(copy.deepcopy(definition))  # it rewrites the `$ref`s of what it is given


@cache
def _fast(name: str):
    """The fast validator of `name`: a function that raises `fastjsonschema.JsonSchemaException`."""
    return _entity_wise(schema(name)) if name == "document" else _compile(schema(name))


def _entity_wise(document: dict):
    """The document validator, each entity checked against the rules of its own label only.

    The schema says `if label is MONEY then value is a money value`, once per label, and the code
    fastjsonschema generates tests each `if` by raising and catching an exception, four per entity:
    validating the 5 seed records and their 1,303 entities took 45 ms (3.5 % of NER's time on them),
    and takes 9.5 ms (measured side by side). It accepts the same records: an entity labelled L meets
    the `if` of L alone, and one without a known label fails the entity schema whatever its `if`s say
    (it is checked against all of it). `tests/test_write.py` compares it with jsonschema.
    """
    defs, draft = document["$defs"], document["$schema"]
    entity = {key: rule for key, rule in defs["entity"].items() if key != "allOf"}
    plain = _compile({"$schema": draft, "$defs": defs, **entity})
    by_label = dict.fromkeys(entity["properties"]["label"]["enum"], plain)
    for case in defs["entity"]["allOf"]:
        label = case["if"]["properties"]["label"]["const"]
        by_label[label] = _compile({"$schema": draft, "$defs": defs, **entity, "allOf": [case["then"]]})
    any_entity = _compile({"$schema": draft, "$defs": defs, **defs["entity"]})
    outside = _compile({**document, "properties": {**document["properties"], "entities": {"type": "array"}}})

    def validate(record) -> None:
        outside(record)
        for e in record["entities"]:
            label = e.get("label") if isinstance(e, dict) else None
            (by_label.get(label, any_entity) if isinstance(label, str) else any_entity)(e)

    return validate


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
    _finite(record)
    if name == "document":
        text = record["text"]
        for e in record["entities"]:
            if text[e["start"] : e["end"]] != e["text"]:
                import jsonschema

                raise jsonschema.ValidationError(f"entity text does not match its offsets: {e}")


def _finite(record: dict) -> None:
    """Raise if a number of `record` is NaN or infinite: the schema says numbers are finite, as JSON's are.

    JSON Schema cannot say it (`maximum` lets NaN through), so it is checked here, by the C encoder
    (`allow_nan=False`), which costs about as much as writing the record once.
    """
    try:
        json.dumps(record, allow_nan=False, check_circular=False)
    except ValueError:
        import jsonschema

        raise jsonschema.ValidationError("a number is not finite (NaN or infinity): JSON cannot hold it") from None


def warm() -> None:
    """Compile both schemas now (~0.5 s), not on a worker's first document."""
    _fast("document")
    _fast("error")
