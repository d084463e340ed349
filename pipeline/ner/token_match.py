"""spaCy's French `token_match`, compiled in a tenth of a second instead of two.

`spacy.lang.fr` builds one regular expression of 1.45 million characters when it
is imported (`TOKEN_MATCH` in `spacy/lang/fr/tokenizer_exceptions.py`: 266
alternatives such as `(?:^anti[-‐]…[<every lower-case letter>]+$)`, each with its
own copies of classes of several thousand characters), and `fr_core_news_md`'s
tokenizer compiles the same string again (a hit in `re`'s cache). Python took
1.9 to 2.5 s to compile it: 40 % of a worker's start, paid by every process that
loads the model (`python -X importtime -c "import spacy.lang.fr"`).

`factored` writes the same language with the alternatives that end alike under
one copy of their ending, `(?:^a[-]x[al]+$)|(?:^b[-]y[al]+$)` becoming
`(?:(?:^a[-]x|^b[-]y)[al]+$)`: 15 alternatives, compiled in 0.1 s. A string
matches one if and only if it matches the other, and the tokenizer only asks
whether a string matches (`tests/test_token_match.py` compares both, and the
tokens of whole texts). `quick_token_match` compiles such a pattern factored
while `ner.nlp.load_nlp` loads the model, and only then.
"""

from __future__ import annotations

import contextlib
import re

# Only patterns this long are worth factoring (spaCy's French one has 1.45 million characters), and a
# character class this long starts an alternative's ending (the short ones are hyphens and apostrophes).
HUGE = 100_000
LONG_CLASS = 100
_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
# What would make a group's text mean something else once moved: lookarounds, named groups, backreferences,
# conditionals.
_UNSAFE = re.compile(r"\(\?[=!<P#(]|\\[0-9]")
# The rest of a character class, up to its first `]` that is not escaped, read by `re`: factoring spaCy's French
# pattern (its classes hold most of its 1.45 million characters) took 0.16 s reading them character by character,
# 0.04 s so.
_CLASS_REST = re.compile(r"[^\]\\]*(?:\\.[^\]\\]*)*\]", re.DOTALL)


def factored(pattern: str, long_class: int = LONG_CLASS) -> str | None:
    """`pattern`, an alternation of `(?:…)` groups, with the groups that end alike (from their first long
    character class on) grouped under one copy of that ending; None when it is not such an alternation, or
    when no two groups end alike."""
    flags = m.group() if (m := _FLAGS.match(pattern)) else ""
    alternatives = _split(pattern[len(flags) :])
    if len(alternatives) < 2 or _UNSAFE.search(pattern):
        return None
    endings: dict[str, list[str]] = {}
    for alternative in alternatives:
        body = alternative[3:-1]
        if not (alternative.startswith("(?:") and alternative.endswith(")")) or len(_split(body)) != 1:
            return None
        cut = _first_long_class(body, long_class)
        endings.setdefault(body[cut:], []).append(body[:cut])
    if len(endings) == len(alternatives):
        return None
    return flags + "|".join(f"(?:(?:{'|'.join(starts)}){ending})" for ending, starts in endings.items())


@contextlib.contextmanager
def quick_token_match():
    """For the duration of the block, `re.compile` compiles a pattern of `HUGE` characters or more factored
    (`factored`) when it can be; any other pattern as it is. Each huge pattern is factored once in the block
    (spaCy compiles its French one twice); nothing is kept after it."""
    real, seen = re.compile, {}

    def compile(pattern, flags=0):
        if isinstance(pattern, str) and len(pattern) >= HUGE:
            if pattern not in seen:
                seen[pattern] = _readable(pattern)
            if seen[pattern] is not None:
                return real(seen[pattern], flags)
        return real(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = real


def _readable(pattern: str) -> str | None:
    """`factored`, or None for a pattern it cannot read (an unclosed class: `re` then says what is wrong)."""
    try:
        return factored(pattern)
    except IndexError:
        return None


def _split(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern` (outside groups and character classes)."""
    parts, start = [], 0
    for i, char, depth in _scan(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def _first_long_class(body: str, long_class: int) -> int:
    """Where the first character class of more than `long_class` characters outside any group starts
    (the length of `body` when there is none)."""
    for i, char, depth in _scan(body):
        if char == "[" and depth == 0 and _class_end(body, i) - i > long_class:
            return i
    return len(body)


def _scan(pattern: str):
    """(index, character, group depth) of each character of `pattern` outside escapes and character
    classes; a class shows as its opening `[`."""
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        yield i, char, depth
        if char == "[":
            i = _class_end(pattern, i)
            continue
        depth += (char == "(") - (char == ")")
        i += 1


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class opening at `start` (a `]` first, or after `^`, is literal)."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    if (end := _CLASS_REST.match(pattern, i)) is None:
        raise IndexError("an unclosed character class")  # `re` then says what is wrong (`_readable`)
    return end.end()
