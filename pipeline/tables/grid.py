"""A table as the pipeline sees it: rows of cells, each with its text and, when found, its span in the document text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBER_CELL = re.compile(r"[(+\-−]?\s*\d[\d\s.,'’\u00a0\u202f]*\s*(?:%|[kKM]?€|[kKM]?\$)?\)?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class Cell:
    text: str  # as the table prints it (pdfplumber's reading for PDFs)
    start: int | None = None  # span in the document text, None when the cell could not be located
    end: int | None = None


@dataclass
class Grid:
    source: str  # markdown | tabs | pdf
    rows: list[list[Cell]]
    header_rows: int = 1  # rows at the top that label columns
    page: int | None = None
    bbox: list[float] | None = None
    cells: list[tuple[int, int]] = field(default_factory=list)  # located spans, filled by `spans`

    def spans(self) -> list[tuple[int, int]]:
        """The located cell spans, in text order."""
        if not self.cells:
            self.cells = sorted((c.start, c.end) for row in self.rows for c in row if c.start is not None)
        return self.cells

    @property
    def start(self) -> int | None:
        spans = self.spans()
        return spans[0][0] if spans else None

    @property
    def end(self) -> int | None:
        spans = self.spans()
        return max(end for _, end in spans) if spans else None


def has_header(row: list[Cell]) -> bool:
    """A first row is a header when none of its cells is a number, but for years (`Poste | 2023 | 2024`)."""
    filled = [c.text.strip(" *_") for c in row if c.text]
    return bool(filled) and not any(_NUMBER_CELL.fullmatch(t) and not _YEAR.fullmatch(t) for t in filled)
