"""Organisations: find them in a text, and give each one name per document.

`find_organisations` combines its rules, most reliable first: the
gazetteer (`pipeline/models/organisations/gazetteer.jsonl`), acronyms the text
defines (`Institut Mines-Télécom (IMT)`, `IMT (Institut Mines-Télécom)`,
a glossary line `IMT : Institut Mines-Télécom`), names recognised by their
head word (`Agence nationale de la recherche`, `Technical University of
Munich`), names introduced by a descriptor (`l'association Zorgane`),
governments named with their country (`le gouvernement du Canada`) and
company names ending in a legal form (`Siemens AG`).

`canonicalise` works on a whole document once NER and rule entities are
merged: every ORG span gets the same `canonical` as the other spans that
name the same organisation (acronyms, abbreviations in capitals, a name's
head after its full form), and the document gets its `organisations` list,
with the known organisations a longer name contains (`… du ministère de la
Défense`).

Measured on the 15 press-dev releases, document-level ORG: precision 0.70
and recall 0.66 before this package had descriptors, governments,
enumerations, glossaries and short forms (and cleanup its consistency
stage); 0.96 and 0.89 after.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from pipeline.match.base import Match
from pipeline.match.orgs.acronyms import _not_acronyms, bare_uses, find_definitions, is_acronym, letters_match
from pipeline.match.orgs.descriptors import descriptor_names
from pipeline.match.orgs.governments import government_names
from pipeline.match.orgs.names import (
    Tokens,
    display,
    first_names,
    fold,
    gazetteer,
    is_capitalised,
    key,
    one_line,
    pieces,
    quoted,
    tokenise,
)
from pipeline.match.orgs.patterns import french_names, international_names, legal_form_names
from pipeline.match.orgs.roles import acts
from pipeline.ruledata import load

GAZETTEER, ACRONYM, PATTERN = "rule:org:gazetteer", "rule:org:acronym", "rule:org:pattern"
DESCRIPTOR = "rule:org:descriptor"
# On equal spans the more reliable rule wins; a text's own acronym definition beats the gazetteer.
_RANK = {ACRONYM: 0, GAZETTEER: 1, PATTERN: 2, DESCRIPTOR: 3}

_ELIDED = re.compile(r"^(?:[lLdD]['’]\s*|(?:la|le|les|du|des|de)\s+)")
_TRAILING_ACRONYM = re.compile(r"\s*\(\s*([^()]{2,30}?)\s*\)$")


def find_organisations(text: str) -> list[Match]:
    """ORG matches in `text`: sorted, non-overlapping, each with `value={"canonical": …}`."""
    toks = tokenise(text)
    names = _select(_known_and_shaped(toks))
    definitions = find_definitions(toks, [(m.start, m.end) for m in names])
    by_span = {(m.start, m.end): m for m in names}
    acronyms: list[Match] = []
    meaning: dict[str, str] = {}
    for d in definitions:
        long = by_span.get(d.long_span)
        own = long.value["canonical"] if long else display(text[d.long_span[0] : d.long_span[1]])
        # A second definition of the same acronym (`… de l'IA (INESIA)`) names the same organisation.
        canonical = meaning.setdefault(d.acronym, own)
        if long is None or canonical != own:
            acronyms.append(Match("ORG", *d.long_span, {"canonical": canonical}, ACRONYM))
    for acronym, canonical in meaning.items():
        acronyms += [Match("ORG", s, e, {"canonical": canonical}, ACRONYM) for s, e in bare_uses(text, acronym)]
    return _select(acronyms + names)


def _known_and_shaped(toks: Tokens) -> list[Match]:
    """Gazetteer, head-word and legal-form names, overlapping."""
    text, gaz, given = toks.text, gazetteer(), first_names()
    found = []
    known_ends = {}  # first word of a gazetteer name → its end
    for i, j, entry in gaz.find(toks):
        known_ends[i] = j
        # `Martin Bouygues` is a person: a one-word company name right after a given name is a surname.
        if j - i == 1 and i and toks.gaps[i - 1] == "space" and toks.word(i - 1) in given:
            continue
        if entry.kind == "media" and quoted(text, toks.spans[i][0], toks.spans[j - 1][1]):
            continue  # `« Le Monde »`: a publication cited as a source, not an organisation acting
        found.append(_match(toks, i, j, entry.canonical, GAZETTEER))
        if (end := _subsidiary_end(toks, j)) > j:  # `Orange Côte d'Ivoire`, `Greenpeace Suisse`
            found.append(_match(toks, i, end, display(text[toks.spans[i][0] : toks.spans[end - 1][1]]), PATTERN))
    for rule, source in ((french_names, PATTERN), (international_names, PATTERN), (descriptor_names, DESCRIPTOR)):
        for i, j in rule(toks):
            if j - i > 2 and _own_acronym(toks, i, j):
                j -= 1  # `Office fédéral de l'environnement OFEV`: the name, then its acronym without brackets
            tail = range(known_ends[i], j) if i in known_ends else range(0)
            if tail and toks.lows[tail[0]] in _TAIL_CONNECTORS and not any(is_capitalised(toks.word(k)) for k in tail):
                continue  # `Cour des comptes sur les achats …`: a known name, then the sentence in lower case
            surface = text[toks.spans[i][0] : toks.spans[j - 1][1]]
            entry = gaz.lookup(surface)
            if source == DESCRIPTOR and not entry and _programme(surface):
                continue  # `le fonds d'investissement France 2030`: a programme's name, whatever introduces it
            found.append(_match(toks, i, j, entry.canonical if entry else display(surface), source))
    for i, j in _acronym_branches(toks):  # `MTN Bénin`, `ZTL Côte d'Ivoire`
        found.append(_match(toks, i, j, display(text[toks.spans[i][0] : toks.spans[j - 1][1]]), PATTERN))
    for start, end, canonical in government_names(text):
        found.append(Match("ORG", start, end, {"canonical": canonical}, PATTERN))
    for start, end, name_end in legal_form_names(toks):
        entry = gaz.lookup(text[start:name_end])
        canonical = entry.canonical if entry else display(text[start:name_end])
        found.append(Match("ORG", start, end, {"canonical": canonical}, PATTERN))
    return found


# After a known name, these open the sentence's own complement (`Cour des comptes sur les achats …`), whereas
# an adjective still belongs to the name (`… et de la Recherche scientifique`).
_TAIL_CONNECTORS = frozenset(["sur", "pour", "de", "du", "des", "d", "à", "au", "aux", "en", "dans", "avec", "contre"])


def _own_acronym(toks: Tokens, i: int, j: int) -> bool:
    """Is the last word of the name at words [i, j) its own acronym (`… de l'environnement OFEV`)?"""
    last = toks.word(j - 1)
    if not (is_acronym(last) and last.isupper() and toks.gaps[j - 2] == "space"):
        return False
    return letters_match(last, toks.text[toks.spans[i][0] : toks.spans[j - 2][1]])


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(key(p) for p in load("ner/places.json")["places"])


@lru_cache(maxsize=1)
def _nationalities() -> frozenset[str]:
    return frozenset(key(w) for w in load("organisations/name_grammar.json")["nationalities"])


def _acronym_branches(toks: Tokens) -> list[tuple[int, int]]:
    """A company's acronym and the country or city of its branch, on one line (`MTN Bénin`, `ZTL Côte d'Ivoire`):
    word spans. Not an acronym that is a place or an ordinary word itself (`RDC Congo`, `OK Paris`), nor one
    after another capitalised word (`Groupe ZTL Bénin` is the head-word rule's)."""
    found = []
    for i in range(len(toks) - 1):
        word = toks.word(i)
        if not (word.isupper() and is_acronym(word) and 2 <= len(word) <= 6) or word in _not_acronyms():
            continue
        if i and toks.gaps[i - 1] == "space" and is_capitalised(toks.word(i - 1)):
            continue
        end = _subsidiary_end(toks, i + 1, adjective=False)  # `la communauté PHP française` is no branch
        span = toks.spans[i][0], toks.spans[end - 1][1]
        goes_on = end < len(toks) and toks.gaps[end - 1] == "space" and _goes_on(toks.word(end))
        if end > i + 1 and not (goes_on and not acts(toks.text, *span)):
            found.append((i, end))  # not `APF France handicap`: a name that goes on in lower case
    return found


_SENTENCE_WORDS = frozenset(
    ["et", "ou", "a", "ont", "est", "sont", "qui", "que", "de", "du", "des", "à", "au", "aux"]
    + ["en", "pour", "avec", "sur", "dans", "par", "le", "la", "les"]
)


def _goes_on(word: str) -> bool:
    """Does the name go on with this word (`APF France handicap`, `CCI Lyon Métropole`)?"""
    return word[:1].isupper() or (word[:1].islower() and word not in _SENTENCE_WORDS)


def _subsidiary_end(toks: Tokens, j: int, adjective: bool = True) -> int:
    """The end of a country or city right after a known organisation's name, on its line, or of an adjective of
    country: a national branch or subsidiary is named so (`Orange Côte d'Ivoire`, `Greenpeace Suisse`,
    `Zorgsoft Lyon`, `Croix-Rouge haïtienne`); else `j`."""
    if j >= len(toks) or j == 0 or toks.text[toks.spans[j - 1][1] : toks.spans[j][0]] not in (" ", "\u00a0"):
        return j
    if adjective and toks.word(j)[:1].islower() and toks.keys[j] in _nationalities():
        return j + 1  # `Croix-Rouge haïtienne`, `Caritas suisse`
    if not toks.word(j)[:1].isupper():
        return j
    for size in (3, 2, 1):
        words = range(j, min(j + size, len(toks)))
        one_line = len(words) == size and all(toks.gaps[k] != "break" for k in words[:-1])
        if one_line and " ".join(toks.keys[j : j + size]) in _places():
            return j + size
    return j


@lru_cache(maxsize=1)
def _programmes() -> frozenset[str]:
    return frozenset(key(n) for n in load("organisations/not_organisations.json")["names"])


def _programme(surface: str) -> bool:
    """A well-known programme, plan or event (`France 2030`), or a name ending in a year (`Paris 2024`)."""
    return key(surface) in _programmes() or bool(re.search(r"\b(?:19|20)\d\d$", surface))


def _match(toks: Tokens, i: int, j: int, canonical: str, source: str) -> Match:
    return Match("ORG", toks.spans[i][0], toks.spans[j - 1][1], {"canonical": canonical}, source)


def _select(matches: list[Match]) -> list[Match]:
    """Longest first, then the more reliable rule; no overlaps; sorted by position.

    The spans kept so far are disjoint, so they are kept sorted and a candidate is compared with its two
    neighbours only (comparing it with every kept span made this quadratic: 250 k comparisons for the
    16 seed and press-dev texts). An empty span, which the rules do not make, would not be disjoint from
    the others: with one, every kept span is compared, as before.
    """
    ranked = sorted(matches, key=lambda m: (m.start - m.end, _RANK.get(m.source, 3), m.start))
    kept: list[Match] = []
    if any(m.end <= m.start for m in matches):
        taken: list[tuple[int, int]] = []
        for m in ranked:
            if all(m.end <= s or m.start >= e for s, e in taken):
                kept.append(m)
                taken.append((m.start, m.end))
        return sorted(kept, key=lambda m: m.start)
    starts: list[int] = []
    ends: list[int] = []
    for m in ranked:
        i = bisect.bisect_right(starts, m.start)
        if (i and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def canonicalise(text: str, orgs: list[Match]) -> tuple[list[Match], list[dict]]:
    """Give every ORG span of a document its canonical name, and list the document's organisations.

    `orgs` are all the document's ORG spans (rules and NER, not overlapping,
    offsets into `text`). An acronym defined anywhere in the document
    (`Institut Mines–Télécom (IMT)`) links the acronym and every form of the
    long name; gazetteer names get the gazetteer's canonical name; other
    spans that differ only in case, accents, dashes, apostrophes, an elided
    article or a legal form are one organisation under the first form met.
    Returns the spans in order, with `value={"canonical": …}`, and
    `[{"canonical", "aliases", "mentions"}]` ordered by first mention.
    """
    orgs = sorted(orgs, key=lambda m: (m.start, m.end))
    by_acronym, by_long = _document_acronyms(text, orgs)
    by_key: dict[str, str] = {}
    out = []
    for m in orgs:
        name = _strip(text[m.start : m.end])
        canonical = by_acronym.get(name) or by_long.get(key(name)) or _known(name, m)
        canonical = by_key.setdefault(_identity(canonical), canonical)
        out.append(Match(m.label, m.start, m.end, {**(m.value or {}), "canonical": canonical}, m.source))
    same = _short_forms([m.value["canonical"] for m in out])
    out = [
        Match(
            m.label,
            m.start,
            m.end,
            {**m.value, "canonical": same.get(m.value["canonical"], m.value["canonical"])},
            m.source,
        )
        for m in out
    ]
    return out, _organisation_list(text, out)


def _short_forms(canonicals: list[str]) -> dict[str, str]:
    """Short forms of the document's longer names, mapped to them (in order of first mention).

    - an abbreviation in capitals for some of the words (`Airbus DS` for
      `Airbus Defence and Space`, `AURA Entreprises` for
      `Auvergne-Rhône-Alpes Entreprises`): the capitals are the beginnings
      of those words, each giving at least its first letter (`Université
      PSL` does not abbreviate `Université Paris-Saclay`);
    - the same name without its last words, after the full name
      (`Crédit Zorgien` after `Crédit Zorgien Centre-Est`): at least two
      words, and the full name came first, so `Inria` before `Inria Paris`
      stays Inria.
    """
    order = list(dict.fromkeys(canonicals))
    words = {c: pieces(c) for c in order}
    folded = {c: [fold(w) for w in ws] for c, ws in words.items()}
    rank = {c: i for i, c in enumerate(order)}
    # Only names that share their first or their last word can be short and long forms of each other.
    by_end: dict[str, list[str]] = {}
    for c in order:
        if folded[c]:
            for w in {folded[c][0], folded[c][-1]}:
                by_end.setdefault(w, []).append(c)
    mapped: dict[str, str] = {}
    for short in order:
        if len(words[short]) < 2:
            continue
        candidates = by_end.get(folded[short][0], []) + by_end.get(folded[short][-1], [])
        for long in sorted(set(candidates), key=rank.__getitem__):
            if long == short or long in mapped or len(words[long]) <= len(words[short]):
                continue
            if _abbreviates(words[short], words[long]) or (
                rank[long] < rank[short] and folded[long][: len(folded[short])] == folded[short]
            ):
                mapped[short] = long
                break
    return mapped


def _prefix(short: list[str], long: list[str]) -> bool:
    return [fold(w) for w in short] == [fold(w) for w in long[: len(short)]]


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Is one word of `short` in capitals the abbreviation of the words of `long` in its place, the rest equal?"""
    caps = [i for i, w in enumerate(short) if len(w) >= 2 and w.isupper()]
    if len(caps) != 1 or len(short) < 2:
        return False
    i = caps[0]
    before, after = short[:i], short[i + 1 :]
    if not _prefix(before, long) or (after and [fold(w) for w in after] != [fold(w) for w in long[-len(after) :]]):
        return False
    middle = [fold(w) for w in long[len(before) : len(long) - len(after)] if fold(w) not in _LINKS]
    return bool(middle) and _spelled_by_prefixes(fold(short[i]), middle)


