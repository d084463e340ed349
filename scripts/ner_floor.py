"""The statistical model's own quality as a floor: does cleanup lower NER F1 on plain text?

    python scripts/ner_floor.py SAMPLE [SAMPLE…]

SAMPLE is a French NER sample kept outside the repository, in one of two
formats: WikiNEuRal's CoNLL (`index<TAB>token<TAB>BIO tag`, a blank line
between sentences; Tedeschi et al., 2021, github.com/Babelscape/wikineural,
`data/wikineural/fr/*.conllu`), or one sentence per line with tokens
separated by spaces and entity tokens written `token|B-ORG`, `token|I-ORG`.

Sentences are detokenised (no space before `,` `.` `)`, none after `l'`),
and three systems are scored on PER, ORG, LOC and MISC, by exact character
span and label:

- `model`: fr_core_news_md's NER alone;
- `model + cleanup`: the same entities after `ner.cleanup.clean_entities`;
- `pipeline`: what a record holds (`ner.find_entities`: rules, cleanup,
  overlaps).

The last two must not score below the first. The figures of the current
code are in README.md (Development).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELS = ("PER", "ORG", "LOC", "MISC")
_NO_SPACE_BEFORE = {",", ".", ")", "]", "»", ";", ":", "!", "?", "…", "%"}
_NO_SPACE_AFTER = {"(", "[", "«"}


def read_sample(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as lists of (token, BIO tag)."""
    sentences: list[list[tuple[str, str]]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if any("\t" in line for line in lines[:20]):
        current: list[tuple[str, str]] = []
        for line in [*lines, ""]:
            parts = line.split("\t")
            if len(parts) >= 3:
                current.append((parts[1], parts[2]))
            elif current:
                sentences.append(current)
                current = []
        return sentences
    for line in lines:
        tokens = []
        for piece in line.split(" "):
            word, _, tag = piece.rpartition("|") if re.search(r"\|[BI]-[A-Z]+$", piece) else (piece, "", "O")
            if word:
                tokens.append((word, tag))
        if tokens:
            sentences.append(tokens)
    return sentences


def detokenise(tokens: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int, str]]]:
    """The sentence as text, and its gold entities as (start, end, label) character spans."""
    text, spans, current = "", [], None
    previous = ""
    for word, tag in tokens:
        glue = not text or word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or previous.endswith(("'", "’"))
        if not glue:
            text += " "
        start = len(text)
        text += word
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != tag[2:])):
            if current:
                spans.append(current)
            current = [start, len(text), tag[2:]]
        elif tag.startswith("I-") and current:
            current[1] = len(text)
        else:
            if current:
                spans.append(current)
            current = None
        previous = word
    if current:
        spans.append(current)
    return text, {(s, e, label) for s, e, label in spans if label in LABELS}


def systems(text: str) -> dict[str, set[tuple[int, int, str]]]:
    from pipeline.match.base import Match
    from pipeline.match.orgs import find_organisations
    from pipeline.ner import NER_SOURCE, find_entities
    from pipeline.ner.cleanup import clean_entities
    from pipeline.ner.mask import mask
    from pipeline.ner.nlp import load_nlp

    masked = mask(text)
    doc = load_nlp()(masked)
    model = [Match(e.label_, e.start_char, e.end_char, None, NER_SOURCE) for e in doc.ents]
    cleaned = clean_entities(masked, model, find_organisations(masked))
    entities, _ = find_entities(text)

    def spans(ms):
        return {(m.start, m.end, m.label) for m in ms if m.label in LABELS}

    return {"model": spans(model), "model + cleanup": spans(cleaned), "pipeline": spans(entities)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("samples", nargs="+", type=Path)
    args = parser.parse_args()
    sentences = [s for path in args.samples for s in read_sample(path)]
    tp: dict[str, Counter] = {}
    pred: dict[str, Counter] = {}
    gold: Counter = Counter()
    for tokens in sentences:
        text, truth = detokenise(tokens)
        gold.update(label for *_, label in truth)
        for name, found in systems(text).items():
            tp.setdefault(name, Counter()).update(label for *_, label in found & truth)
            pred.setdefault(name, Counter()).update(label for *_, label in found)
    print(f"{len(sentences)} sentences, {sum(gold.values())} gold entities ({dict(gold)})")
    print(f"{'system':<16} {'P':>6} {'R':>6} {'F1':>6}   " + "  ".join(f"{label} F1" for label in LABELS))
    for name in tp:
        row = [_f1(tp[name][label], pred[name][label], gold[label]) for label in LABELS]
        p, r, f = _prf(sum(tp[name].values()), sum(pred[name].values()), sum(gold.values()))
        print(f"{name:<16} {p:6.3f} {r:6.3f} {f:6.3f}   " + "  ".join(f"{x:6.3f}" for x in row))


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _f1(tp: int, pred: int, gold: int) -> float:
    return _prf(tp, pred, gold)[2]


if __name__ == "__main__":
    main()
