"""Stage: entities, from spaCy's French NER and the rule matchers of `pipeline.match`.

`add_entities(doc)` is the stage; `find_entities(text, reference)` does the
work on a text. One document goes through here as follows:

1. `mask` blanks Markdown, URLs and e-mail addresses (same length, same offsets);
2. the masked text is cut into paragraph blocks, read by spaCy
   (`ner.nlp.read_blocks`: NER on the blocks that can hold an entity, around
   their name words, `ner.windows`; the amount component on each block whole);
   a worker's batch of short documents is read in one call
   (`read_documents`), which sets `Document.read`;
3. the organisation rules run once on the whole document, because an
   acronym defined in one paragraph (`Institut Mines-Télécom (IMT)`)
   names the organisation in all the others; so do the date rules, because
   a year given once (`juin 2024`) holds for the release's other dates;
4. `cleanup.clean_entities` drops and trims the model's mistakes;
5. `overlaps.resolve_overlaps` keeps one span where rules and NER disagree,
   `pipeline.match.orgs.demote_tools` takes away platforms named only as tools
   (`suivez-nous sur …`), and `demote_venues_and_works` makes places of the names on a
   venue line (`Lieu : …`) and titles of works of quoted names (`« La Maison de Zorg »`);
6. `pipeline.match.orgs.canonicalise` gives every ORG its canonical name and
   builds the document's list of organisations.
"""

from __future__ import annotations

import bisect
from datetime import date

from pipeline.document import Document
from pipeline.language import foreign_blocks, has_french
from pipeline.match.base import Match
from pipeline.ner.mask import blank, mask
from pipeline.ner.overlaps import resolve_overlaps
from pipeline.settings import SPACY_MODEL

NER_SOURCE = f"ner:{SPACY_MODEL}"


def add_entities(doc: Document) -> Document:
    """Set `doc.entities` and `doc.organisations`, for French texts only."""
    if not analysed(doc):
        return doc
    from pipeline.match.amounts import too_long_numbers
    from pipeline.reference import flag_coarse_reference

    entities, doc.organisations = find_entities(
        doc.text, doc.reference, doc.reference_grain, doc.locale, skip=foreign_blocks(doc), read=doc.read
    )
    doc.read = None
    doc.entities = flag_coarse_reference(entities, doc.reference_grain)
    doc.warnings.extend(too_long_numbers(doc.text))  # figures the amount rules leave out, and why
    return doc


def analysed(doc: Document) -> bool:
    """Whether `add_entities` reads this document (a French text)."""
    return bool(doc.text.strip()) and has_french(doc)


def ner_input(text: str, skip: list[tuple[int, int]] = ()) -> str:
    """What NER and the rules read: `text` masked (`mask`), and its `skip` spans blanked."""
    return blank(mask(text), skip)


def read_documents(docs: list[Document]) -> None:
    """Read the blocks of several documents in one call of the model (`ner.nlp.read_blocks`); sets each `doc.read`.

    For a worker's batch of short documents (`process.process_batch`): `add_entities` then uses `doc.read`
    instead of reading the document alone, with the same result.
    """
    from pipeline.ner.nlp import load_nlp, read_blocks

    docs = [doc for doc in docs if analysed(doc)]
    inputs = [(ner_input(doc.text, foreign_blocks(doc)), doc.locale) for doc in docs]
    for doc, read in zip(docs, read_blocks(load_nlp(), inputs, NER_SOURCE), strict=True):
        doc.read = read


