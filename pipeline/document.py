"""The one object that flows through every stage.

Like datatrove's `Document`, it starts as a path and a handful of bytes and
is filled in by each stage in turn. Every stage has the same shape,
`stage(doc) -> doc`: `read_document` sets `text`, `add_language` the
document's languages, `add_title` and `add_published` the title and the
release's date, `add_locale` the country its currencies belong to,
`add_entities` the entities and organisations, `add_tables` the tables and
the amounts in their cells, `add_dateline` (before `add_published`) and
`add_structure` the release's structure (issuer, sections, quotes, contacts);
`record.build_record` turns the result into the JSON object that `write`
puts on disk. Stages append to `warnings` instead of failing when they can
still produce something useful.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.match.base import Match


@dataclass
class Document:
    path: Path  # where the bytes came from (absolute, or as the caller gave it)
    rel_path: str  # path relative to the raw folder: the document's name in the outputs
    data: bytes = field(repr=False, default=b"")
    sha256: str = ""
    format: str = ""  # txt | md | pdf

    text: str = field(repr=False, default="")
    encoding: str | None = None  # text files only
    pages: list[dict] | None = None  # PDFs: [{"page", "start", "end"}]
    pdf: Any = field(repr=False, default=None)  # PDFs: the reader's result, for boxes and metadata
    title: str | None = None
    published: dict | None = None
    reference: date | None = None  # anchors year-less and relative dates: `published`, unless the caller gives one
    reference_grain: str = "day"  # "month" when the reference is only known to the month
    language: dict | None = None
    languages: list[dict] = field(default_factory=list)  # [{"code", "share"}] of the letters, by paragraph
    language_blocks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, code) per paragraph
    entities: list[Match] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    locale: dict | None = None  # {"country", "zone", "evidence"}: what ambiguous currencies mean (pipeline/locale.py)
    tables: list[dict] = field(default_factory=list)  # [{"page", "bbox", "rows"...}] (pipeline/tables/)
    # The release's structure (pipeline/structure/): where and when it was issued, by whom, who says what.
    dateline: dict | None = None  # {"place", "date", "text", "start", "end", "grain"}
    sections: list[dict] = field(default_factory=list)  # [{"kind", "start", "end", "organisation"}], covering text
    quotes: list[dict] = field(default_factory=list)  # [{"text", "start", "end", "speaker", "rule"}]
    contacts: list[dict] = field(default_factory=list)  # [{"name", "role", "organisation", "email", "phone"...}]
    issuer: list[dict] = field(default_factory=list)  # [{"canonical", "evidence"}]
    # The model's entities and the paragraph rules' matches, read with other documents of a worker's batch
    # (`ner.read_documents`); `add_entities` uses and clears them. None: `add_entities` reads the text itself.
    read: tuple[list[Match], list[Match]] | None = field(repr=False, default=None)
    warnings: list[str] = field(default_factory=list)
    extra_source: dict = field(default_factory=dict)  # reader-specific facts for `source` (OCR pages...)
    depends: dict = field(default_factory=dict)  # what the record depends on beyond bytes and configuration (OCR)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for benchmarks

    @property
    def size(self) -> int:
        return len(self.data)
