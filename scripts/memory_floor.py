"""The smallest `--memory-mb` with which a worker loads the model and processes every seed release.

The worker's limit is `RLIMIT_AS`, address space, not resident memory: a
process that uses 600 MB of RAM may map three times that (shared libraries,
thread stacks, malloc arenas, the model's vectors). So the floor cannot be
read off `ps`; it is found by trying. Each trial starts a real worker under
the limit (the same executor as `pipeline run`, which bypasses the CLI's own
refusal of low limits) and processes a copy of `raw/`; a trial passes when
every file becomes a record. A binary search over megabytes finds the
boundary; `pipeline.options.MIN_MEMORY_MB` is set from it with a margin.

    .venv/bin/python scripts/memory_floor.py [--low 200] [--high 4096] [--step 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def trial(raw: Path, memory_mb: int) -> tuple[bool, str]:
    """Whether one worker limited to `memory_mb` turns every seed into a record, and why not."""
    from pipeline.discover import discover
    from pipeline.errors import RunError
    from pipeline.executor import execute

    found, _ = discover(raw)
    try:
        outcomes = list(execute(found, workers=1, timeout=600, memory_mb=memory_mb))
    except RunError as e:
        return False, f"run stopped: {e}"
    errors = [o.error for o in outcomes if o.error is not None]
    if errors:
        return False, f"{len(errors)} failed, e.g. {errors[0]['error_type']}: {errors[0]['message']}"
    return True, f"{len(outcomes)} records"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--low", type=int, default=200, help="a limit known to fail (MB)")
    parser.add_argument("--high", type=int, default=4096, help="a limit known to work (MB)")
    parser.add_argument("--step", type=int, default=16, help="resolution of the search (MB)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(ROOT / "raw", raw)
        low, high = args.low, args.high
        for limit in (high, low):  # check the bounds first: a search between wrong bounds means nothing
            t0 = time.monotonic()
            ok, why = trial(raw, limit)
            print(f"{limit:5d} MB: {'ok  ' if ok else 'FAIL'} {why} ({time.monotonic() - t0:.0f} s)", flush=True)
            if ok != (limit == high):
                print("the bounds do not bracket the floor", file=sys.stderr)
                return 1
        while high - low > args.step:
            mid = (low + high) // 2
            t0 = time.monotonic()
            ok, why = trial(raw, mid)
            print(f"{mid:5d} MB: {'ok  ' if ok else 'FAIL'} {why} ({time.monotonic() - t0:.0f} s)", flush=True)
            low, high = (low, mid) if ok else (mid, high)
    print(f"floor: {high} MB (fails at {low} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
