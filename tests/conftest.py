"""Shared fixtures: the seed releases, and a way to run the real CLI.

The tests read their own copy of the seed releases, `tests/fixtures/releases/` (`RAW`), never the
repository's `raw/`: that folder is the user's, and adding releases to it must change no test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "tests" / "fixtures" / "releases"  # the seed releases, as raw/ had them when the tests were written


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the seed releases (`RAW`)."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def run_cli(
    raw: Path, out: Path, *args: str, timeout: float = 600, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python -m pipeline run` as a user would type it (in the environment `env`, if given)."""
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
