"""The tense of a date's clause, from spaCy's morphologizer, and the dates it decides."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.match.dates import find_dates

pytestmark = pytest.mark.slow  # loads the spaCy model

REF = date(2026, 3, 9)  # a Monday


@pytest.fixture(scope="module")
def tense():
    from pipeline.ner.nlp import tense_reader

    return tense_reader()


def dates(text: str, tense, reference: date | None = REF) -> dict[str, dict]:
    return {text[m.start : m.end]: m.value for m in find_dates(text, reference, tense=tense)}


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Le ministre a signé l'accord hier.", "hier", "past"),
        ("La convention a été ratifiée le 12 mai.", "12 mai", "past"),
        ("Les équipes se sont réunies ce week-end.", "ce week-end", "past"),
        ("Ce week-end, les bénévoles ont nettoyé la plage.", "Ce week-end", "past"),  # `nettoyé` tagged Inf
        ("Le directeur est arrivé mardi.", "mardi", "past"),
        ("La délégation vient d'inaugurer le site lundi.", "lundi", "past"),
        ("L'usine fermait ses portes en juillet.", "juillet", "past"),
        ("Le salon aura lieu le 12 mai.", "12 mai", "future"),
        ("La mairie va ouvrir une crèche en septembre.", "septembre", "future"),
        ("Le jury devrait rendre son avis jeudi.", "jeudi", "future"),
        ("La réunion est prévue le 16 juillet.", "16 juillet", "present"),
        ("L'entreprise annonce aujourd'hui un plan d'embauche.", "aujourd'hui", "event"),
        ("La ministre se rend aujourd'hui à Lille.", "aujourd'hui", "event"),
        ("Le salon se tient aujourd'hui à Lyon.", "aujourd'hui", "event"),
        ("Ces mesures rendent aujourd'hui le service indispensable.", "aujourd'hui", "present"),
        ("Aujourd'hui, les réseaux sont alimentés par le solaire.", "Aujourd'hui", "present"),
        ("Les stocks, aujourd'hui reconstitués, suffiront.", "aujourd'hui", None),
        ("Lundi 12 mai : ouverture des portes.", "Lundi 12 mai", None),
    ],
)
def test_the_verb_nearest_the_date_gives_the_tense(tense, sentence, word, expected):
    start = sentence.index(word)
    assert tense(sentence, [(start, start + len(word))]) == [expected]


@pytest.mark.parametrize(
    ("text", "span", "start"),
    [
        # Past: the last occurrence on or before the reference; future: the next on or after it.
        ("Le contrat a été signé le 14 juin.", "14 juin", "2025-06-14"),
        ("Le contrat sera signé le 14 juin.", "14 juin", "2026-06-14"),
        ("La foire s'est tenue en octobre.", "octobre", "2025-10-01"),
        ("La foire se tiendra en février.", "février", "2027-02-01"),
        ("La foire se tiendra en mars.", "mars", "2026-03-01"),  # the reference's own month is not past
        ("La foire a eu lieu en mars.", "mars", "2026-03-01"),
        # Present or no verb: the nearest.
        ("Le 2 mars : clôture des inscriptions.", "2 mars", "2026-03-02"),
        ("Clôture des inscriptions le 20 février.", "20 février", "2026-02-20"),
        # Weekdays alone.
        ("Le comité s'est réuni jeudi.", "jeudi", "2026-03-05"),
        ("Le comité se réunira jeudi.", "jeudi", "2026-03-12"),
        ("Le comité a voté lundi.", "lundi", "2026-03-09"),  # on or before: the reference itself
        ("Les bénévoles se sont retrouvés ce week-end.", "ce week-end", "2026-03-07"),
        ("Les bénévoles se retrouveront ce week-end.", "ce week-end", "2026-03-14"),
    ],
)
def test_the_tense_picks_the_occurrence(tense, text, span, start):
    assert dates(text, tense)[span]["start"] == start


def test_the_document_year_comes_before_the_tense_when_they_agree(tense):
    text = "Édition de juin 2024. Le concert a eu lieu le 14 juin. Programme : lundi 17 juin, atelier."
    found = dates(text, tense)
    assert (found["14 juin"]["start"], found["lundi 17 juin"]["start"]) == ("2024-06-14", "2024-06-17")


def test_a_future_clause_is_not_about_an_attested_month_already_past(tense):
    reference = date(2026, 2, 12)
    text = "Le sommet de février 2025 a réuni 100 pays. Le prochain se tiendra du 16 au 20 février à Delhi."
    found = dates(text, tense, reference)
    assert (found["février 2025"]["start"], found["du 16 au 20 février"]["start"]) == ("2025-02-01", "2026-02-16")


@pytest.mark.parametrize(
    ("text", "span", "start", "relative"),
    [
        ("La société a annoncé aujourd'hui son rachat.", "aujourd'hui", "2026-03-09", True),
        ("Le ministre inaugure aujourd'hui le nouveau campus.", "aujourd'hui", "2026-03-09", True),
        ("Les résultats seront publiés aujourd'hui.", "aujourd'hui", "2026-03-09", True),
        ("Le ministre a signé hier la convention.", "hier", "2026-03-08", True),
        ("Le chantier démarrera demain.", "demain", "2026-03-10", True),
        ("Au printemps, nous ouvrirons trois agences.", "printemps", "2026-03-01", False),
    ],
)
def test_deictic_words_in_past_or_future_clauses_are_dates(tense, text, span, start, relative):
    value = dates(text, tense)[span]
    assert (value["start"], value.get("relative", False)) == (start, relative)


@pytest.mark.parametrize(
    "text",
    [
        "Aujourd'hui, l'intelligence artificielle transforme les métiers.",
        "Le réseau compte aujourd'hui plus de 200 membres.",
        "Il existe aujourd'hui une aide pour isoler les combles.",
        "En été, la demande d'électricité augmente.",
        "Traverser l'hiver sans se ruiner, c'est facile.",
    ],
)
def test_generic_uses_are_not_dates(tense, text):
    assert dates(text, tense) == {}


def test_without_a_reference_the_tense_is_not_needed(tense):
    calls = []

    def counting(text, spans):
        calls.append(spans)
        return tense(text, spans)

    assert find_dates("Le contrat a été signé le 14 juin.", None, tense=counting) == []
    assert calls == []  # nothing to anchor: no morphology is run
