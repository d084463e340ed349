"""Where a release was written, from evidence in its text: the country that decides what `dollars` or `francs` mean.

French is written in Paris, Montréal, Lausanne, Bruxelles, Dakar and Casablanca,
and the same word is a different currency in each: `dollars` are CAD in a
Québec release, `francs` CHF in a Swiss one and XOF in a Senegalese one. The
country is decided once per document by scoring what the text shows
(`pipeline/models/locale/countries.json`): country, region and city names, adjectives,
institutions, currency codes, web and e-mail addresses (`.ch`), phone
prefixes (`+221`), postcodes, and a city in a dateline (`Lausanne, le 3 mars`).
Each piece counts at most `max_repeats` times, so that a partner country
named all along does not outweigh where the release comes from; a currency
code counts only beside a number. The best score wins if it reaches `min_score`; its evidence (the first
occurrence of each piece, at most ten) is kept for the record, so a reader
can see why.

One pass of one regex (a trie of every term) over the document, and two
literal-led ones for addresses and phone numbers: about 15 ms for the
107,000-character dossier of `raw/`, against more than a second of NER.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.match.amounts.patterns import cased, trie
from pipeline.ruledata import load

_TERM_KINDS = ("name", "adjective", "region", "city", "institution", "code")
_PLACE_KINDS = frozenset({"name", "region", "city"})
_CLASSES = {" ": r"\s", "'": "['’]"}  # a term's space is any blank (a line break too), its apostrophe either one
_HOST = re.compile(r"[a-z0-9][a-z0-9-]+(?:\.[a-z0-9-]+)*\Z")
_DATELINE_AFTER = re.compile(r"[^\n]{0,40}?\d")
_DIGIT_BEFORE = re.compile(r"\d\s?\Z")
_DIGIT_AFTER = re.compile(r"\s?\d")
_CODE_KINDS = frozenset({"code"})
_MAX_EVIDENCE = 10


@dataclass(frozen=True)
class _Terms:
    regex: re.Pattern  # every term, on the text with blanks and apostrophes made plain
    owners: dict[str, list[tuple[str, str]]]  # term as written (any case variant) → [(country or zone, kind)]
    hosts: re.Pattern  # a web or e-mail host ending in a known top-level domain
    tlds: dict[str, str]
    phones: re.Pattern
    prefixes: dict[str, str]
    postcodes: list[tuple[re.Pattern, str]]
    weights: dict[str, int]
    min_score: int
    max_repeats: int
    zone_of: dict[str, str | None]
    zones: frozenset[str]
    local_kinds: frozenset[str]


@cache
def _terms() -> _Terms:
    data = load("locale/countries.json")
    owners: dict[str, list[tuple[str, str]]] = {}

    def add(term: str, owner: str, kind: str) -> None:
        variants = cased([term]) if term == term.lower() else {term, term.upper()}
        for variant in variants:
            owners.setdefault(variant.replace("’", "'"), []).append((owner, kind))

    tlds, prefixes, postcodes = {}, {}, []
    for country, facts in data["countries"].items():
        for kind in _TERM_KINDS:
            for term in facts.get(kind, []):
                add(term, country, kind)
        tlds |= dict.fromkeys(facts.get("tld", []), country)
        prefixes |= dict.fromkeys(facts.get("phone", []), country)
        postcodes += [(re.compile(rf"(?<![\w-]){p}(?![\w-])"), country) for p in facts.get("postcode", [])]
    for zone, facts in data["zones"].items():
        for term in facts["terms"]:
            add(term, zone, "zone")
        for code in facts["codes"]:
            add(code, zone, "code")
    suffixes = "|".join(re.escape(t) for t in sorted(tlds, key=len, reverse=True))
    return _Terms(
        regex=re.compile(rf"(?<![\w-])(?:{trie(owners, _CLASSES)})(?![\w-])"),
        owners=owners,
        hosts=re.compile(rf"\.(?P<tld>{suffixes})(?![\w-]|\.[a-z0-9])"),  # a literal first: `re` skips fast
        tlds=tlds,
        phones=re.compile(rf"\+ ?(?P<cc>{'|'.join(sorted(prefixes, key=len, reverse=True))})(?=[ .(-]?\d)"),
        prefixes=prefixes,
        postcodes=postcodes,
        weights=data["weights"],
        min_score=data["min_score"],
        max_repeats=data["max_repeats"],
        zone_of={country: facts.get("zone") for country, facts in data["countries"].items()},
        zones=frozenset(data["zones"]),
        local_kinds=frozenset(data["local_kinds"]),
    )


def _key(term: str) -> str:
    """A matched term as the data writes it: single spaces, straight apostrophes."""
    return " ".join(term.split()).replace("’", "'")


def _by_a_number(text: str, start: int, end: int) -> bool:
    """A currency code counts as evidence only beside an amount (`250 MAD`, `CHF 40`)."""
    return bool(_DIGIT_BEFORE.search(text, max(0, start - 3), start) or _DIGIT_AFTER.match(text, end))


def _is_dateline(text: str, start: int, end: int) -> bool:
    """`Lausanne, le 3 mars 2024` / `DAKAR (Sénégal), 5 mai`: a place opening a line, a number soon after."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" \t*_#>-") and bool(_DATELINE_AFTER.match(text, end))


