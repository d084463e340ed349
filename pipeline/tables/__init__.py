"""Stage: the tables of a document, and the amounts in their cells.

`add_tables(doc)` runs after the entities. It finds the tables of the text
(Markdown `|` rows and tab-separated rows, `text_tables.py`) or of the PDF
(pdfplumber's cells, found by the reader on the pages that show signs of a
table, located in the text by `pdf_cells.py`), records them in
`doc.tables` (source, page, box, span, caption, rows of cell texts) so that
users can rebuild them, and turns their numeric cells into MONEY, PERCENT
and QUANTITY entities with the unit their labels give (`cell_amounts.py`).
A cell's entity replaces whatever the matchers found there; an entity that
runs across cells of a text table (`12 | M€` once the `|` is masked) is
dropped, since no single cell holds it.

Modules: `grid.py` (a table as rows of cells, each with its text and span),
`text_tables.py` (Markdown and tab-separated tables of a text), `pdf_cells.py`
(a PDF table's cell boxes located in the text), `cell_amounts.py` (the
numeric cells as entities).
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.language import foreign_blocks, has_french
from pipeline.match.base import Match
from pipeline.tables.cell_amounts import table_entities
from pipeline.tables.grid import Grid
from pipeline.tables.text_tables import find_text_tables

_MAX_CAPTION = 200


def _caption(text: str, grid: Grid) -> str | None:
    """The line just before a table (one blank line may separate them), when short enough to be its title."""
    start = grid.start
    if start is None:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    before = text[:line_start].rstrip().rsplit("\n", 1)[-1].strip(" *_#>\t")
    if grid.source != "pdf" and "\n\n\n" in text[max(0, line_start - 3) : line_start]:
        return None
    return before if before and len(before) <= _MAX_CAPTION else None


def _record(grid: Grid, caption: str | None) -> dict:
    return {
        "source": grid.source,
        "page": grid.page,
        "bbox": grid.bbox,
        "start": grid.start,
        "end": grid.end,
        "caption": caption,
        "rows": [[cell.text for cell in row] for row in grid.rows],
    }


def _crosses_cells(m: Match, grids: list[Grid]) -> bool:
    """An entity inside a text table's area that no single cell holds."""
    for grid in grids:
        if grid.source == "pdf" or grid.start is None or m.end <= grid.start or m.start >= grid.end:
            continue
        return not any(start <= m.start and m.end <= end for start, end in grid.spans())
    return False


def add_tables(doc: Document) -> Document:
    grids = pdf_grids(doc) if doc.pdf is not None else find_text_tables(doc.text)
    if not grids:
        return doc
    captions = [_caption(doc.text, grid) for grid in grids]
    doc.tables = [_record(grid, caption) for grid, caption in zip(grids, captions, strict=True)]
    if not has_french(doc):
        return doc
    foreign = foreign_blocks(doc)  # paragraphs the French rules do not read: their cells are no entities either
    cells = [
        m
        for i, (grid, caption) in enumerate(zip(grids, captions, strict=True))
        for m in table_entities(doc.text, grid, i, caption, doc.locale)
        if not any(s <= m.start < e for s, e in foreign)
    ]
    kept = [
        m
        for m in doc.entities
        if not any(m.start < c.end and c.start < m.end for c in cells) and not _crosses_cells(m, grids)
    ]
    doc.entities = sorted(kept + cells, key=lambda m: (m.start, -m.end))
    return doc


def pdf_grids(doc: Document) -> list[Grid]:
    from pipeline.tables.pdf_cells import pdf_grids as grids

    return grids(doc.pdf)
