"""Press contacts (`pipeline/structure/contacts.py`): people, e-mails (obfuscated too), phones of many countries."""

import pytest

from pipeline.match.base import Match
from pipeline.structure.contacts import emails, find_contacts, phones
from pipeline.structure.sections import find_sections


def contacts_of(text, locale=None, organisations=(), people=()):
    """Contacts of `text`; `people` are the names the model reads as persons (PER entities)."""
    pers = [Match("PER", text.index(p), text.index(p) + len(p)) for p in people]
    return find_contacts(text, find_sections(text), pers, list(organisations), locale)


@pytest.mark.parametrize(
    ("printed", "address"),
    [
        ("ecrire à lea.moreau@coop-lemanix.ch.", "lea.moreau@coop-lemanix.ch"),
        ("prenom.nom [at] exemple [dot] fr", "prenom.nom@exemple.fr"),
        ("presse (at) ville-arlon.be", "presse@ville-arlon.be"),
        ("fr at exemple dot org", "fr@exemple.org"),
        ("contact[@]festival-brume.org", "contact@festival-brume.org"),
        ("media {at} agence-kora {dot} sn", "media@agence-kora.sn"),
        ("info arobase solveo point be", "info@solveo.be"),
    ],
)
def test_email_shapes_and_obfuscations(printed, address):
    assert [e[2] for e in emails(printed)] == [address]


@pytest.mark.parametrize(
    "text", ["rendez-vous at home", "le stand A at B", "2 @ 3", "mail: nom@domaine", "voir le site exemple.fr"]
)
def test_not_emails(text):
    assert emails(text) == []


