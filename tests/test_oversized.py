"""Files above their reader's limit are refused from `stat`, never read, on no run (issue 23 item 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.discover import discover
from tests.conftest import ROOT

SPARSE = 3 * 1024**3  # 3 GB of holes: `truncate`, no disk used; reading it would cost 3 GB of rchar


def sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)


def _rchar() -> int:
    return int(dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())["rchar"])


def test_discovery_refuses_an_oversized_file_without_reading_it(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    sparse(raw / "enorme.txt", SPARSE)
    raw.joinpath("petit.txt").write_text("Namur, le 3 mai 2026. Un budget de 2 M€.", encoding="utf-8")
    before = _rchar()
    found = {f.rel_path: f for f in discover(raw)[0]}
    assert _rchar() - before < 10_000_000
    big = found["enorme.txt"]
    assert big.oversized and big.sha256 is None and big.size == SPARSE
    assert not found["petit.txt"].oversized and len(found["petit.txt"].sha256) == 64
    # What stands for the unread content changes when the file does, and only then.
    assert big.content_id == discover(raw)[0][0].content_id
    os.truncate(raw / "enorme.txt", SPARSE + 1)
    assert discover(raw)[0][0].content_id != big.content_id


@pytest.mark.parametrize(("name", "size", "refused"), [("a.pdf", 150_000_000, False), ("a.pdf", 250_000_000, True)])
def test_the_limit_is_the_reader_s_own(tmp_path, name, size, refused):
    raw = tmp_path / "raw"
    raw.mkdir()
    sparse(raw / name, size)
    (found,) = discover(raw)[0]
    assert found.oversized is refused


_PROBE = """
import atexit, runpy, sys
def report():
    io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
    print(f"RCHAR {io['rchar']}", file=sys.stderr)
atexit.register(report)
sys.argv = ["pipeline", *sys.argv[1:]]
runpy.run_module("pipeline", run_name="__main__")
"""


def _run_measured(raw: Path, out: Path) -> tuple[subprocess.CompletedProcess, int]:
    """The real CLI, and how many bytes its process read (`rchar`: files, pipes, everything)."""
    cmd = [sys.executable, "-c", _PROBE, "run", "--raw", str(raw), "--out", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    rchar = int(next(line for line in result.stderr.splitlines() if line.startswith("RCHAR")).split()[1])
    return result, rchar


def test_an_oversized_file_costs_nothing_on_a_no_op_run(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    sparse(raw / "enorme.txt", SPARSE)
    first, read_first = _run_measured(raw, out)
    assert first.returncode == 0, first.stderr
    again, read_again = _run_measured(raw, out)
    assert again.returncode == 0, again.stderr
    # The CLI reads its own code and outputs (about 20 MB); hashing the file would read 3 GB.
    assert read_first < 500_000_000 and read_again < 500_000_000, (read_first, read_again)
    assert "failed 1" in again.stdout
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["path"] == "enorme.txt" and error["sha256"] is None and error["bytes"] == SPARSE
    assert error["message"].startswith("file too large")
    manifest = (out / ".cache" / "manifest.jsonl").read_text()
    again2, _ = _run_measured(raw, out)
    assert (out / ".cache" / "manifest.jsonl").read_text() == manifest  # nothing rewritten: a no-op
    assert again2.returncode == 0
