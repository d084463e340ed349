"""One name, one label per document, decided from all its mentions and the evidence around them.

The statistical model labels each mention on its own: in one release it
read the same acronym as a place four times, an organisation twice and
something else twice; it labels a sponsor `MISC` and the next one `ORG`.
A reader decides once per document, from everything the text says about a
name. So does `decide_labels`, for every name (the mentions that share a
`name_key`):

1. strong evidence: the name is an organisation the rules found (gazetteer,
   acronym definition, head-word grammar, descriptor) → ORG everywhere;
2. context evidence: the name, or the list of names it stands in, follows
   words that introduce organisations (`parrainé par`, `avec le concours
   de`, `(source :`, `pipeline/models/organisations/context.json`) → ORG;
2b. role evidence: the name acts (the subject of `annonce`, `lance`,
   `organise`…) or signs the release (its `À propos de`, its e-mail domain,
   its contact block: `pipeline.match.orgs.roles`), or it is what someone
   works for or writes for (`chez`, `journalistes du`), or an item of a list
   of partners or members (`Partenaires : Zorg – Plixo`) → ORG, unless it is
   a person's or a place's name;
3. list evidence: the name stands in a list (`X, Y et Z`) with an
   organisation of kind 1 or 2 (`les opérateurs ABX, TRM et SOLAG`) → ORG,
   unless the model read it as a place (`Namur, Liège et Charleroi, ainsi
   que l'Union des villes` lists towns and a body);
4. otherwise the model's majority label over all mentions but the weak
   ones (ties go to ORG when it is among them, else to the first mention's
   label).

An acronym the text defines with a lower-case long form that names no
organisation (`le schéma directeur des pistes cyclables (SDPC)`) is MISC.
A person's name (given name first) and a place (`pipeline/models/ner/places.json`)
never become organisations by evidence 2 or 3. Mentions the cleanup kept
only as candidates (`weak`: an ALL-CAPS common word such as `BOUSSOLE`, a
phrase of common words such as `Vent Marin`) survive only with evidence
1 to 3. A name in a list of people with no organisation among them is not
an organisation because one mention says so (a nickname among nicknames).

Measured on the 15 press-dev releases (document-level organisations, with
the rules of `match/orgs/` in place): this stage takes ORG precision from
0.92 to 0.96 and recall from 0.81 to 0.89; evidence 2 and 3 recover
sponsors and sources the model labelled MISC or LOC, and the vote and the
list rule remove names the model called ORG once among other labels.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache

from pipeline.match.base import Match
from pipeline.match.orgs import (
    Signatures,
    acts,
    concept_acronyms,
    fold,
    known_organisation,
    name_key,
    organisation_kind,
    related,
)
from pipeline.ruledata import load

LABELS = ("PER", "ORG", "LOC", "MISC")
# What separates the names of a list on one line: `,`, `et`, `ou`, `&`, `/`, with an article or `de` after.
_SEPARATOR = re.compile(
    r"(?:[ \t\u00a0\u202f]*\([^()\n]{1,40}\))?"  # `Zorg (compagnie aérienne), Plix (presse), et …`
    r"[ \t\u00a0\u202f]*(?:,[ \t\u00a0\u202f]*(?:et|ou|mais aussi|ainsi que)?"
    r"|;|/|&|\bet\b|\bou\b|\band\b|\bainsi que\b)"
    r"[ \t\u00a0\u202f]*(?:(?:de la|de l['’]|du|des|de|d['’]|la|le|les|l['’]|aux|à)[ \t\u00a0\u202f]*)?",
    re.IGNORECASE,
)
_ARTICLE_END = re.compile(r"(?:\s|^)(?:de la|de l'|du|des|de|d'|la|le|les|l'|aux|au)\s*$")
_CONTEXT_WINDOW = 60


@cache
def _context_phrases() -> tuple[str, ...]:
    """The context phrases folded, without the article or `de` they end with (`avec le concours de` →
    `avec le concours`), since the text's article is taken off before comparing."""
    phrases = (" " + " ".join(fold(p).replace("’", "'").split()) for p in load("organisations/context.json")["before"])
    return tuple(sorted({_ARTICLE_END.sub("", p).strip() for p in phrases}))


@cache
def _people_and_places() -> tuple[frozenset[str], frozenset[str]]:
    return (
        frozenset(load("ner/first_names.json")["names"]),
        frozenset(name_key(p) for p in load("ner/places.json")["places"]),
    )


