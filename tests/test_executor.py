"""The worker's start-up: the model is loaded before any deadline, and a failure to load is reported."""

import multiprocessing as mp
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import local_pool as executor
from pipeline import workers
from pipeline.discover import Found
from tests.conftest import ROOT


@pytest.fixture
def restore_sigint():
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)


def serve_with(monkeypatch, failure: Exception, tasks: list, memory_mb: int | None = None) -> list:
    """Run a worker's `_serve` in this process with a model that fails to load; what it sends back.

    With `memory_mb`, the worker believes it runs under that limit (the limit itself is not set here).
    """

    def broken_model(rules=True):
        raise failure

    monkeypatch.setattr("pipeline.ner.nlp.load_nlp", broken_model)
    monkeypatch.setattr("pipeline.language.load_identifier", lambda: None)
    monkeypatch.setattr(executor.resource, "setrlimit", lambda *args: None)
    parent, child = mp.Pipe()
    for task in [*([t] for t in tasks), None]:  # each document a batch of one
        parent.send(task)
    executor._serve(child, memory_mb)
    received = []
    while parent.poll():
        message = parent.recv()
        received.extend(message if isinstance(message, list) else [message])  # a batch's outcomes, one by one
    return received


def test_a_model_that_cannot_load_is_reported_instead_of_ready(monkeypatch, restore_sigint):
    assert serve_with(monkeypatch, RuntimeError("model files missing"), []) == [
        "the spaCy model cannot be loaded: RuntimeError: model files missing"
    ]


@pytest.mark.parametrize(
    "failure",
    [MemoryError(), ImportError("libfoo.so: failed to map segment from shared object")],
)
def test_a_memory_limit_too_low_for_the_model_fails_each_document_as_out_of_memory(
    monkeypatch, restore_sigint, tmp_path, failure
):
    found = Found(tmp_path / "a.txt", "a.txt", "0" * 64, 10)
    ready, outcome = serve_with(monkeypatch, failure, [found])
    assert ready == "ready"
    assert outcome.error["error_type"] == "WorkerOutOfMemory"  # about the worker, not the document: not remembered
    assert outcome.error["message"].startswith("out of memory: the spaCy model does not fit")


def test_a_systemerror_while_loading_is_out_of_memory_only_under_a_memory_limit(monkeypatch, restore_sigint, tmp_path):
    # CPython's "error return without exception set": a C extension whose allocation failed under RLIMIT_AS.
    failure = SystemError("error return without exception set")
    found = Found(tmp_path / "a.txt", "a.txt", "0" * 64, 10)
    ready, outcome = serve_with(monkeypatch, failure, [found], memory_mb=800)
    assert ready == "ready"
    assert outcome.error["message"].startswith("out of memory: the spaCy model does not fit in the worker's 800 MB")
    assert serve_with(monkeypatch, failure, []) == [  # without a limit, it is a bug: the run stops and says so
        "the spaCy model cannot be loaded: SystemError: error return without exception set"
    ]


def test_a_dead_worker_is_described_by_what_is_known_not_guessed_out_of_memory():
    from pipeline.dask_backend import departure_message

    assert workers.DEAD_WORKER == "the worker processing this file"  # the same subject in both backends
    # Dask reports no signal: a worker that left may have reached its memory limit only if it had one
    for none in (None, 0):
        message = departure_message(none)
        assert message == (
            "the worker processing this file left the Dask cluster (Dask does not say why: it may have been "
            "killed or crashed)"
        )
    limited = departure_message(4 * 2**30)
    assert limited.endswith("it may have been killed, crashed or reached its 4096 MB memory limit)")
    assert "probably" not in limited


def test_a_worker_killed_by_a_signal_is_reported_with_that_signal_only():
    worker = executor._Worker.__new__(executor._Worker)
    worker.process = mp.get_context("spawn").Process(target=signal.pause, daemon=True)
    worker.process.start()
    worker.process.kill()
    assert executor._death_message(worker) == "the worker processing this file was killed by SIGKILL"


def test_workers_dying_at_start_blame_the_memory_limit_only_when_killed_under_one():
    killed = workers.start_failure_message(3, "the last was killed by SIGABRT", 1000, killed=True)
    assert "--memory-mb 1000 is probably too low" in killed
    exited = workers.start_failure_message(3, "the last exited unexpectedly (exit code 1)", 4096, killed=False)
    assert "memory" not in exited and "the installation may be broken" in exited
    unlimited = workers.start_failure_message(3, "the last was killed by SIGKILL", None, killed=True)
    assert "memory" not in unlimited and "the installation may be broken" in unlimited


