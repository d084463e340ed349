"""A whole run: `raw/` in, `output/` out, incrementally, under a lock.

    discover → look up each input in the cache → process the rest in workers
    (each result cached as soon as it is done) → write the outputs atomically

Only inputs whose bytes or name changed (or all, after a change of pipeline code,
configuration or model) are processed; inputs removed from `raw/` leave the
outputs; outputs are sorted by path, so they do not depend on the order of
files on disk or the number of workers.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.cache import ResultCache, cache_key
from pipeline.discover import Skipped, discover
from pipeline.duplicates import near_duplicates
from pipeline.errors import RunError
from pipeline.executor import execute
from pipeline.record import with_duplicates
from pipeline.settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, config_hash
from pipeline.write import write_outputs


@dataclass
class Summary:
    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"processed {self.processed}, unchanged {self.unchanged}, failed {self.failed}, "
            f"skipped {len(self.skipped)} in {self.seconds:.1f} s"
        )

    def stages_line(self) -> str:
        """Where the workers' time went, stage by stage (empty when nothing was processed)."""
        return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.timings.items())


def run(
    raw: Path,
    out: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: bool | None = None,
) -> Summary:
    t0 = time.monotonic()
    raw, out = Path(raw), Path(out)
    if not raw.is_dir():
        raise RunError(f"the raw folder {raw} does not exist or is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RunError(f"cannot create the output folder {out}: {e.strerror or e}") from None
    lock = FileLock(out / ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunError(
            f"another run is writing to {out} (lock {out / '.lock'} is held); wait for it to finish"
        ) from None
    try:
        summary = _run_locked(raw, out, workers, force, timeout, memory_mb, progress)
    finally:
        lock.release()
    summary.seconds = time.monotonic() - t0
    return summary


def _run_locked(raw, out, workers, force, timeout, memory_mb, progress) -> Summary:
    summary = Summary()
    for leftover in [*out.glob(".*.tmp"), *out.glob(".cache/*/.*.tmp")]:  # from a run killed while writing
        leftover.unlink(missing_ok=True)
    found, summary.skipped = discover(raw)
    cache = ResultCache(out, config_hash())
    results = {} if force else {k: e for f in found if (e := cache.get(k := cache_key(f))) is not None}
    summary.unchanged = sum(1 for e in results.values() if "record" in e)
    todo = [f for f in found if cache_key(f) not in results]
    if workers is None:
        workers = min(os.cpu_count() or 1, 2)
    bar = _progress_bar(len(todo), progress)
    for outcome in execute(todo, workers=workers, timeout=timeout, memory_mb=memory_mb):
        key = cache_key(outcome.found)
        cache.put(key, record=outcome.record, error=outcome.error)
        if outcome.record is not None:
            results[key] = {"record": outcome.record}
            summary.processed += 1
        else:
            results[key] = {"error": outcome.error}
            bar.write(f"failed: {outcome.found.rel_path}: {outcome.error['message']}", file=sys.stderr)
        for stage, seconds in (outcome.timings or {}).items():
            summary.timings[stage] = summary.timings.get(stage, 0.0) + seconds
        bar.update(1)
    bar.close()
    entries = [results[cache_key(f)] for f in found]  # sorted by path, as `found` is
    records = [e["record"] for e in entries if "record" in e]
    errors = [e["error"] for e in entries if "error" in e]
    summary.failed = len(errors)
    duplicates = near_duplicates({r["source"]["path"]: r["text"] for r in records})
    for r in records:
        with_duplicates(r, duplicates.get(r["source"]["path"], []))
    write_outputs(out, records, errors)
    cache.prune({cache_key(f) for f in found})
    return summary


def _progress_bar(total: int, enabled: bool | None):
    from tqdm import tqdm

    # None: a bar only when stderr is a terminal, so logs and CI stay clean.
    disable = not sys.stderr.isatty() if enabled is None else not enabled
    return tqdm(total=total, unit="doc", disable=disable, file=sys.stderr)
