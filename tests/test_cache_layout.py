"""The cache's layout on disk: entries in shard folders, what is and is not synced, the sketches file.

At a million inputs, one folder of a million cache files is what every listing walks whole: entries live
in 256 folders named by their key's first two hex digits. Entries and review pages are not fsync'ed (a lost
one is a miss, or a page drawn again), the outputs and the manifest are.
"""

from __future__ import annotations

import io
import os

import numpy as np
import pytest

import pipeline.write as write_module
from pipeline.cache import ResultCache
from pipeline.manifest import Manifest, npy_chunks
from pipeline.review import ReviewSite
from pipeline.write import atomic_write, write_outputs
from tests.test_review import inria
from tests.test_write import _error, record

KEYS = ["a" * 64, "ab" + "0" * 62, "0" * 64, "f" * 64]


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    """The file descriptors `os.fsync` was called on."""
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(write_module.os, "fsync", counting)
    return calls


def test_entries_go_to_the_shard_of_their_key_and_read_back(tmp_path):
    cache = ResultCache(tmp_path, "config")
    for key in KEYS:
        cache.put(key, {"record": record(), "sketch": None})
    stored = sorted(p.relative_to(cache.dir).as_posix() for p in cache.dir.rglob("*.json"))
    assert stored == sorted(f"{key[:2]}/{key}.json" for key in KEYS)
    assert all(cache.get(key) == {"record": record(), "sketch": None} for key in KEYS)
    assert cache.path("ab" + "0" * 62).parent == cache.path("a" * 64).parent.with_name("ab")


def test_an_entry_of_the_flat_layout_is_a_miss_and_is_pruned(tmp_path):
    cache = ResultCache(tmp_path, "config")
    cache.dir.mkdir(parents=True)
    flat = cache.dir / f"{KEYS[0]}.json"  # where earlier versions kept it
    flat.write_text(write_module.dumps({"record": record(), "sketch": None}))
    assert not cache.has(KEYS[0]) and cache.get(KEYS[0]) is None and cache.read(KEYS[0]) is None
    cache.put(KEYS[1], {"record": record(), "sketch": None})
    cache.prune({KEYS[0], KEYS[1]})
    assert not flat.exists()
    assert sorted(p.relative_to(cache.dir).as_posix() for p in cache.dir.rglob("*")) == ["ab", f"ab/{KEYS[1]}.json"]


def test_a_cache_of_the_old_layout_in_another_configuration_is_pruned_whole(tmp_path):
    old = tmp_path / ".cache" / "0123456789abcdef"
    old.mkdir(parents=True)
    (old / f"{KEYS[0]}.json").write_text(write_module.dumps({"record": record(), "sketch": None}))
    cache = ResultCache(tmp_path, "config")
    cache.put(KEYS[0], {"record": record(), "sketch": None})
    cache.prune({KEYS[0]})
    assert not old.exists() and cache.get(KEYS[0]) is not None


def test_prune_removes_entries_in_the_wrong_shard_and_empty_shards(tmp_path):
    cache = ResultCache(tmp_path, "config")
    cache.put(KEYS[0], {"record": record(), "sketch": None})
    cache.put(KEYS[3], {"error": _error("UnreadableInput", "empty file")})
    misplaced = cache.dir / "ff" / f"{KEYS[0]}.json"
    misplaced.write_text(cache.path(KEYS[0]).read_text())
    cache.prune({KEYS[0]})
    assert not misplaced.exists() and not (cache.dir / "ff").exists()
    assert cache.get(KEYS[0]) is not None and cache.get(KEYS[3]) is None


def test_a_file_in_the_place_of_a_shard_folder_is_replaced(tmp_path):
    cache = ResultCache(tmp_path, "config")
    cache.dir.mkdir(parents=True)
    (cache.dir / "aa").write_text("not a folder")
    cache.put(KEYS[0], {"record": record(), "sketch": None})
    assert cache.get(KEYS[0]) == {"record": record(), "sketch": None}


def test_cache_entries_and_review_pages_are_not_synced_but_outputs_and_the_manifest_are(tmp_path, fsyncs):
    cache = ResultCache(tmp_path, "config")
    cache.put(KEYS[0], {"record": record(), "sketch": None})
    cache.put(KEYS[1], {"error": _error("Timeout", "timed out")}, final=False)
    site = ReviewSite(tmp_path)
    del fsyncs[:]  # the site's assets and index are synced, as outputs
    site.draw(inria())
    assert fsyncs == []
    write_outputs(tmp_path, [{"record": record()}])
    assert len(fsyncs) >= 10  # each output file, and the folder
    del fsyncs[:]
    Manifest("config", [f"{k}.txt" for k in KEYS[:1]], KEYS[:1], ["record"], [None]).save(
        tmp_path, np.zeros((1, 128), dtype="<u4")
    )
    assert len(fsyncs) == 4  # sketches and manifest: each file and its folder


@pytest.mark.parametrize("durable, syncs", [(True, 2), (False, 0)])
def test_atomic_write_syncs_only_when_durable(tmp_path, fsyncs, durable, syncs):
    assert atomic_write(tmp_path / "f", "un", durable=durable)
    assert (tmp_path / "f").read_text() == "un" and len(fsyncs) == syncs
    assert not atomic_write(tmp_path / "f", "un", durable=durable)  # unchanged: not written
    assert atomic_write(tmp_path / "f", "deux", durable=durable)
    assert (tmp_path / "f").read_text() == "deux" and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("rows", [0, 1, 4095, 4096, 9000])
def test_the_sketches_file_is_written_in_pieces_exactly_as_numpy_saves_it(rows):
    matrix = np.random.default_rng(rows).integers(0, 2**32, size=(rows, 128), dtype=np.uint64).astype("<u4")
    saved = io.BytesIO()
    np.save(saved, matrix, allow_pickle=False)
    assert b"".join(npy_chunks(matrix)) == saved.getvalue()


def test_sketches_read_back_by_key_from_the_memory_map(tmp_path):
    keys = KEYS[:3]
    matrix = np.zeros((3, 128), dtype="<u4")
    matrix[0], matrix[2] = 7, np.arange(128)
    Manifest("config", [f"{i}.txt" for i in range(3)], keys, ["record"] * 3, [None] * 3).save(tmp_path, matrix)
    manifest = Manifest.load(tmp_path)
    rows = manifest.sketches(tmp_path)
    assert keys[0] in rows and keys[1] not in rows and keys[2] in rows and KEYS[3] not in rows  # zeros: none
    assert (rows[keys[2]] == np.arange(128)).all() and (rows[keys[0]] == 7).all()
    assert len(rows) == 2 and set(rows) == {keys[0], keys[2]}
    with pytest.raises(KeyError):
        rows[keys[1]]
    (tmp_path / ".cache" / "sketches.npy").write_bytes(b"".join(npy_chunks(matrix[::-1].copy())))
    assert manifest.sketches(tmp_path) == {}  # not the file the manifest vouches for
