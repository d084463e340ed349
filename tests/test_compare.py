"""`make compare` runs, on a sample, and says what the README says it measures (issue 20, item 5)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_compare_runs_on_a_sample_and_py3langid_is_deterministic():
    cmd = [sys.executable, "scripts/compare.py", "--sample", "--json"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["runs"] == 20
    languages = {row["library"].split(",")[0]: row for row in measured["languages"]}
    assert len(measured["languages"]) == 3 and set(languages) == {"langdetect 1.0.9", "py3langid 0.4.0"}
    for row in measured["languages"]:
        assert row["total"] == 12 and 0 <= row["right"] <= row["total"] and row["ms"] > 0
        if row["library"].startswith("py3langid"):
            assert row["varying"] == row["varying_probability"] == 0  # why the pipeline uses it
    dates = {(row["library"], row["set"]) for row in measured["dates"]}
    assert dates == {(lib, part) for lib in ("dateparser 1.5.0", "our date rules") for part in ("news", "press")}
    for row in measured["dates"]:
        assert 0 <= row["right"] <= row["expected"] and row["wrong"] >= 0 and row["sentences"] == 6


def test_the_readme_has_the_comparison_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| languages (44 paragraphs, fr/en) | language varies over 20 runs |" in readme
    assert "| dates | set (sentences) | right dates | wrong dates |" in readme
