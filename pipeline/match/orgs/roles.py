"""What a name does in a release: act, sign it, or serve as a tool.

The organisation a release is about is named again and again and often has
no head word (`Zorgane`, `Kivu Solaire`, `Les Amis du Quai`): the model may
call it MISC or LOC, and no gazetteer knows it. What it does says what it is:

- it acts: it is the subject of a verb that releases use for their actors
  (`Kivu Solaire annonce`, `Plixo (PLX) a lancé`, `Zorgane, la coopérative
  des pêcheurs, organise`);
- it signs the release: it is the `À propos de …` heading, or the name of
  an e-mail domain of the release (`Bleu Cobalt` and
  `presse@bleucobalt.fr`; not a link's, since releases link to the media
  and platforms they cite), or a name in its press-contact block that is
  not shaped like a person's (`Prénom Nom`).

Platforms and products named as tools are the opposite case: `suivez-nous
sur Facebook`, `via WhatsApp`, `connexion avec Google`, `compatible
Bluetooth`. A name all of whose mentions are tools (a list after the tool
words shares them: `sur Facebook, Instagram et LinkedIn`), and that never
acts nor stands after partner words (`un partenariat avec Google`), is not
an organisation in that release.

The words are data (`pipeline/models/organisations/roles.json`); nothing here lists a
name. Persons and places are never actors: callers check the model's label
(`consistency.decide_labels`), and `demote_tools` only ever takes
organisations away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from pipeline.match.base import Match
from pipeline.match.orgs.names import fold, key
from pipeline.ruledata import load

_SPACE = r"[ \t\u00a0\u202f]+"


def _phrase(p: str) -> str:
    return _SPACE.join(re.escape(w) for w in p.split())


@cache
def _data() -> dict:
    return load("organisations/roles.json")


@cache
def _acting() -> re.Pattern:
    """A name's predicate: an optional acronym in brackets or apposition, an auxiliary, an acting verb."""
    data = _data()
    verbs = sorted(data["acting_verbs"], key=len, reverse=True)
    participles = sorted(data["acting_participles"], key=len, reverse=True)
    aux = sorted(data["auxiliaries"], key=len, reverse=True)
    return re.compile(
        r"(?:[ \t\u00a0]*\([^()\n]{1,40}\))?"  # `Plixo (PLX)`
        r"(?:[ \t\u00a0]*,[^,.;:!?\n«»]{1,90},)?"  # `Zorgane, la coopérative des pêcheurs,`
        # `TV5Monde, qui a acquis les droits`, `Octopuce, qui nous fournit`
        r"(?:[ \t\u00a0]*,?[ \t\u00a0]*qui(?![\w'’-])"
        r"(?:[ \t\u00a0]+(?:nous|vous|leur|lui|les|la|le|y|en)(?![\w'’-])|[ \t\u00a0]+l['’])?)?"
        rf"{_SPACE}(?:(?:ne|n['’])[ \t\u00a0]*)?"
        rf"(?:(?:{'|'.join(_phrase(v) for v in verbs)})"
        rf"|(?:{'|'.join(_phrase(a) for a in aux)}){_SPACE}(?:déjà{_SPACE}|aussi{_SPACE}|également{_SPACE})?"
        rf"(?:{'|'.join(_phrase(v) for v in participles)}))(?![\w'’-])",
        re.IGNORECASE,
    )


def acts(text: str, start: int, end: int) -> bool:
    """Is the name at [start, end) the subject of an acting verb (`Kivu Solaire annonce`, `X a lancé`)?"""
    return bool(_acting().match(text, end))


