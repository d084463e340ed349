"""The record contract, as built: document records, error records, `duplicate_of`.

The schemas of what this builds are `pipeline/schemas/document.schema.json`
and `error.schema.json`; `validate.validate_record` checks every record once,
where it is made (see `process`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version

from pipeline import __version__
from pipeline.discover import Found
from pipeline.document import Document
from pipeline.match.base import Match
from pipeline.settings import LIBRARIES, SCHEMA_VERSION, config_hash
from pipeline.structure.sections import section_at


def build_record(doc: Document, *, with_source: bool = True) -> dict:
    record: dict = {"schema_version": SCHEMA_VERSION, "doc_id": doc.sha256 or None}
    if with_source:
        record["source"] = source(doc)
    record |= {
        "status": "partial" if doc.warnings else "ok",
        "warnings": list(doc.warnings),
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "locale": doc.locale,
        "languages": doc.languages,
        "text": doc.text,
    }
    if doc.pages is not None:
        record["pages"] = doc.pages
    record["duplicate_of"] = []  # filled in by `with_duplicates` when the outputs are written
    record["entities"] = [entity(doc, m) for m in doc.entities]
    record["organisations"] = doc.organisations
    record |= structure(doc)
    record["tables"] = doc.tables
    record["provenance"] = provenance()
    return record


def source(doc: Document) -> dict:
    src = {"path": doc.rel_path, "sha256": doc.sha256, "bytes": doc.size, "format": doc.format}
    if doc.format == "pdf":
        src |= doc.extra_source
    else:
        src["encoding"] = doc.encoding
    return src


def entity(doc: Document, m: Match) -> dict:
    e = {"label": m.label, "text": doc.text[m.start : m.end], "start": m.start, "end": m.end}
    if doc.pdf is not None:
        from pipeline.read.pdf import locate

        where = locate(doc.pdf, m.start, m.end)
        e["page"], e["bbox"] = where if where else (None, None)
    e["source"] = m.source
    e["section"] = section_at(doc.sections, m.start) if doc.sections else None
    e["value"] = m.value
    return e


def structure(doc: Document) -> dict:
    """The release's structure (`pipeline/structure/`): issuer, dateline, quotes, contacts, sections."""
    dateline = None
    if doc.dateline:
        dateline = {k: doc.dateline[k] for k in ("place", "date", "text", "start", "end")}
    return {
        "issuer": doc.issuer,
        "dateline": dateline,
        "quotes": doc.quotes,
        "contacts": doc.contacts,
        "sections": doc.sections,
    }


def provenance() -> dict:
    return _static_provenance() | {"processed_at": datetime.now(UTC).isoformat(timespec="seconds")}


@cache
def _static_provenance() -> dict:
    from pipeline.ner.nlp import model_info

    return {
        "pipeline_version": __version__,
        "config_hash": config_hash(),
        "model": model_info(),
        "libraries": {name: version(name) for name in LIBRARIES},
    }


def with_duplicates(record: dict, others: list[str]) -> dict:
    """`record` with `duplicate_of` set: the paths of the other inputs whose text nearly duplicates it.

    Only the run sees every document, so workers leave it empty and the writer fills it in.
    """
    record["duplicate_of"] = others
    return record


def error_record(found: Found, stage: str, error_type: str, message: str) -> dict:
    """One line of `errors.jsonl`: which input, where it failed, and why in plain words."""
    return {
        "path": found.rel_path,
        "sha256": found.sha256,
        "bytes": found.size,
        "stage": stage,
        "error_type": error_type,
        "message": message,
        "pipeline_version": __version__,
    }