@pytest.mark.parametrize(
    ("printed", "region", "e164"),
    [
        ("01 44 55 66 77", "FR", "+33144556677"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 (0)4 72 11 22 33", "FR", "+33472112233"),
        ("+41 22 345 67 89", "FR", "+41223456789"),
        ("022 345 67 89", "CH", "+41223456789"),
        ("+32 2 555 12 34", "FR", "+3225551234"),
        ("02 555 12 34", "BE", "+3225551234"),
        ("+1 514 555-0142", "FR", "+15145550142"),
        ("(514) 555-0142", "CA", "+15145550142"),
        ("+221 33 889 12 34", "FR", "+221338891234"),
        ("+225 27 22 44 55 66", "FR", "+2252722445566"),
    ],
)
def test_phone_numbers_national_and_international(printed, region, e164):
    found = phones(f"Tél. : {printed}", region)
    assert [(p[2], p[3]) for p in found] == [(printed, e164)]


@pytest.mark.parametrize("text", ["en 2024-2025", "code postal 75011", "le 12/03/2024", "SIRET"])
def test_not_phone_numbers(text):
    assert phones(text, "FR") == []


@pytest.mark.parametrize(
    ("printed", "region", "e164"),
    [("93 15 20 00", "MC", "+37793152000"), ("26 12 34 56", "LU", "+35226123456")],
)
def test_a_phone_of_eight_digits_exactly_is_found(printed, region, e164):
    """The fewest digits a phone may have: the text is given to libphonenumber only from that many."""
    assert [(p[2], p[3]) for p in phones(f"Tél. : {printed}", region)] == [(printed, e164)]
    assert phones(f"Tél. : {printed[:-1]}", region) == []


def test_block_with_several_people_each_with_details():
    text = (
        "Texte du communiqué.\n\n## Contacts presse\n\n"
        "Léa Moreau, attachée de presse\nlea.moreau@lemanix.ch\n+41 22 345 67 89\n\n"
        "Karim Ndiaye – chargé de communication – karim.ndiaye [at] lemanix [dot] ch – 079 123 45 67\n"
    )
    got = contacts_of(text, {"country": "CH"})
    assert [(c["name"], c["role"], c["email"], c["phone_e164"]) for c in got] == [
        ("Léa Moreau", "attachée de presse", "lea.moreau@lemanix.ch", "+41223456789"),
        ("Karim Ndiaye", "chargé de communication", "karim.ndiaye@lemanix.ch", "+41791234567"),
    ]


def test_block_details_before_the_people_are_everyones():
    text = "Corps.\n\nContact presse : presse@ville-arlon.be – 063 24 56 00\nAnne Lambert\nMarc Dumont\n"
    got = contacts_of(text, {"country": "BE"})
    assert [(c["name"], c["email"], c["phone"]) for c in got] == [
        ("Anne Lambert", "presse@ville-arlon.be", "063 24 56 00"),
        ("Marc Dumont", "presse@ville-arlon.be", "063 24 56 00"),
    ]


def test_block_without_a_person_is_one_entry_with_no_name():
    text = "Corps.\n\nPour plus d'informations :\nmedia@agence-kora.sn\n+221 33 889 12 34\n"
    got = contacts_of(text, {"country": "SN"})
    assert got == [
        {
            "name": None,
            "role": None,
            "organisation": None,
            "email": "media@agence-kora.sn",
            "phone": "+221 33 889 12 34",
            "phone_e164": "+221338891234",
        }
    ]


def test_contact_organisation_is_canonical():
    orgs = [{"canonical": "Coopérative Lémanix", "aliases": ["Lémanix", "Coopérative Lémanix"], "mentions": 3}]
    text = "Corps.\n\nRelations médias\nSarah Cohen\nLémanix\nsarah.cohen@lemanix.ch\n"
    (c,) = contacts_of(text, {"country": "CH"}, orgs)
    assert (c["name"], c["organisation"]) == ("Sarah Cohen", "Coopérative Lémanix")


def test_quebec_national_number_uses_canada():
    text = "Corps.\n\nRenseignements :\nÉmilie Gagnon\n514 555-0199\n"
    (c,) = contacts_of(text, {"country": "CA", "zone": "QC"})
    assert c["phone_e164"] == "+15145550199"


def test_emails_in_body_are_not_contacts():
    text = "La mairie répond à mairie@exemple.fr du lundi au vendredi, pour toute question sur le budget."
    assert contacts_of(text) == []


def test_one_address_for_the_block_is_everyones():
    text = (
        "Corps.\n\nContact\n\nAnne Lambert +32 470 12 34 56\n\nMarc Dumont info@collectif-brume.be\n\n"
        "Julie Peeters\nSarah Cohen Tom Maes\n"
    )
    got = contacts_of(text, {"country": "BE"}, people=["Tom Maes"])
    assert [c["name"] for c in got] == ["Anne Lambert", "Marc Dumont", "Julie Peeters", "Sarah Cohen", "Tom Maes"]
    assert {c["email"] for c in got} == {"info@collectif-brume.be"}
    assert {c["phone"] for c in got} == {"+32 470 12 34 56"}


def test_each_heading_opens_its_own_block_and_a_title_line_is_no_person():
    text = (
        "Corps.\n\nContact\n\nPour le mécénat :\n\n➠ écrivez à mecenat@festival-brume.org\n\n"
        "Contact presse :\n\n➠ écrivez à presse@festival-brume.org\n\nFestival Brume 2026\n"
    )
    got = contacts_of(text)
    assert [(c["name"], c["email"]) for c in got] == [
        (None, "mecenat@festival-brume.org"),
        (None, "presse@festival-brume.org"),
    ]


def test_phone_extension_is_kept_and_organisation_as_printed():
    text = "Corps.\n\nRenseignements :\nÉmilie Gagnon\nAgence Kora Conseil\n+1 418 555-0123, poste 214\n"
    (c,) = contacts_of(text, {"country": "CA"})
    assert (c["phone"], c["phone_e164"], c["organisation"]) == (
        "+1 418 555-0123, poste 214",
        "+14185550123",
        "Agence Kora Conseil",
    )


def test_agency_line_under_a_name_is_its_organisation_not_a_person():
    text = (
        "Corps.\n\n# # #\nTous les noms de produits sont des marques.\n\nContact pour les médias:\nChantal Roy\n"
        "Page Deux Relations Publiques\n+1-650-555-0100, poste 752\nchantal@pagedeux.com\n"
    )
    (c,) = contacts_of(text, {"country": "CA"})
    assert (c["name"], c["organisation"], c["phone"]) == (
        "Chantal Roy",
        "Page Deux Relations Publiques",
        "+1-650-555-0100, poste 752",
    )


def test_four_capitalised_words_are_one_name_unless_the_model_splits_them():
    text = "Corps.\n\nContact\n\nJean de La Fontaine\njean@fables.fr\n"
    assert [c["name"] for c in contacts_of(text)] == ["Jean de La Fontaine"]


def test_link_lines_are_not_people_and_a_role_loses_its_bracket():
    text = "Un long corps de texte. " * 40 + (
        "\n\n**Pour plus d'informations sur Lémanix, veuillez visiter :**\n- Site de Lémanix : https://lemanix.ch\n"
        "- Courriel : info@lemanix.ch\n\n**Pour plus d'informations, veuillez contacter :**\n"
        "- Omar Sall, auteur du rapport (anglais, français) : omar.sall@exemple.sn\n"
    )
    got = contacts_of(text)
    assert [(c["name"], c["role"], c["email"]) for c in got] == [
        (None, None, "info@lemanix.ch"),
        ("Omar Sall", "auteur du rapport", "omar.sall@exemple.sn"),
    ]


BODY = "La coopérative Brume ouvre un atelier de réparation de vélos au centre de Fribourg cet automne.\n\n"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # A letterhead-like line: organisation, site, address.
        (
            "Collectif Brume http://brume.ch presse@brume.ch https://brume.ch/atelier",
            [(None, None, "Collectif Brume", "presse@brume.ch", None)],
        ),
        # A signature block with no heading: a name, a role, a phone.
        (
            "Noémie Favre\nchargée de communication\n+41 26 350 11 22",
            [("Noémie Favre", "chargée de communication", None, None, "+41263501122")],
        ),
        # HTML left in a text: the address in a link, after a sentence that opens like a contact heading.
        (
            '<p>Pour plus d’informations <a href="www.brume.ch">www.brume.ch</a> ou écrivez-nous à '
            '<a href="info@brume.ch">info@brume.ch</a></p>',
            [(None, None, None, "info@brume.ch", None)],
        ),
    ],
)
def test_signature_like_blocks_and_contact_sentences_of_the_body(tail, expected):
    orgs = [{"canonical": "Collectif Brume", "aliases": ["Collectif Brume"]}]
    got = contacts_of(BODY + tail + "\n", {"country": "CH"}, orgs)
    fields = ("name", "role", "organisation", "email", "phone_e164")
    assert [tuple(c[f] for f in fields) for c in got] == expected


