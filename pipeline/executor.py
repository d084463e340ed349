"""Where documents are processed: one interface, two backends, the same limits.

What runs for each file (`process.process_found`) is separate from where it
runs. A backend takes the files to process and yields one `Outcome` per
file, in completion order, with two guarantees whatever the backend:

- a per-document time limit, counted from when the worker has loaded the
  model: a document that overruns it becomes a `Timeout` error record;
- a per-worker memory limit: a worker that dies (out of memory or killed)
  is replaced and its document becomes a `WorkerCrashed` error record.

Backends, each in its own module: `local_pool.LocalPool` (worker processes of
this machine: each loads the spaCy model once and processes documents one at
a time under `RLIMIT_AS`; the parent kills and replaces a worker that overruns
or dies), `InProcess` (here: `--workers 0`, no isolation, for debugging) and
`dask_backend.DaskBackend` (`--cluster`: a dask.distributed cluster, one
machine or many). What the backends share is in `workers`; they never import
each other. `make_backend` picks one; `execute` is what `run` calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from pipeline.discover import Found
from pipeline.process import Outcome, process_found, refuse_oversized
from pipeline.progress import Listener


class Backend(Protocol):
    """Where documents run. `run` yields one outcome per file of `todo`, in completion order."""

    def run(self, todo: list[Found]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


def make_backend(
    *, workers: int, timeout: float, memory_mb: int | None, cluster: str | None = None, listener: Listener | None = None
) -> Backend:
    """`InProcess` for `workers=0`, `DaskBackend` for a `cluster` ("local" or a scheduler address), else `LocalPool`."""
    listener = listener or Listener()
    if cluster:
        from pipeline.dask_backend import DaskBackend

        return DaskBackend(cluster, workers=workers, timeout=timeout, memory_mb=memory_mb, listener=listener)
    if workers == 0:
        return InProcess(listener)
    from pipeline.local_pool import LocalPool

    return LocalPool(workers, timeout=timeout, memory_mb=memory_mb, listener=listener)


def execute(
    todo: list[Found],
    *,
    workers: int,
    timeout: float,
    memory_mb: int | None,
    cluster: str | None = None,
    listener: Listener | None = None,
) -> Iterator[Outcome]:
    """Outcomes of `todo`, in completion order; files too large for their reader are refused unread."""
    accepted = []
    for found in todo:
        refused = refuse_oversized(found)
        if refused:
            yield refused
        else:
            accepted.append(found)
    if not accepted:
        return
    backend = make_backend(workers=workers, timeout=timeout, memory_mb=memory_mb, cluster=cluster, listener=listener)
    try:
        yield from backend.run(accepted)
    finally:
        backend.close()


class InProcess:
    """Every document in this process, one after the other: no time or memory limit (`--workers 0`)."""

    def __init__(self, listener: Listener):
        self.listener = listener

    def run(self, todo: list[Found]) -> Iterator[Outcome]:
        for found in todo:
            self.listener.started(found)
            yield process_found(found)

    def close(self) -> None:
        pass
