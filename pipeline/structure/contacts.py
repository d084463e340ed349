"""Whom to contact: one entry per person of the contact sections, with e-mail and phone.

A contact block lists people, each with some of: a role, an organisation, an
e-mail, a phone, on one line (`Jeanne Roy – 06 12 34 56 78 – jeanne.roy@x.fr`)
or several. A person starts at a line that opens with a name (a PER entity,
or two or three capitalised words that are not a role or an organisation);
the lines under it are theirs. An e-mail or phone given before the first
person belongs to every person of the block; a block with no person is one
entry with `name` null.

Phones are parsed by the phonenumbers library (Google's libphonenumber
metadata): a national number (`01 44 55 66 77`) takes the country of the
document's locale, an international one (`+41 22 …`, `+1 514 …`) its own;
`phone` is as printed, `phone_e164` the canonical form when the number is
possible for its country. E-mails are checked for shape only (no network),
after resolving the usual obfuscations (`prenom.nom [at] exemple [dot] fr`,
`fr at exemple dot org`, `(arobase)`).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.match.base import Match
from pipeline.ruledata import load
from pipeline.structure.people import NAME, organisation_in

_AT = r"(?:\s*[\[(<{]\s*(?:at|arobase|@)\s*[\])>}]\s*|\s+(?:at|arobase)\s+)"
_DOT = r"(?:\s*[\[(<{]\s*(?:dot|point|\.)\s*[\])>}]\s*|\s+(?:dot|point)\s+|\.)"
_LOCAL = r"[A-Za-z0-9][\w.+-]*"
_DOMAIN = r"[A-Za-z0-9][\w-]*"
_OBFUSCATED = re.compile(rf"(?<![\w.@])({_LOCAL}){_AT}({_DOMAIN}(?:{_DOT}{_DOMAIN})+)(?![\w@])", re.IGNORECASE)
_PLAIN = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SHAPE = re.compile(
    r"[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9_])?@[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_EXTENSION = re.compile(r",?[^\S\n]*(?i:poste|p\.|ext\.?|extension|x)[^\S\n]*\d{1,5}(?!\d)")
_COUNTRY_OF_LOCALE = {"QC": "CA"}  # a zone that is not a country code
_PHONE_DIGITS = 8  # fewer digits: a postcode or a year pair, not a phone
# Enough digits for a phone anywhere in a text: without them libphonenumber's matcher (0.1 ms a paragraph) is not run.
_ENOUGH_DIGITS = re.compile(rf"(?:\d\D*){{{_PHONE_DIGITS}}}")


def emails(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, address) of each e-mail address in `text[start:end]`, obfuscated ones resolved."""
    end = len(text) if end is None else end
    found: list[tuple[int, int, str]] = []
    for m in _PLAIN.finditer(text, start, end):
        address = m.group().rstrip(".")
        if _SHAPE.fullmatch(address):
            found.append((m.start(), m.start() + len(address), address))
    for m in _OBFUSCATED.finditer(text, start, end):
        if any(a < m.end() and m.start() < b for a, b, _ in found):
            continue
        domain = re.sub(_DOT, ".", m.group(2), flags=re.IGNORECASE)
        address = f"{m.group(1)}@{domain}"
        plain_words = not re.search(r"[\[(<{@]", m.group())
        if plain_words and not re.search(r"\s(?:dot|point)\s", m.group(), re.IGNORECASE):
            continue  # `rendez-vous at home.` is not an address: the bare form needs `dot` as well
        if _SHAPE.fullmatch(address):
            found.append((m.start(), m.end(), address.lower() if plain_words else address))
    return sorted(found)


def region_of(locale: dict | None) -> str:
    country = (locale or {}).get("country") or "FR"
    return _COUNTRY_OF_LOCALE.get(country, country)


def phones(text: str, region: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str | None]]:
    """(start, end, as printed, E.164 or None) of each phone number in `text[start:end]`."""
    import phonenumbers

    end = len(text) if end is None else end
    out = []
    chunk = text[start:end]
    if not _ENOUGH_DIGITS.search(chunk):
        return out
    for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
        for m in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=leniency):
            a, b = start + m.start, start + m.end
            if any(x < b and a < y for x, y, _, _ in out):
                continue
            if len(re.sub(r"\D", "", m.raw_string)) < _PHONE_DIGITS:
                continue
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            raw = m.raw_string
            if ext := _EXTENSION.match(text, b):  # `, poste 752`: the extension is part of the number as printed
                raw, b = text[a : ext.end()], ext.end()
            out.append((a, b, raw, e164))
    return sorted(out)


@cache
def _role_words() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in load("structure/roles.json")["roles"]), key=len, reverse=True))
    return re.compile(rf"(?i:{words})(?!\w)")


def find_contacts(
    text: str, sections: list[dict], entities: list[Match], organisations: list[dict], locale
) -> list[dict]:
    """The contacts of every `contact` section, in order."""
    region = region_of(locale)
    out: list[dict] = []
    for s in sections:
        if s["kind"] == "contact":
            out += _block_contacts(text, s["start"], s["end"], entities, organisations, region)
    for s in sections:
        if s["kind"] == "body":
            out += _body_contacts(text, s["start"], s["end"], entities, organisations, region, out)
    return out


