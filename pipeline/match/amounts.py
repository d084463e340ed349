"""MONEY, PERCENT and QUANTITY matchers.

Downstream users add and compare these figures, so a wrong scale is worse
than a miss: a number only becomes an amount when something in the text says
what it counts (a currency, `%`, a physical unit), and `3,1 milliards` only
borrows a currency when `dont`/`soit`... ties it to an amount just before it.

The scan is number-first: one regex finds where numbers may start, then
short anchored regexes read what surrounds each (scale, currency, unit,
qualifier, the other half of a range). Every word list comes from
`models/amounts/`.

Speed matters (the matcher runs on every paragraph), and Python's `re` only
skips quickly through text when a pattern starts with literal characters:
the scanning patterns are therefore literal tries with their case variants
spelt out, and boundary checks are done in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from pipeline.match.base import Match
from pipeline.match.numbers import DIGITS, digits_value, scale_factor, words_value
from pipeline.ruledata import load

SP = r"[^\S\n]*(?:\n[^\S\n]*)?"  # optional blank; one line break allowed (PDF hard wraps), a blank line is not
SP1 = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"  # the same, but at least one character
DE = rf"(?:de{SP1}|d['’]{SP})"  # `de` or elided `d'`, as in `millions d'euros`
_WORD_END = r"(?![\w'’])"
_FORM_END = r"(?![\w'’-])"  # `un t-shirt` holds no tonne
_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)|\n[^\S\n]*\n")
_LETTER = re.compile(r"[^\W\d_]+")
_GLUED = frozenset("_.,°/%=&#@+-−–—")  # a number right after these is part of a code, a URL or another number
_SIGNS = frozenset("+-−")


def _trie(words) -> str:
    """A regex matching exactly `words`, factored by shared prefixes so that `re` can skip to their first letters."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _cased(words) -> list[str]:
    """`words` as written mid-sentence, at the start of one, and in capitals."""
    return [variant for word in words for variant in {word, word.capitalize(), word.upper()}]


def _glued(char: str) -> bool:
    return char.isalnum() or char in _GLUED


def _form(form: str) -> str:
    """Regex for one written form: any blank between words, both apostrophes, and a word end after letters.

    Lowercase words of four letters or more ignore case (`Euros`, `Mégawatts`); short forms and symbols are
    exact, because `MW` is not `mw` and `t` is not `T`.
    """
    pattern = SP1.join(re.escape(word) for word in form.split()).replace("'", "['’]")
    if form[-1].isalnum():
        pattern += _FORM_END
    return f"(?i:{pattern})" if len(form) >= 4 and form == form.lower() else pattern


def _spelt_out(form: str) -> bool:
    """A form that starts with a word (`tonnes de CO2`), as opposed to a symbol or code (`€`, `MW`, `t`)."""
    first = form.split()[0]
    return len(first) >= 4 and first.islower() and first.replace("-", "").isalpha()


def _before(form: str) -> str:
    """Regex for a qualifier that ends right before a number; a final `de` may be elided (`plus d'1 Md€`)."""
    words = form.split()
    if len(words) > 1 and words[-1] == "de":
        return _form(" ".join(words[:-1])) + SP1 + DE
    return _form(form) + SP


class _Choice:
    """Written forms mapped to what they stand for (`d'euros` → EUR), longest form first.

    Forms are grouped by first character, so that reading what follows a number costs one dictionary
    look-up when nothing there can match.
    """

    def __init__(self, forms: dict, build=_form):
        ordered = sorted(forms, key=len, reverse=True)
        self.forms = ordered
        self.values = [forms[form] for form in ordered]
        self.ends = frozenset(form[-1] for form in ordered)
        alternatives = [f"(?P<f{i}>{build(form)})" for i, form in enumerate(ordered)]
        self.regex = re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})\Z")
        grouped: dict[str, list[str]] = {}
        for form, alternative in zip(ordered, alternatives, strict=True):
            for char in {form[0].lower(), form[0].upper()}:
                grouped.setdefault(char, []).append(alternative)
        self.by_start = {char: re.compile("|".join(group)) for char, group in grouped.items()}

    def match(self, text: str, pos: int) -> tuple | None:
        """The value of the form starting at `pos`, and where it ends."""
        regex = self.by_start.get(text[pos : pos + 1])
        found = regex and regex.match(text, pos)
        return (self.values[int(found.lastgroup[1:])], found.end()) if found else None

    def ending_at(self, text: str, pos: int, reach: int = 40) -> tuple | None:
        """The value of the form ending at `pos` (blanks allowed), and where it starts."""
        offset = max(0, pos - reach)
        found = self.regex.search(text[offset:pos])
        return (self.values[int(found.lastgroup[1:])], offset + found.start()) if found else None


