"""A file swapped for a link to outside `raw/` while a run reads it is never read (issue 23 item 1).

The attack: a loop renames a symbolic link (to a mode-600 file outside `raw/`) over an input, then a
regular file back, as fast as it can. Before discovery opened each file once without following links,
it hashed the outside file in about 7 % of tries, and a whole run put it into `documents.jsonl`.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from pipeline.discover import discover
from pipeline.process import _read_unchanged
from tests.conftest import run_cli

SECRET = b"Canari du coffre-fort de Fribourg: 7f3e9a-ne-doit-jamais-sortir.\n"
INSIDE = "Lausanne, le 2 mars 2026. La coopérative annonce un budget de 4 M€ pour ses ateliers.\n"


class Swapper:
    """Renames a link to `secret` over `target`, then a regular file back, until stopped."""

    def __init__(self, target: Path, secret: Path):
        self.target, self.secret = target, secret
        self.stop = threading.Event()
        self.swaps = 0
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        link, plain = (
            self.target.with_name(f".{self.target.name}.link"),
            self.target.with_name(f".{self.target.name}.new"),
        )
        while not self.stop.is_set():
            link.unlink(missing_ok=True)
            os.symlink(self.secret, link)
            os.rename(link, self.target)
            plain.write_text(INSIDE, encoding="utf-8")
            os.rename(plain, self.target)
            self.swaps += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


@pytest.fixture
def setup(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    secret = tmp_path / "coffre.txt"
    secret.write_bytes(SECRET)
    secret.chmod(0o600)
    target = raw / "communique.txt"
    target.write_text(INSIDE, encoding="utf-8")
    (raw / "autre.txt").write_text(INSIDE.replace("4 M€", "6 M€"), encoding="utf-8")
    return raw, secret, target


def test_discovery_and_the_worker_read_never_take_the_outside_file(setup):
    raw, secret, target = setup
    secret_sha = hashlib.sha256(SECRET).hexdigest()
    seen = 0
    with Swapper(target, secret) as swapper:
        for _ in range(1500):
            found, _skipped = discover(raw)
            for f in found:
                assert f.sha256 != secret_sha, "discovery hashed the file outside raw/"
                try:
                    data = _read_unchanged(f)
                except Exception:  # the file changed: an error record, never the outside bytes
                    continue
                assert SECRET not in data
                seen += 1
    assert swapper.swaps > 100 and seen >= 1500  # the loop really raced the reads (autre.txt: every time)


def test_the_worker_refuses_a_file_replaced_after_discovery(setup):
    from pipeline.discover import read_checked

    raw, secret, target = setup
    found = {f.rel_path: f for f in discover(raw)[0]}["communique.txt"]
    os.link(target, raw.parent / "keep")  # the original stays alive: its inode number cannot be reused
    target.unlink()
    os.symlink(secret, target)
    with pytest.raises(OSError):
        read_checked(found)
    target.unlink()
    target.write_text(INSIDE, encoding="utf-8")  # the same bytes, but another file (another inode)
    with pytest.raises(OSError):
        read_checked(found)


def test_a_link_inside_raw_is_read_through_its_target(setup):
    from pipeline.discover import read_checked

    raw, _secret, target = setup
    os.symlink(target, raw / "lien.txt")
    found = {f.rel_path: f for f in discover(raw)[0]}
    assert found["lien.txt"].sha256 == found["communique.txt"].sha256
    assert read_checked(found["lien.txt"]) == INSIDE.encode("utf-8")


@pytest.mark.slow
def test_a_run_during_the_swap_loop_never_writes_the_outside_content(setup, tmp_path):
    raw, secret, target = setup
    for i in range(12):  # more inputs that are swapped too: more chances to race
        (raw / f"extra-{i:02}.txt").write_text(INSIDE, encoding="utf-8")
    swappers = [Swapper(target, secret), *(Swapper(raw / f"extra-{i:02}.txt", secret) for i in range(0, 12, 3))]
    out = tmp_path / "out"
    for s in swappers:
        s.__enter__()
    try:
        for _ in range(3):
            result = run_cli(raw, out, "--workers", "1", "--force")
            assert result.returncode == 0, result.stderr
            for path in out.rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    assert b"coffre-fort de Fribourg" not in data, f"outside content in {path}"
    finally:
        for s in swappers:
            s.__exit__()
    assert all(s.swaps > 10 for s in swappers)
