"""Who says what: direct quotations and their speakers.

Quotations are found by their marks (`« … »`, `“ … ”`, `" … "`), with
quotes inside quotes (only the outer one is a quotation) and quotations that
run over paragraphs (French reopens each paragraph with `«`). A quotation
broken by its attribution inside the marks (`« D'abord…, explique-t-elle,
ensuite… »`) is two entries.

Attribution, tried in this order (`rule` of each quote):
  `after`      a verb of saying after it: `», déclare Marie Dupont`, `», a
               déclaré X`, `», ajoute-t-elle`, `», selon X`;
  `before`     before it, in its sentence: `Marie Dupont, directrice de X,
               explique : « … »`, `Selon X, « … »`, `Pour X, « … »`, `X : « … »`;
  `line-above` a line holding a name (and role) just above the paragraph the
               quotation opens;
  `continued`  the next quotation of the same speaker, with no other person named
               between them;
a pronoun (`il`, `elle`, `-t-elle`) is the last named speaker. The verbs are data
(`pipeline/models/structure/speech.json`).

Not quotations: quoted titles and names (`l'exposition « Lumières »`, `le
« made in France »`: a determiner or a naming noun before the mark), words in
quotes (fewer than three words), and, without any attribution, anything but
a long first-person sentence (then `speaker` is null).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.match.base import Match
from pipeline.ruledata import load
from pipeline.structure import people

_PAIRS = (("«", "»"), ("“", "”"))
_SPACE = " \t\n\u00a0\u202f"
_SENTENCE_END = re.compile(r"[.!?…](?=[\s»”\"]*(?:\n|[^\S\n]+[A-ZÀ-ÖØ-Þ«“\"]|$))|\n[^\S\n]*\n")


@cache
def _lex() -> dict:
    cfg = load("structure/speech.json")
    present = set(cfg["present"])
    forms = set(present)
    for v in cfg["present"]:
        if " " in v or "'" in v:
            continue
        if v.endswith("e"):
            forms |= {v + "nt", v[:-1] + "ait", v[:-1] + "a", v[:-1] + "aient"}
        elif v.endswith("t"):
            forms |= {v[:-1] + "vent", v[:-1] + "sait"}
    words = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    parts = "|".join(sorted((re.escape(p) for p in cfg["participles"]), key=len, reverse=True))
    aux = r"(?:a|ont|avait|avaient|aura|est|s['’]est|se\s+sont|s['’]était)"
    inv = r"-t-(?:il|elle)|-(?:il|elle)"
    verb = rf"(?:(?:se|s['’])\s*)?(?:{aux}(?:{inv})?\s+(?:{parts})|(?:{words})(?:{inv})?|(?:{parts}))"  # noqa: ISC003
    not_before = "|".join(sorted(cfg["not_quote_before"], key=len, reverse=True))
    leads = "|".join(sorted(cfg["attribution_leads"], key=len, reverse=True))
    first = "|".join(cfg["first_person"])
    return {
        "verb": re.compile(rf"(?<![\w-])(?i:{verb})(?![\w])"),
        "after": re.compile(rf"[^\S\n]*[,.!?]?[^\S\n]*(?P<verb>(?i:{verb}))(?![\w])"),
        "after_lead": re.compile(r"[^\S\n]*,[^\S\n]*(?i:selon|d['’]après)[^\S\n]+"),
        "lead": re.compile(rf"(?<!\w)(?i:{leads})[^\S\n]+(?P<who>[^«»:\n]{{2,200}}?)[^\S\n]*,[^\S\n]*$"),
        "not_before": re.compile(rf"(?<![\w])(?i:{not_before})[^\S\n]*$"),
        "pronoun": re.compile(r"(?<![\w-])(?i:il|elle)(?![\w-])|-t-(?:il|elle)|-(?:il|elle)(?!\w)"),
        "first": re.compile(rf"(?<![\w])(?i:{first})(?![\w])"),
        "incise": re.compile(
            rf",[^\S\n]+(?P<verb>(?i:{verb}))(?P<who>[^,«»\n]{{0,90}}?)(?:,[^,«»\n]{{0,120}}?)?,[^\S\n]+(?=\S)"
        ),
    }


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open mark, after close mark, inner start, inner end) of each outermost quotation, in order."""
    spans: list[tuple[int, int]] = []
    for opening, closing in _PAIRS:
        spans += _paired(text, opening, closing)
    spans = [s for s in spans if not any(o[0] < s[0] and s[1] < o[1] for o in spans)]
    taken = list(spans)
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        for a, b in _straight(text, para.start(), para.end()):
            if not any(o <= a < c for o, c in taken):
                spans.append((a, b))
    out = []
    for a, b in sorted(spans):
        s, e = a + 1, b - 1
        while s < e and text[s] in _SPACE:
            s += 1
        while e > s and text[e - 1] in _SPACE:
            e -= 1
        if e > s:
            out.append((a, b, s, e))
    return out


