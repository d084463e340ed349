"""The dateline: where and when the release says it was issued (`Paris, le 3 mars 2024 –`).

Text only, so that it runs before `add_published`, which takes its date first.
A dateline is a line (or a line's opening) in the head of the release, in one of
the conventional shapes:

    Paris, le 3 mars 2024 – …                 DAKAR, 14 mars (APS) – …
    Genève, 12.03.2024                        Montréal (Québec), le 5 mai 2026
    Communiqué de presse — Lyon, le 5 mai 2026
    LYON (France), 5 mai 2026 /PRNewswire/ –  (Paris, le 22 novembre 2021)
    OTTAWA, Canada, juin 25, 2008 -           5 OCTOBRE 2017 -   (no place: `place` is null)

also in Markdown bold or italics. `place` is the city as printed; `date` is
ISO when the dateline names its year (a year-less `14 mars` keeps `date`
null: the publication date decides nothing from it). A date in body text
(`Le 3 mars 2024, Paris accueille…`, `Enfin, le 9 mars 2026, …`) is not a
dateline: the place must open its line and not be a common word
(`pipeline/models/structure/dateline.json`).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipeline.document import Document
from pipeline.ruledata import load

_UP = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UP}][\w'’.-]*"


@cache
def _months() -> dict[str, int]:
    months = {}
    for m in load("dates/months.json")["months"]:
        for name in [*m["names"], *m["abbreviations"]]:
            months[name.lower()] = m["number"]
    return months


@cache
def _patterns() -> dict[str, re.Pattern]:
    cfg = load("structure/dateline.json")
    pub = load("dates/published.json")
    months = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    particles = "|".join(re.escape(p) for p in pub["place_particles"])
    headers = "|".join(re.escape(h) for h in sorted(pub["headers"], key=len, reverse=True))
    wires = "|".join(re.escape(w) for w in sorted(cfg["wires"], key=len, reverse=True))
    day = r"(?P<day>[0-3]?\d)(?:er|ᵉʳ)?"
    days = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    weekday = rf"(?:(?:{days})[^\S\n]+)?"
    month = rf"(?P<month>{months})\.?"
    year = r"(?P<year>(?:19|20)\d\d)"
    dates = (
        rf"(?:le[^\S\n]+)?{weekday}{day}[^\S\n]+{month}(?:[^\S\n]+{year})?(?!\w)",  # 3 mars 2024, 14 mars
        rf"{month}[^\S\n]+{day},?[^\S\n]+{year}(?!\w)",  # juin 25, 2008
        r"(?:le[^\S\n]+)?(?P<nday>[0-3]?\d)[./](?P<nmonth>[01]?\d)[./](?P<nyear>(?:19|20)\d\d)(?!\d)",  # 12.03.2024
        rf"{month}[^\S\n]+{year}(?!\w)",  # mars 2024
    )
    forms = [re.compile(d, re.IGNORECASE) for d in dates]
    date_alt = "|".join(f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', d)})" for d in dates)
    place = rf"(?P<place>{_WORD}(?:[^\S\n]*(?:-|[^\S\n]+(?:(?:{particles})[^\S\n]*)?){_WORD}){{0,3}})"
    bracket = r"(?:[^\S\n]*\((?P<region>[^()\n]{1,30})\))?"
    country = rf"(?:[^\S\n]*,[^\S\n]*(?P<country>{_WORD}(?:[^\S\n]+{_WORD})?)(?=[^\S\n]*,))?"
    header = rf"(?:(?i:{headers})(?:[^\S\n]*[—–:|-][^\S\n]*|[^\S\n]+)[*_]*)?"  # `Communiqué de presse — Lyon…`
    lead = rf"^[^\S\n]*[*_#>\s]*\(?[*_]*{header}(?i:fait[^\S\n]+à[^\S\n]+)?"
    sep = r"(?:[^\S\n]*[,–—-][^\S\n]*|[^\S\n]+(?=le[^\S\n]))"
    flags = re.MULTILINE
    return {
        "forms": forms,
        "with_place": re.compile(rf"{lead}{place}{bracket}{country}{sep}(?i:(?P<date>{date_alt}))", flags),
        # The date, then the place: `Le 2 juillet 2026, à Lyon,` on a line of its own.
        "date_place": re.compile(
            rf"{lead}(?i:(?P<date>{date_alt})),?[^\S\n]+(?i:à|a)[^\S\n]+{place}[^\S\n]*[,.:–—-]?[^\S\n]*$", flags
        ),
        # A date alone opening the lead (`5 OCTOBRE 2017 - Le projet…`); a weekday makes it an agenda line.
        "date_only": re.compile(
            rf"{lead}(?!(?i:le[^\S\n]+)?(?i:{days}))(?i:(?P<date>{date_alt}))[^\S\n]*[*_]*[^\S\n]*[–—-][^\S\n]", flags
        ),
        "tail": re.compile(
            rf"[^\S\n]*(?:\([^()\n]{{1,40}}\)[^\S\n]*)?(?:/[^/\n]*(?i:{wires})[^/\n]*/[^\S\n]*)?[*_]*[^\S\n]*"
            r"(?:[)][^\S\n]*)?[*_]*(?P<stop>[–—-]|:|\.|$|,(?=[^\S\n])|(?P<bracket>(?<=\))))",
            flags,
        ),
    }


def _not_places() -> set[str]:
    return {w.lower() for w in load("structure/dateline.json")["not_places"]}


def find_dateline(text: str) -> dict | None:
    """The release's dateline `{place, date, text, start, end}`, or None (offsets into `text`)."""
    head = min(len(text), load("structure/dateline.json")["head_chars"])
    pats = _patterns()
    best = None
    for m in pats["with_place"].finditer(text, 0, head):
        first = re.split(r"[\s'’-]", m["place"])[0].lower().rstrip(".")
        if first in _not_places() or not _ends_well(text, m.end()):
            continue
        best = m
        break
    if best is None:
        for m in pats["date_place"].finditer(text, 0, head):
            if re.split(r"[\s'’-]", m["place"])[0].lower() not in _not_places():
                return _result(text, m, m["place"])
        for m in pats["date_only"].finditer(text, 0, head):
            return _result(text, m, None)
        return None
    return _result(text, best, best["place"])


