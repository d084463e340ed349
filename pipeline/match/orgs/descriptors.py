"""Names introduced by what they are: `l'association Zorgane`, `les hébergeurs Zorg et Plix`.

French releases present an organisation the reader may not know with a
common noun in apposition: `l'association Zorgane`, `le service public
France Vélo Zorg`, `la start-up Mistral AI`, `les opérateurs ABX, TRM
et SOLAG`. The statistical model often misses these names, or labels them
as places or people (`Boussole` is also a common word; `France` a country),
but the descriptor says what they are. The descriptor is not part of the
name: the span is the capitalised name after it (`Zorgane`), which is how
the organisation is named elsewhere in the text.

On the 15 releases of the press-dev set, descriptors introduce 4 of the 83
gold organisations, 3 of which nothing else found; none of their spans was
wrong.

The descriptors are data (`pipeline/models/organisations/descriptors.json`). Heads
that belong to the name (`fondation Zéphyr pour les abeilles`)
are the head-word grammar's (`patterns.py`).
"""

from __future__ import annotations

import bisect
from functools import cache

from pipeline.match.orgs.names import BREAK, SPACE, Tokens, key
from pipeline.match.orgs.patterns import grammar, is_name_word
from pipeline.ruledata import load

# `l'association Les Amis de la Terre`, `Dupont & Fils`, `le groupe Gerry and the Zorgs`
_INSIDE = frozenset(["de", "du", "des", "d", "&", "and", "of", "for"])
_ARTICLES = frozenset(["la", "le", "les", "l", "the"])
_BETWEEN = frozenset(["et", "ou"])  # between the names of a plural descriptor


@cache
def _concepts() -> frozenset[str]:
    return frozenset(load("ner/not_entities.json")["words"])


@cache
def _descriptors() -> tuple[dict[str, bool], int]:
    """Descriptor key → plural?, and the most words a descriptor has."""
    data = load("organisations/descriptors.json")
    table = {key(d): False for d in data["singular"]} | {key(d): True for d in data["plural"]}
    return table, max(len(d.split()) for d in table)


@cache
def _first_words() -> frozenset[str]:
    return frozenset(d.split()[0] for d in _descriptors()[0])


def descriptor_names(toks: Tokens) -> list[tuple[int, int]]:
    """(first word, last word + 1) of each name a lower-case descriptor introduces."""
    table, longest = _descriptors()
    found: list[tuple[int, int]] = []
    n = len(toks)
    # `_descriptor_at` is 0 at a word that opens no descriptor: only the others are looked at.
    candidates = toks.having_first(_first_words())
    i = 0
    while i < n:
        at = bisect.bisect_left(candidates, i)
        if at == len(candidates):
            break
        i = candidates[at]
        size = _descriptor_at(toks, i, table, longest)
        if not size:
            i += 1
            continue
        plural = table[" ".join(toks.keys[i : i + size])]
        j = _after_adjectives(toks, i + size)
        if j < n and toks.gaps[j - 1] == SPACE:
            while (end := _name_run(toks, j)) > j:
                found.append((j, end))
                following = _next_member(toks, end) if plural and end < n else None
                if following is None:
                    break
                j = following
        i = max(i + size, found[-1][1] if found else i)
    return found


def _after_adjectives(toks: Tokens, j: int, most: int = 2) -> int:
    """Past the lower-case adjectives after a descriptor (`la start-up lyonnaise Zorg`, `le groupe
    pharmaceutique Zorg`)."""
    g = grammar()
    for _ in range(most):
        if j < len(toks) and toks.gaps[j - 1] == SPACE and toks.word(j)[:1].islower() and g.is_adjective(toks.keys[j]):
            j += 1
    return j


def _descriptor_at(toks: Tokens, i: int, table: dict[str, bool], longest: int) -> int:
    """The number of words of the longest lower-case descriptor at word `i` (0 if none)."""
    if toks.firsts[i] not in _first_words() or not toks.word(i)[:1].islower():
        return 0
    for size in range(min(longest, n := len(toks) - i), 0, -1):
        if size > n or any(gap == BREAK for gap in toks.gaps[i : i + size - 1]):
            continue
        if " ".join(toks.keys[i : i + size]) in table:
            return size
    return 0


def _name_run(toks: Tokens, j: int) -> int:
    """The end of the capitalised name starting at word `j` (`j` itself when there is none)."""
    g, n = grammar(), len(toks)
    if not is_name_word(toks, j, g) or toks.lows[j] in g.blockers or toks.word(j) in _concepts():
        return j  # `l'incubateur IA de l'État`: a concept, not a name
    end = j + 1
    while end < n and toks.gaps[end - 1] != BREAK:
        if is_name_word(toks, end, g) or (toks.word(end).isdigit() and len(toks.word(end)) <= 4):
            end += 1
        elif toks.lows[end] in _INSIDE and (after := _name_after(toks, end + 1, g)):
            end = after
        else:
            break
    return end


def _name_after(toks: Tokens, k: int, g) -> int | None:
    """After `de`/`&` at word `k` - 1: the end of the name word that follows (`de la Terre`), if one does."""
    n = len(toks)
    if k < n and toks.gaps[k - 1] != BREAK and toks.lows[k] in _ARTICLES:
        k += 1
    if k < n and toks.gaps[k - 1] != BREAK and is_name_word(toks, k, g):
        return k + 1
    return None


def _next_member(toks: Tokens, end: int) -> int | None:
    """Where the next name of a list starts after word `end` - 1 (`, TRM`, `et SOLAG`), if the list goes on."""
    if toks.comma_before(end):
        return end
    if toks.gaps[end - 1] == SPACE and toks.lows[end] in _BETWEEN and end + 1 < len(toks):
        return end + 1 if toks.gaps[end] == SPACE else None
    return None
