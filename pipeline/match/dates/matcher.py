"""French dates as exact intervals with a grain, so that users can filter and sort by when things happen.

`find_dates(text, reference)` returns DATE matches whose value is
`{start, end, grain, inferred_year}` (+ `approximate: true`, + `resolved: false`),
with `start`/`end` inclusive ISO dates, and a `source` naming the rule
(`rule:date:` + day, month, year, range, open, fuzzy, season, quarter, decade,
holiday or relative). The patterns are the project's own (`rules.py`,
`context.py`, `lexicon.py`), the word lists live in `models/dates/`,
the calendar arithmetic in `calendar.py`.

Conventions (the one place they are written down):

- Spans leave out a leading article or preposition (`le 26 janvier` → `26 janvier`,
  `en 2018` → `2018`, `les 25 et 26 novembre` → `25 et 26 novembre`) but keep the
  words that change the interval: `du`/`de`/`entre` opening a range (`du 6 au 11
  février 2025`), open-range markers (`depuis 2018`), fuzzy and approximate markers
  (`fin 2025`, `vers 2030`), and the article of noun phrases (`l'année 2025`,
  `les années 2020`, `la semaine prochaine`). `à 14h` after a date is left out.
- Year-less dates (`le 26 janvier`, `27/10`, `en juillet`, `au printemps`) take the
  year that puts them nearest the reference date (a date inside the reference's
  own period wins; ties go to the future), the year in which a given weekday fits
  (`lundi 9 mars`), or the next/previous occurrence with `prochain`/`dernier`.
  Relative expressions are computed from the reference, at the grain of their unit:
  `il y a trois jours` is that day, `dans deux semaines` that Monday–Sunday week,
  `il y a 10 ans` that calendar year. Both get `inferred_year: true`. Without a reference
  they are still matched, with `start`/`end` null and `resolved: false`: today's
  date is never used, so outputs are reproducible.
- Open ranges: `depuis X`, `à partir de X`, `dès X` → [start of X, null];
  `d'ici X`, `à horizon X`, `jusqu'en X` → [null, end of X]; `avant X` → [null,
  day before X]; `après X` → [day after X, null]. The grain is that of X.
- Fuzzy parts (`approximate: true`): of a year, `début` = January–April, `mi` =
  May–August, `fin` = September–December, grain `month` (`mi-2026` =
  2026-05-01..2026-08-31); of a month, `début` = 1–10, `mi` = 11–20, `fin` = 21–end,
  grain `day` (`fin novembre 2025` = 2025-11-21..2025-11-30); of a decade, years
  0–3, 4–6, 7–9, grain `year`; of anything else, its first, middle or last third of
  days, grain `day`. `courant 2026` is the whole of 2026, not approximate: its
  bounds are exact even if the moment is not. `vers`, `autour de`, `aux alentours
  de` keep the interval and set `approximate`.
- Seasons are astronomical with fixed bounds, grain `season`: printemps 03-20..06-20,
  été 06-21..09-22, automne 09-23..12-20, hiver 12-21..03-19 of the next year
  (`hiver 2025` starts in December 2025). `rentrée` is September, approximate.
- Quarters (`T1 2026`, `premier trimestre 2026`) have grain `quarter`; semesters
  (`premier semestre 2026` = January–June, `S2` = July–December) have grain
  `quarter` too, there being no semester grain. `les années 2020` = 2020–2029,
  grain `decade`; two-digit decades are the 1900s (`les années 90`).
- `les 25 et 26 novembre` and `les 3, 4 et 5 juin` are one range; `les 3 et 10 mars`
  (days that do not follow each other) are two dates, `3` and `10 mars`.
- Weeks run Monday to Sunday (`la semaine du 9 mars`, `la semaine prochaine`);
  `ce week-end` is its Saturday and Sunday, grain `day`. A weekday alone (`lundi`)
  is the one within three days of the reference; `lundi prochain`/`dernier` the
  next/previous one.
- A four-digit number is a year only after a trigger (`en`, `depuis`, `de`, `fin`,
  `l'édition`...) and never before a unit or a counted noun, so `France 2030`,
  `programme 172`, `2,6 Md€` and `de 2000 salariés` are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pipeline.match.base import Match
from pipeline.match.dates.calendar import GRAINS, Interval, When, part_grain, part_of, week_span
from pipeline.match.dates.context import Context, prefix_at
from pipeline.match.dates.lexicon import APOSTROPHE, norm
from pipeline.match.dates.rules import Found, rules

_RANGE_GAP = re.compile(
    rf"\s*(?P<conn>au|à|et|jusqu{APOSTROPHE}\s*(?:au|à|en)|-|–|—|/)\s*(?:(?:le|la|l{APOSTROPHE}|les|en)\s*)?",
    re.IGNORECASE,
)
_OPENER = re.compile(rf"(?<!\w)(?P<w>du|de|d{APOSTROPHE}|entre)\s*$", re.IGNORECASE)
_OPENERS = {"et": {"entre"}, "to": {"du", "de", "d'", "since", "from"}}


@dataclass(frozen=True)
class Mention:
    """A date expression: one `When`, or two for a range; `open` makes it an open range."""

    start: int
    end: int
    whens: tuple[When, ...]
    rule: str
    open: str | None = None
    anchor: int = 0  # where a range connector before this mention ends
    opener: str | None = None  # `du`, `de`, `entre`, or an open kind, that may open a range
    opener_start: int | None = None


def find_dates(text: str, reference: date | None = None) -> list[Match]:
    """DATE matches in `text`, sorted and non-overlapping, anchored on `reference` when given."""
    if isinstance(reference, datetime):
        reference = reference.date()
    ctx = Context(text)
    chosen = _select(_read_all(ctx))
    mentions = []
    floor = 0
    for found in chosen:
        mentions.extend(_mentions(text, found, floor))
        floor = found.end
    return [_to_match(mention, reference) for mention in _join_ranges(text, mentions)]


def _read_all(ctx: Context) -> list[Found]:
    """Every core some rule accepts, read left to right so that a year can continue a list."""
    hits = sorted(
        (m.start(), priority, rule, m) for priority, rule in enumerate(rules()) for m in rule.regex.finditer(ctx.text)
    )
    found = []
    for _, priority, rule, m in hits:
        if (f := rule.read(m, ctx)) is not None:
            f.priority = priority
            found.append(f)
            ctx.ends.add(f.end)
    return found


def _select(found: list[Found]) -> list[Found]:
    """Longest cores first, then the more specific rule; no overlaps."""
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.priority, f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _mentions(text: str, found: Found, floor: int) -> list[Mention]:
    """The core with the markers before it applied (`fin`, `vers`, `depuis`)."""
    if found.pieces:
        return [Mention(s, e, (w,), found.rule, anchor=s) for s, e, w in found.pieces]
    pre = prefix_at(text, found.start, floor)
    when = found.when
    if pre.part == "week":
        when = when.map(lambda i: week_span(i[0]), "week")
    elif pre.part:
        grain = when.grain
        when = when.map(lambda i: part_of(i, grain, pre.part), part_grain(grain, pre.part))
        when = replace(when, approximate=when.approximate or pre.part != "during")
    if pre.approximate:
        when = replace(when, approximate=True)
    opener, opener_start = None, None
    if pre.open in ("since", "from"):
        opener, opener_start = pre.open, pre.open_start
    elif word := _OPENER.search(text, max(0, pre.start - 10), pre.start):
        opener, opener_start = norm(word["w"]), word.start()
    rule = "fuzzy" if pre.part else found.rule
    return [Mention(pre.start, found.end, (when,), rule, found.open or pre.open, pre.anchor, opener, opener_start)]


def _join_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    """`du 29 octobre au 9 décembre 2014`, `de janvier à mars 2026`, `juillet-août 2025`: one mention."""
    out: list[Mention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        joined = previous and _join(text, previous, mention)
        if joined:
            out[-1] = joined
        else:
            out.append(mention)
    return out


def _join(text: str, a: Mention, b: Mention) -> Mention | None:
    if len(a.whens) > 1 or len(b.whens) > 1 or a.open in ("until", "before", "after") or b.end <= a.end:
        return None
    gap = _RANGE_GAP.fullmatch(text, a.end, b.anchor)
    if gap is None:
        return None
    conn = norm(gap["conn"])
    if conn in ("-", "–", "—", "/"):
        start = a.start
    elif a.opener in _OPENERS["et" if conn == "et" else "to"]:
        start = a.opener_start
    else:
        return None
    return Mention(start, b.end, (a.whens[0], b.whens[0]), "range", anchor=start)


def _resolve(whens: tuple[When, ...], reference: date | None) -> tuple[Interval, bool] | None:
    """The interval of a mention and whether its year came from the reference."""
    if len(whens) == 1:
        return whens[0].resolve(reference)
    a, b = whens
    if a.year is None and a.deictic is None:
        rb = b.resolve(reference)
        if rb is None:
            return None
        (b0, b1), inferred = rb
        ia = a.in_year(b1.year)
        if ia is None or ia[0] > b1:
            ia = a.in_year(b1.year - 1)
        return ((ia[0], b1), inferred) if ia else None
    ra = a.resolve(reference)
    if ra is None:
        return None
    (a0, a1), inferred = ra
    if b.year is None and b.deictic is None:
        ib = b.in_year(a0.year)
        if ib is None or ib[1] < a0:
            ib = b.in_year(a0.year + 1)
        return ((a0, ib[1]), inferred) if ib else None
    rb = b.resolve(reference)
    if rb is None:
        return None
    (b0, b1), inferred_b = rb
    return (min(a0, b0), max(a1, b1)), inferred or inferred_b


def _opened(interval: Interval, kind: str | None) -> tuple[date | None, date | None]:
    first, last = interval
    if kind in ("since", "from"):
        return first, None
    if kind == "until":
        return None, last
    if kind == "before":
        return None, first - timedelta(days=1)
    if kind == "after":
        return last + timedelta(days=1), None
    return first, last


def _to_match(mention: Mention, reference: date | None) -> Match:
    resolved = _resolve(mention.whens, reference)
    grain = min((w.grain for w in mention.whens), key=GRAINS.index)
    value: dict = {"start": None, "end": None, "grain": grain, "inferred_year": False}
    if resolved:
        (first, last), value["inferred_year"] = resolved
        first, last = _opened((first, last), mention.open)
        value["start"], value["end"] = first and first.isoformat(), last and last.isoformat()
    else:
        value["resolved"] = False
    if any(w.approximate for w in mention.whens):
        value["approximate"] = True
    kind = "open" if mention.open else mention.rule
    return Match("DATE", mention.start, mention.end, value, f"rule:date:{kind}")
