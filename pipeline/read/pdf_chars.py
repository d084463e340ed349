"""Characters of a PDF page's text layer, cut into segments.

pdfium gives each character a Unicode value and a box; this module keeps the
characters in content-stream order only within a run on one baseline, and
leaves the page layout to `pdf_layout`. Word breaks drawn as gaps, without a
space glyph, become spaces (`infer_spaces`). Ligatures are split by NFKC here, so
that every later step (hyphenation, vocabulary) sees plain letters, and each
piece keeps the ligature's box.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from statistics import median

import pypdfium2.raw as pdfium_c

from pipeline.read.pdf_layout import NO_BOX, Segment, settings
from pipeline.ruledata import load

UNMAPPED = "\ufffd"


@cache
def _text_rules() -> tuple[frozenset[str], frozenset[str]]:
    rules = load("pdf/text.json")
    return frozenset(rules["nfkc_keep"]), frozenset(rules["hyphens"])


@cache
def normalise(ch: str) -> str:
    """NFKC for one character, except the spaces and signs the text path keeps as they are."""
    keep, hyphens = _text_rules()
    if ch in keep:
        return ch
    if ch in hyphens and ch != "\u00ad":
        return "-"  # pdfium marks a line-end hyphen as U+0002 (U+FFFE in its text dump)
    if ch == "\u00ad":
        return ch  # soft hyphens are resolved with line ends, see pdf_text
    if ch in "\t\r\n" or ch.isspace():
        return " "
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Co", "Cs", "Cn") or ch == UNMAPPED:
        return UNMAPPED
    if cat == "Cf":
        return ""  # zero-width joiners, marks
    return unicodedata.normalize("NFKC", ch)


@dataclass
class PageChars:
    segments: list[Segment]
    unmapped: int  # characters without a usable Unicode value
    letters: int  # characters that are letters or digits, to tell a text layer from none
    rotated: int = 0  # characters left out because they are not upright (watermarks, vertical margin text)


def _unicode(textpage, count: int) -> str:
    """The page's characters, one per index: pdfium's text dump when it aligns (it does unless the page has
    characters beyond U+FFFF, which it writes as two UTF-16 units), else one call per character."""
    text = textpage.get_text_range(0, count, errors="replace")
    if len(text) == count:
        return text
    raw = textpage.raw
    return "".join(chr(min(pdfium_c.FPDFText_GetUnicode(raw, i), 0x10FFFF)) for i in range(count))


def infer_spaces(chars: list[str], boxes: list[float], s: dict) -> tuple[str, array]:
    """A run's text with the word breaks its PDF drew as gaps rather than spaces (`soit35%` → `soit 35%`).

    Some text layers have no space glyphs at all: words are placed by positioning only. Within a run,
    the gap between two glyphs of a word is nearly constant (the font's side bearings, the character
    spacing), and a word break adds about a third of an em. A break is inferred where a gap exceeds
    the run's median gap by `inferred_space_em` of the line height. Measured on the PDFs of `raw/` and
    of the press-dev set: no break inferred in text that has its spaces (0 of 19,876 glyph pairs), 33
    in the release whose first paragraph had none. Runs of fewer than `inferred_space_min_pairs` glyph
    pairs give no reliable median and are left alone, and so are runs whose every stretch without a
    space is shorter than `inferred_space_min_word` characters (most lines: it halves the cost, about
    5 % of the reading time before). Inserted spaces have no box, like real ones.
    """
    text = "".join(chars)
    if len(chars) <= s["inferred_space_min_pairs"] or len(max(text.split(" "), key=len)) < s["inferred_space_min_word"]:
        return text, array("d", boxes)  # too short to judge, or no stretch long enough to hide a word break
    # spaces have NaN boxes, so every gap next to one is NaN and drops out (NaN != NaN)
    gaps = [after - before for before, after in zip(boxes[2:-4:4], boxes[4::4], strict=True)]
    known = [gap for gap in gaps if gap == gap]
    if len(known) < s["inferred_space_min_pairs"]:
        return text, array("d", boxes)
    heights = [top - bottom for bottom, top in zip(boxes[1::4], boxes[3::4], strict=True)]
    limit = median(known) + s["inferred_space_em"] * median(h for h in heights if h == h)
    breaks = {k for k, gap in enumerate(gaps) if gap > limit}
    if not breaks:
        return text, array("d", boxes)
    spaced, out = [], array("d")
    for k, char in enumerate(chars):
        spaced.append(char)
        out.extend(boxes[4 * k : 4 * k + 4])
        if k in breaks:
            spaced.append(" ")
            out.extend(NO_BOX)
    return "".join(spaced), out


def page_segments(textpage, limit: int, upright_only: bool = True) -> PageChars:
    """The segments of one page, with fake-bold duplicates (the same glyph drawn twice, shifted) dropped.

    Characters that are not upright are left out: on a press release they are a
    diagonal watermark or a line along the margin, and they would break every
    line they cross. A page whose text is mostly turned is read again with them.
    """
    s = settings()
    same_line, split_gap, space_gap = s["same_line_em"], s["split_gap_em"], s["space_gap_em"]
    raw = textpage.raw
    count = min(pdfium_c.FPDFText_CountChars(raw), limit)
    chars = _unicode(textpage, count)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    loose_box, map_error = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_HasUnicodeMapError
    angle_of, turn = pdfium_c.FPDFText_GetCharAngle, 2 * math.pi
    seen: set[tuple[str, int, int]] = set()
    runs: list[tuple[list[str], list[float]]] = []
    text: list[str] = []
    boxes: list[float] = []
    last_x1 = last_y0 = 0.0
    unmapped = letters = rotated = 0
    for i, ch in enumerate(chars):
        if ch in "\r\n":
            text = []  # a new run starts with the next character
            continue
        if map_error(raw, i):
            ch = UNMAPPED
        piece = normalise(ch)
        if not piece:
            continue
        if piece == " ":
            if text and text[-1] != " ":
                text.append(" ")
                boxes.extend(NO_BOX)
            continue
        loose_box(raw, i, rect_ref)
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        h = y1 - y0
        if h <= 0 or x1 < x0:
            continue  # a glyph with no extent cannot be placed (or highlighted)
        gap = x0 - last_x1
        new_run = not text or abs(y0 - last_y0) > same_line * h or gap < -0.5 * h or gap > split_gap * h
        # turned text never continues a run, so only a run's first character needs its angle (a costly call)
        if new_run and upright_only and 0.05 < angle_of(raw, i) < turn - 0.05:
            rotated += 1
            continue
        key = (piece, round(x0 + x1), round(y0 + y1))  # half-point grid on the centre
        if key in seen or (piece, key[1] - 1, key[2]) in seen or (piece, key[1] + 1, key[2]) in seen:
            continue
        seen.add(key)
        if UNMAPPED in piece:
            unmapped += 1
        elif piece.isalnum():
            letters += 1
        if new_run:
            text = []
        elif gap > space_gap * h and text[-1] != " ":
            text.append(" ")
            boxes.extend(NO_BOX)
        if not text:
            text, boxes = [], []
            runs.append((text, boxes))
        width = (x1 - x0) / len(piece)
        for k, c in enumerate(piece):
            text.append(c)
            boxes.extend((x0 + k * width, y0, x0 + (k + 1) * width, y1))
        last_x1, last_y0 = x1, y0
    if rotated > letters:
        return page_segments(textpage, limit, upright_only=False)
    segments = [Segment.of(*infer_spaces(t, b, s)).strip() for t, b in runs]
    return PageChars([seg for seg in segments if seg.text], unmapped, letters, rotated)
