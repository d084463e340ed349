"""Stage: tables (placeholder while the table readers are written)."""

from __future__ import annotations

from pipeline.document import Document


def add_tables(doc: Document) -> Document:
    return doc
