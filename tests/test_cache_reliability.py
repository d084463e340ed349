"""The cache must never turn a passing problem into a permanent one, or lose a document (issue 12).

Each test was written before its fix and failed for the reason its item describes (they
were marked `xfail(strict=True)` until the fix landed). They drive the real CLI only, so
that they hold whatever the cache looks like inside.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.options import MIN_MEMORY_MB
from tests import hostile
from tests.conftest import RAW, ROOT, run_cli
from tests.hostile import read_jsonl

pytestmark = pytest.mark.slow


def small_french(raw: Path, names: list[str]) -> None:
    for i, name in enumerate(names):
        (raw / name).write_text(hostile.french(70 + i), encoding="utf-8")


def paths(out: Path) -> tuple[list[str], list[str]]:
    documents = [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")]
    return documents, [e["path"] for e in read_jsonl(out / "errors.jsonl")]


# --- item 1: errors that describe the moment are not cached -----------------------------------------------

_CHANGE_AFTER_DISCOVERY = """
import sys
from pathlib import Path

import pipeline.discover

real_discover = pipeline.discover.discover


def discover(raw, *seen):
    found = real_discover(raw, *seen)  # what the run will process, with each file's sha256 ...
    (Path(raw) / "change.txt").write_text("Un autre texte.", encoding="utf-8")  # ... which is now wrong
    (Path(raw) / "vanish.txt").unlink()
    return found


pipeline.discover.discover = discover  # before pipeline.run imports it
from pipeline.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
"""


def test_a_file_changed_or_removed_during_a_run_is_processed_once_it_is_put_back(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    small_french(raw, ["change.txt", "stable.txt", "vanish.txt"])
    originals = {p.name: p.read_bytes() for p in raw.iterdir()}
    cmd = [sys.executable, "-c", _CHANGE_AFTER_DISCOVERY, "--raw", str(raw), "--out", str(out), "--workers", "1"]
    during = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert during.returncode == 0, during.stderr
    assert paths(out) == (["stable.txt"], ["change.txt", "vanish.txt"])  # what the user saw: "run it again"

    for name, data in originals.items():  # both put back byte for byte
        (raw / name).write_bytes(data)
    again = run_cli(raw, out, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert paths(out) == (["change.txt", "stable.txt", "vanish.txt"], []), again.stdout + again.stderr


# --- item 2: a damaged cache entry is a miss -----------------------------------------------------------------


def _cut_in_a_character(entry: Path) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: data.index("é".encode()) + 1])  # the first byte of a two-byte character


def _empty_object(entry: Path) -> None:
    entry.write_text("{}", encoding="utf-8")


@pytest.mark.parametrize("damage", [_cut_in_a_character, _empty_object], ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_cache_entry_is_processed_again_and_every_input_is_accounted_for(tmp_path, damage):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    names = ["a.txt", "b.txt", "c.txt"]
    small_french(raw, names)
    assert run_cli(raw, out, "--workers", "1").returncode == 0
    entries = sorted(p for p in (out / ".cache").rglob("*") if p.is_file() and "é".encode() in p.read_bytes())
    assert entries, "no cache entry holds a record: has the cache moved?"
    damage(entries[0])
    result = run_cli(raw, out, "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert paths(out) == (names, []), result.stdout


# --- item 3: what a record depends on is in its cache key ----------------------------------------------------

_FAKE_TESSERACT = """#!{python}
# Answers as Tesseract 5 does, to what pytesseract asks: version, languages, and a page as TSV
# (one line whose place and first word depend on the image, so that it is no running header).
import sys
import zlib

if "--version" in sys.argv:
    print("tesseract 5.3.0")
elif "--list-langs" in sys.argv:
    print("List of available languages in /usr/share/tesseract-ocr/5/tessdata/ (2):")
    print("eng")
    print("fra")
