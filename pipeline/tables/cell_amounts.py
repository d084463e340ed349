"""The numeric cells of a table as MONEY, PERCENT and QUANTITY entities, with the unit their labels give.

A cell that is an amount by itself (`12,5 %`, `1 200 €`) is read by the amount
matcher. A bare number (`12,5`) is an amount when a label says what it counts:
its column's header (`Budget (M€)`), else its row's label (`Recettes (k€)`),
else the table's caption (`en millions d'euros`); a year, or a cell of a row or
column of counts (`Effectif`), is never read from a caption alone. Every
entity lies on the cell's own span in the text (the number, its sign; not
the markup around it) and carries `context`: the table, row and column
indices and the labels it was read with.
"""

from __future__ import annotations

import re

from pipeline.match.amounts import find_amounts
from pipeline.match.amounts.labels import Unit, counts_things, label_unit
from pipeline.match.base import Match
from pipeline.match.numbers import DIGITS, digits_value
from pipeline.tables.grid import Cell, Grid

SOURCE = "rule:table"
_MARKUP = " \t*_~`"
_BARE = re.compile(rf"(?P<open>\()?[ \t]*(?P<number>[+\-−]?[ \t]?{DIGITS})[ \t]*\)?[ \t]*(?:[*¹²³⁴⁵⁶⁷⁸⁹]|\(\d\))?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_HAS_DIGIT = re.compile(r"\d")


def _unmarked(text: str, cell: Cell) -> tuple[int, int]:
    """The cell's span without Markdown emphasis around it (`**12,5**`)."""
    start, end = cell.start, cell.end
    while start < end and text[start] in _MARKUP:
        start += 1
    while end > start and text[end - 1] in _MARKUP:
        end -= 1
    return start, end


def _label(cell: Cell) -> str | None:
    text = cell.text.strip(_MARKUP).replace("**", "")
    return text or None


def _is_label_column(grid: Grid) -> bool:
    """Whether the first column names the rows: mostly words below the header."""
    body = [row[0].text for row in grid.rows[grid.header_rows :] if row and row[0].text]
    return bool(body) and sum(not _HAS_DIGIT.search(t) or not _BARE.fullmatch(t) for t in body) * 2 > len(body)


def _bare_value(text: str, start: int, end: int, unit: Unit) -> tuple[int, int, dict] | None:
    found = _BARE.fullmatch(text, start, end)
    if found is None:
        return None
    digits = found["number"].lstrip("+-−").strip()
    value = digits_value(digits) * unit.scale
    if found["open"] or found["number"][0] in "-−":
        value = -value  # `(3,2)` is negative in accounts
    amount = float(value)
    if unit.label == "MONEY":
        payload = {"amount": amount, "currency": unit.code}
        if unit.inferred:
            payload["currency_inferred"] = True
    elif unit.label == "PERCENT":
        payload = {"value": amount}
    else:
        payload = {"amount": amount, "unit": unit.code}
    return found.start("number"), found.end("number"), payload


def table_entities(text: str, grid: Grid, index: int, caption: str | None, locale: dict | None) -> list[Match]:
    """The amounts of a table's cells, on their spans in `text`."""
    country, zone = (locale or {}).get("country"), (locale or {}).get("zone")
    header = grid.rows[: grid.header_rows]
    width = max(len(row) for row in grid.rows)
    column_labels = [
        " ".join(t for row in header if c < len(row) and (t := _label(row[c]))) or None for c in range(width)
    ]
    column_units = [label_unit(lab, country, zone) if lab else None for lab in column_labels]
    caption_unit = label_unit(caption, country, zone) if caption else None
    labelled = _is_label_column(grid)
    found = []
    for r in range(grid.header_rows, len(grid.rows)):
        row = grid.rows[r]
        row_label = _label(row[0]) if labelled and row else None
        row_unit = label_unit(row_label, country, zone) if row_label else None
        for c, cell in enumerate(row):
            if (labelled and c == 0) or cell.start is None or not _HAS_DIGIT.search(cell.text):
                continue
            start, end = _unmarked(text, cell)
            context = {"table": index, "row": r, "column": c, "row_label": row_label, "column_label": column_labels[c]}
            counts = counts_things(row_label) or counts_things(column_labels[c])
            match = _cell_match(text, start, end, column_units[c] or row_unit, None if counts else caption_unit, locale)
            if match:
                label, m_start, m_end, value = match
                found.append(Match(label, m_start, m_end, value | {"context": context}, SOURCE))
    return found


def _cell_match(text: str, start: int, end: int, unit: Unit | None, caption: Unit | None, locale: dict | None):
    """(label, start, end, value) of the amount in text[start:end], if any."""
    own = find_amounts(text[start:end], locale)
    if len(own) == 1:
        m = own[0]
        return m.label, start + m.start, start + m.end, dict(m.value)
    if unit is None:
        if caption is None or _YEAR.fullmatch(text, start, end):
            return None
        unit = caption
    bare = _bare_value(text, start, end, unit)
    if bare is None:
        return None
    m_start, m_end, value = bare
    return unit.label, m_start, m_end, value
