"""What of a paragraph block the model's NER reads: the tokens around its name words.

The model's entities are names, and a name holds a *name word*: a word with a
capital letter that is not a capitalised function word (`Monde` in `Le
Monde`, `CNRS`, `Loire` in `Pays de la Loire`; not `Le`, `Dans`, `L'`
opening a sentence). An entity of the model without one is dropped
(`holds_name`): in the model's output on 122 French texts (the seed releases,
the test fixtures, the development releases, FR-TimeBank news), those were 49
of 5,019 entities, nearly all mistakes (lower-case coinages read as places,
`mobile money` as a person, English sentences, words with a footnote mark);
the few real ones lost are titles and names written in lower case after a
capitalised article or none at all (`Les nuits du jazz`, a public body's name
spelt out in lower case).

NER then reads only the pieces of a block around its name words (`windows`),
and finds what it finds in the whole block: the model decides each token from
the vectors of that token and, inside an entity, of the entity's first token
and the token before (spaCy's `ner` state, `set_context_tokens`), and a
vector depends on the tokens within the `context_of` the model's encoder (4 on
each side in `fr_core_news_md`). So a name word with context + 2 tokens before
it in its piece is read as in the whole block, and so is a name that goes on
in lower case for up to 10 tokens after its last name word (`Agence régionale
pour la protection des eaux et des sols`: 9). Measured on those 122 texts: the
same 4,970 entities either way, while NER read 65 % of the tokens of the
development releases' text files and 77 % of the seed releases' (`make bench`
gives the time). A model whose encoder this cannot read gets its blocks whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import NORM, SPACY
from spacy.tokens import Doc, Span

from pipeline.match.orgs import is_function_word

# Read whole a block whose pieces would cover more than this share of it: little to save, and copies to make.
_WHOLE = 0.9


def name_word(word: str) -> bool:
    """A word with a capital letter, unless a capitalised function word (`Le`, `Pour`, `L'`; `LA`, `A` are)."""
    if not any(c.isupper() for c in word):
        return False
    if len(word) < 2 or not word.istitle():
        return True
    return not is_function_word(word.rstrip("'’"))


def holds_name(entity: Span) -> bool:
    """Whether an entity of the model holds a name word (`name_word`)."""
    return any(name_word(token.text) for token in entity)


def context_of(nlp) -> int | None:
    """How many tokens on each side a token's vector depends on in the `ner` component of `nlp`, if known.

    `spacy.MaxoutWindowEncoder`: `depth` layers of `window_size` tokens each side. None for another encoder
    (a listener to a shared `tok2vec`, a transformer): its blocks are read whole.
    """
    try:
        encode = nlp.get_pipe_config("ner")["model"]["tok2vec"]["encode"]
    except (KeyError, TypeError, ValueError):  # no `ner`, or not this architecture
        return None
    if not str(encode.get("@architectures", "")).startswith("spacy.MaxoutWindowEncoder"):
        return None
    return int(encode["depth"]) * int(encode["window_size"])


def windows(words: Sequence[str], context: int) -> list[tuple[int, int]]:
    """Token ranges [start, end) of `words` from context + 2 tokens before a name word to context + 10 after
    it, merged where they meet."""
    left, right = context + 2, context + 10
    spans: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        if not name_word(word):
            continue
        start, end = max(0, i - left), min(len(words), i + right + 1)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def pieces(block: Doc, context: int | None) -> list[tuple[int, Doc]]:
    """(character offset in `block`, doc) of what NER reads of it: the block itself when `context` is
    unknown or the windows cover most of it, else a doc of each window's tokens.

    Each window's doc is made from the block's tokens: their text, the space after them and their norm, which
    a tokenizer exception may set (a no-break space standing alone is normed as two spaces), as `Span.as_doc`
    does in 4x the time (39 ms vs 9.5 ms for the windows of the development releases' text files).
    """
    if context is None:
        return [(0, block)]
    words = [token.text for token in block]
    spans = windows(words, context)
    if sum(end - start for start, end in spans) > _WHOLE * len(block):
        return [(0, block)]
    norms, spaces = block.to_array([NORM, SPACY]).T
    spaces = spaces.astype(bool).tolist()
    out = []
    for start, end in spans:
        piece = Doc(block.vocab, words=words[start:end], spaces=spaces[start:end])
        piece.from_array([NORM], norms[start:end, None])
        out.append((block[start].idx, piece))
    return out
