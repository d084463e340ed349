"""Stage: the document's monetary locale, the country whose currencies `dollars`, `francs` or `FCFA` mean.

Decided once per document, before the entities, from evidence in its text
(`pipeline.match.amounts.locale`): `doc.locale` is `{"country", "zone",
"evidence"}`, recorded as is, so that a reader can see why a sum is in CAD
rather than USD. A document without evidence has `country: null` and its
ambiguous currency words take their defaults.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.match.amounts.locale import detect_locale


def add_locale(doc: Document) -> Document:
    doc.locale = detect_locale(doc.text)
    return doc
