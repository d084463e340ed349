"""The spaCy pipeline: `fr_core_news_md`'s NER followed by the rule components.

Loaded once per process (workers keep it between documents), spaCy's French
tokenizer pattern compiled factored (`ner.token_match`: a worker's
`process.load_models` took 4.1-4.3 s with spaCy's own, 2.4-2.6 s). The model's
shared `tok2vec` and `morphologizer` are loaded with it but disabled: NER
does not need them (its own tok2vec is inside it: it listens to no shared
one), and the date rules run them only on the sentences whose tense decides
a date (`tense_reader`), so one model serves both.

`read_blocks` is where the model reads text: the paragraph blocks of one
document, or of a batch of short documents in one `nlp.pipe` call (a
worker's batch, `process.process_batch`). Blocks that cannot hold an entity
(`paragraphs.can_hold_entity`) skip NER, NER reads the others around their
name words only (`ner.windows`), and the rule components read every block.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version

import spacy

from pipeline.match.base import Match
from pipeline.ner.token_match import quick_token_match
from pipeline.ner.windows import context_of, holds_name, pieces
from pipeline.paragraphs import blocks, can_hold_entity
from pipeline.settings import SPACY_DISABLE, SPACY_EXCLUDE, SPACY_MODEL


@cache
def load_nlp(rules: bool = True) -> spacy.language.Language:
    """NER only (the model's own tok2vec inside it), then the paragraph-level rule matchers unless `rules` is False."""
    with quick_token_match():  # spaCy's French tokenizer pattern, compiled in 0.1 s instead of 2 s
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


def read_blocks(nlp: spacy.language.Language, texts: list[tuple[str, dict | None]], source: str):
    """The model's entities and the paragraph rules' matches of each masked text, in its offsets.

    `texts`: (masked text, monetary locale) pairs; returns one `(ner, rules)` pair of `Match` lists per
    text. NER reads all their blocks in one call. The saving is small: on 300 short generated
    releases (3 blocks each), one call per batch of 50 was 1.05x one call per document (medians of 5
    interleaved repeats, load 6 on 2 cores; a first, sequential measurement on 1,000 said 1.12x); and
    feeding each release whole instead of block by block changed nothing (1.01x), so blocks stay.

    A block that cannot hold an entity (`can_hold_entity`) is not read by NER, and of the others NER reads
    the pieces around their name words (`ner.windows`); the rule components (the amounts) run on every
    block whole.
    """
    pending = []  # (block, text's index, block's offset, read by NER), in text order
    for i, (masked, locale) in enumerate(texts):
        for start, end in blocks(masked):
            text = masked[start:end]  # not `block.text`: spaCy joins it from the tokens at each call
            block = nlp.make_doc(text)
            block._.locale = locale
            pending.append((block, i, start, can_hold_entity(text)))
    read = iter(_names(nlp, [block for block, *_, by_ner in pending if by_ner]))
    names = [next(read) if by_ner else [] for *_, by_ner in pending]
    rules = [nlp.get_pipe(name) for name in nlp.pipe_names if name != "ner"]
    results = [([], []) for _ in texts]
    for (block, i, offset, _), found in zip(pending, names, strict=True):
        for component in rules:
            block = component(block)
        ner_matches, rule_matches = results[i]
        ner_matches.extend(Match(label, start + offset, end + offset, None, source) for label, start, end in found)
        rule_matches.extend(m.shifted(offset) for m in block._.matches or [])
    return results


def _names(nlp: spacy.language.Language, docs: list) -> list[list[tuple[str, int, int]]]:
    """The model's entities holding a name word, (label, start, end) in each doc, from one `ner.pipe` call
    over the pieces NER reads of them (`ner.windows`)."""
    context = context_of(nlp)
    read = [(at, offset, piece) for at, doc in enumerate(docs) for offset, piece in pieces(doc, context)]
    names = [[] for _ in docs]
    pieces_read = nlp.get_pipe("ner").pipe([piece for *_, piece in read], batch_size=nlp.batch_size)
    for (at, offset, _), doc in zip(read, pieces_read, strict=True):
        names[at].extend((e.label_, e.start_char + offset, e.end_char + offset) for e in doc.ents if holds_name(e))
    return names
