"""The entity values the review site shows next to each entity, in a few words."""

from __future__ import annotations

import pytest

from pipeline.review.values import context_text, short_value

NNBSP = "\u202f"  # the thousands separator of `markup.number`


@pytest.mark.parametrize(
    ("label", "value", "shown"),
    [
        ("MONEY", {"amount": 2.6e9, "currency": "EUR"}, f"2{NNBSP}600{NNBSP}000{NNBSP}000 EUR"),
        ("MONEY", {"amount": 29.99, "currency": "CHF"}, "29.99 CHF"),
        (
            "MONEY",
            {"amount": None, "currency": "XOF", "min": 3e9, "max": 9e9},
            f"3{NNBSP}000{NNBSP}000{NNBSP}000–9{NNBSP}000{NNBSP}000{NNBSP}000 XOF",
        ),
        (
            "MONEY",
            {"amount": 60000.0, "currency": "EUR", "qualifier": "about", "tax": "TTC", "per": "an"},
            f"about 60{NNBSP}000 EUR TTC per an",
        ),
        (
            "MONEY",
            {"amount": 5e6, "currency": "CAD", "currency_inferred": True},
            f"5{NNBSP}000{NNBSP}000 CAD (currency inferred)",
        ),
        ("MONEY", {"amount": -7e6, "currency": "EUR"}, f"-7{NNBSP}000{NNBSP}000 EUR"),
        ("PERCENT", {"value": 12.0}, "12 %"),
        ("PERCENT", {"value": 4.5, "qualifier": "less_than"}, "less than 4.5 %"),
        ("QUANTITY", {"amount": 300.0, "unit": "MW"}, "300 MW"),
        ("DATE", {"start": "2026-03-09", "end": "2026-03-09", "grain": "day"}, "2026-03-09"),
        ("DATE", {"start": "2030-01-01", "end": "2030-12-31", "grain": "year"}, "2030-01-01 → 2030-12-31 (year)"),
        ("DATE", {"start": None, "end": "2030-12-31", "grain": "year"}, "… → 2030-12-31 (year)"),
        (
            "DATE",
            {"start": "2025-10-01", "end": "2025-12-31", "grain": "month", "approximate": True, "relative": True},
            "≈ 2025-10-01 → 2025-12-31 (month; relative)",
        ),
        (
            "DATE",
            {
                "start": "2026-04-03",
                "end": "2026-05-15",
                "grain": "day",
                "parts": [{"start": "2026-04-03", "end": "2026-04-03"}, {"start": "2026-05-15", "end": "2026-05-15"}],
            },
            "2026-04-03 → 2026-05-15 (parts 2026-04-03, 2026-05-15)",
        ),
        ("ORG", {"canonical": "Banque cantonale vaudoise"}, "Banque cantonale vaudoise"),
        ("PER", None, ""),
        ("LOC", {}, ""),
    ],
)
def test_values_in_a_few_words(label, value, shown):
    assert short_value(label, value) == shown


def test_a_table_cell_says_where_it_sits_not_a_dict():
    value = {
        "amount": 12.5e6,
        "currency": "EUR",
        "context": {"table": 0, "row": 1, "column": 2, "row_label": "Recettes (M€)", "column_label": "2025"},
    }
    shown = short_value("MONEY", value)
    assert shown == f"12{NNBSP}500{NNBSP}000 EUR · table 1, row 2, column 3: Recettes (M€) × 2025"
    assert "{" not in shown and "'" not in shown
    assert context_text({"table": 1, "row": 0, "column": 0, "row_label": None, "column_label": ""}) == (
        "table 2, row 1, column 1"
    )


def test_a_value_of_an_unknown_shape_is_shown_key_by_key_not_dropped():
    assert short_value("MONEY", {"amount": 1.0, "currency": "EUR", "nouveau": "x"}) == "1 EUR · nouveau x"
    assert short_value("MISC", {"kind": "produit"}) == "kind produit"
