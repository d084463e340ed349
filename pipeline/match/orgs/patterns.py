"""Organisation names recognised by their shape rather than looked up.

French names are built on a head word followed by adjectives and
complements, mostly in lower case (`Agence nationale de la recherche`,
`Institut national de recherche en sciences et technologies du numérique`),
enumerated with commas (`Ministère de l'Économie, des Finances et de la
Souveraineté industrielle`) and ended by a place (`tribunal judiciaire de
Nanterre`, `Ambassade de France à Berlin`); kinds of bodies need a proper
complement (`Conseil municipal de Lyon`, not `Conseil Municipal`);
English and German ones put capitalised words around their head
(`Technical University of Munich`, `Karlsruher Institut für Technologie`);
company names end in a legal form (`Siemens AG`). The word lists are in
`pipeline/models/organisations/` (head words, name grammar, legal forms).

Each function returns `(start, end)` character spans of a `Tokens` text.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from pipeline.match.orgs.names import BREAK, SPACE, Tokens, fold, is_capitalised, key
from pipeline.ruledata import load


class _Grammar:
    """The name grammar of `pipeline/models/organisations/`, as sets of folded words."""

    def __init__(self):
        heads = load("organisations/head_words.json")
        g = load("organisations/name_grammar.json")
        self.french = {key(h): mode for h, mode in heads["french"].items()}
        self.lowercase_heads = {key(h) for h in heads["lowercase_heads"]}
        self.lowercase_bodies = {key(h) for h in heads["lowercase_bodies"]}
        self.research_heads = {key(h) for h in heads["research_heads"]}
        self.trailing = {key(h) for h in heads["trailing"]}
        self.international = {key(h) for h in heads["international"]}
        self.foreign = self.trailing | self.international
        self.compound_ends = tuple(key(h) for h in heads["international_suffixes"])
        self.longest_head = max(len(h.split()) for h in [*self.french, *self.foreign])
        self.first_words = {h.split()[0] for h in [*self.french, *self.foreign]}
        # Function words keep their accents: folded, `à` would be the verb `a`.
        self.connectors = set(g["connectors"])
        self.before_proper = set(g["connectors_before_proper"])
        self.articles = set(g["articles"])
        self.intl_connectors = set(g["international_connectors"])
        self.adjectives = {fold(w) for w in g["adjectives"]}
        self.prenominal = {fold(w) for w in g["prenominal_adjectives"]}
        self.suffixes = tuple(fold(s) for s in g["adjective_suffixes"])
        self.not_adjectives = {fold(w) for w in g["not_adjectives"]}
        self.blockers = set(g["blockers"])
        self.verb_forms = {fold(w) for w in g["verb_forms"]}
        self.infinitive_suffixes = tuple(g["infinitive_suffixes"])
        self.infinitives = tuple(fold(w) for w in g["infinitives"])
        self.noun_exceptions = {fold(w) for w in g["noun_exceptions"]}
        self.determiners = set(g["determiners"])
        self.not_names = [key(n) for n in heads["not_names"]]
        self.couple_heads = {key(h) for h in heads["couple_heads"]}
        self.address_words = {key(w) for w in g["address_words"]}
        self.mission_participles = {key(w) for w in g["mission_participles"]}
        self.fixed_adjectives = [tuple(p.split()) for p in g["fixed_adjectives"]]
        self.generic_bodies = [key(n) for n in heads["generic_bodies"]]

    def is_adjective(self, k: str, after_noun: bool = False) -> bool:
        """`nationale`, `maritimes` by the lists and suffixes. `after_noun`: the word follows a noun of the name
        directly, the adjective's place in French, so a word that is also a noun is read as the adjective
        (`Comité technique`, `Conseil scientifique`; but `de la technique` is the noun)."""
        last = k.split()[-1]  # `franco allemande` → `allemande`
        if last in self.adjectives:
            return True
        if last in self.blockers or last in self.verb_forms or (last in self.not_adjectives and not after_noun):
            return False
        return last.endswith(self.suffixes)

    def is_infinitive(self, k: str) -> bool:
        if k in self.noun_exceptions:
            return False
        # `poursuivre` ends like `suivre`, `reconstruire` like `construire`.
        return k.endswith(self.infinitives) or (len(k) > 3 and k.endswith(self.infinitive_suffixes))


@cache
def grammar() -> _Grammar:
    return _Grammar()


def _is_content(toks: Tokens, j: int, g: _Grammar) -> bool:
    """A lower-case word that can be the noun of a complement (`recherche`, `sciences`)."""
    w, low = toks.word(j), toks.lows[j]
    return w[:1].islower() and not (low in g.blockers or low in g.determiners or low in g.connectors or low.isdigit())


def is_name_word(toks: Tokens, j: int, g: _Grammar) -> bool:
    """A capitalised word that can go on a name (`Télécom`, `PSL`; `La` only before another one)."""
    if not is_capitalised(toks.word(j)):
        return False
    if toks.lows[j] in g.determiners:
        followed = j + 1 < len(toks) and toks.gaps[j] != BREAK and is_capitalised(toks.word(j + 1))
        return toks.lows[j] in g.articles and followed
    return True


def _complement(toks: Tokens, j: int, g: _Grammar, after_lower: bool) -> tuple[int, bool] | None:
    """The end of the complement a connector at `j` opens (`de la recherche`), and whether it is a proper name.

    `after_lower`: the name so far ends in a lower-case word, so a coordination
    goes on with it (`l'évaluation et la sécurité`), whereas after a proper
    name `et la …` starts another phrase (`Mines-Télécom et la TUM`).
    """
    n, c = len(toks), toks.lows[j]
    k = j + 1
    if k >= n or toks.gaps[j] == BREAK:
        return None
    coordinated = c == "et"
    if coordinated:
        # `et des Finances`, `sciences et technologies`, `industrielle et numérique`; never `et Inria`.
        if toks.lows[k] in g.connectors and toks.lows[k] != "et":
            found = _complement(toks, k, g, after_lower)
            # `de l'Institut Mines-Télécom et d'Inria` joins two names: `et d'` + a name ends this one.
            bare_proper = toks.lows[k] in ("de", "d") and found and found[1] and found[0] == k + 2
            return None if bare_proper else found
        if not after_lower or toks.lows[k] == "les":
            return None  # `… et les conseillers régionaux`: another noun phrase, in the plural
        if toks.lows[k] not in g.articles:
            return (k + 1, False) if _is_content(toks, k, g) else None
    article = False
    if toks.lows[k] in g.articles:
        article = True
        k += 1
        if k >= n or toks.gaps[k - 1] == BREAK:
            return None
    while toks.lows[k] in g.prenominal and k + 1 < n and toks.gaps[k] != BREAK:
        k += 1
    if is_capitalised(toks.word(k)):
        if c == "en" and toks.keys[k] not in _place_keys():
            return None  # `Ambassade du Canada en Haïti`, but not `… en Marche`: `en` before a country or region only
        if c in g.before_proper and not coordinated and is_name_word(toks, k, g):
            return k + 1, True
        return None
    if not _is_content(toks, k, g):
        return None
    if not article and c in ("de", "d", "pour", "à", "sans") and g.is_infinitive(toks.keys[k]):
        return None  # `de renforcer`, `pour améliorer`: a clause, not a name
    if toks.lows[k] in ("s", "se", "y", "en", "nous", "vous", "lui", "leur") and not article:
        return None  # `pour s'adapter`, `de se former`: a pronoun opens a clause
    return k + 1, False


def _extend(toks: Tokens, j: int, g: _Grammar) -> tuple[int, int, bool, bool]:
    """How far a French name goes from `j` (just after its head): (end, adjectives, proper words, complements
    (how many)).

    A name goes on through an enumeration of complements closed by `et`
    (`de la pêche, de la chasse et des forêts`), and ends after
    a place introduced by `à`/`en` (`Ambassade de France à Berlin`): what
    follows such a place is the sentence (`à Montréal au printemps`).
    """
    end, adjectives, proper, complements, last = j, 0, False, 0, "head"
    located, i_head = False, j
    n = len(toks)
    while j < n:
        if _after_short_line(toks, j) or (_line_start(toks, j) and toks.keys[j] in g.address_words):
            break  # `À propos de la Fondation Zorg` / `Des renseignements…`, `… de Zorgville` / `Place du Marché`
        if toks.gaps[j - 1] == BREAK:
            found = _enumeration(toks, j, g, last != "proper") if complements and not located else None
            if not found:
                break
            j, is_proper = found
            proper, last, end = proper or is_proper, "proper" if is_proper else "lower", j
            continue
        w, low = toks.word(j), toks.lows[j]
        if is_name_word(toks, j, g) and toks.keys[j] in g.address_words and j > i_head:
            break  # `… de Zorgville Place du Marché`: an address on the same line
        if is_name_word(toks, j, g):
            proper, last, j = True, "proper", j + 1
        elif last == "proper" and complements and (portfolio_end := _lower_portfolio(toks, j, g)):
            j, last = portfolio_end, "lower"  # `de la Couverture maladie universelle`
        elif low.isdigit() and len(low) <= 2 and last == "proper" and _number_ends_name(toks, j):
            j += 1  # `Université Paris 8`; not `… de Zorgville 26 rue des Lilas`, an address
        elif (
            w[:1].islower()
            and low not in g.connectors
            and low not in g.determiners
            and g.is_adjective(toks.keys[j], after_noun=last == "head" and not adjectives)
        ):
            if located:
                break
            adjectives, last, j = adjectives + 1, "lower", j + 1
        elif (mission := _mission(toks, j, g)) and not located:
            # `Commission ad hoc chargée du contrôle des …`: the qualifier counts as the name's adjective.
            j, adjectives, last = mission, adjectives + 1, "lower"
        elif low == "et" and last == "proper" and (given := _coordinated_given_name(toks, i_head, j, g)):
            j, last = given, "proper"  # `Fondation Louise et Paul Durand`
        elif low == "et" and last == "proper" and (portfolio := _portfolio(toks, j, g)):
            j, last = portfolio, "proper"  # `Service public fédéral Mobilité et Transports`
        elif low == "en" and last == "proper" and toks.keys[i_head - 1] not in _ABROAD:
            break  # `Ministère de la Santé en France`: only a mission abroad is named with `en` + its country
        elif low in g.connectors and (found := _complement(toks, j, g, last != "proper")):
            after_place = last == "proper" and complements and low in _OF
            if after_place and _common_noun(toks.lows[j - 1]) and _adjective_follows(toks, found[0], g):
                after_place = False  # `de la Gestion des risques naturels`: a portfolio's own complement
            elif after_place and low == "des" and _common_noun(toks.lows[j - 1]):
                after_place = False  # `de l'Ordre des médecins`; but `Ville de Sherbrooke des voies cyclables`
            if (located or after_place) and not found[1]:
                break  # `Ville de Montréal des voies réservées`: after a proper complement, the sentence
            located = located or (found[1] and low in _PLACE_CONNECTORS)
            j, is_proper = found
            complements, proper, last = complements + 1, proper or is_proper, "proper" if is_proper else "lower"
        else:
            break
        end = j
    return end, adjectives, proper, complements


_PLACE_CONNECTORS = frozenset(["à", "au", "aux", "en"])
# Heads of missions abroad, named with `en` and the host country (`Ambassade du Canada en Haïti`).
_ABROAD = frozenset(["ambassade", "consulat", "delegation", "representation", "mission", "bureau", "chambre"])
_SHORT_LINE = 60  # characters: a line this short is a heading, a signature or an address line, not wrapped text


def _line_start(toks: Tokens, j: int) -> bool:
    return "\n" in toks.text[toks.spans[j - 1][1] : toks.spans[j][0]]


def _number_ends_name(toks: Tokens, j: int) -> bool:
    """`Université Paris 8`: a number on the name's line, ending it (not `… de Zorgville` / `26 rue des Lilas`)."""
    if _line_start(toks, j):
        return False
    return j + 1 >= len(toks) or (toks.gaps[j] == BREAK and toks.keys[j + 1] not in grammar().address_words)