def evidence(text: str) -> list[dict]:
    """Every piece of evidence in `text`, in reading order: text, offsets, kind, and whose it is."""
    terms = _terms()
    found = []
    for hit in terms.regex.finditer(text):
        for owner, kind in terms.owners[_key(hit.group())]:
            if kind in _PLACE_KINDS and _is_dateline(text, hit.start(), hit.end()):
                kind = "dateline"
            elif kind in _CODE_KINDS and not _by_a_number(text, hit.start(), hit.end()):
                continue  # `MAD` is an acronym too; `250 MAD` is money
            found.append(
                {
                    "text": text[hit.start() : hit.end()],
                    "start": hit.start(),
                    "end": hit.end(),
                    "kind": kind,
                    "owner": owner,
                }
            )
    for hit in terms.hosts.finditer(text):
        start = hit.start()
        if not _HOST.search(text, max(0, start - 64), start):
            continue  # a dot ending a sentence, not a host name
        found.append(
            {
                "text": text[start : hit.end()],
                "start": start,
                "end": hit.end(),
                "kind": "tld",
                "owner": terms.tlds[hit["tld"]],
            }
        )
    for hit in terms.phones.finditer(text):
        found.append(
            {
                "text": hit.group(),
                "start": hit.start(),
                "end": hit.end(),
                "kind": "phone",
                "owner": terms.prefixes[hit["cc"]],
            }
        )
    for pattern, country in terms.postcodes:
        for hit in pattern.finditer(text):
            found.append(
                {"text": hit.group(), "start": hit.start(), "end": hit.end(), "kind": "postcode", "owner": country}
            )
    found.sort(key=lambda e: (e["start"], e["end"]))
    return found


def detect_locale(text: str) -> dict:
    """`{"country", "zone", "evidence"}` of a document: its ISO country (or None) and the evidence for it."""
    terms = _terms()
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    found = evidence(text)
    for item in found:
        key = (item["owner"], _key(item["text"]).lower())
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > terms.max_repeats:
            continue  # a name repeated all along (`France 2030`) says no more than a few mentions
        weight = terms.weights.get(item["kind"], 1)
        scores[item["owner"]] = scores.get(item["owner"], 0) + weight
        first.setdefault(item["owner"], item["start"])
    countries = {owner: score for owner, score in scores.items() if owner not in terms.zones}
    country = None
    if countries:
        best = max(countries, key=lambda c: (countries[c], -first[c]))
        country = best if countries[best] >= terms.min_score else None
    zone = terms.zone_of.get(country) if country else None
    if country is None:
        zones = {owner: score for owner, score in scores.items() if owner in terms.zones}
        zone = max(zones, key=lambda z: (zones[z], -first[z])) if zones else None
    owners = {country, zone} - {None}
    kept, seen = [], set()
    for item in found:
        key = (item["text"], item["kind"])
        if item["owner"] in owners and key not in seen and len(kept) < _MAX_EVIDENCE:
            seen.add(key)
            kept.append({k: v for k, v in item.items() if k != "owner"})
    return {"country": country, "zone": zone, "evidence": kept}


def zone_of(country: str | None) -> str | None:
    """The monetary union (`UEMOA`, `CEMAC`) of a country, if any."""
    return _terms().zone_of.get(country) if country else None


def countries_named(text: str, start: int, end: int) -> set[str]:
    """Countries that `text[start:end]` names, by name, adjective or institution (`du gouvernement américain`)."""
    terms = _terms()
    named = set()
    for hit in terms.regex.finditer(text, start, end):
        named.update(owner for owner, kind in terms.owners[_key(hit.group())] if kind in terms.local_kinds)
    return named - terms.zones
