"""What a table header, row label or caption says its numbers count: `Montant (M€)`, `en milliers d'euros`, `Part (%)`.

Tables print bare numbers and put the unit once, in a header (`Budget (k€)`),
a row label (`Recettes (M€)`) or the caption (`en millions de francs`). The
label is cut into the pieces that may name a unit (what is in parentheses,
what follows `en`, the label itself), and each piece is read by the amount
matcher as if it followed the number 1: `1 M€` is one million euros, so the
unit is MONEY, EUR, scale 1 000 000. Plural scales that only tables use
(`milliers`) are rewritten first (`pipeline/models/amounts/labels.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipeline.match.amounts.matcher import find_amounts
from pipeline.ruledata import load

_PARENTHESES = re.compile(r"[(\[]([^()\[\]]{1,40})[)\]]")


@dataclass(frozen=True)
class Unit:
    """What the numbers under a label count: label (MONEY, PERCENT, QUANTITY), currency or unit, and scale."""

    label: str
    code: str | None
    scale: Decimal
    inferred: bool = False


@dataclass(frozen=True)
class _Rules:
    markers: re.Pattern  # `en millions d'euros`
    words: re.Pattern  # scale words to rewrite
    rewrites: dict[str, str]
    counts: frozenset[str]


@cache
def _rules() -> _Rules:
    data = load("amounts/labels.json")
    markers = "|".join(re.escape(m) for m in data["markers"])
    words = "|".join(re.escape(w) for w in sorted(data["rewrites"], key=len, reverse=True))
    return _Rules(
        markers=re.compile(rf"(?<![\w])(?:{markers})\s+(.{{1,40}}?)(?=[,;:)\]]|$)", re.I),
        words=re.compile(rf"\b(?:{words})\b", re.I),
        rewrites=data["rewrites"],
        counts=frozenset(data["counts"]),
    )


def _pieces(label: str) -> list[str]:
    """The parts of a label that may name a unit, most specific first."""
    markers = _rules().markers
    pieces = [m.group(1) for m in _PARENTHESES.finditer(label)]
    pieces += [m.group(1) for piece in [*pieces, label] for m in markers.finditer(piece)]
    return [*pieces, label]


def _rewrite(piece: str) -> str:
    rules = _rules()
    return rules.words.sub(lambda m: rules.rewrites.get(m.group().lower(), m.group()), piece)


@cache
def label_unit(label: str, country: str | None = None, zone: str | None = None) -> Unit | None:
    """The unit a header, row label or caption gives the numbers it heads, or None when it names none."""
    locale = {"country": country, "zone": zone}
    for piece in _pieces(" ".join(label.split())):
        probe = "1 " + _rewrite(piece.strip())
        for match in find_amounts(probe, locale):
            value = match.value
            amount = value.get("value") if match.label == "PERCENT" else value.get("amount")
            if match.start != 0 or amount is None:
                continue
            code = value.get("currency") or value.get("unit")
            return Unit(match.label, code, Decimal(str(amount)), bool(value.get("currency_inferred")))
    return None


def counts_things(label: str | None) -> bool:
    """`Effectif`, `Nombre de projets`: a label whose numbers are counts, whatever the caption says."""
    words = (label or "").lower().split()
    return bool(words) and words[0].strip(":") in _rules().counts