def decide_labels(
    text: str,
    ents: list[Match],
    orgs: list[Match],
    weak: frozenset[tuple[int, int]] = frozenset(),
    signed: Signatures | None = None,
) -> list[Match]:
    """`ents` (sorted, not overlapping) with one label per name; weak mentions without evidence dropped."""
    # Mentions inside or across a rule organisation give way to it (`overlaps`): they take no part here.
    covered = _Covered([(m.start, m.end) for m in orgs])
    named = [e for e in ents if e.label in LABELS and not covered.overlaps_other(e.start, e.end)]
    others = [e for e in ents if e.label not in LABELS or covered.overlaps_other(e.start, e.end)]
    rule_keys = {name_key(text[m.start : m.end]) for m in orgs} | {
        name_key(m.value["canonical"]) for m in orgs if m.value and m.value.get("canonical")
    }
    named = _split_introduced_lists(text, _drop_surname_parts(text, named))
    strong = [_strong(text, e, rule_keys) for e in named]
    chains = _chains(text, named)
    context = [False] * len(named)
    for chain in chains:
        if _introduced(text, named[chain[0]].start) or related(text, named[chain[0]].start):
            for i in chain:
                context[i] = True
    described = [_described_after(text, e.end) for e in named]
    items = {start for start, _ in signed.listed} if signed else set()  # `Partenaires : Zorg – Plixo`
    role = [
        (_role(text, e, signed) and _not_a_person(text, e, named))
        or (
            (_affiliated(text, e, named) or related(text, e.start) or e.start in items)
            and _not_a_person(text, e, named, affiliated=True)
        )
        for e in named
    ]
    listed = [False] * len(named)
    for chain in chains:
        if len(chain) > 1 and any(strong[i] or context[i] or described[i] for i in chain):
            for i in chain:
                listed[i] = True
    evidence = [
        strong[i]
        or role[i]
        or ((context[i] or described[i]) and _may_be_organisation(text, e))
        or (
            listed[i]
            and e.label != "LOC"
            and _may_be_organisation(text, e)
            and not common_phrase(text[e.start : e.end])
        )
        for i, e in enumerate(named)
    ]
    labels = _votes(text, named, chains, evidence)
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(named):
        groups.setdefault(name_key(text[e.start : e.end]), []).append(i)
    out = list(others)
    _, places = _people_and_places()
    concepts = {name_key(a) for a in concept_acronyms(text)}
    for k, indices in groups.items():
        if k in places:  # `Paris`: a place, except where a rule found an organisation of that name
            out += [Match("ORG" if strong[i] else named[i].label, *_span(named[i])) for i in indices]
            continue
        voters = [i for i in indices if (named[i].start, named[i].end) not in weak] or indices
        if k in concepts and not any(strong[i] for i in indices):
            label, proven = "MISC", False  # `schéma directeur des pistes cyclables (SDPC)`: a plan
        elif not any(strong[i] for i in indices) and any(_titled_after(text, named[i]) for i in indices):
            label, proven = "PER", False  # `Aiyana Redcloud, porte-parole de …` somewhere in the release
        elif any(evidence[i] for i in indices):
            label, proven = "ORG", True
        else:
            label, proven = _majority([labels[i] for i in voters]), False
        for i in indices:
            e = named[i]
            if (e.start, e.end) in weak and not (proven and label == "ORG"):
                continue
            out.append(Match(label, e.start, e.end, e.value, e.source))
    return sorted(out, key=lambda m: (m.start, m.end))


class _Covered:
    """The rule organisations' spans, sorted, to test a mention against its neighbours only."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def overlaps_other(self, start: int, end: int) -> bool:
        """Does a rule span other than exactly (start, end) overlap it?"""
        i = bisect.bisect_left(self.starts, end)
        return any(e > start and (s, e) != (start, end) for s, e in self.spans[max(0, i - 8) : i])


def _span(e: Match) -> tuple:
    return e.start, e.end, e.value, e.source


@cache
def _common_words() -> frozenset[str]:
    return frozenset(fold(w) for w in load("ner/common_words.json")["words"])


def common_phrase(surface: str) -> bool:
    """Only ordinary words (`Etats-membres`, `Intelligence Artificielle`): a list makes no organisation of it."""
    words = [fold(w) for w in re.findall(r"[^\W\d_][\w\-]*", surface)]
    content = [w for w in words if w not in _FUNCTION]
    return bool(content) and all(w in _common_words() for w in content)


_FUNCTION = frozenset(["de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "pour", "a", "au", "aux", "sur"])


def _drop_surname_parts(text: str, named: list[Match]) -> list[Match]:
    """`Lucie MARTEL de VERNAY`: a word in capitals right after a person whose surname is in capitals is the
    rest of that person's name, whatever the model labelled it."""
    out: list[Match] = []
    for e in named:
        prev = out[-1] if out else None
        surface = text[e.start : e.end]
        if (
            prev is not None
            and prev.label == "PER"
            and e.label != "PER"
            and surface.isupper()
            and " " not in surface
            and text[prev.start : prev.end].split()[-1].isupper()
            and _PARTICLE.fullmatch(text, prev.end, e.start)
        ):
            continue
        out.append(e)
    return out


