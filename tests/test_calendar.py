"""Easter and month arithmetic of the date rules, from python-dateutil (issue 20, item 5)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.match.dates.calendar import add_months, easter, shifted


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (1961, date(1961, 4, 2)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),  # early
        (2011, date(2011, 4, 24)),  # late
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),  # the latest possible
    ],
)
def test_easter_is_the_gregorian_sunday(year, sunday):
    assert easter(year) == sunday
    assert easter(year).weekday() == 6


def test_easter_is_not_the_orthodox_one():
    assert easter(2025) == date(2025, 4, 20)  # both churches agree that year
    assert easter(2024) != date(2024, 5, 5)  # the Orthodox Easter of 2024


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, (2026, 2)),  # no 31 February: the month, not the day, moves
        (date(2025, 12, 15), 1, (2026, 1)),
        (date(2026, 1, 10), -1, (2025, 12)),
        (date(2026, 3, 31), -13, (2025, 2)),
        (date(2026, 5, 1), 0, (2026, 5)),
        (date(2026, 5, 1), 24, (2028, 5)),
    ],
)
def test_add_months_crosses_years_both_ways(day, months, expected):
    assert add_months(day, months) == expected


def test_shifted_months_and_quarters_from_a_month_end():
    assert shifted(date(2026, 1, 31), "month", 1) == ((date(2026, 2, 1), date(2026, 2, 28)), "month")
    assert shifted(date(2024, 1, 31), "month", 1) == ((date(2024, 2, 1), date(2024, 2, 29)), "month")  # leap
    assert shifted(date(2026, 11, 5), "quarter", 1) == ((date(2027, 1, 1), date(2027, 3, 31)), "quarter")
    assert shifted(date(2026, 2, 5), "semester", -1) == ((date(2025, 7, 1), date(2025, 12, 31)), "quarter")
