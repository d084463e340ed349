"""The date rules: one pattern per kind of core, and how each match is read into a `When`.

Every rule finds a *core* (`9 mars 2026`, `2018-2022`, `la semaine prochaine`)
and reads it, or rejects it (`le 31 avril`, `Mars` the planet). The markers
before a core are read by `context`, the words come from
`lexicon`, the intervals from `calendar`.
"""

from __future__ import annotations

import re
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
    """A core the rules accepted; `pieces` splits `les 3 et 10 mars` into separate days."""

    start: int
    end: int
    when: When
    rule: str
    open: str | None = None  # an open range the core itself says (`d'ici trois ans`)
    pieces: tuple[tuple[int, int, When], ...] = ()
    priority: int = 0


def _fixed(interval) -> Callable[[int], tuple[date, date] | None]:
    return lambda _year: interval


# --- readers --------------------------------------------------------------------------------------


def _when_year(y: int, grain: str = "year") -> When:
    return When(grain=grain, span=lambda year: year_span(year), year=y)


def read_iso(m: re.Match, ctx: Context) -> Found | None:
    interval = day_span(int(m["y"]), int(m["m"]), int(m["d"]))
    return interval and Found(m.start(), m.end(), When("day", _fixed(interval), int(m["y"])), "day")


def read_numeric(m: re.Match, ctx: Context) -> Found | None:
    year = m["y"]
    if m["s"] == "." and (len(m["d"]) < 2 or len(m["m"]) < 2):
        return None  # `1.2.2025` is a version, `01.02.2025` a date
    if len(year) == 2:
        if m["s"] != "/":
            return None  # `03.01.25` may be a section number
        year = ("19" if int(year) >= 70 else "20") + year
    interval = day_span(int(year), int(m["m"]), int(m["d"]))
    return interval and Found(m.start(), m.end(), When("day", _fixed(interval), int(year)), "day")


def read_numeric_short(m: re.Match, ctx: Context) -> Found | None:
    """`le 27/10`: only after `le`/`du`/`au`, since `24/7` and `3/4` are not dates."""
    if ctx.prefix(m.start()).det not in ("le", "du", "au"):
        return None
    month, day = int(m["m"]), int(m["d"])
    if day_span(2024, month, day) is None:
        return None
    return Found(m.start(), m.end(), When("day", lambda y: day_span(y, month, day)), "day")


def read_day_month(m: re.Match, ctx: Context) -> Found | None:
    """`9 mars 2026`, `lundi 9 mars`, `les 25 et 26 novembre 2025`, `du 6 au 11 février`, `13-15 juillet`."""
    f = fragments()
    month = month_number(m["month"])
    year = int(m["y"]) if m["y"] else None
    side = direction_of(m["rel"])
    items = list(re.finditer(f["DAY_ITEM"], m["days"], FLAGS))
    days = [_day_number(i.group()) for i in items]
    weekday = _weekday_of(items[0].group()) if len(items) == 1 else None
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

        when = When("day", span, year, side=side, weekday=weekday)
        return Found(core_start, m.end(), when, "day" if len(items) == 1 else "range")
    pieces = []
    for i, (item, d) in enumerate(zip(items, days, strict=True)):
        end = m.end() if i == len(items) - 1 else offset + item.end()
        pieces.append((offset + item.start(), end, When("day", lambda y, d=d: day_span(y, month, d), year, side=side)))
    return Found(core_start, m.end(), pieces[0][2], "day", pieces=tuple(pieces))


def _pairs(items: list) -> zip:
    return zip(items, items[1:], strict=False)


def _day_number(item: str) -> int:
    number = re.search(r"\d+", item)
    return int(number.group()) if number else 1  # `premier`


def _weekday_of(item: str) -> int | None:
    word = norm(item.split()[0])
    weekdays = load("dates/weekdays.json")
    if word in weekdays["weekdays"]:
        return weekdays["weekdays"].index(word)
    return weekdays["abbreviations"].get(word)


