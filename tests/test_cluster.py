"""`--cluster` addresses (issue 23 items 5 and 12, issue 20 item 3) and a real distributed set-up (issue 21).

Every failure is one plain line, never a traceback: a malformed address is refused before anything
runs (exit 2); an address where something listens but no scheduler answers, a `tls://` address without
TLS settings, and a scheduler that dies during the run end the run (exit 1). The real set-up is
`dask scheduler` and two `dask worker` processes on 127.0.0.1 (`tests.real_cluster`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.batches import batches
from pipeline.dask_backend import CONNECT_TIMEOUT_S, address_problem
from pipeline.discover import Found
from tests import hostile
from tests.conftest import ROOT, run_cli
from tests.hostile import outputs, read_jsonl


def press(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pipeline", "run", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The run's error line; the run printed no traceback and nothing from Dask's logs."""
    assert "Traceback" not in result.stderr, result.stderr
    assert " - distributed." not in result.stderr, (
        result.stderr
    )  # a Dask log line: "<time> - distributed.client - ERROR"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == errors[0], result.stderr
    return errors[0]


def no_tls_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("DASK_DISTRIBUTED__COMM__TLS")}


def write_raw(raw: Path, count: int, repeat: int = 1) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (raw / f"{i:04d}.txt").write_text(hostile.french(i) * repeat, encoding="utf-8")


# --- addresses, decided from the text ---


@pytest.mark.parametrize(
    "address", ["local", "tcp://127.0.0.1:8786", "tls://scheduler.example.be:8786", "tcp://[::1]:1"]
)
def test_scheduler_addresses_are_accepted(address):
    assert address_problem(address) is None


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("foo", "not a Dask scheduler address"),
        ("127.0.0.1:8786", "not a Dask scheduler address"),  # no scheme: say which
        ("http://127.0.0.1:8787", "not http://"),  # a dashboard's address
        ("https://dask.example.ch", "not https://"),
        ("tcp://127.0.0.1", "not a Dask scheduler address"),  # no port
        ("tcp://:8786", "not a Dask scheduler address"),  # no host
        ("tcp://127.0.0.1:99999", "not a Dask scheduler address"),  # no such port
        ("tcp://127.0.0.1:8786/status", "not a Dask scheduler address"),
    ],
)
def test_malformed_addresses_are_refused_with_exit_2_before_anything_runs(tmp_path, address, words):
    assert words in address_problem(address)
    raw = tmp_path / "raw"
    raw.mkdir()
    result = press("--raw", str(raw), "--out", str(tmp_path / "out"), "--cluster", address, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("press-pipeline run: error: --cluster"), result.stderr
    assert words in result.stderr
    assert not (tmp_path / "out").exists()


# --- failures to connect ---


@pytest.mark.slow
def test_a_listener_that_never_answers_ends_the_run_after_one_deadline(tmp_path):
    needs_dask()
    """Accepts the connection and says nothing: Dask's client waits for its handshake for ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    write_raw(tmp_path / "raw", 1)
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    started = time.monotonic()
    try:
        result = press("--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--cluster", address)
    finally:
        server.close()
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert accepted, "the run never connected"
    line = one_line_error(result)
    assert (
        line
        == f"error: cannot reach the Dask scheduler at {address}: no answer within {CONNECT_TIMEOUT_S:g} s; "
        + ("is it a scheduler's address (dask scheduler prints it), and is the scheduler running?")
    )
    assert CONNECT_TIMEOUT_S <= elapsed < CONNECT_TIMEOUT_S + 60


@pytest.mark.slow
def test_a_tls_address_without_tls_settings_is_one_line(tmp_path):
    needs_dask()
    write_raw(tmp_path / "raw", 1)
    args = ("--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--cluster", "tls://127.0.0.1:8786")
    result = press(*args, env=no_tls_env())
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert "needs the client's TLS settings" in line and "distributed.comm.tls.ca-file" in line


# --- batches ---


def found(name: str, size: int) -> Found:
    return Found(Path("/nonexistent") / name, name, "0" * 64, size)


def test_batches_are_cut_by_bytes_and_count_in_order():
    todo = [found(f"{i}.txt", 100) for i in range(10)]
    cut = batches(todo, max_bytes=350, max_documents=100)
    assert [len(b) for b in cut] == [3, 3, 3, 1]
    assert [f for b in cut for f in b] == todo  # nothing lost, nothing reordered
    assert [len(b) for b in batches(todo, max_bytes=10**6, max_documents=4)] == [4, 4, 2]


def test_a_file_larger_than_a_batch_goes_alone():
    todo = [found("a.txt", 10), found("big.pdf", 10**7), found("b.txt", 10)]
    assert [[f.rel_path for f in b] for b in batches(todo, max_bytes=1000)] == [["a.txt"], ["big.pdf"], ["b.txt"]]
    assert batches([], max_bytes=1000) == []


# --- the real distributed set-up ---


def needs_dask():
    pytest.importorskip("distributed", reason="the 'cluster' extra (dask) is not installed")


@pytest.mark.slow
def test_the_cli_local_cluster_listens_on_loopback_only():
    needs_dask()
    from pipeline.dask_backend import DaskBackend
    from pipeline.progress import Listener

    backend = DaskBackend("local", workers=1, timeout=60, memory_mb=None, listener=Listener())
    try:
        addresses = [backend.cluster.scheduler_address, *backend.client.scheduler_info()["workers"]]
        assert all(a.startswith("tcp://127.0.0.1:") for a in addresses), addresses
        assert backend.cluster.dashboard_link.startswith("http://127.0.0.1:"), backend.cluster.dashboard_link
    finally:
        backend.close()


def _worker_environment() -> dict:
    import os

    import dask.config

    from pipeline.dask_backend import QUIET

    names = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    return {name: os.environ.get(name) for name in names} | {key: dask.config.get(key) for key in QUIET}


@pytest.mark.slow
def test_the_local_cluster_workers_keep_glibcs_malloc_settings_and_one_thread_per_library(monkeypatch):
    """Not Dask's `MALLOC_TRIM_THRESHOLD_=65536` (a worker's work took up to 1.18x as long with it), as the pool;
    nor its dashboard's sampling (`QUIET`: the work took ~10 % longer with it)."""
    needs_dask()
    from pipeline.dask_backend import QUIET, DaskBackend
    from pipeline.progress import Listener

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    backend = DaskBackend("local", workers=1, timeout=60, memory_mb=None, listener=Listener())
    try:
        environments = list(backend.client.run(_worker_environment).values())
    finally:
        backend.close()
    expected = {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    assert environments == [expected | QUIET]


def run_against_cluster(raw: Path, out: Path, address: str, on_started) -> tuple[subprocess.CompletedProcess, int]:
    """The CLI on the cluster; `on_started()` is called once the first document is done (not after a sleep: a
    run of 240 short releases takes a few seconds, the last of them in batches of one). (result, done lines)."""
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "-v", "--cluster", address]
    run = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, called = [], False
    deadline = time.monotonic() + 600
    try:
        for line in run.stderr:
            lines.append(line)
            if not called and line.startswith("done:"):  # the first documents are done, the rest on their way
                assert run.poll() is None, "the run ended before anything was stopped"
                on_started()
                called = True
            assert time.monotonic() < deadline
        stdout, _ = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert called, "".join(lines)
    result = subprocess.CompletedProcess(cmd, run.returncode, stdout, "".join(lines))
    return result, sum(line.startswith("done:") for line in lines)