def _after_short_line(toks: Tokens, j: int) -> bool:
    """Does a line end that closes a short line stand before word `j`? PDF text wraps names at line ends,
    but only in long lines; after a heading (`À propos de la Fondation Zorg`) or a name on its own line
    (`Musée de Zorg` / `Place du Marché`), the next line is something else."""
    end, start = toks.spans[j - 1][1], toks.spans[j][0]
    if "\n" not in toks.text[end:start]:
        return False
    return end - (toks.text.rfind("\n", 0, end) + 1) < _SHORT_LINE


_OF = frozenset(["de", "du", "des", "d"])


def _enumeration(toks: Tokens, j: int, g: _Grammar, after_lower: bool) -> tuple[int, bool] | None:
    """The end of `, de la chasse et des forêts` when word `j` follows a comma, and whether it is proper.

    Only complements with `de`, separated by commas and closed by `et` +
    complement, continue a name (`Ministère de l'Économie, des Finances et
    de la Souveraineté industrielle`); a comma followed by anything else
    ends it.
    """
    n, k, proper = len(toks), j, False
    while k < n and toks.comma_before(k) and (toks.lows[k] in _OF or toks.lows[k] in g.articles):
        found = _complement(toks, k, g, after_lower) if toks.lows[k] in _OF else _article_item(toks, k, g)
        if not found or toks.word(found[0] - 1).isupper():
            return None  # `…, du CNRS et de l'Ifremer`: a list of bodies, not one name
        k, is_proper = found
        k = _modifiers(toks, k, g)  # `, de la Souveraineté alimentaire et …`
        proper = proper or is_proper
        if k < n and toks.gaps[k - 1] != BREAK and toks.lows[k] == "et":
            closing = _complement(toks, k, g, after_lower) or (
                _article_item(toks, k + 1, g) if k + 1 < n and toks.lows[k + 1] in g.articles else None
            )
            if not closing or toks.word(closing[0] - 1).isupper():
                return None
            return _modifiers(toks, closing[0], g), proper or closing[1]
    return None