@dataclass(frozen=True)
class _Rules:
    candidates: re.Pattern  # where a number may start: a digit or the first number word
    digits: re.Pattern
    written: re.Pattern  # number words from their first letter (`deux millions cinq cent mille`)
    blank: re.Pattern
    de: re.Pattern
    scale: re.Pattern
    scale_words: frozenset[str]
    carry_scales: frozenset[str]
    currency_after: _Choice
    currency_before: _Choice
    percent: _Choice
    unit: _Choice
    unit_words: _Choice  # after number words: `trois tonnes`, but `un L majuscule` is no litre
    qualifier_before: _Choice
    qualifier_after: _Choice
    references: frozenset[str]  # `programme 172`: words after which a number is a name
    trigger: _Choice
    connector: re.Pattern
    word_connectors: frozenset[str]
    pair_opener: dict[str, re.Pattern]
    change_verbs: re.Pattern
    suffix_starts: frozenset[str]  # first characters of anything that can follow an amount
    suffix_words: frozenset[str]  # and its first run of letters, lowercased (`milliards`, `md`, `meur`, `mwh`)
    vague_heads: re.Pattern
    vague_determiner: _Choice
    vague_tail: re.Pattern
    vague_tails: dict[str, Decimal]
    approximate: dict[str, Decimal]
    years: tuple[int, int]
    carry_window: int


@cache
def _rules() -> _Rules:
    """Compile every rule once per process from `models/amounts/`."""
    scales = load("amounts/scales.json")
    words = load("amounts/number_words.json")
    context = load("amounts/context.json")
    qualifiers = load("amounts/qualifiers.json")
    currencies = load("amounts/currencies.json")["currencies"]

    def alternation(forms) -> str:
        return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))

    blank = rf"(?:[^\S\n]*-[^\S\n]*|{SP1})"  # between number words: `quatre-vingt-dix`, `deux cents`
    written_scales = [word for word in scales["words"] if word not in words["words"]]  # `mille` is both
    word = rf"(?:{alternation(words['words'])}){_WORD_END}"
    scale_word = rf"(?:{alternation(written_scales)}){_WORD_END}"
    et = rf"{blank}et{blank}(?=(?:{alternation(words['after_et'])}){_WORD_END})"
    abbreviations = sorted(scales["abbreviations"], key=len, reverse=True)
    connectors = context["range_connectors"] + list(context["range_pairs"].values())
    word_connectors = [c for c in connectors if c.isalpha()]
    dashes = alternation(c for c in connectors if not c.isalpha())
    heads = list(scales["approximate_nouns"]) + [f"{noun}s" for noun in scales["approximate_nouns"]]
    currency_after = _Choice({form: c["code"] for c in currencies for form in c["after"]})
    percent = _Choice({form: "%" for form in load("amounts/percent.json")["forms"]})
    unit = _Choice({form: u["unit"] for u in load("amounts/units.json")["units"] for form in u["forms"]})
    suffixes = currency_after.forms + percent.forms + unit.forms + connectors + list(scales["words"]) + abbreviations
    codes = [form for form in currency_after.forms if form.isalpha() and form.isupper()]
    suffixes += [abbreviation + code for abbreviation in abbreviations for code in codes]  # `12 kEUR`
    letters = (_LETTER.match(form) for form in suffixes)
    return _Rules(
        candidates=re.compile(_trie(_cased(words["words"]) + list("0123456789"))),
        digits=re.compile(DIGITS),
        written=re.compile(rf"(?i:{word}(?:(?:{et}|{blank})(?:{word}|{scale_word}))*)"),
        blank=re.compile(SP),
        de=re.compile(DE),
        scale=re.compile(
            rf"{SP}(?:(?P<word>(?i:{alternation(scales['words'])})){_WORD_END}|(?P<abbr>{alternation(abbreviations)}))"
        ),
        scale_words=frozenset(written_scales),
        carry_scales=frozenset(set(scales["words"]) | set(scales["abbreviations"]) - set(scales["no_carry_over"])),
        currency_after=currency_after,
        currency_before=_Choice({form: c["code"] for c in currencies for form in c["before"]}, lambda f: _form(f) + SP),
        percent=percent,
        unit=unit,
        unit_words=_Choice({form: u for form, u in zip(unit.forms, unit.values, strict=True) if _spelt_out(form)}),
        qualifier_before=_Choice(qualifiers["before"], build=_before),
        qualifier_after=_Choice(qualifiers["after"]),
        references=frozenset(form if len(form) < 4 else form.lower() for form in context["not_after"]),
        trigger=_Choice(dict.fromkeys(context["carry_over_triggers"], ""), build=_before),
        connector=re.compile(rf"{SP}(?:{dashes}|(?<=\s)(?:{alternation(word_connectors)})(?=\s)){SP}"),
        word_connectors=frozenset(word_connectors),
        pair_opener={
            closer: re.compile(rf"(?<![\w])(?i:{opener}){SP1}\Z") for opener, closer in context["range_pairs"].items()
        },
        change_verbs=re.compile(rf"(?i:{alternation(context['change_verbs'])})"),
        suffix_starts=frozenset(form[0].lower() for form in suffixes),
        suffix_words=frozenset(run.group().lower() for run in letters if run),
        vague_heads=re.compile(rf"(?:{_trie(_cased(heads + scales['vague_nouns']))}){_WORD_END}"),
        vague_determiner=_Choice(
            {d: d in scales["exact_determiners"] for d in scales["vague_determiners"] + scales["exact_determiners"]},
            build=lambda f: _form(f) + SP1,
        ),
        vague_tail=re.compile(rf"{SP}{DE}(?P<tail>(?i:{alternation(scales['vague_tails'])})){_WORD_END}"),
        vague_tails={noun: Decimal(v) for noun, v in scales["vague_tails"].items()},
        approximate={noun: Decimal(v) for noun, v in scales["approximate_nouns"].items()},
        years=tuple(context["year_span"]),
        carry_window=context["carry_over_window"],
    )


