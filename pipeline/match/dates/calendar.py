"""Calendar arithmetic for the date matcher: what interval an expression denotes.

A date expression is read into a `When` before it is anchored: `9 mars 2026`
knows its year, `le 26 janvier` does not, `la semaine prochaine` only makes
sense from a reference date. Keeping the reading and the anchoring apart lets
the same expression be resolved against the release's own date, borrow a year
from the other end of a range (`du 29 octobre au 9 décembre 2014`), or stay
unresolved when no reference is known, instead of silently guessing today.

The conventions these functions implement are documented in `matcher.py`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

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
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def add_months(day: date, months: int) -> tuple[int, int]:
    """(year, month) `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


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
    if part == "during":
        return interval
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
    """What a date expression says, before it is anchored.

    `span(year)` gives the interval in a given year (None if the day does not
    exist that year); `year` is set when the text gives it. Deictic expressions
    (`hier`, `l'an dernier`) have `deictic(reference)` instead. `side` is +1 for
    `prochain`, -1 for `dernier`: which side of the reference a year-less date
    falls on. `weekday` (0 = Monday) picks the year in which `lundi 9 mars` is a
    Monday.
    """

    grain: str
    span: Callable[[int], Interval | None] | None = None
    year: int | None = None
    deictic: Callable[[date], Interval] | None = None
    side: int = 0
    weekday: int | None = None
    approximate: bool = False

    @property
    def anchored(self) -> bool:
        """True when the text alone fixes the interval."""
        return self.deictic is None and self.year is not None

    def map(self, fn: Callable[[Interval], Interval], grain: str) -> When:
        """The same expression, its interval transformed (a fuzzy part, the week holding a day)."""
        span, deictic = self.span, self.deictic

        def new_span(year):
            interval = span(year)
            return interval and fn(interval)

        return replace(
            self,
            grain=grain,
            span=span and new_span,
            deictic=deictic and (lambda ref: fn(deictic(ref))),
        )

    def in_year(self, year: int) -> Interval | None:
        return self.span(year) if self.span else None

    def resolve(self, reference: date | None) -> tuple[Interval, bool] | None:
        """(interval, year inferred from the reference), or None if it needs a reference we lack."""
        if self.deictic is not None:
            return (self.deictic(reference), True) if reference else None
        if self.year is not None:
            interval = self.in_year(self.year)
            return (interval, False) if interval else None
        if reference is None:
            return None
        interval = self.nearest(reference)
        return (interval, True) if interval else None

    def nearest(self, reference: date) -> Interval | None:
        """The year-less date in the year that puts it nearest the reference (on `side` if given)."""
        candidates = [i for y in (reference.year - 1, reference.year, reference.year + 1) if (i := self.in_year(y))]
        if self.weekday is not None:
            candidates = [i for i in candidates if i[0].weekday() == self.weekday] or candidates
        if self.side > 0:
            candidates = [i for i in candidates if i[0] > reference] or candidates
            return min(candidates, default=None)
        if self.side < 0:
            candidates = [i for i in candidates if i[1] < reference] or candidates
            return max(candidates, default=None)
        # Ties go to the future: releases announce more than they recall.
        return min(candidates, key=lambda i: (distance(i, reference), -i[0].toordinal()), default=None)


def distance(interval: Interval, day: date) -> int:
    """Days from `day` to the interval, 0 inside it."""
    first, last = interval
    return max((first - day).days, (day - last).days, 0)