_SIGNATURE_LINES = 8  # a signature-like paragraph: at most this many lines...
_SIGNATURE_WIDTH = 100  # ...of at most this many characters, none a sentence
_INLINE_REACH = 200  # `Pour plus d'informations, écrivez-nous à x@y.fr`: the address within this many characters


def _body_contacts(text, start, end, entities, organisations, region, known) -> list[dict]:
    """Contacts the body gives without a contact section: a signature-like paragraph with an e-mail or
    a phone (`Association Brume http://brume.ch presse@brume.ch`, or a name, a role and a phone on
    short lines), and a sentence that opens like a contact heading and gives an address
    (`Pour plus d'informations … écrivez-nous à <a href="…">info@x.ch</a>`, HTML left in the text).
    An address or number already in a contact is not listed twice."""
    seen = {c["email"].lower() for c in known if c["email"]} | {c["phone_e164"] for c in known if c["phone_e164"]}
    out: list[dict] = []

    def new(entries: list[dict]) -> list[dict]:
        fresh = [c for c in entries if (c["email"] or "").lower() not in seen and c["phone_e164"] not in seen]
        fresh = [c for c in fresh if c["email"] or c["phone_e164"]]
        for c in fresh:
            seen.update(x for x in ((c["email"] or "").lower(), c["phone_e164"]) if x)
        return fresh

    for para in re.finditer(r"[^\n](?:[^\n]|\n(?!\s*\n))*", text[start:end]):
        a, b = start + para.start(), start + para.end()
        lines = para.group().split("\n")
        signature = len(lines) <= _SIGNATURE_LINES and all(_signature_line(line) for line in lines)
        if signature and (emails(text, a, b) or phones(text, region, a, b)):
            out += new(_block_contacts(text, a, b, entities, organisations, region))
            continue
        for m in _headings().finditer(text, a, b):
            if m.start() > a and text[m.start() - 1].isalnum():
                continue
            reach = min(b, m.end() + _INLINE_REACH)
            mails, tels = emails(text, m.end(), reach), phones(text, region, m.end(), reach)
            if mails or tels:
                out += new([_entry(None, None, None, mails[:1], tels[:1])])
    return out


def _signature_line(line: str) -> bool:
    """A short line that is not a sentence: a name, a role, an organisation, an address, links."""
    line = line.strip()
    if len(line) > _SIGNATURE_WIDTH:
        return False
    prose = re.sub(r"\S+@\S+|https?://\S+|www\.\S+", "", line)
    return not (len(prose.split()) >= 8 or re.search(r"[a-zà-ÿ]{3,}[.!?]$", prose.strip()))


def _block_contacts(text, start, end, entities, organisations, region) -> list[dict]:
    mails = emails(text, start, end)
    tels = phones(text, region, start, end)
    pers = [e for e in entities if e.label == "PER" and start <= e.start and e.end <= end]
    people = _people(text, start, end, pers, mails, organisations)
    if not people:
        if not mails and not tels:
            return []
        # Only the heading names a nameless block's organisation: its body lists links (`Facebook : …`).
        line_end = text.find("\n", start, end)
        org = _organisation(text, start, end if line_end < 0 else line_end, organisations)
        return [_entry(None, None, org, mails[:1], tels[:1])]
    out = []
    shared_mails = [m for m in mails if m[0] < people[0][0]]
    shared_tels = [t for t in tels if t[0] < people[0][0]]
    block_org = _heading_organisation(text, start, people[0][0], organisations)
    for i, (a, b, name) in enumerate(people):
        stop = people[i + 1][0] if i + 1 < len(people) else end
        own_mails = [m for m in mails if a <= m[0] < stop]
        own_tels = [t for t in tels if a <= t[0] < stop]
        role = _role(text, b, stop, own_mails, own_tels)
        org = _organisation(text, a, stop, organisations) or block_org or _printed_organisation(text, b, stop, role)
        out.append(_entry(name, role, org, own_mails or shared_mails, own_tels or shared_tels))
    # One address (or one phone) for the whole block: it is everyone's in it.
    if len({m[2].lower() for m in mails}) == 1:
        for c in out:
            c["email"] = c["email"] or mails[0][2]
    if len({t[3] or t[2] for t in tels}) == 1:
        for c in out:
            if not c["phone"]:
                c["phone"], c["phone_e164"] = tels[0][2], tels[0][3]
    return out


