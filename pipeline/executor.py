"""Where documents are processed: worker processes that can be killed.

What runs (`process.process_document`) is separate from where it runs.
Each worker is a process that loads the spaCy model once and processes
documents one at a time, under a memory limit (`RLIMIT_AS`). The parent
gives each document a deadline: a worker that overruns it, or dies, is
killed and replaced, and the document gets an error instead of a record.
A hostile file can cost its own time limit, never the batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.discover import Found
from pipeline.errors import DocumentError, RunError


@dataclass
class Outcome:
    """What became of one file: a record, or an error record, and seconds per stage."""

    found: Found
    record: dict | None = None
    error: dict | None = None
    timings: dict | None = None


def process_found(found: Found) -> Outcome:
    """Process one discovered file in this process (no isolation)."""
    from pipeline.document import Document
    from pipeline.process import process_document
    from pipeline.write import validate_record

    doc = Document(path=found.path, rel_path=found.rel_path, sha256=found.sha256)
    try:
        doc.data = _read_unchanged(found)
        record = process_document(doc)
        validate_record(record)
        return Outcome(found, record=record, timings=doc.timings)
    except DocumentError as e:
        return Outcome(found, error=error_record(found, e.stage, type(e).__name__, str(e)), timings=doc.timings)
    except MemoryError:
        message = "out of memory: the document needs more than the worker's memory limit"
        return Outcome(found, error=error_record(found, "process", "MemoryError", message))
    except Exception as e:  # a bug or a library failure on this input: report it, keep the batch going
        stage = getattr(e, "stage", "process")
        detail = traceback.format_exception_only(e)[-1].strip()
        return Outcome(found, error=error_record(found, stage, "InternalError", f"internal error: {detail}"))


def _read_unchanged(found: Found) -> bytes:
    try:
        data = Path(found.path).read_bytes()
    except OSError as e:
        raise DocumentError(f"cannot read the file: {e.strerror or e}", stage="read") from e
    import hashlib

    if hashlib.sha256(data).hexdigest() != found.sha256:
        raise DocumentError("the file changed during the run: run the pipeline again", stage="read")
    return data


def error_record(found: Found, stage: str, error_type: str, message: str) -> dict:
    from pipeline import __version__

    return {
        "path": found.rel_path,
        "sha256": found.sha256,
        "bytes": found.size,
        "stage": stage,
        "error_type": error_type,
        "message": message,
        "pipeline_version": __version__,
    }


def execute(todo: list[Found], *, workers: int, timeout: float, memory_mb: int | None) -> Iterator[Outcome]:
    """Outcomes of `todo`, in completion order. `workers=0` runs in this process, without limits."""
    from pipeline.read import check_size
    from pipeline.settings import SUFFIXES

    accepted = []
    for found in todo:  # a file too large for its reader is refused here, without being read
        try:
            check_size(found.size, SUFFIXES.get(Path(found.rel_path).suffix.lower()))
            accepted.append(found)
        except DocumentError as e:
            yield Outcome(found, error=error_record(found, e.stage, type(e).__name__, str(e)))
    if workers == 0:
        for found in accepted:
            yield process_found(found)
        return
    if not accepted:
        return
    pool = _Pool(min(workers, len(accepted)), memory_mb)
    try:
        yield from pool.run(deque(accepted), timeout)
    finally:
        pool.close()


class _Worker:
    def __init__(self, ctx, memory_mb: int | None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.ready = False  # set when the worker has loaded the model: deadlines start after that
        self.task: Found | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class _Pool:
    MAX_START_FAILURES = 3

    def __init__(self, size: int, memory_mb: int | None):
        # spawn, not fork: a clean interpreter per worker, whatever threads the parent runs.
        self.ctx = mp.get_context("spawn")
        self.memory_mb = memory_mb
        self.workers = [_Worker(self.ctx, memory_mb) for _ in range(size)]
        self.start_failures = 0

    def run(self, queue: deque[Found], timeout: float) -> Iterator[Outcome]:
        while queue or any(w.task for w in self.workers):
            for w in self.workers:
                if w.ready and w.task is None and queue:
                    w.task, w.deadline = queue.popleft(), time.monotonic() + timeout
                    w.conn.send(w.task)
            watched = [w for w in self.workers if w.task or not w.ready]
            deadlines = [w.deadline for w in watched if w.task]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([w.conn for w in watched], timeout=wait_for)
            for i, w in enumerate(self.workers):
                if not w.ready:
                    if w.conn in ready:
                        self._start(i)
                elif w.task is not None and w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        yield self._replace(i, "WorkerCrashed", _death_message(w))
                        continue
                    w.task = None
                    yield outcome
                elif w.task is not None and time.monotonic() >= w.deadline:
                    yield self._replace(i, "Timeout", f"timed out after {timeout:g} s")

    def _start(self, i: int) -> None:
        """A starting worker spoke: it is ready, it cannot load the model (the run stops), or it died."""
        w = self.workers[i]
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            self.start_failures += 1
            if self.start_failures >= self.MAX_START_FAILURES:
                raise RunError(
                    f"worker processes cannot start: {_death_message(w, 'a starting worker')}; "
                    "if --memory-mb is set, it may be too low for the spaCy model"
                ) from None
            w.kill()
            self.workers[i] = _Worker(self.ctx, self.memory_mb)
            return
        if message != "ready":
            raise RunError(message)
        w.ready = True
        self.start_failures = 0

    def _replace(self, i: int, error_type: str, message: str) -> Outcome:
        w = self.workers[i]
        found = w.task
        w.kill()
        self.workers[i] = _Worker(self.ctx, self.memory_mb)
        return Outcome(found, error=error_record(found, "process", error_type, message))

    def close(self) -> None:
        for w in self.workers:
            if w.task is None and w.process.is_alive():
                with contextlib.suppress(OSError):  # a worker that just died needs no goodbye
                    w.conn.send(None)
        for w in self.workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.kill()


def _death_message(w: _Worker, who: str = "the worker processing this file") -> str:
    w.process.join(timeout=5)
    code = w.process.exitcode
    if code is not None and code < 0:
        # Only the signal is known: SIGKILL may be the kernel's out-of-memory killer, or a person
        return f"{who} was killed by {signal.Signals(-code).name}"
    return f"{who} exited unexpectedly (exit code {code})"


def _out_of_memory(e: Exception) -> bool:
    """MemoryError, or a library that could not map its shared object (`ImportError: failed to map segment`)."""
    return isinstance(e, MemoryError) or (
        isinstance(e, OSError | ImportError) and ("map segment" in str(e) or "memory" in str(e).lower())
    )


def _serve(conn: Connection, memory_mb: int | None) -> None:
    """A worker's life: set its memory limit, then process files until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    failed = None
    try:  # load the models before any deadline starts
        from pipeline.language import load_identifier
        from pipeline.ner.nlp import load_nlp

        load_identifier()
        load_nlp()
    except Exception as e:
        if not _out_of_memory(e):  # no document can be processed: the run stops and says why
            conn.send(f"the spaCy model cannot be loaded: {type(e).__name__}: {e}")
            return
        # The limit is too low for the model: each document says so, and is retried on the next run.
        failed = ("MemoryError", f"out of memory: the spaCy model does not fit in the worker's {memory_mb} MB limit")
    conn.send("ready")
    while True:
        try:
            found = conn.recv()
        except EOFError:
            return
        if found is None:
            return
        if failed:  # a half-imported library is no base for work: every document gets the reason
            conn.send(Outcome(found, error=error_record(found, "process", *failed)))
        else:
            conn.send(process_found(found))
