"""Workers die with their parent: a `kill -9` of a run mid-document leaves no worker running (issue 23, item 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline import workers
from tests import hostile
from tests.conftest import ROOT

# A worker given a text with this word writes its pid to $HANG_PID_FILE and sleeps: a document that never ends.
_HANGING_WORKER = """
import os
import time

import spacy.language

_make_doc = spacy.language.Language.make_doc


def make_doc(self, text):  # every text reaches the model through `make_doc`
    if "Clepsydre" in text:
        with open(os.environ["HANG_PID_FILE"], "w") as f:
            f.write(str(os.getpid()))
        time.sleep(3600)
    return _make_doc(self, text)


spacy.language.Language.make_doc = make_doc
"""


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its reaper is not)."""
    try:
        state = hostile.process_state(pid)[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def gone_within(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not running(pid):
            return True
        time.sleep(0.1)
    return not running(pid)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_a_worker_mid_document_dies_within_seconds_of_its_parent_killed_by_sigkill(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Genève, le 3 mai 2025. Le musée Clepsydre ouvre ses portes au public.\n", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_HANGING_WORKER, encoding="utf-8")
    pid_file = tmp_path / "worker.pid"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
        "HANG_PID_FILE": str(pid_file),
    }
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out"), "-q"]
    cmd += ["--workers", "1", "--timeout", "3600"]
    run = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # the worker loads the model first (~15 s on a busy machine)
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            assert run.poll() is None, "the run ended before its worker reached the document"
            time.sleep(0.2)
        worker = int(pid_file.read_text())
        time.sleep(1)
        assert running(worker) and run.poll() is None  # mid-document: the run waits on its worker
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert gone_within(worker, 5), f"worker {worker} still running 5 s after its parent was killed"
    finally:
        if run.poll() is None:
            run.kill()
        if pid_file.exists() and pid_file.read_text() and running(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)


def test_without_the_kernel_signal_a_worker_notices_its_new_parent_by_polling(monkeypatch):
    """The fallback where `PR_SET_PDEATHSIG` does not exist: the watch thread exits when the parent pid changes."""
    exits = []
    parent = [4242]
    monkeypatch.setattr(workers.os, "getppid", lambda: parent[0])
    monkeypatch.setattr(workers.os, "_exit", exits.append)
    monkeypatch.setattr(workers, "PARENT_POLL_S", 0.01)
    monkeypatch.setattr(workers, "_pdeathsig", lambda sig: False)
    assert workers.die_with_parent(4242) is False
    time.sleep(0.1)
    assert exits == []  # the parent is still there: nothing happens
    parent[0] = 1  # reparented to init: the parent died
    end = time.monotonic() + 5
    while not exits and time.monotonic() < end:
        time.sleep(0.01)
    assert exits == [1]
    watch = [t for t in threading.enumerate() if t.name == "parent-watch"]
    for t in watch:
        t.join(5)
    assert not any(t.is_alive() for t in watch)  # it stopped after exiting (here, after the replaced `_exit`)


def test_a_worker_whose_parent_died_before_it_asked_exits_at_once(monkeypatch):
    exits = []
    monkeypatch.setattr(workers.os, "getppid", lambda: 1)
    monkeypatch.setattr(workers.os, "_exit", lambda code: exits.append(code) or (_ for _ in ()).throw(SystemExit(code)))
    monkeypatch.setattr(workers, "_pdeathsig", lambda sig: True)
    with pytest.raises(SystemExit):
        workers.die_with_parent(4242)
    assert exits == [1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_on_linux_the_kernel_is_asked_to_kill_the_worker_with_its_parent(tmp_path):
    """In a child process: the request succeeds, and the child's pdeath signal reads back as SIGKILL."""
    code = (
        "import ctypes, ctypes.util, os, signal\n"
        "from pipeline import workers\n"
        "assert workers.die_with_parent(os.getppid()) is True\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)\n"
        "value = ctypes.c_int(0)\n"
        "assert libc.prctl(2, ctypes.byref(value), 0, 0, 0) == 0\n"  # PR_GET_PDEATHSIG
        "print(value.value)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == signal.SIGKILL


def test_the_hanging_word_is_not_in_the_sample_text():
    """The slow test's worker must hang on the document, not on the warm-up sample."""
    from pipeline.warmup import sample

    assert "Clepsydre" not in sample() and "Clepsydre" not in hostile.french(0)
