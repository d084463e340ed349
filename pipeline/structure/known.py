"""A name printed in the release (`À propos de X`, `Communiqué de X`, an e-mail's domain) mapped to
the record's `organisations`, by alias, acronym or the start of a longer name, before giving up.

The issuer's canonical name must be that of `organisations` (consumers join on it), but releases
print short forms: an acronym defined in the text (`la Fédération des ateliers du Jura (FAJ)`),
the initials of a known name, the first word of a longer one (`À propos de Lémanix` for
`Lémanix Software Foundation`), or an e-mail domain (`presse@faj.ch`). Pure string work on a few
names: microseconds a document.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.ruledata import load
from pipeline.structure.people import organisation_in

_ACRONYM = re.compile(r"\((?P<acr>[A-ZÀ-Þ][A-Z0-9À-Þ&-]{1,11})\)")
_STOP = {"de", "des", "du", "la", "le", "les", "l", "d", "en", "et", "pour", "à", "au", "aux", "sur", "of", "the"}


def key(name: str) -> str:
    """`Capitole du Libre` and `capitoledulibre` share a key: letters and digits, no accents, lower case."""
    s = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in s if not unicodedata.combining(c)).casefold())


def initials(name: str) -> str:
    """`Fédération des ateliers du Jura` → `faj`: first letters of the words that are not articles."""
    words = [w for w in re.findall(r"[^\W\d_]+", name.replace("’", "'")) if w.casefold() not in _STOP]
    return key("".join(w[0] for w in words))


def acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in the text, `Long Form (ACR)`, each with its long form (the first definition)."""
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        acr = m["acr"]
        if acr in found:
            continue
        before = re.split(r"[,;:.!?«»()\[\]\n]", text[max(0, m.start() - 200) : m.start()])[-1]
        words = before.split()
        first = next((i for i, w in enumerate(words) if w[0] == acr[0] and w[0].isupper()), None)
        if first is None or len(words) - first < 2 or len(words) - first > 2 * len(acr) + 3:
            continue
        long = " ".join(words[first:])
        if initials(long)[:2] == key(acr)[:2]:  # `Fédération des ateliers… (FAJ)`, not any capitalised phrase
            found[acr] = long
    return found


def known_organisation(name: str, organisations: list[dict], text: str) -> str | None:
    """The canonical organisation `name` stands for, else the long form of an acronym the text defines."""
    if not name or not name.strip():
        return None
    name = name.strip()
    if canonical := organisation_in(name, organisations):
        return canonical
    k = key(name)
    if len(k) < 2:
        return None
    if found := _alias_or_acronym(k, organisations, text):
        return found
    by_initials = [o["canonical"] for o in organisations if len(k) >= 3 and initials(o["canonical"]) == k]
    if len(by_initials) == 1:
        return by_initials[0]
    longer = [o for o in organisations if re.match(rf"{re.escape(name)}\s+\S", o["canonical"])]
    if longer:  # `Lémanix` for `Lémanix Software Foundation`: the most mentioned of the longer names
        return max(longer, key=lambda o: o.get("mentions", 0))["canonical"]
    return None


def _alias_or_acronym(k: str, organisations: list[dict], text: str) -> str | None:
    """The organisation with the name key `k` among its names, else the long form of the acronym `k`."""
    for o in organisations:
        if any(key(a) == k for a in [o["canonical"], *o.get("aliases", [])]):
            return o["canonical"]
    defined = {key(a): long for a, long in acronyms(text).items()}
    if k in defined:
        return organisation_in(defined[k], organisations) or defined[k]
    return None


@cache
def _webmail() -> frozenset[str]:
    return frozenset(load("structure/issuer.json")["webmail_domains"])


def organisation_of_email(email: str | None, organisations: list[dict], text: str) -> str | None:
    """The organisation an e-mail's domain names (`presse@faj.ch` → the FAJ), never a webmail's."""
    if not email or "@" not in email:
        return None
    labels = email.rsplit("@", 1)[1].lower().split(".")
    if len(labels) < 2 or labels[-2] in _webmail():
        return None
    k = key(labels[-2])
    if len(k) < 3:
        return None
    return _alias_or_acronym(k, organisations, text)