def _article_item(toks: Tokens, k: int, g: _Grammar) -> tuple[int, bool] | None:
    """An enumerated item without `de`: an article and a noun (`, l'alimentation et l'environnement`); not
    another body (`, la Fondation Zorg et le Club …`: a head word; `, l'intercommunale Plixo`: a noun, then a
    name)."""
    if k + 1 >= len(toks) or toks.lows[k] not in g.articles or toks.gaps[k] == BREAK:
        return None
    if toks.keys[k + 1] in g.first_words or (k + 2 < len(toks) and is_capitalised(toks.word(k + 2))):
        return None
    if is_name_word(toks, k + 1, g):
        return k + 2, True
    return (k + 2, False) if _is_content(toks, k + 1, g) else None


def _modifiers(toks: Tokens, k: int, g: _Grammar) -> int:
    """The end of the adjectives and capitalised words that follow a complement at word `k`
    (`de l'Économie maritime`, `des Ressources halieutiques`)."""
    n = len(toks)
    while k < n and toks.gaps[k - 1] != BREAK:
        w, low = toks.word(k), toks.lows[k]
        lower_adjective = w[:1].islower() and low not in g.connectors and low not in g.determiners
        if not (is_name_word(toks, k, g) or (lower_adjective and g.is_adjective(toks.keys[k]))):
            break
        k += 1
    return k