def _straight(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost `"…"` pairs of a paragraph. A straight mark opens after a space or a bracket and before a
    letter, and closes otherwise, so that `"Il faut répéter un "irrécupérable" ici"` is one quotation."""
    spans, stack = [], []
    for m in re.finditer('"', text[start:end]):
        i = start + m.start()
        before, after = text[i - 1 : i] if i > start else "", text[i + 1 : i + 2]
        opening = (before == "" or before.isspace() or before in "([{'’«“—–-") and after.strip() != ""
        if opening:
            stack.append(i)
        elif stack:
            a = stack.pop()
            if not stack:
                spans.append((a, i + 1))
    return spans


def _paired(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    i = 0
    pattern = re.compile(rf"[{opening}{closing}]|\n[^\S\n]*\n\s*")
    for m in pattern.finditer(text):
        i = m.start()
        token = text[i]
        if token == "\n":
            nxt = text[m.end() : m.end() + 1]
            if stack and nxt != opening:
                stack = []  # a paragraph that does not reopen the quotation: the marks were unbalanced
            elif stack:
                stack.append(-1)  # the reopening mark of a continued quotation: skipped below
            continue
        if token == opening:
            if stack and stack[-1] == -1:
                stack[-1] = -2  # consumed the reopening mark
                continue
            stack.append(i)
        else:
            while stack and stack[-1] < 0:
                stack.pop()
            if stack:
                start = stack.pop()
                while stack and stack[-1] < 0:
                    stack.pop()
                if not stack:
                    spans.append((start, i + 1))
    return spans


def find_quotes(text: str, entities: list[Match], organisations: list[dict], sections: list[dict]) -> list[dict]:
    """The quotations of the text (not of contact and footer sections), each with its speaker or null."""
    lex = _lex()
    # Quotations are in the body, and in the notes and `À propos` parts of press kits; not in contacts and footers.
    body = [(s["start"], s["end"]) for s in sections if s["kind"] in ("body", "about", "notes")] or [(0, len(text))]
    pers = [e for e in entities if e.label == "PER"]
    quotes: list[dict] = []
    last: dict | None = None  # the last speaker, for pronouns and continued quotations
    last_end = 0
    for opened, closed, start, end in quote_spans(text):
        if not any(a <= opened < b for a, b in body):
            continue
        inner = text[start:end]
        if _not_a_quote(text, opened, inner) and not _reported(text, opened):
            continue
        pieces, incise = _split_incise(text, start, end)
        speaker, rule = (_from_verb_phrase(text, incise, lex, pers, last), "after") if incise else (None, None)
        if speaker is None:
            speaker, rule = _attribute(text, opened, closed, pers, last, last_end)
        for piece_start, piece_end in pieces:
            words = len(re.findall(r"\w+", text[piece_start:piece_end]))
            if speaker is None and not (words >= 8 and lex["first"].search(text[piece_start:piece_end])):
                continue
            if speaker is None and not _opens_clause(text, opened):
                continue
            quotes.append(_quote(text, piece_start, piece_end, speaker, rule, pers, organisations))
        if speaker:
            last = speaker
        # Nobody else may be named between a speaker's quotations: count from the end of the attribution.
        last_end = max(closed, speaker["end"]) if speaker and rule == "after" else closed
    return quotes


def _split_incise(text: str, start: int, end: int):
    """The quotation's pieces: two when an attribution interrupts it inside the marks."""
    m = _lex()["incise"].search(text, start, end)
    if m and m.start() > start + 10 and m.end() < end - 5 and _speaker_words(m["who"]):
        return [(start, m.start()), (m.end(), end)], m
    return [(start, end)], None


def _speaker_words(who: str) -> bool:
    return bool(_lex()["pronoun"].search(who) or people.NAME.search(who) or people.is_role(who)) or who == ""


def _not_a_quote(text: str, opened: int, inner: str) -> bool:
    words = re.findall(r"\w+", inner)
    if len(words) < 3:
        return True
    before = text[max(0, opened - 40) : opened]
    return bool(_lex()["not_before"].search(before))


def _reported(text: str, opened: int) -> bool:
    """Words quoted in reported speech (`Il a déclaré que la banque est un « groupe mafieux »`): quotations."""
    left = text[_sentence_start(text, opened) : opened]
    verb = _lex()["verb"].search(left)
    return bool(verb and re.search(r"(?i)\bqu(?:e|['’])", left[verb.end() :]))


def _opens_clause(text: str, opened: int) -> bool:
    before = text[max(0, opened - 3) : opened].rstrip(" \u00a0\u202f*_")
    return before == "" or before.endswith(("\n", ":", ".", "—", "–", "-"))


def _attribute(text, opened, closed, pers, last, last_end):
    lex = _lex()
    line_end = text.find("\n", closed)
    line_end = len(text) if line_end < 0 else line_end
    # After: `», déclare X`, `», a-t-elle ajouté`, `», selon X`.
    m = lex["after"].match(text, closed, line_end)
    if m:
        speaker = _from_verb_phrase(text, m, lex, pers, last)
        if speaker:
            return speaker, "after"
    m = lex["after_lead"].match(text, closed, line_end)
    if m:
        stop = _clause_end(text, m.end())
        found = people.names_in(text, m.end(), stop, pers)
        if found:
            return _speaker(text, found[0], m.end(), stop, pers), "after"
    # Before, in the same sentence.
    sentence_start = _sentence_start(text, opened)
    left = text[sentence_start:opened]
    lead = lex["lead"].search(left)
    if lead:
        a = sentence_start + lead.start("who")
        found = people.names_in(text, a, sentence_start + lead.end("who"), pers)
        if found:
            return _speaker(text, found[0], a, sentence_start + lead.end("who"), pers), "before"
        if lex["pronoun"].fullmatch(lead["who"].strip()) and (who := _last_named(text, opened, pers, last)):
            return who, "before"
    stripped = left.rstrip(" \u00a0\u202f*_")
    verb = lex["verb"].search(left)
    if stripped.endswith(":") or (verb and re.search(r"(?:que|qu['’]|:)?[^\S\n]*$", left)):
        found = people.names_in(text, sentence_start, opened, pers)
        if found and (stripped.endswith(":") or verb):
            return _speaker(text, found[0], sentence_start, opened, pers), "before"
        head = left[: verb.start()] if verb else left
        pronoun = lex["pronoun"].search(head + (verb.group() if verb else ""))
        if (verb or stripped.endswith(":")) and pronoun and (who := _last_named(text, opened, pers, last)):
            return who, "before"
    # A name (and role) on the line above the paragraph the quotation opens.
    if _opens_paragraph(text, opened):
        above = _line_above(text, opened)
        if above:
            a, b = above
            found = people.names_in(text, a, b, pers)
            lead_ws = len(text[a:b]) - len(text[a:b].lstrip(" *_#>-•"))
            if found and found[0][0] <= a + lead_ws + 1 and b - a <= 160:
                return _speaker(text, found[0], a, b, pers), "line-above"
    # Continued: the last speaker's next quotation, with nobody else named in between.
    if last and last_end and opened - last_end < 600:
        between = people.names_in(text, last_end, opened, pers)
        if not between and "\n\n\n" not in text[last_end:opened]:
            return last, "continued"
    return None, None


def _last_named(text, at, pers, last):
    """Whom a pronoun stands for: the last speaker, else the last person named before `at`."""
    if last:
        return last
    before = people.names_in(text, max(0, at - 1500), at, pers)
    return _speaker(text, before[-1], before[-1][1], min(len(text), before[-1][1] + 200), pers) if before else None


def _from_verb_phrase(text, m, lex, pers, last):
    """The speaker after a verb of saying: a pronoun (the last speaker), or a name, maybe after a role."""
    after = m.end("verb")
    if lex["pronoun"].search(m.group("verb")) or re.match(r"[^\S\n]+(?:il|elle)(?!\w)", text[after : after + 6]):
        return _last_named(text, m.start(), pers, last)
    stop = _clause_end(text, after)
    found = people.names_in(text, after, min(stop, after + 140), pers)
    if not found:
        return None
    return _speaker(text, found[0], after, stop, pers)


def _speaker(text, span, context_start, context_end, pers) -> dict:
    a, b = span
    name = people.fullest(text[a:b], text, pers)
    role = people.role_after(text, b, context_end) or people.role_before(text, context_start, a)
    return {"name": name, "role": role, "start": a, "end": b}


def _clause_end(text: str, at: int) -> int:
    m = _SENTENCE_END.search(text, at)
    end = m.start() if m else len(text)
    q = min((i for i in (text.find("«", at), text.find("“", at)) if i >= 0), default=end)
    return min(end, q, at + 300)


def _sentence_start(text: str, at: int) -> int:
    lo = max(0, at - 400)
    chunk = text[lo:at]
    cut = max(chunk.rfind("\n"), *(chunk.rfind(p) for p in (". ", "! ", "? ", "» ", "”")))
    return lo + cut + 1 if cut >= 0 else lo


def _opens_paragraph(text: str, opened: int) -> bool:
    line_start = text.rfind("\n", 0, opened) + 1
    return not text[line_start:opened].strip(" \u00a0*_>-•")


def _line_above(text: str, opened: int) -> tuple[int, int] | None:
    line_start = text.rfind("\n", 0, opened) + 1
    i = line_start - 1
    while i > 0 and text[i - 1] in " \t\n":
        i -= 1
    if i <= 0:
        return None
    a = text.rfind("\n", 0, i) + 1
    return (a, i) if text[a:i].strip() else None


def _quote(text, start, end, speaker, rule, pers, organisations) -> dict:
    q = {"text": text[start:end], "start": start, "end": end, "speaker": None, "rule": rule or "unattributed"}
    if speaker:
        role = speaker["role"] or _role_elsewhere(text, speaker["name"], pers)
        org = people.organisation_in(role, organisations) if role else None
        q["speaker"] = {
            "name": speaker["name"],
            "role": role,
            "organisation": org,
            "start": speaker["start"],
            "end": speaker["end"],
        }
    return q


def _role_elsewhere(text: str, name: str, pers) -> str | None:
    """The role printed beside another mention of the same person (`Marie Dupont, directrice…`)."""
    last = name.split()[-1]
    for m in re.finditer(rf"(?<!\w){re.escape(last)}(?!\w)", text):
        role = people.role_after(text, m.end(), min(len(text), m.end() + 200))
        if role:
            return role
    return None
