"""The review site's no-op check (`pipeline.review.intact`) reads only the files whose stat changed.

`review/.stat.json` keeps each file's (size, mtime_ns) as the last run left it, as git's index does.
A file whose stat is unchanged and older than `.stat.json` is not read; a changed stat, a racy file
(not older than `.stat.json`) or a missing `.stat.json` means the file is hashed. The clock is never
waited on: the tests set mtimes explicitly (`os.utime`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import pipeline.review.site as site_module
from pipeline.review import intact, write_review
from pipeline.review.names import page_key, page_name
from pipeline.review.site import STATS
from tests.test_review import hostile, inria

SECOND = 10**9


@pytest.fixture
def hashed(monkeypatch) -> list[Path]:
    """The files the check reads, in order."""
    read: list[Path] = []
    real = site_module._file_sha

    def counting(path: Path):
        read.append(path)
        return real(path)

    monkeypatch.setattr(site_module, "_file_sha", counting)
    return read


def written(tmp_path: Path) -> tuple[Path, dict]:
    records = [inria(), hostile()]
    write_review(tmp_path, records, [])
    site = tmp_path / "review"
    return site, json.loads((site / STATS).read_text(encoding="utf-8"))


def age_the_list(site: Path, seconds: int = 5) -> None:
    """As on a real corpus, where `.stat.json` is written well after the pages: none of them is racy."""
    st = (site / STATS).stat()
    os.utime(site / STATS, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * SECOND))


def same_size_edit(page: Path) -> bytes:
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Inria investit", b"Inria investi!", 1))
    assert page.read_bytes() != good and len(page.read_bytes()) == len(good)
    return good


def test_the_stats_list_every_file_of_the_site(tmp_path):
    site, stats = written(tmp_path)
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {STATS, ".digests.json"}
    assert set(stats) == files
    assert all(stats[f] == [(site / f).stat().st_size, (site / f).stat().st_mtime_ns] for f in files)


def test_a_no_op_check_reads_no_file_whose_stat_is_unchanged(tmp_path, hashed):
    site, _ = written(tmp_path)
    age_the_list(site)
    hashed.clear()
    assert intact(tmp_path)
    assert hashed == []


def test_a_page_edited_with_its_mtime_changed_is_seen_and_repaired(tmp_path, hashed):
    site, stats = written(tmp_path)
    age_the_list(site)
    page = site / "documents" / page_name(page_key(inria()))
    good = same_size_edit(page)
    size, mtime = stats[f"documents/{page.name}"]
    os.utime(page, ns=(mtime + 2 * SECOND, mtime + 2 * SECOND))  # same size, another mtime
    hashed.clear()
    assert not intact(tmp_path)
    assert hashed == [page]  # the one file whose stat changed
    write_review(tmp_path, [inria(), hostile()], [])
    assert page.read_bytes() == good and intact(tmp_path)


def test_a_racy_file_is_read_even_when_its_stat_is_unchanged(tmp_path, hashed):
    """Edited within the clock tick of the last write: same size, same mtime, not older than the list."""
    site, stats = written(tmp_path)
    page = site / "documents" / page_name(page_key(inria()))
    size, mtime = stats[f"documents/{page.name}"]
    os.utime(site / STATS, ns=(mtime, mtime))  # the list written in the page's tick
    same_size_edit(page)
    os.utime(page, ns=(mtime, mtime))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (size, mtime)
    assert not intact(tmp_path)
    assert page in hashed


@pytest.mark.parametrize("damage", ["missing", "not json", "wrong shape"])
def test_without_a_usable_stat_list_every_file_is_read(tmp_path, hashed, damage):
    site, stats = written(tmp_path)
    if damage == "missing":
        (site / STATS).unlink()
    else:
        (site / STATS).write_text("{" if damage == "not json" else '{"index.html": "big"}', encoding="utf-8")
    hashed.clear()
    assert intact(tmp_path)
    assert sorted(p.relative_to(site).as_posix() for p in hashed) == sorted(stats)
    page = site / "documents" / page_name(page_key(hostile()))
    page.write_bytes(page.read_bytes() + b"<!-- -->")
    assert not intact(tmp_path)
