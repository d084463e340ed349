"""The tense of the clause a date stands in: past, present or future.

`le 14 juin` in a release dated 9 March is last June in `a eu lieu le 14 juin`
and next June in `aura lieu le 14 juin`; `aujourd'hui` is the day of the
release in `a annoncé aujourd'hui` and "nowadays" in `aujourd'hui, l'IA
transforme…`. The words around the date rarely say which; the verb does.

The morphology comes from spaCy's morphologizer (`fr_core_news_md`), run only
on the sentences that hold a date needing it (a year-less day or month, a
weekday, `aujourd'hui`...): a handful per release, about 3 ms each, where
running the tagger on whole documents would double the cost of NER. The
morphologizer shares the model's `tok2vec`, which the NER-only pipeline leaves
disabled; both are loaded with the model (`pipeline.ner.nlp`), so the worker's
memory does not change (measured: 345 MB resident either way).

A verb group is a finite verb or auxiliary with the participle or infinitive
that follows it; the group nearest the date (in tokens) gives the tense:

- future: `Tense=Fut` (`aura lieu`), the conditional (`devrait`), `aller` +
  infinitive (`va lancer`);
- past: `Tense=Past`/`Imp` (passé simple, imparfait), `avoir` + participle
  (`a annoncé`, `a été signé`), `être` + participle of a verb of motion or
  state change or after a reflexive pronoun (`est arrivé`, `s'est tenu`),
  `venir de` + infinitive;
- event: the present of a verb that reports a dated act, as releases do
  (`annonce aujourd'hui`, `inaugure`, `lance`): present for the calendar, but
  it makes `aujourd'hui` the day of the release;
- present: any other finite verb, the present passive included (`est prévue
  le 16 juillet`, a planned event).

Participles and infinitives alone carry no tense (`prévue le 15 septembre`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from pipeline.ruledata import load

Span = tuple[int, int]
TenseReader = Callable[[str, Sequence[Span]], list[str | None]]

_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_MAX_SIDE = 300  # characters of context kept on each side of a date


@cache
def _forms() -> dict[str, frozenset[str]]:
    return {key: frozenset(words) for key, words in load("dates/tense.json").items() if key != "_doc"}


def sentence_of(text: str, start: int, end: int) -> Span:
    """Bounds of the sentence holding [start, end), at most `_MAX_SIDE` characters on each side."""
    lo = max(0, start - _MAX_SIDE)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    first = before[-1] if before else lo
    after = _SENTENCE_END.search(text, end, min(len(text), end + _MAX_SIDE))
    return first, after.start() + 1 if after else min(len(text), end + _MAX_SIDE)


def spacy_tense_reader(nlp) -> TenseReader:
    """A tense reader on the `tok2vec` and `morphologizer` components of `nlp` (enabled or not)."""
    tok2vec, morphologizer = nlp.get_pipe("tok2vec"), nlp.get_pipe("morphologizer")

    def read(text: str, spans: Sequence[Span]) -> list[str | None]:
        bounds = [sentence_of(text, s, e) for s, e in spans]
        unique = sorted(set(bounds))
        docs = morphologizer.pipe(tok2vec.pipe(nlp.make_doc(text[a:b]) for a, b in unique))
        by_bounds = dict(zip(unique, docs, strict=True))
        return [tense_at(by_bounds[b], s - b[0], e - b[0]) for b, (s, e) in zip(bounds, spans, strict=True)]

    return read


def tense_at(doc, start: int, end: int) -> str | None:
    """The tense of the verb group nearest the characters [start, end) of a morphologised sentence."""
    inside = [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not inside:
        return None
    best, best_distance = None, None
    for first, last, tense in verb_groups(doc):
        d = max(first - inside[-1], inside[0] - last, 0)
        if best_distance is None or d < best_distance:
            best, best_distance = tense, d
    return best


def verb_groups(doc) -> list[tuple[int, int, str | None]]:
    """(first token, last token, tense) of each verb group of the sentence.

    A participle or an infinitive outside a finite group is a group without a tense: nearest
    the date, it says the date's clause has none (`stocks aujourd'hui reconstitués`, `avant de
    quitter ses fonctions le 30 octobre`).
    """
    forms = _forms()
    groups: list[tuple[int, int, str | None]] = []
    taken: set[int] = set()
    for tok in doc:
        verb_form = set(tok.morph.get("VerbForm"))
        if "Fin" not in verb_form:
            if verb_form & {"Part", "Inf"} and tok.pos_ in ("VERB", "AUX") and tok.i not in taken:
                groups.append((tok.i, tok.i, None))
            continue
        follower = None
        for nxt in doc[tok.i + 1 : tok.i + 6]:
            if nxt.lower_ in forms["skip"] or nxt.pos_ == "ADV":
                continue
            if {"Part", "Inf"} & set(nxt.morph.get("VerbForm")):
                follower = nxt
            break
        if follower is not None:
            taken.update(range(tok.i + 1, follower.i + 1))
        groups.append((tok.i, follower.i if follower else tok.i, _group_tense(doc, tok, follower)))
    return groups


def _group_tense(doc, tok, follower) -> str:
    forms = _forms()
    tense, mood = set(tok.morph.get("Tense")), set(tok.morph.get("Mood"))
    if "Fut" in tense or "Cnd" in mood:
        return "future"
    if tense & {"Past", "Imp"}:
        return "past"
    word = tok.lower_
    reflexive = any(t.lower_ in forms["reflexive"] for t in doc[max(0, tok.i - 2) : tok.i])
    if follower is None:
        event = word in forms["event"] or (reflexive and word in forms["reflexive_event"])
        return "event" if event else "present"
    if _infinitive(follower):
        if word in forms["aller"]:
            return "future"
        recent = word in forms["venir"] and any(t.lower_ in ("de", "d'", "d’") for t in doc[tok.i + 1 : follower.i])
        return "past" if recent else "present"
    if word in forms["avoir"]:
        return "past"
    if word in forms["etre"]:
        return "past" if reflexive or _unaccusative(follower.lower_) else "present"
    return "present"


def _infinitive(tok) -> bool:
    """An infinitive by its morphology and its ending: the tagger sometimes calls `nettoyé` one."""
    return "Inf" in tok.morph.get("VerbForm") and tok.lower_.endswith(("er", "ir", "re", "oir"))


def _unaccusative(participle: str) -> bool:
    stems = _forms()["unaccusative"]
    return any(participle in (s, s + "e", s + "s", s + "es") for s in stems)