_PARTICLE = re.compile(r"[ \t\u00a0]+(?:(?:de|du|des|d['’]|von|van|le|la)[ \t\u00a0]*)?", re.IGNORECASE)
_IN_LIST = re.compile(
    r"(?:,[ \t\u00a0]*|[ \t\u00a0]+(?:et|ou)[ \t\u00a0]+)"
    r"(?:(?:de[ \t\u00a0]+la|de[ \t\u00a0]+l['’]|du|des|de|d['’]|la|le|les|l['’])[ \t\u00a0]*)?"
)


def _split_introduced_lists(text: str, named: list[Match]) -> list[Match]:
    """Cut a mention that holds several names at `,` and `et` when words that introduce organisations come
    before its list (`Sponsorisé par Zorgsoft, Plixo et Fantoune`: the model's `Plixo et Fantoune` is two names)."""
    out: list[Match] = []
    for chain in _chains(text, named):
        if not (_introduced(text, named[chain[0]].start) or related(text, named[chain[0]].start)):
            out += [named[i] for i in chain]
            continue
        for i in chain:
            e = named[i]
            at = e.start
            for sep in [*(x for x in _IN_LIST.finditer(text, e.start, e.end) if _splits(text, e.start, x)), None]:
                end = sep.start() if sep else e.end
                if end > at and text[at:end].strip():
                    out.append(Match(e.label, at, end, e.value, e.source))
                at = sep.end() if sep else at
    return out


def _splits(text: str, start: int, sep: re.Match) -> bool:
    """Does this `,` or `et` separate two names? Not in `Pêches et Océans Canada`, where a lone common word
    comes before `et` and a capital right after it (`du Soir et de la Gazette` is two names, and so, wrongly,
    is `Compagnons du Devoir et du Tour de France`: lists of bodies are the more common)."""
    before = text[start : sep.start()].split()
    lone_word = len(before) == 1 and fold(before[0]) in _common_words()
    return not (lone_word and sep.group().strip() == "et")


@cache
def _descriptor_words() -> tuple[str, ...]:
    data = load("organisations/descriptors.json")
    return tuple(fold(w) for w in data["singular"] + data["plural"])


_BRACKET_AFTER = re.compile(r"[ \t\u00a0]*\(([^()\n]{2,40})\)")
# `Africalia, l'ONG belge de …`, `Plixo, une start-up nantaise,`: the name, then what it is, in apposition.
_APPOSITION_AFTER = re.compile(
    r"[ \t\u00a0]*,[ \t\u00a0]*(?:l['’]|(?:la|le|une?|cette|ce|cet)[ \t\u00a0]+)"
    r"([^,;.()\n]{2,40})",
    re.IGNORECASE,
)


def _described_after(text: str, end: int) -> bool:
    """Is the name followed by what it is, in brackets (`Zorg (compagnie aérienne)`, `Plix (start-up)`) or in
    apposition (`Africalia, l'ONG belge de coopération culturelle`, `Plixo, une start-up nantaise`)?"""
    m = _BRACKET_AFTER.match(text, end) or _APPOSITION_AFTER.match(text, end)
    if not m:
        return False
    words = fold(m.group(1)).replace("’", "'").split()
    return bool(words) and any(" ".join(words[: len(d.split())]) == d for d in _descriptor_words())


def _strong(text: str, e: Match, rule_keys: set[str]) -> bool:
    """Found by the rules or known to the gazetteer; a known publication quoted as a source is neither."""
    surface = text[e.start : e.end]
    if e.label == "MISC" and organisation_kind(surface) == "media":
        return False  # `« Le Monde »`: cleanup made it a publication
    return name_key(surface) in rule_keys or known_organisation(surface) is not None


