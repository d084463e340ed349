"""French dates as exact intervals with a grain, so that users can filter and sort by when things happen.

`find_dates(text, reference, tense=...)` reads a whole document: the rules find
the mentions of each paragraph (`rules.py`, `context.py`, `lexicon.py`, word
lists in `pipeline/models/dates/`), `mentions.py` applies their markers and joins ranges
and lists, `resolve.py` anchors them all together (a year given once holds for
the other dates; `tense.py` reads the tense of the clauses that need it), and
`calendar.py` does the arithmetic. A value is `{start, end, grain,
inferred_year}` (+ `approximate: true`, + `relative: true`, + `parts`), with
`start`/`end` inclusive ISO dates (null for the open side of an open range),
and the `source` names the rule (`rule:date:` + day, month, year, range, list,
open, fuzzy, season, quarter, decade, holiday or relative).

Conventions (the one place they are written down; README.md lists them for users):

- Spans leave out a leading article or preposition (`le 26 janvier` → `26 janvier`,
  `en 2018` → `2018`, `les 25 et 26 novembre` → `25 et 26 novembre`) but keep the
  words that change the interval: `du`/`de`/`entre` opening a range (`du 6 au 11
  février 2025`), open-range markers (`depuis 2018`, `d'ici 2030`, `à partir de
  mars`), fuzzy and approximate markers (`fin 2025`, `vers 2030`), a weekday before
  a date (`lundi 28 juin`), `prochain`/`dernier` after it, and the article of noun
  phrases (`l'année 2025`, `les années 2020`, `la semaine prochaine`, `le lendemain
  du 21 mars`). `à 14h` after a date is left out.
- A year-less date (`le 14 juin`, `vendredi 14 juin`, `en octobre`, `27/10`) takes, in
  this order: the one year the document's other mentions give to that month
  (`juin 2024` … `vendredi 14 juin`), a weekday and a day falling on that weekday;
  then the tense of its clause: past → the last occurrence on or before the
  reference, future → the next on or after it, present or none → the nearest (ties
  go to the future); `prochain`/`dernier` → strictly after/before the reference.
  It gets `inferred_year: true`. Two-digit years (`mars 97`, `le 4 juillet 88,`,
  `en 96,`, `25/11/25`) take the century that puts them within 89 years before and
  10 after the reference (50–99 are the 1900s without one).
- Relative dates (`relative: true`) are computed from the reference at the grain of
  their unit: `hier`, `ce soir`, `il y a trois jours` (that day), `dans deux
  semaines` (that Monday–Sunday week), `il y a 10 ans` (that calendar year), `ce
  week-end` (its Saturday and Sunday; the last one in a past clause), a weekday
  alone (`mardi`: the last one on or before the reference in a past clause, the
  next on or after it in a future one, else the one within three days). Anaphoric
  ones are computed from the last date the text mentioned (not another anaphor,
  not a deadline such as `d'ici 2030`) of at most their grain: `la veille`, `le
  lendemain`, `le surlendemain`, `le même jour` (else from the reference), `deux
  jours plus tard`, `trois semaines auparavant`, `l'année suivante` (only from a
  mentioned date). Generic uses are not dates: `aujourd'hui` in a present-tense
  clause ("nowadays", unless the verb reports an act: `annonce aujourd'hui`),
  `de demain`, `pour demain`, `à ce jour` (so far), a season without a year or a
  demonstrative in a present clause (`en été, la demande augmente`), `fin du mois`
  without a preposition (`Petits budgets, fin du mois sereine`).
- A date nothing can place (year-less or relative, without a reference and without
  a year in the document) is not returned: today's date is never used, so outputs
  are reproducible.
- Open ranges: `depuis X`, `à partir de X`, `dès X` → [start of X, null];
  `d'ici X`, `à horizon X`, `jusqu'en X` → [null, end of X]; `avant X` → [null,
  day before X]; `après X` → [day after X, null]. The grain is that of X. `depuis
  X et jusqu'en Y`, `dès X et jusqu'au Y` are closed ranges [X, Y].
- Fuzzy parts (`approximate: true`): of a year, `début` = January–March, `mi` =
  May–August, `fin` = October–December, grain `month` (`mi-2026` =
  2026-05-01..2026-08-31); of a month, `début` = 1–10, `mi` = 11–20, `fin` = 21–end,
  grain `day` (`fin novembre 2025` = 2025-11-21..2025-11-30); of a decade, years
  0–3, 4–6, 7–9, grain `year`; a day has none (`Fin : 3 avril 2025` is that day);
  of anything else, its first, middle or last third of days, grain `day`.
  `courant 2026` is the whole of 2026, not approximate: its bounds are exact even
  if the moment is not. `vers`, `autour de`, `aux alentours de` keep the interval
  and set `approximate`.
- Seasons are meteorological, grain `season`: printemps = March–May, été =
  June–August, automne = September–November, hiver = December–February of the next
  year (`hiver 2025` = 2025-12-01..2026-02-28). `rentrée` is September, approximate.
- Quarters (`T1 2026`, `premier trimestre 2026`) have grain `quarter`; semesters
  (`premier semestre 2026` = January–June, `S2` = July–December) have grain
  `quarter` too, there being no semester grain. `les années 2020` = 2020–2029,
  grain `decade`; two-digit decades are the 1900s (`les années 90`).
- Ranges and lists are one mention. `les 25 et 26 novembre`, `les 3, 4 et 5 juin`,
  `du 6 au 11 février` cover their days. Lists of dates of one kind and grain,
  separated by commas and closed by `et`/`&` (`les 3 avril et 15 mai`, `mai, juin
  et juillet`, `janvier et février 2023`, `2019 et 2020`, `les 3 et 10 mars`) cover
  their items, items without a year taking it from the next; when some items do
  not touch, `parts` lists them ([{start, end}, …]).
- Weeks run Monday to Sunday (`la semaine du 9 mars`, `la semaine prochaine`).
- A four-digit number is a year only after a trigger (`en`, `depuis`, `de`, `par
  rapport à`, `fin`, `l'édition`, `les récoltes`, another year after `et`,
  parentheses) and never before a unit or a counted noun; opening a sentence or a
  line (a heading) or ending a clause after a comma (`un tableau de Monet, 1872.`)
  it must lie in 1800–2100. So `France 2030`, `programme 172`, `2,6 Md€`, `de 2000
  salariés`, `loi 1901` and a key figure `1750` over its caption are not dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pipeline.match.base import Match
from pipeline.match.dates.calendar import GRAINS, Interval
from pipeline.match.dates.context import Context
from pipeline.match.dates.mentions import Mention, mentions_of
from pipeline.match.dates.resolve import Resolved, resolve_mentions
from pipeline.match.dates.rules import Found, families_in, rules
from pipeline.match.dates.tense import TenseReader

# A date never spans a blank line: paragraphs are read one by one, then resolved together.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


def find_dates(
    text: str,
    reference: date | None = None,
    *,
    reference_grain: str = "day",
    tense: TenseReader | None = None,
) -> list[Match]:
    """DATE matches in `text` (a whole document), sorted and non-overlapping.

    `reference` (the release's own date; `reference_grain` "month" when only its month is known)
    anchors year-less and relative dates; `tense` reads the tense of the clauses that need it
    (`tense.spacy_tense_reader`); without it, year-less dates take the nearest year.
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    mentions = [m for start, end in _paragraphs(text) for m in _read(text, start, end)]
    resolved = resolve_mentions(text, mentions, reference, reference_grain, tense)
    return [_to_match(m, r) for m, r in zip(mentions, resolved, strict=True) if r is not None]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, brk.start()))
        start = brk.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _read(text: str, start: int, end: int) -> list[Mention]:
    """The mentions of one paragraph, with offsets into `text`."""
    paragraph = text[start:end]
    mentions = mentions_of(paragraph, _select(_read_all(Context(paragraph))))
    return [_shifted(m, start) for m in mentions] if start else mentions