_LINKS = frozenset(["and", "of", "the", "for", "de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "und", "&"])


def _spelled_by_prefixes(letters: str, words: list[str]) -> bool:
    """Is `letters` the beginnings of `words`, each word giving at least its first letter, in order?
    (`ds` = `defence` `space`; `aura` = `auvergne` `rhone` `alpes`; not `psl` = `paris` `saclay`.)"""
    if not words:
        return not letters
    word = words[0]
    return any(
        letters[:n] == word[:n] and _spelled_by_prefixes(letters[n:], words[1:])
        for n in range(1, min(len(letters), len(word)) + 1)
    )


def _strip(surface: str) -> str:
    """The name in a span: single spaces, no trailing `(ACRONYM)`, no elided article unless part of the name."""
    surface = _TRAILING_ACRONYM.sub("", " ".join(surface.split()))
    bare = _ELIDED.sub("", surface)
    return bare if bare and not gazetteer().lookup(surface, strict=False) else surface


def _document_acronyms(text: str, orgs: list[Match]) -> tuple[dict[str, str], dict[str, str]]:
    """The document's acronym definitions: acronym → canonical, and long-form key → canonical.

    Read from every `Name (ACR)` in the document (the bracket inside the span
    or right after it) and from the links the acronym rule already made.
    """
    by_acronym: dict[str, str] = {}
    by_long: dict[str, str] = {}
    follows = re.compile(r"\s*\(\s*([^()\n]{2,30}?)\s*\)")
    for m in orgs:
        surface = text[m.start : m.end]
        name = _strip(surface)
        if m.source == ACRONYM and len(name.split()) <= 2 and m.value and m.value.get("canonical"):
            by_acronym.setdefault(name, m.value["canonical"])
            continue
        if is_acronym(name):
            continue
        for bracket in (_TRAILING_ACRONYM.search(surface), follows.match(text, m.end)):
            if bracket and (is_acronym(bracket.group(1).split()[0]) or letters_match(bracket.group(1), name)):
                acronym = " ".join(bracket.group(1).split())
                canonical = by_acronym.setdefault(acronym, _known(name, m))
                by_long.setdefault(key(name), canonical)
    return by_acronym, by_long


def _known(name: str, m: Match) -> str:
    """The canonical name of a span: the gazetteer's, else the rule's, else the name cleaned."""
    entry = gazetteer().lookup(name, strict=False)
    if entry:
        return entry.canonical
    if m.source.startswith("rule:") and m.value and m.value.get("canonical"):
        return m.value["canonical"]
    return display(name)


@lru_cache(maxsize=1)
def _legal_forms() -> frozenset[str]:
    return frozenset(key(f) for f in load("organisations/legal_forms.json")["forms"])


def _identity(canonical: str) -> str:
    """What two canonical names must share to be one organisation: the key, legal form aside."""
    words = key(canonical).split()
    while len(words) > 1 and words[-1] in _legal_forms():
        words.pop()
    return " ".join(words)


def _organisation_list(text: str, orgs: list[Match]) -> list[dict]:
    aliases: dict[str, set[str]] = {}
    mentions: Counter[str] = Counter()
    by_identity = {_identity(m.value["canonical"]): m.value["canonical"] for m in orgs}
    for m in orgs:
        canonical = m.value["canonical"]
        aliases.setdefault(canonical, set()).add(_alias(text[m.start : m.end]))
        mentions[canonical] += 1
        for surface, inner in _nested(text[m.start : m.end]) if m.source.startswith("rule:") else ():
            inner = by_identity.setdefault(_identity(inner), inner)
            aliases.setdefault(inner, set()).add(_alias(surface))
            mentions[inner] += 1
    return [{"canonical": c, "aliases": sorted(a), "mentions": mentions[c]} for c, a in aliases.items()]


def _alias(surface: str) -> str:
    """A surface form as listed: on one line, without Markdown emphasis or link brackets (`fondation *Zorg`)."""
    return " ".join(_MARKUP.sub(" ", one_line(surface)).split())


_MARKUP = re.compile(r"[*`\[\]]")
_NESTED = re.compile(r"\s(?:du|de la|de l['’]|des|de|d['’])\s*(?=\w)", re.IGNORECASE)


def _nested(surface: str) -> list[tuple[str, str]]:
    """Known organisations named inside a longer name, as its complement (`Direction générale de l'armement
    et des essais du ministère de la Défense` names the ministry too): (surface, canonical)."""
    found = []
    for m in _NESTED.finditer(surface):
        inner = surface[m.end() :]
        entry = gazetteer().lookup(inner, strict=False)
        if entry and len(inner.split()) > 1:
            found.append((inner, entry.canonical))
            break
    return found