def test_a_sample_text_out_of_memory_after_the_model_loaded_says_so(monkeypatch, restore_sigint, tmp_path):
    def no_room():
        raise MemoryError()

    monkeypatch.setattr(executor, "load_models", lambda: None)
    monkeypatch.setattr(executor, "rehearse", no_room)
    monkeypatch.setattr(executor.resource, "setrlimit", lambda *args: None)
    parent, child = mp.Pipe()
    for task in [[Found(tmp_path / "a.txt", "a.txt", "0" * 64, 10)], None]:
        parent.send(task)
    executor._serve(child, 900)
    assert parent.recv() == "ready"
    (outcome,) = parent.recv()
    assert outcome.error["error_type"] == "WorkerOutOfMemory"
    assert outcome.error["message"] == (
        "out of memory: the spaCy model and a short sample text do not fit in the worker's 900 MB limit"
    )


def test_both_backends_hand_out_the_largest_files_first_and_keep_path_order_among_equals():
    from pathlib import Path

    from pipeline.batches import dispatch_order

    todo = [
        Found(Path(f"/x/{name}"), name, "0" * 64, size) for name, size in [("a", 10), ("b", 900), ("c", 10), ("d", 50)]
    ]
    assert [f.rel_path for f in dispatch_order(todo)] == ["b", "d", "a", "c"]
    assert dispatch_order([]) == []


def test_a_worker_told_to_stop_leaves_without_the_interpreters_exit_but_with_its_output(tmp_path):
    """A worker process ends with `os._exit` once `_serve` returns: no atexit handler runs (the interpreter's
    exit, which frees the model object by object, is what a run waited for after its last document), and what
    it printed is still flushed."""
    import os

    marker = tmp_path / "atexit-ran"
    code = f"""
import atexit, os, pathlib
from pipeline import local_pool
atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text("ran"))
local_pool._serve = lambda conn, memory_mb, parent_pid: print("served", end="")  # buffered: no newline
local_pool._worker(None, None)
raise SystemExit(3)  # not reached
"""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a spawned worker's may be
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=buffered)
    assert (done.returncode, done.stdout, done.stderr) == (0, "served", "")
    assert not marker.exists()


def _import_preload(tmp_path, load: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Import `pipeline.preload` in a fresh interpreter, each of its loading steps replaced by `load`; an exit
    handler registered before it writes a marker file if it runs."""
    marker = tmp_path / "exit-handler-ran"
    code = f"""
import atexit, pathlib
atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text("ran"))
from pipeline import process, warmup
process.load_models = warmup.rehearse = {load}
import pipeline.preload
print("imported", end="")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    return done, marker


def test_the_fork_server_survives_a_model_that_fails_to_load_and_leaves_it_to_the_workers(tmp_path):
    """`pipeline.preload` runs in the fork server: a load that raises must neither kill it nor print (each worker
    then loads the model again, and says what fails, `_serve`)."""
    done, _ = _import_preload(tmp_path, "lambda: (_ for _ in ()).throw(MemoryError('no room'))")
    assert (done.returncode, done.stdout, done.stderr) == (0, "imported", "")


def test_the_fork_server_ends_without_the_interpreters_exit(tmp_path):
    """It ends with the run; freeing the model object by object would keep the run's output streams open."""
    done, marker = _import_preload(tmp_path, "lambda: None")
    assert (done.returncode, done.stdout, done.stderr) == (0, "imported", "")
    assert not marker.exists()  # the exit handler registered before it did not run: `leave_at_once` came first


def test_an_identifier_that_fails_in_its_thread_fails_load_models_and_prints_nothing(monkeypatch, capsys):
    """`process.load_models` loads the language identifier in a thread beside spaCy: its failure is the caller's
    to report (a worker says why it cannot start), not a thread's traceback on stderr."""
    import threading

    from pipeline import language
    from pipeline.ner import nlp
    from pipeline.process import load_models

    def broken():
        raise RuntimeError("identifier files missing")

    monkeypatch.setattr(language, "load_identifier", broken)
    monkeypatch.setattr(nlp, "load_nlp", lambda: None)
    uncaught = []  # what a thread let escape: the default hook prints it on stderr
    monkeypatch.setattr(threading, "excepthook", uncaught.append)
    with pytest.raises(RuntimeError, match="identifier files missing"):
        load_models()
    assert uncaught == [] and capsys.readouterr().err == ""
