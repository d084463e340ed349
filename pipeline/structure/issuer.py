"""Who issues the release: its organisation(s), with the evidence that says so.

Evidence, in order of trust (`rule`):
  `communique-de`  `Communiqué de presse de X`, `Communiqué du X` in the head;
  `letterhead`     a line of the head, before the title's body, that is an organisation's name alone;
  `signatories`    a joint release's closing line of `Person - Organisation` pairs: every organisation;
  `about`          the first `À propos de X` section (partners' follow it);
  `subject`        the subject of the first sentence of the body (`X annonce…`, `L'association X lance…`);
  `title`          the subject of the title (`# X ouvre une agence à Lille`);
  `contact`        the organisation of the first press contact;
  `signature`      a line near the end of the body that is an organisation's name alone
                   (`Le bureau de X`, `L'équipe X`).
Names are mapped to the record's `organisations` (canonical names), by alias,
acronym or the start of a longer name (`known.py`); a `Communiqué de X`,
`À propos de X` or signatory naming no known organisation keeps X as printed.
Empty when nothing tells.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.ruledata import load
from pipeline.structure.known import known_organisation

_HEAD_CHARS = 600
_COMMUNIQUE = re.compile(
    r"(?im)^[^\S\n]*[*_#>]*[^\S\n]*communiqué(?:[^\S\n]+(?:de[^\S\n]+presse|commun|officiel))?[^\S\n]+"
    r"(?:de[^\S\n]+la|de[^\S\n]+l['’]|du|des|de|d['’])[^\S\n]*(?![\s]|presse(?!\w))(?P<name>[^\n*_,.:;–—]{2,100})"
)


@cache
def _subject_pattern() -> re.Pattern:
    heads = "|".join(sorted(load("structure/issuer.json")["subject_heads"], key=len, reverse=True))
    # `La coopérative Lémanix`, `L'association belge Brume`: a head noun and maybe one adjective before the name.
    return re.compile(rf"(?:(?i:(?:l['’]|le |la |les )?(?:{heads}))(?:[^\S\n]+[a-zà-ÿ-]+)?[^\S\n]+)?")


@cache
def _group_pattern() -> re.Pattern:
    groups = "|".join(sorted(load("structure/issuer.json")["subject_groups"], key=len, reverse=True))
    of = r"(?:du|de[^\S\n]+la|de[^\S\n]+l['’]|des|de|d['’])"
    return re.compile(rf"(?:(?:Les|La|Le)[^\S\n]+|L['’])(?:{groups})[^\S\n]+{of}[^\S\n]*")


def find_issuer(
    text: str, sections: list[dict], organisations: list[dict], contacts: list[dict], dateline: dict | None
) -> list[dict]:
    body = next((s for s in sections if s["kind"] == "body"), {"start": 0, "end": len(text)})
    for rule in (_communique, _letterhead, _signatories, _about, _subject, _title, _contact, _signature):
        found = rule(text, sections, organisations, contacts, body, dateline)
        if found:
            return found
    return []


def _evidence(canonical: str, rule: str, text: str, start: int, end: int) -> dict:
    return {"canonical": canonical, "evidence": {"rule": rule, "text": text[start:end], "start": start, "end": end}}


def _communique(text, sections, organisations, contacts, body, dateline):
    for m in _COMMUNIQUE.finditer(text, 0, min(len(text), _HEAD_CHARS)):
        name = m["name"].strip()
        canonical = _known_prefix(name, organisations) or known_organisation(name, organisations, text)
        if canonical or re.match(r"[A-ZÀ-ÖØ-Þ]", name):
            return [_evidence(canonical or name, "communique-de", text, m.start("name"), m.end("name"))]
    return []


def _known_prefix(name: str, organisations) -> str | None:
    for o in organisations:
        for alias in [o["canonical"], *o.get("aliases", [])]:
            if name.lower().startswith(alias.lower()):
                return o["canonical"]
    return None


def _letterhead(text, sections, organisations, contacts, body, dateline):
    """An organisation's name alone on a line of the head (before the dateline, if any)."""
    stop = dateline["start"] if dateline else min(len(text), _HEAD_CHARS)
    found = []
    for line in re.finditer(r"[^\n]+", text[:stop]):
        raw = line.group().strip(" *_#>|-")
        if not raw or len(raw) > 80:
            continue
        for o in organisations:
            if any(raw.lower() == a.lower() for a in [o["canonical"], *o.get("aliases", [])]):
                a = line.start() + line.group().index(raw)
                if all(f["canonical"] != o["canonical"] for f in found):
                    found.append(_evidence(o["canonical"], "letterhead", text, a, a + len(raw)))
    return found


_PAIR_DASH = re.compile(r"[^\S\n]+[-–—][^\S\n]+")
_WORD = r"[A-ZÀ-Þ][\w'’-]+"
_PERSON = re.compile(rf"(?:{_WORD}[^\S\n]+){{1,3}}{_WORD}(?:[^\S\n]+et[^\S\n]+(?:{_WORD}[^\S\n]*){{2,4}})?")


