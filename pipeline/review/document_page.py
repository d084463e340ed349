"""One page per document: what a reviewer checks before trusting a record.

The text with its entities (displaCy), the facts the record states about the
document and where each came from (publication date and its evidence,
language, format, duplicates), its warnings, the organisations with their
aliases, its tables when the record has any, and every entity in a table
that links back to the text. The page depends on the record only, so an
unchanged record gives a byte-identical page; `processed_at` is shown, and
it changes only when the document is reprocessed.
"""

from __future__ import annotations

from collections import Counter

from pipeline.review.entities import LABEL_COLORS, draw_text
from pipeline.review.markup import esc, fill, number, value_text, visible
from pipeline.review.names import page_name, path_key


def display_title(record: dict) -> str:
    """The title, else the file name: a page always has a heading (invisible characters shown escaped)."""
    return visible(record.get("title") or (record.get("source") or {}).get("path") or "untitled document")


def render_document(record: dict) -> str:
    drawn = draw_text(record)
    counts = Counter(e["label"] for e in record.get("entities") or [])
    skipped = (
        f'<p class="notice">{drawn.skipped} entities overlap an earlier one and are not drawn in the text; '
        "they are listed below.</p>"
        if drawn.skipped
        else ""
    )
    return fill(
        "document.html",
        title=esc(display_title(record)),
        path=esc(visible((record.get("source") or {}).get("path", ""))),
        facts=facts(record),
        warnings=warnings(record.get("warnings") or []),
        legend=legend(counts),
        skipped=skipped,
        lang=esc((record.get("language") or {}).get("code", "")),
        text=drawn.html,
        organisations=organisations(record.get("organisations") or []),
        tables=tables(record["tables"]) if "tables" in record else "",
        entities=entity_table(record),
        provenance=provenance(record.get("provenance") or {}),
    )


def facts(record: dict) -> str:
    source = record.get("source") or {}
    rows = [("Status", f'<span class="status status-{esc(record.get("status"))}">{esc(record.get("status"))}</span>')]
    rows.append(("Published", published(record.get("published"))))
    language = record.get("language") or {}
    if language:
        rows.append(
            (
                "Language",
                f"{esc(language.get('code'))} (confidence {esc(language.get('confidence'))}, "
                f"{esc(language.get('method'))})",
            )
        )
    if source:
        rows.append(("Format", fmt(source)))
    if record.get("duplicate_of"):
        links = ", ".join(
            f'<a href="{esc(page_name(path_key(p)))}">{esc(visible(p))}</a>' for p in record["duplicate_of"]
        )
        rows.append(("Nearly identical to", links))
    if source.get("removed_lines"):
        removed = source["removed_lines"]
        lines = "".join(f"<li>page {esc(r.get('page'))}: {esc(r.get('text'))}</li>" for r in removed)
        rows.append(("Running lines removed", f"<details><summary>{len(removed)}</summary><ul>{lines}</ul></details>"))
    rows.append(("doc_id", f"<code>{esc(record.get('doc_id'))}</code>"))
    return "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)


def published(value: dict | None) -> str:
    if not value:
        return '<span class="missing">unknown</span>'
    evidence = value.get("evidence") or {}
    where = {"text": "in the text", "file_name": "from the file name", "pdf_metadata": "from the PDF's metadata"}
    how = f"“{esc(evidence.get('text'))}” {where.get(evidence.get('source'), esc(evidence.get('source')))}"
    if evidence.get("rule"):
        how += f", {esc(evidence['rule'])}"
    return f"<time>{esc(value.get('date'))}</time> ({esc(value.get('grain'))}; {how})"


