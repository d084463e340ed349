"""Which failures the cache remembers: a passing problem must never become a permanent one.

A failure is cached under the same key as a record (the input's bytes and
name, under the configuration), so remembering it says "these bytes cannot
be processed". That is true of a damaged PDF or an empty file, and false of:

- a failure that describes the moment, not the bytes (`MOMENT`): the file
  changed or vanished while the run read it, the worker could not load the
  model under its memory limit. Never remembered: it is written to this
  run's outputs, and the next run processes the file again.
- a failure that may pass on a calmer machine (`TRANSIENT`): a time-out, a
  worker that died, a document out of memory. Processed again by the next
  run, like a moment.
"""

from __future__ import annotations

MOMENT = frozenset({"FileChanged", "WorkerOutOfMemory"})
TRANSIENT = frozenset({"Timeout", "WorkerCrashed", "MemoryError"})


def final(error: dict) -> bool:
    """Whether this failure is a fact about the bytes, remembered until they change."""
    return error["error_type"] not in MOMENT | TRANSIENT
