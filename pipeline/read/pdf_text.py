"""Lines in reading order → one text: paragraphs rebuilt, line-end hyphens resolved, a box kept for every character.

Lines of a paragraph are joined with a space, paragraphs with a blank line and
list items with a line break, so that the text reads like the `.txt` path's.
A line-end hyphen is a hyphenation point unless French says otherwise (see
`pipeline/models/pdf/hyphenation.json`); the document's own spelling decides first.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from statistics import median

from pipeline.read.pdf_layout import Line, settings
from pipeline.ruledata import load

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"([^\W_]+)[-\u00ad]$")
_FIRST_WORD = re.compile(r"^[^\W_]+")
_URL_END = re.compile(r"(?:https?:|www\.)\S*/$")


@cache
def _rules() -> dict:
    text = load("pdf/text.json")
    hyphen = load("pdf/hyphenation.json")
    return {
        "keep_first": frozenset(hyphen["keep_first"]),
        "keep_second": frozenset(hyphen["keep_second"]),
        "bullets": tuple(b + " " for b in text["bullets"]) + tuple(b + "\u00a0" for b in text["bullets"]),
        "sentence_end": tuple(text["sentence_end"]),
    }


@dataclass
class Built:
    """The document text, the page and box of each character, and where each page starts."""

    text: str = ""
    pages: array = field(default_factory=lambda: array("i"))  # 1-based page of each character, 0 when none
    boxes: array = field(default_factory=lambda: array("d"))  # x0, y0, x1, y1 per character, NaN when none
    page_spans: dict[int, list[int]] = field(default_factory=dict)


def vocabulary(lines: list[Line]) -> Counter:
    """Words as the document writes them inside its lines, to tell `euro-péen` (hyphenation) from `euro-méditerranéen`.

    Compounds count as a whole and by their parts; the pieces of a word broken
    at a line end are not words and are left out.
    """
    words: Counter = Counter()
    broken = False
    for line in lines:
        found = _WORD.findall(line.text)
        ends_broken = bool(_LAST_WORD.search(line.text))
        for i, w in enumerate(found):
            if (i == 0 and broken) or (i == len(found) - 1 and ends_broken):
                continue
            words[w.lower()] += 1
            if "-" in w:
                words.update(part.lower() for part in w.split("-"))
        broken = ends_broken
    return words


def keep_hyphen(left: str, right: str, vocab: Counter) -> bool:
    """Whether `left-` at a line end and `right` on the next line form a hyphenated compound."""
    joined, compound = (left + right).lower(), f"{left}-{right}".lower()
    if vocab[compound] != vocab[joined]:
        return vocab[compound] > vocab[joined]
    if right[0].isdigit() or left[-1].isdigit():
        return True
    if right.isupper() and left.isupper():
        # a word in capitals may be hyphenated too (EURE-COM); a compound of acronyms names known words (IMT-BS)
        return vocab[left.lower()] > 0 or vocab[right.lower()] > 0
    if right[0].isupper():
        return True  # hyphenation never makes a capital: Mines-Télécom, Paris-Saclay
    rules = _rules()
    return left.lower() in rules["keep_first"] or right.lower() in rules["keep_second"]


def _separator(prev: Line, line: Line, spacing: float, right_edge: float, item_x0: float | None) -> str:
    """How two lines in reading order are joined: ' ' within a paragraph, '\\n' before an item, '\\n\\n' otherwise.

    `spacing` is the document's usual baseline distance in line heights,
    `item_x0` where the text of the current list item starts, if any.
    """
    s, rules = settings(), _rules()
    a, b = prev.seg, line.seg
    em = a.size
    if line.text.startswith(rules["bullets"]):
        return "\n"
    if _URL_END.search(prev.text):
        return ""  # a web address broken after a slash
    ends_sentence = prev.text.rstrip().endswith(rules["sentence_end"])
    if line.page != prev.page or b.y1 > a.y1 or b.x0 > a.x1:  # next page or next column
        return "\n\n" if ends_sentence or not line.text[:1].islower() else " "
    if max(a.size, b.size) > s["heading_size_ratio"] * min(a.size, b.size):
        return "\n\n"
    if (a.base - b.base) / em > s["paragraph_gap_ratio"] * spacing:
        return "\n\n"
    if item_x0 is not None and b.x0 < item_x0 - 0.5 * em:
        return "\n\n"  # back from a list item's indent
    if ends_sentence and b.x0 > a.x0 + em and item_x0 is None:
        return "\n\n"  # an indented first line
    short = a.x1 - a.x0 < s["short_line_share"] * (right_edge - a.x0)
    if short and (ends_sentence or line.text[:1].isupper()):
        return "\n"
    return " "


def _spacing(lines: list[Line]) -> float:
    """The usual distance between baselines of consecutive lines, in line heights (leading over font size, roughly)."""
    steps = [
        (a.seg.base - b.seg.base) / a.seg.size
        for a, b in pairwise(lines)
        if a.page == b.page
        and abs(a.seg.size - b.seg.size) < 0.1 * a.seg.size
        and 0.8 * a.seg.size < a.seg.base - b.seg.base < 3 * a.seg.size
    ]
    return median(steps) if steps else math.inf


def _item_x0(line: Line) -> float | None:
    """Where the text of a list item starts (after its bullet), or None when the line starts no item."""
    if not line.text.startswith(_rules()["bullets"]):
        return None
    return line.seg.boxes[4 * 2]  # the character after the bullet and its space


def _line_end_hyphen(prev: str, nxt: str, vocab: Counter) -> str | None:
    """'drop' for a hyphenation point, 'keep' for a compound's hyphen at a line end, None when there is no hyphen."""
    tail, head = _LAST_WORD.search(prev), _FIRST_WORD.match(nxt)
    if not tail or not head:
        return None
    if prev.endswith("\u00ad"):
        return "drop"
    return "keep" if keep_hyphen(tail.group(1), head.group(), vocab) else "drop"


