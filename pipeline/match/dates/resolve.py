"""Anchoring mentions: the interval each one denotes, read with the whole document.

A release that gives `juin 2024` once and then `vendredi 14 juin` means June
2024 both times, whatever its own date; `a eu lieu le 14 juin` is last June
and `aura lieu le 14 juin` next June; `la veille` is the day before the last
date the text mentioned. So mentions are resolved here, in text order, after
all of them are read, in this order of evidence:

1. the text itself: a four-digit year, or two digits read in the century
   that puts them within 89 years before and 10 after the reference (50-99
   are the 1900s without one);
2. for a year-less date, the year the document attests: mentions with their
   year, at most a season long, whose months hold the date (`juin 2024` and
   `20 juin 2024` hold `14 juin`), all in one year, consistent with a weekday
   (`vendredi 14 juin`) and with the tense (a future clause is not about a
   June already past); a document that speaks of February 2025 and of
   19 February 2026 leaves `18 février` to the next rules;
3. the tense of its clause (`tense.py`): past, the last occurrence on or
   before the reference; future, the next on or after it; else the nearest
   (ties go to the future: releases announce more than they recall);
4. deictic words (`hier`, `cette année`, `mardi`) from the reference,
   anaphoric ones (`le lendemain`, `deux jours plus tard`) from the last
   mention at most their grain that is not itself anaphoric, else (for
   `la veille`, `le lendemain`) from the reference.

What cannot be resolved is not returned: a date nobody can place is not a
DATE entity (`ce soir` in a text without a date of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.match.dates.calendar import GRAINS, Interval, When, distance, month_span
from pipeline.match.dates.mentions import Mention

_SIDES = {"past": -1, "future": 1}
_NOT_GENERIC = {"past", "future", "event"}  # `aujourd'hui` is a day in these clauses


@dataclass(frozen=True)
class Resolved:
    """A mention's interval (closed, before any open-range marker) and how it was found."""

    interval: Interval
    parts: tuple[Interval, ...] = ()
    inferred_year: bool = False  # the year came from the document, the tense or the reference
    relative: bool = False  # computed from the reference or from another mention


def reference_interval(reference: date | None, grain: str = "day") -> Interval | None:
    """The span of time the reference stands for: its day, or its month when only that is known."""
    if reference is None:
        return None
    return month_span(reference.year, reference.month) if grain == "month" else (reference, reference)


def resolve_mentions(
    text: str,
    mentions: Sequence[Mention],
    reference: date | None,
    reference_grain: str = "day",
    tense: Callable[[str, list[tuple[int, int]]], list[str | None]] | None = None,
) -> list[Resolved | None]:
    """One `Resolved` (or None) per mention, in the mentions' order."""
    ref = reference_interval(reference, reference_grain)
    attested = [w.in_year(w.year) for m in mentions for w in m.whens if w.explicit and GRAINS.index(w.grain) <= 4]
    doc = _Document(ref, reference, [_months(i) for i in attested if i])
    needing = [i for i, m in enumerate(mentions) if doc.needs_tense(m)]
    tenses: dict[int, str | None] = {}
    if needing and tense is not None:
        found = tense(text, [(mentions[i].start, mentions[i].end) for i in needing])
        tenses = dict(zip(needing, found, strict=True))
    out = []
    for i, mention in enumerate(mentions):
        clause = tenses.get(i)
        if mention.open == "until" and clause != "past" and doc.needs_tense(mention):
            clause = "future"  # a deadline points forward (`d'ici le 30 juin`, `jusqu'au 3 janvier`) unless told past
        resolved = doc.resolve(mention, clause)
        # Anaphors point back to times the text names: not other anaphors, not deadlines (`d'ici 2030`).
        if (
            resolved is not None
            and mention.open not in ("until", "before")
            and not any(w.anaphor for w in mention.whens)
        ):
            doc.seen.append((resolved.interval, min((w.grain for w in mention.whens), key=GRAINS.index)))
        out.append(resolved)
    return out


