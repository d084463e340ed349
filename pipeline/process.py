"""One document from bytes to record: the stages in order.

    read → language → title and publication date → entities → record

`process_document` is what a worker runs for each file; `process_file`
and `annotate_text` are the public entry points for other programs.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, datetime
from pathlib import Path

from pipeline.document import Document
from pipeline.language import add_language
from pipeline.locale import add_locale
from pipeline.read import read_document
from pipeline.record import build_record
from pipeline.reference import add_published
from pipeline.title import add_title

# What happens to a text once it is read; each stage is `stage(doc) -> doc`.
STAGES = (add_language, add_title, add_published, add_locale)


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
    from pipeline.ner import add_entities  # imports spaCy: only once there is a text to analyse
    from pipeline.tables import add_tables

    _run_stages(doc, *STAGES, add_entities, add_tables)
    with _timed(doc, "record"):
        return build_record(doc, with_source=with_source)


def _run_stages(doc: Document, *stages) -> Document:
    for stage in stages:
        with _timed(doc, stage.__name__.removeprefix("add_").removesuffix("_document")):
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
