"""Which languages a document is written in, paragraph by paragraph.

py3langid (a naive Bayes classifier over byte n-grams) is deterministic by
construction, unlike langdetect which samples unless seeded, and it
classifies a 110 KB release in ~30 ms. Its normalised probability is the
confidence.

Bilingual releases (Canada, Belgium, Switzerland, international
organisations) put an English paragraph after each French one, or the
whole English version after the French. The French model reads English
capitalised phrases as organisations (30 of the 37 organisations listed for
one bilingual Canadian release were English phrases or headings), so the
language is decided per paragraph block (`pipeline.paragraphs.blocks`, on the text
as read: masking markup changes no language), and only French blocks reach
French NER and rules (`find_entities` blanks the others):

- a block with at least `_MIN_BLOCK_LETTERS` letters is classified on its
  own, from its first `_SAMPLE_CHARS` characters (a paragraph is in one
  language; the detector's cost grows with the bytes it reads); it is
  foreign only when the detector is sure (confidence at least
  `LANGUAGE_SKIP_CONFIDENCE`), since short French text is sometimes taken
  for another language with low confidence;
- a long block whose end is in another language than its start (two
  paragraphs separated by a single line end) is decided line by line;
- the halves of a French line written `français / English` (bilingual
  headings) are classified on their own;
- a shorter block (a heading, a signature, `Contacts`) takes the language
  of the next long block, which it usually introduces, else the previous
  one; but when the detector's best guess for the short block itself is the
  language of one of those two neighbours, that guess wins (a short French
  dateline or closing line just before an English paragraph stays French);
- `doc.languages` gives each language's share of the letters, and a
  warning says what was not analysed.

Measured on the 15 releases of the press-dev set (58 k characters, 233
blocks): classifying every block costs ~65 ms against ~3 s of NER, about
2 % of a French-only document's time (`make bench` prints the figure).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from importlib.metadata import version

from pipeline.document import Document
from pipeline.paragraphs import blocks
from pipeline.settings import LANGUAGE_SKIP_CONFIDENCE

METHOD = f"py3langid-{version('py3langid')}"
FRENCH = "fr"
_LETTERS = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 20
# "At least `_MIN_LETTERS` letters", found by reading up to the 20th letter: counting them all with
# `_LETTERS.findall` built a list of every letter of the document (15 ms for the 16 seed and press-dev texts).
_SOME_TEXT = re.compile(rf"(?:[^\W\d_][\W\d_]*){{{_MIN_LETTERS}}}")
# Below this a block is too short to classify alone (headings, names, `Contacts`): it follows its neighbours.
_MIN_BLOCK_LETTERS = 60
_ENOUGH_LETTERS = re.compile(rf"(?:[^\W\d_][\W\d_]*){{{_MIN_BLOCK_LETTERS}}}")
# A paragraph is in one language: its first few hundred characters tell which, at a bounded cost.
_SAMPLE_CHARS = 200
# The languages of bilingual releases (Canada, Belgium, Switzerland, international bodies, Maghreb…), and
# neighbours of French that absorb doubtful paragraphs instead of pushing them to English.
_BLOCK_LANGUAGES = (
    *("fr", "en", "de", "nl", "it", "es", "pt", "ar", "ru", "zh", "ja", "pl"),
    *("ro", "ca", "oc", "br", "la"),
)


@cache
def load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _block_identifier():
    """The same model restricted to the languages a release's paragraphs are written in: a quarter faster."""
    identifier = copy.copy(load_identifier())  # the model's arrays are shared, not read again
    identifier.set_languages(list(_BLOCK_LANGUAGES))
    return identifier


def detect_language(text: str) -> dict:
    """{"code": ISO 639-1 or "und", "confidence": 0..1, "method": ...}"""
    if not _SOME_TEXT.search(text):
        return {"code": "und", "confidence": 0.0, "method": METHOD}
    code, probability = load_identifier().classify(without_names(text))
    return {"code": code, "confidence": round(float(probability), 4), "method": METHOD}


_NAME = re.compile(r"(?<![\w'’-])[A-ZÀ-ÞĀ-Ž][\w'’-]*")
_LOWER_LETTER = re.compile(r"[a-zß-ÿ]")


def without_names(text: str) -> str:
    """`text` less its capitalised words, when enough lower-case letters remain to tell its language.

    Names are not evidence of a language: a French sentence that names the `Bundesamt für Gesundheit` and
    the `Stiftung Kinderschutz Schweiz` read as German (0.93), one that lists a `Vereniging voor
    Natuurbescherming` as Dutch; their lower-case words are French.
    """
    rest = _NAME.sub(" ", text)
    return rest if len(_LOWER_LETTER.findall(rest)) >= _MIN_LETTERS else text


def is_french(language: dict) -> bool:
    """Whether French analysis should run: yes unless another language is near certain."""
    return language["code"] == FRENCH or language["confidence"] < LANGUAGE_SKIP_CONFIDENCE