@dataclass(frozen=True)
class _Figure:
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
    inferred: bool = False  # currency taken from a neighbouring amount

    @property
    def value(self) -> Decimal | None:
        return None if self.raw is None else self.raw * (self.scale or 1)


def _number_end(text: str, pos: int, rules: _Rules) -> int | None:
    """Where the number starting at `pos` ends, if one does."""
    found = (rules.digits if text[pos : pos + 1].isdigit() else rules.written).match(text, pos)
    return found.end() if found else None


def _currency_after(text: str, pos: int, allow_de: bool, rules: _Rules) -> tuple[str, int] | None:
    """The currency written at `pos` (`€`, `d'euros` after a scale word) and where it ends."""
    pos = rules.blank.match(text, pos).end()
    found = rules.currency_after.match(text, pos)
    if found is None and allow_de and (de := rules.de.match(text, pos)):
        found = rules.currency_after.match(text, de.end())
    return found


def _unit_after(text: str, pos: int, allow_de: bool, rules: _Rules, words_only: bool = False) -> tuple | None:
    """The normalised unit written at `pos` (`MW`, `de tonnes` after a scale word) and where it ends."""
    units = rules.unit_words if words_only else rules.unit
    pos = rules.blank.match(text, pos).end()
    found = units.match(text, pos)
    if found is None and allow_de and (de := rules.de.match(text, pos)):
        found = units.match(text, de.end())
    return found


