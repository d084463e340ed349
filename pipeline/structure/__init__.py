"""The release's structure: who issues it, from where, who says what, whom to contact (issue 19).

Two stages:
- `add_dateline` (text only) runs before `add_published`, which takes the
  dateline's date first (`dateline.py`);
- `add_structure` runs after the entities and tables: the sections (`body`,
  `about`, `contact`, `notes`, `footer`, covering the text), the contacts of
  the contact sections, the quotations of the body with their speakers (PER
  entities), and the issuer (from `organisations`).

Each field has its module; the word lists are data under `pipeline/models/structure/`.
Cost: regular expressions over the text and the entity list, no model: about
5 % of spaCy NER time on raw/ under load (`scripts/benchmark.py` prints the share).
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.structure.dateline import add_dateline
from pipeline.structure.known import known_organisation, organisation_of_email

__all__ = ["add_dateline", "add_structure"]


def add_structure(doc: Document) -> Document:
    from pipeline.structure.contacts import find_contacts
    from pipeline.structure.issuer import find_issuer
    from pipeline.structure.quotes import find_quotes
    from pipeline.structure.sections import find_sections

    if not doc.text:
        return doc
    sections = find_sections(doc.text)
    for s in sections:
        name = s.pop("about_name")
        s["organisation"] = (
            (known_organisation(name, doc.organisations, doc.text) or name) if s["kind"] == "about" and name else None
        )
    doc.sections = sections
    doc.contacts = find_contacts(doc.text, sections, doc.entities, doc.organisations, doc.locale)
    for c in doc.contacts:  # `presse@faj.ch` works for the FAJ when nothing else says whom the person works for
        c["organisation"] = c["organisation"] or organisation_of_email(c["email"], doc.organisations, doc.text)
    doc.quotes = find_quotes(doc.text, doc.entities, doc.organisations, sections)
    doc.issuer = find_issuer(doc.text, sections, doc.organisations, doc.contacts, doc.dateline)
    return doc
