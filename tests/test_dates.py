"""The French date matcher: each class of French usage, with what must not be a date.

These run the rules without the tense of clauses (no spaCy model); `test_date_tense.py` covers the
classes the tense decides.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.match.dates import find_dates

REF = date(2026, 3, 9)  # a Monday


def only(text: str, reference: date | None = REF):
    """The single date found in `text`, as (span text, value)."""
    matches = find_dates(text, reference)
    assert len(matches) == 1, [(text[m.start : m.end], m.value) for m in matches]
    m = matches[0]
    assert m.label == "DATE" and m.source.startswith("rule:date")
    return text[m.start : m.end], m.value


def spans(text: str, reference: date | None = REF) -> list[str]:
    return [text[m.start : m.end] for m in find_dates(text, reference)]


def check(text, span, start, end, grain, reference=REF):
    got_span, value = only(text, reference)
    assert (got_span, value["start"], value["end"], value["grain"]) == (span, start, end, grain)
    return value


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("le 9 mars 2026", "9 mars 2026", "2026-03-09", "2026-03-09"),
        ("Le 1er janvier 2026, la loi", "1er janvier 2026", "2026-01-01", "2026-01-01"),
        ("le 1ᵉʳ avril 2026", "1ᵉʳ avril 2026", "2026-04-01", "2026-04-01"),
        ("lundi 9 mars 2026", "lundi 9 mars 2026", "2026-03-09", "2026-03-09"),
        ("le 25/11/2025", "25/11/2025", "2025-11-25", "2025-11-25"),
        ("Changed on 01/07/2024", "01/07/2024", "2024-07-01", "2024-07-01"),
        ("le 01.07.2024", "01.07.2024", "2024-07-01", "2024-07-01"),
        ("le 25/11/25", "25/11/25", "2025-11-25", "2025-11-25"),
        ("publié 2025-11-25", "2025-11-25", "2025-11-25", "2025-11-25"),
        ("le 9 mars 2026 à 14h", "9 mars 2026", "2026-03-09", "2026-03-09"),
        ("le 9 janv. 2026", "9 janv. 2026", "2026-01-09", "2026-01-09"),
        ("le 3 févr. 2025", "3 févr. 2025", "2025-02-03", "2025-02-03"),
        ("le 12 sept. 2025", "12 sept. 2025", "2025-09-12", "2025-09-12"),
        ("LE 9 NOVEMBRE 2025", "9 NOVEMBRE 2025", "2025-11-09", "2025-11-09"),
        ("le 29 février 2024", "29 février 2024", "2024-02-29", "2024-02-29"),
        ("le 14 juillet 1789", "14 juillet 1789", "1789-07-14", "1789-07-14"),
    ],
)
def test_full_dates(text, span, start, end):
    value = check(text, span, start, end, "day")
    assert value["inferred_year"] is False


@pytest.mark.parametrize("text", ["le 31 avril 2025", "le 29 février 2025", "le 32/01/2025", "le 12/13/2025"])
def test_impossible_days_are_not_days(text):
    # The month of `31 avril 2025` may still be read; no day is invented.
    assert [m.value["grain"] for m in find_dates(text, REF)] in ([], ["month"])


@pytest.mark.parametrize(
    ("text", "span", "start", "reference"),
    [
        ("annoncé le 26 janvier", "26 janvier", "2026-01-26", REF),
        ("annoncé le 27/10 par le ministre", "27/10", "2025-10-27", REF),
        ("le 27/10", "27/10", "2015-10-27", date(2015, 10, 30)),
        ("le 2 janvier", "2 janvier", "2027-01-02", date(2026, 12, 20)),  # nearest, across the new year
        ("le 20 décembre", "20 décembre", "2025-12-20", date(2026, 1, 5)),
        ("le 18 février prochain", "18 février prochain", "2027-02-18", REF),
        ("le 1er mai dernier", "1er mai dernier", "2025-05-01", REF),
        ("mardi 10 mars", "mardi 10 mars", "2026-03-10", REF),
        ("vendredi 10 mars", "vendredi 10 mars", "2023-03-10", date(2024, 3, 9)),  # the year it is a Friday
    ],
)
def test_day_and_month_take_the_nearest_plausible_year(text, span, start, reference):
    value = check(text, span, start, start, "day", reference)
    assert value["inferred_year"] is True


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain", "inferred"),
    [
        ("lancé en janvier 2025 à Berlin", "janvier 2025", "2025-01-01", "2025-01-31", "month", False),
        ("NOVEMBRE 2025", "NOVEMBRE 2025", "2025-11-01", "2025-11-30", "month", False),
        ("Communiqué de presse — Novembre 2025", "Novembre 2025", "2025-11-01", "2025-11-30", "month", False),
        ("le mois de juillet 2025", "mois de juillet 2025", "2025-07-01", "2025-07-31", "month", False),
        ("en sept. 2025", "sept. 2025", "2025-09-01", "2025-09-30", "month", False),
        ("prévu en juillet", "juillet", "2026-07-01", "2026-07-31", "month", True),
        ("en mai dernier", "mai dernier", "2025-05-01", "2025-05-31", "month", True),
        ("en 2018", "2018", "2018-01-01", "2018-12-31", "year", False),
        ("l'année 2025", "l'année 2025", "2025-01-01", "2025-12-31", "year", False),
        ("en l’an 2000", "l’an 2000", "2000-01-01", "2000-12-31", "year", False),
        ("le Global AI Index de 2024", "2024", "2024-01-01", "2024-12-31", "year", False),
        ("l'édition 2026 du salon", "2026", "2026-01-01", "2026-12-31", "year", False),
        ("Pour 2026, la présidence", "2026", "2026-01-01", "2026-12-31", "year", False),
        ("2025 a été une année record.", "2025", "2025-01-01", "2025-12-31", "year", False),
        ("Sa phase 1 (2020) a alloué", "2020", "2020-01-01", "2020-12-31", "year", False),
    ],
)
def test_months_and_years(text, span, start, end, grain, inferred):
    assert check(text, span, start, end, grain)["inferred_year"] is inferred


def test_years_in_a_list_are_one_mention():
    assert spans("créé en 2024, 2025 et 2026") == ["2024, 2025 et 2026"]


@pytest.mark.parametrize(
    "text",
    [
        "le plan France 2030 soutient",
        "le programme 172 à hauteur de 4 M€",
        "plus de 2,6 Md€ levés",
        "les 64 états membres",
        "L'IMT au salon Adopt AI 2025 : une dynamique",
        "lauréat du programme « French Tech 2030 »",
        "le programme Horizon 2020",
        "plus de 2000 participants",
        "un budget de 2000 salariés",
        "de 2000 à 2500 euros",
        "entre 1500 et 1800 participants",
        "2025 entreprises ont répondu",
        "le décret n° 2025-123",
        "la norme ISO 2015",
        "environ 1900 mètres",
        "Sur Mars, la sonde",
    ],
)
def test_numbers_that_are_not_years(text):
    assert find_dates(text, REF) == []


def test_a_year_inside_a_name_does_not_hide_the_next_date():
    assert spans("lauréat du programme « French Tech 2030 » en 2025") == ["2025"]


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain"),
    [
        ("Les 25 et 26 novembre 2025, l'IMT", "25 et 26 novembre 2025", "2025-11-25", "2025-11-26", "day"),
        ("du 6 au 11 février 2025", "du 6 au 11 février 2025", "2025-02-06", "2025-02-11", "day"),
        ("le 13-15 juillet", "13-15 juillet", "2026-07-13", "2026-07-15", "day"),
        ("les 3, 4 et 5 juin 2025", "3, 4 et 5 juin 2025", "2025-06-03", "2025-06-05", "day"),
        ("entre le 1er et le 15 mars 2026", "entre le 1er et le 15 mars 2026", "2026-03-01", "2026-03-15", "day"),
        (
            "du lundi 6 au vendredi 10 avril 2026",
            "du lundi 6 au vendredi 10 avril 2026",
            "2026-04-06",
            "2026-04-10",
            "day",
        ),
        ("du 29 octobre au 9 décembre 2014", "du 29 octobre au 9 décembre 2014", "2014-10-29", "2014-12-09", "day"),
        ("du 30 décembre au 2 janvier 2026", "du 30 décembre au 2 janvier 2026", "2025-12-30", "2026-01-02", "day"),
        (
            "du 30 décembre 2025 au 2 janvier 2026",
            "du 30 décembre 2025 au 2 janvier 2026",
            "2025-12-30",
            "2026-01-02",
            "day",
        ),
        ("de janvier à mars 2026", "de janvier à mars 2026", "2026-01-01", "2026-03-31", "month"),
        ("entre janvier et mars 2026", "entre janvier et mars 2026", "2026-01-01", "2026-03-31", "month"),
        ("en juillet-août 2025", "juillet-août 2025", "2025-07-01", "2025-08-31", "month"),
        ("la stratégie (2018-2022)", "2018-2022", "2018-01-01", "2022-12-31", "year"),
        ("la période 2018–2022", "2018–2022", "2018-01-01", "2022-12-31", "year"),
        ("la saison 2025/26", "2025/26", "2025-01-01", "2026-12-31", "year"),
        ("de 2018 à 2022", "de 2018 à 2022", "2018-01-01", "2022-12-31", "year"),
        ("sélectionnés entre 2023 et 2024 pour", "entre 2023 et 2024", "2023-01-01", "2024-12-31", "year"),
        ("les 18 et 19 février prochains", "18 et 19 février prochains", "2027-02-18", "2027-02-19", "day"),
        (
            "depuis le 1er janvier jusqu'au 31 mars 2026",
            "depuis le 1er janvier jusqu'au 31 mars 2026",
            "2026-01-01",
            "2026-03-31",
            "day",
        ),
        ("de début 2025 à fin 2026", "de début 2025 à fin 2026", "2025-01-01", "2026-12-31", "month"),
    ],
)
def test_ranges_are_one_mention(text, span, start, end, grain):
    check(text, span, start, end, grain)


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain", "approximate"),
    [
        ("depuis 2018", "depuis 2018", "2018-01-01", None, "year", False),
        ("Depuis le 1er janvier 2026, la France", "Depuis le 1er janvier 2026", "2026-01-01", None, "day", False),
        ("d'ici 2030", "d'ici 2030", None, "2030-12-31", "year", False),
        ("d’ici à 2030", "d’ici à 2030", None, "2030-12-31", "year", False),
        ("à horizon 2030", "à horizon 2030", None, "2030-12-31", "year", False),
        ("à l'horizon 2030", "à l'horizon 2030", None, "2030-12-31", "year", False),
        ("jusqu'en 2030", "jusqu'en 2030", None, "2030-12-31", "year", False),
        ("à partir de 2026", "à partir de 2026", "2026-01-01", None, "year", False),
        ("dès septembre 2026", "dès septembre 2026", "2026-09-01", None, "month", False),
        ("avant 2030", "avant 2030", None, "2029-12-31", "year", False),
        ("après le 15 mars 2026", "après le 15 mars 2026", "2026-03-16", None, "day", False),
        ("d'ici fin 2027", "d'ici fin 2027", None, "2027-12-31", "month", True),
        ("fin 2025", "fin 2025", "2025-10-01", "2025-12-31", "month", True),
        ("Début 2026, le gouvernement", "Début 2026", "2026-01-01", "2026-03-31", "month", True),
        ("mi-2026", "mi-2026", "2026-05-01", "2026-08-31", "month", True),
        ("à la mi-mars 2026", "mi-mars 2026", "2026-03-11", "2026-03-20", "day", True),
        ("courant 2026", "courant 2026", "2026-01-01", "2026-12-31", "year", False),
        ("fin novembre 2025", "fin novembre 2025", "2025-11-21", "2025-11-30", "day", True),
        ("fin février 2026", "fin février 2026", "2026-02-21", "2026-02-28", "day", True),
        ("début de l'année 2026", "début de l'année 2026", "2026-01-01", "2026-03-31", "month", True),
        ("vers 2030", "vers 2030", "2030-01-01", "2030-12-31", "year", True),
        ("au printemps 2025", "printemps 2025", "2025-03-01", "2025-05-31", "season", False),
        ("l'hiver 2025", "hiver 2025", "2025-12-01", "2026-02-28", "season", False),
        ("l'hiver 2027", "hiver 2027", "2027-12-01", "2028-02-29", "season", False),  # a leap year
        ("l'été 2026", "été 2026", "2026-06-01", "2026-08-31", "season", False),
        ("à l'automne 2025", "automne 2025", "2025-09-01", "2025-11-30", "season", False),
        ("à la rentrée 2025", "rentrée 2025", "2025-09-01", "2025-09-30", "season", True),
        ("premier semestre 2026", "premier semestre 2026", "2026-01-01", "2026-06-30", "quarter", False),
        ("au second semestre 2025", "second semestre 2025", "2025-07-01", "2025-12-31", "quarter", False),
        ("T1 2026", "T1 2026", "2026-01-01", "2026-03-31", "quarter", False),
        ("premier trimestre 2026", "premier trimestre 2026", "2026-01-01", "2026-03-31", "quarter", False),
        ("au 4e trimestre 2025", "4e trimestre 2025", "2025-10-01", "2025-12-31", "quarter", False),
        ("dans les années 2020", "les années 2020", "2020-01-01", "2029-12-31", "decade", False),
        ("les années 90", "les années 90", "1990-01-01", "1999-12-31", "decade", False),
        ("fin des années 1990", "fin des années 1990", "1997-01-01", "1999-12-31", "year", True),
        ("la semaine du 9 mars 2026", "semaine du 9 mars 2026", "2026-03-09", "2026-03-15", "week", False),
        ("à Noël 2025", "Noël 2025", "2025-12-25", "2025-12-25", "day", False),
        ("à Pâques 2026", "Pâques 2026", "2026-04-05", "2026-04-05", "day", False),
        ("la Pentecôte 2025", "Pentecôte 2025", "2025-06-08", "2025-06-08", "day", False),
    ],
)
def test_open_and_fuzzy(text, span, start, end, grain, approximate):
    value = check(text, span, start, end, grain)
    assert value.get("approximate", False) is approximate


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain"),
    [
        ("aujourd'hui vendredi", "aujourd'hui vendredi", "2026-03-09", "2026-03-09", "day"),
        ("dès aujourd'hui", "dès aujourd'hui", "2026-03-09", None, "day"),
        ("aujourd'hui même", "aujourd'hui même", "2026-03-09", "2026-03-09", "day"),
        ("ce soir", "ce soir", "2026-03-09", "2026-03-09", "day"),
        ("signé ce jour par les partenaires", "ce jour", "2026-03-09", "2026-03-09", "day"),
        ("demain", "demain", "2026-03-10", "2026-03-10", "day"),
        ("hier soir", "hier soir", "2026-03-08", "2026-03-08", "day"),
        ("avant-hier", "avant-hier", "2026-03-07", "2026-03-07", "day"),
        ("la semaine prochaine", "la semaine prochaine", "2026-03-16", "2026-03-22", "week"),
        ("la semaine dernière", "la semaine dernière", "2026-03-02", "2026-03-08", "week"),
        ("le mois dernier", "le mois dernier", "2026-02-01", "2026-02-28", "month"),
        ("le mois prochain", "le mois prochain", "2026-04-01", "2026-04-30", "month"),
        ("l'an dernier", "l'an dernier", "2025-01-01", "2025-12-31", "year"),
        ("l’année prochaine", "l’année prochaine", "2027-01-01", "2027-12-31", "year"),
        ("cette année", "cette année", "2026-01-01", "2026-12-31", "year"),
        ("ce mois-ci", "ce mois-ci", "2026-03-01", "2026-03-31", "month"),
        ("ce trimestre", "ce trimestre", "2026-01-01", "2026-03-31", "quarter"),
        ("ce week-end", "ce week-end", "2026-03-14", "2026-03-15", "day"),
        ("il y a trois jours", "il y a trois jours", "2026-03-06", "2026-03-06", "day"),
        ("il y a 10 ans", "il y a 10 ans", "2016-01-01", "2016-12-31", "year"),
        ("Voilà un an, Paris accueillait", "Voilà un an", "2025-01-01", "2025-12-31", "year"),
        ("dans deux semaines", "dans deux semaines", "2026-03-23", "2026-03-29", "week"),
        ("dans six mois", "dans six mois", "2026-09-01", "2026-09-30", "month"),
        ("lundi prochain", "lundi prochain", "2026-03-16", "2026-03-16", "day"),
        ("vendredi dernier", "vendredi dernier", "2026-03-06", "2026-03-06", "day"),
        ("a annoncé mercredi que", "mercredi", "2026-03-11", "2026-03-11", "day"),
        ("a annoncé vendredi que", "vendredi", "2026-03-06", "2026-03-06", "day"),
        ("en fin d'année", "fin d'année", "2026-10-01", "2026-12-31", "month"),
        ("d'ici la fin de l'année", "d'ici la fin de l'année", None, "2026-12-31", "month"),
        ("cet été", "cet été", "2026-06-01", "2026-08-31", "season"),
        ("l'été dernier", "été dernier", "2025-06-01", "2025-08-31", "season"),
    ],
)
def test_relative_dates_resolve_against_the_reference(text, span, start, end, grain):
    assert check(text, span, start, end, grain)["inferred_year"] is True


def test_d_ici_a_count_is_an_open_range():
    check("d'ici trois ans", "d'ici trois ans", None, "2029-12-31", "year")


@pytest.mark.parametrize(
    "text",
    [
        "depuis 10 ans",
        "pendant 3 ou 4 ans",
        "un programme de 18 mois",
        "âgé de 45 ans",
        "à 14h30",
        "à 9 heures",
        "une hausse de 2,6 %",
        "sa stratégie",
        "Je pense que",
        "des entreprises",
        "ouvert du lundi au vendredi",
        "le lundi, les bureaux ferment",
        "l'IA de demain",
        "le monde d'aujourd'hui",
        "elle a été nommée",
        "l'université d'été",
        "Noël Mamère",
        "le Printemps de Bourges",
        "les mois à venir",
        "une année passée à Berlin",
        "7j/7 et 24/7",
        "01 44 97 04 49",
        "version 1.2.2025",
        "un T1 en centre-ville",
    ],
)
def test_not_dates(text):
    assert find_dates(text, REF) == []


@pytest.mark.parametrize(
    "text",
    ["le 26 janvier", "en juillet", "la semaine prochaine", "il y a trois jours", "du 6 au 11 février", "ce soir"],
)
def test_without_reference_relative_and_year_less_dates_are_not_entities(text):
    # Nothing places them: they are not DATE entities rather than entities without a value.
    assert find_dates(text, None) == []


def test_without_reference_explicit_dates_still_resolve():
    value = only("le 9 mars 2026", None)[1]
    assert value["start"] == "2026-03-09" and "relative" not in value


def test_a_datetime_reference_is_accepted():
    assert only("demain", datetime(2026, 3, 9, 18, 30))[1]["start"] == "2026-03-10"


def test_offsets_survive_line_breaks_no_break_spaces_and_masked_markup():
    text = "**Les 25 et 26\nnovembre 2025**, puis le 9\u00a0mars\u202f2026 et l’an dernier."
    masked = text.replace("**", "  ")
    assert spans(masked) == ["25 et 26\nnovembre 2025", "9\u00a0mars\u202f2026", "l’an dernier"]


def test_matches_are_sorted_non_overlapping_and_exact():
    text = (
        "Paris, le 12 février 2026. Depuis 2018 et la stratégie (2018-2022), la France a levé 2,6 Md€ en 2025 "
        "dans le cadre de France 2030 ; d'ici 2030, et dès septembre 2026, puis fin novembre 2025 et le 26 janvier."
    )
    matches = find_dates(text, REF)
    assert [text[m.start : m.end] for m in matches] == [
        "12 février 2026",
        "Depuis 2018",
        "2018-2022",
        "2025",
        "d'ici 2030",
        "dès septembre 2026",
        "fin novembre 2025",
        "26 janvier",
    ]
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))
    assert find_dates(text, REF) == matches  # deterministic


# --- numeric forms, day first, with or without a weekday -------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start"),
    [
        ("la réunion du 17.02.2014", "17.02.2014", "2014-02-17"),
        ("clôture le 17-02-2014", "17-02-2014", "2014-02-17"),
        ("publié le 2014-02-20", "2014-02-20", "2014-02-20"),
        ("lundi 17/02/2014 à Lille", "lundi 17/02/2014", "2014-02-17"),
        ("jeudi 05.03.2026, salle B", "jeudi 05.03.2026", "2026-03-05"),
        ("le 5 juil. 2025", "5 juil. 2025", "2025-07-05"),
        ("le 1er déc. 2025", "1er déc. 2025", "2025-12-01"),
        ("le 17/02 à l'Hôtel de ville", "17/02", "2026-02-17"),
        ("le 17.02 à l'Hôtel de ville", "17.02", "2026-02-17"),
        ("mardi 17/02 au siège", "mardi 17/02", "2026-02-17"),  # 17 February 2026 is a Tuesday
    ],
)
def test_numeric_dates(text, span, start):
    check(text, span, start, start, "day")


@pytest.mark.parametrize(
    "text", ["ouvert 24/7", "les 3/4 des sondés", "la version 1.2.2025", "un taux de 17.02", "le 1.5"]
)
def test_numbers_that_are_not_numeric_dates(text):
    assert find_dates(text, REF) == []


# --- two-digit years ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain"),
    [
        ("en mars 97, la société", "mars 97", "1997-03-01", "1997-03-31", "month"),
        ("fondée en mars ’97.", "mars ’97", "1997-03-01", "1997-03-31", "month"),
        ("le 4 juillet 88, il est arrivé", "4 juillet 88", "1988-07-04", "1988-07-04", "day"),
        ("une loi votée en 96, puis", "96", "1996-01-01", "1996-12-31", "year"),
        ("dès octobre 05.", "dès octobre 05", "2005-10-01", None, "month"),
        ("le 25/11/25", "25/11/25", "2025-11-25", "2025-11-25", "day"),
    ],
)
def test_two_digit_years(text, span, start, end, grain):
    assert check(text, span, start, end, grain)["inferred_year"] is False


@pytest.mark.parametrize(
    "text", ["le 3 mars 25 salariés ont", "en 12 mois", "réparti en 96 lots", "divisé en 30, puis", "le 4 juillet 14 h"]
)
def test_two_digits_that_are_not_years(text):
    assert [m.value["grain"] for m in find_dates(text, REF)] in ([], ["day"])
    assert all(m.value["start"][:2] != "19" for m in find_dates(text, REF))


def test_two_digit_years_take_the_century_nearest_the_reference():
    assert only("en mars 30.", date(2026, 3, 9))[1]["start"] == "2030-03-01"
    assert only("en mars 30.", date(1999, 3, 9))[1]["start"] == "1930-03-01"
    assert only("en mars 97.", None)[1]["start"] == "1997-03-01"


# --- the year of an incomplete date, from the document ------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start"),
    [
        # A programme gives its year once: its days take it, whatever the reference.
        ("Programme de juin 2024.\n\nVendredi 14 juin : ouverture.", "Vendredi 14 juin", "2024-06-14"),
        ("Le festival de juin 2024 ouvrira le 14 juin à Nantes.", "14 juin", "2024-06-14"),
        ("Du 10 au 20 juin 2024, à Nantes. Clôture le 20 juin.", "20 juin", "2024-06-20"),
        # A weekday and a day pick the year they fall in, even far from the reference.
        ("Rendez-vous vendredi 14 juin à Nantes.", "vendredi 14 juin", "2024-06-14"),
    ],
)
def test_the_year_comes_from_the_document(text, span, start):
    found = {text[m.start : m.end]: m.value for m in find_dates(text, REF)}
    assert (found[span]["start"], found[span]["inferred_year"]) == (start, True)


@pytest.mark.parametrize(
    ("text", "span", "start"),
    [
        # February is attested in two years: the reference decides (the nearest).
        ("En février 2025 puis le 19 février 2026, deux sommets. Réunion le 18 février.", "18 février", "2026-02-18"),
        # `prochain` beats an attested year on the wrong side of the reference.
        ("Le salon de février 2025 revient le 18 février prochain.", "18 février prochain", "2027-02-18"),
        # A year-grain mention does not attest a month: `en 2019` says nothing of `en septembre`.
        ("En 2019, la société a été créée. Lancement en septembre.", "septembre", "2025-09-01"),
    ],
)
def test_document_years_that_do_not_decide(text, span, start):
    found = {text[m.start : m.end]: m.value for m in find_dates(text, REF)}
    assert found[span]["start"] == start


def test_without_reference_the_document_still_gives_the_year():
    text = "Les inscriptions ferment début octobre 2027. Début octobre, le jury se réunit."
    assert [(text[m.start : m.end], m.value["start"]) for m in find_dates(text, None)] == [
        ("début octobre 2027", "2027-10-01"),
        ("Début octobre", "2027-10-01"),
    ]


# --- lists and coordination: one mention --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "parts"),
    [
        ("les 12, 13 et 14 octobre 2025", "12, 13 et 14 octobre 2025", "2025-10-12", "2025-10-14", None),
        (
            "les 3 et 10 mars 2026",
            "3 et 10 mars 2026",
            "2026-03-03",
            "2026-03-10",
            [("2026-03-03", "2026-03-03"), ("2026-03-10", "2026-03-10")],
        ),
        (
            "les 3 avril et 15 mai 2026",
            "3 avril et 15 mai 2026",
            "2026-04-03",
            "2026-05-15",
            [("2026-04-03", "2026-04-03"), ("2026-05-15", "2026-05-15")],
        ),
        ("en mai, juin et juillet 2026", "mai, juin et juillet 2026", "2026-05-01", "2026-07-31", None),
        ("janvier et février 2023", "janvier et février 2023", "2023-01-01", "2023-02-28", None),
        ("en 2019 et 2020", "2019 et 2020", "2019-01-01", "2020-12-31", None),
        (
            "les éditions 2016 et 2018",
            "2016 et 2018",
            "2016-01-01",
            "2018-12-31",
            [("2016-01-01", "2016-12-31"), ("2018-01-01", "2018-12-31")],
        ),
        (
            "les 30 décembre et 2 janvier 2026",
            "30 décembre et 2 janvier 2026",
            "2025-12-30",
            "2026-01-02",
            [("2025-12-30", "2025-12-30"), ("2026-01-02", "2026-01-02")],
        ),
        ("9 & 10 avril 2026", "9 & 10 avril 2026", "2026-04-09", "2026-04-10", None),
        (
            "entre la mi-avril et la fin mai 2026",
            "entre la mi-avril et la fin mai 2026",
            "2026-04-11",
            "2026-05-31",
            None,
        ),
        (
            "dès le 4 mars et jusqu'au 20 avril 2022",
            "dès le 4 mars et jusqu'au 20 avril 2022",
            "2022-03-04",
            "2022-04-20",
            None,
        ),
        ("depuis 2018 et jusqu'en 2030", "depuis 2018 et jusqu'en 2030", "2018-01-01", "2030-12-31", None),
        (
            "du lundi 7 au jeudi 10 juillet 2025",
            "du lundi 7 au jeudi 10 juillet 2025",
            "2025-07-07",
            "2025-07-10",
            None,
        ),
    ],
)
def test_lists_and_coordination_are_one_mention(text, span, start, end, parts):
    got_span, value = only(text)
    assert (got_span, value["start"], value["end"]) == (span, start, end)
    assert [(p["start"], p["end"]) for p in value.get("parts", [])] == (parts or [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("puis fin novembre 2025 et le 26 janvier", ["fin novembre 2025", "26 janvier"]),  # not the same kind
        ("le 3 mai 2025, puis le 10 juin 2025", ["3 mai 2025", "10 juin 2025"]),  # no `et`
        ("en mai 2025, juin 2025 a vu", ["mai 2025", "juin 2025"]),
        ("hier et demain", ["hier", "demain"]),  # not read from the calendar
        ("depuis 2018 et d'ici 2030", ["depuis 2018", "d'ici 2030"]),  # open ranges stay apart
    ],
)
def test_dates_side_by_side_that_are_not_lists(text, expected):
    assert spans(text) == expected


# --- bare years: where they are dates, and only there ------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("fondée en 2014 à Lyon", "2014"),
        ("le rapport (2017) montre", "2017"),
        ("un tableau de Monet, 1872.", "1872"),
        ("Les vendanges 2021 ont été précoces.", "2021"),
        ("le classement des écoles, les résultats 2023 sont", "2023"),
        ("## 2019\n\nL'entreprise ouvre son premier site.", "2019"),
        ("Par rapport à 2011, les ventes ont triplé.", "2011"),
        ("une hausse comparé à 2019", "2019"),
    ],
)
def test_bare_years_that_are_dates(text, span):
    assert check(text, span, f"{span}-01-01", f"{span}-12-31", "year")["inferred_year"] is False


@pytest.mark.parametrize(
    "text",
    [
        "le plan Nouvelle Vague 2030 finance",
        "1800 bornes à installer",
        "1750\n\nC'est le nombre de vélos prêtés aux étudiants.",  # a key figure over its caption
        "Nice 06000",
        "tél. 04 93 12 20 19",
        "voir https://exemple.org/2023/rapport",
        "doi:10.5281/zenodo.2023118",
        "une association loi 1901",
        "le décret 2021 relatif",
        "au 1200 rue des Lilas",
        "Projet Horizon 2040 : lancement",
        "soit 1950 participants",
    ],
)
def test_numbers_that_are_not_bare_years(text):
    assert find_dates(text, REF) == []


# --- relative and anaphoric dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "grain"),
    [
        (
            "Le 3 mars 2026, l'accord est signé. La veille, les négociateurs",
            "La veille",
            "2026-03-02",
            "2026-03-02",
            "day",
        ),
        (
            "Le 3 mars 2026, l'accord est signé. Le lendemain, il entre",
            "Le lendemain",
            "2026-03-04",
            "2026-03-04",
            "day",
        ),
        (
            "Les 3 et 4 mars 2026, le salon. Le surlendemain, bilan",
            "Le surlendemain",
            "2026-03-06",
            "2026-03-06",
            "day",
        ),
        ("Le 3 mars 2026, vote. Le même jour, la ville", "Le même jour", "2026-03-03", "2026-03-03", "day"),
        (
            "Le 3 mars 2026, vote. Deux jours plus tard, la loi",
            "Deux jours plus tard",
            "2026-03-05",
            "2026-03-05",
            "day",
        ),
        (
            "Le 3 mars 2026, vote. La semaine suivante, la loi",
            "La semaine suivante",
            "2026-03-09",
            "2026-03-15",
            "week",
        ),
        (
            "Créée en 2015, la société. Deux ans plus tard, elle lève",
            "Deux ans plus tard",
            "2017-01-01",
            "2017-12-31",
            "year",
        ),
        (
            "En 2019, une première édition. L'année suivante, la seconde",
            "L'année suivante",
            "2020-01-01",
            "2020-12-31",
            "year",
        ),
        (
            "Le 3 mars 2026, vote. Trois jours auparavant, un débat",
            "Trois jours auparavant",
            "2026-02-28",
            "2026-02-28",
            "day",
        ),
        (
            "Il est arrivé le lendemain du 21 mars 2026.",
            "le lendemain du 21 mars 2026",
            "2026-03-22",
            "2026-03-22",
            "day",
        ),
        ("la veille de Noël 2025", "la veille de Noël 2025", "2025-12-24", "2025-12-24", "day"),
        # Without an earlier date, `la veille` is the day before the reference.
        ("La veille, le conseil a voté.", "La veille", "2026-03-08", "2026-03-08", "day"),
        ("en fin de semaine", "fin de semaine", "2026-03-14", "2026-03-15", "day"),
    ],
)
def test_anaphoric_dates(text, span, start, end, grain):
    found = {text[m.start : m.end]: m.value for m in find_dates(text, REF)}
    value = found[span]
    assert (value["start"], value["end"], value["grain"]) == (start, end, grain)


def test_relative_values_say_so():
    values = [m.value for m in find_dates("Le 3 mars 2026, vote ; la veille, débat ; hier, bilan.", REF)]
    assert ["relative" in v for v in values] == [False, True, True]


@pytest.mark.parametrize(
    "text",
    [
        "au lendemain de la guerre",  # an idiom, not the day after a date
        "trois semaines après l'ouverture du chantier",  # counted from an event
        "L'année suivant le sommet a été riche.",  # `suivant` is a preposition
        "Un an plus tard, les résultats sont là.",  # no date mentioned before
        "Nombre de sites analysés à ce jour : 1450",
        "A ce jour, le bilan est positif.",
        "Jusqu'à ce jour, rien n'a changé.",
        "des solutions pour demain",
        "les métiers de demain",
        "Petits budgets, fin du mois sereine : nos astuces",  # an idiom, no preposition before `fin du mois`
        "Aujourd'hui, l'IA transforme les métiers.",  # "nowadays" (no tense reader here: no verb says otherwise)
    ],
)
def test_relative_words_that_are_not_dates(text):
    assert find_dates(text, REF) == []


def test_anaphors_skip_deadlines_and_other_anaphors():
    text = "En 2024, lancement. Il sera étendu d'ici fin 2026. Un an plus tard, il couvrait tout le pays."
    found = {text[m.start : m.end]: m.value for m in find_dates(text, REF)}
    assert found["Un an plus tard"]["start"] == "2025-01-01"


# --- never a wrong-shaped value -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "start"),
    [
        ("Début : 1er mars 2025\nFin : 3 avril 2025", "3 avril 2025", "2025-04-03"),
        ("Fin 3 avril 2025", "3 avril 2025", "2025-04-03"),  # a day has no end part
        ("fin le 3 avril 2025", "3 avril 2025", "2025-04-03"),
    ],
)
def test_the_end_of_a_period_is_that_day(text, span, start):
    found = {text[m.start : m.end]: m.value for m in find_dates(text, REF)}
    assert (found[span]["start"], found[span]["end"]) == (start, start)
    assert "approximate" not in found[span]


@pytest.mark.parametrize(
    "text",
    [
        "du 15 mars au 3 mars 2026",
        "de 2030 à 2020",
        "du 30 décembre au 2 janvier",
        "les 30 décembre et 2 janvier",
        "entre la fin mai et la mi-avril",
        "de fin 2027 à début 2026",
        "Fin : 3 avril 2025",
        "l'hiver dernier",
        "dès le 20 avril et jusqu'au 4 mars 2022",
    ],
)
def test_no_interval_ends_before_it_starts(text):
    for m in find_dates(text, REF):
        value = m.value
        assert value["start"] is None or value["end"] is None or value["start"] <= value["end"], (text, value)
        for part in value.get("parts", []):
            assert part["start"] <= part["end"]


def test_a_rule_skipped_for_a_missing_shape_could_not_have_matched():
    """`families_in` lets a numeric rule scan a paragraph only when the paragraph holds the shape every match
    of that rule holds (`rules._SHAPES`): skipping the scan must never lose a match."""
    import random

    from pipeline.match.dates.rules import _SHAPES, families_in, rules

    numeric = [r for r in rules() if set(r.needs) & set(_SHAPES)]
    assert {r.name for r in numeric} >= {"iso", "numeric", "numeric_short", "year", "year_range", "short_year"}
    rng = random.Random(7)
    pieces = [*"0123456789/-.:, '’", "en ", "EN ", "T1 ", "s2 ", "ſ2 ", "2024", "1999", "mars ", "\n", "٣", "\u00a0"]
    samples = [
        "le 9/3/2026",
        "2026-03-09",
        "17.02.2014",
        "en 96, puis",
        "T1 2026",
        "entre 2023 et 2024",
        "de 2 000 à 3 000 euros",
        *("".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12))) for _ in range(20_000)),
    ]
    for text in samples:
        present = families_in(text)
        for rule in numeric:
            if rule.regex.search(text):
                assert all(family in present for family in rule.needs), (rule.name, text)