def block_languages(text: str, default: str = FRENCH) -> list[tuple[int, int, str]]:
    """(start, end, language code) of each paragraph block of `text`, as NER will read them.

    `default` is the code of blocks that nothing decides (only short blocks in the whole text).
    """
    spans: list[tuple[int, int]] = []
    codes: list[str | None] = []
    for start, end in blocks(text):
        head = _classify(text, start, min(end, start + _SAMPLE_CHARS))
        if head is None:  # short: decided with its neighbours, from its own best guess
            spans.append((start, end))
            codes.append(_Guess(_best_guess(text, start, end)))
            continue
        tail = _classify(text, max(start, end - _SAMPLE_CHARS), end) if end - start > 2 * _SAMPLE_CHARS else head
        if head == tail or head is None or tail is None:
            spans.append((start, end))
            codes.append(head)
            continue
        # Two languages in one block (paragraphs separated by a single line end): line by line.
        for line in _LINE.finditer(text, start, end):
            spans.append(line.span())
            codes.append(_classify(text, line.start(), min(line.end(), line.start() + _SAMPLE_CHARS)))
    decided = _fill_short_blocks(codes, default)
    out: list[tuple[int, int, str]] = []
    for (s, e), c in zip(spans, decided, strict=True):
        for span in _bilingual_lines(text, s, e, c):
            out += _mixed_sentences(text, *span)
    return out


# English, German and Dutch function words that French does not use: a French block with a few of them may hold
# a sentence in another language (a translation given in brackets, a quotation); only such blocks are read
# sentence by sentence.
_HINT_WORDS = (
    "the and of to is are with for this that will has have our we its from be by at their which was were "
    "und nicht wir ist sind mit für auf der das aber wie ich auch noch "
    "het een niet wij zijn voor van geen worden ook maar wordt"
)
_FOREIGN_HINTS = tuple(f" {w} " for w in _HINT_WORDS.split())


def _foreign_hints(text: str, start: int, end: int) -> int:
    """How many such function words the block holds (`str.count` per word: a regex alternation over every
    French block cost a fifth of the language stage)."""
    block = text[start:end].lower()
    return sum(block.count(w) for w in _FOREIGN_HINTS)


# A quotation, a bracketed passage, or a sentence (up to its end or a bracket: `« This is it » (C'est cela)`);
# those of at least five words are classified.
_SEGMENT = re.compile(
    r"[«“](?:[^«»“”\n]*?\s){4,}[^«»“”\n]*?[»”]|\((?:[^()\n]*?\s){5,}[^()\n]*?\)"
    r"|[^.!?;()«“\n]*(?:[.!?;]|(?=[(«“])|$)"
)


def _mixed_sentences(text: str, start: int, end: int, code: str) -> list[tuple[int, int, str]]:
    """A French block, less its sentences and bracketed passages in another language (`Le Conseil adopte le
    plan (The Council adopts the plan).`): each one of five words or more is classified on its own, in lower
    case (a headline in title case is a sentence too), and is
    foreign when the detector is sure, or when it reads as a sentence in that language (`_half_language`).
    Blocks with fewer than two English function words are kept whole without reading them again."""
    if code != FRENCH or _foreign_hints(text, start, end) < 2:
        return [(start, end, code)]
    out, at = [], start
    for m in _SEGMENT.finditer(text, start, end):
        s, e = m.span()
        while s < e and text[s] in " \t\n(":
            s += 1
        if len(text[s:e].split()) < 5 or not _SOME_LETTERS.search(text, s, e):
            continue
        found = _half_language(text[s:e].lower(), code)  # `Women Farmers Welcome The Decision`: a sentence too
        if found != code:
            if s > at:
                out.append((at, s, code))
            out.append((s, e, found))
            at = e
    return [span for span in [*out, (at, end, code)] if span[1] > span[0]]


_LINE = re.compile(r"[^\n]*\S[^\n]*")
_LOWER_WORD = re.compile(r"\b[a-zà-ÿ]{2,}\b")


def _half_language(half: str, code: str) -> str:
    """The language of one half of a `français / English` line, `code` unless another is clear.

    Short headings are hard for the detector (`Quebec Open Data Office names its director`: English at 0.48),
    so a half that reads as a sentence (four words or more, some in lower case) is another language when
    that language is at least twice as likely as `code`; a name (`Technology Partners Group`) keeps `code`.
    """
    scores = dict(_block_identifier().rank(half))
    found = max(scores, key=scores.get)
    if found == code:
        return code
    if scores[found] >= LANGUAGE_SKIP_CONFIDENCE:
        return found
    sentence = len(half.split()) >= 4 and _LOWER_WORD.search(half)
    return found if sentence and scores[found] >= 2 * scores.get(code, 0.0) else code


