"""The site's front page: every document and every failed input, in one table each.

The run streams records; the index keeps only `summarize(record)` of each
(a few short strings and counts), never the text or the entities. Sorting and
filtering happen in the browser (`static/review.js`) on `data-*` attributes
written here; the filters can also be set from the address (`#q=inria&status=partial`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pipeline.review.document_page import display_title
from pipeline.review.entities import LABEL_COLORS, LABELS
from pipeline.review.markup import esc, fill


def summarize(record: dict, page: str) -> dict:
    """What the index shows of a document, linking to its page (`documents/<page>`)."""
    source = record.get("source") or {}
    published = record.get("published") or {}
    counts = Counter(e["label"] for e in record.get("entities") or [])
    return {
        "page": page,
        "path": source.get("path", ""),
        "format": source.get("format", ""),
        "title": display_title(record),
        "has_title": bool(record.get("title")),
        "published": published.get("date", ""),
        "grain": published.get("grain", ""),
        "language": (record.get("language") or {}).get("code", ""),
        "status": record.get("status", ""),
        "warnings": list(record.get("warnings") or []),
        "counts": {label: counts.get(label, 0) for label in LABELS},
        "organisations": len(record.get("organisations") or []),
    }


def render_index(summaries: list[dict], errors: Iterable[dict]) -> str:
    errors = list(errors)
    return fill(
        "index.html",
        overview=esc(_overview(summaries, errors)),
        status_options=_options(s["status"] for s in summaries),
        language_options=_options(s["language"] for s in summaries),
        format_options=_options(s["format"] for s in summaries),
        label_headers="".join(
            f'<th data-key="{label}" data-type="number" class="num">'
            f'<span class="chip" style="background: {color}">{label}</span></th>'
            for label, color in LABEL_COLORS.items()
        ),
        document_rows="".join(_document_row(s) for s in summaries)
        or f'<tr class="empty"><td colspan="{6 + len(LABELS)}">No documents.</td></tr>',
        error_rows="".join(_error_row(e) for e in errors) or '<tr class="empty"><td colspan="4">None.</td></tr>',
        documents=str(len(summaries)),
        failed=str(len(errors)),
    )


def _overview(summaries: list[dict], errors: list[dict]) -> str:
    entities = sum(sum(s["counts"].values()) for s in summaries)
    partial = sum(1 for s in summaries if s["status"] == "partial")
    return (
        f"{plural(len(summaries), 'document')} ({partial} partial), "
        f"{plural(len(errors), 'failed input')}, {plural(entities, 'entity', 'entities')}."
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in sorted(set(values)) if v)


def _document_row(s: dict) -> str:
    warnings = s["warnings"]
    if warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
        warning_cell = f"<details><summary>{len(warnings)}</summary><ul>{items}</ul></details>"
    else:
        warning_cell = ""
    title_class = "" if s["has_title"] else ' class="untitled"'
    path = f'<div class="path">{esc(s["path"])}</div>' if s["has_title"] else ""  # else the title is the path
    cells = [
        f'<td data-sort="{esc(s["title"].casefold())}"><a{title_class} href="documents/{esc(s["page"])}">'
        f"{esc(s['title'])}</a>{path}</td>",
        f'<td data-sort="{esc(s["published"])}"><time>{esc(s["published"])}</time>'
        f"{' <small>' + esc(s['grain']) + '</small>' if s['grain'] and s['grain'] != 'day' else ''}</td>",
        f"<td>{esc(s['language'])}</td>",
        f'<td><span class="status status-{esc(s["status"])}">{esc(s["status"])}</span></td>',
        f'<td class="num" data-sort="{len(warnings)}">{warning_cell}</td>',
        f'<td class="num" data-sort="{s["organisations"]}">{s["organisations"]}</td>',
        *(f'<td class="num{" zero" if n == 0 else ""}">{n}</td>' for n in s["counts"].values()),
    ]
    attrs = (
        f'data-path="{esc(s["path"])}" data-status="{esc(s["status"])}" data-language="{esc(s["language"])}" '
        f'data-format="{esc(s["format"])}" data-warnings="{len(warnings)}"'
    )
    return f"<tr {attrs}>{''.join(cells)}</tr>"


def _error_row(e: dict) -> str:
    return (
        f'<tr data-path="{esc(e.get("path"))}"><td><span class="path">{esc(e.get("path"))}</span></td>'
        f"<td>{esc(e.get('stage'))}</td><td><code>{esc(e.get('error_type'))}</code></td>"
        f"<td>{esc(e.get('message'))}</td></tr>"
    )
