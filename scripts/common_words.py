"""Regenerate `pipeline/models/ner/common_words.json`: `python scripts/common_words.py`.

NER cleanup drops an entity whose lower-case form is an ordinary French word
(`Renforcer`, `Serrage` opening a sentence). That list is rule data, built
once from the statistical model and kept in `pipeline/models/`; this script, not the
runtime code, is what builds it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


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


def main() -> None:
    import spacy

    from pipeline.ruledata import MODELS_DIR
    from pipeline.settings import SPACY_MODEL

    # The vocabulary with its strings, which the pipeline's own load leaves out (`settings.SPACY_EXCLUDE`).
    components = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]
    nlp = spacy.load(SPACY_MODEL, exclude=components)
    doc = {
        "_doc": "Lower-case words that are ordinary French words, not names; generated from the frequency order of "
        "fr_core_news_md's vector table by scripts/common_words.py (common_words_from_vectors).",
        "words": common_words_from_vectors(nlp.vocab),
    }
    with open(MODELS_DIR / "ner" / "common_words.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
