"""Calendar arithmetic for the date matcher: what interval an expression denotes.

A date expression is read into a `When` before it is anchored: `9 mars 2026`
knows its year, `le 26 janvier` does not, `la semaine prochaine` only makes
sense from a reference date, `la veille` from the date mentioned before it.
Keeping the reading and the anchoring (`resolve.py`) apart lets the same
expression take its year from another mention of the document, from the tense
of its clause or from the release's own date, borrow a year from the other end
of a range (`du 29 octobre au 9 décembre 2014`), or be left out when nothing
anchors it, instead of silently guessing today.

The conventions these functions implement are documented in `matcher.py`.
Easter and month arithmetic come from python-dateutil (`easter`,
`relativedelta`), not from code of our own.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from dateutil.easter import EASTER_WESTERN
from dateutil.easter import easter as _easter
from dateutil.relativedelta import relativedelta

from pipeline.ruledata import load

Interval = tuple[date, date]
GRAINS = ("day", "week", "month", "quarter", "season", "year", "decade")


def month_span(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_span(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def months_span(year: int, first: int, last: int) -> Interval:
    return month_span(year, first)[0], month_span(year, last)[1]


def week_span(day: date) -> Interval:
    """Monday to Sunday, as in ISO weeks."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def day_span(year: int, month: int, day: int) -> Interval | None:
    """The one-day interval, or None when the day does not exist (`29 février 2025`)."""
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d, d


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (Pâques; Ascension and Pentecôte follow from it)."""
    return _easter(year, EASTER_WESTERN)


def add_months(day: date, months: int) -> tuple[int, int]:
    """(year, month) `months` after the month of `day`."""
    moved = day.replace(day=1) + relativedelta(months=months)
    return moved.year, moved.month


def shifted(reference: date, unit: str, count: int) -> tuple[Interval, str]:
    """The `unit`-long period `count` units away from the one holding `reference`, and its grain."""
    if unit == "day":
        d = reference + timedelta(days=count)
        return (d, d), "day"
    if unit == "week":
        return week_span(reference + timedelta(weeks=count)), "week"
    if unit == "weekend":
        saturday = week_span(reference + timedelta(weeks=count))[0] + timedelta(days=5)
        return (saturday, saturday + timedelta(days=1)), "day"
    if unit == "month":
        return month_span(*add_months(reference, count)), "month"
    if unit in ("quarter", "semester"):
        size = 3 if unit == "quarter" else 6
        first = (reference.month - 1) // size * size
        year, month = add_months(date(reference.year, first + 1, 1), count * size)
        return months_span(year, month, month + size - 1), "quarter"
    return year_span(reference.year + count), "year"


@cache
def _parts() -> dict:
    return load("dates/modifiers.json")["parts"]


def part_grain(grain: str, part: str) -> str:
    """The grain of a fuzzy part: months of a year, days of a month, years of a decade, else days."""
    if part == "during":
        return grain
    return _parts().get(grain, {}).get("grain", "day")


def part_of(interval: Interval, grain: str, part: str) -> Interval:
    """The `start`/`mid`/`end` slice of a period (see `parts` in models/dates/modifiers.json)."""
    if part == "during" or grain == "day":
        return interval  # a day has no part: `Fin : 3 avril` is that day
    first, last = interval
    rule = _parts().get(grain)
    if rule and grain == "year":
        return months_span(first.year, *rule[part])
    if rule and grain == "month":
        lo, hi = rule[part]
        return first.replace(day=lo), first.replace(day=min(hi, last.day))
    if rule and grain == "decade":
        lo, hi = rule[part]
        return date(first.year + lo, 1, 1), date(first.year + hi, 12, 31)
    third = ((last - first).days + 1) / 3
    index = ("start", "mid", "end").index(part)
    return first + timedelta(days=round(third * index)), first + timedelta(days=round(third * (index + 1)) - 1)


@dataclass(frozen=True)
class When:
    """What a date expression says, before it is anchored (`resolve.py` anchors it).

    One of three kinds:

    - *calendar*: `span(year)` gives the interval in a given year (None if the day
      does not exist that year); `year` is set when the text gives it, `short_year`
      when it gives two digits (`mars 97`), else the year is found in the document,
      the tense of the clause or the reference. `weekday` (0 = Monday) must hold
      (`vendredi 14 juin`); `side` is +1 for `prochain`, -1 for `dernier`.
    - *deictic*: `deictic(reference, side)` computes it from the reference date
      (`hier`, `l'an dernier`, `mardi`); for the `tensed` ones (`mardi`, `ce week-end`)
      `side` (-1, 0, +1) picks the occurrence on or before, nearest to, or on or after
      the reference when the words leave it open.
    - *anaphoric*: `anaphor(interval)` computes it from the last date the text
      mentioned (`la veille`, `deux jours plus tard`), or, unless `mentioned_only`
      (`deux jours plus tard` needs an earlier date), from the reference when it
      mentioned none.

    `generic_in_present`: the words are a date only in a past or future clause
    (`a annoncé aujourd'hui`, not `aujourd'hui, l'IA…`; `au printemps` likewise).
    """

    grain: str
    span: Callable[[int], Interval | None] | None = None
    year: int | None = None
    short_year: int | None = None
    deictic: Callable[[date, int], Interval] | None = None
    anaphor: Callable[[Interval], Interval | None] | None = None
    side: int = 0
    weekday: int | None = None
    approximate: bool = False
    generic_in_present: bool = False
    tensed: bool = False  # a deictic whose `side` comes from the tense (`mardi`, `ce week-end`)
    mentioned_only: bool = False  # an anaphor counted only from a mentioned date, never the reference

    @property
    def calendar(self) -> bool:
        return self.span is not None

    @property
    def explicit(self) -> bool:
        """True when the text alone fixes the interval (four-digit year, nothing relative)."""
        return self.span is not None and self.year is not None

    @property
    def needs_tense(self) -> bool:
        """Whether the tense of its clause can change the interval or whether it is a date at all."""
        if self.generic_in_present:
            return True
        if self.span is not None:
            return self.year is None and self.short_year is None and self.side == 0
        return self.tensed and self.side == 0

    def map(self, fn: Callable[[Interval], Interval], grain: str) -> When:
        """The same expression, its interval transformed (a fuzzy part, the week holding a day)."""
        span, deictic, anaphor = self.span, self.deictic, self.anaphor

        def new_span(year):
            interval = span(year)
            return interval and fn(interval)

        def new_anaphor(anchor):
            interval = anaphor(anchor)
            return interval and fn(interval)

        return replace(
            self,
            grain=grain,
            span=span and new_span,
            deictic=deictic and (lambda ref, side: fn(deictic(ref, side))),
            anaphor=anaphor and new_anaphor,
        )

    def in_year(self, year: int) -> Interval | None:
        return self.span(year) if self.span else None

    def fits(self, interval: Interval) -> bool:
        """Whether the interval starts on the weekday the text gives, if it gives one."""
        return self.weekday is None or interval[0].weekday() == self.weekday


def distance(interval: Interval, other: Interval) -> int:
    """Days between two intervals, 0 when they overlap."""
    first, last = interval
    return max((first - other[1]).days, (other[0] - last).days, 0)
