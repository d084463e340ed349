"""One worker or two: the same outputs and the same review site, byte for byte (`processed_at` aside).

With two workers, documents finish in another order than with one (the largest first, then whichever
worker is free), and the run draws each review page as its document finishes (`ReviewSite.draw`); the
near-duplicates are only known at the end, and change the records (and pages) of both copies. None of it
may show in what is written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.review.names import page_name, path_key
from tests.conftest import RAW, run_cli
from tests.hostile import outputs

pytestmark = pytest.mark.slow

_PROCESSED = re.compile(rb"processed \d{4}-\d{2}-\d{2}T[0-9:+-]+")


def _corpus(raw: Path) -> None:
    """The seed texts (of very different lengths), one of them filed twice, and a file that fails."""
    raw.mkdir()
    for path in RAW.iterdir():
        if path.suffix in {".txt", ".md"}:
            shutil.copy(path, raw / path.name)
    copy = _first().read_text(encoding="utf-8") + "\nContact presse : presse@example.org\n"
    (raw / "copie").mkdir()
    (raw / "copie" / _first().name).write_text(copy, encoding="utf-8")
    (raw / "vide.txt").write_bytes(b"")


def _first() -> Path:
    return min(p for p in RAW.iterdir() if p.suffix == ".txt")


def _site(out: Path) -> dict[str, bytes]:
    """Every page and file of the review site, the time of processing blanked; not the stats (mtimes)."""
    site = out / "review"
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    return {
        name: _PROCESSED.sub(b"processed -", path.read_bytes())
        for name, path in files.items()
        if name not in (".stat.json", ".digests.json")
    }


def test_one_worker_and_two_write_the_same_outputs_and_the_same_review_site(tmp_path):
    raw = tmp_path / "raw"
    _corpus(raw)
    one, two = tmp_path / "one", tmp_path / "two"
    for out, workers in ((one, "1"), (two, "2")):
        result = run_cli(raw, out, "--workers", workers)
        assert result.returncode == 0, result.stderr
    assert outputs(one) == outputs(two)
    duplicated = [line for line in outputs(one)["documents.jsonl"].splitlines() if '"duplicate_of":["' in line]
    assert len(duplicated) == 2, "the copy and its original must be near-duplicates of each other"
    pages_one, pages_two = _site(one), _site(two)
    # The pages were drawn as the documents finished, before the near-duplicates were known: the two copies'
    # pages are the ones drawn again from the records written, each linking to the other.
    copy, original = (page_name(path_key(p)) for p in (f"copie/{_first().name}", _first().name))
    assert f'href="{original}"'.encode() in pages_one[f"documents/{copy}"]
    assert f'href="{copy}"'.encode() in pages_one[f"documents/{original}"]
    assert sorted(pages_one) == sorted(pages_two)
    assert len([n for n in pages_one if n.startswith("documents/")]) == len(list(raw.rglob("*.*"))) - 1
    assert pages_one == pages_two
