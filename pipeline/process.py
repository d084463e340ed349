"""What a worker does with one file: the stages in order, and what became of it.

    read (and check the file did not change) → language → title → dateline →
    publication date → monetary locale → entities → tables → structure →
    record → validated record, or an error record

In code: `_read_unchanged` and `read_document`; the `STAGES` (`add_language`,
`add_title`, `add_published`, `add_locale`, `add_entities`, `add_tables`);
`build_record`; `validate_record` (in `process_found`). Each stage's seconds
are kept under its name without `add_` (`read`, `language`, … `tables`,
`record`).

`STAGE_NAMES` is the one list of those names, in order, and `ERROR_STAGES`
adds what can fail around them (`discover`, `process`): the `stage` of an
error record is one of them, and `pipeline/schemas/error.schema.json` lists
exactly these (`tests/test_stages.py` checks both, and makes every stage fail
in turn). A stage added to `STAGES` is in the list by its function's name.

`process_batch` is what every backend of `executor` runs, for one file or a
batch of short ones (`batches`), and returns an `Outcome` per file;
`process_found` is the same for one file; `failed` is the one way to make an error outcome, for
the workers and for the backends (time-outs, crashes). `process_file` and
`annotate_text` are the public entry points for other programs.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.discover import Found, read_checked
from pipeline.document import Document
from pipeline.duplicates import sketch
from pipeline.errors import DocumentError, FileChanged
from pipeline.language import add_language
from pipeline.locale import add_locale
from pipeline.read import read_document
from pipeline.record import build_record, error_record
from pipeline.reference import add_published
from pipeline.settings import WORKER_THREADS_ENV
from pipeline.structure import add_dateline, add_structure
from pipeline.title import add_title
from pipeline.validate import validate_record  # imported before a worker sets its memory limit


def add_entities(doc: Document) -> Document:
    """Entities and organisations (`pipeline.ner`): imports spaCy, so only once there is a text to analyse."""
    from pipeline.ner import add_entities as entities

    return entities(doc)


def add_tables(doc: Document) -> Document:
    """The tables and the amounts in their cells (`pipeline.tables`)."""
    from pipeline.tables import add_tables as tables

    return tables(doc)


def stage_name(stage) -> str:
    """A stage's name in timings and error records: its function's, without `add_` (`read_document` → `read`)."""
    return stage.__name__.removeprefix("add_").removesuffix("_document")


# What happens to a text once it is read; each stage is `stage(doc) -> doc`.
STAGES = (add_language, add_title, add_dateline, add_published, add_locale, add_entities, add_tables, add_structure)
# Every stage of a file, in order: reading it, the `STAGES`, then making its record.
STAGE_NAMES = (stage_name(read_document), *map(stage_name, STAGES), "record")
# What an error record's `stage` may say: the stages, finding the file before them, and the checks around them.
ERROR_STAGES = ("discover", *STAGE_NAMES, "process")


@dataclass
class Outcome:
    """What became of one file: a record and its near-duplicate sketch, or an error record; seconds per stage."""

    found: Found
    record: dict | None = None
    error: dict | None = None
    timings: dict | None = None
    sketch: str | None = None
    depends: dict | None = None  # what the record depends on beyond the bytes and configuration (`pipeline.depends`)


def process_found(found: Found) -> Outcome:
    """Process one discovered file in this process; every failure becomes an error outcome."""
    return process_batch([found])[0]


def process_batch(batch: list[Found]) -> list[Outcome]:
    """Process several files in this process, NER reading all their paragraphs in one call.

    What every backend's workers run, for one file or a batch of short ones (`batches`). Each file goes
    through the stages before `add_entities` on its own; then the blocks of all that got so far are read by
    the model together (`ner.read_documents`); then each goes on alone. The outcomes are those of
    processing each file alone (`tests/test_batches.py` compares them): a file that fails fails alone,
    and should reading them together fail, each is read alone. Measured (cProfile, 1,000 short generated
    releases in one process, one document at a time): NER was 12 s of 26 s (the matrix products 5.7 s),
    the date rules 3.4 s, the language 2.1 s, the structure 1.6 s, the clean-up 1.4 s, the organisation
    rules 1.3 s. Batching saves a few per cent of NER's time there (`ner.nlp.read_blocks`); on Dask it
    also saves a round trip per document.
    """
    docs = [Document(path=found.path, rel_path=found.rel_path, sha256=found.sha256) for found in batch]
    outcomes = [_guarded(found, doc, _begin) for found, doc in zip(batch, docs, strict=True)]
    going = [doc for doc, outcome in zip(docs, outcomes, strict=True) if outcome is None]
    if len(going) > 1:
        _read_together(going)
    return [outcome or _guarded(found, doc, _finish) for found, doc, outcome in zip(batch, docs, outcomes, strict=True)]


_ENTITIES = STAGES.index(add_entities)


def _begin(found: Found, doc: Document) -> None:
    """Read the file, and run the stages before the entities."""
    doc.data = _read_unchanged(found)
    _run_stages(doc, read_document, *STAGES[:_ENTITIES])


def _finish(found: Found, doc: Document) -> Outcome:
    """The entities (read with the batch's other files when they were), the stages after them, the record."""
    _run_stages(doc, *STAGES[_ENTITIES:])
    with _timed(doc, "record"):
        record = build_record(doc, with_source=True)
    validate_record(record)
    depends = doc.depends or None
    return Outcome(found, record=record, timings=doc.timings, sketch=sketch(record["text"]), depends=depends)


def _read_together(docs: list[Document]) -> None:
    """NER and the paragraph rules on the blocks of all `docs` in one call; its time shared by their lengths.

    Should that fail (a library error, memory), each document is read alone by `add_entities`, where a
    failure is that document's own.
    """
    from pipeline.ner import read_documents

    t0 = time.perf_counter()
    try:
        read_documents(docs)
    except Exception:
        for doc in docs:
            doc.read = None
        return
    seconds, total = time.perf_counter() - t0, sum(len(doc.text) for doc in docs) or 1
    for doc in docs:
        doc.timings["entities"] = doc.timings.get("entities", 0.0) + seconds * len(doc.text) / total


def _guarded(found: Found, doc: Document, step) -> Outcome | None:
    """`step(found, doc)`, every failure turned into the file's error outcome."""
    try:
        return step(found, doc)
    except DocumentError as e:
        return failed(found, type(e).__name__, str(e), stage=e.stage, timings=doc.timings)
    except MemoryError:
        return failed(found, "MemoryError", "out of memory: the document needs more than the worker's memory limit")
    except Exception as e:  # a bug or a library failure on this input: report it, keep the batch going
        detail = traceback.format_exception_only(e)[-1].strip()
        return failed(found, "InternalError", f"internal error: {detail}", stage=getattr(e, "stage", "process"))


def failed(found: Found, error_type: str, message: str, *, stage: str = "process", timings=None) -> Outcome:
    """The outcome of a file that could not be processed, its error record validated.

    A stage outside `ERROR_STAGES` (a bug: `tests/test_stages.py` fails first) is reported as `process`
    rather than making an error record the schema refuses, which would kill the worker.
    """
    error = error_record(found, stage if stage in ERROR_STAGES else "process", error_type, message)
    # A worker whose memory limit is too low for the model cannot load fastjsonschema either; the record
    # still has the one shape `error_record` gives every error record (tests validate it).
    with contextlib.suppress(MemoryError, ImportError):
        validate_record(error, "error")
    return Outcome(found, error=error, timings=timings)


def refuse_oversized(found: Found) -> Outcome | None:
    """An error outcome for a file too large for its reader, decided from its size without reading it."""
    from pipeline.read import check_size
    from pipeline.settings import SUFFIXES

    try:
        check_size(found.size, SUFFIXES.get(Path(found.rel_path).suffix.lower()))
    except DocumentError as e:
        return failed(found, type(e).__name__, str(e), stage=e.stage)
    return None


def worker_threads() -> None:
    """Set the one-thread environment in this worker (libraries loaded after this call follow it)."""
    import os

    for name, value in WORKER_THREADS_ENV.items():
        os.environ.setdefault(name, value)


def load_models() -> None:
    """Load the language identifier and the spaCy pipeline: what a worker does before its first deadline.

    The identifier's model is decompressed (LZMA, which lets go of the GIL) in a thread while spaCy is
    imported and loads: 2.5-2.8 s → 2.3-2.5 s for both (three runs each, in a fresh process); started before
    spaCy's import, not after it, the thread is done 1.19-1.22 s after the start instead of 1.25-1.36 s. A
    failure there is raised here, by loading it again, not printed by the thread.
    """
    from pipeline.language import load_identifier

    identifier = threading.Thread(target=_quietly, args=(load_identifier,), name="load-identifier")
    identifier.start()
    try:
        from pipeline.ner.nlp import load_nlp

        load_nlp()
    finally:
        identifier.join()  # none left running: the fork server forks workers once this returns (`preload`)
    load_identifier()  # loaded by the thread (cached), or its failure raised
    sketch("chargé une fois par processus")  # draws the MinHash permutations: not on the first document's clock
    from pipeline.validate import warm

    warm()


def _quietly(step) -> None:
    with contextlib.suppress(Exception):
        step()


def out_of_memory(e: BaseException, *, limited: bool = False) -> bool:
    """MemoryError, or a library that could not map its shared object (`ImportError: failed to map segment`).

    Under a memory limit (`limited`), also a `SystemError`: "error return without exception set" is how
    CPython reports a C extension whose allocation failed and that returned without raising, seen when
    the model loads under `RLIMIT_AS`. Without a limit a SystemError is a bug, and is reported as one.
    """
    if limited and isinstance(e, SystemError):
        return True
    return isinstance(e, MemoryError) or (
        isinstance(e, OSError | ImportError) and ("map segment" in str(e) or "memory" in str(e).lower())
    )


def _read_unchanged(found: Found) -> bytes:
    """The file's bytes, read from the file discovery opened (never through a link) and hashed the same."""
    try:
        data = read_checked(found)
    except OSError as e:  # it could be read when it was found (to hash it): it vanished, or was replaced
        raise FileChanged(f"cannot read the file: {e.strerror or e}") from e
    if hashlib.sha256(data).hexdigest() != found.sha256:
        raise FileChanged("the file changed during the run: run the pipeline again")
    return data


def process_document(doc: Document, *, reference: date | None = None) -> dict:
    """Run every stage on a document whose `data` is loaded; returns its record.

    Raises `DocumentError` when the document cannot be processed at all.
    """
    doc.reference = reference
    _run_stages(doc, read_document)
    return _analyse(doc, with_source=True)


def process_file(path: str | Path) -> dict:
    """The record of one file (its `source.path` is the file name)."""
    path = Path(path)
    data = path.read_bytes()
    doc = Document(path=path, rel_path=path.name, data=data, sha256=hashlib.sha256(data).hexdigest())
    return process_document(doc)


def annotate_text(text: str, *, reference_date: date | datetime | None = None) -> dict:
    """The record (without `source`) of a piece of text.

    `reference_date` anchors year-less and relative dates; without it, the
    date the text states as its own is used, if any.
    """
    if isinstance(reference_date, datetime):
        reference_date = reference_date.date()
    doc = Document(path=Path("<text>"), rel_path="<text>", text=text, format="txt", reference=reference_date)
    return _analyse(doc, with_source=False)


def _analyse(doc: Document, *, with_source: bool) -> dict:
    _run_stages(doc, *STAGES)
    with _timed(doc, "record"):
        return build_record(doc, with_source=with_source)


def _run_stages(doc: Document, *stages) -> Document:
    for stage in stages:
        with _timed(doc, stage_name(stage)):
            stage(doc)
    return doc


class _timed:
    """Adds the seconds spent in a block to `doc.timings[stage]` (summed per run in the CLI's summary)."""

    def __init__(self, doc: Document, stage: str):
        self.doc, self.stage = doc, stage

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, exc_type, exc, tb):
        self.doc.timings[self.stage] = self.doc.timings.get(self.stage, 0.0) + time.perf_counter() - self.t0
        if exc is not None and not hasattr(exc, "stage"):
            exc.stage = self.stage  # so that an unexpected failure is still reported with its stage
