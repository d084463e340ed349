"""The one type every rule matcher returns.

Matchers work on characters, not tokens: French amounts and dates cut across
spaCy's token boundaries (`2,6 Md€`, `d'1 Md€`, `2018-2022`), and the record
contract is in character offsets anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Match:
    """A labelled span of a text, with its normalised value.

    `start`/`end` index the text the matcher was given, so that
    `text[start:end]` is exactly the matched expression.
    """

    label: str  # MONEY | PERCENT | QUANTITY | DATE | ORG | PER | LOC | MISC
    start: int
    end: int
    value: dict | None = field(default=None, compare=False, hash=False)
    source: str = "rule"  # which rule or model produced it, e.g. "rule:money"

    def shifted(self, offset: int) -> Match:
        """The same match in a text where this one starts at `offset`."""
        return Match(self.label, self.start + offset, self.end + offset, self.value, self.source)