def _shifted(m: Mention, offset: int) -> Mention:
    return Mention(
        m.start + offset,
        m.end + offset,
        m.whens,
        m.rule,
        m.kind,
        m.open,
        m.anchor + offset,
        m.opener,
        None if m.opener_start is None else m.opener_start + offset,
    )


def _read_all(ctx: Context) -> list[Found]:
    """Every core some rule accepts, read left to right so that a year can continue a list.

    Only the rules whose words the paragraph holds scan it (`rules.families`).
    """
    present = families_in(ctx.text)
    hits = sorted(
        (m.start(), priority, rule, m)
        for priority, rule in enumerate(rules())
        if all(family in present for family in rule.needs)
        for m in rule.regex.finditer(ctx.text)
    )
    found = []
    for _, priority, rule, m in hits:
        if (f := rule.read(m, ctx)) is not None and not ctx.idiom_at(f.start, f.end):
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


def _to_match(mention: Mention, resolved: Resolved) -> Match:
    grain = min((w.grain for w in mention.whens), key=GRAINS.index)
    first, last = _opened(resolved.interval, mention.open)
    value: dict = {
        "start": first and first.isoformat(),
        "end": last and last.isoformat(),
        "grain": grain,
        "inferred_year": resolved.inferred_year,
    }
    if any(w.approximate for w in mention.whens):
        value["approximate"] = True
    if resolved.relative:
        value["relative"] = True
    if resolved.parts:
        value["parts"] = [{"start": a.isoformat(), "end": b.isoformat()} for a, b in resolved.parts]
    kind = "open" if mention.open else mention.rule
    return Match("DATE", mention.start, mention.end, value, f"rule:date:{kind}")
