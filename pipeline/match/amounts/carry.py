"""A bare scaled figure that takes the currency of an amount before it: `dont 3,1 milliards`, `215 millions`.

Releases name a currency once and then drop it: `3,6 milliards d'euros, dont
3,1 milliards`, or, sentences later, `820 millions de francs... Elle a ensuite
prêté 215 millions`. Such a figure becomes MONEY with the earlier amount's
currency and `currency_inferred: true` when
- a trigger word (`dont`, `soit`, `contre`...) ties it to an amount at most
  `carry_over_window` characters before it in the same sentence, or
- a scaled amount (`millions de francs`, `M€`) comes at most
  `passage_window` characters before it in the same paragraph.
A figure followed by `de` + a noun counts something else (`15 millions de
professionnels`) and never borrows a currency.
"""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import replace

from pipeline.match.amounts.figures import Figure
from pipeline.match.amounts.patterns import DE, SENTENCE_BREAK, SP
from pipeline.match.amounts.rules import Rules
from pipeline.match.amounts.values import qualified_start, to_match
from pipeline.match.base import Match

_COUNTS_SOMETHING = re.compile(rf"{SP}{DE}[^\W\d_]")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def carry_over(text: str, bare: list[Figure], found: list[Match], scaled: set[int], rules: Rules) -> list[Match]:
    """MONEY matches for the bare figures of `bare` that borrow a currency; `scaled`: starts of scaled amounts."""
    carried = []
    money = sorted(((m.end, m.start, m) for m in found if m.label == "MONEY"), key=lambda t: t[:2])
    for figure in bare:
        if figure.bare_scale not in rules.carry_scales or _COUNTS_SOMETHING.match(text, figure.end):
            continue
        at = qualified_start(text, figure, rules)
        trigger = rules.trigger.ending_at(text, at)
        limit = trigger[1] if trigger else at
        previous = [m for end, _, m in money if end <= limit]
        if not previous:
            continue
        before = previous[-1]
        if trigger:
            if limit - before.end > rules.carry_window or SENTENCE_BREAK.search(text, before.end, limit):
                continue
        elif (
            before.start not in scaled
            or limit - before.end > rules.passage_window
            or _PARAGRAPH_BREAK.search(text, before.end, limit)
        ):
            continue
        figure = replace(figure, label="MONEY", code=before.value["currency"], inferred=True)
        match = to_match(text, figure, rules)
        carried.append(match)
        scaled.add(match.start)
        insort(money, (match.end, match.start, match), key=lambda t: t[:2])
    return carried
