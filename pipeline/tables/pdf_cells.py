"""PDF tables (pdfplumber's cells, as boxes) as grids of spans in the document text (PDFium's characters, as boxes).

A cell's span is the run of text characters whose box centres fall inside the
cell's box, on its page. The span is kept only when it holds nothing else but
blanks (the reader may have put a cell's lines elsewhere, e.g. beside another
column); otherwise the cell stays in the table without a span, and no entity
is read from it.
"""

from __future__ import annotations

import math

from pipeline.read.pdf import PdfText
from pipeline.read.pdf_tables import PdfTable
from pipeline.tables.grid import Cell, Grid, has_header

_TOLERANCE = 1.0  # points a character's centre may stick out of its cell


def _inside(box: list[float], x: float, y: float) -> bool:
    return box[0] - _TOLERANCE <= x <= box[2] + _TOLERANCE and box[1] - _TOLERANCE <= y <= box[3] + _TOLERANCE


def _page_chars(pdf: PdfText, table: PdfTable) -> list[tuple[int, float, float]]:
    """(offset, x, y) of the characters of the table's page whose centre lies in the table's box."""
    span = next((p for p in pdf.pages if p["page"] == table.page), None)
    if span is None:
        return []
    out = []
    boxes, pages = pdf.char_boxes, pdf.char_pages
    for i in range(span["start"], span["end"]):
        x0 = boxes[4 * i]
        if pages[i] != table.page or math.isnan(x0):
            continue
        x, y = (x0 + boxes[4 * i + 2]) / 2, (boxes[4 * i + 1] + boxes[4 * i + 3]) / 2
        if _inside(table.bbox, x, y):
            out.append((i, x, y))
    return out


def _span(text: str, chars: list[tuple[int, float, float]], box: list[float] | None) -> tuple[int, int] | None:
    if box is None:
        return None
    mine = [i for i, x, y in chars if _inside(box, x, y)]
    if not mine:
        return None
    start, end = min(mine), max(mine) + 1
    inside = set(mine)
    if any(i not in inside and not text[i].isspace() for i in range(start, end)):
        return None
    return start, end


def pdf_grids(pdf: PdfText) -> list[Grid]:
    """The reader's PDF tables, each cell located in the text where it can be."""
    grids = []
    for table in pdf.tables:
        chars = _page_chars(pdf, table)
        rows = []
        for texts, boxes in zip(table.rows, table.cells, strict=True):
            row = []
            for text, box in zip(texts, boxes, strict=True):
                span = _span(pdf.text, chars, box) if text else None
                row.append(Cell(text, *span) if span else Cell(text))
            rows.append(row)
        header = 1 if has_header(rows[0]) else 0
        grids.append(Grid("pdf", rows, header_rows=header, page=table.page, bbox=table.bbox))
    return grids
