"""The tests read their own fixtures (`tests/fixtures/`), never the user's `raw/` (issue 20, item 6).

A user who adds, changes or removes releases in `raw/` must change no test result; this checks that
no test module reaches for that folder (the way the tests used to: `ROOT / "raw"`), and that the
fixtures the tests use are there.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import RAW, ROOT

TESTS = Path(__file__).resolve().parent
# `ROOT / "raw"`, `parent.parent / "raw"`, `"raw/..."` paths relative to the checkout
REACHES_RAW = re.compile(r'(ROOT|parent\.parent)\s*/\s*"raw"|Path\("raw[/"]')


def test_no_test_reads_the_repository_raw_folder():
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(TESTS.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REACHES_RAW.search(line) and path.name != "test_fixtures.py"
    ]
    assert offenders == []


def test_the_pattern_catches_the_old_ways():
    for line in ('shutil.copytree(ROOT / "raw", raw)', 'Path(__file__).parent.parent / "raw"', 'Path("raw/a.txt")'):
        assert REACHES_RAW.search(line), line
    assert not REACHES_RAW.search('raw = tmp_path / "raw"')


def test_the_seed_fixtures_are_there_in_every_format():
    assert RAW.is_relative_to(ROOT / "tests" / "fixtures")
    suffixes = sorted({p.suffix for p in RAW.iterdir()})
    assert suffixes == [".md", ".pdf", ".txt"]
