"""Every amount rule, compiled once per process from `pipeline/models/amounts/` (and `pipeline/models/locale/`
for currencies by country).

The other modules of the package only read `rules()`; a word list never
appears in code. To add a currency, a scale, a unit, a qualifier or a tax
form, edit the JSON file named in the field's comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from pipeline.match.amounts.patterns import (
    DE,
    LETTERS,
    SP,
    SP1,
    WORD_END,
    Choice,
    alternation,
    before,
    cased,
    code_before,
    form,
    spelt_out,
    trie,
)
from pipeline.match.numbers import DIGITS
from pipeline.ruledata import load


@dataclass(frozen=True)
class Ambiguous:
    """A currency word whose meaning depends on the country (`dollars`, `francs`, `FCFA`): currencies.json."""

    name: str
    default: str | None
    default_inferred: bool = field(compare=False)
    countries: dict[str, str] = field(compare=False, hash=False)
    zones: dict[str, str] = field(compare=False, hash=False)
    historical: frozenset[str] = field(default=frozenset(), compare=False, hash=False)

    def meaning(self, country: str | None, zone: str | None) -> str | None:
        return self.countries.get(country) or self.zones.get(zone)

    def current(self, country: str | None, zone: str | None) -> str | None:
        """The meaning a sentence naming `country` gives the word: never a currency out of use."""
        meaning = self.meaning(country, zone)
        return None if meaning in self.historical else meaning


@dataclass(frozen=True)
class Rules:
    candidates: re.Pattern  # where a number may start: a digit or the first number word
    digits: re.Pattern
    written: re.Pattern  # number words from their first letter (`deux millions cinq cent mille`)
    blank: re.Pattern
    de: re.Pattern
    scale: re.Pattern  # scales.json
    scale_words: frozenset[str]
    carry_scales: frozenset[str]
    continuation: re.Pattern  # `12 millions 300 mille`: a smaller figure after a scale word
    currency_after: Choice  # currencies.json: values are ISO codes or `Ambiguous`
    currency_before: Choice
    subunit: re.Pattern  # forms.json: `3 euros 50`, `1 USD et 23 centimes`
    percent: Choice  # percent.json
    unit: Choice  # units.json
    unit_words: Choice  # after number words: `trois tonnes`, but `un L majuscule` is no litre
    qualifier_before: Choice  # qualifiers.json
    qualifier_after: Choice
    tax: Choice
    per: re.Pattern
    per_noun: re.Pattern  # `100 € la journée`
    not_per: frozenset[str]
    units_symbols: frozenset[str]  # unit symbols that may follow `par` (`par MWh`)
    references: frozenset[str]  # context.json: `programme 172`, words after which a number is a name
    trigger: Choice
    connector: re.Pattern
    word_connectors: frozenset[str]
    pair_opener: dict[str, re.Pattern]
    change_verbs: re.Pattern
    suffix_starts: frozenset[str]  # first characters of anything that can follow an amount
    suffix_words: frozenset[str]  # and its first run of letters, lowercased (`milliards`, `md`, `meur`, `mwh`)
    vague_heads: re.Pattern
    vague_determiner: Choice
    vague_tail: re.Pattern
    vague_tails: dict[str, Decimal]
    approximate: dict[str, Decimal]
    years: tuple[int, int]
    carry_window: int  # after `dont`, `soit`...
    passage_window: int  # without a trigger word, within one passage


def _currencies() -> tuple[dict, dict]:
    """Forms written after and before a number, mapped to an ISO code or to an `Ambiguous` word."""
    data = load("amounts/currencies.json")
    after, written_before = {}, {}
    for c in data["currencies"]:
        after |= dict.fromkeys(c["after"], c["code"])
        written_before |= dict.fromkeys(c["before"], c["code"])
    for a in data["ambiguous"]:
        word = Ambiguous(
            a["name"],
            a["default"],
            a.get("default_inferred", False),
            a.get("countries", {}),
            a.get("zones", {}),
            frozenset(data["historical"]),
        )
        after |= dict.fromkeys(a["after"], word)
        written_before |= dict.fromkeys(a["before"], word)
    return after, written_before


@cache
def rules() -> Rules:
    """Compile every rule once per process."""
    scales = load("amounts/scales.json")
    words = load("amounts/number_words.json")
    context = load("amounts/context.json")
    qualifiers = load("amounts/qualifiers.json")
    forms = load("amounts/forms.json")

    blank = rf"(?:[^\S\n]*-[^\S\n]*|{SP1})"  # between number words: `quatre-vingt-dix`, `deux cents`
    written_scales = [word for word in scales["words"] if word not in words["words"]]  # `mille` is both
    word = rf"(?:{alternation(words['words'])}){WORD_END}"
    scale_word = rf"(?:{alternation(written_scales)}){WORD_END}"
    et = rf"{blank}et{blank}(?=(?:{alternation(words['after_et'])}){WORD_END})"
    written = rf"(?i:{word}(?:(?:{et}|{blank})(?:{word}|{scale_word}))*)"
    abbreviations = sorted(scales["abbreviations"], key=len, reverse=True)
    connectors = context["range_connectors"] + list(context["range_pairs"].values())
    word_connectors = [c for c in connectors if c.isalpha()]
    dashes = alternation(c for c in connectors if not c.isalpha())
    heads = list(scales["approximate_nouns"]) + [f"{noun}s" for noun in scales["approximate_nouns"]]
    after, written_before = _currencies()
    currency_after = Choice(after)
    percent = Choice({f: "%" for f in load("amounts/percent.json")["forms"]})
    units = load("amounts/units.json")["units"]
    unit = Choice({f: u["unit"] for u in units for f in u["forms"]})
    suffixes = currency_after.forms + percent.forms + unit.forms + connectors + list(scales["words"]) + abbreviations
    codes = [f for f in currency_after.forms if f.isalpha() and f.isupper()]
    suffixes += [abbreviation + code for abbreviation in abbreviations for code in codes]  # `12 kEUR`
    letters = (LETTERS.match(f) for f in suffixes)
    per = qualifiers["per"]
    subunits = alternation(forms["subunits"])
    joiners = alternation(forms["subunit_joiners"])
    grouped = r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})*(?![0-9,.])"
    return Rules(
        candidates=re.compile(trie(cased(words["words"]) + list("0123456789"))),
        digits=re.compile(DIGITS),
        written=re.compile(written),
        blank=re.compile(SP),
        de=re.compile(DE),
        scale=re.compile(
            rf"{SP}(?:(?P<word>(?i:{alternation(scales['words'])})){WORD_END}|(?P<abbr>{alternation(abbreviations)}))"
        ),
        scale_words=frozenset(written_scales),
        carry_scales=frozenset(set(scales["words"]) | set(scales["abbreviations"]) - set(scales["no_carry_over"])),
        continuation=re.compile(
            rf"{SP1}(?:(?P<digits>{grouped})(?:{SP1}(?P<scale>(?i:{alternation(scales['words'])})){WORD_END})?"
            rf"|(?P<words>{written}))"
        ),
        currency_after=currency_after,
        currency_before=Choice(written_before, code_before),
        subunit=re.compile(
            rf"{SP}(?:(?:{joiners}){SP1})?(?P<cents>[0-9]{{2}}|[0-9](?={SP}(?:{subunits})))(?![0-9]|[,.][0-9])"
            rf"(?:{SP}(?P<word>{subunits}){WORD_END})?"
        ),
        percent=percent,
        unit=unit,
        unit_words=Choice({f: u for f, u in zip(unit.forms, unit.values, strict=True) if spelt_out(f)}),
        qualifier_before=Choice(qualifiers["before"], build=before),
        qualifier_after=Choice(qualifiers["after"]),
        tax=Choice(qualifiers["tax"]),
        per=re.compile(
            rf"{SP}(?:(?<![\w])(?i:{alternation(m for m in per['markers'] if m.isalpha())}){SP1}"
            rf"|(?:{alternation(m for m in per['markers'] if not m.isalpha())}){SP})"
            rf"(?P<per>[^\W\d_][\w²³-]*)(?![\w²³'’-])"  # a whole word, not the `l` of `l'État`
        ),
        per_noun=re.compile(
            rf"{SP1}(?i:{'|'.join(form(d) for d in per['determiners'])})(?:{SP1}|(?<=['’]))"
            rf"(?P<per>{alternation(per['after_determiner'])}){WORD_END}"
        ),
        not_per=frozenset(per["not_per"]),
        units_symbols=frozenset(f for u in units for f in u["forms"] if not spelt_out(f)),
        references=frozenset(f if len(f) < 4 else f.lower() for f in context["not_after"]),
        trigger=Choice(dict.fromkeys(context["carry_over_triggers"], ""), build=before),
        connector=re.compile(rf"{SP}(?:{dashes}|(?<=\s)(?:{alternation(word_connectors)})(?=\s)){SP}"),
        word_connectors=frozenset(word_connectors),
        pair_opener={
            closer: re.compile(rf"(?<![\w])(?i:{opener}){SP1}\Z") for opener, closer in context["range_pairs"].items()
        },
        change_verbs=re.compile(rf"(?i:{alternation(context['change_verbs'])})"),
        suffix_starts=frozenset(f[0].lower() for f in suffixes),
        suffix_words=frozenset(run.group().lower() for run in letters if run),
        vague_heads=re.compile(rf"(?:{trie(cased(heads + scales['vague_nouns']))}){WORD_END}"),
        vague_determiner=Choice(
            {d: d in scales["exact_determiners"] for d in scales["vague_determiners"] + scales["exact_determiners"]},
            build=lambda f: form(f) + SP1,
        ),
        vague_tail=re.compile(rf"{SP}{DE}(?P<tail>(?i:{alternation(scales['vague_tails'])})){WORD_END}"),
        vague_tails={noun: Decimal(v) for noun, v in scales["vague_tails"].items()},
        approximate={noun: Decimal(v) for noun, v in scales["approximate_nouns"].items()},
        years=tuple(context["year_span"]),
        carry_window=context["carry_over_window"],
        passage_window=context["passage_window"],
    )