def _mission(toks: Tokens, j: int, g: _Grammar) -> int | None:
    """After a name's head: `ad hoc` and/or a mission participle (`chargée de`, `dédié aux`) that opens a
    complement, which belongs to the name up to the clause's end (`Comité technique chargé de la révision
    des normes`). Returns the word after them, where the complement's connector stands."""
    n, k = len(toks), j
    for phrase in g.fixed_adjectives:
        size = len(phrase)
        if tuple(toks.lows[k : k + size]) == phrase and all(gap != BREAK for gap in toks.gaps[k - 1 : k + size - 1]):
            k += size
            break
    if k < n and toks.keys[k] in g.mission_participles and toks.gaps[k - 1] != BREAK:
        if k + 1 < n and toks.lows[k + 1] in g.connectors and _complement(toks, k + 1, g, True):
            return k + 1
        return None
    return k if k > j else None


def _coordinated_given_name(toks: Tokens, first: int, j: int, g: _Grammar) -> int | None:
    """`Fondation Louise et Paul Durand`: a couple named by two given names and one surname is one name.

    At word `j` (`et`), the name after its head is one capitalised word (the first given name), and
    two or three capitalised words follow (given name, surname) before the sentence goes on in lower case.
    Only for heads that commemorate people (`couple_heads`: fondation, prix, fonds).
    """
    n = len(toks)
    if j - first != 1 or toks.keys[first - 1] not in g.couple_heads or toks.word(first).isupper():
        return None
    k, words = j + 1, 0  # words: separated by one space; `N'Guessan` (joined) is one
    while k < n and is_name_word(toks, k, g) and toks.text[toks.spans[k - 1][1] : toks.spans[k][0]] in (" ", "'", "’"):
        if toks.word(k).isupper() or toks.lows[k] in g.determiners:
            return None
        words += toks.gaps[k - 1] == SPACE
        k += 1
    return k if words == 2 and toks.gaps[j] == SPACE else None