def _people(text, start, end, pers, mails, organisations) -> list[tuple[int, int, str]]:
    """(start, end, name) of each person, at most one per line, a line with a name opening it."""
    people = []
    org_names = {a.lower() for o in organisations for a in [o["canonical"], *o.get("aliases", [])]}
    for line in re.finditer(r"[^\n]+", text[start:end]):
        a, b = start + line.start(), start + line.end()
        inside = [p for p in pers if a <= p.start and p.end <= b]
        lead = re.match(r"[^\S\n]*(?:[-*_#>•|]+[^\S\n]*)*", text[a:b]).end() + a
        candidates = [(p.start, p.end, text[p.start : p.end]) for p in inside if p.start - lead <= 2]
        if not candidates:
            m = NAME.match(text, lead, b)
            if (
                m
                and not _role_words().match(m.group())
                and m.group().lower() not in org_names
                and not _org_like(m.group())
            ):
                after = text[m.end() : b]
                ends_well = re.match(r"[^\S\n]*(?:$|[,:–—|(/-]|[^\S\n]+\+?\(?\d[\d .()/-]{7,}|[^\S\n]+\S+@)", after)
                if ends_well and not _heading_like(m.group()):
                    candidates = _split_pair(m.start(), m.group(), pers)
        if candidates:
            if any(ma[0] < candidates[0][0] < ma[1] for ma in mails):
                continue
            people += candidates if len(candidates) == 2 else candidates[:1]
    return [piece for p in people for piece in _two_people(p, people)]


_PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "di", "da", "del", "ben", "el", "al"}


@cache
def _first_names() -> frozenset[str]:
    return frozenset(load("ner/first_names.json")["names"])


def _two_people(person: tuple[int, int, str], people: list) -> list[tuple[int, int, str]]:
    """`Anne Roy Inès Tal` on one line of a block whose other people have two-word names: two people (a PDF's
    columns, or names run together), when it opens on a given name and has no particle (`Jean de La Tour`)."""
    a, _, name = person
    words = name.split()
    two_word_block = any(len(p[2].split()) == 2 for p in people if p is not person)
    if (
        len(words) != 4
        or not two_word_block
        or words[0] not in _first_names()
        or any(w.lower() in _PARTICLES or not w[:1].isupper() for w in words)
    ):
        return [person]
    second = name.index(words[2], len(words[0]) + len(words[1]) + 1)
    first = name[:second].rstrip()
    return [(a, a + len(first), first), (a + second, a + len(name), name[second:])]


def _split_pair(start: int, name: str, pers) -> list[tuple[int, int, str]]:
    """Two people side by side on a line (`Anne Roy Paul Girard`, columns of a PDF): four plain words of
    which the model read one half as a person."""
    words = name.split()
    if len(words) == 4:
        second = name.index(words[2], len(words[0]) + len(words[1]) + 1)
        first = name[:second].rstrip()
        halves = {(start, start + len(first)), (start + second, start + len(name))}
        if any((p.start, p.end) in halves for p in pers):
            return [(start, start + len(first), first), (start + second, start + len(name), name[second:])]
    return [(start, start + len(name), name)]


def _org_like(name: str) -> bool:
    """`Agence Kora Conseil`, `Page Deux Relations Publiques`: a name that opens with what an organisation is,
    or holds a word of company names."""
    cfg = load("structure/issuer.json")
    words = [w.lower() for w in name.split()]
    return words[0] in {w.lower() for w in cfg["subject_heads"]} or bool(set(words) & set(cfg["organisation_words"]))


@cache
def _headings() -> re.Pattern:
    cfg = load("structure/sections.json")
    return re.compile("(?i:" + "|".join(cfg["contact"] + cfg["notes"]) + r")(?!\w)")


def _heading_like(name: str) -> bool:
    return bool(_headings().match(name))


def _role(text, after_name, stop, mails, tels) -> str | None:
    """The role printed after the name on its line (`, attachée de presse`) or on the next line."""
    rest = text[after_name:stop]
    for piece in re.split(r"\n|[,|–—]|\s-\s", rest):
        piece = piece.strip(" \t*_:()-")
        if not piece or re.search(r"@|\d{2}|www\.|https?:", piece):
            continue
        if _role_words().search(piece):
            return re.sub(r"\s*\([^)]*$", "", piece)  # `auteur du rapport (anglais, français)`: not the languages
    return None


def _heading_organisation(text, start, end, organisations) -> str | None:
    """The organisation the block's heading names (`Pour plus d'informations sur Lémanix`), else its first one."""
    line_end = text.find("\n", start, end)
    heading = _organisation(text, start, end if line_end < 0 else line_end, organisations)
    return heading or _organisation(text, start, end, organisations)


def _organisation(text, start, end, organisations) -> str | None:
    return organisation_in(text[start:end], organisations)


def _printed_organisation(text, after_name, stop, role) -> str | None:
    """A line under the name that is neither a role nor details (`Agence Kora Conseil`): the organisation as printed."""
    for line in text[after_name:stop].split("\n")[1:4]:
        line = line.strip(" \t*_-•|")
        if (
            2 < len(line) <= 60
            and line != role
            and not re.search(r"@|\d{2}|www\.|https?:|:", line)
            and line[:1].isupper()
            and not _role_words().search(line)
        ):
            return line
    return None


def _entry(name, role, org, mails, tels) -> dict:
    return {
        "name": name,
        "role": role,
        "organisation": org,
        "email": mails[0][2] if mails else None,
        "phone": tels[0][2] if tels else None,
        "phone_e164": tels[0][3] if tels else None,
    }
