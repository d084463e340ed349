"""NER reads the tokens around the name words of a block and finds what it finds in the whole block (issue 21).

The texts are invented, of different shapes: long lower-case passages with one name in the middle, names
that go on in lower case, coordinated names, sentences opening on capitalised function words, headings in
capitals, lists, names at the very start or end of a block, places and bodies of several countries.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.ner.windows import context_of, holds_name, name_word, pieces, windows

FILLER = (
    "le projet prévoit la rénovation de plusieurs bâtiments anciens et la plantation de haies le long des "
    "chemins communaux afin de protéger les sols et de garder l'eau de pluie sur les parcelles cultivées "
)


@pytest.mark.parametrize(
    "word",
    ["Monde", "CNRS", "LA", "A", "Loire", "Île-de-France", "eBay", "McKinsey", "Ouagadougou", "ÉTAT", "Zürich", "B2B"],
)
def test_a_word_with_a_capital_is_a_name_word(word):
    assert name_word(word)


@pytest.mark.parametrize(
    "word", ["le", "Le", "Dans", "L'", "L’", "D'", "Pour", "Avec", "Et", "Ces", "Depuis", "3", "—", "«", "été"]
)
def test_lower_case_words_and_capitalised_function_words_are_not(word):
    assert not name_word(word)


def test_windows_reach_from_context_plus_two_before_to_context_plus_ten_after_and_merge():
    words = ["x"] * 60
    words[30] = "Inria"
    assert windows(words, 4) == [(24, 45)]
    assert windows(words, 1) == [(27, 42)]
    words[40] = "Lyon"  # within reach of the first: one window
    assert windows(words, 4) == [(24, 55)]
    words[2], words[58] = "Namur", "Sion"  # clipped at the edges
    assert windows(words, 4) == [(0, 17), (24, 60)]
    assert windows(["Le", "projet", "de", "la", "commune"], 4) == []  # a sentence opening on `Le` holds no name


def test_a_block_is_read_whole_when_the_encoder_is_unknown_or_the_windows_cover_most_of_it():
    nlp = spacy.blank("fr")
    short = nlp("Le Conseil régional de Bretagne et la Ville de Québec signent un accord.")
    assert pieces(short, 4) == [(0, short)]
    long_ = nlp(f"{FILLER * 3}la coopérative Terres du Kivu a rejoint le réseau. {FILLER * 3}")
    assert pieces(long_, None) == [(0, long_)]
    [(offset, piece)] = pieces(long_, 4)
    assert len(piece) < len(long_) / 4
    assert long_.text[offset : offset + len(piece.text)] == piece.text and "Terres du Kivu" in piece.text


def test_a_piece_keeps_the_tokens_of_its_block_with_their_norms():
    nlp = spacy.blank("fr")
    block = nlp(f"{FILLER * 2}selon la Caisse d'épargne de Sion\xa0: le taux atteint 3\xa0%. {FILLER * 2}")
    [(offset, piece)] = pieces(block, 4)
    first = next(t.i for t in block if t.idx == offset)
    same = block[first : first + len(piece)]
    assert [(t.text, t.whitespace_, t.norm_) for t in piece] == [(t.text, t.whitespace_, t.norm_) for t in same]
    assert any(t.norm_ != t.lower_ for t in piece)  # a no-break space, normed as two spaces by the tokenizer


def test_an_entity_holds_a_name_word():
    doc = Doc(spacy.blank("fr").vocab, words=["Les", "nuits", "du", "jazz", "à", "la", "Maison", "Blanche"])
    assert not holds_name(doc[0:4]) and not holds_name(doc[4:6])
    assert holds_name(doc[5:8]) and holds_name(doc[6:7])


@pytest.mark.slow
def test_the_encoder_context_is_read_from_the_model_config():
    from pipeline.ner.nlp import load_nlp

    assert context_of(load_nlp()) == 4  # fr_core_news_md: MaxoutWindowEncoder, depth 4, window 1
    assert context_of(spacy.blank("fr")) is None  # no `ner`: nothing to read
    listener = spacy.blank("fr")
    listener.add_pipe("tok2vec")
    listener.add_pipe("ner", config={"model": {"tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}}})
    assert context_of(listener) is None  # a listener to a shared tok2vec: blocks read whole


TEXTS = [
    # one name deep inside long lower-case passages
    f"{FILLER * 2}les travaux seront suivis par la Société wallonne des eaux dès cet automne. {FILLER * 2}",
    # a name that goes on in lower case for nine words, coordinated with another
    f"{FILLER}L'Agence régionale pour la protection des eaux et des sols et le Syndicat mixte du bassin "
    f"versant de la Vienne ont signé une convention. {FILLER}",
    # sentences opening on capitalised function words, names at the start and the end of the block
    f"Bamako. {FILLER}Dans chaque commune, {FILLER}Depuis des années, {FILLER}Pour la suite, {FILLER}"
    "le financement vient de la Banque ouest-africaine de développement",
    # a heading in capitals, then a list of partners
    f"PROGRAMME DE COOPÉRATION RÉGIONALE\n{FILLER}les partenaires sont :\n- la commune de Martigny\n"
    f"- l'Université de Lausanne\n- la Fondation pour la nature alpine\n{FILLER}",
    # people and places of several countries in ordinary sentences
    f"{FILLER}selon Aminata Traoré\xa0: la maire adjointe de Ségou, {FILLER}et pour Jean-François Tremblay, "
    f"directeur à Trois-Rivières, {FILLER}la démarche rejoint celle de la province de Liège.",
    # a lower-case passage with no name at all
    FILLER * 4,
]


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS)
def test_ner_finds_in_the_pieces_what_it_finds_in_the_whole_block(text):
    from pipeline.ner.nlp import load_nlp

    nlp = load_nlp()
    ner, block = nlp.get_pipe("ner"), nlp.make_doc(text)
    whole = {(e.label_, e.start_char, e.end_char) for e in ner(nlp.make_doc(text)).ents if holds_name(e)}
    read = pieces(block, context_of(nlp))
    found = {(e.label_, e.start_char + o, e.end_char + o) for o, p in read for e in ner(p).ents if holds_name(e)}
    assert found == whole
    assert sum(len(p) for _, p in read) < 0.7 * len(block)  # and NER read less than the block
    if any(name_word(t.text) for t in block):
        assert whole  # the model did find names here: the comparison is not between two empty sets


@pytest.mark.slow
def test_read_blocks_gives_the_names_far_into_a_block_at_their_offsets():
    from pipeline.ner.nlp import load_nlp, read_blocks

    text = f"Titre\n\n{FILLER * 2}la Fondation Terres Vives de Namur a financé l'étude à hauteur de 2 millions d'euros."
    [(ner, rules)] = read_blocks(load_nlp(), [(text, None)], "ner:test")
    assert "Fondation Terres Vives de Namur" in {text[m.start : m.end] for m in ner}
    assert [text[m.start : m.end] for m in rules if m.label == "MONEY"] == ["2 millions d'euros"]