def _role(text: str, e: Match, signed: Signatures | None) -> bool:
    """Does the name act (`Kivu Solaire annonce`) or sign the release (`À propos de Kivu Solaire`, its
    e-mail domain, its contact block)? A place the model read as such only hosts (`la Grand-Place accueille`)."""
    if e.label == "LOC" and "accueil" in text[e.end : e.end + 40]:
        return False
    return acts(text, e.start, e.end) or (signed is not None and signed.signs(text[e.start : e.end], e.start))


def _affiliated(text: str, e: Match, named: list[Match]) -> bool:
    """Is the name what a person or a function belongs to (`Tristan Nitot de CozyCloud`, `co-fondateur de
    Gandi`, `Awa Diop, directrice de Plixo`)? Places after `de` are ruled out by `_not_a_person`."""
    before = text[max(0, e.start - 60) : e.start]
    m = _OF_END.search(before)
    if not m:
        return False
    head_end = e.start - len(before) + m.start()
    if any(p.label == "PER" and p.end == head_end for p in named):
        return True
    return bool(_ROLE_END.search(text, max(0, head_end - 40), head_end))


_OF_END = re.compile(r"[ \t\u00a0]+(?:de[ \t\u00a0]+la|de[ \t\u00a0]+l['’]|du|des|de|d['’])[ \t\u00a0]*$")
_ROLE_END = re.compile(
    r"\b(?:co-?fondat(?:eur|rice)|fondat(?:eur|rice)|président(?:e)?|directeur|directrice|porte-parole|"
    r"responsable|délégué(?:e)?|secrétaire|membre|salariée?|ingénieure?|chercheuse|chercheur|"
    r"juriste|avocate?|coordinat(?:eur|rice)|animat(?:eur|rice)|représentante?|administrat(?:eur|rice)|"
    r"trésorière?|trésorier|PDG|DG|CEO|CTO)(?:[ \t\u00a0]+(?:général|générale|exécutif|exécutive|adjoint|adjointe))?$",
    re.IGNORECASE,
)


def _not_a_person(text: str, e: Match, named: list[Match], affiliated: bool = False) -> bool:
    """No evidence that an acting name is a person's or a place's. The model's PER alone is not such evidence: it reads
    two capitalised words (`Kivu Solaire`) as a person. Evidence is a given name first (`Paul Durand`), a
    title or civility before a mention (`Mme Rakoto`, `la présidente Awa Diallo`), or the last word used alone
    elsewhere, as a person is named again by surname (`Rakotomalala a ajouté`); and a name the model read as a
    person's needs an ordinary word in it: organisations without a head word are named with words (`Kivu
    Solaire`, `Jasmin Vert`), people with names (`Moussa Traoré`). Places are never actors."""
    given, places = _people_and_places()
    surface = text[e.start : e.end]
    words = re.findall(r"[^\W\d_][\w'’-]*", surface)
    if not words or name_key(surface) in places or words[0] in given or _PERSON_ROLE_AFTER.match(text, e.end):
        return False  # `Aiyana Redcloud, porte-parole de la coalition`: a person
    if e.label == "LOC":
        # The model's LOC alone is no more evidence than its PER (`Nakhla remporte`): a place is named after
        # `à`, `en`, `dans`… somewhere in the release (`Dakar accueille … à Dakar`).
        mentions = re.finditer(re.escape(surface), text)
        return not any(
            _LOCATIVE.search(text, max(0, m.start() - 14), m.start()) and not related(text, m.start()) for m in mentions
        )
    if e.label != "PER" or (affiliated and len(words) == 1):
        return True  # `cofondateur de Gandi`: one word a function belongs to
    if len(words) > 1 and name_key(words[-1]) in places:
        return True  # `Solaria Ghana`, `Qualitest Benelux`: a company's branch, not a surname
    if not any(fold(w) in _common_words() and w not in given for w in words):
        return False  # `Moussa Traoré`: a person's name is made of names; `Kivu Solaire`, `Jasmin Vert` of words
    if _TITLED.search(text[max(0, e.start - 30) : e.start]):
        return False
    if len(words) > 1:
        alone = re.compile(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])")
        whole = [m.start() for m in re.finditer(re.escape(surface), text)]
        if any(not any(w <= m.start() < w + len(surface) for w in whole) for m in alone.finditer(text)):
            return False
    return True


