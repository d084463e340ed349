"""An input that discovery hashed and that `lstat` shows unchanged is not read again (`pipeline.seen`)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import pipeline.discover as discover_module
from pipeline import seen
from pipeline.discover import Skipped, discover
from pipeline.process import failed
from pipeline.run import run

LATER = 4 * 10**18  # a discovery "beginning" in 2096, long after any file here changed: nothing is racy


@pytest.fixture
def hashed(monkeypatch) -> list[int]:
    """Counts the files discovery reads to hash them (`discover._fd_digest`)."""
    calls = []
    real = discover_module._fd_digest

    def counting(fd):
        calls.append(fd)
        return real(fd)

    monkeypatch.setattr(discover_module, "_fd_digest", counting)
    return calls


def releases(raw: Path) -> None:
    (raw / "2025" / "mars").mkdir(parents=True)
    (raw / "a.txt").write_text("Lomé, le 3 mars 2025. Un communiqué.\n", encoding="utf-8")
    (raw / "2025" / "mars" / "b.md").write_text("# Titre\n\nQuébec, le 4 mars 2025.\n", encoding="utf-8")
    (raw / "c.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))


def remembered(raw: Path) -> dict[str, tuple]:
    found, _ = discover(raw)
    return {f.rel_path: seen.fingerprint(f, LATER) for f in found}


def test_an_unchanged_file_keeps_its_sha256_unopened_and_the_same_found(tmp_path, hashed):
    raw = tmp_path / "raw"
    releases(raw)
    first, _ = discover(raw)
    assert len(hashed) == 3
    again, _ = discover(raw, remembered(raw))
    assert len(hashed) == 6  # `remembered` hashed them once more; the discovery with them hashed none
    assert again == first  # path, sha256, size, identity: the worker checks the same things


@pytest.mark.parametrize(
    "change",
    [
        "same size, mtime put back",  # `touch -r`: the ctime still moves
        "replaced by a copy of the same size and mtime",  # another inode
        "grown",
        "truncated to nothing",
    ],
)
def test_a_changed_file_is_hashed_again(tmp_path, hashed, change):
    raw = tmp_path / "raw"
    releases(raw)
    known = remembered(raw)
    path = raw / "2025" / "mars" / "b.md"
    before = path.stat()
    time.sleep(0.05)  # past the file system's clock tick (4 or 10 ms)
    if change == "same size, mtime put back":
        path.write_text(path.read_text(encoding="utf-8").replace("Québec", "Genève"), encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    elif change == "replaced by a copy of the same size and mtime":
        copy = raw / "copy.tmp"
        copy.write_bytes(path.read_bytes().replace(b"4 mars", b"5 mars"))
        os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(copy, path)
    elif change == "grown":
        with open(path, "a", encoding="utf-8") as f:
            f.write("Genève, Bruxelles.\n")
    else:
        path.write_bytes(b"")
    count = len(hashed)
    found, _ = discover(raw, known)
    assert len(hashed) == count + 1  # that file alone
    [b] = [f for f in found if f.rel_path == "2025/mars/b.md"]
    assert b.sha256 == discover_module.file_digest(path)[0] != known["2025/mars/b.md"][5]


def test_a_file_swapped_for_a_link_or_a_folder_is_not_taken_from_what_was_seen(tmp_path, hashed):
    raw = tmp_path / "raw"
    releases(raw)
    known = remembered(raw)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (raw / "a.txt").unlink()
    os.symlink(outside, raw / "a.txt")
    (raw / "c.pdf").unlink()
    (raw / "c.pdf").mkdir()
    found, skipped = discover(raw, known)
    assert [f.rel_path for f in found] == ["2025/mars/b.md"]
    assert {s.rel_path for s in skipped} == {"a.txt"}  # the link out of raw/, reported as before


def test_what_changed_just_before_discovery_is_not_remembered(tmp_path):
    raw = tmp_path / "raw"
    releases(raw)
    began = time.time_ns()
    found, _ = discover(raw)
    assert [seen.fingerprint(f, began) for f in found] == [None, None, None]  # written a moment ago
    assert all(seen.fingerprint(f, began + seen.RACY_NS + 10**9) for f in found)


def test_an_oversized_or_skipped_entry_is_never_remembered(tmp_path):
    raw = tmp_path / "raw"
    releases(raw)
    with open(raw / "enorme.txt", "wb") as f:  # holes: no disk used, and never read
        f.truncate(3 * 1024**3)
    found, _ = discover(raw)
    fingerprints = {f.rel_path: seen.fingerprint(f, LATER) for f in found}
    assert fingerprints["enorme.txt"] is None and fingerprints["a.txt"] is not None
    assert seen.fingerprint(Skipped("x.docx", "unsupported").as_input(raw), LATER) is None


def test_a_file_seen_before_is_refused_unread_once_its_size_is_over_the_limit(tmp_path, hashed, monkeypatch):
    raw = tmp_path / "raw"
    releases(raw)
    known = remembered(raw)
    count = len(hashed)
    monkeypatch.setattr(discover_module, "_too_large", lambda size, rel: rel == "a.txt")  # a lower limit now
    found, _ = discover(raw, known)
    a = next(f for f in found if f.rel_path == "a.txt")
    assert a.oversized and a.sha256 is None  # as if never seen: refused from its size alone
    assert len(hashed) == count  # and the others still taken from what was seen


def test_a_list_that_cannot_be_written_costs_only_the_hashing(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    releases(raw)
    found, _ = discover(raw)
    out.mkdir()
    (out / ".cache").write_text("a file where the folder goes", encoding="utf-8")
    seen.save(out, found, LATER, {})  # no exception
    assert seen.load(out) == {}
    (out / ".cache").unlink()
    seen.save(out, found, LATER, {})
    assert sorted(seen.load(out)) == ["2025/mars/b.md", "a.txt", "c.pdf"]


@pytest.mark.parametrize(
    "content",
    [
        "{damaged",
        "[]",
        '{"a.txt": [1, 2, 3]}',
        '{"a.txt": [1, 2, 3, 4, -5, "' + "a" * 64 + '"]}',
        '{"a.txt": [1, 2, 3, 4, 5, "not a sha256"]}',
        '{"a.txt": [1, 2, 3, 4, true, "' + "a" * 64 + '"]}',
        '{"a.txt": {"sha256": "' + "a" * 64 + '"}}',
    ],
)
def test_a_damaged_list_is_nothing_remembered(tmp_path, content):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / seen.SEEN).write_text(content, encoding="utf-8")
    assert seen.load(tmp_path) == {}


@pytest.fixture
def unreadable(monkeypatch):
    """Every document fails as unreadable (remembered at once): runs that cost nothing."""
    calls = []

    def execute(todo, **options):
        calls.append(sorted(f.rel_path for f in todo))
        for found in todo:
            yield failed(found, "UnreadableInput", "not a release")

    monkeypatch.setattr("pipeline.executor.execute", execute)
    return calls


def test_runs_read_only_the_inputs_they_have_not_seen(tmp_path, hashed, unreadable, monkeypatch):
    monkeypatch.setattr(seen, "RACY_NS", -(10**12))  # the files here were all written a moment ago
    raw, out = tmp_path / "raw", tmp_path / "out"
    releases(raw)
    run(raw, out, workers=1)
    assert len(hashed) == 3 and unreadable == [["2025/mars/b.md", "a.txt", "c.pdf"]]
    listed = json.loads((out / ".cache" / seen.SEEN).read_text(encoding="utf-8"))
    assert sorted(listed) == ["2025/mars/b.md", "a.txt", "c.pdf"]
    written = (out / ".cache" / seen.SEEN).stat().st_mtime_ns

    assert run(raw, out, workers=1).failed == 3  # nothing changed: nothing read, nothing written
    assert len(hashed) == 3 and len(unreadable) == 1
    assert (out / ".cache" / seen.SEEN).stat().st_mtime_ns == written

    time.sleep(0.05)  # past the file system's clock tick
    (raw / "a.txt").write_text("Lomé, le 9 mars 2025. Un communiqué.\n", encoding="utf-8")  # the same size
    run(raw, out, workers=1)
    assert len(hashed) == 4 and unreadable[-1] == ["a.txt"]

    run(raw, out, workers=1, force=True)  # --force trusts nothing it remembers
    assert len(hashed) == 7 and unreadable[-1] == ["2025/mars/b.md", "a.txt", "c.pdf"]
