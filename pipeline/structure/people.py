"""People named in a release: the fullest form of a name, the role printed beside it, its organisation.

Shared by quotes (the speaker) and contacts. A release names a person in full
once (`Marie Dupont, directrice générale de Solvéo`) and then by surname
(`Dupont`) or title (`Mme Dupont`): the speaker's `name` is the fullest
form, from the PER entities of the record and capitalised names the model
missed.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.match.base import Match
from pipeline.ruledata import load

UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zà-öø-ÿ"
# Two to four capitalised words, with particles (`Jean de La Fontaine`), hyphens (`Jean-Luc`), initials (`J.`).
_CAP = rf"(?:[{UP}][\w'’]*(?:-[{UP}][\w'’]*)?|[{UP}]\.)"
_PARTICLE = r"(?:de|du|des|van|von|der|le|la|da|di|dos|ben|bin|el|al|ould)"
# Two to four capitalised words, with hyphens (`Jean-Luc`), initials (`J.`), and a particle only after the
# given name (`Jean de La Fontaine`, but `Nadia Benali de Lémanix` is `Nadia Benali` of Lémanix).
NAME = re.compile(
    rf"(?<![\w-])(?:[{UP}]\.[^\S\n]?)?[{UP}][{LOW}'’]+(?:-[{UP}][{LOW}]+)?"
    rf"[^\S\n]+(?:{_PARTICLE}[^\S\n]+)?{_CAP}(?:[^\S\n]+{_CAP}){{0,2}}(?![\w-])"
)
TITLED = re.compile(rf"(?<!\w)(?:M\.|Mme|Mlle|Me|Dr|Pr)[^\S\n]+(?P<name>[{UP}][\w'’-]+(?:[^\S\n]+[{UP}][\w'’-]+)?)")


_ROLE_AFTER = re.compile(
    r"[*_]*[^\S\n]*(?:,|\(|–|—|-)[^\S\n]*(?P<role>[^,()\n«»“”:;.]{3,140}?)[^\S\n]*(?=[,)\n:;–—]|\.(?:\s|$)|»|«|$)"
)


@cache
def role_words() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in load("structure/roles.json")["roles"]), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{words})(?!\w)")


def is_role(text: str) -> bool:
    return bool(role_words().search(text))


def names_in(text: str, start: int, end: int, entities: list[Match]) -> list[tuple[int, int]]:
    """(start, end) of the person names in `text[start:end]`: PER entities, else capitalised names."""
    found = [(e.start, e.end) for e in entities if e.label == "PER" and start <= e.start and e.end <= end]
    for m in NAME.finditer(text, start, end):
        span = _trimmed(text, m.start(), m.end())
        if span is None or any(a < span[1] and span[0] < b for a, b in found):
            continue
        found.append(span)
    for m in TITLED.finditer(text, start, end):
        if not any(a < m.end() and m.start() < b for a, b in found):
            found.append((m.start("name"), m.end("name")))
    return sorted(found)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A capitalised run without the sentence words that open it (`Selon Karim Ndiaye` → `Karim Ndiaye`)."""
    while _not_a_name(text[start:end]):
        space = text.find(" ", start, end)
        if space < 0 or " " not in text[space + 1 : end].strip():
            return None
        start = space + 1
    return start, end


def _not_a_name(words: str) -> bool:
    """Capitalised words that are a role, a month, a heading (`Directrice Générale`, `Communiqué De Presse`)."""
    first = words.split()[0].lower()
    company = {w.lower() for w in words.split()} & _org_words()
    return bool(role_words().fullmatch(first)) or first in _stop_words() or first in _org_heads() or bool(company)


@cache
def _org_words() -> frozenset[str]:
    return frozenset(load("structure/issuer.json")["organisation_words"])


@cache
def _org_heads() -> frozenset[str]:
    """`Fondation Eclipse`, `Agence Kora`: capitalised words that name an organisation, not a person."""
    return frozenset(w.lower() for w in load("structure/issuer.json")["subject_heads"])


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load("structure/dateline.json")["not_places"])


def fullest(name: str, text: str, entities: list[Match]) -> str:
    """The longest PER name of the document that ends with (or contains) `name`'s last word."""
    name = re.sub(r"^(?:M\.|Mme|Mlle|Me|Dr|Pr)\s+", "", name.strip())
    last = name.split()[-1] if name.split() else name
    best = name
    spans = [(e.start, e.end) for e in entities if e.label == "PER"]
    spans += [span for m in NAME.finditer(text) if last in m.group() and (span := _trimmed(text, m.start(), m.end()))]
    for a, b in spans:
        candidate = text[a:b].strip()
        words = candidate.split()
        longer = last in words and len(candidate) > len(best) and len(words) <= 4
        if longer and (name in candidate or len(name.split()) == 1):
            best = candidate
    return best


def role_after(text: str, at: int, stop: int) -> str | None:
    """`, directrice générale de Solvéo,` right after a name (up to the next comma, bracket or clause end)."""
    m = _ROLE_AFTER.match(text, at, stop)
    if m and is_role(m["role"]) and not re.match(r"(?i)(?:a|avait|qui|et|il|elle)\b", m["role"]):
        return _clean_role(m["role"])
    return None


def role_before(text: str, start: int, name_start: int) -> str | None:
    """`la directrice générale de Solvéo, Marie Dupont`: the role phrase just before a name."""
    chunk = text[start:name_start]
    m = re.search(r"(?P<role>(?:[^\s,«»:;.]+[^\S\n]+){0,8}?[^\s,«»:;.]+)[^\S\n]*,?[^\S\n]*$", chunk)
    if not m or not is_role(m["role"]):
        return None
    role = m["role"]
    first = role_words().search(role)
    return _clean_role(role[first.start() :]) if first else None


def _clean_role(role: str) -> str:
    return re.sub(r"\s+", " ", role).strip(" ,*_")


def organisation_in(span: str, organisations: list[dict]) -> str | None:
    """The canonical organisation whose longest alias appears in `span`, if any."""
    best = None
    for o in organisations:
        for alias in [o["canonical"], *o.get("aliases", [])]:
            longer = best is None or len(alias) > best[0]
            if len(alias) > 1 and longer and re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", span):
                best = (len(alias), o["canonical"])
    return best[1] if best else None
