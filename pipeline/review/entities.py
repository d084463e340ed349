"""A document's text with its entities, drawn by spaCy's displaCy.

displaCy's entity visualiser (`style="ent", manual=True`) takes the text and
`{start, end, label}` spans, escapes the text itself and wraps each span in a
`<mark>`. Our template is displaCy's own with a few attributes added, filled
through displaCy's per-span `params` (its styles moved to review.css), so
nothing is patched into its output afterwards: each mark carries its label,
its offsets into the record's `text`
(`data-start`, `data-end`, absolute even when the text is drawn page by page),
its normalised value in a few words after its label (`values.short_value`: seen without
hovering), and, on hover (`title`), the whole value, the rule and the PDF page.

displaCy needs spans that do not overlap; the pipeline resolves overlaps, so
any left over are not drawn (and counted) rather than garbling the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from pipeline.review.markup import esc, markup, render, value_text, visible
from pipeline.review.values import short_value

# One colour per label; displaCy's defaults where it has the label, distinct ones for the rest
# (its MONEY, PERCENT and QUANTITY share one grey).
LABEL_COLORS = {
    "MONEY": "#bfeeb7",
    "PERCENT": "#ff8197",
    "QUANTITY": "#e4e7d2",
    "DATE": "#bfe1d9",
    "ORG": "#7aecec",
    "PER": "#aa9cfc",
    "LOC": "#ff9561",
    "MISC": "#ffeb80",
}
LABELS = tuple(LABEL_COLORS)

# displaCy's TPL_ENT (spacy/displacy/templates.py) on one line, plus our attributes. `{text}` is
# escaped by displaCy; every other field is escaped by `_span` below.
# Its other inline styles (padding, radius, label size) are in review.css, once rather than on each of
# a long document's thousand entities.
TEMPLATE = (
    '<mark class="entity" id="e{start}" data-label="{label}" data-start="{start}" data-end="{end}"'
    ' data-source="{source}"{page_attr} title="{tip}" style="background: {bg}">{text}'
    '<span class="entity-label">{label}{kb_link}</span>{value_html}</mark>'
)
VALUE = '<span class="entity-value">{}</span>'


@dataclass
class Drawn:
    """The text as HTML, and how many entities could not be drawn (overlapping an earlier one)."""

    html: str
    skipped: int


def tooltip(entity: dict) -> str:
    """What a reviewer sees on hover: label and value, the rule, and the PDF page when known."""
    lines = [f"{entity['label']}: {value_text(entity.get('value'))}", f"rule: {entity.get('source', '?')}"]
    if entity.get("page") is not None:
        lines.append(f"page {entity['page']}")
    return "\n".join(lines)


def draw_text(record: dict, images: dict | None = None) -> Drawn:
    """The record's text with its entities; a PDF's text in one section per page, beside the page's
    image with the entities' boxes when `images` (page number -> `pdf_pages.PageImage`) has it."""
    text = record.get("text") or ""
    entities, skipped = _without_overlaps(record.get("entities") or [], len(text))
    pages = record.get("pages")
    if not pages:
        return Drawn(render("text_run.html", start=0, html=markup(_render(text, 0, len(text), entities))), skipped)
    drawn = []
    starts = [e["start"] for e in entities]
    for page, start, end in _page_ranges(pages, entities, len(text)):
        inside = entities[bisect_left(starts, start) : bisect_left(starts, end)]
        body = markup(_render(text, start, end, inside)) if text[start:end].strip() else None
        drawn.append(
            {"page": page, "start": start, "html": body, "image": (images or {}).get(page), "colors": LABEL_COLORS}
        )
    return Drawn(render("text_pages.html", pages=drawn).strip("\n"), skipped)


def _render(text: str, start: int, end: int, entities: list[dict]) -> str:
    """What `displacy.render(…, style="ent", manual=True, jupyter=False)` returns, from one renderer.

    `displacy.render` builds a new `EntityRenderer` per call, which reads spaCy's colour registry (entry
    points of every installed package): 0.5 ms a page, half a second of the run's time per 1,000 pages.
    """
    spans = sorted((_span(e, start) for e in entities), key=lambda x: (x["start"], x["end"]))  # as displaCy does
    return _renderer().render([{"text": text[start:end], "ents": spans}], page=False, minify=False).strip()


@cache
def _renderer():
    """displaCy's entity renderer with our colours and template (it keeps no state between calls)."""
    from spacy.displacy.render import EntityRenderer  # imports spaCy (0.7 s): only when a page is drawn

    return EntityRenderer(options={"colors": LABEL_COLORS, "template": TEMPLATE})


def _span(entity: dict, offset: int) -> dict:
    label = esc(entity["label"])
    params = {
        "label": label,
        "start": entity["start"],
        "end": entity["end"],
        "source": esc(entity.get("source")),
        "page_attr": f' data-page="{esc(entity["page"])}"' if entity.get("page") is not None else "",
        "tip": esc(tooltip(entity)),
        "value_html": VALUE.format(esc(visible(shown))) if (shown := _shown_value(entity)) else "",
    }
    return {"start": entity["start"] - offset, "end": entity["end"] - offset, "label": label, "params": params}


def _shown_value(entity: dict) -> str:
    """The value next to the entity, unless it only repeats the entity's text (`Inria ORG Inria`)."""
    shown = short_value(entity["label"], entity.get("value"))
    return "" if shown.casefold() == str(entity.get("text", "")).casefold() else shown


def _without_overlaps(entities: list[dict], length: int) -> tuple[list[dict], int]:
    kept, last_end = [], 0
    for e in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if e["start"] < last_end or not 0 <= e["start"] < e["end"] <= length:
            continue
        kept.append(e)
        last_end = e["end"]
    return kept, len(entities) - len(kept)


def _page_ranges(pages: list[dict], entities: list[dict], length: int) -> list[tuple[int, int, int]]:
    """(page, start, end) covering the whole text: each page runs to the next one's start (moved past an
    entity it would cut). A page without text (an unread scan) gets the blank between its neighbours."""
    starts = [e["start"] for e in entities]  # sorted, and the spans do not overlap
    cuts, last = [], 0
    for p in pages[1:]:
        cut = max(p["start"], last)
        i = bisect_right(starts, cut) - 1  # the last entity starting at or before the cut
        if i >= 0 and entities[i]["start"] < cut < entities[i]["end"]:
            cut = entities[i]["end"]
        cuts.append(cut)
        last = cut
    bounds = [0, *cuts, max(length, last)]
    return [(p["page"], a, b) for p, a, b in zip(pages, bounds, bounds[1:], strict=False)]