def _what_it_counts(text: str, figure: _Figure, sign_start: int, rules: _Rules) -> _Figure:
    """Label a number by what follows it (scale, currency, `%`, unit) or, failing that, a currency before it."""
    written = text[figure.num_start].isalpha()
    found = None if figure.scale_word else rules.scale.match(text, figure.num_end)
    if found:
        word = found["word"]
        scaled = replace(figure, scale=scale_factor(word or found["abbr"]), scale_word=bool(word))
        if currency := _currency_after(text, found.end(), True, rules):  # `3 millions d'euros`, `2 Mds d'euros`
            return replace(scaled, end=currency[1], label="MONEY", code=currency[0])
        if word and (unit := _unit_after(text, found.end(), True, rules, written)):
            return replace(scaled, start=sign_start, end=unit[1], label="QUANTITY", code=unit[0])
    if currency := _currency_after(text, figure.num_end, figure.scale_word, rules):
        return replace(figure, end=currency[1], label="MONEY", code=currency[0])
    if not figure.scale_word and (percent := rules.percent.match(text, rules.blank.match(text, figure.num_end).end())):
        return replace(figure, start=sign_start, end=percent[1], label="PERCENT")
    if unit := _unit_after(text, figure.num_end, figure.scale_word, rules, written):
        return replace(figure, start=sign_start, end=unit[1], label="QUANTITY", code=unit[0])

    # Nothing after the number says what it counts; a scale may still make it `dont 3,1 milliards`...
    if found and (found["word"] or not re.match(r"[\w'’]", text[found.end() : found.end() + 1])):
        figure = replace(scaled, end=found.end(), bare_scale=found["word"].lower() if found["word"] else found["abbr"])
    # ... and a currency before it may (`€40`, `USD 5 M`).
    before = text[max(0, figure.num_start - 6) : figure.num_start].rstrip()
    if (
        not written
        and before[-1:] in rules.currency_before.ends
        and (currency := rules.currency_before.ending_at(text, figure.num_start, 12))
    ):
        return replace(figure, start=currency[1], label="MONEY", code=currency[0], bare_scale=None)
    return figure


def _read(text: str, sign_start: int, num_start: int, num_end: int, rules: _Rules) -> _Figure | None:
    """Read one number and what it counts; None when nothing makes it an amount or half of a range."""
    words = _LETTER.findall(text, num_start, num_end)
    last = words[-1].lower() if words else ""
    written_scale = len(words) > 1 and last in rules.scale_words  # `dix millions`
    figure = _Figure(
        num_start,
        num_start,
        num_end,
        num_end,
        None,
        scale_word=written_scale,
        bare_scale=last if written_scale else None,
    )
    figure = _what_it_counts(text, figure, sign_start, rules)
    if not (figure.label or figure.bare_scale or rules.connector.match(text, figure.end)):
        return None
    # Only now read the value: most numbers are not amounts, and text2num is the slow part.
    number = text[num_start:num_end]
    if words:
        raw = words_value(number)
        if raw is None:
            return None
        if written_scale:
            factor = scale_factor(last)
            raw, figure = raw / factor, replace(figure, scale=factor)
    else:
        raw = digits_value(number)
    if sign_start < num_start and text[sign_start] in "-−" and figure.label in ("PERCENT", "QUANTITY"):
        raw = -raw
    year_like = number.isdigit() and len(number) == 4 and rules.years[0] <= int(number) <= rules.years[1]
    return replace(figure, raw=raw, year_like=year_like)


def _is_change(text: str, start: int, rules: _Rules) -> bool:
    """`passe de X à Y` states two amounts, not a range: look for a change verb just before `de`."""
    before = text[max(0, start - 60) : start]
    opener = re.search(rf"(?<![\w]){DE}\Z", before)
    if opener is None:
        return False
    words = before[: opener.start()].split()[-3:]
    return any(rules.change_verbs.match(word) for word in words)


def _range(text: str, first: _Figure, rules: _Rules) -> tuple[_Figure, _Figure, bool] | None:
    """The second half of `10-20 M€`, `entre 10 et 20 euros`, `de 50 000 $ à 100 000 $`, if any.

    Returns both halves (the first completed with what it left implicit) and whether they are two
    separate amounts (`passe de 40 000 € à 60 000 €`) rather than one range.
    """
    link = rules.connector.match(text, first.end)
    if link is None or first.raw is None:
        return None
    word = link.group().strip()
    opener = rules.pair_opener.get(word)
    if opener and not opener.search(text, max(0, first.start - 20), first.start):
        return None
    end = _number_end(text, link.end(), rules)
    second = end and _read(text, link.end(), link.end(), end, rules)
    if not second or second.label is None or second.start < link.end():
        return None
    if first.label is not None and (first.label, first.code) != (second.label, second.code):
        return None
    if first.label is None and first.year_like:
        return None  # `2025 - 15 M€`
    if first.scale is None and second.scale is not None and first.raw <= second.raw:
        first = replace(first, scale=second.scale)  # `10-20 M€`, `entre dix et vingt millions d'euros`
    first = _elided_thousands(text, first, second)
    if first.value > second.value:
        return None
    separate = word in rules.word_connectors and opener is None and _is_change(text, first.start, rules)
    inferred = separate and first.label is None and second.label == "MONEY"
    first = replace(first, label=second.label, code=second.code, inferred=inferred, bare_scale=None)
    return first, second, separate


