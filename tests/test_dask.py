"""The Dask backend (`--cluster local`): same outputs as the local pool, same limits on hostile inputs."""

from __future__ import annotations

import shutil

import pytest

from pipeline.discover import discover
from pipeline.executor import execute
from pipeline.validate import validate_record
from tests import hostile
from tests.conftest import RAW, run_cli
from tests.hostile import outputs, read_jsonl

pytestmark = pytest.mark.slow

pytest.importorskip("distributed", reason="the 'cluster' extra (dask) is not installed")


def test_a_local_cluster_gives_the_same_outputs_as_the_local_pool(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    pool = run_cli(raw, tmp_path / "pool", "--workers", "2")
    assert pool.returncode == 0, pool.stderr
    dask = run_cli(raw, tmp_path / "dask", "--cluster", "local", "--workers", "2")
    assert dask.returncode == 0, dask.stderr
    assert "loading the spaCy model for the Dask workers" in dask.stderr  # in the fork server they are forked from
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "pool")
    inputs = sorted(p.name for p in raw.iterdir())
    assert [r["source"]["path"] for r in read_jsonl(tmp_path / "dask" / "documents.jsonl")] == inputs


def test_on_dask_a_timeout_and_a_killed_worker_each_become_one_error_and_nothing_is_lost(tmp_path):
    (tmp_path / "report.txt").write_text(hostile.french(1), encoding="utf-8")
    (tmp_path / "vide.txt").write_bytes(b"")
    found, _ = discover(tmp_path)
    tasks = [hostile.trap("hang"), hostile.trap("die"), *found]
    results = list(execute(tasks, workers=2, timeout=10, memory_mb=4096, cluster="local"))
    by_path = {o.found.rel_path: o for o in results}
    assert sorted(by_path) == sorted(t.rel_path for t in tasks) and len(results) == len(tasks)  # each exactly once
    hung, died = by_path["trap/hang.txt"].error, by_path["trap/die.txt"].error
    assert (hung["error_type"], hung["message"]) == ("Timeout", "timed out after 10 s")
    # Killed by SIGKILL, not out of memory: the run only sees the worker leave, and says no more than that
    assert (died["error_type"], died["message"]) == (
        "WorkerCrashed",
        "the worker processing this file left the Dask cluster (Dask does not say why: it may have been killed, "
        "crashed or reached its 4096 MB memory limit)",
    )
    for error in (hung, died):
        validate_record(error, "error")
    assert by_path["report.txt"].record is not None, by_path["report.txt"].error
    assert by_path["vide.txt"].error["message"].startswith("empty file")


def test_a_scheduler_that_cannot_be_reached_stops_the_run_with_a_message(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(hostile.french(2), encoding="utf-8")
    result = run_cli(raw, tmp_path / "out", "--cluster", "tcp://127.0.0.1:9", "--timeout", "5")
    assert result.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr


def test_on_dask_workers_that_die_before_their_first_document_stop_the_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(4):
        (raw / f"{i}.txt").write_text(hostile.french(i), encoding="utf-8")
    env = hostile.dying_worker_env(tmp_path / "site")
    result = run_cli(raw, tmp_path / "out", "--cluster", "local", "--workers", "1", "--memory-mb", "1000", env=env)
    assert result.returncode == 1, result.stderr
    assert "error: Dask worker processes cannot start: 3 in a row died" in result.stderr, result.stderr
    assert "--memory-mb 1000 is probably too low" in result.stderr
    assert "failed:" not in result.stderr and "Traceback" not in result.stderr


def test_a_dask_worker_has_its_next_batch_waiting_on_it_while_it_processes_one(tmp_path):
    """`IN_FLIGHT`: a worker starts its next batch as soon as it finishes one, not after a round trip to the run.

    One worker and three batches (50, 50 and 20 short releases): the second batch is sent before the first
    has finished on the worker (Dask's task stream says when it did), not once the run has seen it finish.
    """
    import time

    from distributed import get_task_stream

    from pipeline.batches import BATCH_DOCUMENTS
    from pipeline.dask_backend import DaskBackend
    from pipeline.progress import Listener

    sent: list[float] = []  # when each document was sent, in order

    class Watch(Listener):
        def started(self, found) -> None:
            sent.append(time.time())

    for i in range(2 * BATCH_DOCUMENTS + 20):
        (tmp_path / f"{i:03d}.txt").write_text(hostile.french(i), encoding="utf-8")
    found, _ = discover(tmp_path)
    backend = DaskBackend("local", workers=1, timeout=60, memory_mb=None, listener=Watch())
    try:
        with get_task_stream(client=backend.client) as stream:
            outcomes = list(backend.run(found))
    finally:
        backend.close()
    assert sorted(o.found.rel_path for o in outcomes) == [f.rel_path for f in found]
    assert all(o.record is not None for o in outcomes)
    computed = sorted(
        (step["start"], step["stop"])
        for task in stream.data
        if task["key"].startswith("process_batch")
        for step in task["startstops"]
        if step["action"] == "compute"
    )
    assert len(computed) == 3 and len(sent) == len(found)
    first_batch_done = computed[0][1]
    assert sent[BATCH_DOCUMENTS] < first_batch_done  # the second batch's first document


def _mark_at_exit(path: str) -> None:
    """On a worker: write `path` when the interpreter exits (atexit runs the last registered first)."""
    import atexit
    import pathlib

    atexit.register(pathlib.Path(path).write_text, "the interpreter's exit ran")


def test_the_local_clusters_workers_leave_without_the_interpreters_exit_once_closed(tmp_path):
    """The run's own LocalCluster workers end at once when it closes them (`workers.leave_at_once`): an exit
    handler registered on a worker before its warm-up never runs, where a worker's usual exit runs it."""
    from pipeline.dask_backend import DaskBackend
    from pipeline.progress import Listener

    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(hostile.french(1), encoding="utf-8")
    found, _ = discover(tmp_path / "raw")
    marker = tmp_path / "exit-ran"
    backend = DaskBackend("local", workers=1, timeout=60, memory_mb=None, listener=Listener())
    try:
        backend.client.run(_mark_at_exit, str(marker))
        outcomes = list(backend.run(found))
    finally:
        backend.close()
    assert [o.record is not None for o in outcomes] == [True]
    assert not marker.exists()


def test_without_dask_installed_cluster_says_how_to_install_it_before_starting_anything(monkeypatch):
    import importlib.util

    from pipeline import dask_backend
    from pipeline.errors import RunError
    from pipeline.progress import Listener

    real = importlib.util.find_spec
    monkeypatch.setattr(
        dask_backend.importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a)
    )
    started = []
    monkeypatch.setattr(dask_backend, "start_fork_server", lambda *modules: started.append(modules))
    with pytest.raises(RunError, match=r"--cluster needs Dask, which is not installed: pip install -e '\.\[cluster\]'"):
        dask_backend.DaskBackend("local", workers=1, timeout=5, memory_mb=None, listener=Listener())
    assert started == []  # no model loaded for a run that cannot happen
