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
- batches of documents (`pipeline.batches`, shared with the local pool: up
  to `BATCH_BYTES` of input or `BATCH_DOCUMENTS` files, about a second of
  work, so that Dask's round trip per task is paid once per batch, not per
  20 ms document; `process.process_batch` reads all their paragraphs in one
  call of the model), pinned to a worker (`workers=[address]`), so that the
  run knows which worker holds which documents; `IN_FLIGHT` at a time per
  worker, the next waiting on the worker while it processes one, so that it
  never idles for the round trip; a batch's deadline (`--timeout`) starts
  when its worker starts it (sent to an idle worker, or when the batch
  before it is done);
- a batch that overruns its deadline: its worker is restarted by its
  nanny (`Client.restart_workers`), and each of its documents is sent
  again alone, with its own deadline: only one that overruns alone becomes
  a `Timeout` error; the batch waiting behind it goes back to the queue as
  it was (so does one behind a batch whose worker died);
- a worker that dies (killed, or over its memory limit: the nanny of a
  LocalCluster terminates a worker at 95 % of `--memory-mb`) leaves the
  cluster, the nanny starts a new one, and the documents of its batch are
  sent again alone; one whose worker dies under it twice, the second time
  alone, becomes a `WorkerCrashed` error (`departure_message`: the scheduler is not told the exit status,
  so the message says what is known, that the worker left, and names its
  memory limit as a possible cause only when it has one). Dask itself never
  retries it on another worker (the scheduler's `allowed-failures` is 0 on
  a LocalCluster; on a remote cluster the batch is pinned to the dead
  worker, so the run notices the worker is gone first).

Reaching a scheduler (`probe`) has one deadline, `CONNECT_TIMEOUT_S`,
handshake included; an address is checked before anything runs
(`address_problem`, used by the CLI), and a scheduler lost during the run
ends it with one line (`RunError`), the documents finished so far cached.

Dask is imported only here, and only with `--cluster`: a single machine
needs none of it.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.batches import Batches, dispatch_order
from pipeline.discover import Found
from pipeline.errors import RunError
from pipeline.process import Outcome, failed, process_batch
from pipeline.progress import Listener
from pipeline.workers import DEAD_WORKER, start_failure_message, start_fork_server

# One deadline for reaching a scheduler, handshake included: Dask's own connect time-out stops at the TCP
# connection, and a listener that accepts and never answers kept a run waiting for ever (issue 23).
CONNECT_TIMEOUT_S = 30.0
# How long to wait for a first worker to load the model before giving up (a busy machine takes ~15 s).
START_TIMEOUT_S = 600
MAX_START_FAILURES = 3
# How long fetching a finished batch's outcomes may take. A worker killed after its batch finished and before
# the run fetched the outcomes took them with it, and the fetch waited for ever (the batch is pinned to that
# worker, so Dask never recomputes it): seen once in 10 minutes of a run with a worker killed mid-run.
RESULT_TIMEOUT_S = 60.0
_POLL_S = 0.2
# Batches sent to a worker at a time: the one it processes and the next, waiting on the worker, so that it starts
# that one as soon as it finishes, instead of idling for the round trip to the run and back (~25 ms a batch).
IN_FLIGHT = 2
PRE_SPAWN, MALLOC_TRIM = "distributed.nanny.pre-spawn-environ", "MALLOC_TRIM_THRESHOLD_"
FORK_METHOD = "distributed.worker.multiprocessing-method"
# What a LocalCluster's processes (and the run's client) do besides the work, for Dask's dashboard: timing the
# event loop every 20 ms, sampling each task's stack every 10 ms, polling the system every 0.5 s; each wakes the
# worker's event loop, which takes the GIL from the task. All three slowed: 1,000 short releases, 2 workers,
# processing 4.5 s with Dask's defaults, 4.4-4.5 s with any one of them slowed, 4.1 s with all three (medians of
# 3 runs each); the LocalCluster went from 0.88-0.89x to 0.92-0.93x the local pool (`make bench`'s dask part).
QUIET = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
}


# Transports of a scheduler address this pipeline connects to (`dask scheduler` listens on tcp:// by default).
SCHEMES = ("tcp", "tls")


