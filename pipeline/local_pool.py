"""The local backend: worker processes of this machine, each with a time and a memory limit.

Each worker (`_serve`) is forked from multiprocessing's fork server, which
loaded the models once (`pipeline.preload`) and ends with the run; it is tied
to that process (`workers.die_with_parent`: a `kill -9` of the run takes its
workers with it), sets `RLIMIT_AS`, processes the sample of
`warmup.rehearse`, then processes batches of documents (`pipeline.batches`:
one large file alone, short ones by up to `BATCH_DOCUMENTS`, read by the
model in one call, `process.process_batch`). The parent sends
each a batch when it is ready, and kills and replaces a worker that
overruns its deadline or dies; the documents of a batch it was processing
are then sent again one by one, each with its own deadline, so that only
the guilty one becomes a `Timeout` or `WorkerCrashed` error
(`batches.Batches.again_or_fail`, as on Dask).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait

from pipeline.batches import Batches, dispatch_order
from pipeline.discover import Found
from pipeline.errors import RunError
from pipeline.process import Outcome, failed, load_models, out_of_memory, process_batch
from pipeline.progress import Listener
from pipeline.warmup import rehearse
from pipeline.workers import (
    DEAD_WORKER,
    die_with_parent,
    leave_at_once,
    release_fork_server,
    start_failure_message,
    start_fork_server,
)


class _Worker:
    def __init__(self, ctx, memory_mb: int | None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, memory_mb), daemon=True)
        try:
            self.process.start()
        except (OSError, EOFError):  # the fork server died (killed while loading the model): none can start
            raise RunError(
                "worker processes cannot start: the process they are forked from died while loading the spaCy "
                "model; the installation may be broken: install the pipeline again (make install)"
            ) from None
        finally:
            child.close()
        self.ready = False  # set when the worker has loaded the model: deadlines start after that
        self.task: list[Found] | None = None  # the batch it is processing
        self.alone = False  # whether that batch is one document sent alone (its deadline is the document's own)
        self.deadline = 0.0

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class LocalPool:
    """Worker processes of this machine, each killed and replaced when it overruns or dies.

    A worker that dies before it is ready (loading the model, or processing the sample of
    `warmup.rehearse`) is replaced too, but `MAX_START_FAILURES` such deaths in a row stop the run:
    the limit or the installation does not let any worker work.
    """

    MAX_START_FAILURES = 3

    def __init__(self, size: int, *, timeout: float, memory_mb: int | None, listener: Listener):
        self.size, self.timeout, self.memory_mb, self.listener = size, timeout, memory_mb, listener
        self.ctx = None  # the fork server's context (`workers.start_fork_server`), once `run` has started it
        self.workers: list[_Worker] = []
        self.start_failures = 0

    def run(self, todo: list[Found]) -> Iterator[Outcome]:
        """Outcomes in completion order; the largest files first (`batches.dispatch_order`), and a worker given
        its next batch as soon as it sends the last one's outcomes, so that no worker waits on the parent.

        The parent deals with each outcome (caching it, drawing its page: ~2 ms) between two yields; a worker
        that finishes meanwhile is served between two outcomes, not after the other worker's whole batch (up to
        ~0.1 s of the parent's work for 50 short releases). No gain was measurable on this machine's noise.
        """
        size = min(self.size, len(todo))
        if not size:  # no model is loaded for nothing
            return
        queue = Batches(dispatch_order(todo), workers=size)
        # Forked from a fork server, not from the run: a clean interpreter (spawned), whatever threads the run has,
        # that loads the models once (`pipeline.preload`), started now: it loads them while the run prepares.
        self.ctx = start_fork_server()
        self.listener.loading(f"loading the spaCy model for {size} worker process{'es' if size > 1 else ''}")
        self.workers = [_Worker(self.ctx, self.memory_mb) for _ in range(size)]  # each forked once the models are in
        while queue or any(w.task for w in self.workers):
            for w in self.workers:
                self._dispatch(w, queue)
            watched = [w for w in self.workers if w.task or not w.ready]
            deadlines = [w.deadline for w in watched if w.task]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            done = deque(self._collect(wait([w.conn for w in watched], timeout=wait_for), queue))
            while done:
                yield done.popleft()
                if ready := wait([w.conn for w in self.workers if w.task or not w.ready], timeout=0):
                    done.extend(self._collect(ready, queue))

    def _dispatch(self, w: _Worker, queue: Batches) -> None:
        """The next batch to `w` if it is ready and idle."""
        if w.ready and w.task is None and queue:
            (w.task, w.alone), w.deadline = queue.next(), time.monotonic() + self.timeout
            for found in w.task:
                self.listener.started(found)
            w.conn.send(w.task)

    def _collect(self, ready: list, queue: Batches) -> list[Outcome]:
        """What the workers whose connection is in `ready` said (a start, a batch's outcomes, a death), and
        the outcomes of workers past their deadline; a worker that sent outcomes gets its next batch first."""
        done = []
        for i, w in enumerate(self.workers):
            if not w.ready:
                if w.conn in ready:
                    self._start(i)
            elif w.task is not None and w.conn in ready:
                try:
                    outcomes = w.conn.recv()
                except (EOFError, OSError):
                    done.extend(self._replace(i, queue, "WorkerCrashed", _death_message(w)))
                    continue
                w.task = None
                self._dispatch(w, queue)  # its next batch first: the parent's work on these outcomes overlaps it
                done.extend(outcomes)
            elif w.task is not None and time.monotonic() >= w.deadline:
                done.extend(self._replace(i, queue, "Timeout", f"timed out after {self.timeout:g} s"))
        return done

    def _start(self, i: int) -> None:
        """A starting worker spoke: it is ready, it cannot load the model (the run stops), or it died."""
        w = self.workers[i]
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            self.start_failures += 1
            if self.start_failures >= self.MAX_START_FAILURES:
                last = _death_message(w, "the last")  # joins the process: its exit code is known below
                killed = (w.process.exitcode or 0) < 0
                raise RunError(start_failure_message(self.start_failures, last, self.memory_mb, killed)) from None
            w.kill()
            self.workers[i] = _Worker(self.ctx, self.memory_mb)
            return
        if message != "ready":
            raise RunError(message)
        self.listener.ready()
        w.ready = True
        self.start_failures = 0

    def _replace(self, i: int, queue: Batches, error_type: str, message: str) -> list[Outcome]:
        """A new worker for one that overran or died; its batch's error, or its documents again, each alone."""
        w = self.workers[i]
        w.kill()
        self.workers[i] = _Worker(self.ctx, self.memory_mb)
        return queue.again_or_fail(w.task, w.alone, error_type, message)

    def close(self) -> None:
        for w in self.workers:
            if w.task is None and w.process.is_alive():
                with contextlib.suppress(OSError):  # a worker that just died needs no goodbye
                    w.conn.send(None)
        for w in self.workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.kill()


def _death_message(w: _Worker, who: str = DEAD_WORKER) -> str:
    """What is known of a worker process that died: its signal or exit code, never a guess at the cause."""
    w.process.join(timeout=5)
    code = w.process.exitcode
    if code is not None and code < 0:
        # Only the signal is known: SIGKILL may be the kernel's out-of-memory killer, or a person
        return f"{who} was killed by {signal.Signals(-code).name}"
    return f"{who} exited unexpectedly (exit code {code})"


def _worker(conn: Connection, memory_mb: int | None) -> None:
    """A worker process: `_serve`, tied to the fork server it was forked from (which ends with the run), then
    out at once (`workers.leave_at_once`); an exception goes on to multiprocessing, which prints it and exits
    with code 1, as before."""
    release_fork_server()
    _serve(conn, memory_mb, os.getppid())
    leave_at_once()


def _serve(conn: Connection, memory_mb: int | None, parent_pid: int | None = None) -> None:
    """A worker's life: tie it to its parent, set its memory limit, then process batches until told to stop."""
    if parent_pid is not None:
        die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    failure = None
    # Before any deadline starts: load the models, then process a sample (a worker that dies here has no
    # document: the pool counts a failure to start).
    steps = (
        (load_models, "the spaCy model cannot be loaded", "the spaCy model does not fit"),
        (rehearse, "a sample text fails", "the spaCy model and a short sample text do not fit"),
    )
    for step, broken, too_big in steps:
        try:
            step()
        except Exception as e:
            if not out_of_memory(e, limited=bool(memory_mb)):  # no document can be processed: the run stops
                conn.send(f"{broken}: {type(e).__name__}: {e}")
                return
            # The limit is too low for any document: each says so, and is tried again on the next run.
            failure = ("WorkerOutOfMemory", f"out of memory: {too_big} in the worker's {memory_mb} MB limit")
            break
    conn.send("ready")
    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        if batch is None:
            return
        if failure:  # a half-imported library is no base for work: every document gets the reason
            conn.send([failed(found, *failure) for found in batch])
        else:
            conn.send(process_batch(batch))
