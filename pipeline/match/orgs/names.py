"""Organisation names as comparable keys, and the gazetteer looked up by key.

A name is written many ways in French releases: `Institut Mines-Télécom`,
`Institut Mines–Télécom`, `INSTITUT MINES TÉLÉCOM`, `l’Institut Mines-Télécom`.
All of them reduce to the same key (words only, no accents, no case, no
dashes or apostrophes), so one dictionary lookup finds the organisation.
Case still matters on the way in: a name must be written as a name
(`Orange`, not `orange`; `CEA`, not `cea`), see `_case_ok`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from pipeline.ruledata import load

# A word may carry inner dashes (`Mines-Télécom`, `franco-\nallemande` broken by a PDF line end).
_WORD = re.compile(r"[^\W_]+(?:[-‐‑–][ \t]*(?:\n[ \t]*)?[^\W_]+)*|&")
_PIECE = re.compile(r"[^\W_]+|&")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " "})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Tabs separate table cells, so they break names; one line end does not (PDF text wraps mid-name), unless the
# next line is indented: a list item or a heading whose markup was masked (`* BZFR : …`).
_SPACE_GAP = re.compile(r"[ \u00a0\u202f]*(?:\n)?")
_COMMA_GAP = re.compile(r"[ \u00a0\u202f]*,[ \u00a0\u202f]*")
_JOINED_GAP = re.compile(r"['’.]|")

SPACE, JOINED, BREAK = "space", "joined", "break"


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """Lower case without accents or ligatures: the form names are compared in (cached: words recur)."""
    s = unicodedata.normalize("NFKD", s.translate(_LIGATURES))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def key(s: str) -> str:
    """The comparison key of a name: its folded words joined by single spaces (cached like `fold`: every word
    of a document gets its key, and the same few thousand words recur from one document to the next)."""
    return " ".join(_PIECE.findall(fold(s)))


def pieces(s: str) -> list[str]:
    """The words of a name as written, dashes and apostrophes dropped (`Mines-Télécom` → 2 pieces)."""
    return _PIECE.findall(s)


def one_line(s: str) -> str:
    """A span as written, on one line: runs of spaces and line breaks become one space, and a word
    broken at a line end (`Mines-` then `Télécom` on the next line) is joined again."""
    return " ".join(re.sub(r"(\w)[-‐‑]\s*\n\s*(\w)", r"\1-\2", s).split())


def display(s: str) -> str:
    """A surface form cleaned for showing as a canonical name.

    Line breaks and runs of spaces become one space, a word broken at a line
    end is joined again, typographic apostrophes and dashes become ASCII
    ones, and the first letter is a capital (`ministère de l’Intérieur` →
    `Ministère de l'Intérieur`).
    """
    s = one_line(s)
    s = re.sub(r"(\w)[‐‑–](\w)", r"\1-\2", s)
    s = " ".join(s.translate(_DASHES).split())
    return s[:1].upper() + s[1:] if s[:1].islower() else s


@dataclass(frozen=True)
class Tokens:
    """The words of a text with their offsets, folded keys and the kind of gap after each."""

    text: str
    spans: tuple[tuple[int, int], ...]
    keys: tuple[str, ...]  # folded: for names (`Ecole` = `École`)
    lows: tuple[str, ...]  # lower case with accents: for function words (`a` is not `à`)
    gaps: tuple[str, ...]  # gaps[i] is between word i and word i + 1

    @cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    @cached_property
    def ends(self) -> list[int]:
        return [e for _, e in self.spans]

    @cached_property
    def firsts(self) -> tuple[str, ...]:
        """The first word of each key (`mines` for `Mines-Télécom`): what the rules' word lists are indexed by."""
        return tuple(k.split(" ", 1)[0] for k in self.keys)

    def having_first(self, words) -> list[int]:
        """The indices of the words whose key starts with one of `words`, in order.

        The rules that start a name at a listed word (gazetteer, head words, descriptors) look at these
        only, instead of calling their test on every word of the text: on the 16 seed and press-dev texts
        (27 k words) those four scans took 62 ms and take 20 ms (CPU time, best of 9), and the organisation
        rules as a whole 154 ms and 78 ms with the cached keys and the sorted spans of `matcher._select`.
        """
        return [i for i, first in enumerate(self.firsts) if first in words]

    def comma_before(self, i: int) -> bool:
        """Is the gap before word `i` a comma on the same line (`de la Pêche, de la Chasse`)?"""
        return i > 0 and bool(_COMMA_GAP.fullmatch(self.text, self.spans[i - 1][1], self.spans[i][0]))

    def word(self, i: int) -> str:
        s, e = self.spans[i]
        return self.text[s:e]

    def __len__(self) -> int:
        return len(self.spans)


def tokenise(text: str) -> Tokens:
    """Split `text` into words; a gap is `space`, `joined` (apostrophe, dot) or a `break` (anything else)."""
    matches = list(_WORD.finditer(text))
    spans = tuple(m.span() for m in matches)
    words = [m.group() for m in matches]
    keys = tuple(map(key, words))
    lows = tuple(w.lower() for w in words)
    gaps = []
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        gap = text[end:start]
        if gap == " ":  # most gaps: what the two patterns below say of it, without running them
            gaps.append(SPACE)
        elif _JOINED_GAP.fullmatch(gap):
            gaps.append(JOINED)
        elif _SPACE_GAP.fullmatch(gap):
            gaps.append(SPACE)
        else:
            gaps.append(BREAK)
    return Tokens(text, spans, keys, lows, tuple(gaps))