def address_problem(address: str) -> str | None:
    """Why `address` cannot be a `--cluster` value ('local', tcp://HOST:PORT or tls://HOST:PORT), or None.

    Decided from the text alone, before Dask is imported: `foo` used to end in a 40-line traceback, and an
    http:// address (a dashboard's) in a wait for a scheduler that would never answer.
    """
    if address == "local":
        return None
    usage = "give 'local', or a scheduler's address tcp://HOST:PORT (tls://HOST:PORT with TLS settings)"
    scheme, sep, rest = address.partition("://")
    if not sep:
        return f"--cluster {address!r} is not a Dask scheduler address: {usage}"
    if scheme.lower() not in SCHEMES:
        return f"--cluster {address!r}: a Dask scheduler is reached over tcp:// or tls://, not {scheme}://; {usage}"
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        port, parts = None, None
    if parts is None or not parts.hostname or port is None or parts.path not in ("", "/") or parts.query:
        return f"--cluster {address!r} is not a Dask scheduler address: {usage}"
    return None


def _security(address: str):
    """Dask's client security settings for `address` (from its configuration); a `tls://` address needs some."""
    from distributed.security import Security

    security = Security()
    if address.lower().startswith("tls://") and security.get_connection_args("client").get("ssl_context") is None:
        raise RunError(
            f"--cluster {address} needs the client's TLS settings: set distributed.comm.tls.ca-file, "
            "distributed.comm.tls.client.cert and distributed.comm.tls.client.key in Dask's configuration "
            "(for example DASK_DISTRIBUTED__COMM__TLS__CA_FILE=ca.pem; see the README's cluster section)"
        )
    return security