_ABOUT = re.compile(
    r"^[ \t#*_>]*(?:À|A|a|à)[ \t\u00a0]+propos[ \t\u00a0]+(?:de[ \t\u00a0]+la|de[ \t\u00a0]+l['’]|du|des|de|d['’])"
    r"[ \t\u00a0]*([^\n:.,;()\[\]]{2,80}?)[ \t*_]*(?::|\.|\n|$)",
    re.MULTILINE,
)
# The domain of an e-mail address (`presse@bleu-cobalt.fr` → `bleu-cobalt`); links are not signatures: a
# release links to the media and platforms it cites.
_DOMAIN = re.compile(r"[\w.+-]@(?:[\w-]+\.)*?([\w-]{3,40})\.[a-z]{2,6}\b", re.IGNORECASE)
_CONTACT_HEADING = re.compile(
    r"^[ \t#*_>]*(?:contacts?(?:[ \t]+(?:presse|médias?|media))?|relations?[ \t]+(?:presse|médias?)"
    r"|service[ \t]+(?:de[ \t]+)?presse|pour[ \t]+plus[ \t]+d['’]informations?|press[ \t]+contacts?)\b",
    re.IGNORECASE | re.MULTILINE,
)
_CONTACT_SPAN = 400  # characters of a contact block after its heading, at most: it ends at a blank line
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PERSON_SHAPE = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?[ \t\u00a0]+[A-ZÀ-Þ][\w'’-]+")


@dataclass
class Signatures:
    """Where a release names its author (`À propos de` names, e-mail and web domains, contact blocks) and
    the bodies it lists as partners or members."""

    about: set[str] = field(default_factory=set)  # name keys
    domains: set[str] = field(default_factory=set)  # folded domain labels, without dashes
    contact_blocks: list[tuple[int, int]] = field(default_factory=list)
    listed: list[tuple[int, int]] = field(default_factory=list)  # names in its lists of partners (`listed_bodies`)

    def signs(self, surface: str, start: int) -> bool:
        """Does the name (as written at `start`) sign the release?"""
        k = key(surface)
        if k in self.about:
            return True
        if len(k) >= 4 and re.sub(r"[^a-z0-9]", "", k) in self.domains:
            return True
        # Contact blocks name people first: a `Prénom Nom` there is not evidence of an organisation.
        return not _PERSON_SHAPE.fullmatch(surface) and any(s <= start < e for s, e in self.contact_blocks)


def signatures(text: str) -> Signatures:
    """The release's `À propos de …` names, domains and contact blocks (read from the unmasked text:
    masking blanks the e-mail addresses and URLs)."""
    sig = Signatures()
    for m in _ABOUT.finditer(text):
        sig.about.add(key(m.group(1).strip(" \t*_")))
    for m in _DOMAIN.finditer(text):
        sig.domains.add(re.sub(r"[^a-z0-9]", "", fold(m.group(1))))
    for m in _CONTACT_HEADING.finditer(text):
        end = min(len(text), m.end() + _CONTACT_SPAN)
        blank = _BLANK_LINE.search(text, m.end(), end)
        sig.contact_blocks.append((m.end(), blank.start() if blank else end))
    sig.listed = listed_bodies(text)  # on the unmasked text: masking blanks the list bullets
    return sig


@cache
def _phrases(name: str) -> tuple[str, ...]:
    """A list of `roles.json` folded, each with a leading space (a phrase ends the words before a name)."""
    return tuple(sorted({" " + " ".join(fold(p).replace("’", "'").split()) for p in _data()[name]}))


_ARTICLE_END = re.compile(r"(?:\s(?:de la|de l'|du|des|de|d'|la|le|les|l'|avec|sur|par|:))+\s*$")
_LIST_GAP = re.compile(
    r"[ \t\u00a0]*(?:,|/|&|\bet\b|\bou\b|\bainsi que\b)[ \t\u00a0]*(?:(?:la|le|les|l['’])[ \t\u00a0]*)?"
)
_WINDOW = 50


def _before(text: str, start: int) -> str:
    """The folded words before `start` on its line, with a leading space."""
    line = text.rfind("\n", max(0, start - _WINDOW), start) + 1
    window = text[max(line, start - _WINDOW) : start]
    for mark in "«“([":
        window = window.replace(mark, " ")
    return " " + " ".join(fold(window).replace("’", "'").split())


_ARTICLES_END = re.compile(r"(?:\s(?:la|le|les|l'))+\s*$")


def _introduced_by(text: str, start: int, phrases: tuple[str, ...]) -> bool:
    """Do `phrases` end the words before `start`: as they are, without the name's article (`agréé par l'`),
    or without the prepositions and articles a phrase may leave out (`via la`, `sur le`)?"""
    before = _before(text, start).rstrip()
    if before.endswith(phrases):
        return True
    for ending in (_ARTICLES_END, _ARTICLE_END):
        bare = ending.sub("", before).rstrip()
        if bare != before and bare.endswith(phrases):
            return True
    return False


# `Suivez Jasmin Vert sur`, `Retrouvez toute l'actualité de Zorgane sur`: follow-us words, then who, then `sur`.
_FOLLOW_ON = re.compile(
    r"\b(?:suivez|retrouvez|rejoignez|abonnez-vous(?:[ \t\u00a0]+à)?|likez|écoutez|regardez)"
    r"[ \t\u00a0][^.!?\n]{1,50}?[ \t\u00a0]sur[ \t\u00a0]+(?:(?:les?|la|l['’])[ \t\u00a0]*)?$",
    re.IGNORECASE,
)
# `Facebook : https://…`, `Twitter : @zorg`: the label of a link or a handle (masked links are blanks).
_LINK_AFTER = re.compile(r"[ \t\u00a0]*:[ \t\u00a0]*(?:https?://|www\.|@|[ \t\u00a0]*(?:\n|$))")


def _link_label(text: str, e: Match) -> bool:
    line_start = text.rfind("\n", 0, e.start) + 1
    return not text[line_start : e.start].strip(" \t\u00a0-*•·") and bool(_LINK_AFTER.match(text, e.end))


_SOURCE_BEFORE = (" selon", " d'apres", " cite par", " citee par", " rapporte", " rapportent", " indique", " ecrit")


@cache
def _media_words() -> frozenset[str]:
    return frozenset(fold(w) for w in _data()["media_words"])


def _cited_medium(text: str, e: Match) -> bool:
    """A name with a word that names publications (`Tribune`, `Matin`, `Zeitung`) cited as a source."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]+", text[e.start : e.end])}
    if not words & _media_words():
        return False
    before = _ARTICLE_END.sub("", _before(text, e.start).rstrip()).rstrip()
    return before.endswith(_SOURCE_BEFORE) or bool(re.match(r"[ \t]*\)", text[e.end : e.end + 3]))


def demote_tools(text: str, entities: list[Match]) -> list[Match]:
    """ORG mentions named only as tools, or publications cited as sources, become MISC, in every mention of
    that name (`entities` sorted), unless one mention acts or follows partner words."""
    named = [e for e in entities if e.label in ("ORG", "MISC", "PER", "LOC")]  # a list may mix the model's labels
    tool_keys: dict[str, bool] = {}  # name key → every mention so far a tool
    previous: Match | None = None
    chain_tool = False
    for e in named:
        k = key(text[e.start : e.end])
        in_chain = previous is not None and _LIST_GAP.fullmatch(text, previous.end, e.start) is not None
        tool = (
            _introduced_by(text, e.start, _phrases("tool_before"))
            or (in_chain and chain_tool)
            or _link_label(text, e)
            or bool(_FOLLOW_ON.search(text, max(0, e.start - 80), e.start))
        )
        actor = acts(text, e.start, e.end) or _introduced_by(text, e.start, _phrases("actor_before"))
        if not tool and _cited_medium(text, e):
            tool = True  # `selon Le Quotidien du Matin`: a publication cited as a source
        chain_tool = tool
        previous = e
        tool_keys[k] = tool_keys.get(k, True) and tool and not actor
    if not any(tool_keys.values()):
        return entities
    return [
        Match("MISC", e.start, e.end, None, e.source)
        if e.label == "ORG" and tool_keys.get(key(text[e.start : e.end]))
        else e
        for e in entities
    ]


@cache
def _introducers(with_context: bool) -> tuple[tuple[str, ...], re.Pattern]:
    """The phrases after which a name is a body (`relation_before` here; `with_context`, also the `before` words
    of context.json: `parrainé par`, `avec le soutien de`), folded; and a cheap test for their last words, run
    first (it halves the time `actor_candidates` takes on the seed releases under load, 65 → 32 ms)."""
    phrases = list(_data()["relation_before"])
    if with_context:
        phrases += load("organisations/context.json")["before"]
    folded = tuple(sorted({" " + " ".join(fold(p).replace("’", "'").split()) for p in phrases}))
    last = sorted({p.split()[-1] for p in phrases}, key=len, reverse=True)
    end = re.compile(
        rf"(?<![\w'’-])(?:{'|'.join(re.escape(w) for w in last)})[ \t\u00a0]*(?:(?:la|le|les)[ \t\u00a0]+|l['’])?$",
        re.IGNORECASE,
    )
    return folded, end


def _after(text: str, start: int, with_context: bool) -> bool:
    phrases, end = _introducers(with_context)
    return bool(end.search(text, max(0, start - 24), start)) and _introduced_by(text, start, phrases)


def related(text: str, start: int) -> bool:
    """Is the name at `start` what someone works for, founded or writes for, or a body that approves or
    certifies (`ingénieure chez Brique Verte`, `a cofondé Kelpie`, `reporter au Courrier du Fleuve`, `agréé
    par l'ARSS`; `relation_before` in roles.json)? Evidence even against the model's PER, unlike the sponsor
    and source words of context.json (`réalisé par Bille Zorgman` is a person), which only make candidates."""
    return _after(text, start, with_context=False)


@cache
def _list_heading() -> re.Pattern:
    """A heading line that announces a list of bodies, up to its colon (`**Partenaires officiels :**`), or a
    sentence that ends with words introducing organisations and a colon (`Elle est soutenue par :`; the
    `before` words of context.json)."""
    words = sorted(_data()["list_headings"], key=len, reverse=True)
    intro = sorted(load("organisations/context.json")["before"], key=len, reverse=True)
    return re.compile(
        rf"^[ \t#*_>]*(?:{'|'.join(_phrase(w) for w in words)})(?![\w'’-])[^\n:]{{0,40}}:[ \t*_]*"
        rf"|(?<![\w'’-])(?:{'|'.join(_phrase(w) for w in intro if not w.endswith(':'))})[ \t\u00a0]*:[ \t*_]*(?=\n|$)",
        re.IGNORECASE | re.MULTILINE,
    )


def _list_headings(text: str) -> Iterator[re.Match]:
    """`_list_heading`'s matches in `text`, looked for only on the lines that hold a colon: each match holds one
    and none crosses a line, so these are the matches of the whole text (the same on 1,396 texts, 735 of them),
    found in 3.6 ms instead of 14 ms on the texts of `raw/`, where its alternatives tried at every word were a
    tenth of the organisation rules' time."""
    pattern, at = _list_heading(), 0
    while (colon := text.find(":", at)) >= 0:
        start, end = text.rfind("\n", 0, colon) + 1, text.find("\n", colon)
        end = len(text) if end < 0 else end
        yield from pattern.finditer(text, start, end)
        at = end + 1


_BULLET = re.compile(r"[ \t]*(?:[-*•·–—]|\d{1,2}[.)])[ \t]+")
_ITEM_SEPARATOR = re.compile(r"[ \t\u00a0]+(?:[–—-]|et|and)[ \t\u00a0]+|[ \t\u00a0]*[,;|•·][ \t\u00a0]*")
# An item's name ends at a bracket, a semicolon, a dash, a full stop or a comma, except the comma of an
# enumerated name (`Ministère de la Culture, des Arts et du Tourisme`).
_ITEM_END = re.compile(
    r"[ \t\u00a0]*(?:,(?![ \t\u00a0]*(?:de|des|du|d['’])(?![\w'’-]))|[;(:|•·]|[–—-][ \t\u00a0]|\.(?:[ \t\u00a0]|$)|$)"
)
_ITEM_ARTICLE = re.compile(r"(?:(?:la|le|les)[ \t\u00a0]+|l['’])", re.IGNORECASE)
_MAX_ITEMS = 40


def listed_bodies(text: str) -> list[tuple[int, int]]:
    """The names listed under a heading of partners, sponsors or members (`list_headings` in roles.json): on the
    heading's line after its colon (`Partenaires médias : Radio Zorg FM – Plixo.net`), or one per bullet line
    below it (`- le Théâtre de Namur, coproducteur ;`). A name is an item's first words, without its article,
    up to a comma, a bracket, a dash or the line end; it must start with a capital (or `eZorg`, `18F`)."""
    found = []
    for m in _list_headings(text):
        line_end = _line_end(text, m.end())
        items = []
        if text[m.end() : line_end].strip(" \t*_"):
            at = m.end()
            for sep in [*_ITEM_SEPARATOR.finditer(text, m.end(), line_end), None]:
                items.append((at, sep.start() if sep else line_end))
                at = sep.end() if sep else at
        else:
            at = line_end + 1
            while at < len(text) and len(items) < _MAX_ITEMS:
                end = _line_end(text, at)
                bullet = _BULLET.match(text, at, end)
                line = text[at:end].strip()
                if not line:
                    if items:
                        break
                elif bullet or (not items and len(line) < 300 and " – " in line):
                    if bullet:
                        items.append((bullet.end(), end))
                    else:  # the list on the next line: `MTN Zorg – Plixo – Groupe Koné`
                        pieces = [*_ITEM_SEPARATOR.finditer(text, at, end), None]
                        start = at
                        for sep in pieces:
                            items.append((start, sep.start() if sep else end))
                            start = sep.end() if sep else start
                        break
                else:
                    break
                at = end + 1
        for start, end in items:
            article = _ITEM_ARTICLE.match(text, start, end)
            start = article.end() if article else start
            stop = _ITEM_END.search(text, start, end)
            name_end = stop.start() if stop else end
            name = text[start:name_end].strip(" \t*_")
            named = name and (name[0].isupper() or name[0].isdigit() or re.match(r"[a-z]{1,2}[A-Z]", name))
            if named and len(name) <= 120 and len(name.split()) <= 16:
                start += len(text[start:name_end]) - len(text[start:name_end].lstrip(" \t*_"))
                found.append((start, start + len(name)))
    return found


# A line that gives where something happens (`Lieu : …`, `• Adresse : …`, `Où : …`).
_VENUE_LINE = re.compile(
    r"^[ \t*•·>_-]*(?:lieux?|adresse|où|salle|venue|location)(?:[ \t]+(?:de[ \t]+l['’]|du)[ \t]*\w+)?[ \t*_]*:",
    re.IGNORECASE | re.MULTILINE,
)


def demote_venues_and_works(text: str, entities: list[Match]) -> list[Match]:
    """Organisations named on a venue line (`Lieu : Maison de l'Étudiant, 12 rue …`) are the place where
    something happens (LOC), in that mention, unless the name acts or is introduced as an organisation
    anywhere in the release (`Zorgane organise`, `chez Zorgane`). A known body there is a venue too
    (`Lieu : Université de Genève, salle 3`); its other mentions are unchanged. So is a building or a hall
    named right after `à la`, `au`, `dans le` (`ateliers à la Maison des Familles`, `au SwissTech Convention
    Center`; `venue_heads` in roles.json). A name that is all a quotation holds (`sa création « La Maison de
    Tanga »`) is the title of a work, and one right after `lors de`, `en marge du`, `pendant le` an event
    (MISC), unless it is known or acts."""
    venue_lines = [(m.end(), _line_end(text, m.end())) for m in _VENUE_LINE.finditer(text)]
    active = {
        key(text[e.start : e.end])
        for e in entities
        if e.label == "ORG" and (acts(text, e.start, e.end) or related(text, e.start))
    }
    out = []
    for e in entities:
        surface = text[e.start : e.end]
        on_line = any(s <= e.start < end for s, end in venue_lines)
        if e.label == "ORG" and (on_line or _hall(text, e)) and key(surface) not in active:
            e = Match("LOC", e.start, e.end, None, e.source)
        elif (
            e.label == "ORG"
            and (_title(text, e) or _during(text, e))
            and key(surface) not in active
            and not _known(surface)
        ):
            e = Match("MISC", e.start, e.end, None, e.source)
        out.append(e)
    return out


# A quotation that holds only the name (and its article): `« La Maison de Tanga »`, `“Zorg Island”`.
_OPEN_QUOTE = re.compile(r"[«“\"][ \t\u00a0]*(?:(?:la|le|les)[ \t\u00a0]+|l['’])?$", re.IGNORECASE)
_CLOSE_QUOTE = re.compile(r"[ \t\u00a0]*[»”\"]")


# `lors de la Conférence …`, `en marge du Sommet …`: what follows is an event, not a body.
_DURING = re.compile(
    r"\b(?:lors|en[ \t\u00a0]+marge|à[ \t\u00a0]+l['’]occasion|au[ \t\u00a0]+cours|pendant)"
    r"(?:[ \t\u00a0]+(?:de[ \t\u00a0]+la|de[ \t\u00a0]+l['’]|du|des|de)|[ \t\u00a0]+(?:la|le|les|l['’]))[ \t\u00a0]*$",
    re.IGNORECASE,
)


def _during(text: str, e: Match) -> bool:
    return bool(_DURING.search(text, max(0, e.start - 30), e.start))


def _title(text: str, e: Match) -> bool:
    """A quoted name that does not act after its closing quote (`« Plixo » annonce` is the company)."""
    close = _CLOSE_QUOTE.match(text, e.end)
    return bool(close and _OPEN_QUOTE.search(text, max(0, e.start - 8), e.start)) and not acts(
        text, e.start, close.end()
    )


def _known(surface: str) -> bool:
    from pipeline.match.orgs.names import gazetteer

    return gazetteer().lookup(surface) is not None


_IN_PLACE = re.compile(
    r"(?:\b(?:à|au|aux|dans)[ \t\u00a0]+(?:(?:la|le|les|l['’])[ \t\u00a0]*)?|\bà[ \t\u00a0]+l['’])$", re.IGNORECASE
)


@cache
def _venue_heads() -> tuple[str, ...]:
    return tuple(sorted({fold(w) for w in _data()["venue_heads"]}, key=len, reverse=True))


def _hall(text: str, e: Match) -> bool:
    """A building's name (`venue_heads`) right after `à la`, `au`, `dans le`…: where something happens."""
    if not _IN_PLACE.search(text, max(0, e.start - 12), e.start):
        return False
    name = " ".join(fold(text[e.start : e.end]).replace("’", "'").split())
    # the name in English order too: `SwissTech Convention Center`
    return name.startswith(_venue_heads()) or any(f" {h}" in f" {name}" for h in _venue_heads() if " " in h)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


# A candidate actor's name: capitalised words, with `de`/`du`/`des`/`d'` between them (`Vert de Rage`,
# `Kivu Solaire`, `Amis des Haies`), at most five words; the first may start with one or two lower-case
# letters or digits before a capital (`mTrust Canada`, `eZorg`, `18F`); after an elided article (`l'OMCV`) too.
_CANDIDATE = re.compile(
    r"(?:(?<=\b[lLdD]['’])|(?<![\w'’-]))(?:[A-ZÀ-Þ]|[a-z]{1,2}(?=[A-Z])|\d{1,3}(?=[A-Z]))[\w'’&-]*"
    r"(?:(?:[ \t\u00a0]{1,2}(?:de|du|des|d['’])?[ \t\u00a0]?|[ \t\u00a0]{1,2})[A-ZÀ-Þ0-9][\w'’&-]*){0,4}"
)


@cache
def _not_subjects() -> frozenset[str]:
    return frozenset(fold(w) for w in _data()["not_subjects"])


def actor_candidates(text: str, signed: Signatures | None = None) -> list[tuple[int, int]]:
    """Names the model may have missed that act in the release (`Kivu Solaire lance …`), or that someone
    works for, founded or writes for (`related`: `ingénieur chez Transalpina Logistique`).

    A run of capitalised words right before an acting verb is a candidate when it has two words or more,
    or when it recurs in the text or signs the release (one capitalised word may just open a sentence);
    a run right after relation words is one whatever its length (the words say what it is).
    Pronouns, determiners and sentence adverbs (`Elle`, `Cette`, `Ensemble`) are not names; persons are left
    to the model (`clean_entities` never lets a candidate override a person).
    """
    found = []
    # Each run of capitalised words, then its predicate: matching the predicate anchored at the end of a run
    # costs a few ms a release; searching the text for predicates (with their optional appositions) cost 20.
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if not _acting().match(text, end):
            if _after(text, start, with_context=True):
                words = text[start:end].split()
                if len(words) > 1 and fold(words[0]) in ("la", "le", "les"):  # `chroniqueur à La Vigie`
                    start += text[start:end].index(words[1])
                if fold(text[start:end].split()[0]) not in _not_subjects():
                    found.append((start, _adjectives_end(text, start, end)))
            continue
        words = text[start:end].split()
        while words and fold(words[0]) in _not_subjects():
            start += text[start:end].index(words[1]) if len(words) > 1 else len(text[start:end])
            words = words[1:]
        if not words:
            continue
        surface = text[start:end]
        if len(words) >= 2 or text.count(surface) >= 2 or (signed is not None and signed.signs(surface, start)):
            found.append((start, end))
    for m in _ABOUT.finditer(text):  # `À propos de Pistache` and every `Pistache` after it
        name = m.group(1).strip(" \t*_")
        if name[:1].isupper() and fold(name.split()[0]) not in _not_subjects():
            pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])")
            found += [x.span() for x in pattern.finditer(text)]
    return sorted(set(found))


