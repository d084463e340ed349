"""The site's front page: every document and every failed input, in one table each.

The run streams records, and so does the index: each document's row is
drawn when its record passes (`Index.add`) and goes to an unnamed temporary
file, with only counts and the values of the filters kept in memory, so the
index costs the same memory for 10 documents as for 100,000 (kept in memory,
the rows of 10,000 generated releases and the page built from them added
about 40 MB to the run's peak). `Index.chunks` then gives the page in pieces
for `write.atomic_write_lines`. Sorting and filtering happen in the browser
(`static/review.js`) on `data-*` attributes written here; the filters can
also be set from the address (`#q=inria&status=partial`).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pipeline.review.document_page import display_title
from pipeline.review.entities import LABEL_COLORS, LABELS
from pipeline.review.markup import environment, markup, render


def summarize(record: dict, page: str) -> dict:
    """What the index shows of a document, linking to its page (`documents/<page>`)."""
    source = record.get("source") or {}
    published = record.get("published") or {}
    counts = Counter(e["label"] for e in record.get("entities") or [])
    orgs = [o for o in record.get("organisations") or [] if isinstance(o, dict)]
    return {
        "page": page,
        "path": source.get("path", ""),  # as recorded, for data-path; shown through `visible`
        "format": source.get("format", ""),
        "title": display_title(record),
        "sort_title": display_title(record).casefold(),
        "has_title": bool(record.get("title")),
        "published": published.get("date", ""),
        "grain": published.get("grain", ""),
        "language": (record.get("language") or {}).get("code", ""),
        "status": record.get("status", ""),
        "warnings": list(record.get("warnings") or []),
        "counts": {label: counts.get(label, 0) for label in LABELS},
        "organisations": len(record.get("organisations") or []),
        "orgs": "\n".join(sorted({str(o["canonical"]) for o in orgs if o.get("canonical")})),
        "search": search_text(record),
    }


def search_text(record: dict) -> str:
    """What the index's filter box also finds a document by: the text of each of its entities and its
    organisations' names and aliases, once each, lowercased (the title, path and warnings are in the row)."""
    words = {str(e.get("text") or "") for e in record.get("entities") or []}
    for o in record.get("organisations") or []:
        if isinstance(o, dict):
            words.add(str(o.get("canonical") or ""))
            words.update(str(a) for a in o.get("aliases") or [])
    return "\n".join(sorted(w.casefold() for w in words if w.strip()))


class Index:
    """The index, fed one document (`add`) or failed input (`add_error`) at a time, then drawn (`chunks`)."""

    def __init__(self, folder: Path):
        # Open as long as the index is fed (`close`); unnamed, so a killed run leaves nothing behind.
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)  # noqa: SIM115
        self.error_rows = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)  # noqa: SIM115
        self.documents = self.partial = self.failed = self.entities = 0
        self.values: dict[str, set[str]] = {"status": set(), "language": set(), "format": set()}

    def add(self, summary: dict) -> None:
        """A document, as `summarize` gives it."""
        self.rows.write(_document_row(summary) + "\n")
        self.documents += 1
        self.partial += summary["status"] == "partial"
        self.entities += sum(summary["counts"].values())
        for key, values in self.values.items():
            values.add(summary[key])

    def add_error(self, error: dict) -> None:
        self.error_rows.write(_error_row(error) + "\n")
        self.failed += 1

    def chunks(self, organisations: Iterable[str] = ()) -> Iterator[str]:
        """The page, in pieces: the template around the two tables, their rows as they were written;
        `organisations`: the names the organisation filter offers."""
        page = render(
            "index.html",
            root="",
            organisations=organisations,
            overview=self._overview(),
            status_options=_options(self.values["status"]),
            language_options=_options(self.values["language"]),
            format_options=_options(self.values["format"]),
            colors=LABEL_COLORS,
            document_rows=markup(_ROWS),
            error_rows=markup(_ROWS),
            documents=self.documents,
            failed=self.failed,
        )
        head, middle, tail = page.split(_ROWS)
        yield head
        yield from _replayed(self.rows, f'<tr class="empty"><td colspan="{6 + len(LABELS)}">No documents.</td></tr>')
        yield middle
        yield from _replayed(self.error_rows, '<tr class="empty"><td colspan="4">None.</td></tr>')
        yield tail

    def close(self) -> None:
        self.rows.close()
        self.error_rows.close()

    def _overview(self) -> str:
        return (
            f"{plural(self.documents, 'document')} ({self.partial} partial), "
            f"{plural(self.failed, 'failed input')}, {plural(self.entities, 'entity', 'entities')}."
        )


_ROWS = "\0rows\0"  # where a table's rows go in the filled template (no value of the template holds a NUL)


def _replayed(rows: IO[str], empty: str) -> Iterator[str]:
    """What was written to `rows`, in pieces of 64 KB; `empty` when nothing was."""
    if not rows.tell():
        yield empty
        return
    rows.seek(0)
    yield from iter(lambda: rows.read(1 << 16), "")


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _options(values: Iterable[str]) -> list[str]:
    return [v for v in sorted(set(values)) if v]


def _document_row(s: dict) -> str:
    return environment().get_template("index_row.html").render(s=s).rstrip("\n")


def _error_row(e: dict) -> str:
    return environment().get_template("error_row.html").render(e=e).rstrip("\n")
