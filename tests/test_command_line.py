"""The command line as people expect it (issue 20, item 3), through the real CLI.

No abbreviated options, the nearest option for an unknown one, `--version` with what this
installation is made of, Ctrl-C exiting 130 after the summary, `output/run.json`, and progress
lines when stderr is not a terminal.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.about import versions
from pipeline.batches import BATCH_DOCUMENTS
from pipeline.process import Outcome
from pipeline.progress import NORMAL, QUIET, Reporter
from pipeline.runreport import write_report
from pipeline.settings import config_hash
from pipeline.validate import validate_record
from tests import hostile
from tests.conftest import ROOT, run_cli


def command(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def releases(raw: Path, count: int) -> Path:
    """`count` short invented releases (each one different, so that none is a duplicate)."""
    raw.mkdir(parents=True, exist_ok=True)
    towns = ["Namur", "Liège", "Genève", "Sion", "Rimouski", "Lomé", "Cotonou", "Nantes", "Brest", "Arlon"]
    for i in range(count):
        town = towns[i % len(towns)]
        (raw / f"{i:02d}-{town.lower()}.txt").write_text(
            f"{town}, le {i + 1} mars 2026. La commune de {town} consacre {i + 2} millions d'euros "
            f"à la rénovation de {i + 3} écoles d'ici 2028.\n",
            encoding="utf-8",
        )
    return raw


# --- options -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "--work", "-1"], "unrecognized option --work: did you mean --workers?"),
        (["run", "--wrkers=2"], "unrecognized option --wrkers: did you mean --workers?"),
        (["run", "--forse"], "unrecognized option --forse: did you mean --force?"),
        (["run", "--time", "5"], "unrecognized option --time: did you mean --timeout?"),
        (["--verison"], "unrecognized option --verison: did you mean --version?"),
    ],
)
def test_abbreviations_are_refused_with_the_nearest_option(args, expected, tmp_path):
    result = command(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(expected), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()  # nothing was run


def test_an_option_like_no_other_lists_the_options_instead(tmp_path):
    result = command("run", "--zzz", cwd=tmp_path)
    assert result.returncode == 2
    last = result.stderr.splitlines()[-1]
    assert "unrecognized option --zzz (options: " in last and "--workers" in last and "did you mean" not in last


def test_full_option_names_still_work(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "vide.txt").write_bytes(b"")  # fails at once, before any model loads
    result = command("run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "processed 0, unchanged 0, failed 1" in result.stdout


def test_version_names_the_package_the_model_python_and_the_optional_parts():
    result = command("--version")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"press-pipeline {__version__}"
    model = versions()["model"]
    assert lines[1] == f"model: {model['name']} {model['version']}"
    assert lines[2] == f"Python {sys.version.split()[0]}"
    assert [line.split(":")[0] for line in lines[3:]] == ["Tesseract", "Chromium", "Dask"]


def test_version_says_when_an_optional_part_is_missing(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}  # no tesseract, no chromium on this PATH
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "Tesseract: not found" in result.stdout and "Chromium: not found" in result.stdout


# --- run.json ----------------------------------------------------------------------------------------


def test_run_json_says_what_the_run_did_and_is_valid(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "vide.txt").write_bytes(b"")
    (raw / ".cachée.txt").write_text("x", encoding="utf-8")  # hidden: skipped
    out = tmp_path / "out"
    result = command("run", "--raw", str(raw), "--out", str(out), "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    validate_record(report, "run")
    assert report["status"] == "completed"
    assert (report["processed"], report["unchanged"], report["failed"], report["skipped"], report["removed"]) == (
        0,
        0,
        1,
        1,
        0,
    )
    assert report["config_hash"] == config_hash()
    assert report["versions"] == versions()
    assert set(report["stages"]) <= {"read"}  # the empty file failed in `read`
    assert list(report["phases"]) == ["discovering", "processing", "writing"]  # no worker to start with --workers 0
    assert not list(out.glob(".run.json.*.tmp"))  # written atomically: no temporary file left

    (raw / "vide.txt").unlink()
    again = command("run", "--raw", str(raw), "--out", str(out), "--workers", "0", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (report["processed"], report["failed"], report["removed"]) == (0, 0, 1)


def test_run_json_refuses_what_its_schema_does_not_allow(tmp_path):
    from pipeline.run import Summary

    report = write_report(tmp_path, Summary(processed=2), started=time.time())
    validate_record(report, "run")
    for broken in ({**report, "processed": -1}, {**report, "status": "maybe"}, {**report, "extra": 1}):
        with pytest.raises(Exception):  # noqa: B017 (jsonschema's ValidationError, whichever validator raises)
            validate_record(broken, "run")


@pytest.mark.slow
def test_run_json_has_the_seconds_of_every_stage(tmp_path):
    from pipeline.process import STAGE_NAMES

    out = tmp_path / "out"
    result = run_cli(releases(tmp_path / "raw", 2), out, "--workers", "1")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (report["processed"], report["unchanged"], report["failed"]) == (2, 0, 0)
    assert list(report["stages"]) == list(STAGE_NAMES)
    assert all(seconds >= 0 for seconds in report["stages"].values())
    # The run's own time, phase by phase, in order; together no more than the whole run.
    assert list(report["phases"]) == ["discovering", "starting workers", "processing", "writing"]
    assert all(seconds >= 0 for seconds in report["phases"].values())
    assert report["phases"]["starting workers"] > 0.5  # a worker loads the spaCy model: never instant
    assert sum(report["phases"].values()) <= report["seconds"] + 0.01
    assert "the run's time: discovering" in run_cli(tmp_path / "raw", out, "--force", "-v").stderr

    again = run_cli(tmp_path / "raw", out)  # nothing changed: the run stops after discovery
    assert again.returncode == 0, again.stderr
    assert list(json.loads((out / "run.json").read_text(encoding="utf-8"))["phases"]) == ["discovering"]


# --- Ctrl-C ------------------------------------------------------------------------------------------


def started_as_by_a_shell(raw: Path, out: Path, *args: str, **popen) -> subprocess.Popen:
    """The CLI's run, started as a shell starts it: with SIGINT's default disposition, whatever pytest's has."""
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), *args]
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **popen,
    )


