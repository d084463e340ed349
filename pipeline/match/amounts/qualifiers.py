"""What qualifies an amount from outside its span: `plus de`, `environ`, `HT`/`TTC`, `par personne`, `€/mois`.

The conventions keep these words outside the span (`1 800 €` in `un devis de
1 800 € TTC`), but an analyst needs them: `5 € par personne` is
not `5 €`. They go into the value: `qualifier` (`more_than`, `about`...),
`tax` (`HT` or `TTC`) and `per` (`personne`, `mois`, `an`, `MWh`).
Every word comes from `pipeline/models/amounts/qualifiers.json`.
"""

from __future__ import annotations

from pipeline.match.amounts.rules import Rules

_MAX_TRAILING = 3  # `60 000 € TTC par an environ` at most


def qualifier_before(text: str, start: int, rules: Rules) -> tuple[str, int] | None:
    """The qualifier ending right before an amount (`plus de`, `environ`) and where it starts."""
    return rules.qualifier_before.ending_at(text, start)


def _per(text: str, pos: int, rules: Rules) -> tuple[str, int] | None:
    """`par personne`, `/mois`, `la journée`: what an amount is counted per, and where that ends."""
    found = rules.per.match(text, pos)
    if found:
        word = found["per"].rstrip("-")
        by_slash = "/" in text[pos : found.start("per")]
        if word.lower() not in rules.not_per and (by_slash or word[0].islower() or word in rules.units_symbols):
            return word, found.start("per") + len(word)
    found = rules.per_noun.match(text, pos)
    return (found["per"], found.end()) if found else None


def after_amount(text: str, end: int, label: str, rules: Rules) -> dict:
    """The qualifier, tax and per-unit written after an amount ending at `end`, in any order."""
    found: dict = {}
    for _ in range(_MAX_TRAILING):
        at = rules.blank.match(text, end).end()
        if label == "MONEY" and "tax" not in found and (tax := rules.tax.match(text, at)):
            found["tax"], end = tax
        elif "qualifier" not in found and (qualifier := rules.qualifier_after.match(text, at)):
            found["qualifier"], end = qualifier
        elif "per" not in found and (per := _per(text, end, rules)):
            found["per"], end = per
        else:
            break
    return found
