"""The scan: every number of a text, and the few that are amounts.

The scan is number-first: one regex finds where numbers may start, a cheap
test (`_may_be_amount`) drops most of them (dates, counts, names), and only
the rest are read (`figures.read`), completed into ranges (`ranges`), given
their qualifiers (`values.to_match`), or kept aside as bare scaled figures
that may borrow a currency (`carry`). Amounts without digits come from
`vague`. Measured on `raw/` (`make bench`): about 4 % of spaCy NER's time.
"""

from __future__ import annotations

from pipeline.match.amounts.carry import carry_over
from pipeline.match.amounts.figures import Figure, number_end, read
from pipeline.match.amounts.patterns import LETTERS, glued, sign_before
from pipeline.match.amounts.ranges import range_after
from pipeline.match.amounts.rules import Rules, rules
from pipeline.match.amounts.vague import vague_amounts
from pipeline.match.amounts.values import to_match
from pipeline.match.base import Match


def _in_url(text: str, start: int) -> bool:
    """Raw text (not masked) may hold `%20` or `/2030-15-mw` in a link; nothing in a URL is an amount."""
    words = text[max(0, start - 200) : start + 1].split()
    token = words[-1] if words else ""
    return "://" in token or token.startswith("www.") or "@" in token


def _is_reference(text: str, start: int, rules: Rules) -> bool:
    """`France 2030`, `programme 172`, `n° 3`: the word before makes the number a name."""
    words = text[max(0, start - 30) : start].split()
    return bool(words) and (words[-1] in rules.references or words[-1].lower() in rules.references)


def _code_before(text: str, start: int, rules: Rules) -> bool:
    """`EUR29,99`, `USD1`: a currency code touching the number, which is then no product code."""
    previous = text[start - 1 : start]
    return previous in rules.currency_before.ends and rules.currency_before.ending_at(text, start, 12) is not None


def _may_be_amount(text: str, start: int, end: int, rules: Rules) -> bool:
    """Cheap test that something after (or a currency symbol before) could make this number an amount.

    Most numbers in a press release are dates, counts and names; skipping them before any regex keeps
    the matcher fast.
    """
    after = rules.blank.match(text, end).end()
    char = text[after : after + 1].lower()
    if char.isalpha():
        written = LETTERS.findall(text, start, end)
        if written and written[-1].lower() in rules.scale_words:
            return True  # `dix millions d'euros`
        if LETTERS.match(text, after).group().lower() in rules.suffix_words:
            return True
    elif char in rules.suffix_starts:
        return True
    before = text[max(0, start - 6) : start].rstrip()
    return before[-1:] in rules.currency_before.ends


def _scan(text: str, rules: Rules, locale: dict | None) -> tuple[list[Match], list[Figure], set[int]]:
    """Every amount that starts with a number, the bare scaled figures (`3,1 milliards`) left to resolve, and
    the starts of the amounts that had a scale (which a later bare figure may take its currency from)."""
    found: list[Match] = []
    bare: list[Figure] = []
    scaled: set[int] = set()
    cursor = taken = 0  # end of the last number read, and of the last amount found
    for candidate in rules.candidates.finditer(text):
        start = candidate.start()
        if start < cursor:
            continue
        previous = text[start - 1 : start]
        sign_start = sign_before(text, start)
        if previous and glued(previous) and sign_start == start and not _code_before(text, start, rules):
            continue
        end = number_end(text, start, rules)
        if end is None:
            continue
        cursor = end
        if not _may_be_amount(text, start, end, rules):
            continue
        figure = read(text, sign_start, start, end, rules, locale)
        if figure is None or figure.start < taken:
            continue  # unreadable words, or a `€` that ends the previous amount
        pair = range_after(text, figure, rules, locale)
        if not (pair or figure.label or figure.bare_scale):
            continue
        # `programme 172` is a name, `programme -5` too; but in `niveau moins 4 %` the word before is `moins`
        named_at = start if text[sign_start].isalpha() else sign_start
        if _is_reference(text, named_at, rules) or _in_url(text, start):
            continue
        if pair:
            first, second, separate = pair
            if separate:
                found += [to_match(text, first, rules, after=False), to_match(text, second, rules)]
            else:
                found.append(to_match(text, second, rules, lower=first))
            figure = second
        elif figure.label:
            found.append(to_match(text, figure, rules))
        else:
            bare.append(figure)
        if figure.label and figure.scale is not None:
            scaled.add(found[-1].start)
        cursor = taken = figure.end
    return found, bare, scaled


def find_amounts(text: str, locale: dict | None = None) -> list[Match]:
    """MONEY, PERCENT and QUANTITY matches in `text`, sorted by start and non-overlapping.

    Spans hold the figure and its currency or unit (`1 Md€` in `d'1 Md€`); qualifiers such as `plus de`,
    taxes and rates stay outside and become `value["qualifier"]`, `["tax"]`, `["per"]`; ranges carry
    `min`/`max`. `locale` (`{"country", "zone"}`, see `locale.detect_locale`) decides what `dollars`,
    `francs` or `FCFA` mean; without it they take their defaults.
    """
    r = rules()
    found, bare, scaled = _scan(text, r, locale)
    found += carry_over(text, bare, found, scaled, r)
    found += vague_amounts(text, r, locale)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Match] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept
