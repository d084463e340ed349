"""Geometry of a PDF page: lines, columns, reading order, running headers and footers.

A PDF's content stream may draw text in any order, so the reader never trusts
it beyond one run of characters: runs become segments (text on one baseline
without a wide gap), segments are ordered by a recursive XY-cut (columns before
rows, except for tables), and segments sharing a baseline are joined into lines.
Coordinates are PDF points with y growing upwards, as pdfium reports them.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from statistics import median

from pipeline.ruledata import load

NO_BOX = (math.nan, math.nan, math.nan, math.nan)


@cache
def settings() -> dict:
    return load("pdf/layout.json")


@dataclass(slots=True)
class Segment:
    """Characters on one baseline with no wide gap, and a box per character (NaN when it has none, as for spaces)."""

    text: str = ""
    boxes: array = field(default_factory=lambda: array("d"))
    x0: float = math.inf
    y0: float = math.inf
    x1: float = -math.inf
    y1: float = -math.inf
    _metrics: tuple[float, float] | None = None

    def add(self, ch: str, box: tuple[float, float, float, float] = NO_BOX) -> None:
        self.text += ch
        self.boxes.extend(box)
        self._metrics = None
        if not math.isnan(box[0]):
            self.x0, self.y0 = min(self.x0, box[0]), min(self.y0, box[1])
            self.x1, self.y1 = max(self.x1, box[2]), max(self.y1, box[3])

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1e-3)

    def metrics(self) -> tuple[float, float]:
        """(size, base): the median height and bottom of the characters, which a bullet or a capital does not sway."""
        if self._metrics is None:
            b = self.boxes
            boxed = [i for i in range(0, len(b), 4) if not math.isnan(b[i])]
            if not boxed:
                return (self.height, self.y0)
            self._metrics = (median(b[i + 3] - b[i + 1] for i in boxed), median(b[i + 1] for i in boxed))
        return self._metrics

    @property
    def size(self) -> float:
        return self.metrics()[0]

    @property
    def base(self) -> float:
        return self.metrics()[1]

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2

    @classmethod
    def of(cls, text: str, boxes: array) -> Segment:
        """A segment from its characters and their flat boxes, in one go (the per-character `add` is slow)."""
        seg = cls(text, boxes)
        xs0, ys0, xs1, ys1 = (boxes[k::4] for k in range(4))
        xs0 = [v for v in xs0 if v == v]  # NaN is not equal to itself: characters without a box
        if xs0:
            seg.x0, seg.x1 = min(xs0), max(v for v in xs1 if v == v)
            seg.y0, seg.y1 = min(v for v in ys0 if v == v), max(v for v in ys1 if v == v)
        return seg

    def strip(self) -> Segment:
        """The same segment without leading or trailing spaces."""
        text = self.text.rstrip()
        lead = len(text) - len(text.lstrip())
        if lead == 0 and len(text) == len(self.text):
            return self
        return Segment.of(text[lead:], self.boxes[4 * lead : 4 * len(text)])


@dataclass(slots=True)
class Line:
    """One visual line of a page: its segments joined left to right."""

    seg: Segment
    page: int

    @property
    def text(self) -> str:
        return self.seg.text


def join_line(segments: list[Segment], page: int) -> Line:
    """Segments on one baseline, left to right, with a space where they do not touch."""
    if len(segments) == 1:
        return Line(segments[0], page)
    segments = sorted(segments, key=lambda s: s.x0)
    text, boxes = segments[0].text, array("d", segments[0].boxes)
    gap = settings()["space_gap_em"]
    for prev, s in pairwise(segments):
        apart = s.x0 - prev.x1 > gap * min(prev.height, s.height)
        if apart and not text.endswith(" ") and not s.text.startswith(" "):
            text += " "
            boxes.extend(NO_BOX)
        text += s.text
        boxes.extend(s.boxes)
    return Line(Segment.of(text, boxes), page)


def group_lines(segments: list[Segment], page: int) -> list[Line]:
    """Segments whose vertical middles fall within one another's extent form a line (superscripts included)."""
    rows: list[list[Segment]] = []
    for s in sorted(segments, key=lambda s: (-s.y1, s.x0)):
        row = rows[-1] if rows else None
        if row and any(r.y0 <= s.mid <= r.y1 or s.y0 <= r.mid <= s.y1 for r in row):
            row.append(s)
        else:
            rows.append([s])
    return [join_line(row, page) for row in rows]


