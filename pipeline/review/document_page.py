"""One page per document: what a reviewer checks before trusting a record.

The text with its entities (displaCy), the facts the record states about the
document and where each came from (publication date and its evidence,
language, format, duplicates), its warnings, the organisations with their
aliases, its tables when the record has any, and every entity in a table
that links back to the text. The page depends on the record only, so an
unchanged record gives a byte-identical page; `processed_at` is shown, and
it changes only when the document is reprocessed.
"""

from __future__ import annotations

import contextlib
from collections import Counter

from pipeline.review.entities import LABEL_COLORS, draw_text
from pipeline.review.markup import markup, number, render, visible
from pipeline.review.names import page_name, path_key
from pipeline.review.pdf_pages import Rendered

SECTION_COLORS = {"body": "#e3f4e8", "about": "#e4ecfb", "contact": "#fdf0d5", "notes": "#efe4fb", "footer": "#e8e8e8"}
EXCERPT = 100  # characters of a section shown in its row: enough to recognise it

WHERE = {"text": "in the text", "file_name": "from the file name", "pdf_metadata": "from the PDF's metadata"}


def display_title(record: dict) -> str:
    """The title, else the file name: a page always has a heading (invisible characters shown escaped)."""
    return visible(record.get("title") or (record.get("source") or {}).get("path") or "untitled document")


def render_document(record: dict, rendered: Rendered | None = None) -> str:
    """The document's page (`templates/document.html`); a PDF's pages as images when `rendered` has them."""
    rendered = rendered or Rendered({})
    drawn = draw_text(record, rendered.images)
    source = record.get("source") or {}
    published = record.get("published") or None
    entities = record.get("entities") or []
    evidence_source = ((published or {}).get("evidence") or {}).get("source")
    return render(
        "document.html",
        root="../",
        record=record,
        title=display_title(record),
        source=source,
        published=published,
        published_where=WHERE.get(evidence_source, evidence_source),
        language=record.get("language") or {},
        format_parts=format_parts(source),
        duplicates=[{"path": p, "page": page_name(path_key(p))} for p in record.get("duplicate_of") or []],
        colors=LABEL_COLORS,
        counts=Counter(e["label"] for e in entities),
        skipped=drawn.skipped,
        text=markup(drawn.html),
        images=bool(rendered.images),
        images_note=rendered.note,
        organisations=record.get("organisations") or [],
        entities=entities,
        pdf=any("page" in e for e in entities),
        provenance=record.get("provenance") or {},
        issuer=record.get("issuer") or [],
        dateline=record.get("dateline") or None,
        quotes=record.get("quotes") or [],
        contacts=record.get("contacts") or [],
        sections=section_rows(record),
        section_colors=SECTION_COLORS,
    )


# A record with one entity: drawing it loads all that drawing any page needs.
_SAMPLE = {"text": "Lyon", "entities": [{"label": "LOC", "start": 0, "end": 4, "text": "Lyon", "source": "ner"}]}


def warm() -> None:
    """Load what drawing a page needs, by drawing a sample: displaCy (it imports spaCy: ~0.8 s) and the templates.

    The run has it done while its workers load their model (`Listener.loading`): done at the first page, it kept a
    worker whose batch ended meanwhile waiting for its next one (gaps of up to 0.3-0.7 s, seen on 2 workers).
    A failure here is left for the first real page to raise.
    """
    with contextlib.suppress(Exception):
        render_document(_SAMPLE)


def section_rows(record: dict) -> list[dict]:
    """Each section with the beginning of its text, so a reviewer sees where it starts without counting offsets."""
    text = record.get("text") or ""
    rows = []
    for s in record.get("sections") or []:
        part = " ".join(text[s["start"] : s["end"]].split())
        excerpt = part if len(part) <= EXCERPT else part[:EXCERPT].rstrip() + "…"
        rows.append(s | {"excerpt": excerpt})
    return rows


def format_parts(source: dict) -> list[str]:
    """`pdf · 3 pages · 120 400 bytes · OCR on pages 2`: what the file was and how it was read."""
    parts = [str(source.get("format"))]
    if source.get("pages") is not None:
        parts.append(f"{source['pages']} pages")
    if source.get("bytes") is not None:
        parts.append(f"{number(source['bytes'])} bytes")
    if source.get("encoding"):
        parts.append(f"encoding {source['encoding']}")
    if source.get("ocr_pages"):
        parts.append("OCR on pages " + ", ".join(map(str, source["ocr_pages"])))
    if source.get("unread_pages"):
        parts.append("pages not read: " + ", ".join(map(str, source["unread_pages"])))
    return parts