def read_month_year(m: re.Match, ctx: Context) -> Found | None:
    month, year = month_number(m["month"]), int(m["y"])
    return Found(m.start(), m.end(), When("month", lambda y: month_span(y, month), year), "month")


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
    (`le Printemps de Bourges` is a festival).
    """
    pre = ctx.prefix(m.start())
    if not m["y"] and (
        m["season"][0].isupper()
        or not (m["rel"] or m["this"] or pre.marked or pre.det in load("dates/seasons.json")["needs"])
    ):
        return None
    rule = load("dates/seasons.json")["seasons"][norm(m["season"])]
    (sm, sd), (em, ed) = rule["start"], rule["end"]

    def span(y):
        return date(y, sm, sd), date(y + (em < sm), em, ed)

    year = int(m["y"]) if m["y"] else None
    when = When("season", span, year, side=direction_of(m["rel"]), approximate=rule.get("approximate", False))
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


def read_day_word(m: re.Match, ctx: Context) -> Found | None:
    """`aujourd'hui`, `demain`, `hier soir`; not `l'IA de demain`."""
    if ctx.prefix(m.start()).det in load("dates/relative.json")["metaphoric_after"]:
        return None
    shift = load("dates/relative.json")["days"].get(norm(m["word"]), 0) if m["word"] else 0
    when = When("day", deictic=lambda ref: shifted(ref, "day", shift)[0])
    return Found(m.start(), m.end(), when, "relative")


def read_relative_unit(m: re.Match, ctx: Context) -> Found | None:
    """`cette année`, `la semaine prochaine`, `l'an dernier`, `le mois en cours`, `ce week-end`."""
    word = norm(m["unit"] or m["unit2"])
    if m["unit2"] and word.endswith("s") and word != "mois":
        return None  # `les mois à venir`, `ces dernières années` are vague stretches
    pre = ctx.prefix(m.start())
    if m["unit2"] and (pre.det in ("les", "des") or not (m["article"] or pre.part)):
        return None  # `une année passée à`: a duration
    unit = load("dates/relative.json")["units"][word]
    count = direction_of(m["dir"]) if m["dir"] else 0
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    when = When(grain, deictic=lambda ref: shifted(ref, unit, count)[0])
    return Found(m.start(), m.end(), when, "relative")


def read_relative_count(m: re.Match, ctx: Context) -> Found | None:
    """`il y a trois jours`, `dans deux semaines`, `d'ici trois ans` (an open range)."""
    count = int(m["n"]) if m["n"].isdigit() else words_value(m["n"])
    if count is None:
        return None
    word = norm(m["dir"])
    sign = -1 if word in load("dates/relative.json")["ago"] else 1
    unit = load("dates/relative.json")["units"][norm(m["unit"])]
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    when = When(grain, deictic=lambda ref: shifted(ref, unit, sign * int(count))[0])
    return Found(
        m.start(), m.end(), when, "relative", open="until" if word in load("dates/relative.json")["until"] else None
    )


def read_weekday(m: re.Match, ctx: Context) -> Found | None:
    """`lundi`, `lundi prochain`, `ce lundi`: the nearest one, or the next/last one."""
    sign = direction_of(m["dir"]) if m["dir"] else 0
    pre = ctx.prefix(m.start())
    if not (m["this"] or m["dir"]) and pre.det in {norm(w) for w in load("dates/weekdays.json")["not_before"]}:
        return None  # `le lundi`, `chaque lundi`: a habit, not a date
    if re.match(rf"\s*(?:au|à|-|–|et|ou)\s*{fragments()['WEEKDAY']}", ctx.after(m.end()), FLAGS):
        return None  # `du lundi au vendredi`
    weekday = load("dates/weekdays.json")["weekdays"].index(norm(m["wd"]))

    def deictic(ref):
        if sign > 0:
            d = ref + timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
        elif sign < 0:
            d = ref - timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
        else:
            d = ref + timedelta(days=(weekday - ref.weekday() + 3) % 7 - 3)
        return d, d

    return Found(m.start(), m.end(), When("day", deictic=deictic), "relative")


def read_bare_unit(m: re.Match, ctx: Context) -> Found | None:
    """`année`, `mois`, `semaine` after a fuzzy marker: `fin d'année`, `début du mois`."""
    part = ctx.prefix(m.start()).part
    if not part or part == "week":
        return None
    unit = load("dates/relative.json")["units"][norm(m["unit"])]
    grain = shifted(date(2000, 1, 1), unit, 0)[1]
    return Found(m.start(), m.end(), When(grain, deictic=lambda ref: shifted(ref, unit, 0)[0]), "relative")


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    read: Callable[[re.Match, Context], Found | None]


def _rule(name: str, pattern: str, read, flags: int = FLAGS) -> Rule:
    return Rule(name, re.compile(pattern, flags), read)


@cache
def rules() -> tuple[Rule, ...]:
    """All rules, most specific first: on equal length the earlier one wins."""
    f = fragments()
    y, month, direction = f["YEAR"], f["MONTH"], f["DIRECTION"]
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
        ),
        _rule(
            "numeric",
            r"(?<![\d/.,-])(?P<d>0?[1-9]|[12]\d|3[01])(?P<s>[/.-])(?P<m>0?[1-9]|1[0-2])(?P=s)"
            r"(?P<y>(?:1\d|2[01])\d\d|\d\d)(?![\d]|[/.-]\d|[.,]\d)",
            read_numeric,
        ),
        _rule(
            "numeric_short",
            r"(?<![\d/.,-])(?P<d>0?[1-9]|[12]\d|3[01])/(?P<m>0?[1-9]|1[0-2])(?![\d]|/\d)",
            read_numeric_short,
        ),
        _rule(
            "day_month",
            rf"(?<!\w)(?:(?P<opener>du|entre|les?)\s+(?:le\s+)?)?(?P<days>{f['DAY_ITEM']}"
            rf"(?:{day_sep}{f['DAY_ITEM']})*)(?:\s*-\s*|\s+)(?P<month>{month})"
            rf"(?:\s+(?P<y>{y}))?(?:\s+(?P<rel>{direction}))?",
            read_day_month,
        ),
        _rule("decade", r"(?<!\w)(?:les\s+)?(?:années|décennie)\s+(?P<y>(?:1\d|2[01])\d0|[1-9]0)(?!\d)", read_decade),
        _rule(
            "quarter",
            rf"(?<!\w)(?P<ord>{ordinal})\s+(?P<kind>trimestre|semestre)(?!\w)(?:\s+{year_of}(?P<y>{y}))?",
            read_quarter,
        ),
        _rule("quarter_code", rf"(?<!\w)(?P<code>[TQSH][1-4])\s*[-/]?\s*(?P<y>{y})", read_quarter),
        _rule(
            "season",
            rf"(?<!\w)(?:(?P<this>{this})\s+)?(?P<season>{seasons})(?!\w)(?:\s+{year_of}(?P<y>{y})"
            rf"(?:\s*[-/]\s*(?:{y}|\d\d)(?!\d))?)?(?:\s+(?P<rel>{direction}))?",
            read_season,
        ),
        _rule("holiday", rf"(?<!\w)(?P<h>{holidays})(?!\w)(?:\s+(?P<y>{y}))?", read_holiday, flags=0),
        _rule(
            "year_range",
            rf"(?<!\w)(?P<opener>(?:de|entre|du)\s+|d{APOSTROPHE}\s*)?(?P<y1>{y})\s*"
            rf"(?P<conn>[-–—/]|à|au|et)\s*(?P<y2>(?:1\d|2[01])\d\d|\d\d)(?![\d]|[.,]\d)",
            read_year_range,
        ),
        _rule(
            "month_year",
            rf"(?<!\w){mois}(?P<month>{month})\s+(?:de\s+l{APOSTROPHE}\s*année\s+)?(?P<y>{y})",
            read_month_year,
        ),
        _rule(
            "year_phrase", rf"(?<!\w)(?:l{APOSTROPHE}\s*an|(?:l{APOSTROPHE}\s*)?année)\s+(?P<y>{y})", read_year_phrase
        ),
        _rule("month", rf"(?<!\w){mois}(?P<month>{f['MONTH_NAME']})(?:\s+(?P<rel>{direction}))?", read_month),
        _rule(
            "relative_count",
            rf"(?<!\w)(?P<dir>{alt(rel['ago'] + rel['ahead'] + rel['until'])})\s+"
            rf"(?P<n>{f['COUNT']})\s+(?P<unit>{f['UNIT']})",
            read_relative_count,
        ),
        _rule(
            "relative_unit",
            rf"(?<!\w)(?:(?P<this>{this})\s+(?P<unit>{f['UNIT']})(?:-ci)?(?!\s*-\s*là)"
            rf"|(?P<article>(?:la|le|l{APOSTROPHE})\s*)?(?P<unit2>{f['UNIT']})\s+(?P<dir>{direction}))",
            read_relative_unit,
        ),
        _rule(
            "day_word",
            rf"(?<!\w)(?:(?P<word>{alt(rel['days'])})|{alt(rel['today'])})(?!\w)"
            rf"(?:\s+{f['PART_OF_DAY']})?",
            read_day_word,
        ),
        _rule(
            "weekday",
            rf"(?<!\w)(?:(?P<this>ce)\s+)?(?P<wd>{f['WEEKDAY']})(?:\s+(?P<dir>{direction}))?"
            rf"(?:\s+{f['PART_OF_DAY']})?",
            read_weekday,
        ),
        _rule("year", y, read_year),
        _rule("bare_unit", r"(?<!\w)(?P<unit>année|mois|semaine)(?!\w)", read_bare_unit),
    )
