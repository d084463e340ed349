"""Paragraph blocks: the unit the language is told in and the model reads.

Paragraphs are the natural unit: an entity never spans a blank line, a
paragraph is in one language (`pipeline.language`), and blocks keep spaCy's
memory bounded on very long documents (`pipeline.ner`). This module is what
both stages share, so neither imports the other for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.settings import MAX_BLOCK_CHARS

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def blocks(text: str, limit: int = MAX_BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of the non-blank paragraphs of `text`, long ones cut at line or sentence ends.

    Paragraphs are the natural unit: an entity never spans a blank line, and
    blocks keep spaCy's memory bounded on very long documents.
    """
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        yield from _cut(text, start, end, limit)
        if brk:
            start = brk.end()


def _cut_point(window: str) -> int:
    """Where to end a block: at a line end, else a sentence end, else a space, in its second half."""
    for mark in ("\n", ". ", " "):
        at = window.rfind(mark)
        if at > len(window) // 2:
            return at + len(mark)
    return len(window)


def _cut(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        cut = _cut_point(text[start : start + limit]) + start
        if text[start:cut].strip():
            yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end