_THOUSANDS = re.compile(r"(?:[ \u00a0\u202f.]000)+$")


def _elided_thousands(text: str, first: _Figure, second: _Figure) -> _Figure:
    """`de 20 à 30 000 €` means 20 000 to 30 000: the lower bound shares the upper one's `000` groups.

    Only when the lower bound is written as a bare small integer and, so completed, is of the upper
    bound's order of magnitude; `de 1 à 30 000 €` stays as written.
    """
    written = text[first.num_start : first.num_end]
    groups = _THOUSANDS.search(text[second.num_start : second.num_end])
    if first.scale is not None or not written.isdigit() or len(written) > 3 or groups is None:
        return first
    completed = first.raw * Decimal(1000) ** groups.group().count("000")
    if completed <= second.raw < completed * 10:
        return replace(first, raw=completed)
    return first


def _value(figure: _Figure, qualifier: str | None, lower: _Figure | None = None) -> dict:
    """The record value of a figure, or of the range from `lower` to `figure`."""
    amount = None if lower or figure.value is None else float(figure.value)
    if figure.label == "MONEY":
        value = {"amount": amount, "currency": figure.code}
    elif figure.label == "PERCENT":
        value = {"value": amount}
    else:
        value = {"amount": amount, "unit": figure.code}
    if lower:
        value |= {"min": float(lower.value), "max": float(figure.value)}
    if qualifier:
        value["qualifier"] = qualifier
    if figure.inferred:
        value["currency_inferred"] = True
    return value


def _match(figure: _Figure, qualifier: str | None, lower: _Figure | None = None) -> Match:
    start = figure.start if lower is None else lower.start
    value = _value(figure, qualifier, lower)
    return Match(figure.label, start, figure.end, value, f"rule:{figure.label.lower()}")


def _in_url(text: str, start: int) -> bool:
    """Raw text (not masked) may hold `%20` or `/2030-15-mw` in a link; nothing in a URL is an amount."""
    words = text[max(0, start - 200) : start + 1].split()
    token = words[-1] if words else ""
    return "://" in token or token.startswith("www.") or "@" in token


def _qualifier(text: str, figure: _Figure, rules: _Rules) -> tuple[str, int] | None:
    """The qualifier of a figure (`plus de`, `environ`...) and where it starts, if any."""
    before = rules.qualifier_before.ending_at(text, figure.start)
    if before:
        return before
    after = rules.qualifier_after.match(text, rules.blank.match(text, figure.end).end())
    return (after[0], figure.start) if after else None


def _vague(text: str, rules: _Rules) -> list[Match]:
    """`plusieurs milliards d'euros` (no value) and `une dizaine de millions d'euros` (about 10 million)."""
    found = []
    for head in rules.vague_heads.finditer(text):
        determiner = rules.vague_determiner.ending_at(text, head.start(), 25)
        if determiner is None:
            continue
        tail = rules.vague_tail.match(text, head.end())
        end = tail.end() if tail else head.end()
        currency = _currency_after(text, end, True, rules)
        unit = None if currency else _unit_after(text, end, True, rules)
        if not (currency or unit):
            continue
        noun = head.group().lower()
        exact, start = determiner
        raw = rules.approximate[noun] if exact and noun in rules.approximate else None
        scale = rules.vague_tails[tail["tail"].lower()] if tail else None
        label, (code, end) = ("MONEY", currency) if currency else ("QUANTITY", unit)
        figure = _Figure(start, start, head.end(), end, raw, scale, label=label, code=code)
        qualifier = _qualifier(text, figure, rules)
        found.append(_match(figure, qualifier[0] if qualifier else "about" if raw is not None else None))
    return found


