"""The release's own date, which anchors its year-less and relative dates.

Evidence is looked for in order of trust: the release's dateline
(`doc.dateline`, found by `pipeline/structure/dateline.py`); a date the text states about
itself (a dateline in a shape it does not read, `Communiqué de presse — Novembre 2025`, then site
furniture such as `Publié le …`; `match/dates/published.py`); a date at the
start of the file name (`2015-10_academie-franco-allemande.txt`), a common way
of filing releases; last, the PDF's creation date, which says when the file
was made rather than when the release was published (and only for a PDF that
has text: a document with no text has no publication date).
The first found becomes `published`, with its evidence, and the document's
`reference` for year-less and relative dates, unless the caller gave one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath

from pipeline.document import Document
from pipeline.match.base import Match

_FINE = {"day", "week"}
_FILE_NAME_DATE = re.compile(r"^((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")


def add_published(doc: Document) -> Document:
    from pipeline.match.dates.published import find_published

    found = find_published(doc.text) if doc.text else None
    if doc.dateline and doc.dateline.get("date"):
        # The dateline (`pipeline/structure/dateline.py`) is the release's own statement of its date.
        d = doc.dateline
        value = {"start": d["date"], "grain": d["grain"]}
        found = Match("DATE", d["start"], d["end"], value, "rule:published:dateline")
    if found and found.value and found.value.get("start"):
        doc.published = {
            "date": found.value["start"],
            "grain": found.value.get("grain", "day"),
            "evidence": {
                "source": "text",
                "rule": found.source,
                "text": doc.text[found.start : found.end],
                "start": found.start,
                "end": found.end,
            },
        }
    elif m := _FILE_NAME_DATE.match(PurePosixPath(doc.rel_path).name):
        year, month, day = m.group(1), m.group(2), m.group(3)
        doc.published = {
            "date": f"{year}-{month}-{day or '01'}",
            "grain": "day" if day else "month",
            "evidence": {"source": "file_name", "text": m.group()},
        }
    elif doc.pdf is not None and doc.pdf.metadata.get("created") and doc.text.strip():
        # A PDF without text says nothing about a release: its metadata date is not published.
        created = doc.pdf.metadata["created"]
        doc.published = {"date": created, "grain": "day", "evidence": {"source": "pdf_metadata", "text": created}}
    if doc.reference is None and doc.published:
        doc.reference = date.fromisoformat(doc.published["date"])
        doc.reference_grain = doc.published["grain"]
    return doc


def flag_coarse_reference(entities: list[Match], grain: str) -> list[Match]:
    """Mark dates computed from a month-grain reference (`aujourd'hui` in a
    release dated only `Novembre 2025`) as approximate: they are only right to the month."""
    if grain == "day":
        return entities
    return [
        replace(m, value=m.value | {"approximate": True})
        if m.label == "DATE" and m.source == "rule:date:relative" and m.value and m.value.get("grain") in _FINE
        else m
        for m in entities
    ]
