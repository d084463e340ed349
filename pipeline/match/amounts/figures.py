"""One written number and what the text around it says it counts: scale, currency, `%` or unit.

This is where the forms of a single amount are read: digits in any style
(`numbers.DIGITS`), number words, a scale (`3 millions`, `2,6 Md`), a scale
continued by a smaller figure (`12 millions 300 mille dollars` is one amount),
a currency after or before (`EUR29,99`), and the currency's hundredths
(`3 euros 50`, `1 USD et 23 centimes`). What a currency word means is decided
by `currency.resolve` with the document's locale.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from pipeline.match.amounts.currency import resolve
from pipeline.match.amounts.patterns import LETTERS, is_minus
from pipeline.match.amounts.rules import Rules
from pipeline.match.numbers import digits_value, scale_factor, words_value

_NOT_AFTER_CENTS = frozenset("%€$£¥")
_HUNDRED = Decimal(100)
# A figure of more digits than this is a code or a stunt, not an amount: with the largest scale (10^15) it
# still fits a double (at most ~1.8e308), so no amount written to the outputs can become `Infinity`.
MAX_DIGITS = 250
_DIGIT_RUN = re.compile(r"[0-9]+(?:[ \u00a0\u202f'’.,][0-9]+)*")


@dataclass(frozen=True)
class Figure:
    """One written number and what the text says about it."""

    start: int  # span start: sign or currency symbol included, qualifier excluded
    num_start: int
    num_end: int
    end: int  # span end: currency, `%` or unit included
    raw: Decimal | None  # the number as written, without its scale; None for `plusieurs milliards`
    scale: Decimal | None = None
    scale_word: bool = False  # a scale written as a word, which may take `de` (`millions d'euros`)
    bare_scale: str | None = None  # a scale with nothing after it, as in `dont 3,1 milliards`
    label: str | None = None  # MONEY | PERCENT | QUANTITY, None when nothing says what it counts
    code: str | None = None  # currency or unit
    year_like: bool = False
    inferred: bool = False  # currency taken from a neighbouring amount, or a default without evidence
    extra: Decimal = Decimal(0)  # added to the scaled number: `300 mille` in `12 millions 300 mille`, cents

    @property
    def value(self) -> Decimal | None:
        return None if self.raw is None else self.raw * (self.scale or 1) + self.extra


def number_end(text: str, pos: int, rules: Rules) -> int | None:
    """Where the number starting at `pos` ends, if one does."""
    found = (rules.digits if text[pos : pos + 1].isdigit() else rules.written).match(text, pos)
    return found.end() if found else None


def currency_after(text: str, pos: int, allow_de: bool, rules: Rules, locale: dict | None) -> tuple | None:
    """(ISO code, end, inferred) of the currency written at `pos` (`€`, `d'euros` after a scale word)."""
    pos = rules.blank.match(text, pos).end()
    found = rules.currency_after.match(text, pos)
    if found is None and allow_de and (de := rules.de.match(text, pos)):
        found = rules.currency_after.match(text, de.end())
    if found is None:
        return None
    code, inferred = resolve(found[0], text, pos, found[1], locale)
    return (code, found[1], inferred) if code else None


def unit_after(text: str, pos: int, allow_de: bool, rules: Rules, words_only: bool = False) -> tuple | None:
    """The normalised unit written at `pos` (`MW`, `de tonnes` after a scale word) and where it ends."""
    units = rules.unit_words if words_only else rules.unit
    pos = rules.blank.match(text, pos).end()
    found = units.match(text, pos)
    if found is None and allow_de and (de := rules.de.match(text, pos)):
        found = units.match(text, de.end())
    return found


def _continuation(text: str, pos: int, factor: Decimal, rules: Rules) -> tuple[Decimal, int] | None:
    """`500 mille` after `32 millions`: a smaller figure of at least a thousand that completes the amount.

    Digits without a scale word count only when grouped (`2 millions 500 000`), so that a year
    (`3 millions 2024`) never does.
    """
    found = rules.continuation.match(text, pos)
    if found is None:
        return None
    if found["words"]:
        value = words_value(found["words"])
    else:
        value = digits_value(found["digits"])
        if found["scale"]:
            value *= scale_factor(found["scale"])
        elif not re.search(r"\D", found["digits"]):
            return None
    if value is None or not Decimal(1000) <= value < factor:
        return None
    return value, found.end()


def _cents(text: str, figure: Figure, rules: Rules) -> Figure:
    """`3 euros 50`, `2 € 50`, `1 USD et 23 centimes`: the hundredths after an amount in units."""
    if figure.scale is not None or text[figure.num_start].isalpha():
        return figure  # `3 M€ 50` is two things; `trois euros cinquante` is left alone
    found = rules.subunit.match(text, figure.end)
    if found is None:
        return figure
    if not found["word"]:
        after = rules.blank.match(text, found.end()).end()
        char = text[after : after + 1]
        ends = not char or not (char.isalnum() or char in _NOT_AFTER_CENTS)
        if not (ends or rules.tax.match(text, after) or rules.per.match(text, found.end())):
            return figure  # `2 € 50 participants`
    return replace(figure, end=found.end(), extra=Decimal(found["cents"]) / _HUNDRED)


def _money(figure: Figure, currency: tuple, text: str, rules: Rules) -> Figure:
    code, end, inferred = currency
    return _cents(text, replace(figure, end=end, label="MONEY", code=code, inferred=inferred), rules)


def what_it_counts(text: str, figure: Figure, sign_start: int, rules: Rules, locale: dict | None) -> Figure:
    """Label a number by what follows it (scale, currency, `%`, unit) or, failing that, a currency before it."""
    written = text[figure.num_start].isalpha()
    found = None if figure.scale_word else rules.scale.match(text, figure.num_end)
    if found:
        word = found["word"]
        factor = scale_factor(word or found["abbr"])
        scaled = replace(figure, scale=factor, scale_word=bool(word))
        after = found.end()
        if word and (more := _continuation(text, after, factor, rules)):
            scaled, after = replace(scaled, extra=more[0]), more[1]
        if currency := currency_after(text, after, True, rules, locale):  # `3 millions d'euros`, `2 Mds d'euros`
            return _money(scaled, currency, text, rules)
        if word and (unit := unit_after(text, after, True, rules, written)):
            return replace(scaled, start=sign_start, end=unit[1], label="QUANTITY", code=unit[0])
    if currency := currency_after(text, figure.num_end, figure.scale_word, rules, locale):
        return _money(figure, currency, text, rules)
    if not figure.scale_word and (percent := rules.percent.match(text, rules.blank.match(text, figure.num_end).end())):
        return replace(figure, start=sign_start, end=percent[1], label="PERCENT")
    if unit := unit_after(text, figure.num_end, figure.scale_word, rules, written):
        return replace(figure, start=sign_start, end=unit[1], label="QUANTITY", code=unit[0])

    # Nothing after the number says what it counts; a scale may still make it `dont 3,1 milliards`...
    if found and (found["word"] or not re.match(r"[\w'’]", text[found.end() : found.end() + 1])):
        figure = replace(scaled, end=after, bare_scale=found["word"].lower() if found["word"] else found["abbr"])
    # ... and a currency before it may (`€40`, `USD 5 M`, `EUR29,99`).
    before = text[max(0, figure.num_start - 6) : figure.num_start].rstrip()
    if (
        not written
        and not text[figure.end : figure.end + 1].isalnum()  # `EUR2024X` is a product code
        and before[-1:] in rules.currency_before.ends
        and (currency := rules.currency_before.ending_at(text, figure.num_start, 12))
    ):
        code, inferred = resolve(currency[0], text, currency[1], figure.end, locale)
        if code:
            return replace(figure, start=currency[1], label="MONEY", code=code, inferred=inferred, bare_scale=None)
    return figure


def read(text: str, sign_start: int, num_start: int, num_end: int, rules: Rules, locale: dict | None) -> Figure | None:
    """Read one number and what it counts; None when nothing makes it an amount or half of a range."""
    words = LETTERS.findall(text, num_start, num_end)
    last = words[-1].lower() if words else ""
    written_scale = len(words) > 1 and last in rules.scale_words  # `dix millions`
    figure = Figure(
        num_start,
        num_start,
        num_end,
        num_end,
        None,
        scale_word=written_scale,
        bare_scale=last if written_scale else None,
    )
    figure = what_it_counts(text, figure, sign_start, rules, locale)
    if not (figure.label or figure.bare_scale or rules.connector.match(text, figure.end)):
        return None
    # Only now read the value: most numbers are not amounts, and text2num is the slow part.
    number = text[num_start:num_end]
    if too_long(number):
        return None
    if words:
        raw = words_value(number)
        if raw is None:
            return None
        if written_scale:
            factor = scale_factor(last)
            raw, figure = raw / factor, replace(figure, scale=factor)
    else:
        raw = digits_value(number)
    if sign_start < num_start and (figure.label or figure.bare_scale):
        if is_minus(text, sign_start):
            raw = -raw  # `-5 millions d'euros`, `−7 M€`, `moins 4 %`
        if figure.start == num_start:
            figure = replace(figure, start=sign_start)  # the sign is part of the amount's span
    if not math.isfinite(float(raw * (figure.scale or 1) + figure.extra)):
        return None  # no double holds it (JSON would get `Infinity`): not an amount
    year_like = number.isdigit() and len(number) == 4 and rules.years[0] <= int(number) <= rules.years[1]
    return replace(figure, raw=raw, year_like=year_like)


def too_long(number: str) -> bool:
    """Whether a written figure has more than `MAX_DIGITS` digits (cheap: most figures are short)."""
    return len(number) > MAX_DIGITS and sum(c.isdigit() for c in number) > MAX_DIGITS


def too_long_numbers(text: str) -> list[str]:
    """One warning per figure of `text` too long to be an amount, which the amount rules leave out.

    A release with a 400-digit number used to get `Infinity` in its JSON lines (no reader accepts it);
    the figure is now no amount, and the warning says why it has no entity.
    """
    warnings = []
    for run in _DIGIT_RUN.finditer(text):
        if too_long(run.group()):
            count = sum(c.isdigit() for c in run.group())
            warnings.append(
                f"a number of {count} digits at character {run.start()} is too long to be an amount "
                f"(more than {MAX_DIGITS} digits): it has no entity"
            )
    return warnings
