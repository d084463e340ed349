"""What an ambiguous currency word means where it is written: `dollars`, `francs`, `FCFA`, `dirhams`, `dinars`.

A form that names its currency (`$ US`, `dollars canadiens`, `francs suisses`,
`CHF`) means it everywhere. The others mean what the document's country makes
them mean (`pipeline/models/amounts/currencies.json`, `ambiguous`), with one exception:
the sentence of the amount may name another country that gives the word a
meaning, and no other (`un chantier américain de 80 millions de dollars` in a
Canadian release is USD), unless that meaning
is a currency out of use (a sentence naming France does not make `francs`
French francs). With no evidence at
all, the word takes its `default`, flagged `currency_inferred` when that
default is a guess (`FCFA` → XOF: the UEMOA is the larger zone).
"""

from __future__ import annotations

from pipeline.match.amounts.locale import countries_named, zone_of
from pipeline.match.amounts.patterns import SENTENCE_BREAK
from pipeline.match.amounts.rules import Ambiguous

_REACH = 300  # characters searched on each side of an amount for the bounds of its sentence


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end], looking at most `_REACH` characters away."""
    low = max(0, start - _REACH)
    breaks = list(SENTENCE_BREAK.finditer(text, low, start))
    low = breaks[-1].end() if breaks else low
    after = SENTENCE_BREAK.search(text, end, end + _REACH)
    return low, after.start() if after else min(len(text), end + _REACH)


def resolve(code, text: str, start: int, end: int, locale: dict | None) -> tuple[str | None, bool]:
    """(ISO code, inferred) of the currency read at text[start:end]; (None, False) when it is none here."""
    if not isinstance(code, Ambiguous):
        return code, False
    country = locale.get("country") if locale else None
    zone = (locale.get("zone") if locale else None) or zone_of(country)
    if code.countries or code.zones:
        low, high = _sentence(text, start, end)
        named = countries_named(text, low, high)
        if country not in named:
            meaningful = {c for c in named if code.current(c, zone_of(c))}
            if len(meaningful) == 1:
                (other,) = meaningful
                return code.current(other, zone_of(other)), False
    meaning = code.meaning(country, zone)
    if meaning:
        return meaning, False
    return code.default, code.default is not None and code.default_inferred
