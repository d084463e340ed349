"""A worker's rehearsal: a sample release processed before any document, so that a worker that cannot work fails here.

A worker loads the model, then processes documents. Under a memory limit
that lets the model load but not a document through NER (measured at
700 MB here: libblis cannot allocate its buffers and aborts the process on
the first document), every document would kill its worker, and each death
would cost a model reload: 10 files, 95 s, nothing processed, exit 0. A
worker that dies while processing this sample has not been sent any
document yet: the backends count it as a failure to start, and stop the run
with a clear message after a few in a row (`local_pool.LocalPool`,
`dask_backend.DaskBackend`), whatever the number of documents.

The sample is a text file of one block of the size NER is fed
(`settings.MAX_BLOCK_CHARS`), with amounts, dates, organisations, people and
places, processed by the very function that processes documents, so that
it goes where a document goes (reader, NER, rules, validation, sketch): a
model that loads and then fails on the first text fails here. It takes
~0.1 s once the model is loaded, plus the lazy set-up the first document
would otherwise pay on its clock.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache
from pathlib import Path

from pipeline.settings import MAX_BLOCK_CHARS

_PARAGRAPH = (
    "Paris, le {day} mars 2026. L'Institut national de recherche en sciences et technologies du numérique (Inria) "
    "et l'Agence de l'innovation de défense annoncent un programme de {millions} millions d'euros sur trois ans, "
    "dont 2,5 M€ dès 2026, pour soutenir 40 start-up françaises. « Ce partenariat renforce notre souveraineté », "
    "déclare Hélène Girard, directrice générale, qui rappelle que 15 % des projets ont été lancés depuis janvier "
    "2024 à Lyon, Grenoble et Bruxelles. Les candidatures seront ouvertes du 6 au 30 avril.\n\n"
)


@cache
def sample() -> str:
    """French paragraphs, each a little different, just under one NER block."""
    text, i = "", 0
    while len(text) + len(_PARAGRAPH) + 4 < MAX_BLOCK_CHARS:
        text += _PARAGRAPH.format(day=1 + i, millions=10 + i)
        i += 1
    return text


def rehearse() -> None:
    """Process the sample exactly as a document (`process.process_found`, from a file); raise if it fails.

    A `MemoryError` when it runs out of memory (the worker's limit is too low for any document), a
    `RuntimeError` for any other failure (a broken installation).
    """
    from pipeline.discover import Found
    from pipeline.process import process_found

    data = sample().encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="pipeline-warmup-") as folder:
        path = Path(folder) / "sample.txt"
        path.write_bytes(data)
        outcome = process_found(Found(path, "sample.txt", hashlib.sha256(data).hexdigest(), len(data)))
    if outcome.error is not None:
        if outcome.error["error_type"] == "MemoryError":
            raise MemoryError(outcome.error["message"])
        raise RuntimeError(outcome.error["message"])
