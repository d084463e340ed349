"""Every example of the README runs against real outputs, and the Parquet files read back typed everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import RAW, ROOT, run_cli

pytestmark = pytest.mark.slow

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def snippets(language: str) -> list[str]:
    return [code for lang, code in FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8")) if lang == language]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out like the repository after `make`: raw/ and the output/ of a real run."""
    base = tmp_path_factory.mktemp("readme")
    shutil.copytree(RAW, base / "raw")
    result = run_cli(base / "raw", base / "output")
    assert result.returncode == 0, result.stderr
    return base


def test_the_readme_has_examples_in_each_language():
    assert len(snippets("python")) >= 3 and len(snippets("sql")) >= 1


@pytest.mark.parametrize("index", range(len(snippets("python"))))
def test_each_python_example_runs(workdir, index):
    code = snippets("python")[index]
    result = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{code}\n{result.stderr}"
    assert result.stdout.strip() or "print" not in code


@pytest.mark.parametrize("index", range(len(snippets("sql"))))
def test_each_sql_example_runs_in_duckdb(workdir, index, monkeypatch):
    import duckdb

    monkeypatch.chdir(workdir)
    rows = duckdb.sql(snippets("sql")[index]).fetchall()
    assert rows, "the example finds nothing on the seed releases"


def test_the_example_record_is_what_a_fresh_run_gives(workdir):
    """The README's example record is `scripts/readme_example.py`'s rendering of this run's record."""
    import json

    from scripts import readme_example

    lines = (workdir / "output" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    (record,) = [r for r in map(json.loads, lines) if r["source"]["path"] == readme_example.EXAMPLE]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fresh = readme_example.comparable(readme_example.render(record))
    assert readme_example.comparable(readme_example.block(readme)) == fresh, "run: python scripts/readme_example.py"
    assert '"processed_at": "…"' in fresh and '"config_hash": "…"' in fresh  # only these two are left out
    assert fresh.count("…") > 2  # abridged


def test_parquet_types_in_pandas_duckdb_and_polars(workdir):
    import datetime as dt

    import duckdb
    import pandas as pd
    import polars as pl

    path = workdir / "output" / "entities.parquet"
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    assert str(frame.dtypes["date_start"]) == "date32[day][pyarrow]"
    assert str(frame.dtypes["amount"]) == "double[pyarrow]" and str(frame.dtypes["inferred_year"]) == "bool[pyarrow]"
    described = {name: kind for name, kind, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert (described["date_start"], described["amount"], described["inferred_year"]) == ("DATE", "DOUBLE", "BOOLEAN")
    assert described["duplicate_of"] == "VARCHAR[]"
    assert (described["char_start"], described["char_end"]) == ("BIGINT", "BIGINT")
    # the offsets' names are not SQL keywords: a plain query reads them (`end` had to be quoted)
    assert duckdb.sql(f"SELECT char_start, char_end FROM '{path}' WHERE char_end > char_start").fetchall()
    polars = pl.read_parquet(path)
    assert (polars.schema["date_start"], polars.schema["amount"], polars.schema["inferred_year"]) == (
        pl.Date,
        pl.Float64,
        pl.Boolean,
    )
    jsonl = pd.read_json(workdir / "output" / "entities.jsonl", lines=True)
    assert len(jsonl) == len(frame) and list(jsonl.columns) == list(frame.columns)
    dates = frame[frame.label == "DATE"]
    assert dates.date_start.notna().any() and isinstance(dates.date_start.dropna().iloc[0], dt.date)
    errors = workdir / "output" / "errors.parquet"  # no file failed: an empty table, with its columns
    assert list(pd.read_parquet(errors).columns) == duckdb.sql(f"SELECT * FROM '{errors}'").columns
    assert pl.read_parquet(errors).columns[:3] == ["path", "sha256", "bytes"] and pl.read_parquet(errors).height == 0
