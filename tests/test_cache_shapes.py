"""What is read back from the cache or the manifest is checked; anything of the wrong shape is a miss (issue 23 item 7).

Before: `{"record": null}` gave a traceback on every run until `--force`, `{"error": {}}` wrote a `{}` line
with no path into `errors.jsonl`, an entry replaced by a folder made every run exit 1, and a non-dict
`depends` in the manifest gave a traceback.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.cache import ResultCache, valid_entry
from pipeline.discover import Found
from pipeline.duplicates import PERMUTATIONS
from pipeline.manifest import MANIFEST, Manifest
from pipeline.process import failed
from tests.conftest import run_cli
from tests.hostile import read_jsonl

KEY = "a" * 64


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict:
    from pipeline.process import process_file

    path = tmp_path_factory.mktemp("rec") / "liege.txt"
    path.write_text("Liège, le 5 juin 2026. La province investit 3 M€ dans ses écoles.", encoding="utf-8")
    return process_file(path)


def _error() -> dict:
    found = Found(Path("x.pdf"), "x.pdf", "b" * 64, 10)
    return failed(found, "UnreadableInput", "damaged PDF: no pages").error


def test_entries_as_put_are_valid(record):
    assert valid_entry({"record": record, "sketch": "abc"})
    assert valid_entry({"record": record, "sketch": None, "depends": {"ocr": "none"}})
    assert valid_entry({"error": _error()})
    assert valid_entry({"error": _error(), "attempts": 2, "depends": {"timeout": 120.0}})


@pytest.mark.parametrize(
    "entry",
    [
        {"record": None},
        {"record": {}},
        {"record": "text"},
        {"error": {}},
        {"error": None},
        {"error": {"path": "x.txt"}},
        [],
        "record",
        None,
        {},
    ],
    ids=repr,
)
def test_entries_of_the_wrong_shape_are_misses(entry):
    assert not valid_entry(entry)


def test_wrong_fields_beside_a_valid_record_or_error_are_misses(record):
    assert not valid_entry({"record": record, "error": _error()})
    assert not valid_entry({"record": record, "depends": ["ocr"]})
    assert not valid_entry({"record": record, "sketch": 12})
    assert not valid_entry({"error": _error(), "attempts": "3"})
    assert not valid_entry({"error": _error(), "attempts": 0})
    broken = json.loads(json.dumps(record))
    broken["entities"][0]["end"] += 1  # its text no longer matches its offsets
    assert not valid_entry({"record": broken})


def test_the_cache_reads_a_wrong_shape_or_a_folder_as_a_miss_and_writes_over_it(tmp_path, record):
    cache = ResultCache(tmp_path, "config")
    cache.path(KEY).parent.mkdir(parents=True)
    cache.path(KEY).write_text('{"record": null}')
    assert cache.get(KEY) is None and cache.read(KEY) is None and cache.attempts(KEY) == 0
    cache.path(KEY).unlink()
    cache.path(KEY).mkdir()  # an entry replaced by a folder
    (cache.path(KEY) / "inside").write_text("x")
    assert cache.get(KEY) is None
    cache.put(KEY, {"record": record, "sketch": None})
    assert cache.get(KEY) == {"record": record, "sketch": None}
    cache.path(KEY, ".retry.json").mkdir()
    cache.put(KEY, {"error": _error()}, final=False)
    cache.put(KEY, {"error": _error()})
    assert not cache.path(KEY, ".retry.json").exists()
    cache.path("c" * 64).parent.mkdir()
    cache.path("c" * 64).mkdir()
    cache.prune({KEY})
    assert sorted(p.relative_to(cache.dir).as_posix() for p in cache.dir.rglob("*")) == ["aa", f"aa/{KEY}.json"]


def test_only_an_entry_this_run_put_itself_is_read_without_being_checked_again(tmp_path, record):
    cache = ResultCache(tmp_path, "config")
    cache.put(KEY, {"record": record, "sketch": None})
    assert cache.read(KEY) == cache.read(KEY, put_now=True) == {"record": record, "sketch": None}
    # Changed on disk since: an earlier run's entry is checked (a miss), the one the run has just put is not.
    cache.path(KEY).write_text('{"record": {"text": "changed"}, "sketch": null}')
    assert cache.read(KEY) is None
    assert cache.read(KEY, put_now=True) == {"record": {"text": "changed"}, "sketch": None}
    cache.path(KEY).write_text("{damaged")  # not JSON: a miss either way, and the run processes it again
    assert cache.read(KEY) is None and cache.read(KEY, put_now=True) is None


def _manifest(tmp_path: Path, rows: list, header: dict | None = None) -> Manifest | None:
    (tmp_path / ".cache").mkdir(exist_ok=True)
    header = header or {"config": "c", "count": len(rows), "outputs": {}, "sketches": None}
    lines = [json.dumps(header), *(json.dumps(row) for row in rows)]
    (tmp_path / ".cache" / MANIFEST).write_text("\n".join(lines) + "\n")
    return Manifest.load(tmp_path)


def test_a_manifest_as_saved_loads(tmp_path):
    manifest = _manifest(tmp_path, [["a.txt", KEY, "record", None], ["b.pdf", "d" * 64, "error", {"ocr": "5"}]])
    assert manifest is not None and manifest.depends == [None, {"ocr": "5"}]


@pytest.mark.parametrize(
    "row",
    [
        ["a.txt", KEY, "record", "ocr"],  # a non-dict depends
        ["a.txt", KEY, "record", ["ocr"]],
        ["a.txt", KEY, "record", 3],
        ["a.txt", KEY, "nonsense", None],
        ["a.txt", "short", "record", None],
        [None, KEY, "record", None],
        ["a.txt", KEY, "record"],
        {"path": "a.txt"},
        "a.txt",
    ],
    ids=repr,
)
def test_a_manifest_row_of_the_wrong_shape_makes_the_manifest_a_miss(tmp_path, row):
    assert _manifest(tmp_path, [row]) is None


@pytest.mark.parametrize(
    "header",
    [
        {"config": "c", "count": "1", "outputs": {}, "sketches": None},
        {"config": "c", "count": 1, "outputs": [], "sketches": None},
        {"config": "c", "count": 1, "outputs": {"documents.jsonl": 3}, "sketches": None},
        {"config": 7, "count": 1, "outputs": {}, "sketches": None},
        {"config": "c", "count": 1, "outputs": {}, "sketches": 5},
        ["c", 1],
    ],
    ids=repr,
)
def test_a_manifest_header_of_the_wrong_shape_makes_the_manifest_a_miss(tmp_path, header):
    assert _manifest(tmp_path, [["a.txt", KEY, "record", None]], header) is None


def test_sketches_of_the_wrong_shape_are_ignored(tmp_path):
    import io

    for bad in (np.zeros((1, 3), dtype="<u4"), np.zeros(PERMUTATIONS, dtype="<u4"), np.zeros((1, PERMUTATIONS))):
        buffer = io.BytesIO()
        np.save(buffer, bad)
        data = buffer.getvalue()
        (tmp_path / ".cache").mkdir(exist_ok=True)
        (tmp_path / ".cache" / "sketches.npy").write_bytes(data)
        header = {"config": "c", "count": 1, "outputs": {}, "sketches": hashlib.sha256(data).hexdigest()}
        manifest = _manifest(tmp_path, [["a.txt", KEY, "record", None]], header)
        assert manifest is not None and manifest.sketches(tmp_path) == {}


@pytest.mark.slow
def test_a_run_after_each_kind_of_damage_processes_again_and_accounts_for_every_input(tmp_path):
    from tests import hostile

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    for i, name in enumerate(names):
        (raw / name).write_text(hostile.french(40 + i), encoding="utf-8")
    (raw / "e.pdf").write_bytes(b"not a pdf at all")
    assert run_cli(raw, out, "--workers", "1").returncode == 0
    rows = (out / ".cache" / MANIFEST).read_text().splitlines()
    by_path = {json.loads(r)[0]: json.loads(r) for r in rows[1:]}
    config = json.loads(rows[0])["config"]
    entry = {p: out / ".cache" / config / row[1][:2] / f"{row[1]}.json" for p, row in by_path.items()}
    entry["a.txt"].write_text('{"record": null}')
    entry["b.txt"].write_text('{"error": {}}')
    entry["c.txt"].unlink()
    entry["c.txt"].mkdir()
    entry["e.pdf"].write_text('{"error": {"path": "e.pdf"}}')
    by_path["d.txt"][3] = "not a dict"
    header = json.loads(rows[0])
    (out / ".cache" / MANIFEST).write_text("\n".join([json.dumps(header), *map(json.dumps, by_path.values())]) + "\n")
    for _ in range(2):  # the first run repairs, the second finds everything in order
        result = run_cli(raw, out, "--workers", "1")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        documents = [r["source"]["path"] for r in read_jsonl(out / "documents.jsonl")]
        errors = read_jsonl(out / "errors.jsonl")
        assert documents == names and [e["path"] for e in errors] == ["e.pdf"], result.stdout
    assert "processed 0" in result.stdout and "unchanged 4" in result.stdout
