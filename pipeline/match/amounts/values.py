"""A read figure (or range) as a `Match`: its span and its record value.

The value is `{"amount", "currency"}` for MONEY, `{"value"}` for PERCENT,
`{"amount", "unit"}` for QUANTITY; a range has `amount: null` and
`min`/`max`; `qualifier`, `tax` and `per` come from the words around the
span (`qualifiers.py`), `currency_inferred` marks a currency the text does
not state for this amount.
"""

from __future__ import annotations

from pipeline.match.amounts.figures import Figure
from pipeline.match.amounts.qualifiers import after_amount, qualifier_before
from pipeline.match.amounts.rules import Rules
from pipeline.match.base import Match


def _value(figure: Figure, lower: Figure | None, outside: dict) -> dict:
    amount = None if lower or figure.value is None else float(figure.value)
    if figure.label == "MONEY":
        value = {"amount": amount, "currency": figure.code}
    elif figure.label == "PERCENT":
        value = {"value": amount}
    else:
        value = {"amount": amount, "unit": figure.code}
    if lower:
        value |= {"min": float(lower.value), "max": float(figure.value)}
    value |= outside
    if figure.inferred:
        value["currency_inferred"] = True
    return value


def qualified_start(text: str, figure: Figure, rules: Rules) -> int:
    """Where the amount and its qualifier start (`plus de 3 M€`), to look for what comes before both."""
    before = qualifier_before(text, figure.start, rules)
    return before[1] if before else figure.start


def to_match(
    text: str, figure: Figure, rules: Rules, lower: Figure | None = None, *, after: bool = True, default=None
) -> Match:
    """The match of `figure` (of the range `lower`-`figure`), with what qualifies it before and after.

    `after=False` leaves out what follows the span (the first of two amounts `de X à Y`).
    """
    start = figure.start if lower is None else lower.start
    outside = after_amount(text, figure.end, figure.label, rules) if after else {}
    before = qualifier_before(text, start, rules)
    qualifier = before[0] if before else outside.pop("qualifier", None) or default
    outside.pop("qualifier", None)
    if qualifier:
        outside = {"qualifier": qualifier, **outside}
    return Match(figure.label, start, figure.end, _value(figure, lower, outside), f"rule:{figure.label.lower()}")