@cache
def _place_keys() -> frozenset[str]:
    return frozenset(key(p) for p in load("ner/places.json")["places"])


def _adjective_follows(toks: Tokens, k: int, g: _Grammar) -> bool:
    """Is word `k` a lower-case adjective on the same line (`des risques naturels`, not `du pays`)?"""
    return (
        k < len(toks)
        and toks.gaps[k - 1] != BREAK
        and toks.word(k)[:1].islower()
        and toks.lows[k] not in g.connectors
        and g.is_adjective(toks.keys[k])
    )


def _lower_portfolio(toks: Tokens, j: int, g: _Grammar) -> int | None:
    """After a capitalised common noun of a complement (`de la Couverture`), a lower-case noun and an adjective
    are the rest of that portfolio (`maladie universelle`); returns the end of its adjectives."""
    if not _common_noun(toks.lows[j - 1]) or toks.gaps[j - 1] == BREAK or not _is_content(toks, j, g):
        return None
    if g.is_adjective(toks.keys[j]) or toks.keys[j] in g.verb_forms or not _adjective_follows(toks, j + 1, g):
        return None
    k = j + 1
    while _adjective_follows(toks, k, g):
        k += 1
    return k


def _portfolio(toks: Tokens, j: int, g: _Grammar) -> int | None:
    """`Service public fédéral Mobilité et Transports`: after a ministry-like head, `et` + one capitalised
    common noun (a portfolio, not another body) continues the name; `Mines-Télécom et Inria` does not."""
    n = len(toks)
    if j + 1 >= n or toks.gaps[j] != SPACE or not is_name_word(toks, j + 1, g):
        return None
    if not (_common_noun(toks.lows[j - 1]) and _common_noun(toks.lows[j + 1])):
        return None
    if j + 2 < n and toks.gaps[j + 1] == SPACE and is_capitalised(toks.word(j + 2)):
        return None  # `et Sciences Po`: a name of several capitalised words is another body
    return j + 2


@cache
def _common_nouns() -> frozenset[str]:
    return frozenset(load("ner/common_words.json")["words"])


def _common_noun(low: str) -> bool:
    return low in _common_nouns()


def _head_at(toks: Tokens, i: int, heads: dict[str, str] | set[str], longest: int) -> int:
    """The number of words of the longest head starting at word `i` (0 if none)."""
    if toks.firsts[i] not in grammar().first_words:  # most words: skip at once
        return 0
    for size in range(min(longest, len(toks) - i), 0, -1):
        if any(gap == BREAK for gap in toks.gaps[i : i + size - 1]):
            continue
        if " ".join(toks.keys[i : i + size]) in heads:
            return size
    return 0


