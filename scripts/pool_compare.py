"""The worker pool's per-document deadlines: `pebble.ProcessPool` against our `local_pool.LocalPool` (issue 20 item 5).

Both run the same work, `process.process_found` on the same generated short French releases, in 2
spawned worker processes that load the spaCy model once (pebble: an `initializer`), with the same
per-document deadline; one document hangs (its path sleeps when opened) and must become one time-out,
its worker replaced, while every other document is processed. Printed per pool: the wall time of the
whole run (model loads included) and the outcome of the hanging document.

    .venv/bin/pip install pebble==5.2.3   # not a dependency of the pipeline
    .venv/bin/python scripts/pool_compare.py [--documents 200] [--timeout 10]

What the wall time does not show, and decides as much: where a deadline starts (ours once the
worker has loaded the model and processed a sample; pebble's when the task starts on a worker, which
for a replacement worker is after its initializer), the memory limit (`RLIMIT_AS` set before the model
loads, the same in both here), workers that cannot start (ours stop the run after 3 in a row; pebble
restarts them for ever), and workers that die with their parent (ours: `workers.die_with_parent`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Hang(os.PathLike):
    """A path whose opening never ends: how a document stuck in a library looks to its pool."""

    def __fspath__(self) -> str:
        time.sleep(3600)
        return "/nonexistent"


def documents(folder: Path, count: int) -> list:
    from pipeline.discover import Found

    found = []
    for i in range(count):
        text = (
            f"Liège, le {1 + i % 28} juin 2025. La Région wallonne accorde {i + 3} millions d'euros à "
            f"l'Université de Namur pour {i + 10} laboratoires, dont {i % 9 + 1} % en Afrique de l'Ouest.\n"
        )
        path = folder / f"{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        data = path.read_bytes()
        found.append(Found(path, path.name, hashlib.sha256(data).hexdigest(), len(data)))
    found.insert(count // 2, Found(Hang(), "hang.txt", "0" * 64, 0))
    return found


def _initializer(memory_mb: int) -> None:
    import resource

    from pipeline.process import load_models, worker_threads

    worker_threads()
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    load_models()


def with_pebble(todo: list, timeout: float, memory_mb: int) -> tuple[float, dict]:
    import multiprocessing as mp
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessPool

    from pipeline.process import process_found

    t0 = time.perf_counter()
    kinds = {}
    with ProcessPool(
        max_workers=2, initializer=_initializer, initargs=(memory_mb,), context=mp.get_context("spawn")
    ) as pool:
        futures = [(found, pool.schedule(process_found, args=(found,), timeout=timeout)) for found in todo]
        for found, future in futures:
            try:
                outcome = future.result()
                kinds[found.rel_path] = "record" if outcome.record is not None else outcome.error["error_type"]
            except FutureTimeout:
                kinds[found.rel_path] = "Timeout"
            except Exception as e:
                kinds[found.rel_path] = type(e).__name__
    return time.perf_counter() - t0, kinds


def with_local_pool(todo: list, timeout: float, memory_mb: int) -> tuple[float, dict]:
    from pipeline.local_pool import LocalPool
    from pipeline.progress import Listener

    t0 = time.perf_counter()
    pool = LocalPool(2, timeout=timeout, memory_mb=memory_mb, listener=Listener())
    kinds = {}
    try:
        for outcome in pool.run(todo):
            kinds[outcome.found.rel_path] = "record" if outcome.record is not None else outcome.error["error_type"]
    finally:
        pool.close()
    return time.perf_counter() - t0, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="pool-compare-") as tmp:
        todo = documents(Path(tmp), args.documents)
        for _ in range(args.repeats):
            for name, run in (("LocalPool", with_local_pool), ("pebble.ProcessPool", with_pebble)):
                seconds, kinds = run(todo, args.timeout, args.memory_mb)
                records = sum(1 for k in kinds.values() if k == "record")
                print(
                    f"{name}: {seconds:.1f} s for {len(todo)} documents, 2 workers; {records} records, "
                    f"hanging document: {kinds.get('hang.txt')}, all accounted for: {len(kinds) == len(todo)}"
                )


if __name__ == "__main__":
    main()
