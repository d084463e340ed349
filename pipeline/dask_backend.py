"""The Dask backend: documents as tasks on a dask.distributed cluster, on one machine or many.

`--cluster local` starts a LocalCluster of `--workers` worker processes on
this machine (loopback only, no dashboard); `--cluster tcp://HOST:8786`
uses the workers of an existing scheduler (`dask scheduler` on one machine,
`dask worker tcp://HOST:8786 --nthreads 1 --memory-limit 4GiB` on each,
with the project installed and `raw/` at the same path). The outputs and the
cache are written by this process only: workers read the input files and
send back records.

The guarantees of the local pool hold, with Dask's own means:

- each worker loads the model once: a warm-up task pinned to each worker
  (the model, then the sample of `warmup.rehearse`), and no document is
  sent to a worker before its warm-up has finished, so that deadlines start
  after the model is loaded, as in the local pool; `MAX_START_FAILURES`
  workers in a row that die during their warm-up stop the run, instead of
  a model load per document;
- one document at a time per worker, pinned to it (`workers=[address]`),
  so that the run knows which worker holds which document; its deadline
  starts when it is sent to an idle, warm worker;
- a document that overruns its deadline: its worker is restarted by its
  nanny (`Client.restart_workers`), the document becomes a `Timeout` error;
- a worker that dies (killed, or over its memory limit: the nanny of a
  LocalCluster terminates a worker at 95 % of `--memory-mb`) leaves the
  cluster, the nanny starts a new one, and the document becomes a
  `WorkerCrashed` error (`departure_message`: the scheduler is not told the
  exit status, so the message says what is known, that the worker left,
  and names its memory limit as a possible cause only when it has one);
  it is never retried on another worker (the
  scheduler's `allowed-failures` is 0 on a LocalCluster; on a remote
  cluster the document is pinned to the dead worker, so the run notices the
  worker is gone first).

Dask is imported only here, and only with `--cluster`: a single machine
needs none of it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Iterator

from pipeline.discover import Found
from pipeline.errors import RunError
from pipeline.process import Outcome, failed, process_found
from pipeline.progress import Listener
from pipeline.workers import DEAD_WORKER, start_failure_message

# How long to wait for a first worker to load the model before giving up (a busy machine takes ~15 s).
START_TIMEOUT_S = 600
MAX_START_FAILURES = 3
_POLL_S = 0.2


def warm_up() -> str | None:
    """On a worker: load the models (once per process) and process a sample; the reason when that fails."""
    from pipeline.process import load_models, worker_threads
    from pipeline.warmup import rehearse

    worker_threads()
    try:
        load_models()
    except Exception as e:
        return f"the spaCy model cannot be loaded on a Dask worker: {type(e).__name__}: {e}"
    try:
        rehearse()
    except Exception as e:
        return f"a sample text fails on a Dask worker: {type(e).__name__}: {e}"
    return None


def departure_message(memory_limit: int | None) -> str:
    """What is known of a Dask worker that died with a document: that it left, not why.

    Unlike the local pool, which has the dead process's signal, the run only sees the worker leave
    the scheduler: killed, crashed, or stopped by its nanny over its memory limit (`memory_limit`,
    in bytes, as the scheduler reports it; 0 or None for none, and then that is not a possibility).
    """
    causes = "been killed or crashed"
    if memory_limit:
        causes = f"been killed, crashed or reached its {memory_limit / 2**20:.0f} MB memory limit"
    return f"{DEAD_WORKER} left the Dask cluster (Dask does not say why: it may have {causes})"


class DaskBackend:
    def __init__(self, cluster: str, *, workers: int, timeout: float, memory_mb: int | None, listener: Listener):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise RunError(
                "--cluster needs Dask, which is not installed: pip install -e '.[cluster]' in the project's folder "
                "(make install does it)"
            ) from None
        self.timeout, self.listener, self.memory_mb = timeout, listener, memory_mb
        self.local = cluster == "local"
        self.cluster = None
        listener.status(f"starting Dask ({'a local cluster' if cluster == 'local' else cluster})")
        # A task whose worker dies is not given to another one: the document is reported, the run goes on.
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
            try:
                if cluster == "local":
                    from pipeline.settings import WORKER_THREADS_ENV

                    self.cluster = LocalCluster(
                        n_workers=max(1, workers),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",
                        memory_limit=f"{memory_mb} MiB" if memory_mb else 0,
                        silence_logs=logging.CRITICAL,
                        env=dict(WORKER_THREADS_ENV),
                    )
                    self.client = Client(self.cluster)
                else:
                    self.client = Client(cluster, timeout="30s")
            except OSError as e:
                raise RunError(f"cannot reach the Dask scheduler at {cluster}: {e}") from None

    def run(self, todo: list[Found]) -> Iterator[Outcome]:
        from distributed import wait

        client, queue = self.client, deque(todo)
        warming: dict[str, object] = {}  # worker address -> warm-up future
        ready: set[str] = set()
        busy: dict[str, tuple[object, Found, float]] = {}  # worker address -> (future, document, deadline)
        limits: dict[str, int | None] = {}  # worker address -> its memory limit in bytes, kept once it has left
        self.start_failures, started, told = 0, time.monotonic(), False
        self.listener.status("loading the spaCy model on the Dask workers")
        while queue or busy:
            info = client.scheduler_info(n_workers=-1)["workers"]
            alive = set(info)
            limits.update((address, worker.get("memory_limit")) for address, worker in info.items())
            for address in [a for a in busy if a not in alive]:  # its worker died: the nanny starts another
                future, found, _ = busy.pop(address)
                future.cancel()
                yield failed(found, "WorkerCrashed", departure_message(limits.get(address)))
            ready &= alive
            for address in [a for a in warming if a not in alive]:  # died while warming up: the nanny starts another
                warming.pop(address).cancel()
                self._start_failed()
            for address in sorted(alive - ready - warming.keys() - busy.keys()):
                warming[address] = client.submit(warm_up, workers=[address], pure=False)
            for address, future in list(warming.items()):
                if not future.done():
                    continue
                warming.pop(address)
                if future.status == "finished" and future.result() is None:
                    ready.add(address)
                    self.start_failures = 0
                    if not told:
                        self.listener.status("model loaded: processing")
                        told = True
                elif future.status == "finished":
                    raise RunError(future.result())
                else:
                    self._start_failed()
            if not ready and not busy and time.monotonic() - started > START_TIMEOUT_S:
                raise RunError(f"no Dask worker was ready after {START_TIMEOUT_S} s")
            for address in sorted(ready - busy.keys()):
                if not queue:
                    break
                found = queue.popleft()
                self.listener.started(found)
                future = client.submit(process_found, found, workers=[address], allow_other_workers=False, pure=False)
                busy[address] = (future, found, time.monotonic() + self.timeout)
            pending = [f for f, _, _ in busy.values()] + list(warming.values())
            if pending:
                deadlines = [d for _, _, d in busy.values()]
                wait_for = min([_POLL_S * 5, *(max(0.0, d - time.monotonic()) for d in deadlines)])
                with contextlib.suppress(TimeoutError):  # nothing finished yet: deadlines and departures to check
                    wait(pending, timeout=max(wait_for, 0.01), return_when="FIRST_COMPLETED")
            else:
                time.sleep(_POLL_S)
            for address, (future, found, deadline) in list(busy.items()):
                if future.done():
                    busy.pop(address)
                    yield self._result(future, found, limits.get(address))
                elif time.monotonic() >= deadline:
                    busy.pop(address)
                    future.cancel()
                    ready.discard(address)
                    client.restart_workers([address], raise_for_error=False)
                    yield failed(found, "Timeout", f"timed out after {self.timeout:g} s")

    def _start_failed(self) -> None:
        """A worker died during its warm-up: one more in a row, and the run stops at `MAX_START_FAILURES`."""
        self.start_failures += 1
        if self.start_failures >= MAX_START_FAILURES:
            last = "the last left the cluster"
            if self.local:
                raise RunError("Dask " + start_failure_message(self.start_failures, last, self.memory_mb))
            raise RunError(
                f"Dask worker processes cannot start: {self.start_failures} in a row died while loading the spaCy "
                f"model or processing a sample text ({last}); their memory limit (dask worker --memory-limit) may "
                "be too low, or their installation broken"
            )

    @staticmethod
    def _result(future, found: Found, memory_limit: int | None) -> Outcome:
        if future.status == "finished":
            return future.result()
        error = future.exception()
        if type(error).__name__ == "KilledWorker":  # its worker left the cluster while it ran
            return failed(found, "WorkerCrashed", departure_message(memory_limit))
        return failed(found, "InternalError", f"internal error on a Dask worker: {type(error).__name__}: {error}")

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
