"""The shared French number parser: digit styles, scales and number words."""

from __future__ import annotations

import pytest

from pipeline.match.numbers import parse_decimal, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French grouping with every blank a release may use
        ("1 200 000", 1_200_000.0),
        ("1\u00a0200\u00a0000", 1_200_000.0),
        ("1\u202f200\u202f000", 1_200_000.0),
        ("13 600", 13_600.0),
        ("1'000'000", 1_000_000.0),  # Swiss
        ("1'250.50", 1_250.5),
        # spaced thousands with a decimal point, as Canadian releases print them
        ("45 120.50", 45_120.5),
        ("45\u202f120.5", 45_120.5),
        # dotted thousands and decimals
        ("1.200.000", 1_200_000.0),
        ("1.200", 1_200.0),
        ("1.234,5", 1_234.5),
        ("2.5", 2.5),
        ("3.55", 3.55),
        ("0.500", 0.5),
        # comma decimals and international grouping
        ("2,6", 2.6),
        ("3,55", 3.55),
        ("3,550", 3.55),
        ("1 200,50", 1_200.5),
        ("1,200,000", 1_200_000.0),
        ("1,200.75", 1_200.75),
        ("42", 42.0),
        ("-3,2", -3.2),
        ("+15", 15.0),
    ],
)
def test_digit_styles(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,6 milliards", 2_600_000_000.0),
        ("1,5 million", 1_500_000.0),
        ("10 mille", 10_000.0),
        ("15 M", 15_000_000.0),
        ("2,6 Md", 2_600_000_000.0),
        ("3 Mds", 3_000_000_000.0),
        ("10 k", 10_000.0),
        ("2 billions", 2e12),  # French billion is 10^12
    ],
)
def test_digits_with_a_scale(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dix", 10.0),
        ("Dix", 10.0),
        ("un", 1.0),
        ("une", 1.0),
        ("vingt", 20.0),
        ("deux cents", 200.0),
        ("vingt et un", 21.0),
        ("quatre-vingt-dix", 90.0),
        ("soixante et onze", 71.0),
        ("septante", 70.0),
        ("dix millions", 10_000_000.0),
        ("un milliard", 1_000_000_000.0),
        ("deux millions cinq cent mille", 2_500_000.0),
    ],
)
def test_number_words(text, expected):
    assert parse_number(text) == expected


def test_scaled_values_are_exact():
    """`2,6 milliards` must not become 2600000000.0000002 on its way to a record."""
    assert str(parse_decimal("2,6 milliards")) == "2600000000.0"
    assert parse_number("14,9 M") == 14_900_000.0


@pytest.mark.parametrize(
    "text",
    ["", "abc", "2.0.1", "un deux", "dix vingt", "3 foo", "1er", "H100", "%"],
)
def test_not_numbers(text):
    assert parse_number(text) is None
