"""The year-less date classes of issue 19: deadlines point forward, a bare month in a past clause is the last one."""

import datetime as dt

import pytest

import pipeline

REFERENCE = dt.date(2026, 9, 15)


def dates(text):
    record = pipeline.annotate_text(text, reference_date=REFERENCE)
    return [(e["text"], e["value"]["start"], e["value"]["end"]) for e in record["entities"] if e["label"] == "DATE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les candidatures sont ouvertes d'ici le 30 juin.", [("d'ici le 30 juin", None, "2027-06-30")]),
        ("Le dispositif est prolongé jusqu'au 30 juin.", [("jusqu'au 30 juin", None, "2027-06-30")]),
        ("Inscriptions jusqu'au 3 janvier.", [("jusqu'au 3 janvier", None, "2027-01-03")]),
        ("Les travaux seront terminés d'ici octobre.", [("d'ici octobre", None, "2026-10-31")]),
    ],
)
def test_deadlines_point_forward(text, expected):
    assert dates(text) == expected


def test_a_deadline_in_a_past_clause_stays_in_the_past():
    assert dates("L'exposition était visible jusqu'au 15 août.") == [("jusqu'au 15 août", None, "2026-08-15")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le conseil a voté le budget en novembre.", [("novembre", "2025-11-01", "2025-11-30")]),
        ("La mairie avait lancé en mars une consultation.", [("mars", "2026-03-01", "2026-03-31")]),
        ("Le conseil votera le budget en novembre.", [("novembre", "2026-11-01", "2026-11-30")]),
        ("Le conseil votera le budget en mars.", [("mars", "2027-03-01", "2027-03-31")]),
    ],
)
def test_a_bare_month_follows_the_tense_of_its_clause(text, expected):
    assert dates(text) == expected
