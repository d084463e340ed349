"""The rule matchers work as ordinary spaCy components, in any pipeline."""

from datetime import date

import spacy

import pipeline.match.components  # noqa: F401  (registers the factories)


def test_components_add_matches_to_a_doc():
    nlp = spacy.blank("fr")
    for name in ("amount_matcher", "date_matcher", "org_matcher"):
        nlp.add_pipe(name)
    doc = nlp.make_doc("L'Institut Mines-Télécom (IMT) investit 2,6 Md€ le 26 janvier ; l'IMT recrute.")
    doc._.reference_date = date(2026, 3, 9)
    doc = nlp(doc)
    found = {(m.label, doc.text[m.start : m.end]): m.value for m in doc._.matches}
    assert found[("MONEY", "2,6 Md€")] == {"amount": 2.6e9, "currency": "EUR"}
    assert found[("DATE", "26 janvier")]["start"] == "2026-01-26"
    assert found[("ORG", "IMT")]["canonical"] == found[("ORG", "Institut Mines-Télécom")]["canonical"]
