"""The document's monetary locale, and what `dollars`, `francs`, `FCFA`, `dirhams` and `dinars` mean in it."""

from __future__ import annotations

import pytest

from pipeline.match.amounts import detect_locale, find_amounts


def money_in(text: str) -> list[tuple[str, float | None, str, bool]]:
    """(span, amount, currency, inferred) of every MONEY match, with the locale the text itself shows."""
    locale = detect_locale(text)
    return [
        (text[m.start : m.end], m.value["amount"], m.value["currency"], m.value.get("currency_inferred", False))
        for m in find_amounts(text, locale)
        if m.label == "MONEY"
    ]


@pytest.mark.parametrize(
    ("text", "country", "zone"),
    [
        ("Montréal, le 4 avril 2025 – La société québécoise annonce une levée de fonds.", "CA", None),
        ("Le gouvernement du Canada investit dans l'Ontario et en Colombie-Britannique.", "CA", None),
        ("Pour toute question : presse@agence-exemple.ca ou H2X 1Y4, rue Principale.", "CA", None),
        ("LAUSANNE, 12 mai 2024 — Le Conseil fédéral a validé le projet.", "CH", None),
        ("Contact : +41 21 555 12 12, www.fondation-exemple.ch", "CH", None),
        ("Bruxelles, le 3 juin 2024. La Région wallonne et la Flandre s'associent.", "BE", None),
        ("Dakar, 5 mars 2025 – Le ministère sénégalais des Finances a signé l'accord.", "SN", "UEMOA"),
        ("ABIDJAN (Côte d'Ivoire) – Une usine ivoirienne de transformation de cacao ouvre.", "CI", "UEMOA"),
        ("Yaoundé, 2 février 2024 – Le Cameroun lance un emprunt obligataire.", "CM", "CEMAC"),
        ("Casablanca, le 8 juillet 2024 – Un groupe marocain rachète une usine à Tanger.", "MA", None),
        ("Kinshasa, le 2 mai 2025 – La République démocratique du Congo signe un accord.", "CD", None),
        ("Paris, le 9 mars 2026. Le ministère publie son rapport sur www.exemple.gouv.fr.", "FR", None),
        ("La BCEAO relève son taux directeur.", None, "UEMOA"),
        ("Le projet avance bien et les équipes sont motivées.", None, None),  # no evidence at all
    ],
)
def test_country_from_evidence(text, country, zone):
    locale = detect_locale(text)
    assert (locale["country"], locale["zone"]) == (country, zone)
    if country:
        assert locale["evidence"], "a decided country comes with its evidence"
        for item in locale["evidence"]:
            assert text[item["start"] : item["end"]] == item["text"]


def test_a_longer_name_wins_over_the_name_it_contains():
    """`Congo` inside `République démocratique du Congo` is evidence for the DRC only."""
    locale = detect_locale("Kinshasa. La République démocratique du Congo et la RDC.")
    assert locale["country"] == "CD"
    assert all(item["text"] != "Congo" for item in locale["evidence"])


def test_more_evidence_beats_a_passing_mention():
    text = (
        "Genève, le 3 mars 2025 – La fondation genevoise, soutenue par le canton de Vaud et l'EPFL, "
        "ouvre un bureau à Paris."
    )
    assert detect_locale(text)["country"] == "CH"