# A person's function in apposition (`Ngozi Adeyemi, secrétaire générale du …`): organisations are described
# otherwise (`Plixo, leader du marché`, `Kivu Solaire, membre du réseau`).
_PERSON_ROLE_AFTER = re.compile(
    r"[ \t\u00a0]*,[ \t\u00a0]*(?:(?:la|le|sa|son|notre|leur|ancienne?|nouvelle?|nouvel)[ \t\u00a0]+)?"
    r"(?:co-?fondat(?:eur|rice)|fondat(?:eur|rice)|(?:vice-)?président(?:e)?|directeur|directrice|porte-parole|"
    r"secrétaire|ministre|maire|députée?|sénat(?:eur|rice)|PDG|chercheuse|chercheur|ingénieure?|professeure?|"
    r"conseill(?:er|ère)|cheffe?|coordinat(?:eur|rice)|déléguée?|avocate?|trésorière?|trésorier|"
    r"administrat(?:eur|rice)|économiste|commissaire|gouverneure?|journaliste|rédact(?:eur|rice))\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"(?:\b(?:à|au|aux|en|dans|depuis|vers|près de|via|sur)|\bville de|\bcommune de)[ \t\u00a0]+$", re.IGNORECASE
)
_TITLED = re.compile(
    r"(?:\b(?:M|Mme|Mmes|MM|Dr|Pr|Me)\.?|\b(?:Madame|Monsieur|Maître|Docteur|Professeur|président|présidente|"
    r"directeur|directrice|ministre|fondateur|fondatrice|maire|porte-parole|secrétaire|délégué|déléguée))"
    r"[ \t\u00a0]+(?:générale?[ \t\u00a0]+)?$",
    re.IGNORECASE,
)


def _titled_after(text: str, e: Match) -> bool:
    """A name of two words or more followed by a person's function (`Tenzin Dorje, directeur de …`)."""
    return len(text[e.start : e.end].split()) > 1 and bool(_PERSON_ROLE_AFTER.match(text, e.end))


def _may_be_organisation(text: str, e: Match) -> bool:
    """Not a person (the model's PER, or a given name first) nor a known place: context and lists may make
    it an organisation."""
    given, places = _people_and_places()
    surface = text[e.start : e.end]
    words = surface.split()
    if e.label == "PER" or name_key(surface) in places or (len(words) > 1 and words[0] in given):
        return False
    return any(c.isupper() for c in surface[:1]) or any(c.isupper() for c in surface)


def _chains(text: str, named: list[Match]) -> list[list[int]]:
    """The lists of names on one line (`Zorgsoft, Plixo et Fantoune`), as runs of indices into `named`."""
    chains: list[list[int]] = []
    for i, e in enumerate(named):
        if chains and i and _SEPARATOR.fullmatch(text, named[i - 1].end, e.start):
            chains[-1].append(i)
        else:
            chains.append([i])
    return chains


def _introduced(text: str, start: int) -> bool:
    """Do words that introduce organisations come right before `start` (`parrainée par`, `(source :`)?"""
    before = fold(text[max(0, start - _CONTEXT_WINDOW) : start]).replace("’", "'")
    before = " ".join(before.replace("«", " ").replace("“", " ").replace('"', " ").split())
    before = _ARTICLE_END.sub("", before).rstrip()
    return before.endswith(_context_phrases())


def _votes(text: str, named: list[Match], chains: list[list[int]], evidence: list[bool]) -> list[str]:
    """Each mention's label, where a list of three or more names without any organisation evidence in it
    (people, places) gives its minority ORG mentions the list's most common other label."""
    labels = [e.label for e in named]
    for chain in chains:
        if len(chain) < 3 or any(evidence[i] for i in chain):
            continue
        counts = Counter(labels[i] for i in chain)
        if counts["ORG"] * 2 >= len(chain):
            continue
        top = next(label for label, _ in counts.most_common() if label != "ORG")
        for i in chain:
            if labels[i] == "ORG":
                labels[i] = top
    return labels


def _majority(labels: list[str]) -> str:
    """The label most mentions have; on a tie, ORG if it is one of them (a name the model called an
    organisation as often as anything else is listed), else the first mention's label."""
    counts = Counter(labels)
    best = max(counts.values())
    tied = [label for label, n in counts.items() if n == best]
    if len(tied) == 1:
        return tied[0]
    if "ORG" in tied:
        return "ORG"
    return next(label for label in labels if label in tied)
