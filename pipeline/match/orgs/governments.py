"""Governments named with their country: `le gouvernement du Canada`, `le gouvernement américain`.

`le Gouvernement`, `la primature` alone are generic nouns, not
organisations (the scoring conventions say so, and a reader cannot tell
which government without context). With its country, a government is an
institution acting in the release: `le gouvernement du Québec`,
`la Primature du Sénégal`, `le gouvernement américain`. The country may be
named (`du Canada`, `de la République de Guinée`) or given by its adjective
(`canadien`, `américaine`); both give one canonical name
(`Gouvernement des États-Unis`), so the two forms are one organisation.

The heads and countries are data (`pipeline/models/organisations/governments.json`),
general knowledge of the French-speaking world and of the countries
French releases name most.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.ruledata import load

_APOSTROPHE = "['’]"
_LAST_WORD = re.compile(r"(\w+)\s*$")
_INDEFINITE = frozenset(["un", "une", "chaque", "aucun", "tout", "futur", "prochain", "nouveau", "autre", "ancien"])


def _words(phrase: str) -> str:
    """A regex for `phrase` whatever its spaces and apostrophes."""
    return r"\s+".join(re.escape(w) for w in phrase.split()).replace("'", _APOSTROPHE).replace("’", _APOSTROPHE)


@cache
def _table() -> tuple[re.Pattern, dict[str, str]]:
    """The regex of governments with their country, and country form (lower case) → `of` phrase."""
    data = load("organisations/governments.json")
    country_of: dict[str, str] = {}
    for c in data["countries"]:
        of, name = c["of"], c["name"]
        forms = {of, "de " + name, "de la République " + of, "de la République de " + name, *c["adjectives"]}
        forms |= {"de la République " + a for a in c["adjectives"]}
        for form in forms:
            country_of[_norm(form)] = of
    heads = sorted(data["heads"], key=len, reverse=True)
    countries = sorted(country_of, key=len, reverse=True)
    head = "|".join(_words(h) for h in heads)
    country = "|".join(_words(c) for c in countries)
    pattern = re.compile(rf"(?<![\w\-])(?P<head>{head})\s+(?P<country>{country})(?![\w\-])", re.IGNORECASE)
    return pattern, country_of


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def government_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of each government named with its country."""
    pattern, country_of = _table()
    found = []
    for m in pattern.finditer(text):
        of = country_of.get(_norm(m.group("country")))
        before = _LAST_WORD.search(text, 0, m.start())
        if of is None or (before and before.group(1).lower() in _INDEFINITE):
            continue  # `un gouvernement français de transition`: no particular government
        head = _norm(m.group("head")).split()[0]  # `gouvernement fédéral canadien` is the Canadian government
        found.append((m.start(), m.end(), f"{head[:1].upper()}{head[1:]} {of}"))
    return found
