"""Clean the statistical model's entities before they reach a record.

`fr_core_news_md` finds most names but, on press releases, also returns
boilerplate and fragments: an e-mail address or a heading as an
organisation, a sentence-initial verb (`Renforcer`) as a person, `Inria`
as a place, `la France` with its article, `Jean Zay` (a supercomputer) as
a person. `clean_entities` trims, splits, drops and relabels them, with its
word lists in `models/ner/` and `models/organisations/`:

- a span is cut at hard boundaries (blank line, table cell, sentence end,
  ` - `, URL), trimmed of articles, quotes, markup and footnote marks;
- it is dropped when nothing name-like is left: boilerplate headings,
  concept abbreviations (`IA`), words whose lower-case form is a common
  French word (`common_words.json`, see `common_words_from_vectors`);
- labels follow what the rules know: a gazetteer or rule organisation is
  ORG, a country is LOC, a given name plus surname is PER, a title is
  trimmed off a person (`Chancelière Angela Merkel`);
- events, programmes and products (`sommet Adopt AI`, `plan « Osez l'IA »`,
  `supercalculateur Jean Zay`, `France 2030`) are MISC, in every mention.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.match.base import Match
from pipeline.match.orgs.matcher import find_organisations
from pipeline.match.orgs.names import fold, gazetteer, key
from pipeline.match.orgs.patterns import grammar
from pipeline.ruledata import load

# Where one entity's span really holds several things: blank lines, table cells, sentence ends,
# ` - ` separators, bold markers, and line ends that start a new list item or follow a short line.
_BOUNDARY = re.compile(
    r"\n[ \t]*\n|\t|\s[|•·]\s|\*\*|(?<=[.!?;:])\s+|\.(?=[A-ZÀ-Þ])|\s[-–—]\s|\s[-–—]$|\n"
    r"|(?:https?://|www\.)\S+|\S+@\S+"
)
_EDGE = " \t\n\u00a0\u202f\"'’‘«»“”„‚‹›()[]{}.,;:!?*#|_~`•·-–—/\\+=<>°⁰¹²³⁴⁵⁶⁷⁸⁹"
_DETERMINERS = r"le|la|les|du|des|de|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos|un|une"
_LOWER_ARTICLE = re.compile(rf"^(?:[ld]['’]\s*|(?:{_DETERMINERS})\s+)")
_UPPER_ARTICLE = re.compile(rf"^(?:[LD]['’]\s*|(?:{_DETERMINERS.title()})\s+)")
_WORDS = re.compile(r"[^\W\d_][\w\-]*|\d+")
_ORDINAL = re.compile(r"\d+(?:e|er|re|ère|ème|nde?)|[IVXLC]+(?:e|er|ème)")
_YEAR_END = re.compile(r"\b(?:19|20)\d\d$")
_SHORT_LINE = 50  # a line this short ending inside an entity is a heading, a caption or a table cell

LABELS = ("PER", "ORG", "LOC", "MISC")


@cache
def _lists():
    """The cleanup word lists, folded for comparison where case does not matter."""
    not_orgs = load("organisations/not_organisations.json")
    context = {fold(w): kind for kind, words in not_orgs["context_words"].items() for w in words}
    return {
        "common": frozenset(load("ner/common_words.json")["words"]),
        "not_entities": frozenset(load("ner/not_entities.json")["words"]),
        "headings": frozenset(key(p) for p in load("ner/headings.json")["phrases"]),
        "titles": frozenset(key(t) for t in load("ner/person_titles.json")["titles"]),
        "first_names": frozenset(load("ner/first_names.json")["names"]),
        "places": frozenset(key(p) for p in load("ner/places.json")["places"]),
        "context": context,
        "leading": frozenset(not_orgs["leading_words"]),
        "trailing": frozenset(not_orgs["trailing_words"]),
        "names": frozenset(key(n) for n in not_orgs["names"]),
    }


def clean_entities(text: str, ents: list[Match], orgs: list[Match] | None = None) -> list[Match]:
    """The NER entities of `text` that are real names, trimmed and relabelled, sorted by position.

    `orgs` are the organisation rules' matches on the same text (found here when not given):
    where the rules know an organisation, the model's label and span give way.
    """
    if orgs is None:
        orgs = find_organisations(text)
    org_spans = {(m.start, m.end) for m in orgs}
    cleaned = []
    for e in ents:
        if e.label not in LABELS:
            cleaned.append(e)
            continue
        span = _best_piece(text, e, orgs, org_spans)
        if span is None:
            continue
        start, end, label = _retitle(text, *span, e.label, org_spans)
        label = _relabel(text[start:end], label, (start, end) in org_spans)
        if label:
            cleaned.append(Match(label, start, end, e.value, e.source))
    return sorted(_not_organisations(text, cleaned, org_spans), key=lambda m: (m.start, m.end))


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a span between hard boundaries, each trimmed."""
    pieces, at = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group() == "\n":
            line_start = text.rfind("\n", 0, m.start()) + 1
            if text[m.start() - 1 : m.start()] in "-‐‑":
                continue  # a word broken at a line end (`franco-\nallemande`)
            if m.start() - line_start > _SHORT_LINE and text[m.end() : m.end() + 1] not in " \t-*•":
                continue  # a long line wrapped mid-name (PDF text), not a heading or a list item
        pieces.append((at, m.start()))
        at = m.end()
    pieces.append((at, end))
    return [t for p in pieces if (t := _trim(text, *p))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`span` without surrounding quotes, markup, footnote marks or a leading article (`la France`)."""
    while True:
        before = (start, end)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        surface = text[start:end]
        # `La France` opening a sentence loses its article; `Le Bosquel` inside one keeps it.
        article = _LOWER_ARTICLE.match(surface) or (_sentence_start(text, start) and _UPPER_ARTICLE.match(surface))
        if article and article.end() < len(surface) and not _keeps_article(surface):
            start += article.end()
        if (start, end) == before:
            return (start, end) if any(c.isalpha() for c in text[start:end]) else None


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\u00a0\u202f")
    return not before or before[-1] in '.!?:\n»"«'


def _keeps_article(surface: str) -> bool:
    """`La Poste`, `Le Mans`, `L'Oréal`: the article belongs to the name."""
    lists = _lists()
    return bool(surface[:1].isupper() and (gazetteer().lookup(surface) or key(surface) in lists["places"]))


def _best_piece(text: str, e: Match, orgs, org_spans) -> tuple[int, int] | None:
    """The part of an entity worth keeping: a known organisation for ORG, else the first real name."""
    whole = _trim(text, e.start, e.end)
    if whole and whole not in org_spans and _only_rule_orgs(text, *whole, orgs):
        return None  # `Inria - IMT`: the rules already have each organisation
    pieces = [p for p in _pieces(text, e.start, e.end) if not _is_junk(text, *p, e.label, org_spans)]
    if not pieces:
        return None
    if e.label == "ORG":
        known = [p for p in pieces if p in org_spans or gazetteer().lookup(text[p[0] : p[1]])]
        if known:
            return known[0]
    if e.label == "PER":
        people = [p for p in pieces if p not in org_spans and not gazetteer().lookup(text[p[0] : p[1]])]
        if people:
            return people[0]
    return pieces[0]


def _only_rule_orgs(text: str, start: int, end: int, orgs) -> bool:
    inside = [m for m in orgs if start <= m.start and m.end <= end]
    if len(inside) < 2:
        return False
    rest, at = [], start
    for m in inside:
        rest.append(text[at : m.start])
        at = m.end
    rest.append(text[at:end])
    return all(re.fullmatch(r"[\s\-–—/,&+]*(?:et|and|,)?[\s\-–—/,&+]*", r) for r in rest)


def _is_junk(text: str, start: int, end: int, label: str, org_spans) -> bool:
    """Nothing name-like: a heading, a concept, a number, a common word.

    A phrase of common words is junk as an organisation or a person
    (`Enseignement supérieur`, `Grandes Écoles publiques`), not as a place or
    an event (`Grand Palais`, `Sommet pour l'action sur l'IA`), nor when it
    names an event or programme by its last word (`Frugal AI Challenge`).
    """
    surface = text[start:end]
    if (start, end) in org_spans or gazetteer().lookup(surface):
        return False
    lists = _lists()
    k = key(surface)
    if surface in lists["not_entities"] or k in lists["headings"] or "@" in surface or "://" in surface:
        return True
    words = _WORDS.findall(surface)
    if not words or all(w.isdigit() for w in words) or sum(c.isalpha() for c in surface) < 2:
        return True
    if _ORDINAL.fullmatch(surface):  # `XXIe` (siècle), `IIIe` (République), `2e`: a rank, not a name
        return True
    if label == "ORG" and _bare_head(words):
        return True
    content = [w for w in words if w.lower() not in grammar().determiners and w.lower() not in grammar().connectors]
    common = [w for w in content if _is_common(w) or w.isdigit() or w in lists["not_entities"]]
    if len(content) == 1 or surface[:1].islower():
        # One word, or a phrase opening in lower case (`président de la République`): its first word decides.
        return bool(content) and (content[0] in common)
    if label not in ("ORG", "PER") or words[-1] in lists["trailing"] or words[0] in lists["leading"]:
        return False
    return len(common) == len(content) and key(surface) not in lists["places"]


def _bare_head(words: list[str]) -> bool:
    """A head word alone or with lower-case words (`l'Académie`, `Institut technologique`): a description.

    Real names of that shape (`Agence nationale de la recherche`) are in the
    gazetteer or found by the head-word rules, which are checked first.
    """
    return key(words[0]) in _french_heads() and all(w[:1].islower() for w in words[1:])


def _is_common(word: str) -> bool:
    """Is the word's lower-case form an ordinary French word rather than a name (`Renforcer`, `Serrage`)?"""
    return not word.isupper() and word.lower() in _lists()["common"] and word not in _lists()["first_names"]


def _retitle(text: str, start: int, end: int, label: str, org_spans) -> tuple[int, int, str]:
    """Take a title off a person (`Chancelière Angela Merkel`), a function off an organisation.

    `Directrice générale de l'IMT` labelled ORG is the organisation after `de`;
    `Ministre déléguée` alone is a person's function and ends up dropped.
    """
    titles = _lists()["titles"]
    words = list(re.finditer(r"[^\W\d_][\w\-]*\.?", text[start:end]))
    for n in (3, 2, 1):
        if len(words) < n or key(" ".join(w.group() for w in words[:n])) not in titles:
            continue
        rest = start + words[n - 1].end()
        if label == "PER" and len(words) > n and words[n].group()[:1].isupper():
            return start + words[n].start(), end, label
        after = re.match(r"\s*(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", text[rest:end])
        if after and rest + after.end() < end:
            trimmed = _trim(text, rest + after.end(), end)
            if trimmed:
                return trimmed[0], trimmed[1], "ORG" if trimmed in org_spans or label == "ORG" else label
        return start, end, "DROP"
    return start, end, label


def _relabel(surface: str, label: str, is_rule_org: bool) -> str | None:
    """The label the rules and word lists give this name, or None to drop it."""
    if label == "DROP" or not surface:
        return None
    lists = _lists()
    if is_rule_org or gazetteer().lookup(surface):
        return "ORG"
    if label == "ORG" and key(surface) in lists["places"]:
        return "LOC"
    words = surface.split()
    if (
        label != "PER"
        and 2 <= len(words) <= 4
        and words[0] in lists["first_names"]
        and all(w[:1].isupper() for w in words)
        and not any(key(w) in grammar().international or key(w) in _french_heads() for w in words)
    ):
        return "PER"
    return label


@cache
def _french_heads() -> frozenset[str]:
    return frozenset(grammar().french)


def _not_organisations(text: str, ents: list[Match], org_spans) -> list[Match]:
    """Events, programmes and products become MISC, and so does every other mention of the same name."""
    lists = _lists()

    def may_change(e: Match) -> bool:
        surface = text[e.start : e.end]
        known = (e.start, e.end) in org_spans or gazetteer().lookup(surface) or key(surface) in lists["places"]
        return e.label in ("ORG", "PER", "LOC") and not known

    misc_keys = {key(text[e.start : e.end]) for e in ents if may_change(e) and _is_event_or_product(text, e)}
    return [
        Match("MISC", e.start, e.end, e.value, e.source)
        if may_change(e) and key(text[e.start : e.end]) in misc_keys
        else e
        for e in ents
    ]


def _is_event_or_product(text: str, e: Match) -> bool:
    """`France 2030`, `Plan Convergence IA`, `AI Impact Summit`, `supercalculateur Jean Zay`.

    A person's name is only a product's by its context (`supercalculateur
    Jean Zay`): `la mission Villani` is still Cédric Villani.
    """
    lists = _lists()
    surface = text[e.start : e.end]
    words = surface.split()
    context = _context_word(text, e.start)
    if e.label == "PER":
        return context is not None and lists["context"][context] == "product"
    if key(surface) in lists["names"] or _YEAR_END.search(surface):
        return True
    if words[0] in lists["leading"] or (len(words) > 1 and words[-1] in lists["trailing"]):
        return True
    return context is not None


def _context_word(text: str, start: int) -> str | None:
    """The event, programme or product word just before a name (`sommet`, `plan national «`), if any."""
    context = _lists()["context"]
    # Punctuation and line ends are kept as tokens: the context word must be in the same phrase.
    before = re.findall(r"[\w'’\-]+|[«“\"]|[^\w\s«“\"]|\n", text[max(0, start - 80) : start])
    skipped = 0
    while before and skipped <= 2:
        word = before.pop()
        if word in '«“"':
            continue
        if not (word[:1].isalnum()):
            return None
        folded = fold(word)
        two = fold(before[-1]) + " " + folded if before else ""
        if two in context:
            return two
        if folded in context:
            return folded
        if not (word[:1].islower() and grammar().is_adjective(folded)):
            return None
        skipped += 1
    return None


def common_words_from_vectors(vocab, top: int = 50_000, rare: int = 150_000, ratio: float = 1.5) -> list[str]:
    """Lower-case words that French text writes in lower case far more often than capitalised.

    The keys of `fr_core_news_md`'s vector table are stored by frequency,
    so a word's position is its frequency rank. A word is common when,
    among the `top` most frequent, its lower-case form ranks `ratio` times
    better than its capitalised form (`renforcer` 2 900th, `Renforcer`
    36 394th; but `paris` 3 020th, `Paris` 200th), or when it has no
    capitalised form at all and is among the `rare` most frequent.
    Measured on 60 names and 70 sentence-initial common words of press
    releases: no name is listed; `Bravo`, `Sommaire`, `Fraternité` are
    missed (their capitalised forms are frequent).
    """
    strings, rank = vocab.strings, {}
    for i, k in enumerate(vocab.vectors.key2row):
        rank.setdefault(strings[k], i)
    word = re.compile(r"[a-zà-öø-ÿœæ][a-zà-öø-ÿœæ'’\-]+")
    common = []
    for w, r in rank.items():
        if not word.fullmatch(w):
            continue
        capital = rank.get(w[0].upper() + w[1:])
        if (r < top and (capital is None or capital > ratio * r)) or (capital is None and r < rare):
            common.append(w)
    return sorted(common)


if __name__ == "__main__":
    # Regenerate models/ner/common_words.json: python -m pipeline.ner.cleanup
    import json

    from pipeline.ner.nlp import load_nlp
    from pipeline.ruledata import MODELS_DIR

    nlp = load_nlp(rules=False)
    doc = {
        "_doc": "Lower-case words that are ordinary French words, not names; generated from the frequency order of "
        "fr_core_news_md's vector table by pipeline/ner/cleanup.py (common_words_from_vectors).",
        "words": common_words_from_vectors(nlp.vocab),
    }
    with open(MODELS_DIR / "ner" / "common_words.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)
