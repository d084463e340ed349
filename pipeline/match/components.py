"""The rule matchers as spaCy pipeline components.

Each component runs one matcher over `doc.text` and appends its `Match`es
to `doc._.matches`; the date matcher reads `doc._.reference_date` to
anchor year-less and relative dates, the amount matcher `doc._.locale` to
know what `dollars` or `francs` mean in this document. Registering them as factories lets
`nlp.add_pipe("amount_matcher")` work in any spaCy pipeline.

The pipeline runs the amount component on each paragraph; `org_matcher`
and `date_matcher` are meant for whole documents (an acronym defined once,
a year given once, hold document-wide), so `pipeline.ner` applies the
organisation and date rules to the whole text once instead of per
paragraph (the dates with the tense of their clauses).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.match.amounts import find_amounts
from pipeline.match.dates import find_dates
from pipeline.match.orgs import find_organisations

if not Doc.has_extension("matches"):
    Doc.set_extension("matches", default=None)
if not Doc.has_extension("reference_date"):
    Doc.set_extension("reference_date", default=None)
if not Doc.has_extension("locale"):
    Doc.set_extension("locale", default=None)

PARAGRAPH_COMPONENTS = ["amount_matcher"]


def _add(doc: Doc, matches) -> Doc:
    doc._.matches = [*(doc._.matches or []), *matches]
    return doc


@Language.component("amount_matcher")
def amount_matcher(doc: Doc) -> Doc:
    return _add(doc, find_amounts(doc.text, doc._.locale))


@Language.component("date_matcher")
def date_matcher(doc: Doc) -> Doc:
    return _add(doc, find_dates(doc.text, doc._.reference_date))


@Language.component("org_matcher")
def org_matcher(doc: Doc) -> Doc:
    return _add(doc, find_organisations(doc.text))
