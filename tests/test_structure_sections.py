"""Sections of a release (`pipeline/structure/sections.py`) and the issuer (`issuer.py`)."""

import pytest

import pipeline
from pipeline.structure.issuer import find_issuer
from pipeline.structure.sections import find_sections

RELEASE = """# La ville de Mons rénove ses écoles

Mons, le 9 mars 2026 – La ville engage un plan de rénovation de ses douze écoles communales.

## Un calendrier serré

Les travaux commencent en juillet.

## À propos de Mons Énergie

Mons Énergie est la régie communale de l'énergie, fondée en 2011.

À propos d'Écoles Vertes : une association qui accompagne les communes.

### Notes aux rédactions

Des photos sont disponibles sur demande.

Contact presse : Anne Lambert, anne.lambert@mons-energie.be, 065 12 34 56

Suivez-nous sur les réseaux sociaux
© 2026 Ville de Mons – Mentions légales
"""


def kinds(text):
    return [(s["kind"], text[s["start"] : s["end"]].strip()[:25]) for s in find_sections(text)]


def test_sections_cover_the_text_in_order():
    sections = find_sections(RELEASE)
    assert sections[0]["start"] == 0 and sections[-1]["end"] == len(RELEASE)
    assert all(a["end"] == b["start"] for a, b in zip(sections, sections[1:], strict=False))
    assert [s["kind"] for s in sections] == ["body", "about", "about", "notes", "contact", "footer"]


def test_about_sections_start_at_their_heading_and_name_their_organisation():
    about = [s for s in find_sections(RELEASE) if s["kind"] == "about"]
    assert [RELEASE[s["start"] : s["start"] + 20] for s in about] == ["À propos de Mons Éne", "À propos d'Écoles Ve"]
    assert [s["about_name"] for s in about] == ["Mons Énergie", "Écoles Vertes"]


def test_body_headings_stay_in_the_body():
    assert [k for k, _ in kinds("Intro.\n\n## Un calendrier serré\n\nLes travaux.")] == ["body"]


@pytest.mark.parametrize(
    "heading",
    ["Contacts presse", "**Contact presse :**", "Relations médias", "Pour plus d'informations :", "Service de presse"],
)
def test_contact_headings(heading):
    text = f"Le corps du texte.\n\n{heading}\nJeanne Roy\njeanne.roy@exemple.fr\n"
    assert [k for k, _ in kinds(text)] == ["body", "contact"]


@pytest.mark.parametrize(
    "text",
    [
        "Le corps.\n\nContact avec la nature et les animaux : les enfants découvriront la ferme pédagogique "
        "pendant toute la semaine, avec des animateurs et des soigneurs qui leur présenteront les bêtes.",
        "Le corps.\n\nAboutissement de trois années de travail, le projet est enfin livré.",
        "Le corps.\n\nPresse écrite, radio et télévision ont couvert l'événement dans toute la région.",
    ],
)
def test_prose_that_starts_like_a_heading_stays_body(text):
    assert [k for k, _ in kinds(text)] == ["body"]


def test_closing_signature_with_an_address_is_a_contact_block():
    text = "Long corps de texte. " * 20 + "\n\nAssociation Brume\nbrume@festival-brume.org – 04 78 12 34 56\n"
    assert [k for k, _ in kinds(text)] == ["body", "contact"]


def test_end_mark_then_boilerplate():
    text = "Le corps.\n\n###\n\nNote : les chiffres sont provisoires.\n\nJeanne Roy – jeanne.roy@exemple.fr\n"
    assert [k for k, _ in kinds(text)] == ["body", "notes", "contact"]


def test_entities_get_their_section():
    record = pipeline.annotate_text(RELEASE)
    sections = {e["text"]: e["section"] for e in record["entities"]}
    assert sections.get("Anne Lambert") == "contact"
    assert sections.get("juillet") == "body"
    assert all(e["section"] in {"body", "about", "contact", "notes", "footer"} for e in record["entities"])


ORGS = [
    {"canonical": "Coopérative Lémanix", "aliases": ["Lémanix", "Coopérative Lémanix"], "mentions": 3},
    {"canonical": "Ville de Genève", "aliases": ["Ville de Genève"], "mentions": 1},
]


def issuer(text, orgs=ORGS, contacts=()):
    from pipeline.structure.dateline import find_dateline
    from pipeline.structure.people import organisation_in

    sections = find_sections(text)
    for s in sections:
        name = s.pop("about_name")
        s["organisation"] = organisation_in(name, orgs) if name else None
    return [
        (i["canonical"], i["evidence"]["rule"])
        for i in find_issuer(text, sections, orgs, list(contacts), find_dateline(text))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Communiqué de presse de Lémanix\n\nGenève, le 3 mai 2026 – La Ville de Genève soutient…",
            [("Coopérative Lémanix", "communique-de")],
        ),
        (
            "LÉMANIX\n\nLémanix\n\nGenève, le 3 mai 2026 – La Ville de Genève annonce…",
            [("Coopérative Lémanix", "letterhead")],
        ),
        (
            "Genève, le 3 mai 2026 – La Ville de Genève annonce un partenariat avec un atelier de réparation.\n\n"
            "## À propos de Lémanix\n\nUne coopérative.",
            [("Coopérative Lémanix", "about")],
        ),
        (
            "Genève, le 3 mai 2026 – La coopérative Lémanix ouvre un deuxième atelier de réparation en ville.",
            [("Coopérative Lémanix", "subject")],
        ),
        (
            "Genève, le 3 mai 2026 – Un nouvel atelier de réparation ouvre ses portes dans le quartier.\n\n"
            "Le bureau de Lémanix",
            [("Coopérative Lémanix", "signature")],
        ),
    ],
)
def test_issuer_evidence(text, expected):
    assert issuer(text) == expected


def test_issuer_subject_after_an_article_title_and_not_the_word_presse():
    orgs = [*ORGS, {"canonical": "Groupe Arvel", "aliases": ["Groupe Arvel"], "mentions": 2}]
    text = "Communiqué de Presse Genève, 3 mai 2026\n\nLe Groupe Arvel annonce la reprise d'un atelier de réparation."
    assert issuer(text, orgs) == [("Groupe Arvel", "subject")]
    text = "# Lémanix ouvre une agence à Lausanne\n\nAprès Genève, c'est au tour de Lausanne d'accueillir l'équipe."
    assert issuer(text) == [("Coopérative Lémanix", "title")]


def test_issuer_from_the_press_contact():
    text = "Genève, le 3 mai 2026 – Un nouvel atelier ouvre ses portes dans le quartier des Pâquis.\n\n"
    contacts = [{"name": "Léa Moreau", "organisation": "Coopérative Lémanix"}]
    assert issuer(text, contacts=contacts) == [("Coopérative Lémanix", "contact")]


def test_no_issuer_when_nothing_tells():
    text = "Genève, le 3 mai 2026 – Un nouvel atelier de réparation ouvre ses portes dans le quartier des Pâquis."
    assert issuer(text) == []