class _Document:
    def __init__(self, ref: Interval | None, reference: date | None, attested: list[Interval]):
        self.ref, self.reference = ref, reference
        self.attested = attested  # months of the mentions that give their year, at most a season long
        self.seen: list[tuple[Interval, str]] = []  # resolved mentions so far, for anaphora

    def needs_tense(self, mention: Mention) -> bool:
        """Whether the tense can change this mention: only when a reference anchors it and the text does not."""
        return self.ref is not None and any(w.needs_tense for w in mention.whens)

    def resolve(self, mention: Mention, tense: str | None) -> Resolved | None:
        whens = mention.whens
        if any(w.generic_in_present and tense not in _NOT_GENERIC for w in whens):
            return None  # `aujourd'hui, l'IA…` is "nowadays"
        if mention.kind == "one":
            return self._one(whens[0], tense)
        # A range or a list: items without a year take it from their neighbours (`du 30 décembre au
        # 2 janvier 2026`, `du 30 décembre 2025 au 2 janvier`, `janvier et février 2023`); the last
        # item that names its year (else the last item) is resolved on its own.
        pivot = max((k for k, w in enumerate(whens) if not _year_less(w)), default=len(whens) - 1)
        one = self._one(whens[pivot], tense)
        if one is None:
            return None
        intervals: list[Interval | None] = [None] * len(whens)
        intervals[pivot] = one.interval
        inferred = one.inferred_year
        for k in [*range(pivot - 1, -1, -1), *range(pivot + 1, len(whens))]:
            w = whens[k]
            if _year_less(w):
                interval = _beside(w, intervals[k + 1], before=True) if k < pivot else _beside(w, intervals[k - 1])
                inferred = True
            else:
                other = self._one(w, tense)
                interval = other and other.interval
                inferred = inferred or bool(other and other.inferred_year)
            if interval is None:
                return None
            intervals[k] = interval
        first, end = min(i[0] for i in intervals), max(i[1] for i in intervals)
        relative = any(not w.calendar for w in whens)
        parts = _parts(intervals) if mention.kind == "list" else ()
        return Resolved((first, end), parts, inferred, relative)

    def _one(self, w: When, tense: str | None) -> Resolved | None:
        if w.anaphor is not None:
            anchor = self._anchor(w.grain, w.mentioned_only)
            interval = anchor and w.anaphor(anchor)
            return Resolved(interval, inferred_year=True, relative=True) if interval else None
        if w.deictic is not None:
            if self.reference is None:
                return None
            side = w.side or (_SIDES.get(tense, 0) if w.tensed else 0)
            return Resolved(w.deictic(self.reference, side), inferred_year=True, relative=True)
        if w.year is not None:
            interval = w.in_year(w.year)
            return Resolved(interval) if interval else None
        if w.short_year is not None:
            interval = w.in_year(self._century(w.short_year))
            return Resolved(interval) if interval else None
        interval = self._attested(w, tense) or self._from_reference(w, tense)
        return Resolved(interval, inferred_year=True) if interval else None

    def _century(self, short: int) -> int:
        if self.reference is None:
            return (1900 if short >= 50 else 2000) + short
        year = self.reference.year // 100 * 100 + short
        if year > self.reference.year + 10:
            return year - 100
        return year + 100 if year <= self.reference.year - 90 else year

    def _attested(self, w: When, tense: str | None) -> Interval | None:
        """The date in the one year the document's other mentions give to it (`juin 2024` → `14 juin`).

        Mentions that hold the date in different years (`février 2025` and `19 février 2026`) leave
        it to the tense; so does a year that puts the date on the other side of the reference than
        `prochain`/`dernier` or the tense say (`le sommet de février 2025 … se tiendra du 16 au
        20 février`, in a release of February 2026, is next February).
        """
        if not _year_less(w):
            return None
        found = set()
        for first, last in self.attested:
            for year in {first.year, last.year}:
                interval = w.in_year(year)
                if interval and first <= interval[0] and interval[1] <= last and w.fits(interval):
                    found.add(interval)
        if len(found) != 1:
            return None
        interval = found.pop()
        if self.ref and w.side and (interval[0] <= self.ref[1] if w.side > 0 else interval[1] >= self.ref[0]):
            return None
        side = _SIDES.get(tense, 0)
        if self.ref and side and (interval[1] < self.ref[0] if side > 0 else interval[0] > self.ref[1]):
            return None
        return interval

    def _from_reference(self, w: When, tense: str | None) -> Interval | None:
        if self.ref is None or self.reference is None:
            return None
        years = range(self.reference.year - 1, self.reference.year + 2)
        candidates = [i for y in years if (i := w.in_year(y)) and w.fits(i)]
        if not candidates and w.weekday is not None:
            # A weekday and a day recur every 5 to 11 years: look further, on the side the tense gives.
            years = range(self.reference.year - 6, self.reference.year + 7)
            candidates = [i for y in years if (i := w.in_year(y)) and w.fits(i)]
        if not candidates:
            return None
        ref_first, ref_last = self.ref
        side = w.side or _SIDES.get(tense, 0)
        strict = bool(w.side)  # `prochain`/`dernier` exclude the reference; a tense does not
        # A tense keeps the occurrence that is not wholly on the other side of the reference
        # (`sera fermée en juillet` on 24 July is this July).
        if side > 0:
            on_side = [i for i in candidates if (i[0] > ref_last if strict else i[1] >= ref_first)]
            if on_side:
                return min(on_side)
        elif side < 0:
            on_side = [i for i in candidates if (i[1] < ref_first if strict else i[0] <= ref_last)]
            if on_side:
                return max(on_side)
        return min(candidates, key=lambda i: (distance(i, self.ref), -i[0].toordinal()))

    def _anchor(self, grain: str, mentioned_only: bool) -> Interval | None:
        """The last mention at most `grain` long, else (unless `mentioned_only`) the reference day."""
        for interval, g in reversed(self.seen):
            if GRAINS.index(g) <= GRAINS.index(grain):
                return interval
        if mentioned_only or self.ref is None or self.ref[0] != self.ref[1]:
            return None
        return self.ref


def _months(interval: Interval) -> Interval:
    """The whole months an interval touches: `19 février 2026` attests February 2026."""
    return interval[0].replace(day=1), month_span(interval[1].year, interval[1].month)[1]


def _year_less(w: When) -> bool:
    return w.calendar and w.year is None and w.short_year is None


def _beside(w: When, neighbour: Interval, before: bool = False) -> Interval | None:
    """The year-less item in the year that puts it right before (or after) its neighbour in the list."""
    if before:
        interval = w.in_year(neighbour[1].year)
        return interval if interval and interval[0] <= neighbour[0] else w.in_year(neighbour[1].year - 1)
    interval = w.in_year(neighbour[0].year)
    return interval if interval and interval[1] >= neighbour[1] else w.in_year(neighbour[0].year + 1)


def _parts(intervals: list[Interval]) -> tuple[Interval, ...]:
    """The items of a list when some do not touch the next one (`les 3 avril et 15 mai`); else none."""
    ordered = sorted(intervals)
    if all(b[0] - a[1] <= timedelta(days=1) for a, b in zip(ordered, ordered[1:], strict=False)):
        return ()
    return tuple(ordered)