def probe(address: str, security, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Check that a Dask scheduler answers at `address` within `timeout` seconds, handshake included.

    Raises `RunError` (one line) otherwise. `distributed.Client` waits for the handshake with no time-out
    at all, so it is asked only once something at that address has answered as a scheduler does.
    """
    import asyncio

    from distributed.comm import connect

    async def ask() -> dict:
        comm = await connect(address, timeout=timeout, **security.get_connection_args("client"))
        try:
            await comm.write({"op": "identity"})
            return await comm.read()
        finally:
            comm.abort()

    async def within() -> dict:
        return await asyncio.wait_for(ask(), timeout)

    try:
        reply = asyncio.run(within())
    except TimeoutError:
        raise RunError(
            f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s; "
            "is it a scheduler's address (dask scheduler prints it), and is the scheduler running?"
        ) from None
    except Exception as e:  # refused, unreachable, reset, not the Dask protocol, TLS refused...
        raise RunError(f"cannot reach the Dask scheduler at {address}: {_plain(e)}") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise RunError(f"what answers at {address} is not a Dask scheduler")


def _plain(e: BaseException) -> str:
    """An exception as one line: its message's first line, or its type when it has none."""
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def warm_up(owned: bool = False) -> str | None:
    """On a worker: load the models (once per process) and process a sample; the reason when that fails.

    `owned`: a worker of the run's own LocalCluster, which ends without the interpreter's exit once the
    cluster closes it (`workers.leave_at_once`, at exit); never a worker of someone else's cluster, whose
    process may have more to do at its exit than ours.
    """
    from pipeline.process import load_models, worker_threads
    from pipeline.warmup import rehearse

    if owned:
        import atexit

        from pipeline.workers import leave_at_once, release_fork_server

        atexit.register(leave_at_once)  # the last registered runs first: after the worker has closed
        release_fork_server()  # forked from the run's fork server: that one ends with the run
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


@dataclass
class _Sent:
    """A batch submitted to a worker: its future, its documents, whether it is one document sent again alone, and
    its deadline (None while it waits on the worker behind another batch)."""

    future: object
    batch: list[Found]
    alone: bool
    deadline: float | None


class DaskBackend:
    def __init__(self, cluster: str, *, workers: int, timeout: float, memory_mb: int | None, listener: Listener):
        if importlib.util.find_spec("distributed") is None:
            raise RunError(
                "--cluster needs Dask, which is not installed: pip install -e '.[cluster]' in the project's folder "
                "(make install does it)"
            )
        self.timeout, self.listener, self.memory_mb = timeout, listener, memory_mb
        self.local = cluster == "local"
        self.address = cluster
        self.cluster = None
        listener.status(f"starting Dask ({'a local cluster' if cluster == 'local' else cluster})")
        if self.local:
            # The LocalCluster's workers are forked from a fork server that imports Dask and loads the models once
            # (`pipeline.preload`), started first: it loads them while this process imports Dask (~0.5 s), starts
            # the cluster and makes its preparations (the server started after those was ready 0.7 s later).
            start_fork_server("distributed")
            listener.loading("loading the spaCy model for the Dask workers")
        import dask
        from distributed import Client, LocalCluster

        # A task whose worker dies is not given to another one: the document is reported, the run goes on.
        # The workers of a LocalCluster start with glibc's own malloc settings, as the pool's do: Dask's default
        # `MALLOC_TRIM_THRESHOLD_=65536` hands memory back to the system after every large free, and a worker's
        # work took 1.04-1.18x as long with it (`scripts/malloc_trim.py`; spaCy's NER alone 1.26-1.32x).
        # `QUIET` reaches the LocalCluster's processes; a remote cluster's workers keep their own configuration.
        settings = {"distributed.scheduler.allowed-failures": 0, f"{PRE_SPAWN}.{MALLOC_TRIM}": None, **QUIET}
        with dask.config.set(settings):
            try:
                if cluster == "local":
                    from pipeline.settings import WORKER_THREADS_ENV

                    # For the rest of the process: a nanny forks a replacement from the fork server too.
                    dask.config.set({FORK_METHOD: "forkserver"})
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
                    security = _security(cluster)
                    probe(cluster, security)
                    # The client's own log (a lost scheduler, reconnection attempts) is not the user's: the run
                    # says in one line what happened.
                    for name in ["distributed", *logging.root.manager.loggerDict]:
                        if name.startswith("distributed"):
                            logging.getLogger(name).setLevel(logging.CRITICAL)
                    self.client = Client(cluster, timeout=f"{CONNECT_TIMEOUT_S:g}s", security=security)
            except OSError as e:
                raise RunError(f"cannot reach the Dask scheduler at {cluster}: {_plain(e)}") from None

    def run(self, todo: list[Found]) -> Iterator[Outcome]:
        try:
            yield from self._run(todo)
        except RunError:
            raise
        except Exception:
            if self.client.status in ("running", "connecting") and self._scheduler_answers():
                raise
            raise RunError(self._lost_message()) from None

    def _scheduler_answers(self) -> bool:
        try:
            return "workers" in self.client.scheduler_info()
        except Exception:
            return False

    def _lost_message(self) -> str:
        return (
            f"the Dask scheduler at {self.address} stopped answering during the run; the documents finished "
            "so far are kept, and the next run goes on from there"
        )

    def _run(self, todo: list[Found]) -> Iterator[Outcome]:
        from concurrent.futures import CancelledError

        from distributed import wait

        client = self.client
        workers = len(client.scheduler_info(n_workers=-1).get("workers") or ())  # those up now; more may come
        queue = Batches(dispatch_order(todo), workers=max(1, workers))
        if not workers:  # a scheduler whose workers have not joined yet: the model's load is announced when they do
            self.listener.status(f"waiting for Dask workers to join the scheduler at {self.address}")
        warming: dict[str, object] = {}  # worker address -> warm-up future
        ready: set[str] = set()
        busy: dict[str, list[_Sent]] = {}  # address -> its batches, the one it processes first (up to IN_FLIGHT)
        limits: dict[str, int | None] = {}  # worker address -> its memory limit in bytes, kept once it has left
        loading = self.local  # whether the listener was told the workers load the model (a LocalCluster: at start)
        self.start_failures, started = 0, time.monotonic()

        def dispatch() -> None:
            """The next batches to the warm workers, up to `IN_FLIGHT` each; a batch's deadline starts when its
            worker starts it (when the batch before it is done), not when it waits behind another."""
            for address in sorted(ready):
                sent = busy.setdefault(address, [])
                while queue and len(sent) < IN_FLIGHT:
                    batch, alone = queue.next()
                    for found in batch:
                        self.listener.started(found)
                    future = client.submit(
                        process_batch, batch, workers=[address], allow_other_workers=False, pure=False
                    )
                    sent.append(_Sent(future, batch, alone, None if sent else time.monotonic() + self.timeout))
                if not sent:
                    del busy[address]

        def put_back(waiting: list[_Sent]) -> None:
            """Batches waiting on a worker that is gone or restarted: back to the queue as they were (they never
            started, so their documents are not suspects)."""
            for sent in waiting:
                sent.future.cancel()
                queue.put_back(sent.batch, sent.alone)

        def harvest() -> list[Outcome]:
            """The outcomes of the batches that finished or overran; their workers get their next batches first."""
            done: list[Outcome] = []
            for address in list(busy):
                head = busy[address][0]
                future, batch, alone, deadline = head.future, head.batch, head.alone, head.deadline
                if future.done():
                    busy[address].pop(0)
                    if busy[address]:  # the next one starts now on the worker: its deadline with it
                        busy[address][0].deadline = time.monotonic() + self.timeout
                    else:
                        del busy[address]
                    if future.status == "finished":
                        try:
                            outcomes = future.result(timeout=RESULT_TIMEOUT_S)
                        except TimeoutError:  # its worker died with the result: the documents go again
                            future.cancel()
                            queue.put_back(batch, alone)
                            continue
                        dispatch()  # its worker's next batch first: the run caches these while the worker works
                        done.extend(outcomes)
                    elif future.status != "error":  # lost with the connection to the scheduler: never an error
                        if client.status != "running":
                            raise RunError(self._lost_message())
                        queue.put_back(batch, alone)
                    elif type(future.exception()).__name__ == "KilledWorker":  # its worker left while it ran
                        put_back(busy.pop(address, []))  # those waiting behind it never ran; Dask fails them too
                        done.extend(
                            queue.again_or_fail(batch, alone, "WorkerCrashed", departure_message(limits.get(address)))
                        )
                    else:
                        error = future.exception()
                        message = f"internal error on a Dask worker: {type(error).__name__}: {error}"
                        done.extend(failed(found, "InternalError", message) for found in batch)
                elif time.monotonic() >= deadline:
                    future.cancel()
                    put_back(busy.pop(address)[1:])
                    ready.discard(address)
                    client.restart_workers([address], raise_for_error=False)
                    done.extend(queue.again_or_fail(batch, alone, "Timeout", f"timed out after {self.timeout:g} s"))
            return done

        while queue or busy:
            info = client.scheduler_info(n_workers=-1).get("workers")
            if info is None or client.status not in ("running", "connecting"):
                raise RunError(self._lost_message())
            alive = set(info)
            limits.update((address, worker.get("memory_limit")) for address, worker in info.items())
            for address in [a for a in busy if a not in alive]:  # its worker died: the nanny starts another
                current, *waiting = busy.pop(address)
                current.future.cancel()
                put_back(waiting)
                message = departure_message(limits.get(address))
                yield from queue.again_or_fail(current.batch, current.alone, "WorkerCrashed", message)
            ready &= alive
            for address in [a for a in warming if a not in alive]:  # died while warming up: the nanny starts another
                warming.pop(address).cancel()
                self._start_failed()
            for address in sorted(alive - ready - warming.keys() - busy.keys()):
                warming[address] = client.submit(warm_up, self.local, workers=[address], pure=False)
            if warming and not loading:  # once their warm-ups are sent, not before: the run's preparations wait
                self.listener.loading("loading the spaCy model on the Dask workers")
                loading = True
            for address, future in list(warming.items()):
                if not future.done():
                    continue
                warming.pop(address)
                if future.status == "finished" and future.result() is None:
                    ready.add(address)
                    self.start_failures = 0
                    self.listener.ready()
                elif future.status == "finished":
                    raise RunError(future.result())
                else:
                    self._start_failed()
            if not ready and not busy and time.monotonic() - started > START_TIMEOUT_S:
                raise RunError(f"no Dask worker was ready after {START_TIMEOUT_S} s")
            dispatch()
            pending = [sent.future for batches in busy.values() for sent in batches] + list(warming.values())
            if pending:
                deadlines = [batches[0].deadline for batches in busy.values()]
                wait_for = min([_POLL_S * 5, *(max(0.0, d - time.monotonic()) for d in deadlines)])
                try:
                    wait(pending, timeout=max(wait_for, 0.01), return_when="FIRST_COMPLETED")
                except TimeoutError:
                    pass  # nothing finished yet: deadlines and departures to check
                except CancelledError:  # `FuturesCancelledError`: the client lost the scheduler while waiting
                    raise RunError(self._lost_message()) from None
            else:
                time.sleep(_POLL_S)
            done = deque(harvest())
            while done:  # a worker done meanwhile gets its next batch between two outcomes, not after them all
                yield done.popleft()
                done.extend(harvest())

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

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
