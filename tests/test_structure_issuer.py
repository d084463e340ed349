"""The issuer's last classes (`pipeline/structure/issuer.py`, `known.py`): joint releases signed by
several organisations, `Les membres du X…`, and short printed names (acronyms, e-mail domains, the
start of a longer name) mapped to the record's `organisations` before giving up."""

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.structure import add_structure
from pipeline.structure.known import acronyms, initials, known_organisation, organisation_of_email
from tests.test_structure_sections import issuer

BODY = "Les écoles du canton resteront fermées tant que les conditions sanitaires ne seront pas réunies.\n\n"
UNIONS = [
    {"canonical": "Syndicat des enseignants vaudois", "aliases": ["SEV"], "mentions": 1},
    {"canonical": "FAPV", "aliases": ["FAPV"], "mentions": 1},
]


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        (
            "Claire ROCHAT - SEV, Paul MEYLAN - FAPV, Inès BOVET - Collectif Élèves Vaud",
            ["Syndicat des enseignants vaudois", "FAPV", "Collectif Élèves Vaud"],
        ),
        # A comma forgotten before the next person, two people for one organisation, bold markup.
        (
            "Claire ROCHAT – SEV, Paul MEYLAN - FAPV Anne CUENDET et Luc PYTHON - GRAP, **Noé FAVRE - CEV**",
            ["Syndicat des enseignants vaudois", "FAPV", "GRAP", "CEV"],
        ),
    ],
)
def test_a_joint_release_names_every_signatory(signature, expected):
    text = "Genève, le 3 mai 2026 – " + BODY + signature + "\n"
    found = issuer(text, UNIONS)
    assert [name for name, _ in found] == expected
    assert {rule for _, rule in found} == {"signatories"}


@pytest.mark.parametrize(
    "closing",
    [
        "Claire ROCHAT - SEV",  # one pair is a signature, not a joint release
        "Le calendrier - annoncé en mars - reste inchangé - selon le canton.",  # dashes in prose
        "mardi - jeudi - samedi",
    ],
)
def test_lines_that_are_not_a_list_of_signatories(closing):
    text = "Genève, le 3 mai 2026 – " + BODY + closing + "\n"
    assert all(rule != "signatories" for _, rule in issuer(text, UNIONS))


COUNCIL = [
    {"canonical": "Conseil communal de Sion", "aliases": ["conseil communal de Sion"], "mentions": 1},
    {"canonical": "Ville de Genève", "aliases": ["Ville de Genève"], "mentions": 1},
]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (
            "Les membres du conseil communal de Sion présentent ce soir le budget de la commune.",
            "Conseil communal de Sion",
        ),
        ("Les élus de la Ville de Genève adoptent un plan pour les parcs et les places de jeux.", "Ville de Genève"),
        ("La direction de la Ville de Genève annonce un plan pour les parcs et les places de jeux.", "Ville de Genève"),
    ],
)
def test_the_organisation_after_its_members(opening, expected):
    assert issuer("Sion, le 3 mai 2026 – " + opening, COUNCIL) == [(expected, "subject")]


def test_members_of_something_that_is_not_a_known_organisation_are_not_an_issuer():
    assert (
        issuer("Sion, le 3 mai 2026 – Les membres du jury ont choisi douze projets pour la rénovation.", COUNCIL) == []
    )


def test_a_head_noun_followed_by_a_no_break_space_never_reaches_a_name_further_on():
    text = (
        "Sion, le 3 mai 2026 –\u00a0La commune\u00a0ouvre un nouveau parc au bord du Rhône, "
        + "avec des jeux et des bancs, " * 30
        + "comme le conseil communal de Sion l'a voulu."
    )
    assert issuer(text, COUNCIL) == []


SOFT = [
    {"canonical": "Brumeo Software Foundation", "aliases": ["Brumeo Software Foundation"], "mentions": 4},
    {"canonical": "Brumeo Users Group of Belgium", "aliases": ["Brumeo Users Group of Belgium"], "mentions": 1},
    {"canonical": "Office cantonal de l'énergie", "aliases": ["Office cantonal de l'énergie"], "mentions": 1},
]
FAJ = "Neuchâtel, le 2 juin 2026 – La Fédération des ateliers du Jura (FAJ) publie son rapport annuel."


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Brumeo", "", "Brumeo Software Foundation"),  # the start of longer names: the most mentioned
        ("brumeo software foundation", "", "Brumeo Software Foundation"),  # case
        ("OCE", "", "Office cantonal de l'énergie"),  # initials of a known name
        ("FAJ", FAJ, "Fédération des ateliers du Jura"),  # an acronym the text defines, kept as printed
        ("Lumio", "", None),
        ("OC", "", None),  # two letters: too short for initials
        ("FAJ", "La FAJ publie son rapport.", None),  # never defined
    ],
)
def test_known_organisation(name, text, expected):
    assert known_organisation(name, SOFT, text) == expected


def test_acronyms_and_initials():
    assert acronyms(FAJ) == {"FAJ": "Fédération des ateliers du Jura"}
    assert acronyms("Le bilan (PDF) est en ligne. Voir le Plan directeur (PDAD).") == {"PDAD": "Plan directeur"}
    assert acronyms("Neuchâtel (Suisse) accueille le salon.") == {}
    assert initials("Office cantonal de l'énergie") == "oce"


@pytest.mark.parametrize(
    ("email", "text", "expected"),
    [
        ("presse@faj.ch", FAJ, "Fédération des ateliers du Jura"),
        ("contact@brumeosoftwarefoundation.org", "", "Brumeo Software Foundation"),
        ("lea.moreau@gmail.com", "", None),  # a webmail names nobody's organisation
        ("presse@atelier-vert.ch", FAJ, None),
        ("presse@ab.ch", "", None),
        (None, FAJ, None),
        ("pas une adresse", FAJ, None),
    ],
)
def test_organisation_of_email(email, text, expected):
    assert organisation_of_email(email, SOFT, text) == expected


def test_a_release_names_its_issuer_through_its_contacts_e_mail_and_its_about_through_a_short_name():
    text = FAJ + "\n\nÀ propos de Brumeo\nUne fondation pour le logiciel libre.\n\n" + "Contact presse\npresse@faj.ch\n"
    doc = Document(path=Path("faj.txt"), rel_path="faj.txt", text=text)
    doc.organisations = SOFT
    doc = add_structure(doc)
    assert [c["organisation"] for c in doc.contacts] == ["Fédération des ateliers du Jura"]
    assert [s["organisation"] for s in doc.sections if s["kind"] == "about"] == ["Brumeo Software Foundation"]
    assert [i["canonical"] for i in doc.issuer] == ["Brumeo Software Foundation"]  # `À propos` comes first
