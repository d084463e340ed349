"""What stands around a date core: the markers before it, and whether a bare number is a year.

The same markers (`depuis`, `fin`, `vers`, `le`) modify every kind of core, so
they are read once here rather than in every pattern; and whether `2030` is a
year depends on them: `en 2030`, `d'ici 2030` are dates, `France 2030`,
`plus de 2000`, `de 2000 salariés` are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.match.dates.lexicon import APOSTROPHE, FLAGS, alt, norm
from pipeline.ruledata import load

# --- what stands before a core ------------------------------------------------------------------


@dataclass(frozen=True)
class Prefix:
    """Markers read right before a core, each with where it starts (`mentions.py` decides which a span keeps)."""

    open: str | None = None  # since | from | until | before | after
    open_start: int | None = None
    approximate: bool = False
    approx_start: int | None = None
    part: str | None = None  # start | mid | end | during | week
    part_start: int | None = None
    lead: bool = False  # a preposition leads the fuzzy marker (`en fin d'année`, `à la fin du mois`)
    shift: int = 0  # days after (or before) the core: `le lendemain du 21 mars`
    shift_start: int | None = None
    det: str | None = None  # the article or preposition touching the core, normalised
    det_start: int | None = None

    @property
    def marked(self) -> bool:
        return bool(self.open or self.approximate or self.part)


@cache
def _open_kinds() -> dict[str, str]:
    return {norm(p): kind for kind, phrases in load("dates/modifiers.json")["open"].items() for p in phrases}


@cache
def _fuzzy_parts() -> dict[str, str]:
    mods = load("dates/modifiers.json")
    return {**{norm(w): part for w, part in mods["fuzzy"].items()}, **{norm(w): "week" for w in mods["week_of"]}}


@cache
def _prefix_regex() -> re.Pattern:
    mods, years = load("dates/modifiers.json"), load("dates/years.json")
    dets = {
        *mods["articles"],
        *years["strong"],
        *years["weak"],
        *load("dates/seasons.json")["needs"],
        *load("dates/holidays.json")["needs"],
    }
    sep = rf"(?:(?<={APOSTROPHE})\s*|\s+)"
    fuzzy = alt([*mods["fuzzy"], *mods["week_of"]])
    return re.compile(
        rf"(?:(?<!\w)(?P<open>{alt(_open_kinds())}){sep})?"
        rf"(?:(?<!\w)(?P<approx>{alt(mods['approximate'])}){sep})?"
        rf"(?:(?<!\w)(?P<shift>{alt(mods['shift'])})\s+{alt(mods['link'])}{sep})?"
        rf"(?:(?<!\w)(?P<lead>{alt(mods['lead'])}\s+)?(?P<mod>{fuzzy})(?:\s*-\s*|\s+)(?:{alt(mods['link'])}{sep})?)?"
        rf"(?:(?<!\w)(?P<det>{alt(dets)}){sep})?$",
        FLAGS,
    )


def prefix_at(text: str, at: int, floor: int = 0) -> Prefix:
    """Read the markers that end right before `at` (not looking before `floor`)."""
    m = _prefix_regex().search(text, max(floor, at - 80), at)
    if m is None or m.start() == at:
        return Prefix()
    open_ = m["open"]
    if open_ and norm(open_) in load("dates/modifiers.json")["lowercase_only"] and not open_.islower():
        open_ = None  # `Horizon 2020` is a programme
    return Prefix(
        open=open_ and _open_kinds()[norm(open_)],
        open_start=m.start("open") if open_ else None,
        approximate=bool(m["approx"]),
        approx_start=m.start("approx") if m["approx"] else None,
        part=m["mod"] and _fuzzy_parts()[norm(m["mod"])],
        part_start=m.start("mod") if m["mod"] else None,
        lead=bool(m["lead"]),
        shift=load("dates/modifiers.json")["shift"][norm(m["shift"])] if m["shift"] else 0,
        shift_start=m.start("shift") if m["shift"] else None,
        det=m["det"] and norm(m["det"]),
        det_start=m.start("det") if m["det"] else None,
    )


@dataclass
class Context:
    """The text being read, and the cores accepted so far (a year may continue a list: `en 2024 et 2025`)."""

    text: str
    ends: set[int] = field(default_factory=set)
    _prefixes: dict[int, Prefix] = field(default_factory=dict)

    def prefix(self, at: int) -> Prefix:
        if at not in self._prefixes:
            self._prefixes[at] = prefix_at(self.text, at)
        return self._prefixes[at]

    def idiom_at(self, start: int, end: int) -> bool:
        """Whether [start, end) ends an idiom that is not a date (`à ce jour` = so far)."""
        spoken = norm(self.before(start, 16) + self.text[start:end])
        return any(spoken.endswith(p) for p in load("dates/relative.json")["not_dates"])

    def before(self, at: int, size: int = 40) -> str:
        return self.text[max(0, at - size) : at]

    def after(self, at: int, size: int = 40) -> str:
        return self.text[at : at + size]


# --- years: when a four-digit number is one -----------------------------------------------------


@cache
def year_checks() -> dict[str, re.Pattern]:
    years = load("dates/years.json")
    units = "|".join(re.escape(u) for u in sorted(years["units_after"], key=len, reverse=True))
    return {
        "blocked": re.compile(rf"(?<![\w.]){alt(years['blocked_before'])}\s*$", FLAGS),
        "noun": re.compile(rf"(?<!\w){alt(years['nouns'])}\s+$", FLAGS),
        "units": re.compile(rf"^(?:\s*(?:{units})(?!\w)|[ \u00a0\u202f]\d{{3}}(?!\d))"),
        "next_number": re.compile(r"^\s*(?:à|-|–|et|ou)\s*(\d+)(?!\d|[.,]\d)"),
        "plural": re.compile(r"^\s*([a-zàâçéèêëîïôûùüÿœæ]+[sx])(?!\w)"),
        "conj": re.compile(r"(?:,|\bet|\bou)\s*$"),
        "sentence": re.compile(r"(?:^|[.!?]\s+|\n)[\s#*_>-]*$"),  # Markdown heading or bullet marks too
        # `les récoltes 2021`, `le rapport 2024`: a determiner and a common noun name a period's edition.
        "det_noun": re.compile(rf"(?<!\w)(?i:{alt(years['determiners'])})\s*[a-zàâçéèêëîïôûùüÿœæ-]{{3,}}\s+$"),
        # `une photographie de Doisneau, 1950.`: a year cited after a comma, ending its clause.
        "cited": re.compile(r",[^\S\n]*$"),
        "clause_end": re.compile(r"^[^\S\n]*(?:[.;:)\]»]|\n|$)"),
        "paired": re.compile(r"^\s*(?:et|ou|,)\s*((?:1\d|2[01])\d\d)(?!\d|[.,]\d)"),
    }


def counted_after(ctx: Context, end: int, weak: bool) -> bool:
    """A unit or, after a weak trigger, a plural noun follows: `2000 euros`, `de 2000 salariés`.

    Also a count range: `entre 1500 et 1800 participants`, `de 2000 à 2500`.
    """
    checks, years = year_checks(), load("dates/years.json")
    after = ctx.after(end)
    if checks["units"].match(after):
        return True
    if number := checks["next_number"].match(after):
        if not years["min"] <= int(number[1]) <= years["max"]:
            return True
        if counted_after(ctx, end + number.end(), weak=True):
            return True
    plural = checks["plural"].match(after)
    return weak and bool(plural) and plural[1].lower() not in load("dates/years.json")["not_nouns"]


def is_year_here(ctx: Context, start: int, end: int) -> bool:
    """Whether the number at [start, end) is a year: a trigger before it, no count marker around it.

    Strong triggers (`en`, an open or fuzzy marker) make it a year unless a unit follows; weak ones
    (`de`, `pour`, `par rapport à`, `l'édition`, `les récoltes`, parentheses, another year after `et`)
    unless a plural noun follows (`de 2000 salariés`). A number that only opens a sentence or a line
    (a heading) or ends a clause after a comma (`Doisneau, 1950.`) must also be a plausible modern
    year (`untriggered_min`..`untriggered_max`): `1600` over a line saying what it counts is a figure.
    """
    checks, years = year_checks(), load("dates/years.json")
    pre = ctx.prefix(start)
    left = ctx.before(pre.det_start if pre.det_start is not None else start)
    if checks["blocked"].search(left) or checks["blocked"].search(ctx.before(start)):
        return False
    before, after = ctx.before(start), ctx.after(end)
    strong = bool(pre.open or pre.part) or pre.det in years["strong"]
    weak = (
        pre.approximate
        or pre.det in years["weak"]
        or bool(checks["noun"].search(before))
        or bool(checks["det_noun"].search(before))
        or (before[-2:].rstrip().endswith("(") and after[:2].lstrip().startswith(")"))
        or bool((paired := checks["paired"].match(after)) and _modern(years, int(paired[1])))
        or _continues_list(ctx, start)
    )
    loose = (
        start == 0
        or bool(checks["sentence"].search(ctx.before(start, 12)))  # `2025 a été une année record.`
        or bool(checks["cited"].search(before) and checks["clause_end"].match(after))
    )
    if not (strong or weak) and not (loose and _modern(years, int(ctx.text[start:end]))):
        return False
    return not counted_after(ctx, end, weak=not strong)


def _modern(years: dict, year: int) -> bool:
    return years["untriggered_min"] <= year <= years["untriggered_max"]


def _continues_list(ctx: Context, start: int) -> bool:
    """`en 2024, 2025 et 2026`: the year follows a conjunction right after an accepted date."""
    left = ctx.before(start)
    conj = year_checks()["conj"].search(left)
    return bool(conj) and start - len(left) + len(left[: conj.start()].rstrip()) in ctx.ends