def _ends_well(text: str, at: int) -> bool:
    """After the date: a dash, a colon, a wire's name, a bracket, the end of the line or of a sentence.

    `Paris, le 3 mars 2024, la ville…` is a dateline too, but so reads prose; a comma is accepted only
    when the line is short (a dateline line) or continues with a capital-led lead (`, LA SOCIÉTÉ…`).
    """
    t = _patterns()["tail"].match(text, at)
    if not t:
        return False
    if t["bracket"] is not None and "(" not in text[max(0, at - 60) : at].rsplit("\n", 1)[-1]:
        return False  # a closing bracket without its opening one
    if t["stop"] == ",":
        rest = text[t.end() :].lstrip()
        return bool(rest[:1].isupper())
    return True


def _result(text: str, m: re.Match, place: str | None) -> dict:
    start = min(m.start("place"), m.start("date")) if place else m.start("date")
    end = max(m.end("date"), m.end("place") if place else 0)
    tail = _patterns()["tail"].match(text, end)
    if tail and tail["stop"] in ("–", "—", "-"):
        end = tail.start("stop")
    elif tail:
        end = tail.start("stop") if tail["stop"] else tail.end()
    while end > start and text[end - 1] in " \t*_" or (text[end - 1] == ")" and "(" not in text[start:end]):
        end -= 1
    return {
        "place": place.strip() if place else None,
        "date": _iso(m),
        "text": text[start:end],
        "start": start,
        "end": end,
        "grain": _grain(m["date"]),  # for `published`; not a field of the record
    }


def _form(date_text: str) -> re.Match | None:
    for form in _patterns()["forms"]:
        if d := form.match(date_text):
            return d
    return None


def _grain(date_text: str) -> str:
    d = _form(date_text)
    return "day" if d and ("day" in d.groupdict() and d["day"] or "nday" in d.groupdict()) else "month"


def _iso(m: re.Match) -> str | None:
    m = _form(m["date"])
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g.get("nyear"):
            return date(int(m["nyear"]), int(m["nmonth"]), int(m["nday"])).isoformat()
        if not g.get("year"):
            return None
        month = _months()[m["month"].lower().rstrip(".")]
        if g.get("day"):
            return date(int(m["year"]), month, int(m["day"])).isoformat()
        return date(int(m["year"]), month, 1).isoformat()
    except (ValueError, KeyError):
        return None


def add_dateline(doc: Document) -> Document:
    doc.dateline = find_dateline(doc.text) if doc.text else None
    return doc
