"""spaCy's French `token_match`, factored (`ner.token_match`): the same strings match, the same tokens come out."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.ner.token_match import HUGE, factored, quick_token_match

# A long class, as spaCy's are (every lower-case letter): the ending of the alternatives below starts there.
LETTERS = "[a-z" + "".join(chr(c) for c in range(0xE0, 0x17F)) + "]"
HYPHENS = "[-–‐]"


def same_strings(pattern: str, other: str, strings) -> None:
    a, b = re.compile(pattern).match, re.compile(other).match
    assert [s for s in strings if bool(a(s)) != bool(b(s))] == []


def test_alternatives_that_end_alike_are_grouped_under_one_ending_and_match_the_same_strings():
    pattern = "(?iu)" + "|".join(
        [
            f"(?:^anti{HYPHENS}{LETTERS}+$)",
            f"(?:^contre{HYPHENS}{LETTERS}+$)",
            f"(?:^r?é?entr['’]{LETTERS}+$)",
            f"(?:^sous{HYPHENS}{LETTERS}*$)",  # another ending: its own group
            f"(?:^{LETTERS}+{HYPHENS}la{HYPHENS}(?:l['’])?{LETTERS}+$)",  # the long class first: an empty start
            f"(?:^sur{HYPHENS}{LETTERS}+$)",
        ]
    )
    quick = factored(pattern, long_class=50)
    assert quick is not None and quick.startswith("(?iu)")
    assert len(quick) < len(pattern) and quick.count(LETTERS) == 4  # four alternatives share one ending
    words = ["anti-vol", "Anti–Âge", "contre‐ordre", "entr'ouvert", "réentr’ouvrir", "rentr'apercevoir"]
    words += ["sous-", "sous-sol", "SUR-MESURE", "pont-la-ville", "pet-la-l'air", "à-la-française"]
    negatives = ["anti", "antivol", "anti-", "anti-vol2", "contre ordre", "ouvert", "sur-", "la", "pont-la-", ""]
    negatives += ["anti-vol anti-vol", "sous-sol-", "sur_mesure", "xanti-vol"]
    same_strings(pattern, quick, words + negatives)
    assert all(re.compile(quick).match(w) for w in words)
    assert not any(re.compile(quick).match(w) for w in negatives)


def test_random_strings_match_the_factored_pattern_as_they_match_the_original():
    pattern = "(?i)" + "|".join(f"(?:^{p}{HYPHENS}{LETTERS}+$)" for p in ["porte", "vice", "arc", "néo", "e?x"])
    pattern += f"|(?:^{LETTERS}+{HYPHENS}en{HYPHENS}{LETTERS}+$)"
    rng = random.Random(3)
    starts = ["porte", "vice", "arc", "néo", "ex", "x", "ciel", "Roi", "1", "", "é"]
    words, links = ["en", "ciel", "roi", "1", ""], ["-", "–", " ", "'", ""]

    def piece() -> str:
        return rng.choice(starts) + rng.choice(links) + rng.choice(words)

    strings = ["".join(piece() for _ in range(rng.randint(1, 3))) for _ in range(3000)]
    quick = factored(pattern, long_class=50)
    assert quick is not None
    same_strings(pattern, quick, strings)
    assert sum(1 for s in strings if re.match(pattern, s)) > 100  # the strings exercise the pattern


@pytest.mark.parametrize(
    "pattern",
    [
        f"(?:^a-{LETTERS}+$)",  # one alternative
        f"(?:^a-{LETTERS}+$)|(?:^b-{LETTERS}*$)",  # no two end alike
        f"(?:^a-{LETTERS}+$)|^b-{LETTERS}+$",  # an alternative not in a group
        f"(?:^a-{LETTERS}+$)|(?:^b|c-{LETTERS}+$)",  # a group with its own alternatives
        f"(?:^a-(?={LETTERS}){LETTERS}+$)|(?:^b-(?={LETTERS}){LETTERS}+$)",  # a lookahead
        f"(?:^(a)-{LETTERS}+\\1$)|(?:^(b)-{LETTERS}+\\1$)",  # a backreference
        f"(?:^(?P<x>a)-{LETTERS}+$)|(?:^(?P<y>b)-{LETTERS}+$)",  # named groups
        f"(?:^(a)?(?(1)-){LETTERS}+$)|(?:^(b)?(?(1)-){LETTERS}+$)",  # conditionals
    ],
)
def test_what_cannot_be_factored_safely_is_left_alone(pattern):
    assert factored(pattern, long_class=50) is None


def test_a_long_class_inside_a_group_or_a_bracket_first_in_a_class_is_read_as_such():
    pattern = f"(?:^a(?:{LETTERS})?[]x]{LETTERS}+$)|(?:^b(?:{LETTERS})?[]x]{LETTERS}+$)"
    quick = factored(pattern, long_class=50)
    assert quick == f"(?:(?:^a(?:{LETTERS})?[]x]|^b(?:{LETTERS})?[]x]){LETTERS}+$)"
    same_strings(pattern, quick, ["a]é", "ab]é", "bxx", "b]", "ax", "c]a", "aéx", "abx1"])


def test_escaped_brackets_and_backslashes_inside_a_long_class_do_not_end_it():
    escaped = "[\\]\\\\\\-" + LETTERS[1:]  # `\]`, `\\` and `\-` first: the class is long only past them
    pattern = f"(?:^a-{escaped}+$)|(?:^b-{escaped}+$)|(?:^c[\\]]{escaped}*$)"
    quick = factored(pattern, long_class=50)
    assert quick == f"(?:(?:^a-|^b-){escaped}+$)|(?:(?:^c[\\]]){escaped}*$)"
    words = ["a-é]", "b-\\-", "c]", "c]x]", "a-", "b-]]", "c", "a-z1", "d-é", "b-\\"]
    same_strings(pattern, quick, words)


def test_a_huge_pattern_that_cannot_be_read_is_left_for_re_to_reject():
    broken = "(?:^a-[a-z" + "x" * HUGE + "+$)|(?:^b-[a-z+$)"  # a class never closed
    with quick_token_match(), pytest.raises(re.error):
        re.compile(broken)


def test_quick_token_match_factors_only_huge_patterns_and_only_inside_the_block():
    huge = "(?i)" + "|".join(f"(?:^w{i}-{LETTERS}+$)" for i in range(HUGE // len(LETTERS) + 1))
    assert len(huge) >= HUGE
    small = f"(?:^a-{LETTERS}+$)|(?:^b-{LETTERS}+$)"
    real = re.compile
    with quick_token_match():
        assert re.compile(huge).pattern == factored(huge)
        assert re.compile(small).pattern == small
        assert re.compile(huge).match("W7-été") and not re.compile(huge).match("w7 été")
    assert re.compile is real


def test_spacys_french_token_match_and_its_factored_form_agree():
    """The pattern spaCy builds (its own lists of prefixes) against the one the pipeline compiles: the same
    answer for 20,000 invented hyphenated and elided words, and the same tokens for invented French text."""
    import spacy.lang.fr.tokenizer_exceptions as exceptions
    from spacy.tokenizer import Tokenizer

    from pipeline.ner.nlp import load_nlp

    original = re.compile("(?iu)" + "|".join(f"(?:{m})" for m in exceptions._regular_exp)).match
    tokenizer = load_nlp().tokenizer
    quick = tokenizer.token_match
    assert len(quick.__self__.pattern) < HUGE <= len(original.__self__.pattern)  # the model's is the factored one

    rng = random.Random(5)
    starts = [p.replace("?", "") for p in exceptions._hyphen_prefix] + ["entr", "grandes", "r", "new", "prud"]
    words = ["vol", "mère", "ouest", "unis", "homme", "air", "été", "œuvre", "x", "a1", "2030", "la", "en", "de"]
    links = ["-", "–", "—", "‐", "'", "’", " ", ""]

    def word() -> str:
        parts = [rng.choice(starts + words)]
        for _ in range(rng.randint(1, 3)):
            parts += [rng.choice(links), rng.choice(words + starts)]
        return rng.choice([str.lower, str.upper, str.capitalize])("".join(parts))

    strings = [word() for _ in range(20_000)]
    assert [s for s in strings if bool(original(s)) != bool(quick(s))] == []
    assert sum(1 for s in strings if original(s)) > 1_000

    text = (
        "Le porte-parole de l'entreprise a reçu le vice-président à New-York et à Saint-Jean-de-Luz. "
        "C'est-à-dire qu'un arc-en-ciel, anti-inflammatoire ou non, entr'ouvre les États-Unis ; "
        "la grand'mère du néo-zélandais a dit « aujourd'hui » à l'auto-école, ex-PDG d'Outre-Mer."
    )
    slow = Tokenizer(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=original,
        url_match=tokenizer.url_match,
    )
    assert [t.text for t in tokenizer(text)] == [t.text for t in slow(text)]
    assert "porte-parole" in [t.text for t in tokenizer(text)]  # a token the pattern keeps whole
