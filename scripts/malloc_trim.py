"""What Dask's default `MALLOC_TRIM_THRESHOLD_=65536` costs a worker: the same work with and without it.

Dask's nanny sets `MALLOC_TRIM_THRESHOLD_=65536` in every worker process it starts
(`distributed.nanny.pre-spawn-environ`): glibc then hands memory back to the system after
every large free. spaCy's NER allocates and frees its arrays batch after batch, so the worker
pays for it on every document. This script runs, in fresh processes, what a worker does for a
batch of files (`process.process_batch`, with a worker's thread settings) on generated short
releases (`benchmark.generate`), with glibc's own setting and with Dask's, interleaved, and
prints the medians and their ratio. `pipeline.dask_backend` starts its LocalCluster without
Dask's setting because of it; the README says how to do the same on a remote cluster.

    .venv/bin/python scripts/malloc_trim.py [--documents 300] [--repeats 3]

Measured on the 2-core development machine (300 short releases, 3 runs of each, interleaved):
see the README's "Speed" section.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DASK_DEFAULT = "65536"

_ONE_RUN = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from pipeline.batches import batches, dispatch_order
from pipeline.discover import discover
from pipeline.process import load_models, process_batch, worker_threads
worker_threads()
load_models()
todo, _ = discover(Path({folder!r}))
sent = batches(dispatch_order(todo))
process_batch(sent[0])  # warm the rule data and caches, as a worker's rehearsal does
start = time.perf_counter()
for batch in sent:
    process_batch(batch)
print(time.perf_counter() - start)
"""


def one_run(folder: Path, trim: str | None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    if trim is not None:
        env["MALLOC_TRIM_THRESHOLD_"] = trim
    code = _ONE_RUN.format(root=str(ROOT), folder=str(folder))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from benchmark import generate, vocabulary_of

    from pipeline.read.text import read_text

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = [read_text(p.read_bytes())[0] for p in sorted((ROOT / "raw").glob("*")) if p.suffix in {".txt", ".md"}]
    vocabulary = vocabulary_of(texts)
    with tempfile.TemporaryDirectory(prefix="malloc-trim-") as folder:
        generate(Path(folder), args.documents, vocabulary)
        runs: dict[str, list[float]] = {"glibc": [], "dask": []}
        for _ in range(args.repeats):  # interleaved, so that a burst of load hits both alike
            runs["glibc"].append(one_run(Path(folder), None))
            runs["dask"].append(one_run(Path(folder), DASK_DEFAULT))
    glibc, dask = (statistics.median(runs[k]) for k in ("glibc", "dask"))
    print(
        f"{args.documents} short releases, one process, medians of {args.repeats}: glibc's default {glibc:.2f} s, "
        f"MALLOC_TRIM_THRESHOLD_={DASK_DEFAULT} (Dask's) {dask:.2f} s: {dask / glibc:.2f}x the time"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    main()