def french_names(toks: Tokens) -> list[tuple[int, int]]:
    """`Agence nationale de la recherche`, `ministère de l'Intérieur`, `Groupe La Poste`… as word spans."""
    g, found = grammar(), []
    for i in toks.having_first(g.first_words):  # `_head_at` is 0 at every other word
        size = _head_at(toks, i, g.french, g.longest_head)
        if not size:
            continue
        head = " ".join(toks.keys[i : i + size])
        lowercase = not is_capitalised(toks.word(i))
        if lowercase and head not in g.lowercase_heads:
            continue
        end, adjectives, proper, complements = _extend(toks, i + size, g)
        name = " ".join(toks.keys[i:end])
        if any(name == n or name.startswith(n + " ") for n in g.not_names):
            continue
        if _generic_body(toks, i, end, g):
            continue
        mode = "proper" if lowercase else g.french[head]
        if mode == "proper":
            # `le ministère de la santé`: a ministry's portfolio, even in lower case
            ok = proper or (lowercase and head in g.lowercase_bodies and complements and not _indefinite(toks, i))
        elif mode == "named":
            # `Institut technologique` alone is a description; two adjectives or a complement make a name.
            # `l'Institut de recherche sur l'hydrogène`: two complements after a capitalised head and `l'`/`le`/`du`
            ok = (
                proper
                or (adjectives and complements)
                or adjectives >= 2
                or (complements >= 2 and head in g.research_heads and _definite(toks, i))
            )
        else:
            ok = end > i + size
        if ok:
            found.append((i, end))
    return found


def _definite(toks: Tokens, i: int) -> bool:
    """A capitalised head after a definite article or its contraction, on the same line (`par l'Institut`)."""
    return (
        i > 0
        and toks.gaps[i - 1] != BREAK
        and is_capitalised(toks.word(i))
        and toks.lows[i - 1] in ("le", "la", "l", "du", "au", "aux", "des")
    )


def _indefinite(toks: Tokens, i: int) -> bool:
    """`un ministère de la parole`, `chaque direction générale`: a kind of thing, not the body."""
    return i > 0 and toks.lows[i - 1] in ("un", "une", "chaque", "aucun", "aucune", "quel", "quelle", "tout", "toute")


def _generic_body(toks: Tokens, i: int, end: int, g: _Grammar) -> bool:
    """`Conseil Municipal`, `conseil régional`: a kind of body, unless a proper complement names one."""
    for phrase in g.generic_bodies:
        size = len(phrase.split())
        if " ".join(toks.keys[i : i + size]) == phrase:
            return not any(is_name_word(toks, k, g) for k in range(i + size, end))
    return False


def _capital_run(toks: Tokens, i: int, g: _Grammar, limit: int = 5) -> int:
    """The first word of the run of capitalised words that ends just before word `i` (`i` if none).

    An acronym does not open the run of a head that is also French (`ENSEIB Institut national …` is an
    acronym and then a name), nor does a line end cross it."""
    start = i
    french_head = i < len(toks) and toks.keys[i] in g.french
    while start > 0 and i - start < limit and toks.gaps[start - 1] != BREAK:
        word = toks.word(start - 1)
        if not is_capitalised(word) or toks.lows[start - 1] in g.determiners:
            break
        if "\n" in toks.text[toks.spans[start - 1][1] : toks.spans[start][0]]:
            break
        if french_head and word.isupper() and len(word) >= 2:
            break
        start -= 1
    return start


