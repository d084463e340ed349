"""Nothing that JSON cannot read is ever written: no NaN, no infinity, in any output (issue 23 item 2)."""

from __future__ import annotations

import json
import math
import shutil

import jsonschema
import pytest

from pipeline.write import dumps, validate_record
from tests.conftest import RAW, run_cli


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_the_writer_refuses_non_finite_numbers(bad):
    with pytest.raises(ValueError):
        dumps({"amount": bad})
    with pytest.raises(ValueError):
        dumps({"nested": [{"value": {"min": 1.0, "max": bad}}]})
    assert dumps({"amount": 1e308}) == '{"amount":1e+308}'


def test_a_record_with_a_non_finite_number_breaks_the_contract():
    from pipeline.process import annotate_text

    record = annotate_text("Un budget de 5 M€ à Lausanne.")
    money = next(e for e in record["entities"] if e["label"] == "MONEY")
    validate_record(record)
    for bad in (math.inf, -math.inf, math.nan):
        money["value"]["amount"] = bad
        with pytest.raises(jsonschema.ValidationError, match="finite"):
            validate_record(record)


def _strict(line: str):
    """json.loads that refuses the non-standard `Infinity`, `-Infinity` and `NaN`, as polars or jq do."""

    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(line, parse_constant=refuse)


@pytest.mark.slow
def test_a_400_digit_number_in_a_release_leaves_every_output_line_json(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(RAW / "2024-07_imt-inria-accord-cadre-partenariat.txt", raw / "good.txt")
    huge = "9" * 400
    (raw / "huge.txt").write_text(
        f"Genève, le 4 février 2026.\n\nLa fondation annonce un fonds de {huge} euros et une hausse de "
        f"{huge} %, ainsi qu'un budget de 12 millions de francs suisses.\n",
        encoding="utf-8",
    )
    result = run_cli(raw, out, "--workers", "1")
    assert result.returncode == 0, result.stderr
    lines = 0
    for path in [*out.glob("*.jsonl"), *out.glob(".cache/*.jsonl"), *out.glob(".cache/*/*/*.json")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            _strict(line)
            lines += 1
    assert lines > 3
    records = {r["source"]["path"]: r for r in map(_strict, (out / "documents.jsonl").read_text().splitlines())}
    huge_record = records["huge.txt"]
    assert all(huge not in e["text"] for e in huge_record["entities"])
    assert any(e["label"] == "MONEY" and e["value"]["amount"] == 12e6 for e in huge_record["entities"])
    assert any("400 digits" in w for w in huge_record["warnings"])
    import pyarrow.parquet as pq

    amounts = pq.read_table(out / "entities.parquet").column("amount").to_pylist()
    assert all(a is None or math.isfinite(a) for a in amounts)
