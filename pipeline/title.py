"""A release's title: its first line that is not boilerplate (a Markdown heading or not).

Press releases open with mastheads, 'Communiqué de presse', datelines and
logos' alt text before the title; the patterns that recognise such lines
are data in `pipeline/models/titles.json`.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.document import Document
from pipeline.ner.mask import mask
from pipeline.ruledata import load

_HEAD_LINES = 40
_MAX_TITLE = 200


@cache
def _boilerplate() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in load("titles.json")["boilerplate"]), re.IGNORECASE)


def add_title(doc: Document) -> Document:
    """Set `doc.title`; a PDF's metadata title is a fallback only."""
    doc.title = find_title(doc.text, fallback=doc.pdf.metadata.get("title") if doc.pdf is not None else None)
    return doc


def find_title(text: str, fallback: str | None = None) -> str | None:
    """The title from the text itself, else `fallback` (a PDF's metadata title) if it looks like one."""
    return _title_in_text(text) or (_clean(fallback) if fallback and _is_title_like(_clean(fallback)) else None)


def _is_title_like(line: str) -> bool:
    return bool(line) and not _boilerplate().fullmatch(line) and bool(re.search(r"[^\W\d_]{3}", line))


def _title_in_text(text: str) -> str | None:
    head = "\n".join(text.split("\n", _HEAD_LINES)[:_HEAD_LINES])
    lines = [_clean(line) for line in mask(head).split("\n")]
    for i, line in enumerate(lines):
        if not _is_title_like(line):
            continue
        # A title cut by a PDF line break: 'l’Académie franco-' / 'allemande pour …'.
        if line.endswith("-") and i + 1 < len(lines) and lines[i + 1]:
            line = line + lines[i + 1]
        # The first real line is a paragraph of prose: the release has no title line.
        return line if len(line) <= _MAX_TITLE else None
    return None


def _clean(line: str) -> str:
    return " ".join(line.split())