def find_entities(
    text: str,
    reference: date | None = None,
    reference_grain: str = "day",
    locale: dict | None = None,
    skip: list[tuple[int, int]] = (),
    read: tuple[list[Match], list[Match]] | None = None,
) -> tuple[list[Match], list[dict]]:
    """All entities of a French text (sorted, non-overlapping) and its organisations list.

    `locale` (`pipeline.locale`) tells the amount matcher what `dollars` or `francs` mean in this document;
    `skip`: spans in another language (`language.foreign_blocks`), blanked so that neither NER nor the rules read them.
    `read`: the model's entities and the paragraph rules' matches of `ner_input(text, skip)`, when a batch of
    documents was read in one go (`read_documents`); read here otherwise.
    """
    from pipeline.match.dates import find_dates
    from pipeline.match.orgs import (
        actor_candidates,
        affiliations,
        canonicalise,
        demote_tools,
        demote_venues_and_works,
        find_organisations,
        signatures,
    )
    from pipeline.ner.cleanup import clean_entities
    from pipeline.ner.nlp import load_nlp, read_blocks, tense_reader

    masked = ner_input(text, skip)
    ner, rules = read if read is not None else read_blocks(load_nlp(), [(masked, locale)], NER_SOURCE)[0]
    orgs = find_organisations(masked)
    dates = find_dates(masked, reference, reference_grain=reference_grain, tense=tense_reader())
    signed = signatures(text)
    ner = _listed(_missed_actors(ner, actor_candidates(masked, signed), masked), signed.listed, masked)
    orgs = _with(orgs, affiliations(masked, ner), masked)
    cleaned = clean_entities(masked, ner, orgs, signed)
    entities = demote_venues_and_works(
        masked, demote_tools(masked, resolve_overlaps([*rules, *dates, *orgs], cleaned, masked))
    )
    orgs = [m for m in entities if m.label == "ORG"]
    canonical, organisations = canonicalise(text, orgs)
    by_span = {(m.start, m.end): m for m in canonical}
    entities = [by_span.get((m.start, m.end), m) if m.label == "ORG" else m for m in entities]
    return entities, organisations


ACTOR_SOURCE, AFFILIATION_SOURCE = "rule:org:actor", "rule:org:affiliation"


def _with(orgs: list[Match], spans: list[tuple[int, int]], text: str) -> list[Match]:
    """The rule organisations, and those of `spans` that overlap none of them or hold them whole (sorted):
    a signatory's `CGT Métallurgie` is a branch of the known `CGT`, and replaces it there."""
    from pipeline.match.orgs.names import display

    added = [
        Match("ORG", s, e, {"canonical": display(text[s:e])}, AFFILIATION_SOURCE)
        for s, e in spans
        if all(
            b <= s or e <= a or (s <= a and b <= e and (a, b) != (s, e)) for a, b in ((m.start, m.end) for m in orgs)
        )
    ]
    if not added:
        return orgs
    kept = [m for m in orgs if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _listed(ner: list[Match], items: list[tuple[int, int]], text: str) -> list[Match]:
    """The items of a list of partners or members (`listed_bodies`) as organisation candidates, in place of the
    model's entities over them (it reads `Étienne Bellegarde⏎- Konbit Dlo Pwòp⏎- Ambassade` as one person),
    except a person it names exactly with a given name first (`Sponsors : - Jean Dupont`)."""
    if not items:
        return ner
    from pipeline.match.orgs.names import first_names

    given = first_names()
    kept, added = [], []
    for m in ner:
        over = [(s, e) for s, e in items if s < m.end and m.start < e]
        if not over:
            kept.append(m)
        elif m.label == "PER" and over == [(m.start, m.end)] and text[m.start : m.end].split()[0] in given:
            kept.append(m)
            items = [i for i in items if i != over[0]]
    added = [Match("ORG", s, e, None, ACTOR_SOURCE) for s, e in items]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _missed_actors(ner: list[Match], candidates: list[tuple[int, int]], text: str) -> list[Match]:
    """The model's entities, with the actor candidates (`Kivu Solaire lance …`) it missed or only read in part
    (`Rage` MISC in `Vert de Rage organise`): a candidate replaces the entities strictly inside it, and gives way
    to one that equals or crosses it, which is then judged with the same evidence (`consistency.decide_labels`)."""
    from pipeline.ner.consistency import common_phrase

    ner = sorted(ner, key=lambda m: (m.start, m.end))
    starts = [m.start for m in ner]
    inside: set[int] = set()
    added = []
    for start, end in candidates:
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        near = range(max(0, lo - 4), hi)
        if any(ner[i].end > start and not (ner[i].start >= start and ner[i].end <= end) for i in near):
            continue  # crosses an entity of the model
        if any((ner[i].start, ner[i].end) == (start, end) for i in near):
            # the model's reading stands, except a person made only of common words (`Familles du Littoral`)
            same = next(i for i in near if (ner[i].start, ner[i].end) == (start, end))
            if ner[same].label != "PER" or not common_phrase(text[start:end]):
                continue
            inside.add(same)
            added.append(Match("ORG", start, end, None, ACTOR_SOURCE))
            continue
        inside.update(i for i in near if ner[i].start >= start and ner[i].end <= end)
        added.append(Match("ORG", start, end, None, ACTOR_SOURCE))
    return [m for i, m in enumerate(ner) if i not in inside] + added
