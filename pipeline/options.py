"""The values of `pipeline run`'s options that the CLI refuses before anything starts.

Each refusal is a value that would otherwise hang the run (a negative
`--workers`), make every document fail (a time or memory limit no document
can meet) or feed the outputs back in as inputs (`--out` inside `--raw`).
Refusing up front, with exit status 2 as for any other usage error, costs
the user one line; accepting would cost a run.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

# The smallest RLIMIT_AS with which a worker loads the spaCy model and processes every seed release,
# measured by scripts/memory_floor.py: 792 MB passes and 785 MB fails (Python 3.11, 2 CPUs). It is address
# space, not resident memory, and grows with the BLAS threads a worker starts (about 40 MB each, one per
# CPU): below 800 a worker cannot process the seeds here, and a machine with many cores may need more.
MIN_MEMORY_MB = 800
# The largest values the platform takes. A worker's deadline is waited for with poll(), which counts
# milliseconds in a C int: 2^31 - 1 ms, about 24.8 days (above it, `OverflowError` once the model had
# loaded). RLIMIT_AS is a signed 64-bit count of bytes: 2^63 - 1 bytes is 8,796,093,022,207 MB (above it,
# every worker failed with `OverflowError` and the run advised reinstalling).
MAX_TIMEOUT_S = (2**31 - 1) // 1000
MAX_MEMORY_MB = (2**63 - 1) // 2**20


def usable_cpus() -> int:
    """CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def is_inside(path: Path, folder: Path) -> bool:
    """`path` is `folder` or under it, symbolic links resolved (a link must not be a way around the check)."""
    try:
        path, folder = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: the run itself will say the folder is unusable
        return False
    return path == folder or path.is_relative_to(folder)


def check_run_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Refuse bad values through `parser.error` (message on stderr, exit 2); cap `--workers` at the CPUs."""
    if args.workers is not None and args.workers < 0:
        parser.error(f"--workers must be 0 (no worker processes) or more, not {args.workers}")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        parser.error(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    if args.timeout > MAX_TIMEOUT_S:
        parser.error(
            f"--timeout must be at most {MAX_TIMEOUT_S} s (about 24 days: the longest wait this platform's "
            f"timers take), not {args.timeout:g}"
        )
    if args.memory_mb < 0:
        parser.error(f"--memory-mb must be 0 (no limit) or more, not {args.memory_mb}")
    if args.memory_mb > MAX_MEMORY_MB:
        parser.error(
            f"--memory-mb must be at most {MAX_MEMORY_MB} (the largest memory limit this platform takes), "
            f"or 0 (no limit), not {args.memory_mb}"
        )
    if 0 < args.memory_mb < MIN_MEMORY_MB:
        parser.error(
            f"--memory-mb {args.memory_mb} is too low: a worker needs at least {MIN_MEMORY_MB} MB "
            "to load the spaCy model (0 = no limit)"
        )
    if is_inside(args.out, args.raw):
        parser.error(
            f"--out {args.out} is inside --raw {args.raw}: the outputs would be read as inputs; "
            "choose an output folder outside the raw folder"
        )
    cpus = usable_cpus()
    if args.workers is not None and args.workers > cpus:
        # More processes than CPUs only share the same CPUs, and each one holds its own copy of the model.
        print(f"note: --workers {args.workers} is more than the {cpus} CPUs available: using {cpus}", file=sys.stderr)
        args.workers = cpus
