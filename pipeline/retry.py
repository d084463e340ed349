"""Which failures the cache remembers, and for how long: a passing problem must never become a permanent one.

A failure is cached under the same key as a record (the input's bytes and
name, under the configuration), so remembering it says "these bytes cannot
be processed". That is true of a damaged PDF or an empty file, and false of:

- a failure that describes the moment, not the bytes (`MOMENT`): the file
  changed or vanished while the run read it, the worker could not load the
  model under its memory limit. Never remembered: it is written to this
  run's outputs, and the next run processes the file again.
- a failure that may pass on a calmer machine but costs a lot to find out
  (`TRANSIENT`: a time-out is the whole time limit, a worker that dies is a
  model reload): tried on up to `MAX_ATTEMPTS` runs, then remembered with
  the count, so that a 2,000-page PDF or a worker-killing file is not paid
  on every run. `--retry-failed` (or `--force`) tries again.

A failure for lack of time or memory (`LIMITS`), remembered, is remembered
with the limit the document had: a run that gives more time or memory
(`--timeout`, `--memory-mb`, or no limit) tries it once more
(`pipeline.depends`).
"""

from __future__ import annotations

MOMENT = frozenset({"FileChanged", "WorkerOutOfMemory"})
TRANSIENT = frozenset({"Timeout", "WorkerCrashed", "MemoryError"})
# Attempts in all, over as many runs, before a transient failure is remembered: the first run and two more.
MAX_ATTEMPTS = 3
# The option that processes every remembered failure again (`pipeline run --retry-failed`).
OPTION = "--retry-failed"
# The limit each failure depends on: with more of it, the document may succeed.
LIMITS = {"Timeout": "timeout", "WorkerCrashed": "memory_mb", "MemoryError": "memory_mb", "StreamTooLarge": "memory_mb"}


def final(error: dict, attempts: int = 1) -> bool:
    """Whether this failure, on its `attempts`-th attempt, is remembered until the file changes."""
    kind = error["error_type"]
    return kind not in MOMENT and (kind not in TRANSIENT or attempts >= MAX_ATTEMPTS)


def remember(error: dict, *, attempts: int, limits: dict) -> tuple[dict, bool]:
    """The cache entry of a failure on its `attempts`-th attempt, and whether it is final.

    `limits` are the run's ({"timeout": s, "memory_mb": mb}, None for none). A transient failure
    keeps its count until it is final; then its message says how many times it failed and how to
    try again.
    """
    kind = error["error_type"]
    if kind in MOMENT:
        return {"error": error}, False
    entry: dict = {"error": error}
    if kind in TRANSIENT:
        entry["attempts"] = attempts
        if attempts < MAX_ATTEMPTS:
            return entry, False
        entry["error"] = error | {
            "message": f"failed {attempts} times: {error['message']}; run with {OPTION} (or --force) to try again"
        }
    if kind in LIMITS:
        entry["depends"] = {LIMITS[kind]: limits.get(LIMITS[kind])}
    return entry, True


def note(entry: dict, final: bool) -> str:
    """What the run says on stderr after a failure's message: whether and when it is tried again."""
    if final:
        return ""
    if "attempts" in entry:
        return f" (attempt {entry['attempts']} of {MAX_ATTEMPTS}: tried again on the next run)"
    return " (tried again on the next run)"
