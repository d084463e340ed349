"""A full disk or a read-only output folder ends the run with one plain line, exit 1, outputs intact (issue 12, item 5).

The full disk is simulated in this process: `os.fsync` fails with ENOSPC, as it does when
the file system runs out of room for data it had accepted into the page cache. The
read-only folder is real: a read-only bind mount in a private mount namespace
(`unshare`, as root or in a user namespace), so that even root gets EROFS and nothing
outside the test sees the mount; where no namespace can be made, `chmod` (EACCES,
which does not stop root: then the test is skipped).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import ROOT


def state(out: Path) -> dict[str, bytes]:
    """Every file under `out` by relative path: what must not change."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_run(tmp_path: Path) -> tuple[Path, Path]:
    """An output folder from a complete run, and a new input that the next run must write about.

    Empty files fail at once, before any model is loaded: the runs are fast and still write the
    cache and the three outputs.
    """
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "vide.txt").write_bytes(b"")
    assert main(["run", "--raw", str(raw), "--out", str(out), "--workers", "0"]) == 0
    (raw / "vide.md").write_bytes(b"")
    return raw, out


@pytest.mark.parametrize("failing_fsync", [1, 2, 3], ids=["cache-entry", "cache-folder", "errors.jsonl"])
def test_a_full_disk_ends_in_one_line_exit_1_and_the_outputs_intact(previous_run, monkeypatch, capsys, failing_fsync):
    raw, out = previous_run
    before = state(out)
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == failing_fsync:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    capsys.readouterr()
    monkeypatch.setattr(os, "fsync", fsync)
    status = main(["run", "--raw", str(raw), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err
    monkeypatch.undo()

    assert status == 1
    lines = [line for line in err.splitlines() if not line.startswith("failed: ")]
    full = f"error: {out}: No space left on device; free some space and run again: finished documents are kept"
    assert lines == [full]
    after = state(out)
    assert not [name for name in after if name.endswith(".tmp")], "a temporary file was left behind"
    for name in ("documents.jsonl", "entities.jsonl", "errors.jsonl"):
        assert after[name] == before[name], name
    assert main(["run", "--raw", str(raw), "--out", str(out), "--workers", "0"]) == 0  # with room again: completes
    assert (out / "errors.jsonl").read_text().count('"path"') == 2


def _read_only_prefix(folder: Path) -> list[str] | None:
    """A command prefix that runs a command with `folder` bind-mounted read-only in a private mount namespace."""
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'
    if not shutil.which("unshare"):
        return None
    for flags in (["-m"], ["-r", "-m"]):  # as root; else as root of a user namespace
        prefix = ["unshare", *flags, "sh", "-c", script, "sh", str(folder)]
        probe = subprocess.run([*prefix, "sh", "-c", 'touch "$0/probe"', str(folder)], capture_output=True, text=True)
        if probe.returncode != 0 and "Read-only file system" in probe.stderr:
            return prefix
    return None


def test_a_read_only_output_folder_ends_in_one_line_exit_1_and_the_outputs_intact(previous_run):
    raw, out = previous_run
    before = state(out)
    cli = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--workers", "0"]
    prefix = _read_only_prefix(out)
    if prefix is None:  # no mount namespace here: a folder without write permission, which root ignores
        if os.geteuid() == 0:
            pytest.skip("needs unshare (a private mount namespace) to make a folder read-only for root")
        out.chmod(0o555)
        try:
            result = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, timeout=120)
        finally:
            out.chmod(0o755)
        expected = "Permission denied; the output folder must be writable (--out)"
    else:
        result = subprocess.run([*prefix, *cli], capture_output=True, text=True, cwd=ROOT, timeout=120)
        expected = f"error: {out / '.lock'}: Read-only file system; the output folder must be writable (--out)"
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.splitlines()
    assert expected in line, line
    assert state(out) == before