def _signatories(text, sections, organisations, contacts, body, dateline):
    """A joint release signed on one line by several `Person - Organisation` pairs: every organisation.

    `Léa MARTIN - Syndicat A, Paul DURAND - Fédération B` (commas sometimes forgotten); at least two
    pairs, each opening on a person's name, in the last lines of the body."""
    tail_start = max(body["start"], body["end"] - 600)
    for line in reversed(list(re.finditer(r"[^\n]+", text[tail_start : body["end"]]))):
        a = tail_start + line.start()
        parts = list(_PAIR_DASH.finditer(text, a, a + len(line.group())))
        if len(parts) < 2 or not _PERSON.fullmatch(text[a : parts[0].start()].strip(" *_")):
            continue
        found = []
        for i, dash in enumerate(parts):
            stop = parts[i + 1].start() if i + 1 < len(parts) else a + len(line.group())
            segment = text[dash.end() : stop]
            name = _signatory_organisation(segment, organisations)
            if name is None:
                found = []
                break
            start = dash.end() + segment.index(name[1])
            if all(f["canonical"] != name[0] for f in found):
                found.append(_evidence(name[0], "signatories", text, start, start + len(name[1])))
        if len(found) >= 2:
            return found
    return []


def _signatory_organisation(segment: str, organisations: list[dict]) -> tuple[str, str] | None:
    """(canonical, as printed) of the organisation opening `segment` (`FAPX, Marc DUPONT`), or None."""
    segment = segment.strip(" *_")
    best = None
    for o in organisations:
        for alias in [o["canonical"], *o.get("aliases", [])]:
            if re.match(rf"{re.escape(alias)}(?![\w-])", segment) and (best is None or len(alias) > len(best[1])):
                best = (o["canonical"], alias)
    if best:
        return best
    printed = re.match(r"[^,;\n*_]+", segment)
    if not printed:
        return None
    name = printed.group().strip()
    person = _PERSON.search(name)
    if person and person.start() > 0:  # `FAPX Marc DUPONT`: the comma forgotten before the next person
        name = name[: person.start()].strip()
    return (name, name) if 1 < len(name) <= 60 and name[0].isupper() else None


def _about(text, sections, organisations, contacts, body, dateline):
    for s in sections:
        if s["kind"] == "about" and (s.get("organisation") or s.get("about_name")):
            name = s.get("organisation") or s["about_name"]
            line_end = text.find("\n", s["start"], s["end"])
            return [_evidence(name, "about", text, s["start"], line_end if line_end > 0 else s["end"])]
    return []


def _subject(text, sections, organisations, contacts, body, dateline):
    """The organisation that opens the first sentence of the body (after the dateline)."""
    start = dateline["end"] if dateline else body["start"]
    for para in re.finditer(r"[^\n]{60,}", text[start : body["end"]]):
        a = start + para.start()
        lead = re.match(r"[^\S\n]*(?:[–—:,-][^\S\n]*)?", text[a:]).end() + a
        if group := _group_pattern().match(text, lead):
            lead = group.end()  # `Les membres du conseil X présentent…`: the organisation after them
        if det := re.match(r"(?:(?:Le|La|Les)[^\S\n]+|L['’])(?=[A-ZÀ-ÖØ-Þ])", text[lead : lead + 10]):
            lead += det.end()  # `Le Groupe Arvel annonce…`: the article is not part of the name
        head = _subject_pattern().match(text, lead)
        # The head's last word may open the name (`L'association Brume Verte`): try from it too. Any space
        # (no-break ones included), and never past the head: a search to the text's end found a name 5 KB on.
        last_space = list(re.finditer(r"[^\S\n]+", text[lead : head.end()].rstrip()))
        no_adjective = lead + last_space[-1].end() if last_space else lead
        for subj in dict.fromkeys((head.end(), no_adjective, lead)):
            window = text[subj : subj + 120]
            best = None
            for o in organisations:
                for alias in [o["canonical"], *o.get("aliases", [])]:
                    if window.startswith(alias) and (best is None or len(alias) > best[0]):
                        best = (len(alias), o["canonical"])
            if best:
                return [_evidence(best[1], "subject", text, subj, subj + best[0])]
        return []
    return []


def _title(text, sections, organisations, contacts, body, dateline):
    """The organisation that opens the title (`# Lémanix ouvre un atelier à Genève`)."""
    first = re.search(r"\S[^\n]*", text)
    if not first:
        return []
    a = first.start() + len(re.match(r"[#*_>\s]*", first.group()).group())
    best = None
    for o in organisations:
        for alias in [o["canonical"], *o.get("aliases", [])]:
            followed = re.match(rf"{re.escape(alias)}[^\S\n]+[a-zà-ÿ]", text[a : a + len(alias) + 3])
            if followed and (best is None or len(alias) > best[0]):
                best = (len(alias), o["canonical"])
    return [_evidence(best[1], "title", text, a, a + best[0])] if best else []


def _contact(text, sections, organisations, contacts, body, dateline):
    for c in contacts:
        if c.get("organisation"):
            s = next((s for s in sections if s["kind"] == "contact"), None)
            i = text.find(c["organisation"], s["start"] if s else 0)
            if i >= 0:
                return [_evidence(c["organisation"], "contact", text, i, i + len(c["organisation"]))]
            return [
                {
                    "canonical": c["organisation"],
                    "evidence": {"rule": "contact", "text": c["organisation"], "start": None, "end": None},
                }
            ]
    return []


def _signature(text, sections, organisations, contacts, body, dateline):
    tail_start = max(body["start"], body["end"] - 400)
    lines = list(re.finditer(r"[^\n]+", text[tail_start : body["end"]]))
    for line in reversed(lines):
        raw = line.group().strip(" *_#>|-")
        if not raw or len(raw) > 80:
            continue
        stripped = re.sub(r"(?i)^(?:le bureau (?:de |du |des |d['’])|l['’]équipe (?:de |du |d['’])?|pour )", "", raw)
        for o in organisations:
            if any(stripped.lower() == a.lower() for a in [o["canonical"], *o.get("aliases", [])]):
                a = tail_start + line.start() + line.group().index(raw)
                return [_evidence(o["canonical"], "signature", text, a, a + len(raw))]
    return []
