from pipeline.match.base import Match
from pipeline.ner.overlaps import resolve_overlaps
from pipeline.paragraphs import blocks


def m(label, start, end, source="rule:x"):
    return Match(label, start, end, None, source)


def test_rule_span_beats_overlapping_ner_span():
    ner = [m("MISC", 0, 12, "ner:model"), m("PER", 20, 25, "ner:model")]
    rules = [m("MONEY", 5, 15)]
    kept = resolve_overlaps(rules, ner)
    assert [(e.label, e.start, e.end) for e in kept] == [("MONEY", 5, 15), ("PER", 20, 25)]


def test_longer_rule_span_wins_then_earlier_then_label_priority():
    rules = [m("PERCENT", 0, 3), m("MONEY", 0, 10), m("DATE", 8, 14), m("DATE", 20, 24), m("MONEY", 20, 24)]
    kept = resolve_overlaps(rules, [])
    assert [(e.label, e.start, e.end) for e in kept] == [("MONEY", 0, 10), ("MONEY", 20, 24)]


def test_adjacent_spans_do_not_overlap():
    kept = resolve_overlaps([m("DATE", 0, 5), m("MONEY", 5, 9)], [m("ORG", 9, 12, "ner:model")])
    assert len(kept) == 3


def test_blocks_are_paragraphs_and_long_ones_are_cut():
    text = "Premier paragraphe.\n\n \nSecond, sur\ndeux lignes.\n\n" + "mot " * 40
    spans = list(blocks(text, limit=50))
    assert text[spans[0][0] : spans[0][1]] == "Premier paragraphe."
    assert text[spans[1][0] : spans[1][1]] == "Second, sur\ndeux lignes."
    assert all(e - s <= 50 for s, e in spans)
    assert "".join(text[s:e] for s, e in spans[2:]).split() == ["mot"] * 40


def test_long_paragraphs_are_cut_at_line_ends_first_then_sentence_ends():
    text = "a" * 30 + ". " + "b" * 10 + "\n" + "c" * 20 + " " + "d" * 30
    first = next(iter(blocks(text, limit=70)))
    assert text[first[0] : first[1]] == "a" * 30 + ". " + "b" * 10 + "\n"
    text = "a" * 40 + ". " + "b" * 10 + " " + "c" * 30
    first = next(iter(blocks(text, limit=70)))
    assert text[first[0] : first[1]] == "a" * 40 + ". "


def _spans(text, rules, ner):
    return [(e.label, text[e.start : e.end]) for e in resolve_overlaps(rules, ner, text)]


def test_a_product_named_after_its_maker_keeps_its_name():
    text = "intégrée à Zorgle Drive 2 puis à Zorgle seul"
    rules = [m("ORG", 11, 17), m("ORG", 33, 39)]
    ner = [m("MISC", 11, 25, "ner:model")]
    assert _spans(text, rules, ner) == [("MISC", "Zorgle Drive 2"), ("ORG", "Zorgle")]


def test_a_maker_before_lower_case_words_or_another_line_stays_an_organisation():
    text = "Zorgle propose\nZorgle Drive"
    rules = [m("ORG", 0, 6), m("ORG", 15, 21)]
    ner = [m("MISC", 0, 14, "ner:model"), m("ORG", 15, 27, "ner:model")]  # lower case after; an ORG, not a MISC
    assert _spans(text, rules, ner) == [("ORG", "Zorgle"), ("ORG", "Zorgle")]
