"""From rule cores to mentions: markers applied, ranges and lists made one mention.

A core (`21 mars`) becomes a mention once the markers before it are applied
(`fin`, `vers`, `depuis`, `le lendemain du`); then neighbouring mentions are
joined when French makes them one expression:

- a range, `du 29 octobre au 9 décembre 2014`, `de janvier à mars 2026`,
  `juillet-août 2025`, `dès le 4 mars et jusqu'au 20 avril 2022`: its
  interval runs from the first to the last;
- a list, `les 3 avril et 15 mai`, `mai, juin et juillet`, `2019 et 2020`:
  items of the same grain separated by commas and ending with `et`/`&`; its
  interval covers the items, and items that do not touch are kept as parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from pipeline.match.dates.calendar import When, part_grain, part_of, week_span
from pipeline.match.dates.context import prefix_at
from pipeline.match.dates.lexicon import APOSTROPHE, norm
from pipeline.match.dates.rules import Found

_RANGE_GAP = re.compile(
    rf"\s*(?P<conn>au|à|et\s+jusqu{APOSTROPHE}\s*(?:au|à|en)|et|jusqu{APOSTROPHE}\s*(?:au|à|en)|-|–|—|/)\s*"
    rf"(?:(?:le|la|l{APOSTROPHE}|les|en)\s*)?",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(
    rf"\s*(?P<conn>,|et|&)\s*(?:(?:le|la|l{APOSTROPHE}|les|en|au|du)\s+|l{APOSTROPHE}\s*)?", re.IGNORECASE
)
_OPENER = re.compile(rf"(?<!\w)(?P<w>du|de|d{APOSTROPHE}|entre)\s*(?:(?:la|le)\s+|l{APOSTROPHE}\s*)?$", re.IGNORECASE)
_OPENERS = {"et": {"entre"}, "to": {"du", "de", "d'", "since", "from"}}


@dataclass(frozen=True)
class Mention:
    """A date expression: one `When`, two for a range, several for a list; `open` makes it an open range."""

    start: int
    end: int
    whens: tuple[When, ...]
    rule: str
    kind: str = "one"  # one | range | list
    open: str | None = None
    anchor: int = 0  # where a range connector before this mention ends
    opener: str | None = None  # `du`, `de`, `entre`, or an open kind, that may open a range
    opener_start: int | None = None


def mentions_of(text: str, chosen: list[Found]) -> list[Mention]:
    """The mentions of a paragraph's cores (sorted, non-overlapping), ranges and lists joined."""
    mentions = []
    floor = 0
    for found in chosen:
        mentions.append(_mention(text, found, floor))
        floor = found.end
    return _join_lists(text, _join_ranges(text, mentions))


def _mention(text: str, found: Found, floor: int) -> Mention:
    """The core with the markers before it applied (`fin`, `vers`, `depuis`, `le lendemain du`)."""
    pre = prefix_at(text, found.start, floor)
    if found.items:
        start = min((s for s in (pre.open_start, pre.approx_start) if s is not None), default=found.start)
        whens = tuple(replace(w, approximate=True) for w in found.items) if pre.approximate else found.items
        return Mention(start, found.end, whens, found.rule, "list", pre.open, start)
    when, rule = found.when, found.rule
    part = pre.part if when.grain != "day" or pre.part == "week" else None  # a day has no part
    starts = [s for s in (pre.open_start, pre.approx_start) if s is not None]
    if part == "week":
        when = when.map(lambda i: week_span(i[0]), "week")
    elif part:
        grain = when.grain
        when = when.map(lambda i: part_of(i, grain, part), part_grain(grain, part))
        when = replace(when, approximate=when.approximate or part != "during")
        rule = "fuzzy"
    if part:
        starts.append(pre.part_start)
    if pre.shift and when.grain == "day":
        days = timedelta(days=pre.shift)
        when = when.map(lambda i: (i[1] + days, i[1] + days) if days.days > 0 else (i[0] + days, i[0] + days), "day")
        starts.append(pre.shift_start)
    if pre.approximate:
        when = replace(when, approximate=True)
    start = min(starts, default=found.start)
    marks = (pre.approx_start, pre.part_start if part else None)
    anchor = min((s for s in marks if s is not None), default=found.start)
    opener, opener_start = None, None
    if pre.open in ("since", "from"):
        opener, opener_start = pre.open, pre.open_start
    elif word := _OPENER.search(text, max(0, start - 14), start):
        opener, opener_start = norm(word["w"]), word.start()
    return Mention(start, found.end, (when,), rule, "one", found.open or pre.open, anchor, opener, opener_start)


def _join_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        joined = previous and _join_range(text, previous, mention)
        if joined:
            out[-1] = joined
        else:
            out.append(mention)
    return out


def _join_range(text: str, a: Mention, b: Mention) -> Mention | None:
    if a.kind != "one" or b.kind != "one" or a.open in ("until", "before", "after") or b.end <= a.end:
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
    return Mention(start, b.end, (a.whens[0], b.whens[0]), "range", "range", anchor=start)


def _join_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mai, juin et juillet`: runs of same-grain dates separated by commas and closed by `et`/`&`."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        j, conns = i, []
        while j + 1 < len(mentions) and (conn := _list_gap(text, mentions[j], mentions[j + 1])):
            conns.append(conn)
            j += 1
        # The run ends at its last `et`; commas after it do not continue the list.
        last_et = max((k for k, c in enumerate(conns) if c != ","), default=-1)
        if last_et >= 0 and _same_level(mentions[i : i + last_et + 2]):
            items = mentions[i : i + last_et + 2]
            whens = tuple(w for m in items for w in m.whens)
            out.append(Mention(items[0].start, items[-1].end, whens, "list", "list", anchor=items[0].start))
            i += last_et + 2
        else:
            out.append(mentions[i])
            i += 1
    return out


def _list_gap(text: str, a: Mention, b: Mention) -> str | None:
    if a.open or b.open or a.kind == "range" or b.kind == "range":
        return None
    gap = _LIST_GAP.fullmatch(text, a.end, b.start)
    return norm(gap["conn"]) if gap else None


def _same_level(items: list[Mention]) -> bool:
    """Items of one kind and grain read from the calendar (not `hier et demain`, `mai et 2025`,
    `fin novembre et le 26 janvier`)."""
    whens = [w for m in items for w in m.whens]
    rules = {"list" if m.kind == "list" else m.rule for m in items} - {"list"}
    return len(rules) <= 1 and all(w.calendar and w.grain == whens[0].grain for w in whens)
