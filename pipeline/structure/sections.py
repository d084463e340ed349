"""The parts of a release: `body`, `about`, `contact`, `notes`, `footer`, covering the whole text.

A release is a body followed, in some order, by boilerplate: `À propos de X`
paragraphs (one section each, with X's organisation), press contacts, notes
to editors, site furniture (legal lines, social links). Consumers leave the
boilerplate out of counts, so every entity gets the section it sits in.

How: the text is cut into blocks (paragraphs, and lines that are headings);
a block whose first words are a heading of `pipeline/models/structure/sections.json`
opens a section of that kind, which runs until the next heading. A contact
section also ends at a block of prose (a long paragraph), as contact blocks
are short lines; a body heading (`## Le programme`) ends any section. A closing
block with an e-mail or a phone number after the body, with no heading, is a
contact block too (a signature). Adjacent sections of one kind merge, except
`about` sections (one per organisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.ruledata import load

_MARKUP = re.compile(r"[^\S\n]*(?:(?:[#>*_|-]+|<[a-zA-Z/][^<>\n]{0,60}>)[^\S\n]*)*")  # Markdown, HTML tags
_BLOCK = re.compile(r"[^\n]+(?:\n(?![^\S\n]*\n)[^\n]*)*")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class EMAIL:  # noqa: N801  (used like a compiled pattern)
    """E-mail addresses; the search only runs on text that has an `@` (a long line without one was quadratic)."""

    @staticmethod
    def search(text: str):
        return _EMAIL.search(text) if "@" in text else None


PHONE_HINT = re.compile(r"(?:\+|00)\d[\d\s.()/-]{7,}\d|(?<!\d)0\d(?:[\s.-]?\d\d){4}(?!\d)|\(\d{3}\)\s?\d{3}-\d{4}")


@dataclass
class Block:
    start: int
    end: int
    kind: str | None  # the heading kind it opens, if any
    heading_end: int  # where the heading words end (the block's start when it opens nothing)


@cache
def _headings() -> list[tuple[str, re.Pattern]]:
    cfg = load("structure/sections.json")
    out = []
    for kind in ("about", "notes", "contact", "footer"):
        words = "|".join(sorted(cfg[kind], key=len, reverse=True))
        # About headings carry their own look-ahead in the data (`à propos de` + a name); the others are
        # followed by a colon, markup, a dash or the end of their line (`Contact presse :`, `**Contacts**`).
        tail = r"(?=[^\S\n]*(?:[:,*_|—–-]|$))" if kind in ("notes", "contact") else ""
        out.append((kind, re.compile(rf"(?i:{words}){tail}", re.MULTILINE)))
    return out


@cache
def _contact_words() -> re.Pattern:
    # Not the start of an address: `presse@brume.ch` alone on a line opens no block of its own.
    return re.compile(r"(?i:" + "|".join(load("structure/sections.json")["contact"]) + r")(?![\w@.+-])")


@cache
def _end_mark() -> re.Pattern:
    marks = "|".join(load("structure/sections.json")["end_marks"])
    return re.compile(rf"[^\S\n]*(?i:{marks})[^\S\n]*$")


def blocks(text: str) -> list[Block]:
    """Paragraphs, with each line that opens a section (a heading inside a paragraph) a block of its own."""
    out: list[Block] = []
    for para in _BLOCK.finditer(text):
        start = para.start()
        for line in re.finditer(r"[^\n]+", text[para.start() : para.end()]):
            a = para.start() + line.start()
            kind, head = _heading(text, a, para.start() + line.end())
            if kind and a > start:
                out.append(_block(text, start, a))
                start = a
        out.append(_block(text, start, para.end()))
    return out


def _block(text: str, start: int, end: int) -> Block:
    line_end = text.find("\n", start, end)
    kind, head = _heading(text, start, end if line_end < 0 else line_end)
    return Block(start, end, kind, head)


def _heading(text: str, start: int, line_end: int) -> tuple[str | None, int]:
    if _end_mark().match(text[start:line_end]):
        return "end", line_end
    if re.match(r"[^\S\n]*(?:[-•▪◦]|\*(?!\*))[^\S\n]", text[start:line_end]):
        return None, start  # a list item (`- À propos de X` in a page's menu) is not a heading
    at = _MARKUP.match(text, start).end()
    line = text[at:line_end]
    for kind, pattern in _headings():
        m = pattern.match(text, at, line_end)
        if not m and kind == "contact" and (EMAIL.search(line) or PHONE_HINT.search(line)):
            m = _contact_words().match(text, at)
        if not m:
            continue
        if kind == "contact" and len(line) > 100 and not EMAIL.search(line) and not PHONE_HINT.search(line):
            continue  # `Contact : la nature …` opening a paragraph of prose
        if kind == "footer" and len(line) > 160:
            continue
        return kind, m.end()
    return None, start


def find_sections(text: str) -> list[dict]:
    """`[{kind, start, end, about_name}]` covering `text` from 0 to its end, in order.

    `about_name` is the name printed after `À propos de` (the caller maps it to an organisation).
    """
    if not text:
        return []
    parts: list[list] = []  # [kind, start, end, about name, opens a section]
    kind = "body"
    body_seen = False
    for b in blocks(text):
        content = text[b.start : b.end]
        if b.kind == "end":
            parts.append(["body", b.start, b.end, None, False])  # the mark closes the body
            kind = "after"  # after an end mark, unlabelled blocks are boilerplate: contacts or notes
            continue
        if b.kind:
            kind = b.kind
            name = _about_name(text, b) if b.kind == "about" else None
            parts.append([b.kind, _MARKUP.match(text, b.start).end(), b.end, name, True])
            continue
        if kind == "contact" and _prose(content):
            kind = "body"
        if kind in ("about", "notes", "footer") and _body_heading(text, b):
            kind = "body"
        if kind == "after":
            current = "contact" if _has_contact(content) and not _prose(content) else "notes"
        elif kind == "body" and body_seen and _has_contact(content) and not _prose(content) and _late(text, b):
            current = "contact"
        else:
            current = kind
        body_seen = body_seen or current == "body"
        parts.append([current, b.start, b.end, None, False])
    return _cover(text, parts)


def _cover(text: str, parts: list[list]) -> list[dict]:
    """Merge neighbours of one kind (an `about` or contact heading opens its own), stretch each to the next."""
    merged: list[list] = []
    for p in parts:
        opens = p[0] in ("about", "contact") and p[4]  # each heading opens its own block of people
        if merged and merged[-1][0] == p[0] and not opens:
            merged[-1][2] = p[2]
            continue
        merged.append(list(p))
    out: list[dict] = []
    for i, (kind, start, _end, name, _opens) in enumerate(merged):
        start = 0 if i == 0 else start
        end = merged[i + 1][1] if i + 1 < len(merged) else len(text)
        out.append({"kind": kind, "start": start, "end": end, "about_name": name})
    return out


def _about_name(text: str, b: Block) -> str | None:
    line_end = text.find("\n", b.heading_end, b.end)
    name = text[b.heading_end : b.end if line_end < 0 else line_end]
    name = re.split(r"[:*_\n]|\s[–—-]\s|\.(?:\s|$)", name)[0].strip(" ,.")
    return name or None


def _prose(content: str) -> bool:
    """A paragraph of sentences rather than short contact lines."""
    lines = [ln for ln in content.split("\n") if ln.strip()]
    longest = max((len(ln) for ln in lines), default=0)
    return longest > 200 and not EMAIL.search(content) and not PHONE_HINT.search(content)


def _has_contact(content: str) -> bool:
    return bool(EMAIL.search(content) or PHONE_HINT.search(content))


def _late(text: str, b: Block) -> bool:
    return b.start > len(text) * 0.6


def _body_heading(text: str, b: Block) -> bool:
    """A Markdown heading (`## Le programme`) that opens none of the boilerplate kinds."""
    return bool(re.match(r"[^\S\n]*#{1,6}[^\S\n]", text[b.start : b.end]))


def section_at(sections: list[dict], offset: int) -> str | None:
    """The kind of the section holding `offset`."""
    import bisect

    starts = [s["start"] for s in sections]
    i = bisect.bisect_right(starts, offset) - 1
    return sections[i]["kind"] if i >= 0 else None
