"""Blank out what is not prose before the models see it, keeping every offset.

NER and the rule matchers run on a copy of the text in which Markdown
markup, list bullets, URLs and e-mail addresses are replaced by spaces of
the same length: `**sommet Adopt AI**` cannot leak asterisks into an
entity, `%20` in a URL cannot become a percentage, and an entity found in
the copy has the same offsets in the original.
"""

from __future__ import annotations

import re

from pipeline.ruledata import load


def _compile() -> re.Pattern:
    patterns = load("ner/mask.json")["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.MULTILINE)


_MASK: re.Pattern | None = None


def mask(text: str) -> str:
    """`text` with markup, URLs and e-mail addresses turned into spaces (newlines kept)."""
    global _MASK
    if _MASK is None:
        _MASK = _compile()
    return _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def blank(text: str, spans) -> str:
    """`text` with the characters of `spans` (sorted, disjoint) turned into spaces, line ends kept.

    Used for the paragraphs in another language, which French NER and rules must not read.
    """
    if not spans:
        return text
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