def _gaps(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The free stretches between overlapping intervals, as (start, end)."""
    out = []
    intervals = sorted(intervals)
    reach = intervals[0][1]
    for a, b in intervals[1:]:
        if a > reach:
            out.append((reach, a))
        reach = max(reach, b)
    return out


def _is_table(left: list[Segment], right: list[Segment], em: float) -> bool:
    """Short cells whose baselines line up on both sides of a gutter are table rows, to be read across."""
    s = settings()
    if max(median(len(x.text.strip()) for x in side) for side in (left, right)) > s["table_max_chars"]:
        return False
    bottoms = sorted(x.y0 for x in right)
    aligned = sum(any(abs(b - x.y0) < 0.3 * em for b in bottoms) for x in left)
    return aligned >= s["table_aligned_share"] * len(left) and len(left) > 1


def reading_order(segments: list[Segment], page: int) -> list[Line]:
    """Lines of a page in reading order: a recursive XY-cut, preferring a column gutter to a row gap.

    Cutting at the widest row gap first would interleave two columns whose
    baselines line up; cutting at a gutter first reads each column whole.
    """
    s = settings()
    out: list[Line] = []
    stack = [segments]
    while stack:
        part = stack.pop()
        if not part:
            continue
        em = median(x.height for x in part)
        vgaps = [g for g in _gaps([(x.x0, x.x1) for x in part]) if g[1] - g[0] >= s["gutter_em"] * em]
        if vgaps:
            a, b = max(vgaps, key=lambda g: g[1] - g[0])
            cut = (a + b) / 2
            left = [x for x in part if x.x1 <= cut]
            right = [x for x in part if x.x0 >= cut]
            if not _is_table(left, right, em):
                stack += [right, left]
                continue
        hgaps = _gaps([(x.y0, x.y1) for x in part])
        if len(part) > 1 and hgaps:
            a, b = max(hgaps, key=lambda g: g[1] - g[0])
            cut = (a + b) / 2
            # y grows upwards: the upper part is read first, so it goes on the stack last
            stack += [[x for x in part if x.y1 <= cut], [x for x in part if x.y0 >= cut]]
            continue
        out += group_lines(part, page)
    return out


def _normalise_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


@cache
def _page_number_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in load("pdf/text.json")["page_number_patterns"])


def is_page_number(text: str, page: int) -> bool:
    """`3`, `- 3 -`, `Page 3 sur 5`, `3/5` on page 3 (a lone `2024` at a page foot is text, not a page number)."""
    text = " ".join(text.split())
    for pattern in _page_number_patterns():
        m = pattern.match(text)
        if m:
            return int(re.search(r"\d+", text).group()) == page
    return False


def _margin_lines(segments: list[Segment], height: float) -> list[list[Segment]]:
    """Segments sharing a baseline on the first or last few lines of a page, when these lie in its top or bottom margin.

    Whole lines are compared across pages, not segments: a justified line cut into
    pieces at wide spaces must not lose a short word that happens to repeat.
    """
    s = settings()
    rows: list[list[Segment]] = []
    for x in sorted(segments, key=lambda x: -x.y0):
        if rows and abs(rows[-1][0].y0 - x.y0) < 0.3 * x.height:
            rows[-1].append(x)
        else:
            rows.append([x])
    n, zone = s["margin_lines"], s["margin_zone"] * height
    top = [r for r in rows[:n] if min(x.y0 for x in r) >= height - zone]
    bottom = [r for r in rows[-n:] if max(x.y1 for x in r) <= zone and r not in top]
    return top + bottom


def running_lines(pages: list[tuple[int, list[Segment], float]]) -> list[list[list[Segment]]]:
    """For each page, its lines that are running headers, footers or page numbers.

    A running line repeats at the same height on several pages (digits aside,
    so `Page 2 / 5` matches `Page 3 / 5`); a lone page number is recognised by
    its form and value. Both must sit in a page margin, on one of the outermost lines.
    """
    s = settings()
    seen: dict[str, list[tuple[int, float]]] = defaultdict(list)
    candidates = []
    for p, (number, segments, height) in enumerate(pages):
        for row in _margin_lines(segments, height):
            text = " ".join(x.text.strip() for x in sorted(row, key=lambda x: x.x0))
            key = _normalise_key(text)
            seen[key].append((p, row[0].y0))
            candidates.append((p, number, key, row))
    out: list[list[list[Segment]]] = [[] for _ in pages]
    for p, number, key, row in candidates:
        tol = s["running_y_tolerance_em"] * row[0].height
        repeated = len({q for q, y0 in seen[key] if abs(y0 - row[0].y0) <= tol}) >= s["running_min_pages"]
        if repeated or any(is_page_number(x.text, number) for x in row):
            out[p].append(row)
    return out