@pytest.mark.parametrize(
    "tail",
    [
        "Les inscriptions se font auprès de la mairie, à mairie@fribourg-exemple.ch, avant la fin du mois de mai.",
        'Si vous souhaitez rejoindre l\'équipe, envoyez un mail à <a href="jobs@brume.ch">jobs@brume.ch</a>.',
        "Noémie Favre\nchargée de communication",  # a signature with nothing to reach her by
    ],
)
def test_prose_with_an_address_and_signatures_without_details_are_not_contacts(tail):
    assert contacts_of(BODY + tail + "\n", {"country": "CH"}) == []


def test_an_address_of_the_contact_section_is_not_listed_again_from_the_body():
    text = BODY + "Collectif Brume presse@brume.ch\n\nContact presse\nNoémie Favre\npresse@brume.ch\n"
    assert [(c["name"], c["email"]) for c in contacts_of(text)] == [("Noémie Favre", "presse@brume.ch")]


def test_two_people_run_together_on_one_line_of_a_block_of_two_word_names():
    text = "Corps.\n\nContact\n\nAnne Lambert\nSarah Cohen Inès Maes\ncontact@brume.be\n"
    assert [c["name"] for c in contacts_of(text, people=["Sarah Cohen Inès Maes"])] == [
        "Anne Lambert",
        "Sarah Cohen",
        "Inès Maes",
    ]
    # Not when the line opens on no given name, has a particle, or the block has no two-word name.
    for line, other in (("Brume Cohen Inès Maes", "Anne Lambert"), ("Sarah van der Maes", "Anne Lambert")):
        text = f"Corps.\n\nContact\n\n{other}\n{line}\ncontact@brume.be\n"
        assert line in [c["name"] for c in contacts_of(text, people=[line])]
    text = "Corps.\n\nContact\n\nSarah Cohen Inès Maes\ncontact@brume.be\n"
    assert [c["name"] for c in contacts_of(text, people=["Sarah Cohen Inès Maes"])] == ["Sarah Cohen Inès Maes"]
