"""MONEY, PERCENT and QUANTITY matchers: spans, normalised values, and what must not match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.match.amounts import find_amounts

RAW = Path(__file__).resolve().parent / "fixtures" / "releases"


def found(text: str) -> list[tuple[str, str, dict]]:
    """(label, exact span text, value) for every match, checking the interface on the way."""
    matches = find_amounts(text)
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False)), "overlapping matches"
    assert all(m.source == f"rule:{m.label.lower()}" for m in matches)
    return [(m.label, text[m.start : m.end], m.value) for m in matches]


def only(text: str) -> tuple[str, str, dict]:
    matches = found(text)
    assert len(matches) == 1, matches
    return matches[0]


def money(amount, currency="EUR", **extra) -> dict:
    return {"amount": amount, "currency": currency, **extra}


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("un budget de 1 200 000 euros", "1 200 000 euros", money(1_200_000.0)),
        ("un budget de 1\u00a0200\u00a0000\u00a0€", "1\u00a0200\u00a0000\u00a0€", money(1_200_000.0)),
        ("un budget de 1\u202f200\u202f000 €", "1\u202f200\u202f000 €", money(1_200_000.0)),
        ("un budget de 1.200.000 €", "1.200.000 €", money(1_200_000.0)),
        ("une levée de 2,6 M€", "2,6 M€", money(2_600_000.0)),
        ("une levée de 3,55 Md€", "3,55 Md€", money(3_550_000_000.0)),
        ("a round of 2.5 M$", "2.5 M$", money(2_500_000.0, "USD")),
    ],
)
def test_number_styles(text, span, value):
    assert only(text) == ("MONEY", span, value)


@pytest.mark.parametrize(
    ("text", "label", "span", "value"),
    [
        ("entre 10 et 20 euros", "MONEY", "10 et 20 euros", money(None, min=10.0, max=20.0)),
        ("de 50 000 $ à 100 000 $", "MONEY", "50 000 $ à 100 000 $", money(None, "USD", min=5e4, max=1e5)),
        ("10-20 M€", "MONEY", "10-20 M€", money(None, min=10_000_000.0, max=20_000_000.0)),
        ("un ticket de 3 à 5 millions d'euros", "MONEY", "3 à 5 millions d'euros", money(None, min=3e6, max=5e6)),
        (
            "entre 500 000 et 2 millions d'euros",
            "MONEY",
            "500 000 et 2 millions d'euros",
            money(None, min=5e5, max=2e6),
        ),
        (
            "entre dix et vingt millions d'euros",
            "MONEY",
            "dix et vingt millions d'euros",
            money(None, min=1e7, max=2e7),
        ),
        ("de 3 à 5 GW", "QUANTITY", "3 à 5 GW", {"amount": None, "unit": "GW", "min": 3.0, "max": 5.0}),
        ("entre 10 et 15 %", "PERCENT", "10 et 15 %", {"value": None, "min": 10.0, "max": 15.0}),
        # the lower bound shares the upper one's `000` when it is then of the same order of magnitude
        ("de 20 à 30 000 €", "MONEY", "20 à 30 000 €", money(None, min=2e4, max=3e4)),
        ("entre 200 et 300 000 euros", "MONEY", "200 et 300 000 euros", money(None, min=2e5, max=3e5)),
        ("de 1 à 30 000 €", "MONEY", "1 à 30 000 €", money(None, min=1.0, max=3e4)),
    ],
)
def test_ranges(text, label, span, value):
    assert only(text) == (label, span, value)


def test_a_change_between_two_amounts_is_not_a_range():
    assert found("le seuil passe de 40 000€ à 60 000€ HT") == [
        ("MONEY", "40 000€", money(40_000.0)),
        ("MONEY", "60 000€", money(60_000.0, tax="HT")),
    ]
    assert found("le plafond est porté de 10 à 15 M€") == [
        ("MONEY", "10", money(10_000_000.0, currency_inferred=True)),
        ("MONEY", "15 M€", money(15_000_000.0)),
    ]


@pytest.mark.parametrize(
    ("text", "span", "amount"),
    [
        ("10 mille euros", "10 mille euros", 10_000.0),
        ("1,5 million d'euros", "1,5 million d'euros", 1_500_000.0),
        ("3 millions d’euros", "3 millions d’euros", 3_000_000.0),
        ("109 milliards d'euros", "109 milliards d'euros", 109_000_000_000.0),
        ("15 k€", "15 k€", 15_000.0),
        ("15 K€", "15 K€", 15_000.0),
        ("15 M€", "15 M€", 15_000_000.0),
        ("15 m€", "15 m€", 15_000_000.0),
        ("2,6 Md€", "2,6 Md€", 2_600_000_000.0),
        ("2,6 Mds€", "2,6 Mds€", 2_600_000_000.0),
        ("4 Mrd €", "4 Mrd €", 4_000_000_000.0),
        ("12 500 kEUR", "12 500 kEUR", 12_500_000.0),
        ("2 Mds d'euros", "2 Mds d'euros", 2_000_000_000.0),
    ],
)
def test_scales(text, span, amount):
    assert only(text) == ("MONEY", span, money(amount))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("5 M$", "5 M$", money(5e6, "USD")),
        ("6 Md$", "6 Md$", money(6e9, "USD")),
        ("€40", "€40", money(40.0)),
        ("40 EUR", "40 EUR", money(40.0)),
        ("1 euro", "1 euro", money(1.0)),
        ("$12", "$12", money(12.0, "USD")),
        ("12 USD", "12 USD", money(12.0, "USD")),
        ("USD 5 millions", "USD 5 millions", money(5e6, "USD")),
        ("3 millions de dollars", "3 millions de dollars", money(3e6, "USD")),
        ("50 $ US", "50 $ US", money(50.0, "USD")),
        ("20 CAD$", "20 CAD$", money(20.0, "CAD")),
        ("30 $ CA", "30 $ CA", money(30.0, "CAD")),
        ("£40", "£40", money(40.0, "GBP")),
        ("20 GBP", "20 GBP", money(20.0, "GBP")),
        ("5 millions de livres sterling", "5 millions de livres sterling", money(5e6, "GBP")),
        ("3 CHF", "3 CHF", money(3.0, "CHF")),
        ("2 millions de francs suisses", "2 millions de francs suisses", money(2e6, "CHF")),
        ("100 millions de yens", "100 millions de yens", money(1e8, "JPY")),
        ("un prix de 1 200 € HT", "1 200 €", money(1200.0, tax="HT")),
        ("soit 60 000 € TTC par an", "60 000 €", money(60_000.0, tax="TTC", per="an")),
    ],
)
def test_currencies(text, span, value):
    assert only(text) == ("MONEY", span, value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("dix millions d'euros", "dix millions d'euros", money(1e7)),
        ("Dix millions d'euros", "Dix millions d'euros", money(1e7)),
        ("un milliard d'euros", "un milliard d'euros", money(1e9)),
        ("deux cents euros", "deux cents euros", money(200.0)),
        ("deux millions cinq cent mille euros", "deux millions cinq cent mille euros", money(2.5e6)),
        ("vingt pour cent", "vingt pour cent", {"value": 20.0}),
        ("trois tonnes", "trois tonnes", {"amount": 3.0, "unit": "t"}),
        # the substance is outside the span and the unit (`tCO2` is for the symbol)
        ("une tonne de CO2", "une tonne", {"amount": 1.0, "unit": "t"}),
    ],
)
def test_written_numbers(text, span, value):
    assert only(text)[1:] == (span, value)


def test_elided_de_stays_outside_the_span():
    assert only("à hauteur d'1 Md€") == ("MONEY", "1 Md€", money(1e9))
    assert only("d’un milliard d’euros") == ("MONEY", "un milliard d’euros", money(1e9))


@pytest.mark.parametrize(
    ("text", "carried"),
    [
        ("un budget de 3,6 milliards d'euros, dont 3,1 milliards proviennent de contrats", 3.1e9),
        ("1,2 Md€ en 2024 contre 900 millions l'année précédente", 9e8),
        ("un fonds de 500 M$, soit près de 0,5 milliard", 5e8),
    ],
)
def test_currency_carried_over(text, carried):
    first, *_, last = found(text)
    assert last[0] == "MONEY"
    assert (last[2]["amount"], last[2]["currency"], last[2]["currency_inferred"]) == (
        carried,
        first[2]["currency"],
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "3,6 milliards d'euros. Dont 3,1 milliards proviennent de contrats",  # another sentence
        "3,6 milliards d'euros, dont 15 millions de visiteurs",  # counts people
        "un milliard d'images et 4 milliards de téléchargements",  # no currency anywhere
        "3,6 milliards d'euros, dont 3 K",  # `K` alone is too ambiguous to carry a currency
    ],
)
def test_currency_not_carried_over(text):
    assert all(not value.get("currency_inferred") for _, _, value in found(text))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("plusieurs milliards d'euros", "plusieurs milliards d'euros", money(None)),
        ("des millions de dollars", "des millions de dollars", money(None, "USD")),
        (
            "plusieurs centaines de millions d'euros",
            "plusieurs centaines de millions d'euros",
            money(None),
        ),
        ("une dizaine de millions d'euros", "une dizaine de millions d'euros", money(1e7, qualifier="about")),
        ("un millier d'euros", "un millier d'euros", money(1000.0, qualifier="about")),
        ("une centaine de milliers d'euros", "une centaine de milliers d'euros", money(1e5, qualifier="about")),
        ("plusieurs centaines de mégawatts", "plusieurs centaines de mégawatts", {"amount": None, "unit": "MW"}),
    ],
)
def test_vague_amounts(text, span, value):
    assert only(text)[1:] == (span, value)


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("plus de 2,6 Md€", "2,6 Md€", "more_than"),
        ("Plus de 25 millions d'euros", "25 millions d'euros", "more_than"),
        ("plus d'1 Md€", "1 Md€", "more_than"),
        ("près de 1,5 milliard d'euros", "1,5 milliard d'euros", "about"),
        ("environ 4 milliards d'euros", "4 milliards d'euros", "about"),
        ("d'environ 4 milliards d'euros", "4 milliards d'euros", "about"),
        ("4 milliards d'euros environ", "4 milliards d'euros", "about"),
        ("quelque 300 millions d'euros", "300 millions d'euros", "about"),
        ("moins de 2 M€", "2 M€", "less_than"),
        ("jusqu'à 10 %", "10 %", "up_to"),
        ("jusqu’à 500 000 €", "500 000 €", "up_to"),
        ("au moins 5 MW", "5 MW", "at_least"),
        ("supérieure à 400 MW", "400 MW", "more_than"),
        ("supérieur à 400%", "400%", "more_than"),
        ("inférieur à 3 %", "3 %", "less_than"),
        ("inférieures à 10 000 €", "10 000 €", "less_than"),
        ("Au moins 5 MW", "5 MW", "at_least"),
        ("De l'ordre de 3 %", "3 %", "about"),
    ],
)
def test_qualifiers_stay_outside_the_span(text, span, qualifier):
    _label, matched, value = only(text)
    assert (matched, value["qualifier"]) == (span, qualifier)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("32%", "32%", 32.0),
        ("87 %", "87 %", 87.0),
        ("4,8 %", "4,8 %", 4.8),
        ("4,8\u202f%", "4,8\u202f%", 4.8),
        ("vingt pour cent", "vingt pour cent", 20.0),
        ("10 pourcents", "10 pourcents", 10.0),
        ("15 p. 100", "15 p. 100", 15.0),
        ("une hausse de +15 %", "+15 %", 15.0),
        ("un recul de -3,5 %", "-3,5 %", -3.5),
        ("(+12 %)", "+12 %", 12.0),
    ],
)
def test_percent(text, span, value):
    assert only(text) == ("PERCENT", span, {"value": value})


@pytest.mark.parametrize(
    ("text", "span", "amount", "unit"),
    [
        ("400 MW", "400 MW", 400.0, "MW"),
        ("400MW", "400MW", 400.0, "MW"),
        ("5,8 GW", "5,8 GW", 5.8, "GW"),
        ("12 TWh", "12 TWh", 12.0, "TWh"),
        ("plusieurs centrales de 3 mégawatts", "3 mégawatts", 3.0, "MW"),
        ("11 000 m²", "11 000 m²", 11_000.0, "m²"),
        ("11 000 m2", "11 000 m2", 11_000.0, "m²"),
        ("3 mètres carrés", "3 mètres carrés", 3.0, "m²"),
        ("50 ha", "50 ha", 50.0, "ha"),
        ("20 hectares", "20 hectares", 20.0, "ha"),
        ("5 km²", "5 km²", 5.0, "km²"),
        ("10 km", "10 km", 10.0, "km"),
        ("à 100 m de la gare", "100 m", 100.0, "m"),
        ("à 500 m d'Euronext", "500 m", 500.0, "m"),
        ("3 t", "3 t", 3.0, "t"),
        ("2 tonnes", "2 tonnes", 2.0, "t"),
        ("1,5 million de tonnes", "1,5 million de tonnes", 1.5e6, "t"),
        ("5 kg", "5 kg", 5.0, "kg"),
        ("3 L", "3 L", 3.0, "L"),
        ("2 litres", "2 litres", 2.0, "L"),
        ("1 To", "1 To", 1.0, "To"),
        ("plus de 1 téraoctet", "1 téraoctet", 1.0, "To"),
        ("3 téraoctets", "3 téraoctets", 3.0, "To"),
        ("5 Go", "5 Go", 5.0, "Go"),
        ("2 Po", "2 Po", 2.0, "Po"),
        ("11g/kWh", "11g/kWh", 11.0, "g/kWh"),
        ("200 000 onces d'or", "200 000 onces", 200_000.0, "oz"),
        ("500 000 barils", "500 000 barils", 500_000.0, "bbl"),
        ("2 500 pieds carrés", "2 500 pieds carrés", 2_500.0, "ft²"),
        ("2,4 millions de tonnes de déchets", "2,4 millions de tonnes", 2.4e6, "t"),
    ],
)
def test_quantities(text, span, amount, unit):
    label, matched, value = only(text)
    assert (label, matched, value["amount"], value["unit"]) == ("QUANTITY", span, amount, unit)


@pytest.mark.parametrize(
    "text",
    [
        "France 2030 finance la stratégie",
        "d'ici 2030",
        "le programme 172",
        "le 1er janvier 2025",
        "le 25 mars 2024",
        "la 3e édition",
        "Tél. : 01 23 45 67 89",
        "version 2.5 du logiciel, v3.1 et 2.0.1",
        "COVID-19, G7, H100, Next40, 5G et 4K",
        "Plus de 40 000 participants",
        "25 000 participants et 63 sites",
        "15 millions de professionnels",
        "un milliard de milliards de calculs par seconde",
        "100 000 GPU Nvidia H100",
        "de 3 à 4 ans",
        "2018-2022",
        "entre 2023 et 2024",
        "https://exemple.fr/rapport%20annuel?part=50%25",
        "50 livres de poche",
        "un bâtiment neuf",
        "un L majuscule et un t-shirt",  # units after number words must be spelt out
        "la 5 G et la 4 G",  # `G` is a scale only before a currency (`2,5 G$`)
        "il était une fois",
    ],
)
def test_not_amounts(text):
    assert found(text) == []


def test_year_before_an_amount_is_not_half_of_a_range():
    assert found("en 2025 - 15 M€ levés") == [("MONEY", "15 M€", money(15e6))]
    assert found("en 2024 1 500 000 € ont été versés") == [("MONEY", "1 500 000 €", money(1.5e6))]


def test_masked_markup_and_pdf_line_breaks():
    """The pipeline masks markdown with spaces and PDFs break lines mid-phrase: offsets and values must survive."""
    text = "l'annonce de   109 milliards\nd'euros   d'investissements"
    assert found(text) == [("MONEY", "109 milliards\nd'euros", money(109e9))]
    assert found("un total de 40 M€\n\n€ et 3 ans") == [("MONEY", "40 M€", money(40e6))]


def test_offsets_index_the_given_text():
    text = "Les startups ont levé plus de 2,6 Md€ en 2025, dont 32% en deeptech, et 5,8 GW sont sécurisés."
    assert [(m.label, text[m.start : m.end]) for m in find_amounts(text)] == [
        ("MONEY", "2,6 Md€"),
        ("PERCENT", "32%"),
        ("QUANTITY", "5,8 GW"),
    ]


def _sums_in(text: str) -> list[tuple[int, float]]:
    """An independent, deliberately naive reading of `12,5 Md€` and `300 millions d'euros`, to cross-check."""
    scale = {"M€": 1e6, "Md€": 1e9, "millions d'euros": 1e6, "milliards d'euros": 1e9, "milliard d'euros": 1e9}
    pattern = re.compile(r"(?<![\d,])(\d+(?:,\d+)?) (M€|Md€|millions? d'euros|milliards? d'euros)")
    return [(m.start(), float(m[1].replace(",", ".")) * scale[m[2]]) for m in pattern.finditer(text)]


@pytest.mark.parametrize("path", sorted(RAW.glob("*.[mt][dx]*")) if RAW.is_dir() else [], ids=lambda p: p.name)
def test_every_plain_sum_in_raw_is_found_with_its_value(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    money_matches = {m.start: m.value["amount"] for m in find_amounts(text) if m.label == "MONEY"}
    for start, amount in _sums_in(text):
        assert money_matches.get(start) == pytest.approx(amount), text[start : start + 30]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # thousands by spaces (any blank) or apostrophes, a decimal point or comma
        ("un contrat de 45 120.50$", "45 120.50$", money(45_120.5, "USD")),
        ("un solde de 45\u202f120.50 $", "45\u202f120.50 $", money(45_120.5, "USD")),
        ("un solde de 12,300.00 $", "12,300.00 $", money(12_300.0, "USD")),
        ("un prêt de 1.200.000 FCFA", "1.200.000 FCFA", money(1_200_000.0, "XOF", currency_inferred=True)),
        ("un budget de 1'250'000 CHF", "1'250'000 CHF", money(1_250_000.0, "CHF")),
        ("un budget de 1’250’000.50 CHF", "1’250’000.50 CHF", money(1_250_000.5, "CHF")),
        # digits and words in one amount
        ("14 millions 200 mille dollars", "14 millions 200 mille dollars", money(14_200_000.0, "USD")),
        ("2 milliards 300 millions d'euros", "2 milliards 300 millions d'euros", money(2.3e9)),
        ("2 millions 500 000 euros", "2 millions 500 000 euros", money(2_500_000.0)),
        ("12 millions cinq cent mille euros", "12 millions cinq cent mille euros", money(12_500_000.0)),
        # glued scales and abbreviations
        ("un fonds de 320M FCFA", "320M FCFA", money(3.2e8, "XOF", currency_inferred=True)),
        ("une enveloppe de 6,5 Mds d'euros", "6,5 Mds d'euros", money(6.5e9)),
        # ISO codes before or after, touching or not
        ("à EUR29,99 seulement", "EUR29,99", money(29.99)),
        ("à USD 1,23 pièce", "USD 1,23", money(1.23, "USD")),
        ("à CHF 1.50 le café", "CHF 1.50", money(1.5, "CHF")),
        ("à 29,99EUR", "29,99EUR", money(29.99)),
        # hundredths
        ("1 USD et 23 centimes", "1 USD et 23 centimes", money(1.23, "USD")),
        ("un ticket à 3 euros 50.", "3 euros 50", money(3.5)),
        ("un café à 2 € 50, servi chaud", "2 € 50", money(2.5)),
        ("un timbre à 1 euro et 5 centimes", "1 euro et 5 centimes", money(1.05)),
    ],
)
def test_printed_forms(text, span, value):
    assert only(text) == ("MONEY", span, value)


def test_ranges_in_any_currency():
    assert only("de 3 milliards à 9 milliards FCFA") == (
        "MONEY",
        "3 milliards à 9 milliards FCFA",
        money(None, "XOF", min=3e9, max=9e9, currency_inferred=True),
    )
    assert only("entre 10 et 15 millions de francs suisses")[2] == money(None, "CHF", min=1e7, max=1.5e7)


@pytest.mark.parametrize(
    ("text", "span", "extra"),
    [
        ("un repas à 5 € par personne", "5 €", {"per": "personne"}),
        ("un abonnement à 12 €/mois", "12 €", {"per": "mois"}),
        ("un loyer de 800 € par mois charges comprises", "800 €", {"per": "mois"}),
        ("l'électricité à 95 €/MWh", "95 €", {"per": "MWh"}),
        ("une location de kayak à 35 € la journée", "35 €", {"per": "journée"}),
        ("un devis de 1 500 € HT", "1 500 €", {"tax": "HT"}),
        ("un devis de 1 800 € TTC", "1 800 €", {"tax": "TTC"}),
        ("un devis de 1 500 € hors taxes", "1 500 €", {"tax": "HT"}),
        ("un devis de 1 500 € HTVA", "1 500 €", {"tax": "HT"}),
        ("un devis de 1 815 € TVAC", "1 815 €", {"tax": "TTC"}),
        ("une cotisation de 60 € TTC par an", "60 €", {"tax": "TTC", "per": "an"}),
        ("une production de 7 GWh par an", "7 GWh", {"per": "an"}),
        ("une hausse de 2 % par an", "2 %", {"per": "an"}),
    ],
)
def test_per_unit_and_tax_stay_outside_the_span(text, span, extra):
    _label, matched, value = only(text)
    assert matched == span
    assert {k: value[k] for k in ("per", "tax") if k in value} == extra


@pytest.mark.parametrize(
    "text",
    [
        "une subvention de 5 M€ par la région",  # an agent, not a rate
        "une subvention de 5 M€ par l'État",
        "une subvention de 5 M€ par Bpifrance",
        "une subvention de 5 M€ par exemple",
        "une subvention de 5 M€ pour les projets",
    ],
)
def test_no_per_unit(text):
    assert "per" not in only(text)[2]


def test_currency_carried_over_in_a_passage():
    """Once a release has named its currency, later bare scaled figures of the same paragraph take it."""
    text = (
        "La fondation a versé 820 millions de francs suisses aux hôpitaux du canton. Elle a ensuite prêté "
        "215 millions aux cliniques et offert environ 97 millions aux écoles de soins."
    )
    assert [
        (span, value.get("amount"), value.get("currency_inferred"), value.get("qualifier"))
        for _, span, value in found(text)
    ] == [
        ("820 millions de francs suisses", 8.2e8, None, None),
        ("215 millions", 2.15e8, True, None),
        ("97 millions", 9.7e7, True, "about"),
    ]
    assert {value["currency"] for _, _, value in found(text)} == {"CHF"}


@pytest.mark.parametrize(
    "text",
    [
        "La fondation a versé 820 millions de francs suisses.\n\nLa région compte 8 millions d'habitants.",
        "La fondation a versé 820 millions de francs suisses. La région compte 8 millions de visiteurs.",
        "Un billet coûte 15 €. La ville compte 2 millions.",  # the earlier amount had no scale
        "La fondation a versé 820 millions de francs suisses.\n\nLa ville compte 2 millions.",  # another paragraph
    ],
)
def test_currency_not_carried_across_passages(text):
    assert [
        span for label, span, _ in found(text) if label == "MONEY" and "millions" in span and "francs" not in span
    ] == []


@pytest.mark.parametrize(
    "text",
    [
        "Tél. : +41 21 693 11 11",
        "Appelez le 06 12 34 56 78 ou le +33 1 23 45 67 89",
        "1015 Lausanne, CH-1211 Genève 4, 75007 Paris",
        "la référence EUR2024X et le modèle USD-300",
        "un délai de 1.5 milliseconde",
        "en 2023, 2024 et 2025",
        "32 millions 2024",
        "un café à 2 € 50 participants",
    ],
)
def test_not_money(text):
    assert [span for label, span, _ in found(text) if label == "MONEY" and span != "2 €"] == []


HUGE = "9" * 400  # a number no double can hold: float() of it is infinity


@pytest.mark.parametrize(
    "text",
    [
        f"un fonds de {HUGE} euros",
        f"un fonds de {HUGE} €",
        f"une hausse de {HUGE} %",
        f"une centrale de {HUGE} MW",
        f"entre 3 et {HUGE} euros",
        f"un fonds de {'7' * 300} milliards d'euros",  # finite digits, infinite once scaled
    ],
)
def test_a_number_no_double_can_hold_is_not_an_amount(text):
    assert [m for m in found(text) if HUGE in m[1] or "7" * 300 in m[1]] == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        (f"un fonds de {'9' * 200} euros", f"{'9' * 200} euros", money(float("9" * 200))),  # large but finite
        (f"le code {HUGE} puis 3 M€", "3 M€", money(3_000_000.0)),  # the rest of the text is still read
    ],
)
def test_large_finite_numbers_and_their_neighbours_stay_amounts(text, span, value):
    assert only(text) == ("MONEY", span, value)


def test_numbers_too_long_to_be_amounts_are_named_in_a_warning():
    from pipeline.match.amounts import too_long_numbers

    text = f"Montréal, le 3 mars.\nUn fonds de {HUGE} euros et 5 M€."
    warnings = too_long_numbers(text)
    assert len(warnings) == 1 and "400 digits" in warnings[0] and str(text.index(HUGE)) in warnings[0]
    assert too_long_numbers(f"un fonds de {'9' * 200} euros, 5 M€") == []


@pytest.mark.parametrize(
    ("text", "label", "span", "value"),
    [
        ("un solde de -5 millions d'euros", "MONEY", "-5 millions d'euros", money(-5_000_000.0)),
        ("un solde de \u22127 M€", "MONEY", "\u22127 M€", money(-7_000_000.0)),  # U+2212, the true minus
        ("un solde de \u2212 7 M€", "MONEY", "\u2212 7 M€", money(-7_000_000.0)),  # spaced: still no punctuation
        ("un écart de -250 000 CHF", "MONEY", "-250 000 CHF", money(-250_000.0, "CHF")),
        ("un résultat de -3,5 M$ au Québec", "MONEY", "-3,5 M$", money(-3_500_000.0, "USD")),
        ("une variation de moins 4 %", "PERCENT", "moins 4 %", {"value": -4.0}),
        ("Moins 4 % sur un an", "PERCENT", "Moins 4 %", {"value": -4.0}),
        ("une marge de moins 2 millions d'euros", "MONEY", "moins 2 millions d'euros", money(-2_000_000.0)),
        ("un recul de \u221212 %", "PERCENT", "\u221212 %", {"value": -12.0}),
        ("un recul de -3,5 %", "PERCENT", "-3,5 %", {"value": -3.5}),
        ("une hausse de +15 %", "PERCENT", "+15 %", {"value": 15.0}),
        ("une hausse de +4 M€", "MONEY", "+4 M€", money(4_000_000.0)),
        ("une température de -5 °C", "QUANTITY", "-5 °C", None),
        ("le niveau moins 4 % du PIB", "PERCENT", "moins 4 %", {"value": -4.0}),  # `niveau` names no figure here
        ("un solde (-5 M€) en baisse", "MONEY", "-5 M€", money(-5_000_000.0)),
    ],
)
def test_signs(text, label, span, value):
    got = only(text)
    assert got[:2] == (label, span)
    if value is not None:
        assert got[2] == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("moins de 4 %", "4 %", {"value": 4.0, "qualifier": "less_than"}),
        ("Moins de 4 % des communes", "4 %", {"value": 4.0, "qualifier": "less_than"}),
        ("moins d'1 M€ par an", "1 M€", money(1_000_000.0, qualifier="less_than", per="an")),
        ("au moins 4 %", "4 %", {"value": 4.0, "qualifier": "at_least"}),
        ("au moins 3 M€", "3 M€", money(3_000_000.0, qualifier="at_least")),
        ("plus ou moins 4 %", "4 %", {"value": 4.0}),
        ("– 5 M€ pour la recherche", "5 M€", money(5_000_000.0)),  # an en dash as a bullet
        ("- 5 M€ pour la recherche", "5 M€", money(5_000_000.0)),  # a hyphen as a bullet, spaced
        ("les aides — 5 M€ au total — suivront", "5 M€", money(5_000_000.0)),  # an em dash as a parenthesis
        ("les aides – 5 M€ au total – suivront", "5 M€", money(5_000_000.0)),  # an en dash as a parenthesis
        ("le projet (– 3 %) recule", "3 %", {"value": 3.0}),
    ],
)
def test_words_and_dashes_that_are_not_signs(text, span, value):
    label, matched, got = only(text)
    assert (matched, got) == (span, value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("5-7 %", "5-7 %", {"value": None, "min": 5.0, "max": 7.0}),
        ("entre 5-7 M€", "5-7 M€", money(None, min=5_000_000.0, max=7_000_000.0)),
        ("de 10 - 20 %", "10 - 20 %", {"value": None, "min": 10.0, "max": 20.0}),
    ],
)
def test_a_hyphen_inside_a_range_is_no_sign(text, span, value):
    label, matched, got = only(text)
    assert (matched, got) == (span, value)


def test_a_negative_bare_figure_takes_the_currency_of_its_neighbour():
    text = "Genève, le 3 mars. Un déficit de 959 millions de francs, dont -235 millions pour la santé."
    assert found(text)[1] == ("MONEY", "-235 millions", money(-235e6, "CHF", currency_inferred=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A-5 M€", []),  # a code, as before: the hyphen joins it to a name
        ("2025-5 M€", []),
        ("réf. X-12 %", []),
        ("le lot B-7 pèse 3 t", [("QUANTITY", "3 t", {"amount": 3.0, "unit": "t"})]),
    ],
)
def test_a_hyphen_after_a_letter_or_a_digit_is_no_sign(text, expected):
    assert found(text) == expected