def is_capitalised(word: str) -> bool:
    """A word written as a name: first letter upper case (`Inria`, `CNRS`), or a number after one."""
    return word[:1].isupper()


def quoted(text: str, start: int, end: int) -> bool:
    """Is text[start:end] the whole of a quotation (`« Le Monde »`, `“The Daily Zorg”`)?"""
    before = text[max(0, start - 3) : start].rstrip(" \u00a0\u202f")
    after = text[end : end + 3].lstrip(" \u00a0\u202f")
    return bool(before) and before[-1] in '«“"' and bool(after) and after[0] in '»”"'


@dataclass(frozen=True)
class Entry:
    """One gazetteer organisation."""

    canonical: str
    kind: str
    acronym: str | None


@dataclass(frozen=True)
class _Form:
    entry: Entry
    written: str  # the name, alias or acronym as the gazetteer writes it
    exact: bool  # acronyms and short names must be written exactly (`CEA`, `LCL`)


class Gazetteer:
    """The organisations of `pipeline/models/organisations/gazetteer.jsonl`, indexed by key."""

    def __init__(self, rows):
        self.forms: dict[str, _Form] = {}
        self.longest: dict[str, int] = {}  # first word of a name → most words a name starting with it has
        for row in rows:
            entry = Entry(row["canonical"], row.get("kind", ""), row.get("acronym"))
            names = [(row["canonical"], False), *((a, False) for a in row.get("aliases", []))]
            if entry.acronym:
                names.append((entry.acronym, True))
            for written, is_acronym in names:
                words = pieces(written)
                exact = is_acronym or len("".join(words)) <= 3 or (len(words) == 1 and written.isupper())
                k = key(written)
                self.forms.setdefault(k, _Form(entry, written, exact))
                first = k.split(" ", 1)[0]
                self.longest[first] = max(self.longest.get(first, 0), len(words))

    def lookup(self, surface: str, strict: bool = True) -> Entry | None:
        """The organisation `surface` names, if any; `strict` also checks it is written as a name."""
        form = self.forms.get(key(surface))
        if form is None or (strict and not _case_ok(surface, form)):
            return None
        return form.entry

    def find(self, toks: Tokens) -> list[tuple[int, int, Entry]]:
        """Longest gazetteer names in the text, as (first word, last word + 1, entry), left to right."""
        found = []
        n = len(toks)
        # Only a word that opens some gazetteer name can start one: the others are skipped at once.
        candidates = iter(toks.having_first(self.longest))
        i = next(candidates, n)
        while i < n:
            hit, longest = None, self.longest.get(toks.firsts[i], 0)
            stop = i + 1  # names never run over a break
            while stop < min(n, i + longest) and toks.gaps[stop - 1] != BREAK:
                stop += 1
            # Keys are compared as strings, so `Mines-Télécom` (one word) matches `Mines Télécom` (two).
            for j in range(stop if longest else i, i, -1):
                form = self.forms.get(" ".join(toks.keys[i:j]))
                if form and _case_ok(toks.text[toks.spans[i][0] : toks.spans[j - 1][1]], form):
                    hit = (i, j, form.entry)
                    break
            after = hit[1] if hit else i + 1
            if hit:
                found.append(hit)
            i = next((c for c in candidates if c >= after), n)
        return found


# Words a name may leave in lower case whatever the gazetteer writes (`Université Paris Sciences et Lettres`).
_FUNCTION = frozenset(["de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "pour", "à", "au", "aux", "sur"])


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _case_ok(surface: str, form: _Form) -> bool:
    """Is `surface` written as the name `form` (not as the common words it is made of)?

    Exact forms must match letter for letter (accents aside). Otherwise the
    words the gazetteer capitalises must not all be lower case in the text:
    `ministère de l'Intérieur` is the ministry, `la poste` is not La Poste; a name of two content
    words or more with an adjective of scope is the body even in lower case (`le parlement européen`).
    """
    got, want = pieces(surface), pieces(form.written)
    if form.exact or len(got) != len(want):
        return _strip_accents(" ".join(got)) == _strip_accents(" ".join(want))
    capitals = [g for g, w in zip(got, want, strict=True) if w[:1].isupper() and fold(w) not in _FUNCTION]
    if not capitals:
        return _strip_accents(" ".join(got)) == _strip_accents(" ".join(want))
    if any(g[:1].isupper() for g in capitals):
        return True
    # All in lower case: still the body when its scope says so (`le parlement européen`, `la banque mondiale`).
    content = [fold(g) for g in got if fold(g) not in _FUNCTION]
    return len(content) >= 2 and any(w in _scope_adjectives() for w in content)


@cache
def _scope_adjectives() -> frozenset[str]:
    return frozenset(fold(w) for w in load("organisations/name_grammar.json")["scope_adjectives"])


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return Gazetteer(load("organisations/gazetteer.jsonl"))


@cache
def first_names() -> frozenset[str]:
    """Given names, to tell `Martin Bouygues` (a person) from `Bouygues` (a company)."""
    return frozenset(load("ner/first_names.json")["names"])
