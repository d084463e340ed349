"""Skipped inputs leave a trace: an error line (stage `discover`), the review index, `--strict` (issue 23 item 11).

Before, named pipes, devices, links out of `raw/` and folders that cannot be listed were reported on
stderr only: the outputs accounted for them nowhere.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.discover import discover, inputs
from pipeline.write import validate_record
from tests.conftest import ROOT

# The CLI, with one folder that cannot be listed (as a folder without read permission behaves, even for root).
_UNLISTABLE = """
import os, runpy, sys
from pathlib import Path
real = os.scandir
def scandir(path="."):
    if Path(path).name == "fermé":
        raise PermissionError(13, "Permission denied", os.fspath(path))
    return real(path)
os.scandir = scandir
sys.argv = ["pipeline", *sys.argv[1:]]
runpy.run_module("pipeline", run_name="__main__")
"""


def press(raw: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", _UNLISTABLE, "run", "--raw", str(raw), "--out", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "fermé").mkdir(parents=True)
    (raw / "fermé" / "dedans.txt").write_text("Texte.", encoding="utf-8")
    os.mkfifo(raw / "tube.txt")
    outside = tmp_path / "dehors.txt"
    outside.write_text("Hors du dossier.", encoding="utf-8")
    os.symlink(outside, raw / "lien-dehors.txt")
    (tmp_path / "dossier").mkdir()
    os.symlink(raw / "fermé", raw / "lien-dossier")  # a linked folder: reported, not an input
    (raw / ".cache-editeur.txt").write_text("x")  # hidden: reported, not an input
    with open(raw / "enorme.txt", "wb") as f:  # refused from its size: no worker, no model to load
        f.truncate(50_000_000)
    return raw


def test_the_skipped_entries_that_get_an_error_line(raw):
    found, skipped = discover(raw)
    assert {s.rel_path for s in skipped if s.recorded} == {"lien-dehors.txt", "tube.txt"}
    assert {s.rel_path for s in skipped if not s.recorded} == {".cache-editeur.txt", "lien-dossier"}
    accounted = inputs(found, skipped, raw)
    assert [f.rel_path for f in accounted] == ["enorme.txt", "fermé/dedans.txt", "lien-dehors.txt", "tube.txt"]
    assert [f.skipped is not None for f in accounted] == [False, False, True, True]


def test_a_device_is_recorded(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    try:
        os.mknod(raw / "peripherique.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs privileges")
    found, skipped = discover(raw)
    assert [(s.rel_path, s.reason, s.recorded) for s in skipped] == [("peripherique.txt", "not a regular file", True)]


@pytest.mark.slow
def test_skipped_inputs_are_error_lines_on_the_review_index_and_counted_by_strict(raw, tmp_path):
    out = tmp_path / "out"
    result = press(raw, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    errors = {e["path"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert sorted(errors) == ["enorme.txt", "fermé", "lien-dehors.txt", "tube.txt"]
    for path, error in errors.items():
        validate_record(error, "error")
        if path != "enorme.txt":
            assert (error["stage"], error["error_type"], error["sha256"]) == ("discover", "Skipped", None)
    assert errors["tube.txt"]["message"] == "skipped: not a regular file"
    assert "outside the raw folder" in errors["lien-dehors.txt"]["message"]
    assert "dehors.txt" not in errors["lien-dehors.txt"]["message"]  # where it leads is on stderr only
    assert f"symbolic link to {raw.parent / 'dehors.txt'}" in result.stderr
    assert errors["fermé"]["message"] == "skipped: folder cannot be listed: Permission denied"
    assert "failed 1, skipped 5" in result.stdout  # the line still says what was skipped (hidden files too)
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in ("tube.txt", "lien-dehors.txt", "fermé"))
    import pyarrow.parquet as pq

    assert sorted(pq.read_table(out / "errors.parquet").column("path").to_pylist()) == sorted(errors)

    manifest = (out / ".cache" / "manifest.jsonl").read_text()
    again = press(raw, out, "--strict")
    assert again.returncode == 3, again.stderr  # skipped inputs count as failures for --strict
    assert (out / ".cache" / "manifest.jsonl").read_text() == manifest  # a no-op run: nothing rewritten
    (raw / "enorme.txt").unlink()
    (raw / "tube.txt").unlink()
    (raw / "tube.txt").write_text("Bruxelles, le 4 avril 2026. Un fonds de 2 M€.", encoding="utf-8")
    os.unlink(raw / "lien-dehors.txt")
    third = press(raw, out, "--strict")
    errors = {e["path"] for e in read_jsonl(out / "errors.jsonl")}
    assert errors == {"fermé"}
    assert [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")] == ["tube.txt"]
    assert third.returncode == 3, third.stderr
