"""Tables of a PDF: found with pdfplumber's table finder, on the pages that show signs of one.

pdfplumber reads cells well but slowly (about 13 pages/s here against 1,000
for PDFium's text), so the reader asks it only about pages where a cheap test
on what PDFium already gave sees a table. Only pages with at least
`numeric_min_rows` short numbers standing alone as segments (as table cells
do) are looked at; then

- ruling lines: at least `ruled_min_lines` thin horizontal path objects of
  one length crossed by as many thin vertical ones of one height (a grid; a
  framed box has only two of each, a drawing's strokes do not line up), read
  with `lines` strategies;
- aligned numeric columns: at least `numeric_min_columns` columns of
  `numeric_min_rows` short numeric segments sharing a right edge, read with
  `text` strategies on the band of the page they span.

Measured on the table-less PDFs of `raw/`: the test costs well under 1 % of
their processing (see `make bench`). Boxes are returned in PDF points with y
upwards, like the reader's character boxes.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pypdfium2.raw as pdfium_c

from pipeline.read.pdf_layout import Segment
from pipeline.ruledata import load

_NUMERIC = re.compile(r"[(+\-−]?\s*\d[\d\s.,'’\u00a0\u202f]*\s*(?:%|[kKM]?€|[kKM]?\$|[kKM]?CHF)?\)?")


@cache
def _settings() -> dict:
    return load("pdf/tables.json")


@dataclass
class PageSigns:
    """Why a page may hold a table, and where (for aligned numbers: the band of the page they span)."""

    strategy: str  # "lines" | "text"
    band: tuple[float, float] | None = None  # (bottom, top) in PDF points, y upwards
    width: tuple[float, float] | None = None  # (left, right) of the page's text


@dataclass
class PdfTable:
    page: int
    bbox: list[float]  # x0, y0, x1, y1, y upwards
    rows: list[list[str]]
    cells: list[list[list[float] | None]] = field(default_factory=list)  # a box per cell, None when merged


def _ruled(page) -> bool:
    """A grid of thin path objects: horizontal rules sharing their ends, crossed by vertical rules sharing theirs.

    Top-level objects only (forms are rarely tables). Lines must line up: a page of drawings or of text
    drawn as outlines has many thin paths, but not `ruled_min_lines` rules of one length crossed by as many.
    """
    s = _settings()
    raw = page.raw
    count = min(pdfium_c.FPDFPage_CountObjects(raw), s["max_objects"])
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    thin, length, tol = s["line_max_width"], s["line_min_length"], s["align_tolerance"]
    rows: dict[tuple[int, int], list[float]] = defaultdict(list)  # (left, right) of horizontal rules → their y
    columns: dict[tuple[int, int], list[float]] = defaultdict(list)  # (bottom, top) of vertical rules → their x
    get_object, get_type, get_bounds = (
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
    )
    path = pdfium_c.FPDF_PAGEOBJ_PATH
    objects = (get_object(raw, i) for i in range(count))
    for obj in objects:
        if get_type(obj) != path or not get_bounds(obj, *refs):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if y1 - y0 <= thin and x1 - x0 >= length:
            rows[round(x0 / tol), round(x1 / tol)].append(y0)
        elif x1 - x0 <= thin and y1 - y0 >= length / 2:
            columns[round(y0 / tol), round(y1 / tol)].append(x0)
    least = s["ruled_min_lines"]
    for (x0, x1), ys in rows.items():
        if len(ys) < least:
            continue
        for (y0, y1), xs in columns.items():
            crossing = sum(x0 * tol - tol <= x <= x1 * tol + tol for x in xs)
            spanned = sum(y0 * tol - tol <= y <= y1 * tol + tol for y in ys)
            if crossing >= least and spanned >= 2:
                return True
    return False


def _numeric_cells(segments: list[Segment]) -> list[Segment]:
    """Segments that are short numbers on their own, as table cells are (in prose, numbers sit inside lines)."""
    limit = _settings()["numeric_max_chars"]
    return [seg for seg in segments if len(seg.text) <= limit and _NUMERIC.fullmatch(seg.text.strip())]


def _numeric_band(numbers: list[Segment], segments: list[Segment]) -> tuple[float, float] | None:
    """The vertical band spanned by columns of short numbers sharing a right edge, if there are enough of them.

    The band reaches up to the header: the nearest line above, within `header_lines` line heights, that is
    cut into several segments like a table row (a line of prose is one segment, and must stay out).
    """
    s = _settings()
    columns: dict[int, list[Segment]] = defaultdict(list)
    for seg in numbers:
        columns[round(seg.x1 / s["align_tolerance"])].append(seg)
    aligned = [col for col in columns.values() if len({round(x.y0) for x in col}) >= s["numeric_min_rows"]]
    if len(aligned) < s["numeric_min_columns"]:
        return None
    members = [x for col in aligned for x in col]
    bottom, top = min(x.y0 for x in members), max(x.y1 for x in members)
    reach = top + s["header_lines"] * max(x.height for x in members)
    above: dict[int, list[Segment]] = defaultdict(list)
    for seg in segments:
        if top < seg.y0 <= reach:
            above[round(seg.y0)].append(seg)
    rows = [row for _, row in sorted(above.items()) if len(row) >= 2]
    return bottom, max(x.y1 for x in rows[0]) if rows else top


def page_signs(page, segments: list[Segment]) -> PageSigns | None:
    """Whether a page shows signs of a table, and which strategy should read it; None for most pages.

    Pages with fewer than `numeric_min_rows` numbers standing alone (nearly all pages of prose) are not
    looked at any further: that keeps the object scan of `_ruled` (a few microseconds per object) off them.
    """
    numbers = _numeric_cells(segments)
    if len(numbers) < _settings()["numeric_min_rows"]:
        return None
    if _ruled(page):
        return PageSigns("lines")
    band = _numeric_band(numbers, segments)
    if band is None:
        return None
    xs = [x for seg in segments for x in (seg.x0, seg.x1)]
    return PageSigns("text", band, (min(xs), max(xs)))


def find_tables(data: bytes, pages: dict[int, PageSigns]) -> list[PdfTable]:
    """pdfplumber's tables on the given 1-based pages; those with fewer than 2 rows or columns are left out."""
    import pdfplumber

    s = _settings()
    found: list[PdfTable] = []
    with pdfplumber.open(io.BytesIO(data), pages=sorted(pages)) as pdf:
        for page in pdf.pages:
            signs = pages[page.page_number]
            height = float(page.height)
            area = page
            if signs.band:
                bottom, top = signs.band
                margin = s["band_margin"]
                crop = (
                    max(0.0, signs.width[0] - margin),
                    max(0.0, height - top - margin),
                    min(float(page.width), signs.width[1] + margin),
                    min(height, height - bottom + margin),
                )
                area = page.crop(crop)
            settings = s["strategies"][signs.strategy]
            for table in area.find_tables(settings):
                kept = _kept_rows(table, height, need_digits=signs.strategy == "text")
                if kept:
                    rows, cells = kept
                    x0, top, x1, bottom = table.bbox
                    bbox = [round(v, 2) for v in (x0, height - bottom, x1, height - top)]
                    found.append(PdfTable(page.page_number, bbox, rows, cells))
    return found


def _kept_rows(table, height: float, need_digits: bool) -> tuple[list[list[str]], list[list]] | None:
    """Rows with some text (pdfplumber's text strategy yields empty ones), if they make a real table.

    A table read from aligned text must hold digits below its first row: that is what made the page a
    candidate, and text strategies also see tables in ordinary columns of words.
    """
    rows, cells = [], []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        texts = [" ".join((t or "").split()) for t in texts]
        if not any(texts):
            continue
        rows.append(texts)
        cells.append(
            [
                None
                if c is None
                else [round(c[0], 2), round(height - c[3], 2), round(c[2], 2), round(height - c[1], 2)]
                for c in row.cells
            ]
        )
    width = max((sum(1 for t in r if t) for r in rows), default=0)
    has_digits = any(any(ch.isdigit() for t in r for ch in t) for r in rows[1:])
    return (rows, cells) if len(rows) >= 2 and width >= 2 and (has_digits or not need_digits) else None
