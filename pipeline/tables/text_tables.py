"""Tables written in text: Markdown pipe tables and tab-separated rows, with every cell's span in the text.

Markdown tables are recognised by their delimiter row (`|---|:---:|`), so
that prose with a stray `|` is never a table; the row above it is the header.
Tab-separated tables (what a word processor's table becomes when pasted as
text) need at least two rows of two or more cells; rows of dashes between
them are layout, not data, and the first row is a header when it holds no
number other than a year.
"""

from __future__ import annotations

import re

from pipeline.tables.grid import Cell, Grid, has_header

_LINE = re.compile(r"[^\n]*")
_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")
_DASHES = re.compile(r"[-\s]*-[-\s]*")
_MIN_TAB_ROWS = 2


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, without its line break."""
    out, pos = [], 0
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        out.append((pos, end))
        pos = end + 1
    return out


def _cell(text: str, start: int, end: int) -> Cell:
    """The cell text[start:end] without surrounding blanks."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    stripped = piece.strip()
    if not stripped:
        return Cell("")
    return Cell(stripped, start + lead, start + lead + len(stripped))


def _pipe_cells(text: str, start: int, end: int) -> list[Cell]:
    """Cells of one `| a | b |` row (escaped `\\|` stays in its cell)."""
    bounds = [start - 1] + [start + m.start() for m in re.finditer(r"(?<!\\)\|", text[start:end])] + [end]
    cells = [_cell(text, a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    line = text[start:end].strip()
    if line.startswith("|"):
        cells = cells[1:]
    if line.endswith("|") and len(line) > 1:
        cells = cells[:-1]
    return cells


def _markdown(text: str, lines: list[tuple[int, int]]) -> list[Grid]:
    grids, i = [], 0
    while i + 1 < len(lines):
        head, delimiter = lines[i], lines[i + 1]
        if (
            "|" in text[head[0] : head[1]]
            and "-" in text[delimiter[0] : delimiter[1]]
            and _DELIMITER.fullmatch(text, delimiter[0], delimiter[1])
        ):
            rows = [_pipe_cells(text, *head)]
            j = i + 2
            while j < len(lines) and "|" in text[lines[j][0] : lines[j][1]]:
                rows.append(_pipe_cells(text, *lines[j]))
                j += 1
            grids.append(Grid("markdown", rows, header_rows=1))
            i = j
        else:
            i += 1
    return grids


def _tabs(text: str, lines: list[tuple[int, int]]) -> list[Grid]:
    grids, block = [], []
    for start, end in [*lines, (len(text) + 1, len(text) + 1)]:
        line = text[start:end] if start <= len(text) else ""
        if "\t" in line and not line.lstrip().startswith("|"):
            if not _DASHES.fullmatch(line):
                block.append([_cell(text, a, b) for a, b in _tab_bounds(text, start, end)])
            continue
        if len(block) >= _MIN_TAB_ROWS and sum(len(r) >= 2 for r in block) >= _MIN_TAB_ROWS:
            grids.append(Grid("tabs", block, header_rows=1 if has_header(block[0]) else 0))
        block = []
    return grids


def _tab_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds = [start - 1] + [start + m.start() for m in re.finditer("\t", text[start:end])] + [end]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def find_text_tables(text: str) -> list[Grid]:
    """The Markdown and tab-separated tables of a text, in reading order."""
    if "|" not in text and "\t" not in text:
        return []
    lines = _lines(text)
    grids = _markdown(text, lines) if "|" in text else []
    grids += _tabs(text, lines) if "\t" in text else []
    return sorted(grids, key=lambda g: g.start if g.start is not None else 0)