else:
    with open(sys.argv[1], "rb") as image:
        crc = zlib.crc32(image.read())
    top = 100 + crc % 1000
    rows = [
        "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext",
        f"4\\t1\\t1\\t1\\t1\\t0\\t100\\t{{top}}\\t900\\t40\\t-1\\t",
    ]
    for i, word in enumerate(f"Image{{crc}} reconnue par une fausse reconnaissance optique".split()):
        rows.append(f"5\\t1\\t1\\t1\\t1\\t{{i + 1}}\\t{{100 + 120 * i}}\\t{{top}}\\t110\\t40\\t96\\t{{word}}")
    with open(sys.argv[2] + ".tsv", "w", encoding="utf-8") as f:
        f.write("\\n".join(rows) + "\\n")
"""


def test_a_record_made_without_tesseract_is_made_again_once_tesseract_is_installed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "2025-11_imt-salon-adopt-ai-scan.pdf", raw / "scan.pdf")
    without, with_ocr = tmp_path / "bin-without", tmp_path / "bin-with"
    without.mkdir()
    with_ocr.mkdir()
    fake = with_ocr / "tesseract"
    fake.write_text(_FAKE_TESSERACT.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)

    def record(out: Path, bin_dir: Path) -> dict:
        result = run_cli(raw, out, "--workers", "1", env={**os.environ, "PATH": str(bin_dir)})
        assert result.returncode == 0, result.stderr
        [r] = read_jsonl(out / "documents.jsonl")
        return r

    before = record(tmp_path / "out", without)
    assert "Tesseract is not installed" in " ".join(before["warnings"])
    fresh = record(tmp_path / "fresh", with_ocr)  # the fake works: a new output folder gets the OCR'd text
    assert "fausse reconnaissance" in fresh["text"] and fresh["source"].get("ocr_pages"), fresh["warnings"]

    after = record(tmp_path / "out", with_ocr)  # the same folder as before, now that Tesseract is there
    assert "fausse reconnaissance" in after["text"], after["warnings"]
    assert after["source"].get("ocr_pages") == fresh["source"]["ocr_pages"]


# --- item 8, first half: a transient failure is retried a few times, then remembered with its count --------


def test_a_time_out_is_retried_on_a_run_or_two_then_remembered_with_its_count(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    small_french(raw, ["court.txt"])
    (raw / "long.txt").write_text((hostile.long_line(2_000) + "\n\n") * 1_000, encoding="utf-8")  # minutes of NER
    runs = [run_cli(raw, out, "--workers", "1", "--timeout", "1") for _ in range(4)]
    attempted = ["failed: long.txt" in r.stderr for r in runs]
    assert attempted[0] and 2 <= sum(attempted) <= 3 and not attempted[-1], attempted
    assert all("processed 0, unchanged 1, failed 1" in r.stdout for r in runs[1:]), [r.stdout for r in runs]
    [error] = read_jsonl(out / "errors.jsonl")
    assert error["error_type"] == "Timeout"
    assert re.search(rf"\b{sum(attempted)} (times|attempts|runs)\b", error["message"]), error["message"]
    how = re.search(r"--force|--retry[a-z-]*", error["message"])
    assert how, f"the message must say how to try again: {error['message']}"
    forced = run_cli(raw, out, "--workers", "1", "--timeout", "1", how[0])
    assert "failed: long.txt" in forced.stderr


# --- item 10: out of memory while loading the model, whatever form it takes ----------------------------------


def test_a_model_load_that_fails_with_systemerror_is_out_of_memory_not_the_end_of_the_run(tmp_path):
    # Seen in a fresh clone under a memory limit: CPython reported an allocation failure this way.
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    small_french(raw, ["a.txt", "b.txt"])
    env = hostile.failing_model_env(tmp_path / "site", "SystemError('error return without exception set')")
    result = run_cli(raw, out, "--workers", "1", "--memory-mb", str(MIN_MEMORY_MB), env=env)
    assert result.returncode == 0, result.stderr
    errors = read_jsonl(out / "errors.jsonl")
    assert [e["path"] for e in errors] == ["a.txt", "b.txt"]
    assert all("memory" in e["message"] for e in errors), errors
