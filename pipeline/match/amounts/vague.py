"""Amounts without digits: `plusieurs milliards d'euros` (no value) and `une dizaine de millions d'euros` (about 10 M).

They start with a determiner and a head noun (`scales.json`: `vague_nouns`,
`approximate_nouns`), not with a number, so they are found by their own scan.
"""

from __future__ import annotations

from pipeline.match.amounts.figures import Figure, currency_after, unit_after
from pipeline.match.amounts.rules import Rules
from pipeline.match.amounts.values import to_match
from pipeline.match.base import Match


def vague_amounts(text: str, rules: Rules, locale: dict | None) -> list[Match]:
    """`plusieurs milliards d'euros`, `des millions de dollars`, `une centaine de milliers d'euros`."""
    found = []
    for head in rules.vague_heads.finditer(text):
        determiner = rules.vague_determiner.ending_at(text, head.start(), 25)
        if determiner is None:
            continue
        tail = rules.vague_tail.match(text, head.end())
        end = tail.end() if tail else head.end()
        currency = currency_after(text, end, True, rules, locale)
        unit = None if currency else unit_after(text, end, True, rules)
        if not (currency or unit):
            continue
        noun = head.group().lower()
        exact, start = determiner
        raw = rules.approximate[noun] if exact and noun in rules.approximate else None
        scale = rules.vague_tails[tail["tail"].lower()] if tail else None
        if currency:
            code, end, inferred = currency
            figure = Figure(start, start, head.end(), end, raw, scale, label="MONEY", code=code, inferred=inferred)
        else:
            code, end = unit
            figure = Figure(start, start, head.end(), end, raw, scale, label="QUANTITY", code=code)
        found.append(to_match(text, figure, rules, default="about" if raw is not None else None))
    return found
