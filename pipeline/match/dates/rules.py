"""The date rules: one pattern per kind of core, and how each match is read into a `When`.

Every rule finds a *core* (`9 mars 2026`, `2018-2022`, `la semaine prochaine`)
and reads it, or rejects it (`le 31 avril`, `Mars` the planet). The markers
before a core are read by `context`, the words come from
`lexicon`, the intervals from `calendar`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from pipeline.match.dates.calendar import When, day_span, easter, month_span, months_span, shifted, year_span
from pipeline.match.dates.context import Context, counted_after, is_year_here, year_checks
from pipeline.match.dates.lexicon import (
    APOSTROPHE,
    FLAGS,
    alt,
    direction_of,
    fragments,
    holiday_dates,
    holiday_key,
    holiday_names,
    month_number,
    norm,
    phrase,
)
from pipeline.match.numbers import words_value
from pipeline.ruledata import load

# --- a core and its reading ---------------------------------------------------------------------


@dataclass
class Found:
    """A core the rules accepted; `items` are the dates of a list (`les 3 et 10 mars`), one mention."""

    start: int
    end: int
    when: When
    rule: str
    open: str | None = None  # an open range the core itself says (`d'ici trois ans`)
    items: tuple[When, ...] = ()
    priority: int = 0


# --- readers --------------------------------------------------------------------------------------


def _when_year(y: int, grain: str = "year") -> When:
    return When(grain=grain, span=lambda year: year_span(year), year=y)


def _weekday_before(ctx: Context, at: int) -> tuple[int | None, int]:
    """The weekday written right before a numeric date (`lundi 17/02/2014`) and where it starts."""
    m = _weekday_end().search(ctx.before(at, 16))
    if m is None:
        return None, at
    return _weekday_of(m["wd"]), at - len(ctx.before(at, 16)) + m.start()


@cache
def _weekday_end() -> re.Pattern:
    f = fragments()
    return re.compile(rf"(?<![^\W_])(?P<wd>{f['WEEKDAY']}|{f['WEEKDAY_ABBR']})\s+$", FLAGS)


def _numeric(m: re.Match, ctx: Context, month: int, day: int, year: int | None = None, short: int | None = None):
    """A numeric day, the weekday before it in its span."""
    weekday, start = _weekday_before(ctx, m.start())
    when = When("day", lambda y: day_span(y, month, day), year, short, weekday=weekday)
    return Found(start, m.end(), when, "day")


def read_iso(m: re.Match, ctx: Context) -> Found | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    return day_span(year, month, day) and _numeric(m, ctx, month, day, year)


def read_numeric(m: re.Match, ctx: Context) -> Found | None:
    """`25/11/2025`, `17.02.2014`, `17-02-2014`, `25/11/25`, with a weekday before them or not."""
    year, month, day = m["y"], int(m["m"]), int(m["d"])
    if m["s"] == "." and (len(m["d"]) < 2 or len(m["m"]) < 2):
        return None  # `1.2.2025` is a version, `01.02.2025` a date
    if day_span(2024, month, day) is None:
        return None
    if len(year) == 2:
        if m["s"] != "/":
            return None  # `03.01.25` may be a section number
        return _numeric(m, ctx, month, day, short=int(year))
    return day_span(int(year), month, day) and _numeric(m, ctx, month, day, int(year))


def read_numeric_short(m: re.Match, ctx: Context) -> Found | None:
    """`le 27/10`, `mardi 17/02`, `le 17.02`: only after `le`/`du`/`au` or a weekday (`24/7`, `3/4` are not dates)."""
    if ctx.prefix(m.start()).det not in ("le", "du", "au") and _weekday_before(ctx, m.start())[0] is None:
        return None
    if m["s"] == "." and (len(m["d"]) < 2 or len(m["m"]) < 2):
        return None  # `le 1.5` is a number
    month, day = int(m["m"]), int(m["d"])
    if day_span(2024, month, day) is None:
        return None
    return _numeric(m, ctx, month, day)


def _year_of(m: re.Match) -> tuple[int | None, int | None]:
    """(four-digit year, two-digit year) a match gives, if any."""
    groups = m.groupdict()
    return (int(groups["y"]) if groups.get("y") else None), (int(groups["yy"]) if groups.get("yy") else None)


def read_day_month(m: re.Match, ctx: Context) -> Found | None:
    """`9 mars 2026`, `lundi 9 mars`, `les 25 et 26 novembre 2025`, `du 6 au 11 février`, `13-15 juillet`.

    Days that do not follow each other (`les 3 et 10 mars`) are a list: one mention, its items.
    """
    f = fragments()
    month = month_number(m["month"])
    year, short = _year_of(m)
    side = direction_of(m["rel"])
    items = list(re.finditer(f["DAY_ITEM"], m["days"], FLAGS))
    days = [_day_number(i.group()) for i in items]
    weekdays = [_weekday_of(i.group()) for i in items]
    if any(day_span(year or 2024, month, d) is None for d in days):
        return None
    opener = (m["opener"] or "").lower()
    joins = {(norm(m["days"][a.end() : b.start()]).strip(" ,") or ",").split()[0] for a, b in _pairs(items)}
    offset = m.start("days")
    core_start = offset if opener in ("", "le", "les") or len(items) == 1 else m.start()
    consecutive = all(b == a + 1 for a, b in _pairs(days))
    if len(items) == 1 or consecutive or opener in ("du", "entre") or joins & {"au", "à", "-", "–"}:
        if days != sorted(days) or len(set(days)) != len(days):
            return None
        first, last = days[0], days[-1]

        def span(y):
            a, b = day_span(y, month, first), day_span(y, month, last)
            return a and b and (a[0], b[1])

        when = When("day", span, year, short, side=side, weekday=weekdays[0])
        return Found(core_start, m.end(), when, "day" if len(items) == 1 else "range")
    whens = tuple(
        When("day", lambda y, d=d: day_span(y, month, d), year, short, side=side, weekday=wd)
        for d, wd in zip(days, weekdays, strict=True)
    )
    return Found(core_start, m.end(), whens[0], "list", items=whens)


def _pairs(items: list) -> zip:
    return zip(items, items[1:], strict=False)


def _day_number(item: str) -> int:
    number = re.search(r"\d+", item)
    return int(number.group()) if number else 1  # `premier`


def _weekday_of(item: str) -> int | None:
    """The weekday a day item or a word starts with (0 = Monday), if any."""
    word = norm(item.split()[0])
    weekdays = load("dates/weekdays.json")
    if word in weekdays["weekdays"]:
        return weekdays["weekdays"].index(word)
    return weekdays["abbreviations"].get(word)


def read_month_year(m: re.Match, ctx: Context) -> Found | None:
    """`mars 2026`, `mars 97`, `mars ’97`."""
    month = month_number(m["month"])
    year, short = _year_of(m)
    return Found(m.start(), m.end(), When("month", lambda y: month_span(y, month), year, short), "month")


def read_month(m: re.Match, ctx: Context) -> Found | None:
    """A month alone: lower case (`en juillet`), or after `en`, `de` or a marker; `Mars` alone is the planet."""
    pre = ctx.prefix(m.start())
    if not (m["month"].islower() or m["mois"] or m["rel"] or pre.det in ("en", "de", "d'") or pre.marked):
        return None
    month = month_number(m["month"])
    when = When("month", lambda y: month_span(y, month), side=direction_of(m["rel"]))
    return Found(m.start(), m.end(), when, "month")


def read_year(m: re.Match, ctx: Context) -> Found | None:
    if not is_year_here(ctx, m.start(), m.end()):
        return None
    return Found(m.start(), m.end(), _when_year(int(m.group())), "year")


def read_year_phrase(m: re.Match, ctx: Context) -> Found | None:
    if counted_after(ctx, m.end(), weak=False):
        return None
    return Found(m.start(), m.end(), _when_year(int(m["y"])), "year")


def read_year_range(m: re.Match, ctx: Context) -> Found | None:
    """`2018-2022`, `de 2018 à 2022`, `entre 2023 et 2024`, `2025/26`."""
    first, conn = int(m["y1"]), norm(m["conn"])
    opener = norm(m["opener"] or "")
    last = int(m["y2"]) if len(m["y2"]) == 4 else first + 1 if int(m["y2"]) == (first + 1) % 100 else 0
    word_pairs = {"et": ("entre",), "à": ("de", "d'", "du"), "au": ("du", "de", "d'")}
    if conn in word_pairs and opener not in word_pairs[conn]:
        return None
    if not first < last <= first + 100 or (len(m["y2"]) == 2 and conn not in ("-", "/", "–", "—")):
        return None
    if year_checks()["blocked"].search(ctx.before(m.start())) or counted_after(ctx, m.end(), weak=True):
        return None
    start = m.start() if opener in ("de", "d'", "entre", "du") and conn in word_pairs else m.start("y1")
    when = When("year", lambda y: (date(y, 1, 1), date(y + last - first, 12, 31)), first)
    return Found(start, m.end(), when, "range")


def read_quarter(m: re.Match, ctx: Context) -> Found | None:
    """`premier trimestre 2026`, `second semestre`, `T1 2026`, `S2 2025`. Semesters get grain `quarter`."""
    groups = m.groupdict()
    if groups.get("code"):
        code = groups["code"]
        if not code[0].isupper():
            return None
        size = 6 if code[0] in "SH" else 3
        number = int(code[1])
    else:
        size = 6 if norm(groups["kind"]) == "semestre" else 3
        number = load("dates/ordinals.json")["ordinals"].get(norm(groups["ord"]))
        if number == -1 and m["y"]:
            number = 12 // size
    if not number or number < 1 or number * size > 12:
        return None
    first = (number - 1) * size + 1
    when = When("quarter", lambda y: months_span(y, first, first + size - 1), int(m["y"]) if m["y"] else None)
    return Found(m.start(), m.end(), when, "quarter")


def read_season(m: re.Match, ctx: Context) -> Found | None:
    """`printemps 2025`, `l'été`, `cet hiver`, `hiver 2024-2025`, `rentrée 2025`.

    Without a year a season needs an article or a marker (`a été` is a verb) and lower case
    (`le Printemps de Bourges` is a festival); with only an article it is a date in a past or
    future clause (`au printemps, nous lancerons`), not in a present one (`en été, la demande augmente`,
    `traverser l'hiver sans se ruiner`).
    """
    pre = ctx.prefix(m.start())
    deictic = bool(m["rel"] or m["this"] or pre.marked)
    if not m["y"] and (m["season"][0].isupper() or not (deictic or pre.det in load("dates/seasons.json")["needs"])):
        return None
    rule = load("dates/seasons.json")["seasons"][norm(m["season"])]
    (sm, sd), (em, ed) = rule["start"], rule["end"]

    def span(y):
        end_year = y + (em < sm)
        return date(y, sm, sd), date(end_year, em, min(ed, monthrange(end_year, em)[1]))

    year = int(m["y"]) if m["y"] else None
    when = When(
        "season",
        span,
        year,
        side=direction_of(m["rel"]),
        approximate=rule.get("approximate", False),
        generic_in_present=not (year or deictic),
    )
    return Found(m.start(), m.end(), when, "season")


def read_holiday(m: re.Match, ctx: Context) -> Found | None:
    pre = ctx.prefix(m.start())
    if not (m["y"] or pre.marked or pre.det in load("dates/holidays.json")["needs"]):
        return None
    fixed, movable = holiday_dates()
    name = holiday_key(m["h"])
    if name in fixed:
        month, day = fixed[name]

        def span(y):
            return day_span(y, month, day)
    else:
        offset = timedelta(days=movable[name])

        def span(y):
            d = easter(y) + offset
            return d, d

    return Found(m.start(), m.end(), When("day", span, int(m["y"]) if m["y"] else None), "holiday")


def read_decade(m: re.Match, ctx: Context) -> Found | None:
    """`les années 2020`; two digits are the 1900s (`les années 90`, `les années 20`)."""
    start = int(m["y"]) if len(m["y"]) == 4 else 1900 + int(m["y"])
    when = When("decade", lambda y: (date(y, 1, 1), date(y + 9, 12, 31)), start)
    return Found(m.start(), m.end(), when, "decade")


def _today(shift: int) -> Callable[[date, int], tuple[date, date]]:
    return lambda ref, _side: shifted(ref, "day", shift)[0]


def read_day_word(m: re.Match, ctx: Context) -> Found | None:
    """`aujourd'hui`, `demain`, `hier soir`, `ce jour`, `aujourd'hui vendredi`; `la veille` (`read_anaphor`).

    Not `l'IA de demain`, `les solutions pour demain`; `aujourd'hui` alone is
    "nowadays" unless its clause is past or future (`a annoncé aujourd'hui`, `signera aujourd'hui`)
    or a marker or a weekday makes it a day (`dès aujourd'hui`, `aujourd'hui vendredi`).
    """
    if m["a"]:
        return read_anaphor(m, ctx)
    rel = load("dates/relative.json")
    pre = ctx.prefix(m.start())
    if pre.det in rel["metaphoric_after"] and not pre.open:
        return None
    word = norm(m["word"] or m["today"])
    shift = rel["days"].get(word, 0)
    generic = word in rel["generic_in_present"] and not (pre.marked or m["wd"])
    when = When("day", deictic=_today(shift), generic_in_present=generic)
    return Found(m.start(), m.end(), when, "relative")


def read_relative_unit(m: re.Match, ctx: Context) -> Found | None:
    """`cette année`, `la semaine prochaine`, `l'an dernier`, `le mois en cours`, `ce week-end`.

    `ce week-end` is the last one in a past clause (`se sont rendus ce week-end`), else the one of
    the reference's week. `la semaine suivante` is read by `read_anaphor_unit`.
    """
    if m["fol"]:
        return read_anaphor_unit(m, ctx)
    word = norm(m["unit"] or m["unit2"])
    if m["unit2"] and word.endswith("s") and word != "mois":
        return None  # `les mois à venir`, `ces dernières années` are vague stretches
    pre = ctx.prefix(m.start())
    if m["unit2"] and (pre.det in ("les", "des") or not (m["article"] or pre.part)):
        return None  # `une année passée à`: a duration
    unit = load("dates/relative.json")["units"][word]
    count = direction_of(m["dir"]) if m["dir"] else 0
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    if unit == "weekend" and count == 0:
        return Found(m.start(), m.end(), When(grain, deictic=_weekend, tensed=True), "relative")
    when = When(grain, deictic=lambda ref, _side: shifted(ref, unit, count)[0])
    return Found(m.start(), m.end(), when, "relative")


def _weekend(ref: date, side: int) -> tuple[date, date]:
    saturday = shifted(ref, "weekend", 0)[0][0]
    if side < 0 and ref < saturday:
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1)


def read_relative_count(m: re.Match, ctx: Context) -> Found | None:
    """`il y a trois jours`, `dans deux semaines`, `d'ici trois ans` (an open range); `deux jours plus tard`
    is read by `read_anaphor_count`."""
    if m["later"]:
        return read_anaphor_count(m, ctx)
    if not m["dir"]:
        return None
    count = int(m["n"]) if m["n"].isdigit() else words_value(m["n"])
    if count is None:
        return None
    rel = load("dates/relative.json")
    word = norm(m["dir"])
    sign = -1 if word in rel["ago"] else 1
    unit = rel["units"][norm(m["unit"])]
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    when = When(grain, deictic=lambda ref, _side: shifted(ref, unit, sign * int(count))[0])
    return Found(m.start(), m.end(), when, "relative", open="until" if word in rel["until"] else None)


def read_weekday(m: re.Match, ctx: Context) -> Found | None:
    """`lundi`, `lundi prochain`, `ce lundi`: the next/last one, else the one the tense points to.

    In a past clause the last one on or before the reference, in a future clause the next one on
    or after it, else the one within three days of it.
    """
    sign = direction_of(m["dir"]) if m["dir"] else 0
    pre = ctx.prefix(m.start())
    if not (m["this"] or m["dir"]) and pre.det in {norm(w) for w in load("dates/weekdays.json")["not_before"]}:
        return None  # `le lundi`, `chaque lundi`: a habit, not a date
    if re.match(rf"\s*(?:au|à|-|–|et|ou)\s*{fragments()['WEEKDAY']}", ctx.after(m.end()), FLAGS):
        return None  # `du lundi au vendredi`
    weekday = load("dates/weekdays.json")["weekdays"].index(norm(m["wd"]))

    def deictic(ref: date, side: int) -> tuple[date, date]:
        back, ahead = (ref.weekday() - weekday) % 7, (weekday - ref.weekday()) % 7
        if sign > 0:
            d = ref + timedelta(days=ahead or 7)
        elif sign < 0:
            d = ref - timedelta(days=back or 7)
        elif side > 0:
            d = ref + timedelta(days=ahead)
        elif side < 0:
            d = ref - timedelta(days=back)
        else:
            d = ref + timedelta(days=(weekday - ref.weekday() + 3) % 7 - 3)
        return d, d

    return Found(m.start(), m.end(), When("day", deictic=deictic, side=sign, tensed=True), "relative")


def read_anaphor(m: re.Match, ctx: Context) -> Found | None:
    """`la veille`, `le lendemain`, `le même jour`, `ce jour-là`: from the last date the text mentioned.

    Not before `de`/`du` (`au lendemain de la guerre` is an idiom; `la veille du 21 mars` is read
    as a marker of `21 mars`).
    """
    if re.match(r"\s*(?:de|du|des|d['’])(?!\w)", ctx.after(m.end()), FLAGS):
        return None
    shift = load("dates/relative.json")["anaphoric"][norm(m["a"])]
    return Found(m.start(), m.end(), When("day", anaphor=lambda anchor: _shift_days(anchor, shift)), "relative")


def _shift_days(anchor: tuple[date, date], days: int) -> tuple[date, date] | None:
    if days == 0:
        return anchor if anchor[0] == anchor[1] else None  # `le même jour` needs a day
    d = anchor[1] + timedelta(days=days) if days > 0 else anchor[0] + timedelta(days=days)
    return d, d


def read_anaphor_count(m: re.Match, ctx: Context) -> Found | None:
    """`deux jours plus tard`, `trois semaines auparavant`: counted from the last date mentioned.

    Only from a mentioned date: `un an après` in a title, with no date before it, is no date.
    """
    count = int(m["n"]) if m["n"].isdigit() else words_value(m["n"])
    if count is None:
        return None
    if norm(m["later"]) in ("après", "avant") and not re.match(r"\s*(?:[,.;:!?)]|$)", ctx.after(m.end())):
        return None  # `trois semaines après l'ouverture`: counted from an event, not from a date
    sign = load("dates/relative.json")["later_earlier"][norm(m["later"])]
    unit = load("dates/relative.json")["units"][norm(m["unit"])]
    if unit == "day":
        when = When("day", anaphor=lambda anchor: _shift_days(anchor, sign * int(count)), mentioned_only=True)
    else:
        grain = shifted(date(2000, 1, 1), unit, 0)[1]
        anaphor = lambda anchor: shifted(anchor[0], unit, sign * int(count))[0]  # noqa: E731
        when = When(grain, anaphor=anaphor, mentioned_only=True)
    return Found(m.start(), m.end(), when, "relative")


def read_anaphor_unit(m: re.Match, ctx: Context) -> Found | None:
    """`la semaine suivante`, `l'année précédente`, `le mois suivant`; not `l'année suivant le Sommet`."""
    if not m["article"]:
        return None
    if re.match(rf"\s+(?:{alt(load('dates/years.json')['determiners'])}|un|une)(?!\w)", ctx.after(m.end()), FLAGS):
        return None  # `suivant` is a preposition there
    unit = load("dates/relative.json")["units"][norm(m["unit2"])]
    sign = load("dates/relative.json")["following"][norm(m["fol"])]
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    when = When(grain, anaphor=lambda a: shifted(a[0], unit, sign)[0], mentioned_only=True)
    return Found(m.start(), m.end(), when, "relative")


def read_bare_unit(m: re.Match, ctx: Context) -> Found | None:
    """`année`, `mois`, `semaine` after a fuzzy marker led by a preposition: `en fin d'année`, `à la fin du mois`.

    Without the preposition (`Petits budgets, fin du mois sereine`) it is an idiom, not a date.
    """
    pre = ctx.prefix(m.start())
    if not pre.part or pre.part == "week" or not (pre.lead or pre.open):
        return None
    unit = load("dates/relative.json")["units"][norm(m["unit"])]
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    return Found(m.start(), m.end(), When(grain, deictic=lambda ref, _s: shifted(ref, unit, 0)[0]), "relative")


def read_short_year(m: re.Match, ctx: Context) -> Found | None:
    """`en 96,` `en 05.`: two digits standing for a year, at the end of a clause (not `en 12 mois`)."""
    yy = int(m["yy"])
    return Found(m.start("yy"), m.end(), When("year", year_span, short_year=yy), "year")


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    read: Callable[[re.Match, Context], Found | None]
    needs: tuple[str, ...]  # the families (`families_in`) a paragraph must all hold for this rule to match in it


def _rule(name: str, pattern: str, read, needs: str | tuple[str, ...], flags: int = FLAGS) -> Rule:
    return Rule(name, re.compile(pattern, flags), read, (needs,) if isinstance(needs, str) else needs)


@cache
def families() -> dict[str, frozenset[str]]:
    """Words one of which every match of a rule holds (lower case): a month name, a weekday...

    Most paragraphs hold no date, and a regex scan costs about the same whether it matches or not;
    so the words of a paragraph are collected once, and only the rules whose family of words it
    holds (or `digit`, for the numeric rules) scan it. Each phrase is represented by its longest
    word (`le lendemain` by `lendemain`), which any match holds.
    """
    rel = load("dates/relative.json")
    months = [n for m in load("dates/months.json")["months"] for n in m["names"] + m["abbreviations"]]
    words = {
        "month": months,
        "weekday": load("dates/weekdays.json")["weekdays"],
        "season": load("dates/seasons.json")["seasons"],
        "holiday": holiday_names(),
        "unit": [*rel["units"], "décennie"],
        "day": [*rel["days"], *rel["today"], *rel["anaphoric"]],
    }
    return {name: frozenset(max(_WORD.findall(w.lower()), key=len) for w in ws) for name, ws in words.items()}


_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# What the numeric rules' matches hold, beyond a digit. Each rule's pattern opens with a look-behind, so
# that `re` tries it at every position of a paragraph, whereas these open with a digit or a letter written
# in both cases (no IGNORECASE), which `re` skips to directly: testing them first saves the numeric rules'
# scans in the many paragraphs that hold figures but no date-like number. On the 16 seed and press-dev texts
# (568 paragraphs), `families_in` and the scans of the rules it selects took 71 ms and take 56 ms (CPU time,
# best of 9; the numeric rules' share went from 33 to 10 ms).
_SHAPES = {
    "digit_separator": re.compile(r"\d[-/.]\d"),  # `9/3/2026`, `2026-03-09`, `17.02`
    "year_digits": re.compile(r"(?:1\d|2[01])\d\d"),  # what every four-digit year of `fragments()` starts with
    "en_two_digits": re.compile(r"[eE][nN]\s+['’]?[05-9]\d"),  # `en 96,`: IGNORECASE `en` is [eE][nN]
}


def families_in(text: str) -> set[str]:
    """The families (`families()`, `digit` and the shapes of `_SHAPES`) the text holds."""
    words = set(_WORD.findall(text.lower()))
    present = {name for name, family in families().items() if family & words}
    if _DIGIT.search(text):
        present.add("digit")
        present.update(name for name, shape in _SHAPES.items() if shape.search(text))
    return present


@cache
def rules() -> tuple[Rule, ...]:
    """All rules, most specific first: on equal length the earlier one wins."""
    f = fragments()
    y, month, direction = f["YEAR"], f["MONTH"], f["DIRECTION"]
    # Two digits after a month are a year only at the end of a clause (`le 10 novembre 93,`), not a count.
    yy = r"[’']?(?P<yy>\d\d)(?=[^\S\n]*(?:[,.;:!?)»\n]|$))"
    mois = rf"(?P<mois>mois\s+d(?:e\s+|{APOSTROPHE}\s*))?"
    day_sep = r"\s*(?:,|et|&|au|à|-|–)\s*(?:le\s+)?"
    seasons = alt(load("dates/seasons.json")["seasons"])
    holidays = "(?:" + "|".join(phrase(h) for h in sorted(holiday_names(), key=len, reverse=True)) + ")"
    rel = load("dates/relative.json")
    this = alt(rel["this"])
    ordinal = alt(load("dates/ordinals.json")["ordinals"])
    year_of = rf"(?:de\s+l{APOSTROPHE}\s*année\s+|de\s+|d{APOSTROPHE}\s*)?"
    return (
        _rule(
            "iso",
            rf"(?<![\d/.-])(?P<y>{y})(?P<s>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=s)(?P<d>0?[1-9]|[12]\d|3[01])"
            r"(?![\d]|[/.-]\d)",
            read_iso,
            "digit_separator",
        ),
        _rule(
            "numeric",
            r"(?<![\d/.,-])(?P<d>0?[1-9]|[12]\d|3[01])(?P<s>[/.-])(?P<m>0?[1-9]|1[0-2])(?P=s)"
            r"(?P<y>(?:1\d|2[01])\d\d|\d\d)(?![\d]|[/.-]\d|[.,]\d)",
            read_numeric,
            "digit_separator",
        ),
        _rule(
            "numeric_short",
            r"(?<![\d/.,-])(?P<d>0?[1-9]|[12]\d|3[01])(?P<s>[/.])(?P<m>0?[1-9]|1[0-2])(?![\d]|[/.,]\d)",
            read_numeric_short,
            "digit_separator",
        ),
        _rule(
            "day_month",
            rf"(?<![^\W_])(?:(?P<opener>du|entre|les?)\s+(?:le\s+)?)?(?P<days>{f['DAY_ITEM']}"
            rf"(?:{day_sep}{f['DAY_ITEM']})*)(?:\s*-\s*|\s+)(?P<month>{month})"
            rf"(?:\s+(?:(?P<y>{y})|{yy}))?(?:\s+(?P<rel>{direction}))?",
            read_day_month,
            "month",
        ),
        _rule(
            "decade",
            r"(?<!\w)(?:les\s+)?(?:années|décennie)\s+(?P<y>(?:1\d|2[01])\d0|[1-9]0)(?!\d)",
            read_decade,
            "unit",
        ),
        _rule(
            "quarter",
            rf"(?<!\w)(?P<ord>{ordinal})\s+(?P<kind>trimestre|semestre)(?!\w)(?:\s+{year_of}(?P<y>{y}))?",
            read_quarter,
            "unit",
        ),
        _rule("quarter_code", rf"(?<!\w)(?P<code>[TQSH][1-4])\s*[-/]?\s*(?P<y>{y})", read_quarter, "year_digits"),
        _rule(
            "season",
            rf"(?<!\w)(?:(?P<this>{this})\s+)?(?P<season>{seasons})(?!\w)(?:\s+{year_of}(?P<y>{y})"
            rf"(?:\s*[-/]\s*(?:{y}|\d\d)(?!\d))?)?(?:\s+(?P<rel>{direction}))?",
            read_season,
            "season",
        ),
        _rule("holiday", rf"(?<!\w)(?P<h>{holidays})(?!\w)(?:\s+(?P<y>{y}))?", read_holiday, "holiday", flags=0),
        _rule(
            "year_range",
            rf"(?<!\w)(?P<opener>(?:de|entre|du)\s+|d{APOSTROPHE}\s*)?(?P<y1>{y})\s*"
            rf"(?P<conn>[-–—/]|à|au|et)\s*(?P<y2>(?:1\d|2[01])\d\d|\d\d)(?![\d]|[.,]\d)",
            read_year_range,
            "year_digits",
        ),
        _rule(
            "month_year",
            rf"(?<![^\W_]){mois}(?P<month>{month})\s+(?:de\s+l{APOSTROPHE}\s*année\s+)?(?:(?P<y>{y})|{yy})",
            read_month_year,
            ("month", "digit"),
        ),
        _rule(
            "year_phrase",
            rf"(?<!\w)(?:l{APOSTROPHE}\s*an|(?:l{APOSTROPHE}\s*)?année)\s+(?P<y>{y})",
            read_year_phrase,
            "unit",
        ),
        _rule(
            "month", rf"(?<![^\W_]){mois}(?P<month>{f['MONTH_NAME']})(?:\s+(?P<rel>{direction}))?", read_month, "month"
        ),
        _rule(
            "relative_count",  # `il y a trois jours`, `dans six mois`; `deux jours plus tard` (anaphoric)
            rf"(?<!\w)(?:(?P<dir>{alt(rel['ago'] + rel['ahead'] + rel['until'])})\s+)?"
            rf"(?P<n>{f['COUNT']})\s+(?P<unit>{f['UNIT']})(?:\s+(?P<later>{alt(rel['later_earlier'])})(?!\w))?",
            read_relative_count,
            "unit",
        ),
        _rule(
            "relative_unit",  # `cette année`, `l'an dernier`; `la semaine suivante` (anaphoric)
            rf"(?<!\w)(?:(?P<this>{this})\s+(?P<unit>{f['UNIT']})(?:-ci)?(?!\s*-\s*là)"
            rf"|(?P<article>(?:la|le|l{APOSTROPHE})\s*)?(?P<unit2>{f['UNIT']})\s+"
            rf"(?:(?P<dir>{direction})|(?P<fol>{alt(rel['following'])})(?!\w)))",
            read_relative_unit,
            "unit",
        ),
        _rule(
            "day_word",
            rf"(?<![^\W_])(?:(?P<today>{alt(rel['today'])})|(?P<word>{alt(rel['days'])})|(?P<a>{alt(rel['anaphoric'])}))"
            r"(?![\w-])"
            rf"(?:\s*,?\s*(?P<wd>{f['WEEKDAY']})(?!\s+\d))?(?:\s+{f['PART_OF_DAY']})?",
            read_day_word,
            "day",
        ),
        _rule(
            "weekday",
            rf"(?<![^\W_])(?:(?P<this>ce)\s+)?(?P<wd>{f['WEEKDAY']})(?:\s+(?P<dir>{direction}))?"
            rf"(?:\s+{f['PART_OF_DAY']})?",
            read_weekday,
            "weekday",
        ),
        _rule("year", y, read_year, "year_digits"),
        _rule(
            "short_year",
            r"(?<!\w)en\s+[’']?(?P<yy>[5-9]\d|0\d)(?=[^\S\n]*(?:[,.;:!?)»\n]|$))",
            read_short_year,
            "en_two_digits",
        ),
        _rule("bare_unit", r"(?<!\w)(?P<unit>année|mois|semaine)(?!\w)", read_bare_unit, "unit"),
    )
