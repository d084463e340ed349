"""Documents sent to workers in batches, and what becomes of a batch whose worker overran or died.

Both backends (`local_pool`, `dask_backend`) send their workers batches of
short documents rather than one document at a time, and both run
`process.process_batch` on them: a round trip per document (tens of ms on
Dask) and a call of the model per document (a few ms of the model's own
per-call work for a 600-character release) are paid once per batch.

The limits still hold per document. A batch has one deadline, `--timeout`
(a bound on its documents' own: a batch is at most `BATCH_BYTES` or
`BATCH_DOCUMENTS` files, about a second of work, far under any per-document
deadline worth setting). A batch that overruns it, or whose worker dies,
is not an error: each of its documents is sent again alone, with its own
deadline (`Batches.again_or_fail`), and only one that overruns alone, or
whose worker dies under it twice, the second time alone, becomes a
`Timeout` or `WorkerCrashed` error record.
"""

from __future__ import annotations

from collections import deque

from pipeline.discover import Found
from pipeline.process import Outcome, failed

# Documents per task: at most this many bytes of input or files, about a second of work on a worker (short
# releases take ~20 ms each), so that Dask's round trip per task (tens of ms) no longer weighs on each
# document; the last batches of a run shrink (`batches`, `workers`) so that no worker idles at the end.
# (1,000 short documents, 2 workers, machine loaded at 9-10: Dask batches of 100 gave 0.73x the local pool.)
BATCH_BYTES = 128 * 1024
BATCH_DOCUMENTS = 50


def dispatch_order(todo: list[Found]) -> list[Found]:
    """The largest files first (by their size at discovery); equal sizes in the order given (path order).

    Both backends send them in this order: a long document handed out last kept one worker busy while the
    other idled at the end of the run; sizes rank documents well enough for that.
    """
    return sorted(todo, key=lambda f: -f.size)


def batches(
    todo: list[Found], max_bytes: int = BATCH_BYTES, max_documents: int = BATCH_DOCUMENTS, workers: int = 1
) -> list[list[Found]]:
    """`todo` cut, in order, into batches of at most `max_bytes` (a larger file alone) and `max_documents` files.

    With `workers` > 1 the last batches shrink: each is at most 1/(2 × workers) of the files and bytes still
    to cut (guided self-scheduling), so that the workers finish together instead of one idling while the
    other ends a full batch (up to a second and a half of work on long releases).
    """
    out: list[list[Found]] = []
    batch: list[Found] = []
    size = 0
    left, left_bytes = len(todo), sum(f.size for f in todo)

    def limits() -> tuple[int, int]:
        if workers <= 1:
            return max_documents, max_bytes
        share = 2 * workers
        return min(max_documents, max(1, -(-left // share))), min(max_bytes, max(1, left_bytes // share))

    most, most_bytes = limits()
    for found in todo:
        if batch and (size + found.size > most_bytes or len(batch) >= most):
            out.append(batch)
            left, left_bytes = left - len(batch), left_bytes - size
            batch, size = [], 0
            most, most_bytes = limits()
        batch.append(found)
        size += found.size
    if batch:
        out.append(batch)
    return out


class Batches:
    """The batches still to send, in order; each with whether it is one document sent alone.

    A batch of one file is alone from the start: its deadline is that file's own.
    """

    def __init__(
        self, todo: list[Found], max_bytes: int = BATCH_BYTES, max_documents: int = BATCH_DOCUMENTS, workers: int = 1
    ):
        self.queue: deque[tuple[list[Found], bool]] = deque(
            (batch, len(batch) == 1) for batch in batches(todo, max_bytes, max_documents, workers)
        )
        self.crashed: set[str] = set()  # files whose worker died under them once (their `rel_path`)

    def __bool__(self) -> bool:
        return bool(self.queue)

    def next(self) -> tuple[list[Found], bool]:
        return self.queue.popleft()

    def put_back(self, batch: list[Found], alone: bool) -> None:
        """A batch that was not processed, through no fault of its own (a lost connection): first again."""
        self.queue.appendleft((batch, alone))

    def again_or_fail(self, batch: list[Found], alone: bool, error_type: str, message: str) -> list[Outcome]:
        """A batch whose worker overran its deadline or died: its error if it was alone, else each file again alone.

        The files go first, in their order, each with its own deadline: only the guilty one fails. A worker that
        dies is not always the document's doing (the kernel's OOM killer, a lost node, `kill -9`): a file fails
        `WorkerCrashed` only once a worker died under it twice, the second time alone. One sent alone from the
        start (the last, shrunk batches of a run, a large file) is sent once more, alone.
        """
        crashes = error_type == "WorkerCrashed"
        if alone and (not crashes or batch[0].rel_path in self.crashed):
            return [failed(batch[0], error_type, message)]
        if crashes:
            self.crashed.update(found.rel_path for found in batch)
        self.queue.extendleft(([found], True) for found in reversed(batch))
        return []