_LOWER_WORD = re.compile(r"[ \t\u00a0]+([a-zà-ÿ][\w'’-]*)")


def _adjectives_end(text: str, start: int, end: int) -> int:
    """A head word alone (`par le Fonds vert`) goes on through the lower-case adjectives after it."""
    from pipeline.match.orgs.patterns import grammar

    g = grammar()
    if " " in text[start:end].strip() or key(text[start:end]) not in g.french:
        return end
    while (m := _LOWER_WORD.match(text, end)) and g.is_adjective(key(m.group(1)), after_noun=True):
        end = m.end()
    return end


# `Prénom NOM - SIGLE Enseignement, …`: after a person and a dash, the organisation they sign for.
_AFFILIATION = re.compile(r"[ \t\u00a0]*[-–—][ \t\u00a0]*(?:\*\*)?([^\n,;()*@]{2,60})")
_INNER_DASH = re.compile(r"[ \t\u00a0][-–—][ \t\u00a0]")
_ACRONYM_WORD = re.compile(r"(?<![\w])[A-ZÀ-Þ]{2,}(?:[-–][A-Za-zÀ-ÿ]+)*(?![\w])")


# A signatory as lists write them: a given name and a surname in capitals (`Ana SILVA`, `Jean-Luc DE WIT`).
_SIGNATORY = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?(?:[ \t\u00a0]+[A-ZÀ-Þ][A-ZÀ-Þ'’-]+)+")


@cache
def _functions() -> frozenset[str]:
    return frozenset(fold(w) for w in _data()["person_functions"])


def _long_name(surface: str) -> bool:
    """`Forum tunisien pour les droits économiques et sociaux`: three words or more, not a person's function
    (`Présidente du comité`, `Chargée de communication`), with a lower-case word (not an address in capitals)."""
    words = surface.split()
    return len(words) >= 3 and fold(words[0]) not in _functions() and any(w[:1].islower() for w in words[1:])


def affiliations(text: str, people: list[Match]) -> list[tuple[int, int]]:
    """The organisations people sign for in a list of signatories (`Marc MARTIN - CSPB Enseignement, Ana
    DIAS - FAPEB`): what follows a person and a dash, up to a comma, a line end or the next person, when it
    holds an acronym or is a long name (`Forum tunisien pour …`), so that a role (`Julie Roy - Présidente du
    comité`) or an address is not taken.

    `people`: the model's entities; its persons, and any span that opens with a signatory and a dash, as the
    model labels `Ana SILVA - SNEP-Enseignement` a place or `Lina NOVAK - CEJ` MISC as often as a person."""
    people = sorted(
        (
            m
            for m in people
            if m.label == "PER"
            or ((d := _INNER_DASH.search(text, m.start, m.end)) and _SIGNATORY.fullmatch(text, m.start, d.start()))
        ),
        key=lambda m: m.start,
    )
    # Signatories the model did not see at all (`Contacts : Chloé PETIT - UNEF Lyon`).
    seen = [(m.start, m.end) for m in people]
    people += [
        Match("PER", m.start(), m.end(), None, "signatory")
        for m in _SIGNATORY.finditer(text)
        if _AFFILIATION.match(text, m.end()) and not any(s < m.end() and m.start() < e for s, e in seen)
    ]
    people.sort(key=lambda m: m.start)
    found = []
    for k, person in enumerate(people):
        # The model's span may run over the dash (`Paul DURAND - CSPB Enseignement` as one person).
        inner = _INNER_DASH.search(text, person.start, person.end)
        m = _AFFILIATION.match(text, inner.start() if inner else person.end)
        if not m:
            continue
        start, end = m.span(1)
        if k + 1 < len(people) and people[k + 1].start > start:
            end = min(end, people[k + 1].start)
        end = start + len(re.split(r"\s+et\s+(?=[A-ZÀ-Þ])|\.\s", text[start:end])[0].rstrip(" \t\u00a0-–—*."))
        surface = text[start:end]
        named = _ACRONYM_WORD.search(surface) or _long_name(surface)
        if end > start and surface[:1].isupper() and named and not re.search(r"\d", surface):
            found.append((start, end))  # not `- ancien responsable de …` (a role), `- CC-BY-4.0` (a licence)
    return found