def fmt(source: dict) -> str:
    parts = [esc(source.get("format"))]
    if source.get("pages") is not None:
        parts.append(f"{esc(source['pages'])} pages")
    if source.get("bytes") is not None:
        parts.append(f"{number(source['bytes'])} bytes")
    if source.get("encoding"):
        parts.append(f"encoding {esc(source['encoding'])}")
    if source.get("ocr_pages"):
        parts.append("OCR on pages " + esc(", ".join(map(str, source["ocr_pages"]))))
    if source.get("unread_pages"):
        parts.append("pages not read: " + esc(", ".join(map(str, source["unread_pages"]))))
    return " · ".join(parts)


def warnings(items: list[str]) -> str:
    if not items:
        return ""
    return '<ul class="warnings">' + "".join(f"<li>{esc(visible(w))}</li>" for w in items) + "</ul>"


def legend(counts: Counter) -> str:
    """One button per label: its colour and count; pressing it hides or shows that label in the text."""
    return "".join(
        f'<button type="button" class="label-toggle" data-label="{label}" aria-pressed="true" '
        f'style="background: {color}">{label} <span class="count">{counts.get(label, 0)}</span></button>'
        for label, color in LABEL_COLORS.items()
    )


def organisations(orgs: list[dict]) -> str:
    if not orgs:
        return '<p class="missing">No organisations.</p>'
    rows = "".join(
        f"<tr><td>{esc(visible(o.get('canonical')))}</td>"
        f"<td>{'<br>'.join(esc(visible(a)) for a in o.get('aliases') or [])}</td>"
        f'<td class="num" data-sort="{esc(o.get("mentions"))}">{esc(o.get("mentions"))}</td></tr>'
        for o in orgs
    )
    return (
        '<table class="sortable"><thead><tr><th>Organisation</th><th>Aliases</th>'
        '<th data-type="number">Mentions</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def tables(items: list[dict]) -> str:
    """The record's `tables` (rows of cell text), as found; absent from records that predate them."""
    body = "".join(_table(i, t) for i, t in enumerate(items, 1)) or '<p class="missing">No tables.</p>'
    return f'<section id="tables"><h2>Tables</h2>{body}</section>'


def _table(i: int, table: dict) -> str:
    caption = f"Table {i}" + (f" · page {esc(table['page'])}" if table.get("page") is not None else "")
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row or []) + "</tr>" for row in table.get("rows") or []
    )
    return f'<figure class="data-table"><figcaption>{caption}</figcaption><table><tbody>{rows}</tbody></table></figure>'


def entity_table(record: dict) -> str:
    entities = record.get("entities") or []
    if not entities:
        return '<p class="missing">No entities.</p>'
    pdf = any("page" in e for e in entities)
    head = '<th data-type="number">Start</th><th>Label</th><th>Text</th><th>Value</th><th>Rule</th>'
    head += '<th data-type="number">Page</th>' if pdf else ""
    rows = []
    for e in entities:
        label = esc(e.get("label"))
        color = LABEL_COLORS.get(e.get("label"), "#ddd")
        cells = [
            f'<td class="num" data-sort="{esc(e.get("start"))}">{esc(e.get("start"))}–{esc(e.get("end"))}</td>',
            f'<td><span class="chip" style="background: {color}">{label}</span></td>',
            f'<td><a href="#e{esc(e.get("start"))}">{esc(visible(e.get("text")))}</a></td>',
            f"<td>{esc(value_text(e.get('value')) if e.get('value') else '')}</td>",
            f"<td><code>{esc(e.get('source'))}</code></td>",
        ]
        if pdf:
            cells.append(f'<td class="num" data-sort="{esc(e.get("page") or 0)}">{esc(e.get("page") or "")}</td>')
        rows.append(f'<tr data-label="{label}">{"".join(cells)}</tr>')
    return f'<table class="sortable entity-list"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def provenance(p: dict) -> str:
    model = p.get("model") or {}
    return (
        f"pipeline {esc(p.get('pipeline_version'))} · configuration {esc(p.get('config_hash'))} · "
        f"model {esc(model.get('name'))} {esc(model.get('version'))} · processed {esc(p.get('processed_at'))}"
    )