@pytest.mark.slow
def test_ctrl_c_prints_what_was_done_and_exits_130_and_the_next_run_resumes(tmp_path):
    # Six batches (`batches.BATCH_DOCUMENTS`): the first document is done with five still to come. In full
    # `make test` runs the run ignored the signal and ended with 0 (with 12, 100 and 300 documents; never alone):
    # a process started with SIGINT ignored keeps it ignored, and Python then installs no KeyboardInterrupt.
    count = 6 * BATCH_DOCUMENTS
    raw, out = releases(tmp_path / "raw", count), tmp_path / "out"
    proc = started_as_by_a_shell(raw, out, "--workers", "1", "-v")
    seen = []
    for line in proc.stderr:  # wait until a document is done: the interrupt then has something to report
        seen.append(line)
        if line.startswith("done: "):
            break
    proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, "".join(seen) + stderr
    assert "Traceback" not in stderr
    assert "interrupted: finished documents are kept" in stderr
    (summary,) = [line for line in stdout.splitlines() if line.startswith("processed ")]
    done = int(summary.split()[1].rstrip(","))
    assert 1 <= done < count, summary
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (report["status"], report["processed"]) == ("interrupted", done)
    validate_record(report, "run")

    resumed = run_cli(raw, out, "--workers", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"processed {count - done}, unchanged {done}, failed 0" in resumed.stdout


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the fork server in /proc")
def test_ctrl_c_in_a_terminal_while_the_model_loads_prints_no_traceback(tmp_path):
    """A terminal sends Ctrl-C to every process of the run: the fork server, loading the model for the workers
    (`pipeline.preload`), must not print the traceback of that load cut short."""
    raw, out = releases(tmp_path / "raw", 3), tmp_path / "out"
    # a process group of its own, as a terminal's foreground job
    proc = started_as_by_a_shell(raw, out, "--workers", "2", start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not hostile.fork_server_of(proc.pid) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert hostile.fork_server_of(proc.pid), "no fork server started"
        time.sleep(0.5)  # into the model's load (~3 s)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr


# --- progress ----------------------------------------------------------------------------------------


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


def outcome(name: str, error: bool = False) -> Outcome:
    from pipeline.discover import Found

    found = Found(path=Path(name), rel_path=name, sha256="0" * 64, size=1)
    return Outcome(found, error={"message": "empty file"} if error else None, record=None if error else {})


def test_progress_lines_come_on_a_timer_when_stderr_is_not_a_terminal():
    stream = Pipe()
    reporter = Reporter(verbosity=NORMAL, stream=stream, interval=0.05)
    reporter.begin(4)
    reporter.finished(outcome("a.txt"))
    reporter.finished(outcome("b.txt", error=True))
    time.sleep(0.3)  # a slow document: the timer still speaks
    reporter.end()
    lines = [line for line in stream.getvalue().splitlines() if line.startswith("progress: ")]
    assert len(lines) >= 2
    assert lines[-1].startswith("progress: 2/4 documents (50 %), 1 failed, ")
    count = len(stream.getvalue().splitlines())
    time.sleep(0.2)
    assert len(stream.getvalue().splitlines()) == count  # the timer stops with the run


@pytest.mark.parametrize(("progress", "verbosity"), [(False, NORMAL), (None, QUIET), (True, NORMAL)])
def test_no_progress_lines_with_no_progress_quiet_or_a_bar(progress, verbosity):
    stream = Pipe()
    reporter = Reporter(verbosity=verbosity, progress=progress, stream=stream, interval=0.05)
    reporter.begin(2)
    time.sleep(0.3)
    reporter.end()
    assert "progress: " not in stream.getvalue()


def test_no_progress_lines_on_a_terminal():
    class Terminal(Pipe):
        def isatty(self) -> bool:
            return True

    reporter = Reporter(verbosity=NORMAL, stream=Terminal(), interval=0.05)
    assert not reporter.lines_enabled and reporter.bar_enabled


@pytest.mark.slow
def test_the_cli_prints_progress_lines_into_a_pipe(tmp_path):
    """A run piped like CI's gets a line every `PROGRESS_SECONDS`: the CLI as a user runs it, with the interval
    cut to 0.5 s (a run lasts a few seconds now: at 5 s, it could end before owing a line)."""
    import subprocess
    import sys

    code = "import sys; from pipeline import cli, progress; progress.PROGRESS_SECONDS = 0.5; sys.exit(cli.main())"
    raw = releases(tmp_path / "raw", 3)
    args = ["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--workers", "1"]
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    seconds = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["seconds"]
    assert seconds > 1.0  # the model's load alone takes longer: two lines are owed
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert lines, result.stderr
    assert all(line.startswith("progress: ") and " documents (" in line for line in lines)
    assert "\r" not in result.stderr  # no bar redrawn in a log


def test_ctrl_c_while_an_outcome_is_kept_is_raised_once_it_is_kept():
    """An outcome is cached and counted, or neither: the summary counts what the cache holds."""
    from pipeline.run import _ctrl_c_held

    kept = []
    # Python's own handler, as the command starts with, whatever an earlier test left (a full test run once
    # found another one here); `raise_signal` sends it to this thread, where `os.kill` lets any thread take it.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), _ctrl_c_held():
            signal.raise_signal(signal.SIGINT)  # what Ctrl-C sends, in the middle of the block
            kept.append("cached")
            kept.append("counted")
        assert kept == ["cached", "counted"]
        with _ctrl_c_held():  # no Ctrl-C: nothing raised, and the handler is Python's own again after the block
            pass
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, before)