@pytest.mark.slow
def test_on_a_real_cluster_a_worker_killed_mid_run_loses_nothing_and_outputs_match_the_local_run(tmp_path):
    needs_dask()
    from tests.real_cluster import RealCluster

    raw = tmp_path / "raw"
    write_raw(raw, 240, repeat=3)
    with RealCluster(2, log=tmp_path / "dask.log") as cluster:
        killed = []

        def kill_one_worker():
            pids = cluster.worker_pids()
            assert len(pids) == 2, pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

        result, _ = run_against_cluster(raw, tmp_path / "dask", cluster.address, kill_one_worker)
    assert result.returncode == 0, result.stderr
    assert killed and "Traceback" not in result.stderr
    assert "processed 240, unchanged 0, failed 0" in result.stdout, result.stdout
    local = run_cli(raw, tmp_path / "pool", "--workers", "2")
    assert local.returncode == 0, local.stderr
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "pool")
    assert len(read_jsonl(tmp_path / "dask" / "documents.jsonl")) == 240


@pytest.mark.slow
def test_a_scheduler_that_dies_mid_run_is_one_line_and_finished_documents_are_kept(tmp_path):
    needs_dask()
    from tests.real_cluster import RealCluster

    raw = tmp_path / "raw"
    write_raw(raw, 300, repeat=3)
    with RealCluster(2, log=tmp_path / "dask.log") as cluster:
        result, done = run_against_cluster(raw, tmp_path / "out", cluster.address, cluster.kill_scheduler)
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert line.startswith("error: the Dask scheduler at tcp://127.0.0.1:") and "stopped answering" in line
    cached = [p for p in (tmp_path / "out" / ".cache").rglob("*.json")]
    assert len(cached) >= done  # every document reported done is in the cache: the next run starts from there
