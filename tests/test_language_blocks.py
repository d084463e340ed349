"""Language paragraph by paragraph: bilingual releases, and what reaches the French model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.language import add_language, block_languages, language_shares

FRENCH_1 = (
    "Le Bureau québécois des données ouvertes annonce la nomination de Marie Tremblay au poste de directrice "
    "générale. Elle rejoindra l'équipe à Québec au début du mois de mars."
)
ENGLISH_1 = (
    "The Quebec Open Data Office announced today the appointment of Marie Tremblay as its executive director. "
    "She will join the team in Quebec City early in March."
)
FRENCH_2 = (
    "Le budget du bureau atteindra quatre millions de dollars l'an prochain, selon le communiqué publié par "
    "la direction des communications."
)
ENGLISH_2 = "The office's budget will reach four million dollars next year, according to the communications team."


def bilingual() -> str:
    return f"{FRENCH_1}\n\n{ENGLISH_1}\n\nFaits en bref\n\n{FRENCH_2}\n\nQuick facts\n\n{ENGLISH_2}\n"


def codes(text: str) -> list[tuple[str, str]]:
    return [(text[s:e][:12], code) for s, e, code in block_languages(text)]


def test_each_paragraph_gets_its_language_and_short_headings_follow_the_next_paragraph():
    assert codes(bilingual()) == [
        (FRENCH_1[:12], "fr"),
        (ENGLISH_1[:12], "en"),
        ("Faits en bre", "fr"),
        (FRENCH_2[:12], "fr"),
        ("Quick facts", "en"),
        (ENGLISH_2[:12], "en"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FRENCH_1 + "\n\n" + FRENCH_2, ["fr", "fr"]),  # French only: nothing is foreign
        ("Contacts\n\n" + FRENCH_1, ["fr", "fr"]),  # a short heading before French
        (FRENCH_1 + "\n\nMerci", ["fr", "fr"]),  # a short closing line after French
        ("Inria\n\nCNRS", ["fr", "fr"]),  # nothing long enough to decide: the document's default
    ],
)
def test_french_documents_stay_french(text, expected):
    assert [code for _, _, code in block_languages(text)] == expected


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        ("Namur, le 3 juin 2026 – Le conseil adopte son budget.", "fr"),  # French, before English: stays French
        ("Les comptes seront publiés en juin.", "fr"),
        ("Key figures for the year", "en"),  # an English heading introduces the English paragraph
        ("Contacts", "en"),  # too few letters to guess: it follows the next paragraph
        ("Pressemitteilung vom dritten Juni", "en"),  # a guess that is no neighbour's language: the next one
    ],
)
def test_a_short_block_keeps_its_own_language_when_a_neighbour_has_it(short, expected):
    text = f"{FRENCH_1}\n\n{short}\n\n{ENGLISH_1}\n"
    assert [code for _, _, code in block_languages(text)] == ["fr", expected, "en"]


def test_shares_count_letters_and_add_up():
    text = bilingual()
    shares = language_shares(text, block_languages(text))
    assert [s["code"] for s in shares] == ["fr", "en"]
    assert abs(sum(s["share"] for s in shares) - 1) < 0.002
    assert language_shares("", []) == []


def test_the_record_says_what_was_not_analysed():
    doc = add_language(Document(path=Path("x"), rel_path="x", text=bilingual()))
    assert {s["code"] for s in doc.languages} == {"fr", "en"}
    assert len(doc.warnings) == 1 and "not French (en)" in doc.warnings[0]
    french_only = add_language(Document(path=Path("y"), rel_path="y", text=FRENCH_1 + "\n\n" + FRENCH_2))
    assert french_only.languages == [{"code": "fr", "share": 1.0}] and french_only.warnings == []


@pytest.mark.slow
def test_english_paragraphs_never_reach_the_french_model(monkeypatch):
    """The French pipeline records every text it is given: all reach it through `make_doc`."""
    from pipeline.ner import add_entities
    from pipeline.ner.nlp import load_nlp

    nlp = load_nlp()
    seen: list[str] = []
    real_make_doc = nlp.make_doc

    def make_doc(text):
        seen.append(text)
        return real_make_doc(text)

    monkeypatch.setattr(nlp, "make_doc", make_doc)
    doc = add_entities(add_language(Document(path=Path("x"), rel_path="x", text=bilingual())))
    fed = "\n".join(seen)
    assert FRENCH_1 in fed and FRENCH_2 in fed
    for english in (ENGLISH_1, ENGLISH_2, "Quick facts"):
        assert english not in fed
        assert not any(w in fed for w in ("announced", "Quebec City", "budget will"))
    # Nor do the organisation rules: nothing is found in the English paragraphs.
    english_start = doc.text.index(ENGLISH_1)
    assert all(not (english_start <= m.start < english_start + len(ENGLISH_1)) for m in doc.entities)


def test_a_document_without_french_is_not_analysed():
    doc = add_language(Document(path=Path("x"), rel_path="x", text=ENGLISH_1 + "\n\n" + ENGLISH_2))
    assert doc.languages == [{"code": "en", "share": 1.0}]
    assert "French NER and rule matchers were skipped" in doc.warnings[0]


@pytest.mark.slow
def test_bilingual_release_with_the_real_model():
    import pipeline

    record = pipeline.annotate_text(bilingual())
    english = [(s, s + len(p)) for p in (ENGLISH_1, ENGLISH_2) for s in [record["text"].index(p)]]
    assert record["languages"][0]["code"] == "fr"
    assert all(not (s <= e["start"] < end) for e in record["entities"] for s, end in english)
    assert any(e["text"] == "Marie Tremblay" for e in record["entities"])  # the French paragraph is analysed


def test_two_languages_in_one_block_are_told_apart_line_by_line():
    text = f"{FRENCH_1} {FRENCH_2}\n{ENGLISH_1} {ENGLISH_2}\n"
    spans = block_languages(text)
    assert [(text[s:e][:12], code) for s, e, code in spans] == [(FRENCH_1[:12], "fr"), (ENGLISH_1[:12], "en")]


@pytest.mark.parametrize(
    ("line", "foreign"),
    [
        ("Le Bureau zonal nomme sa directrice / Zonal Office appoints its new executive director", "Zonal Office"),
        ("Communiqué de presse | Press release from the office of the minister of finance", "Press release"),
        ("Le Bureau zonal des données nomme sa directrice / Zonal Data Office names its director", "Zonal Data"),
    ],
)
def test_the_english_half_of_a_bilingual_heading_is_foreign(line, foreign):
    text = f"{line}\n\n{FRENCH_1}"
    spans = block_languages(text)
    english = [text[s:e].lstrip(" /|") for s, e, code in spans if code == "en"]
    assert len(english) == 1 and english[0].startswith(foreign)
    assert [code for s, e, code in spans if text[s:e].startswith(line[:20])] == ["fr"]


@pytest.mark.parametrize(
    "text",
    [
        "Le débat : oui / non, et après ?",  # too short to be another language
        "Inria / CNRS / Université de Lille : un laboratoire commun pour la recherche en cybersécurité",
        "Paris / Berlin : la coopération franco-allemande se renforce dans le domaine de l'intelligence artificielle",
        "Un accord entre Zorglab / Technology Partners Group pour la recherche en cybersécurité et en robotique",
    ],
)
def test_slashes_in_french_lines_stay_french(text):
    assert [code for *_, code in block_languages(text)] == ["fr"]
