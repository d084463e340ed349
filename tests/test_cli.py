"""The real CLI on the real raw/ folder: records, incrementality, atomicity, bad files."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.write import validate_record
from tests.conftest import RAW, ROOT, run_cli

pytestmark = pytest.mark.slow


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_processed_at(path: Path) -> list[dict]:
    rows = read_jsonl(path)
    for r in rows:
        r["provenance"].pop("processed_at")
    return rows


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    """One cold run of the CLI on a copy of raw/, shared by the tests of this module."""
    base = tmp_path_factory.mktemp("seeds")
    raw, out = base / "raw", base / "out"
    shutil.copytree(RAW, raw)
    result = run_cli(raw, out)
    assert result.returncode == 0, result.stderr
    return raw, out, result


def test_every_raw_file_becomes_a_valid_record(seeds_run):
    raw, out, result = seeds_run
    records = read_jsonl(out / "documents.jsonl")
    inputs = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    assert [r["source"]["path"] for r in records] == inputs
    assert (out / "errors.jsonl").read_text() == ""
    for record in records:
        validate_record(record)
        if record["source"].get("unread_pages"):  # a scan, on a machine without Tesseract
            assert record["status"] == "partial" and "Tesseract" in " ".join(record["warnings"])
            continue
        assert record["language"]["code"] == "fr"
        assert record["entities"], record["source"]["path"]
    assert f"processed {len(inputs)}, unchanged 0, failed 0" in result.stdout


def test_entities_jsonl_is_one_flat_row_per_entity(seeds_run):
    _, out, _ = seeds_run
    records = read_jsonl(out / "documents.jsonl")
    rows = read_jsonl(out / "entities.jsonl")
    assert len(rows) == sum(len(r["entities"]) for r in records)
    texts = {r["doc_id"]: r["text"] for r in records}
    for row in rows:
        assert not any(isinstance(v, dict) for v in row.values())
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"]


def test_second_run_reprocesses_nothing_and_changes_no_byte(seeds_run, tmp_path):
    raw, out, _ = seeds_run
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    before = {p.name: p.read_bytes() for p in out2.glob("*.jsonl")}
    result = run_cli(raw, out2)
    assert result.returncode == 0, result.stderr
    assert "processed 0, unchanged" in result.stdout
    assert {p.name: p.read_bytes() for p in out2.glob("*.jsonl")} == before


def test_changed_and_removed_inputs_are_reflected(seeds_run, tmp_path):
    raw, out, _ = seeds_run
    raw2, out2 = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(raw, raw2)
    shutil.copytree(out, out2)
    victims = sorted(raw2.glob("*.txt"))
    victims[0].unlink()
    victims[1].write_text(victims[1].read_text(encoding="utf-8") + "\nAjout : 3 M€.\n", encoding="utf-8")
    result = run_cli(raw2, out2)
    assert result.returncode == 0, result.stderr
    assert "processed 1," in result.stdout
    paths = [r["source"]["path"] for r in read_jsonl(out2 / "documents.jsonl")]
    assert victims[0].name not in paths and victims[1].name in paths
    assert victims[0].name not in (out2 / "entities.jsonl").read_text()


def test_output_does_not_depend_on_worker_count(seeds_run, tmp_path):
    raw, out, _ = seeds_run
    result = run_cli(raw, tmp_path / "one", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert without_processed_at(tmp_path / "one" / "documents.jsonl") == without_processed_at(out / "documents.jsonl")


def test_bad_files_get_error_lines_and_the_rest_is_processed(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(RAW / "2024-07_imt-inria-accord-cadre-partenariat.txt", raw / "good.txt")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EO")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "empty.md").write_bytes(b"")
    result = run_cli(raw, out)
    assert result.returncode == 0, result.stderr
    assert [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")] == ["good.txt"]
    errors = {e["path"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert sorted(errors) == ["binary.txt", "broken.pdf", "empty.md"]
    assert errors["binary.txt"]["message"].startswith("binary data in a .txt file")
    assert errors["empty.md"]["message"].startswith("empty file")
    assert "PDF" in errors["broken.pdf"]["message"]
    for e in errors.values():
        validate_record(e, "error")
    assert "failed 3" in result.stdout
    strict = run_cli(raw, out, "--strict")
    assert strict.returncode == 3


def test_a_run_killed_midway_leaves_previous_outputs_intact_and_the_next_run_completes(seeds_run, tmp_path):
    seeds_raw, out, _ = seeds_run
    raw, out2 = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(seeds_raw, raw)
    shutil.copytree(out, out2)
    before = {p.name: p.read_bytes() for p in out2.glob("*.jsonl")}
    for path in raw.glob("*.txt"):  # these documents must be processed again
        path.write_text(path.read_text(encoding="utf-8") + "\nMise à jour.\n", encoding="utf-8")
    cached = set(out2.glob(".cache/*/*/*.json"))
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out2), "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    give_up = time.monotonic() + 300
    while proc.poll() is None and not set(out2.glob(".cache/*/*/*.json")) - cached and time.monotonic() < give_up:
        time.sleep(0.02)  # until the first changed document is done: the others are still to come
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL, "the run finished before it could be killed"
    assert {p.name: p.read_bytes() for p in out2.glob("*.jsonl")} == before
    result = run_cli(raw, out2)
    assert result.returncode == 0, result.stderr
    assert "processed" in result.stdout and "unchanged" in result.stdout
    records = read_jsonl(out2 / "documents.jsonl")
    assert all("Mise à jour." in r["text"] for r in records if r["source"]["path"].endswith(".txt"))
    for r in records:
        validate_record(r)


def test_a_second_concurrent_run_is_refused(tmp_path):
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".lock"):
        result = run_cli(RAW, out)
    assert result.returncode == 1
    assert "another run is writing" in result.stderr
    assert not (out / "documents.jsonl").exists()


def test_help_describes_the_command():
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--raw", "--out", "--workers", "--force", "--strict", "Exit status"):
        assert option in result.stdout
    text = " ".join(result.stdout.split())  # argparse wraps lines
    assert "--retry-failed reprocess every file that failed" in text
    assert "tried on up to 3 runs, then remembered with its count" in text
    assert "at least 800; 0 = none" in text and "keep dying before their first document" in text
