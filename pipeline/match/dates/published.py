"""The release's own date: what its relative and year-less dates are anchored on.

A release says when it was issued in a few conventional places, trusted in
this order:

1. the release's own words: a dateline (`Paris, le 9 mars 2026`, `Dakar,
   9 Mars 2021`, `Lille le 4 février 2019`), a lead that dates itself
   (`ce mardi 12 mars 2024, le ministre…`), a date under `Communiqué de
   presse` or alone on a line under the title, in the head of the document;
   then a signature dateline at its end (`Fait à Lyon, le 3 mai 2025`); then a
   dateline anywhere (press kits carry their communiqué at the back);
2. site furniture: a label (`Publié le 9 mars 2026`, `Date de publication :`
   in a footer), then an update label (`Mis à jour le`), which says when the
   page changed rather than when the release was issued.

The first event date of the body (`Les 25 et 26 novembre 2025, l'IMT a
participé…`) is none of these. Only dates that name their year are
accepted: a year-less date cannot anchor the others. Where this finds
nothing, the caller falls back on a dated file name, then PDF metadata.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from pipeline.match.base import Match
from pipeline.match.dates.lexicon import alt
from pipeline.match.dates.matcher import find_dates
from pipeline.ruledata import load

_UPPER = "A-ZÀ-ÖØ-Þ"
# What may stand between a label or a place and the date itself.
_DATELINE_END = re.compile(r"[^\S\n]*(?:[*_]+[^\S\n]*)?(?:$|[–—-])", re.MULTILINE)
_BRIDGE = re.compile(r"[\s:,|–—*#_-]*(?:le\s+|on\s+|du\s+)?", re.IGNORECASE)


@cache
def _patterns() -> dict[str, re.Pattern]:
    cfg = load("dates/published.json")
    line_start = r"^[^\S\n]*(?:[*_#>-]+[^\S\n]*)?"  # raw Markdown as well as masked text
    word = rf"[{_UPPER}][\w'’.-]*"
    place = rf"{word}(?:[^\S\n]+(?:{alt(cfg['place_particles'])}[^\S\n]*)?{word}){{0,3}}"
    # Labels open a line or follow a separator (`Par X | Publié le …`), unlike `le rapport publié le 3 mars`.
    label_start = rf"(?:{line_start}|(?<=[|·•–—])[^\S\n]*)"
    label_end = r"(?!\w)[^\S\n]*(?:[:–—-][^\S\n]*)?"
    flags = re.IGNORECASE | re.MULTILINE
    labels = alt([*cfg["labels"]["published"], *cfg["labels"]["updated"]])  # `Publié le 9 mars` is no place
    return {
        "published": re.compile(rf"{label_start}{alt(cfg['labels']['published'])}{label_end}", flags),
        "updated": re.compile(rf"{label_start}{alt(cfg['labels']['updated'])}{label_end}", flags),
        # `Paris, le 9 mars 2026`, `Paris – 9 mars 2026`, and without a comma `Lille le 4 février 2019`.
        "dateline": re.compile(
            rf"{line_start}(?!(?i:{labels})(?!\w))(?i:{alt(cfg['dateline_lead'])}[^\S\n]+)?{place}[^\S\n]*"
            rf"(?:\([^)\n]{{1,30}}\))?[^\S\n]*"
            r"(?:(?P<sep>[,–—-])|(?=le[^\S\n]+\d))",
            re.MULTILINE,
        ),
        "this-day": re.compile(rf"(?<!\w)ce[^\S\n]+(?={alt(load('dates/weekdays.json')['weekdays'])}(?!\w))", flags),
        "header": re.compile(rf"{line_start}{alt(cfg['headers'])}(?!\w)", re.IGNORECASE | re.MULTILINE),
        "line": re.compile(r"^.*\S.*$", re.MULTILINE),
    }


def find_published(text: str) -> Match | None:
    """The release's own date as a DATE match (offsets into `text`), or None.

    `source` says which rule found it: `rule:published:dateline`, `:this-day`
    (`ce mardi 12 mars 2024, …`), `:header`, `:date-line` (a line holding only a
    date near the top), `:dateline-body` (a dateline deep in the document),
    `:label` or `:updated`.
    """
    cfg = load("dates/published.json")
    head_end = min(len(text), cfg["head_chars"])
    tail_start = max(head_end, len(text) - cfg["tail_chars"])
    head, tail, everywhere = (0, head_end), (tail_start, len(text)), (0, len(text))
    rules: list[tuple[str, Callable[[str, int, int], Iterator[Match]], list[tuple[int, int]]]] = [
        ("dateline", _datelines, [head]),
        ("this-day", _this_day, [head]),
        ("header", _under_header, [head]),
        ("date-line", _date_lines, [head]),  # a bare date near the end is more often a closing event
        ("dateline", _datelines, [tail]),
        ("dateline-body", _body_datelines, [everywhere]),
        ("label", lambda t, a, b: _after(t, "published", a, b), [head, tail]),
        ("updated", lambda t, a, b: _after(t, "updated", a, b), [head, tail]),
    ]
    for name, rule, regions in rules:
        for start, end in regions:
            for match in rule(text, start, end):
                return _named(match, name)
    return None


def _body_datelines(text: str, start: int, end: int) -> Iterator[Match]:
    """Datelines anywhere, if the date ends its line: `Enfin, le 9 mars 2026, l'État…` is prose."""
    for match in _datelines(text, start, end):
        if _DATELINE_END.match(text, match.end):
            yield match


def _this_day(text: str, start: int, end: int) -> Iterator[Match]:
    """`ce mardi 12 mars 2024, le ministre…`: a lead that gives the day it speaks of as `ce` + weekday."""
    for lead in _patterns()["this-day"].finditer(text, start, end):
        if m := _date_at(text, lead.end()):
            yield m


def _named(match: Match, rule: str) -> Match:
    return Match(match.label, match.start, match.end, match.value, f"rule:published:{rule}")


def _date_at(text: str, at: int) -> Match | None:
    """A dated, year-bearing date starting at `at` (after `le`, a colon, a dash), if any."""
    bridge = _BRIDGE.match(text, at)
    window = text[at : at + 80]
    for m in find_dates(window):
        m = m.shifted(at)
        if m.start > bridge.end() + 1:
            return None
        # One day or one month, named with its year: not a range, not relative, not year-less.
        value = m.value or {}
        if m.source in ("rule:date:day", "rule:date:month") and value.get("start") and not value["inferred_year"]:
            return m
        return None
    return None


def _after(text: str, kind: str, start: int, end: int) -> Iterator[Match]:
    for label in _patterns()[kind].finditer(text, start, end):
        if m := _date_at(text, label.end()):
            yield m


def _datelines(text: str, start: int, end: int) -> Iterator[Match]:
    for place in _patterns()["dateline"].finditer(text, start, end):
        # Without a comma or a dash (`Lille le 4 février 2019`) the date must end its line or
        # open a dash: `Rappelez-vous le 3 juin 2016, en pleine crue…` is prose.
        if (m := _date_at(text, place.end())) and (place["sep"] or _DATELINE_END.match(text, m.end)):
            yield m


def _under_header(text: str, start: int, end: int) -> Iterator[Match]:
    """`Communiqué de presse — Novembre 2025`, or the date alone a few lines below the header."""
    for header in _patterns()["header"].finditer(text, start, end):
        if m := _date_at(text, header.end()):
            yield m
            continue
        lines = _patterns()["line"].finditer(text, header.end() + 1, end)
        for _, line in zip(range(load("dates/published.json")["header_lines"]), lines, strict=False):
            if m := _whole_line_date(text, line):
                yield m
                break


def _date_lines(text: str, start: int, end: int) -> Iterator[Match]:
    for line in _patterns()["line"].finditer(text, start, end):
        if m := _whole_line_date(text, line):
            yield m


def _whole_line_date(text: str, line: re.Match) -> Match | None:
    """The date, if it is all the line holds (bar `le`, punctuation and markup)."""
    m = _date_at(text, line.start())
    if m and not re.search(r"\w", text[m.end : line.end()]):
        return m
    return None
