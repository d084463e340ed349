"""The one policy that settles overlapping spans.

1. A rule span beats any NER span it overlaps. Rules recognise a form
   (`2,6 Md€`, `du 6 au 11 février 2025`, a gazetteer name) exactly; the
   statistical model guesses, and its guesses around figures and dates are
   the ones most often wrong.
2. Between rule spans, the longer wins (`1,5 milliard d'euros` over
   `1,5`); on equal length the earlier one, then the label earlier in
   `LABEL_PRIORITY`.
3. NER spans never overlap each other (spaCy guarantees it).

One exception to 1: a product named after its maker. When the model reads
`Google Drive` or `Airbus A350` as one MISC name, the gazetteer's `Google`
or `Airbus` at its start is the maker's name inside the product's, not the
organisation acting; the product's span is kept. Measured on WikiNEuRal
French sentences (`scripts/ner_floor.py`): both `Google Drive` mentions of
the sample were lost to `Google` ORG before.
"""

from __future__ import annotations

import bisect
import re

from pipeline.match.base import Match

LABEL_PRIORITY = ["MONEY", "QUANTITY", "PERCENT", "DATE", "ORG", "PER", "LOC", "MISC"]


def resolve_overlaps(rules: list[Match], ner: list[Match], text: str | None = None) -> list[Match]:
    """Non-overlapping entities, sorted by position (`text`, when given, lets products keep their names)."""
    if text is not None:
        rules = _without_makers_of_products(text, rules, ner)
    kept: list[Match] = []
    taken = _Occupancy()
    ranked = sorted(rules, key=lambda m: (-(m.end - m.start), m.start, _priority(m.label)))
    for group in (ranked, sorted(ner, key=lambda m: m.start)):
        for m in group:
            if m.end > m.start and taken.free(m.start, m.end):
                taken.add(m.start, m.end)
                kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.label))


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)


class _Occupancy:
    """Disjoint character ranges already claimed, kept sorted so a check looks at two neighbours."""

    def __init__(self):
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (start, end))
        before = self.spans[i - 1] if i else None
        after = self.spans[i] if i < len(self.spans) else None
        return (before is None or before[1] <= start) and (after is None or after[0] >= end)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


# After a maker's name, what makes a product's: capitalised words or model numbers on the same line.
_PRODUCT_TAIL = re.compile(r"(?:[ \u00a0]+(?:[A-ZÀ-Þ0-9][\w\-]*))+")


def _without_makers_of_products(text: str, rules: list[Match], ner: list[Match]) -> list[Match]:
    """The rule spans, less organisations that open a longer MISC name of the model (`Google` in `Google
    Drive`)."""
    products = {(m.start, m.end) for m in ner if m.label == "MISC"}
    starts = {s: e for s, e in products}
    out = []
    for m in rules:
        end = starts.get(m.start)
        if m.label == "ORG" and end is not None and end > m.end and _PRODUCT_TAIL.fullmatch(text, m.end, end):
            continue
        out.append(m)
    return out