def international_names(toks: Tokens) -> list[tuple[int, int]]:
    """`Technical University of Munich`, `Aix-Marseille Université`, `Karlsruher Institut für Technologie`."""
    g, found = grammar(), []
    for i in toks.having_first(g.first_words):  # `_head_at` is 0 at every other word
        if not is_capitalised(toks.word(i)):
            continue
        size = _head_at(toks, i, g.foreign, g.longest_head)
        if not size:
            continue
        head = " ".join(toks.keys[i : i + size])
        start = _capital_run(toks, i, g)
        end = i + size
        if head in g.international:
            while end < len(toks) and toks.gaps[end - 1] == SPACE and is_name_word(toks, end, g) and end - i < 5:
                end += 1  # `Stiftung Bergwald Zukunft`, `Bond Beter Leefmilieu`: capitalised words after the head
            end = _international_complement(toks, end, g)
        if start < i or (head in g.international and end > i + size):
            found.append((start, end))
    for i, k in enumerate(toks.keys):
        # `Vlaamse Milieumaatschappij`, `Bundesamt für Gesundheit`: a Dutch or German compound head.
        if " " in k or not k.endswith(g.compound_ends) or not is_capitalised(toks.word(i)):
            continue
        if not any(len(k) > len(end) + 2 for end in g.compound_ends if k.endswith(end)):
            continue
        start, end = _capital_run(toks, i, g), _international_complement(toks, i + 1, g)
        if start < i or end > i + 1:
            found.append((start, end))
    return found


def _international_complement(toks: Tokens, j: int, g: _Grammar) -> int:
    """The end of `of the Future`, `für Technologie`, `of Science and Technology` after a head."""
    end, n = j, len(toks)
    while j < n and toks.gaps[j - 1] != BREAK and toks.lows[j] in g.intl_connectors and toks.word(j)[:1].islower():
        k = j + 1
        while k < n and toks.gaps[k - 1] != BREAK and toks.lows[k] in ("the", "der", "la", "le", "l"):
            k += 1
        if k >= n or toks.gaps[k - 1] == BREAK or not is_name_word(toks, k, g):
            break
        while k < n and toks.gaps[k - 1] != BREAK and is_name_word(toks, k, g):
            k += 1
        end = j = k
    return end


@cache
def _legal_form_regex() -> re.Pattern:
    forms = sorted(load("organisations/legal_forms.json")["forms"], key=len, reverse=True)
    return re.compile(r"(?<![\w.&])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w&])")


def _possessive_in_capitals(toks: Tokens, last: int, m: re.Match) -> bool:
    """`SA` (or `SAS`…) between two words in capitals, the first a verb or the next a noun: in a title written in
    capitals, `OBTIENT SA LICENCE` and `LANCE SA NOUVELLE OFFRE` hold the possessive `sa`, not a company."""
    if m.group().strip().upper() != "SA" or not toks.word(last).isupper():
        return False
    nxt = bisect.bisect_left(toks.starts, m.end())
    if nxt >= len(toks) or toks.gaps[nxt - 1] == BREAK or not toks.word(nxt).isupper():
        return False
    following = fold(toks.word(nxt))
    if following in _acting_verbs():
        return False  # `ZORGANE SA ANNONCE …`: the company, then what it does
    return following in _common_nouns() or toks.keys[last] in grammar().verb_forms or toks.keys[last] in _acting_verbs()


@cache
def _acting_verbs() -> frozenset[str]:
    return frozenset(fold(v) for v in load("organisations/roles.json")["acting_verbs"])


def legal_form_names(toks: Tokens) -> list[tuple[int, int, int]]:
    """`Siemens AG`, `Acme SAS`: (start, end, end of the name without its form) in characters."""
    g, found = grammar(), []
    for m in _legal_form_regex().finditer(toks.text):
        last = bisect.bisect_left(toks.starts, m.start()) - 1  # the word before the form
        if last < 0 or toks.spans[last][1] > m.start():
            continue
        if toks.text[toks.spans[last][1] : m.start()].strip(" \t\u00a0\u202f"):
            continue
        if toks.spans[last][1] == m.start() or not is_capitalised(toks.word(last)) or toks.lows[last] in g.determiners:
            continue
        if _possessive_in_capitals(toks, last, m):
            continue  # `KALDERA OBTIENT SA LICENCE`: a title in capitals, where `SA` is `sa`
        first = _capital_run(toks, last + 1, g, limit=4)
        found.append((toks.spans[first][0], m.end(), toks.spans[last][1]))
    return found