def build(lines: list[Line]) -> Built:
    """Join lines into the document text, resolving hyphens and soft hyphens at line ends."""
    out = Built()
    vocab = vocabulary(lines)
    spacing = _spacing(lines)
    item_x0 = _item_x0(lines[0]) if lines else None
    parts: list[str] = []
    length = 0

    def emit(text: str, page: int = 0, boxes=None) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)
        out.pages.extend([page] * len(text))
        out.boxes.extend(boxes if boxes is not None else [math.nan] * (4 * len(text)))

    for k, line in enumerate(lines):
        if k:
            prev = lines[k - 1]
            hyphen = _line_end_hyphen(parts[-1], line.text, vocab)
            if hyphen == "drop":
                parts[-1] = parts[-1][:-1]
                length -= 1
                del out.pages[-1:]
                del out.boxes[-4:]
                out.page_spans[prev.page][1] = length
            elif hyphen is None:
                right_edge = max(x.seg.x1 for x in lines[max(0, k - 3) : k + 2] if x.page == prev.page)
                sep = _separator(prev, line, spacing, right_edge, item_x0)
                if sep:
                    emit(sep)
                if sep.startswith("\n"):
                    item_x0 = _item_x0(line)
        out.page_spans.setdefault(line.page, [length, length])
        emit(line.text, line.page, line.seg.boxes)
        out.page_spans[line.page][1] = length
    out.text = "".join(parts)
    _drop_soft_hyphens(out)
    return out


def _drop_soft_hyphens(out: Built) -> None:
    """Soft hyphens inside a line are invisible break points: remove them and their boxes."""
    if "\u00ad" not in out.text:
        return
    keep = [i for i, ch in enumerate(out.text) if ch != "\u00ad"]
    shift = array("i", [0]) * (len(out.text) + 1)
    removed = 0
    for i, ch in enumerate(out.text):
        shift[i] = i - removed
        removed += ch == "\u00ad"
    shift[len(out.text)] = len(out.text) - removed
    out.pages = array("i", (out.pages[i] for i in keep))
    out.boxes = array("d", (v for i in keep for v in out.boxes[4 * i : 4 * i + 4]))
    out.page_spans = {p: [shift[a], shift[b]] for p, (a, b) in out.page_spans.items()}
    out.text = "".join(out.text[i] for i in keep)