def _carry_over(text: str, bare: list[_Figure], found: list[Match], rules: _Rules) -> list[Match]:
    """`3,6 milliards d'euros, dont 3,1 milliards`: a bare figure takes the currency of the amount just before."""
    carried = []
    money = sorted((m for m in found if m.label == "MONEY"), key=lambda m: m.end)
    for figure in bare:
        if figure.bare_scale not in rules.carry_scales:
            continue
        if re.match(rf"{SP}{DE}[^\W\d_]", text[figure.end : figure.end + 30]):
            continue  # `15 millions de professionnels` counts people, not euros
        qualifier = _qualifier(text, figure, rules)
        trigger = rules.trigger.ending_at(text, qualifier[1] if qualifier else figure.start)
        previous = [m for m in money if trigger and m.end <= trigger[1]]
        if not previous or trigger[1] - previous[-1].end > rules.carry_window:
            continue
        if _SENTENCE_BREAK.search(text, previous[-1].end, trigger[1]):
            continue
        figure = replace(figure, label="MONEY", code=previous[-1].value["currency"], inferred=True)
        carried.append(_match(figure, qualifier[0] if qualifier else None))
    return carried


def _is_reference(text: str, start: int, rules: _Rules) -> bool:
    """`France 2030`, `programme 172`, `n° 3`: the word before makes the number a name."""
    words = text[max(0, start - 30) : start].split()
    return bool(words) and (words[-1] in rules.references or words[-1].lower() in rules.references)


def _may_be_amount(text: str, start: int, end: int, rules: _Rules) -> bool:
    """Cheap test that something after (or a currency symbol before) could make this number an amount.

    Most numbers in a press release are dates, counts and names; skipping them before any regex keeps
    the matcher fast.
    """
    after = rules.blank.match(text, end).end()
    char = text[after : after + 1].lower()
    if char.isalpha():
        written = _LETTER.findall(text, start, end)
        if written and written[-1].lower() in rules.scale_words:
            return True  # `dix millions d'euros`
        if _LETTER.match(text, after).group().lower() in rules.suffix_words:
            return True
    elif char in rules.suffix_starts:
        return True
    before = text[max(0, start - 6) : start].rstrip()
    return before[-1:] in rules.currency_before.ends


def _scan(text: str, rules: _Rules) -> tuple[list[Match], list[_Figure]]:
    """Every amount that starts with a number, and the bare scaled figures (`3,1 milliards`) left to resolve."""
    found: list[Match] = []
    bare: list[_Figure] = []
    cursor = taken = 0  # end of the last number read, and of the last amount found
    for candidate in rules.candidates.finditer(text):
        start = candidate.start()
        if start < cursor:
            continue
        previous = text[start - 1 : start]
        sign = previous in _SIGNS and not _glued(text[start - 2 : start - 1] or " ")  # `+15 %`, not `10-20`
        if previous and _glued(previous) and not sign:
            continue
        end = _number_end(text, start, rules)
        if end is None:
            continue
        cursor = end
        if not _may_be_amount(text, start, end, rules):
            continue
        sign_start = start - 1 if sign else start
        figure = _read(text, sign_start, start, end, rules)
        if figure is None or figure.start < taken:
            continue  # unreadable words, or a `€` that ends the previous amount
        pair = _range(text, figure, rules)
        if not (pair or figure.label or figure.bare_scale):
            continue
        if _is_reference(text, sign_start, rules) or _in_url(text, start):
            continue
        if pair:
            first, second, separate = pair
            qualifier = _qualifier(text, first, rules)
            if separate:
                found += [_match(first, qualifier and qualifier[0]), _match(second, None)]
            else:
                found.append(_match(second, qualifier and qualifier[0], lower=first))
            figure = second
        elif figure.label:
            qualifier = _qualifier(text, figure, rules)
            found.append(_match(figure, qualifier and qualifier[0]))
        else:
            bare.append(figure)
        cursor = taken = figure.end
    return found, bare


def find_amounts(text: str) -> list[Match]:
    """MONEY, PERCENT and QUANTITY matches in `text`, sorted by start and non-overlapping.

    Spans hold the figure and its currency or unit (`1 Md€` in `d'1 Md€`); qualifiers such as `plus de`
    stay outside and become `value["qualifier"]`; ranges carry `min`/`max`.
    """
    rules = _rules()
    found, bare = _scan(text, rules)
    found += _carry_over(text, bare, found, rules)
    found += _vague(text, rules)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Match] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept
