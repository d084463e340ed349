"""Two numbers joined into one range (`10-20 M€`, `entre 10 et 20 euros`, `de 3 milliards à 9 milliards FCFA`).

A range is one amount with `min`/`max` and no `amount`; the lower bound
borrows what it leaves implicit from the upper one (`10-20 M€`: the scale,
the currency; `de 20 à 30 000 €`: the thousands). `passe de X à Y` is two
separate amounts, not a range.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from pipeline.match.amounts.figures import Figure, number_end, read
from pipeline.match.amounts.patterns import DE
from pipeline.match.amounts.rules import Rules

_THOUSANDS = re.compile(r"(?:[ \u00a0\u202f.]000)+$")
_OPENER = re.compile(rf"(?<![\w]){DE}\Z")


def _is_change(text: str, start: int, rules: Rules) -> bool:
    """`passe de X à Y` states two amounts, not a range: look for a change verb just before `de`."""
    before = text[max(0, start - 60) : start]
    opener = _OPENER.search(before)
    if opener is None:
        return False
    words = before[: opener.start()].split()[-3:]
    return any(rules.change_verbs.match(word) for word in words)


def range_after(text: str, first: Figure, rules: Rules, locale: dict | None) -> tuple[Figure, Figure, bool] | None:
    """The second half of `10-20 M€`, `entre 10 et 20 euros`, `de 50 000 $ à 100 000 $`, if any.

    Returns both halves (the first completed with what it left implicit) and whether they are two
    separate amounts (`passe de 40 000 € à 60 000 €`) rather than one range.
    """
    link = rules.connector.match(text, first.end)
    if link is None or first.raw is None:
        return None
    word = link.group().strip()
    opener = rules.pair_opener.get(word)
    if opener and not opener.search(text, max(0, first.start - 20), first.start):
        return None
    end = number_end(text, link.end(), rules)
    second = end and read(text, link.end(), link.end(), end, rules, locale)
    if not second or second.label is None or second.start < link.end():
        return None
    if first.label is not None and (first.label, first.code) != (second.label, second.code):
        return None
    if first.label is None and first.year_like:
        return None  # `2025 - 15 M€`
    if first.scale is None and second.scale is not None and first.raw <= second.raw:
        first = replace(first, scale=second.scale)  # `10-20 M€`, `entre dix et vingt millions d'euros`
    first = _elided_thousands(text, first, second)
    if first.value > second.value:
        return None
    separate = word in rules.word_connectors and opener is None and _is_change(text, first.start, rules)
    inferred = second.inferred or (separate and first.label is None and second.label == "MONEY")
    first = replace(first, label=second.label, code=second.code, inferred=inferred, bare_scale=None)
    return first, second, separate


def _elided_thousands(text: str, first: Figure, second: Figure) -> Figure:
    """`de 20 à 30 000 €` means 20 000 to 30 000: the lower bound shares the upper one's `000` groups.

    Only when the lower bound is written as a bare small integer and, so completed, is of the upper
    bound's order of magnitude; `de 1 à 30 000 €` stays as written.
    """
    written = text[first.num_start : first.num_end]
    groups = _THOUSANDS.search(text[second.num_start : second.num_end])
    if first.scale is not None or not written.isdigit() or len(written) > 3 or groups is None:
        return first
    completed = first.raw * Decimal(1000) ** groups.group().count("000")
    if completed <= second.raw < completed * 10:
        return replace(first, raw=completed)
    return first
