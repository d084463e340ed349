"""`output/run.json`: what the last run did, for scripts and dashboards.

One JSON object (schema: `pipeline/schemas/run.schema.json`): whether the run
completed or was interrupted, when it started and how long it took, its counts
(processed, unchanged, failed, skipped, removed), the seconds each stage took
over the documents processed now, the run's own time by phase (discovering,
starting workers, processing, writing), the configuration hash and the versions of
`about.versions`. Written at the end of every run, a no-op re-run included, and
by a run stopped with Ctrl-C (then with what it had done); replaced atomically
like the other outputs, so a reader never sees half of it. It is not a data
output: it changes with every run (`seconds`, `started_at`), unlike the records.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline.about import versions
from pipeline.settings import config_hash

NAME = "run.json"


def report(summary, *, started: float, status: str = "completed") -> dict:
    """The run.json object of a `run.Summary`; `started`: the run's start, in seconds since the epoch."""
    return {
        "status": status,
        "started_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "seconds": round(summary.seconds, 3),
        "processed": summary.processed,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "skipped": len(summary.skipped),
        "removed": summary.removed,
        "stages": {stage: round(seconds, 3) for stage, seconds in summary.timings.items()},
        "phases": {phase: round(seconds, 3) for phase, seconds in summary.phases.items()},
        "config_hash": config_hash(),
        "versions": versions(),
    }


def write_report(out: Path, summary, *, started: float, status: str = "completed") -> dict:
    """Validate the run.json of `summary` and replace `out/run.json` with it atomically."""
    from pipeline.validate import validate_record
    from pipeline.write import atomic_write

    data = report(summary, started=started, status=status)
    validate_record(data, "run")
    atomic_write(Path(out) / NAME, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data
