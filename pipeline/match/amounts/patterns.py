"""Regex building blocks of the amount rules: blanks, word ends, and `Choice`, a set of written forms.

Speed matters (the amount matcher runs on every paragraph), and Python's `re`
only skips quickly through text when a pattern starts with literal
characters: scanning patterns are therefore literal tries with their case
variants spelt out (`trie`, `cased`), and boundary checks are done in code.
"""

from __future__ import annotations

import re

SP = r"[^\S\n]*(?:\n[^\S\n]*)?"  # optional blank; one line break allowed (PDF hard wraps), a blank line is not
SP1 = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"  # the same, but at least one character
DE = rf"(?:de{SP1}|d['’]{SP})"  # `de` or elided `d'`, as in `millions d'euros`
WORD_END = r"(?![\w'’])"
FORM_END = r"(?![\w'’-])"  # `un t-shirt` holds no tonne
CODE_END = r"(?![^\W\d_])"  # a code before a number may touch it: `EUR29,99`
SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)|\n[^\S\n]*\n")
LETTERS = re.compile(r"[^\W\d_]+")
GLUED = frozenset("_.,°/%=&#@+-−–—")  # a number right after these is part of a code, a URL or another number
SIGNS = frozenset("+-−")


def trie(words, classes: dict[str, str] | None = None) -> str:
    """A regex matching exactly `words`, factored by shared prefixes so that `re` can skip to their first letters.

    `classes` turns a character into a class (`" "` into any blank, `"'"` into both apostrophes).
    """
    classes = classes or {}
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [classes.get(char, re.escape(char)) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def cased(words) -> list[str]:
    """`words` as written mid-sentence, at the start of one, and in capitals."""
    return [variant for word in words for variant in {word, word.capitalize(), word.upper()}]


def glued(char: str) -> bool:
    return char.isalnum() or char in GLUED


# `moins 4 %` is minus four percent, but `au moins 4 %` is at least four (a qualifier, `qualifiers.json`),
# `plus ou moins 4 %` about four, and `moins de 4 %` less than four (the figure then follows `de`).
_MINUS_WORD = re.compile(r"(?<![\w'’-])(?i:moins)[^\S\n]+\Z")
_NOT_BEFORE_MINUS_WORD = frozenset({"au", "du", "ou", "pas", "le", "la", "les", "des", "un", "une", "en"})
_BLANK_AFTER_MINUS = frozenset(" \u00a0\u202f\u2009")


def sign_before(text: str, start: int) -> int:
    """Where the sign of the number at `start` begins, or `start` when it has none.

    A sign touches its figure (`-5 M€`, `+15 %`, `−12 %`) and does not follow a digit or a letter (`5-7 %`
    is a range, `A-5` a name); U+2212, the minus sign and never punctuation, may be spaced (`− 7 M€`);
    `moins 4 %` is a sign written as a word. A dash before a blank (`– 5 M€ pour…`, a bullet or a
    parenthesis) and an en or em dash are punctuation, never a sign.
    """
    previous = text[start - 1 : start]
    if previous in SIGNS:
        return start if glued(text[start - 2 : start - 1] or " ") else start - 1
    if previous in _BLANK_AFTER_MINUS:
        if text[start - 2 : start - 1] == "−" and not glued(text[start - 3 : start - 2] or " "):
            return start - 2
        if previous != "\n" and (found := _MINUS_WORD.search(text, max(0, start - 12), start)):
            words = text[max(0, found.start() - 12) : found.start()].split()
            if not words or words[-1].lower() not in _NOT_BEFORE_MINUS_WORD:
                return found.start()
    return start


def is_minus(text: str, sign_start: int) -> bool:
    """Whether the sign found by `sign_before` makes its figure negative (`-`, `−`, `moins`)."""
    return text[sign_start] in "-−" or text[sign_start] in "mM"


def alternation(forms) -> str:
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


def form(written: str, end: str = FORM_END) -> str:
    """Regex for one written form: any blank between words, both apostrophes, and a word end after letters.

    Lowercase words of four letters or more ignore case (`Euros`, `Mégawatts`); short forms and symbols are
    exact, because `MW` is not `mw` and `t` is not `T`.
    """
    pattern = SP1.join(re.escape(word) for word in written.split()).replace("'", "['’]")
    if written[-1].isalnum():
        pattern += end
    return f"(?i:{pattern})" if len(written) >= 4 and written == written.lower() else pattern


def spelt_out(written: str) -> bool:
    """A form that starts with a word (`tonnes de CO2`), as opposed to a symbol or code (`€`, `MW`, `t`)."""
    first = written.split()[0]
    return len(first) >= 4 and first.islower() and first.replace("-", "").isalpha()


def before(written: str) -> str:
    """Regex for a qualifier that ends right before a number; a final `de` may be elided (`plus d'1 Md€`)."""
    words = written.split()
    if len(words) > 1 and words[-1] == "de":
        return form(" ".join(words[:-1])) + SP1 + DE
    return form(written) + SP


def code_before(written: str) -> str:
    """Regex for a currency written before its number, which may touch it (`EUR29,99`, `$12`, `CHF 1.50`)."""
    return form(written, CODE_END) + SP


class Choice:
    """Written forms mapped to what they stand for (`d'euros` → EUR), longest form first.

    Forms are grouped by first character, so that reading what follows a number costs one dictionary
    look-up when nothing there can match.
    """

    def __init__(self, forms: dict, build=form):
        ordered = sorted(forms, key=len, reverse=True)
        self.forms = ordered
        self.values = [forms[written] for written in ordered]
        self.ends = frozenset(written[-1] for written in ordered)
        alternatives = [f"(?P<f{i}>{build(written)})" for i, written in enumerate(ordered)]
        self.regex = re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})\Z")
        grouped: dict[str, list[str]] = {}
        for written, alternative in zip(ordered, alternatives, strict=True):
            for char in {written[0].lower(), written[0].upper()}:
                grouped.setdefault(char, []).append(alternative)
        self.by_start = {char: re.compile("|".join(group)) for char, group in grouped.items()}

    def match(self, text: str, pos: int) -> tuple | None:
        """The value of the form starting at `pos`, and where it ends."""
        regex = self.by_start.get(text[pos : pos + 1])
        found = regex and regex.match(text, pos)
        return (self.values[int(found.lastgroup[1:])], found.end()) if found else None

    def ending_at(self, text: str, pos: int, reach: int = 40) -> tuple | None:
        """The value of the form ending at `pos` (blanks allowed), and where it starts."""
        offset = max(0, pos - reach)
        found = self.regex.search(text[offset:pos])
        return (self.values[int(found.lastgroup[1:])], offset + found.start()) if found else None