# `Titre en français / English title`: the two versions of a heading on one line.
_SLASH = re.compile(r"\s+[/|]\s+")
_SOME_LETTERS = re.compile(r"(?:[^\W\d_][\W\d_]*){12}")


def _bilingual_lines(text: str, start: int, end: int, code: str) -> list[tuple[int, int, str]]:
    """The block `code` decided, less the halves of its `français / English` lines in another language:
    each half with enough letters is classified on its own, and keeps the block's code unless sure."""
    if not _SLASH.search(text, start, end):
        return [(start, end, code)]
    out, at = [], start
    for line in _LINE.finditer(text, start, end):
        edges = [
            line.start(),
            *(x for m in _SLASH.finditer(text, line.start(), line.end()) for x in m.span()),
            line.end(),
        ]
        for s, e in zip(edges[::2], edges[1::2], strict=True):
            if not _SOME_LETTERS.search(text, s, e):
                continue
            found = _half_language(text[s:e], code)
            if found != code:
                out += [(at, s, code), (s, e, found)]
                at = e
    return [span for span in [*out, (at, end, code)] if span[1] > span[0]]


def _classify(text: str, start: int, end: int) -> str | None:
    """The language of `text[start:end]`: French unless another is near certain; None if too short to say."""
    if not _ENOUGH_LETTERS.search(text, start, end):
        return None
    code, probability = _block_identifier().classify(without_names(text[start:end]))
    return code if code == FRENCH or probability >= LANGUAGE_SKIP_CONFIDENCE else FRENCH


class _Guess(str):
    """A short block's code: the detector's best guess (or "" when it has too few letters to guess)."""


def _best_guess(text: str, start: int, end: int) -> str:
    if len(_LETTERS.findall(text, start, min(end, start + _SAMPLE_CHARS))) < _MIN_LETTERS:
        return ""
    return _block_identifier().classify(without_names(text[start : min(end, start + _SAMPLE_CHARS)]))[0]


def _fill_short_blocks(codes: list, default: str) -> list[str]:
    """A short block (a `_Guess`) takes its own guess when that is the code of the next or the previous
    decided block, else the code of the next decided block, else of the previous one, else `default`."""
    following: list[str | None] = []
    after: str | None = None
    for code in reversed(codes):
        following.append(after)
        after = after if isinstance(code, _Guess) else code
    following.reverse()
    out: list[str] = []
    before: str | None = None
    for code, after in zip(codes, following, strict=True):
        if not isinstance(code, _Guess):
            out.append(code)
            before = code
        elif code and code in (before, after):
            out.append(str(code))
        else:
            out.append(after or before or default)
    return out


def language_shares(text: str, spans: list[tuple[int, int, str]]) -> list[dict]:
    """[{"code", "share"}]: each language's share of the letters of `text`, largest first."""
    if len({code for _, _, code in spans}) == 1:  # one language: no need to count
        return [{"code": spans[0][2], "share": 1.0}] if _LETTERS.search(text) else []
    letters: dict[str, int] = {}
    for start, end, code in spans:
        letters[code] = letters.get(code, 0) + len(_LETTERS.findall(text, start, end))
    total = sum(letters.values())
    if not total:
        return []
    shares = [{"code": c, "share": round(n / total, 3)} for c, n in letters.items() if n]
    return sorted(shares, key=lambda s: (-s["share"], s["code"]))


def foreign_blocks(doc: Document) -> list[tuple[int, int]]:
    """The character spans of `doc.text` that French NER and rules must not read."""
    return [(s, e) for s, e, code in doc.language_blocks if code != FRENCH]


def has_french(doc: Document) -> bool:
    """Whether any of the document is for French analysis (by paragraph when known, else as a whole)."""
    if doc.language_blocks:
        return any(code == FRENCH for _, _, code in doc.language_blocks)
    return doc.language is None or is_french(doc.language)


def add_language(doc: Document) -> Document:
    doc.language = detect_language(doc.text)
    default = FRENCH if is_french(doc.language) else doc.language["code"]
    doc.language_blocks = block_languages(doc.text, default)
    doc.languages = language_shares(doc.text, doc.language_blocks)
    foreign = {code for _, _, code in doc.language_blocks if code != FRENCH}
    if not foreign:
        return doc
    if all(code != FRENCH for _, _, code in doc.language_blocks):
        doc.warnings.append(
            f"language is '{doc.language['code']}' (confidence {doc.language['confidence']}), not French: "
            "French NER and rule matchers were skipped"
        )
        return doc
    share = sum(s["share"] for s in doc.languages if s["code"] != FRENCH)
    doc.warnings.append(
        f"{round(100 * share)} % of the text is not French ({', '.join(sorted(foreign))}): those paragraphs got no "
        "entities (French NER and rules ran on the French paragraphs only; no trusted model for other languages)"
    )
    return doc
