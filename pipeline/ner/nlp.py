"""The spaCy pipeline: `fr_core_news_md`'s NER followed by the rule components.

Loaded once per process (workers keep it between documents). The model's
shared `tok2vec` and `morphologizer` are loaded with it but disabled: NER
does not need them, and the date rules run them only on the sentences whose
tense decides a date (`tense_reader`), so one model serves both.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version

import spacy

from pipeline.settings import SPACY_DISABLE, SPACY_EXCLUDE, SPACY_MODEL


@cache
def load_nlp(rules: bool = True) -> spacy.language.Language:
    """NER only (the model's own tok2vec inside it), then the paragraph-level rule matchers unless `rules` is False."""
    nlp = spacy.load(SPACY_MODEL, exclude=SPACY_EXCLUDE, disable=SPACY_DISABLE)
    if rules:
        from pipeline.match.components import PARAGRAPH_COMPONENTS

        for name in PARAGRAPH_COMPONENTS:
            nlp.add_pipe(name)
    return nlp


@cache
def tense_reader():
    """The tense of date clauses, from the morphologizer of the model `load_nlp` loaded."""
    from pipeline.match.dates.tense import spacy_tense_reader

    return spacy_tense_reader(load_nlp())


def model_info() -> dict:
    """Name and version of the statistical model, for provenance."""
    return {"name": SPACY_MODEL, "version": version(SPACY_MODEL.replace("_", "-"))}
