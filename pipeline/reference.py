"""The release's own date, which anchors its year-less and relative dates.

Evidence is looked for in order of trust: the release's dateline
(`doc.dateline`, found by `pipeline/structure/dateline.py`); a date the text states about
itself (a dateline in a shape it does not read, `Communiqué de presse — Novembre 2025`, then site
furniture such as `Publié le …`; `match/dates/published.py`); a date at the
start of the file name (`2015-10_academie-franco-allemande.txt`), a common way
of filing releases. The first found becomes `published`, with its evidence,
and the document's `reference` for year-less and relative dates, unless the
caller gave one. Nothing else is a publication date (the corpus conventions:
"front matter and PDF metadata are not the release"): a PDF's creation date
says when the file was made or re-exported, so a release that prints no date
has `published: null`; that creation date (in `source.created`) only anchors
its relative and year-less dates, when the PDF has text.
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
    if doc.reference is None and doc.published:
        doc.reference = date.fromisoformat(doc.published["date"])
        doc.reference_grain = doc.published["grain"]
    elif doc.reference is None and doc.pdf is not None and doc.pdf.metadata.get("created") and doc.text.strip():
        # Not the release's date (the file may be made or re-exported any time), but the best anchor there is
        # for `aujourd'hui` or `le 3 mars` in a release that prints no date: it stays in `source.created`.
        doc.reference = date.fromisoformat(doc.pdf.metadata["created"])
        doc.reference_grain = "day"
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
