"""Acronyms a text defines for its organisations: `Institut Mines-Télécom (IMT)`.

French releases name an organisation in full once, give its acronym in
brackets, then use the acronym alone. A definition links the two: the long
form, the bracketed acronym and every bare use of the acronym in the text
become one organisation, even where the gazetteer knows another meaning
of the same letters (a text's own definition wins).

The long form is the organisation name that ends right before the bracket
when there is one (gazetteer or pattern); otherwise it is found from the
acronym's letters, after Schwartz & Hearst (2003): the shortest run of
preceding words whose first word starts with the acronym's first letter
and that contains its other letters in order.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from pipeline.match.orgs.names import BREAK, Tokens, fold, key
from pipeline.match.orgs.patterns import grammar
from pipeline.ruledata import load

# `(IMT)`, `(DGFiP)`, `(AP-HP)`, `(AHK Frankreich)`: an acronym, maybe followed by one name word.
_BRACKET = re.compile(r"\(\s*([A-ZÀ-Þ][A-Za-zÀ-ÿ0-9&.\-]{1,11})(?:\s+([A-ZÀ-Þ][\w\-]{1,20}))?\s*\)")
_MAX_EXTRA_WORDS = 5


@dataclass(frozen=True)
class Definition:
    """`acronym` stands for the name at `long_span` (characters) in this text."""

    acronym: str
    long_span: tuple[int, int]
    short_span: tuple[int, int]
    from_letters: bool  # the long form was found from the letters, not as a known name


def is_acronym(s: str) -> bool:
    """Two or more capitals and few other letters: `IMT`, `DGFiP`, `AP-HP`, not `Paris`."""
    letters = [c for c in s if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 10 and upper >= 2 and upper * 2 > len(letters)


def _is_word_like_acronym(s: str) -> bool:
    return 3 <= len(s) <= 6 and s.isalpha() and s[0].isupper() and s[1:].islower()


@cache
def _not_acronyms() -> frozenset[str]:
    return frozenset(load("ner/not_entities.json")["words"]) | frozenset(load("ner/places.json")["places"])


def letters_match(acronym: str, long_form: str) -> bool:
    """Do the acronym's letters appear in order in `long_form`, the first one opening its first word?"""
    return _long_form_start(acronym, long_form) == 0