@pytest.mark.parametrize(
    ("text", "span", "amount", "currency", "inferred"),
    [
        # dollars: CAD in a Canadian document; an explicit form stays what it says
        (
            "Québec, le 3 mai 2024 – La ville investit 12 millions de dollars.",
            "12 millions de dollars",
            12e6,
            "CAD",
            False,
        ),
        ("Ottawa, le 2 juin 2024. Un contrat de 45 000 $ a été signé.", "45 000 $", 45e3, "CAD", False),
        ("Ottawa, le 2 juin 2024. Le fonds américain verse 3 M$ US.", "3 M$ US", 3e6, "USD", False),
        ("Ottawa, le 2 juin 2024. Une aide de 3 millions de dollars américains.", None, 3e6, "USD", False),
        ("Ottawa, le 2 juin 2024. Un prêt de 2 millions USD.", "2 millions USD", 2e6, "USD", False),
        ("Lyon, le 2 juin 2024. Une levée de 40 $CAN.", "40 $CAN", 40.0, "CAD", False),
        ("Paris, le 2 juin 2024. Une levée de 5 millions de dollars.", "5 millions de dollars", 5e6, "USD", False),
        # francs: CHF in Switzerland, GNF in Guinea, XOF in the UEMOA, historical francs in France
        ("Berne, le 4 mars 2024. La Confédération suisse alloue 80 millions de francs.", None, 80e6, "CHF", False),
        ("Conakry, le 4 mars 2024. Le ministère guinéen verse 900 millions de francs.", None, 9e8, "GNF", False),
        ("Dakar, le 4 mars 2024. La commune reçoit 250 000 francs.", "250 000 francs", 25e4, "XOF", False),
        ("Nouméa, le 4 mars 2024. Une subvention de 3 millions de francs CFP.", None, 3e6, "XPF", False),
        ("Lille, le 4 mars 1998. Le budget atteint 12 millions de francs.", None, 12e6, "FRF", False),
        ("Le projet coûte 12 millions de francs.", None, 12e6, "CHF", True),  # no evidence: a flagged guess
        # FCFA: XOF in the UEMOA, XAF in the CEMAC, XOF flagged as a guess without evidence
        ("Abidjan, le 2 mai 2025. Un prêt de 1.200.000 FCFA.", "1.200.000 FCFA", 1.2e6, "XOF", False),
        ("Libreville, le 2 mai 2025. Le Gabon mobilise 320M FCFA.", "320M FCFA", 3.2e8, "XAF", False),
        ("Un prêt de 15 milliards de francs CFA a été accordé.", None, 15e9, "XOF", True),
        ("Douala, le 2 mai 2025. Une enveloppe de 6,5 Mds F CFA.", "6,5 Mds F CFA", 6.5e9, "XAF", False),
        # dirhams and dinars
        ("Rabat, le 1er juin 2024. Un investissement de 30 millions de dirhams.", None, 3e7, "MAD", False),
        (
            "Dubaï, le 1er juin 2024. Les Émirats arabes unis investissent 5 milliards de dirhams.",
            None,
            5e9,
            "AED",
            False,
        ),
        ("Alger, le 1er juin 2024. L'Algérie consacre 2 milliards de dinars au projet.", None, 2e9, "DZD", False),
        ("Tunis, le 1er juin 2024. La Tunisie consacre 400 millions de dinars au projet.", None, 4e8, "TND", False),
        ("Tunis, le 1er juin 2024. Le billet coûte 35 DT.", "35 DT", 35.0, "TND", False),
        # short forms of local usage
        ("Québec, le 3 mai 2024. Un projet de 2,5 G$ est lancé.", "2,5 G$", 2.5e9, "CAD", False),
        ("Genève, le 3 mai 2024. Un crédit de CHF 2,5 mio.", "CHF 2,5 mio", 2.5e6, "CHF", False),
        ("Dakar, le 3 mai 2024. Le ticket coûte 25 000 F.", "25 000 F", 25e3, "XOF", False),
        ("Kinshasa, le 3 mai 2024. Le ticket coûte 5 000 FC.", "5 000 FC", 5e3, "CDF", False),
        ("Rabat, le 3 mai 2024. Un chiffre d'affaires de 2,3 MMDH.", "2,3 MMDH", 2.3e9, "MAD", False),
        ("Rabat, le 3 mai 2024. Un investissement de 500 MDH.", "500 MDH", 5e8, "MAD", False),
    ],
)
def test_currency_by_locale(text, span, amount, currency, inferred):
    [(matched, value, code, flagged)] = money_in(text)
    if span is not None:
        assert matched == span
    assert (value, code, flagged) == (amount, currency, inferred)


def test_the_sentence_can_name_another_country():
    """In a Canadian release, `dollars` of a sentence about the United States only are USD; others stay CAD."""
    text = (
        "Halifax, le 6 mars 2024 – La province agrandit son port de pêche. "
        "Aux États-Unis, un chantier américain comparable a coûté 80 millions de dollars. "
        "Le Canada et les États-Unis partagent un fonds de 5 millions de dollars. "
        "Le nouveau quai coûtera 20 millions de dollars."
    )
    assert [(code, amount) for _, amount, code, _ in money_in(text)] == [("USD", 8e7), ("CAD", 5e6), ("CAD", 2e7)]


def test_francs_of_a_named_country_in_a_french_release():
    text = "Paris, le 3 mars 2025. Une entreprise suisse a levé 4 millions de francs auprès d'investisseurs."
    assert [code for *_, code, _ in money_in(text)] == ["CHF"]


def test_a_partner_named_all_along_does_not_outweigh_the_home_country():
    text = (
        "Lausanne, le 2 avril 2025 – L'EPFL et ses partenaires de France signent un accord. La France, "
        "la France et encore la France : le partenariat avec la France est doté de 3 millions de francs. "
        "Contact : presse@exemple.ch"
    )
    assert detect_locale(text)["country"] == "CH"
    assert [code for *_, code, _ in money_in(text)] == ["CHF"]


def test_a_code_is_evidence_only_beside_a_number():
    assert detect_locale("La MAD (mise à disposition) du CAD (conseil d'administration).")["country"] is None
    assert detect_locale("Un loyer de 4 500 MAD par mois.")["country"] == "MA"


@pytest.mark.parametrize(
    "text",
    [
        "Le ticket coûte 25 000 F.",  # `F` is a franc only in the CFA zones and Guinea
        "Le ticket coûte 5 000 FC.",
        "Sion, le 3 juin 2024. Les 3 000 gourdes distribuées aux coureurs.",  # flasks outside Haiti
        "Lausanne, le 3 juin 2024. Appelez le +41 21 693 11 11 ou écrivez à CH-1015 Lausanne.",
        "Dakar, le 3 juin 2024. Les 15 000 francs-tireurs du cinéma.",
    ],
)
def test_no_money(text):
    assert money_in(text) == []
