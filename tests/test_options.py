"""The CLI refuses values that would hang the run, fail every document or read its own outputs (issue 14, item 2).

Each refusal: exit status 2, one message that names the option, no traceback, nothing run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.options import MAX_MEMORY_MB, MAX_TIMEOUT_S, MIN_MEMORY_MB, usable_cpus
from tests.conftest import ROOT


def press(*args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline run ...`; a run that hangs fails the test instead of the suite."""
    cmd = [sys.executable, "-m", "pipeline", "run", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    return raw, tmp_path / "out"


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("press-pipeline run: error: "), result.stderr
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--workers", "-1", ["--workers", "0", "-1"]),  # used to hang with no output
        ("--timeout", "0", ["--timeout", "positive"]),
        ("--timeout", "-5", ["--timeout", "positive"]),
        ("--timeout", "nan", ["--timeout", "positive"]),
        ("--memory-mb", "-1", ["--memory-mb", "0 (no limit)"]),
        ("--memory-mb", str(MIN_MEMORY_MB - 1), ["--memory-mb", f"at least {MIN_MEMORY_MB} MB"]),
        ("--memory-mb", "300", ["too low", f"at least {MIN_MEMORY_MB} MB"]),
        # Issue 23 item 8: values the platform cannot take, which used to crash once the model had loaded.
        ("--timeout", "2147484", ["--timeout", "at most 2147483"]),  # 2^31 ms: poll() cannot wait that long
        ("--timeout", "3e9", ["--timeout", "at most 2147483"]),
        ("--timeout", "inf", ["--timeout", "positive"]),
        ("--memory-mb", "99999999999999", ["--memory-mb", "at most 8796093022207"]),  # setrlimit overflows
        ("--memory-mb", str(MAX_MEMORY_MB + 1), ["--memory-mb", "0 (no limit)"]),
    ],
)
def test_a_bad_value_is_refused_with_exit_2(folders, option, value, words):
    raw, out = folders
    result = press("--raw", str(raw), "--out", str(out), option, value)
    assert_refused(result, *words)
    assert not out.exists(), "nothing may run after a refusal"


def test_the_smallest_memory_limit_that_works_and_no_limit_are_accepted(folders):
    raw, out = folders
    for value in (str(MIN_MEMORY_MB), "0"):
        result = press("--raw", str(raw), "--out", str(out), "--memory-mb", value)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("where", ["equal", "inside", "symlink-inside"])
def test_an_output_folder_inside_the_raw_folder_is_refused(tmp_path, where):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text("Texte.", encoding="utf-8")
    out = {"equal": raw, "inside": raw / "sub" / "out", "symlink-inside": tmp_path / "link"}[where]
    if where == "symlink-inside":
        os.symlink(raw / "sub", out)  # looks outside raw/, writes inside it
    result = press("--raw", str(raw), "--out", str(out))
    assert_refused(result, "--out", "inside --raw", "outputs would be read as inputs")
    assert sorted(p.name for p in raw.rglob("*")) == ["a.txt", "sub"]


def test_an_output_folder_beside_or_above_the_raw_folder_is_accepted(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    assert press("--raw", str(raw), "--out", str(tmp_path / "raw-out")).returncode == 0  # a prefix, not a parent
    assert press("--raw", str(raw), "--out", str(tmp_path)).returncode == 0  # raw/ inside the outputs: harmless


def test_more_workers_than_cpus_are_capped_and_the_message_says_how_many_were_used(folders):
    raw, out = folders
    result = press("--raw", str(raw), "--out", str(out), "--workers", "1000")
    assert result.returncode == 0, result.stderr
    cpus = usable_cpus()
    assert f"--workers 1000 is more than the {cpus} CPUs available: using {cpus}" in result.stderr


def test_help_lists_every_exit_status():
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--help"], capture_output=True, text=True)
    epilog = " ".join(result.stdout.split())
    for status in ("0 when", "1 when", "2 when an option has a bad value", "3 with --strict"):
        assert status in epilog, epilog


def test_the_largest_accepted_limits_fit_what_the_platform_takes():
    """The bounds are the platform's own: a worker can set them, the pool can wait that long."""
    import multiprocessing as mp
    import resource
    from multiprocessing.connection import wait

    here, there = mp.Pipe()
    there.send("ready")
    assert wait([here], timeout=MAX_TIMEOUT_S) == [here]  # accepted (it returns at once: data is waiting)
    with pytest.raises(OverflowError):
        wait([here], timeout=MAX_TIMEOUT_S + 1)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    code = "import resource; resource.setrlimit(resource.RLIMIT_AS, ({0}, {0}))".format(MAX_MEMORY_MB * 1024 * 1024)
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    too_big = "import resource; resource.setrlimit(resource.RLIMIT_AS, ({0}, {0}))".format(
        (MAX_MEMORY_MB + 1) * 1024 * 1024
    )
    assert subprocess.run([sys.executable, "-c", too_big], capture_output=True).returncode != 0
    assert resource.getrlimit(resource.RLIMIT_AS) == (soft, hard)