def _long_form_start(acronym: str, text: str) -> int | None:
    """Schwartz & Hearst: where in `text` (which ends before the bracket) the long form starts, or None."""
    short = [c for c in fold(acronym) if c.isalnum()]
    long = fold(text)
    li = len(long) - 1
    for si in range(len(short) - 1, -1, -1):
        c = short[si]
        while li >= 0 and (long[li] != c or (si == 0 and li > 0 and long[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
    return li + 1


def find_definitions(toks: Tokens, names: list[tuple[int, int]]) -> list[Definition]:
    """Acronym definitions, given the organisation names already found (character spans)."""
    text, g = toks.text, grammar()
    ends = {end: (start, end) for start, end in names}
    found = []
    for m in _BRACKET.finditer(text):
        acronym = m.group(1).rstrip(".")
        short = f"{acronym} {m.group(2)}" if m.group(2) else acronym
        # `Cnam`, `Ademe`: French writes acronyms read as words like names; their letters must then fit.
        word_like = not m.group(2) and _is_word_like_acronym(acronym)
        if not (is_acronym(acronym) or word_like) or acronym in _not_acronyms():
            continue
        before = text[: m.start()].rstrip(" \t\u00a0\u202f")
        known = ends.get(len(before))
        fits = known and letters_match(acronym, text[known[0] : known[1]])
        if known and (fits or (len(acronym) >= 3 and not word_like)):
            found.append(Definition(short, known, (m.start(1), m.start(1) + len(short)), False))
            continue
        span = _long_form_from_letters(toks, len(before), acronym, g)
        if span:
            found.append(Definition(short, span, (m.start(1), m.start(1) + len(short)), True))
    found += _glossary_definitions(toks, names, g)
    return found


# `BZFR : Le Bureau zonal des forêts…` at the start of a line (a list of acronyms), and
# `IMT (Institut Mines-Télécom)`: the acronym first, its long form after it.
_GLOSSARY = re.compile(
    r"^[ \t]*([A-ZÀ-Þ][A-Za-z0-9&\-]{1,11})[ \t]*(?::|–|—|-|=)[ \t]*(?:(?:La|Le|Les|L['’]|la|le|les|l['’])[ \t]*)?",
    re.MULTILINE,
)
_ACRONYM_THEN_BRACKET = re.compile(r"(?<![\w\-])([A-ZÀ-Þ][A-Za-z0-9&\-]{1,11})[ \t]*\([ \t]*")


def _glossary_definitions(toks: Tokens, names: list[tuple[int, int]], g) -> list[Definition]:
    """Definitions that give the acronym first: a glossary line, or `ACR (long form)`."""
    text = toks.text
    by_start = {}
    for start, end in names:
        if end - start > by_start.get(start, (start, start))[1] - start:
            by_start[start] = (start, end)
    found = []
    for pattern, closing in ((_GLOSSARY, None), (_ACRONYM_THEN_BRACKET, ")")):
        for m in pattern.finditer(text):
            acronym = m.group(1)
            if not is_acronym(acronym) or acronym in _not_acronyms():
                continue
            span = by_start.get(m.end()) or _long_form_after(toks, m.end(), acronym, g)
            if not span:
                continue
            after = text[span[1] :].lstrip(" \t")
            if closing and not after.startswith(closing):
                continue  # `ACR (Institut X, 2020)`: the bracket says more than the name
            if not letters_match(acronym, text[span[0] : span[1]]):
                continue  # `Hi! PARIS (Institut Polytechnique de Paris)`: a name and its host, not an acronym
            found.append(Definition(acronym, span, m.span(1), False))
    return found


def _long_form_after(toks: Tokens, start: int, acronym: str, g) -> tuple[int, int] | None:
    """A long form starting at character `start` (up to the end of its phrase) that fits the acronym's letters."""
    first = bisect.bisect_left(toks.starts, start)
    if first >= len(toks) or toks.spans[first][0] != start:
        return None
    last = first
    while last + 1 < len(toks) and toks.gaps[last] != BREAK and last - first < len(acronym) + _MAX_EXTRA_WORDS:
        last += 1
    # The shortest run of words from `first` whose letters fit the acronym, read as an organisation.
    for end_word in range(first, last + 1):
        long_form = toks.text[start : toks.spans[end_word][1]]
        if letters_match(acronym, long_form) and _covers(acronym, long_form):
            if long_form[:1].isupper() and _reads_as_organisation(long_form, acronym, g):
                return start, toks.spans[end_word][1]
            return None
    return None


def _covers(acronym: str, long_form: str) -> bool:
    """Does the long form end with a word that gives the acronym's last letter (not more words after it)?"""
    last_letter = fold(acronym)[-1]
    words = [w for w in re.findall(r"[^\W_]+", fold(long_form))]
    return bool(words) and last_letter in words[-1]


def _initials_long_form(toks: Tokens, last: int, acronym: str, g) -> int | None:
    """The first word of the capitalised words ending at word `last` whose initials spell the acronym
    (`Quantum Reliability Services (QRS)`), function words aside; None if they do not."""
    letters = [c for c in fold(acronym) if c.isalpha()]
    if not letters or not acronym.isupper():
        return None
    i, wanted = last, len(letters)
    initials: list[str] = []
    while i >= 0 and len(initials) < wanted:
        word = toks.word(i)
        if toks.lows[i] in g.connectors or toks.lows[i] in g.articles or toks.lows[i] in g.intl_connectors:
            pass
        elif word[:1].isupper():
            initials.append(fold(word[0]))
        else:
            return None
        if len(initials) < wanted and (i == 0 or toks.gaps[i - 1] == BREAK):
            return None
        i -= 1
    return i + 1 if initials[::-1] == letters else None


def _long_form_from_letters(toks: Tokens, end: int, acronym: str, g) -> tuple[int, int] | None:
    """The long form ending at character `end`, if its letters fit the acronym and it reads as an organisation."""
    last = bisect.bisect_right(toks.ends, end) - 1
    if last < 0 or toks.spans[last][1] != end:
        return None
    first = last
    limit = len(acronym) + _MAX_EXTRA_WORDS
    while first > 0 and last - first + 1 < limit and toks.gaps[first - 1] != BREAK:
        first -= 1
    by_initials = _initials_long_form(toks, last, acronym, g)
    if by_initials is not None:
        if _names_a_thing(key(toks.text[toks.spans[by_initials][0] : end]).split()):
            return None  # `Simple Mail Transfer Protocol (SMTP)`: a standard's name, initials and all
        return toks.spans[by_initials][0], end
    window = toks.text[toks.spans[first][0] : end]
    start = _long_form_start(acronym, window)
    if start is None:
        return None
    start += toks.spans[first][0]
    start = _with_head(toks, start, g)
    long_form = toks.text[start:end]
    first_word = fold(long_form.split()[0]) if long_form.split() else ""
    if not long_form[:1].isupper() or first_word in g.determiners:
        return None
    if _reads_as_organisation(long_form, acronym, g):
        return start, end
    return None


def _with_head(toks: Tokens, start: int, g) -> int:
    """A long form in lower case whose letters skip the head before it (`Direction du développement et de la
    coopération (DDC)`: D-D-C are read in `développement … de … coopération`) starts at that head."""
    i = bisect.bisect_left(toks.starts, start)
    if i >= len(toks) or toks.spans[i][0] != start or not toks.word(i)[:1].islower():
        return start
    k = i - 1
    while k >= 0 and i - k <= 3 and toks.lows[k] in _CONNECTING and toks.gaps[k] != BREAK:
        k -= 1
    heads = set(g.french) | g.international
    if k >= 0 and k < i - 1 and toks.word(k)[:1].isupper() and toks.keys[k] in heads and toks.gaps[k] != BREAK:
        return toks.spans[k][0]
    return start


def _reads_as_organisation(long_form: str, acronym: str, g) -> bool:
    """A head word (`Agence`, `University`), or capitalised words whose initials are exactly the acronym."""
    keys = key(long_form).split()
    heads = set(g.french) | g.international | g.trailing
    if any(" ".join(keys[i : i + n]) in heads for n in (1, 2) for i in range(len(keys))):
        return True
    if _names_a_thing(keys):
        return False  # `Simple Mail Transfer Protocol (SMTP)`, `Frugal AI Challenge (FAC)`: a standard, an event
    words = [w for w in re.findall(r"[^\W\d_]+", long_form) if fold(w) not in g.determiners]
    initials = "".join(w[0] for w in words)
    return all(w[0].isupper() for w in words) and fold(initials) == fold("".join(c for c in acronym if c.isalpha()))


@cache
def _institution_nouns() -> frozenset[str]:
    """Common nouns that describe an organisation (`l'organe de contrôle des banques (ZCB)` is one)."""
    data = load("organisations/descriptors.json")
    words = {key(d).split()[0] for d in data["singular"] + data["plural"]}
    words -= {"jeune", "jeunes", "maison", "think", "start"}  # `jeune pousse`, `maison mère`, `think tank`
    return frozenset(words | {"organe", "organes", "organisme", "organismes", "regulateur", "autorite"})


def concept_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text defines with a long form in lower case that names no organisation:
    `le schéma directeur des pistes cyclables (SDPC)` is a plan, and `SDPC` is one in the whole text; so is
    a long form that opens with a capitalised programme word (`Plan triennal d'équipement (PTE)`), or that
    ends as standards and events do (`Simple Mail Transfer Protocol (SMTP)`)."""
    g = grammar()
    heads = set(g.french) | g.international | g.trailing | _institution_nouns()
    found = set()
    for m in _BRACKET.finditer(text):
        acronym = m.group(1).rstrip(".")
        if m.group(2) or not is_acronym(acronym):
            continue
        # The words before the bracket, on its line: enough for the acronym's letters and a few more.
        window = text[max(0, m.start() - 12 * (len(acronym) + _MAX_EXTRA_WORDS)) : m.start()].rstrip()
        window = window[window.rfind("\n") + 1 :]
        start = _long_form_start(acronym, window)
        if start is None:
            continue
        long_form = window[start:]
        before = key(window[:start]).split()
        while before and before[-1] in _CONNECTING:
            before.pop()
        if before and (before[-1] in heads or " ".join(before[-2:]) in heads):
            continue  # `Direction du développement et de la coopération (DDC)`: the letters skip the head
        words = key(long_form).split()
        plan = words[0] in _programme_words() and not any(w[:1].isupper() for w in long_form.split()[1:])
        thing = long_form[:1].islower() or plan or _names_a_thing(words)
        if thing and not any(w in heads for w in words):
            found.add(acronym)  # `Plan de gestion des étiages (PGE)` too: a programme word, the rest in lower case
    return frozenset(found)


_CONNECTING = frozenset(["de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "en", "sur"])


def _names_a_thing(keys: list[str]) -> bool:
    """Does an English long form end with a word of standards, events or programmes (`… Protocol`, `… Summit`;
    `trailing_words` in not_organisations.json)? Not `Initiative`, which ends as many bodies' names as plans'."""
    return len(keys) > 1 and keys[-1] in _trailing_words()


@cache
def _trailing_words() -> frozenset[str]:
    words = load("organisations/not_organisations.json")["trailing_words"]
    return frozenset(key(w) for w in words) - {"initiative"}


@cache
def _programme_words() -> frozenset[str]:
    """The one-word programme nouns of `not_organisations.json` (`plan`, `programme`, `schéma`), folded."""
    words = load("organisations/not_organisations.json")["context_words"]["programme"]
    return frozenset(key(w) for w in words if " " not in w)


def bare_uses(text: str, acronym: str) -> list[tuple[int, int]]:
    r"""Every standalone use of `acronym` (`l'IMT` → `IMT`; not `IMT-BS`, not inside `SIMT`).

    The pattern opens with the acronym itself and looks behind it afterwards (`IMT(?<![\w-]IMT)`, the
    same test as `(?<![\w-])IMT`): a pattern that opens with a literal is searched for as a string,
    whereas one that opens with a look-behind is tried at every position of the text. Measured on the
    107 k-character seed release: 2.3 ms per acronym before, 0.08 ms after (the organisation rules
    look for every acronym a document defines; this was a tenth of their time on the seed texts).
    """
    escaped = re.escape(acronym)
    pattern = re.compile(escaped + r"(?<![\w\-]" + escaped + r")(?![\w\-])")
    return [m.span() for m in pattern.finditer(text)]
