"""The release's own date: what its relative and year-less dates are anchored on.

A release says when it was issued in a few conventional places: a label
(`Publié le 9 mars 2026`, `Changed on 01/07/2024`), a dateline (`Paris, le
9 mars 2026`), or a date standing alone under `Communiqué de presse`. These
sit in the head of the document, sometimes at its end; the first event date
of the body (`Les 25 et 26 novembre 2025, l'IMT a participé…`) is not one of
them, so the body is only searched for a dateline, as a last resort (press
kits carry their communiqué at the back).

Only dates that name their year are accepted: a year-less date cannot anchor
the others. Where this finds nothing, the caller falls back on PDF metadata
or a dated file name.
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
    return {
        "published": re.compile(rf"{label_start}{alt(cfg['labels']['published'])}{label_end}", flags),
        "updated": re.compile(rf"{label_start}{alt(cfg['labels']['updated'])}{label_end}", flags),
        "dateline": re.compile(
            rf"{line_start}(?i:{alt(cfg['dateline_lead'])}[^\S\n]+)?{place}[^\S\n]*(?:\([^)\n]{{1,30}}\))?[^\S\n]*[,–—-]",
            re.MULTILINE,
        ),
        "header": re.compile(rf"{line_start}{alt(cfg['headers'])}(?!\w)", re.IGNORECASE | re.MULTILINE),
        "line": re.compile(r"^.*\S.*$", re.MULTILINE),
    }


def find_published(text: str) -> Match | None:
    """The release's own date as a DATE match (offsets into `text`), or None.

    `source` says which rule found it: `rule:published:label`, `:dateline`,
    `:header`, `:date-line` (a line holding only a date near the top),
    `:updated`, or `:dateline-body` (a dateline deep in the document).
    """
    cfg = load("dates/published.json")
    head_end = min(len(text), cfg["head_chars"])
    tail_start = max(head_end, len(text) - cfg["tail_chars"])
    regions = [(0, head_end), (tail_start, len(text))]
    rules: list[tuple[str, Callable[[str, int, int], Iterator[Match]]]] = [
        ("label", lambda t, a, b: _after(t, "published", a, b)),
        ("dateline", _datelines),
        ("header", _under_header),
        ("date-line", _date_lines),
        ("updated", lambda t, a, b: _after(t, "updated", a, b)),
    ]
    for start, end in regions:
        for name, rule in rules:
            if name == "date-line" and start > 0:
                continue  # a bare date near the end is more often a closing event than the release date
            for match in rule(text, start, end):
                return _named(match, name)
    for match in _datelines(text, 0, len(text)):
        if _DATELINE_END.match(text, match.end):  # `Enfin, le 9 mars 2026, l'État…` is prose
            return _named(match, "dateline-body")
    return None


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
        if m := _date_at(text, place.end()):
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
