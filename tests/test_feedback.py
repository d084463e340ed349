"""What a run says (issue 14, item 3), and what the manifest spares a re-run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.run import run
from tests.conftest import RAW, run_cli
from tests.hostile import read_jsonl

ENGLISH = "Annual report of the board number {}. The company hired engineers and opened offices this year.\n"


def english(raw: Path, names: list[str]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (raw / name).write_text(ENGLISH.format(i), encoding="utf-8")


def test_version_is_printed_by_the_module_and_the_installed_command():
    module = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert (module.returncode, module.stdout.splitlines()[0]) == (0, f"press-pipeline {__version__}")
    command = Path(sys.executable).parent / "press-pipeline"
    if command.exists():  # installed by `make install`
        installed = subprocess.run([str(command), "--version"], capture_output=True, text=True)
        assert installed.stdout == module.stdout


def test_an_empty_raw_folder_is_warned_about_and_still_gives_tables(tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_cli(tmp_path / "raw", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning: no input in" in result.stderr
    assert "processed 0, unchanged 0, failed 0, skipped 0, removed 0" in result.stdout
    quiet = run_cli(tmp_path / "raw", tmp_path / "out", "--quiet")
    assert quiet.stderr == "" and quiet.stdout.startswith("processed 0")


def test_verbose_names_each_document_and_quiet_says_nothing_but_the_summary(tmp_path):
    english(tmp_path / "raw", ["a.txt", "b.txt"])
    (tmp_path / "raw" / "vide.txt").write_bytes(b"")
    verbose = run_cli(tmp_path / "raw", tmp_path / "out", "--workers", "0", "-v")
    assert verbose.returncode == 0, verbose.stderr
    assert "processing: a.txt" in verbose.stderr and "done: b.txt" in verbose.stderr
    assert "failed: vide.txt: empty file" in verbose.stderr
    quiet = run_cli(tmp_path / "raw", tmp_path / "again", "--workers", "0", "-q")
    summary, review = quiet.stdout.splitlines()  # the summary is its line and the review site's path
    assert quiet.stderr == "" and "failed 1" in summary and review == f"review: {tmp_path / 'again/review/index.html'}"


def test_the_summary_counts_inputs_removed_since_the_last_run(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    english(raw, ["a.txt", "b.txt", "c.txt"])
    assert run(raw, out, workers=0).processed == 3
    (raw / "b.txt").unlink()
    (raw / "c.txt").unlink()
    summary = run(raw, out, workers=0)
    assert (summary.processed, summary.unchanged, summary.removed) == (0, 1, 2)
    assert "removed 2" in summary.line()
    assert [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")] == ["a.txt"]


def test_a_no_op_rerun_opens_no_cache_entry_and_a_damaged_output_is_rewritten(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    english(raw, ["a.txt", "b.txt"])
    run(raw, out, workers=0)
    # run.json says what each run did (its seconds, its start): it changes with every run by design
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name not in (".lock", "run.json")}
    entries = {entry: entry.read_bytes() for entry in out.glob(".cache/*/*/*.json")}
    for entry in entries:  # an entry read now would fail the run: a no-op re-run must not need them
        entry.write_text("{damaged")
    summary = run(raw, out, workers=0)
    assert (summary.processed, summary.unchanged, summary.changed) == (0, 2, [])
    for entry, data in entries.items():
        entry.write_bytes(data)
    (out / "documents.jsonl").write_text("edited by hand\n")
    summary = run(raw, out, workers=0)  # the manifest no longer matches the outputs: they are written again
    assert (summary.processed, summary.unchanged, summary.changed) == (0, 2, ["documents.jsonl"])
    assert {name: (out / name).read_bytes() for name in before} == before


@pytest.mark.slow
def test_near_duplicates_follow_inputs_across_runs_without_reprocessing(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    source = RAW / "2024-07_imt-inria-accord-cadre-partenariat.txt"
    shutil.copy(source, raw / "accord.txt")
    shutil.copy(source, raw / "accord-copie.md")
    run(raw, out, workers=0)
    records = {r["source"]["path"]: r for r in read_jsonl(out / "documents.jsonl")}
    assert records["accord.txt"]["duplicate_of"] == ["accord-copie.md"]
    rows = read_jsonl(out / "entities.jsonl")
    assert rows and all(row["duplicate_of"] == ["accord-copie.md"] for row in rows if row["path"] == "accord.txt")
    (raw / "accord-copie.md").unlink()
    summary = run(raw, out, workers=0)  # accord.txt is not reprocessed: its sketch comes from the manifest
    assert (summary.processed, summary.unchanged, summary.removed) == (0, 1, 1)
    [record] = read_jsonl(out / "documents.jsonl")
    assert record["duplicate_of"] == []
    shutil.copy(source, raw / "accord-bis.txt")
    assert run(raw, out, workers=0).processed == 1
    assert {r["source"]["path"]: r["duplicate_of"] for r in read_jsonl(out / "documents.jsonl")} == {
        "accord-bis.txt": ["accord.txt"],
        "accord.txt": ["accord-bis.txt"],
    }


def test_a_cache_entry_lost_between_runs_is_processed_again_not_dropped(tmp_path):
    from pipeline.cache import ResultCache, cache_key
    from pipeline.discover import discover
    from pipeline.settings import config_hash

    raw, out = tmp_path / "raw", tmp_path / "out"
    english(raw, ["a.txt", "b.txt"])
    run(raw, out, workers=0)
    cache = ResultCache(out, config_hash())
    found = {f.rel_path: f for f in discover(raw)[0]}
    cache.path(cache_key(found["a.txt"])).unlink()
    cache.path(cache_key(found["b.txt"])).write_text("{damaged")
    english(raw, ["a.txt", "b.txt", "c.txt"])  # c.txt is new: the run cannot stop at the manifest
    summary = run(raw, out, workers=0)
    assert (summary.processed, summary.unchanged, summary.failed) == (3, 0, 0)
    assert [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")] == ["a.txt", "b.txt", "c.txt"]
