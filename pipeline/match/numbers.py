"""One French number parser, shared by the amount and date matchers.

Press releases mix French typography (`1 200 000`, `2,6`), international
digits (`1.200.000`, `2.5`), Swiss groups (`1'000`) and number words
(`deux cents`). Digit styles are decided here; words are read by text2num,
a maintained library, rather than a hand-written table.

Values are `Decimal` internally so that `2,6 milliards` is exactly
2600000000 and not 2600000000.0000002 once scaled.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from text_to_num import text2num

from pipeline.ruledata import load

# Digit groups: spaced thousands (incl. no-break spaces and Swiss apostrophes) with a decimal comma or point
# (`45 120.50 $` in Canadian text, `1'250.50 CHF`), dotted thousands, comma thousands (only with two groups or a
# decimal point, since `3,550` is French for 3.55), then plain decimals.
_GROUP = "[ \u00a0\u202f\u2009'’]"
DIGITS = (
    rf"(?:[1-9][0-9]{{0,2}}(?:{_GROUP}[0-9]{{3}})+(?:[,.][0-9]+)?(?![0-9])"
    r"|[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9])"
    r"|[1-9][0-9]{0,2}(?:(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|(?:,[0-9]{3})+\.[0-9]+)(?![0-9])"
    r"|[0-9]+(?:[.,][0-9]+)?)"
    r"(?![.,][0-9])"  # `2.0.1` is a version, not a number
)

_SEPARATORS = re.compile(_GROUP)
_DOTTED_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
_SIGNS = {"+": 1, "-": -1, "−": -1}


@cache
def _scales() -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Scale words (any case) and abbreviations (exact case), as Decimal multipliers."""
    data = load("amounts/scales.json")
    words = {k.lower(): Decimal(v) for k, v in data["words"].items()}
    abbreviations = {k: Decimal(v) for k, v in data["abbreviations"].items()}
    return words, abbreviations


@cache
def _digits_then_scale() -> re.Pattern:
    return re.compile(rf"([+\-−]?) ?({DIGITS})(?: ?([^\W\d_]+))?")


def scale_factor(word: str) -> Decimal | None:
    """The multiplier of `millions`, `Md`, `k`..., or None if `word` is not a scale."""
    words, abbreviations = _scales()
    return abbreviations.get(word) or words.get(word.lower())


def digits_value(text: str) -> Decimal:
    """Read one digit string that matches `DIGITS`, deciding which of `,` and `.` is the decimal mark."""
    text = _SEPARATORS.sub("", text)
    if "," in text and "." in text:
        decimal, other = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        text = text.replace(other, "").replace(decimal, ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif _DOTTED_THOUSANDS.fullmatch(text):
        # `1.200` is how French writes twelve hundred; `1.5` and `3.55` stay decimals.
        text = text.replace(".", "")
    return Decimal(text)


def words_value(text: str) -> Decimal | None:
    """Read French number words (`deux cents`, `vingt et un`, `dix millions`) with text2num."""
    try:
        return Decimal(text2num(" ".join(text.lower().split()), "fr"))
    except ValueError:
        return None


def parse_decimal(text: str) -> Decimal | None:
    """`parse_number`, exact: digits in any common style, optionally signed and scaled, or number words."""
    text = " ".join(text.replace("’", "'").split())
    match = _digits_then_scale().fullmatch(text)
    if match:
        sign, digits, scale = match.groups()
        factor = Decimal(1) if scale is None else scale_factor(scale)
        if factor is None:
            return None
        return _SIGNS.get(sign, 1) * digits_value(digits) * factor
    if not text or not text[0].isalpha():
        return None
    return words_value(text)


def parse_number(text: str) -> float | None:
    """The value of a French or international number, or None if `text` is not one.

    Accepts `1 200 000` (space, U+00A0, U+202F), `1.200.000`, `1,200,000`, `2,6`, `3,55`, `2.5`, `45 120.50`,
    a scale after digits (`2,6 milliards`, `15 M`), and number words (`deux cents`, `un`, `dix millions`).
    """
    value = parse_decimal(text)
    return None if value is None else float(value)
