"""Organisations: find them in a text, and give each one name per document.

The public API, what the rest of the pipeline (NER cleanup above all) may
use; the modules behind it are free to change:

- `find_organisations(text)`: ORG matches of the rules (gazetteer, acronym
  definitions, head-word grammar, descriptors, legal forms);
- `canonicalise(text, orgs)`: one canonical name per organisation, and the
  document's list;
- `known_organisation(surface)`, `organisation_kind(surface)`: the
  gazetteer's canonical name and kind (`media`, `company`…), if any;
- `concept_acronyms(text)`: acronyms the text defines as plans or concepts
  (`le schéma directeur des pistes cyclables (SDPC)`);
- `name_key`, `fold`: how names are compared (no case, accents, dashes);
- `quoted(text, start, end)`: whether a span is the whole of a quotation
  (`« Le Monde »`: a title, or a medium);
- `acts(text, start, end)`, `actor_candidates(text)`, `affiliations(text, people)`, `signatures(text)`,
  `demote_tools(text, entities)`:
  what a name does in the release (`roles.py`): the subject of an acting
  verb, the `À propos de` name, a domain or contact-block name; platforms
  named only as tools are not organisations;
- `is_head_word`, `is_function_word`, `is_adjective`, `is_infinitive`: the name grammar's
  word classes (`pipeline/models/organisations/`), for telling a description
  (`l'Institut`) from a name.

Modules:

- `matcher.py`: the rules together (`find_organisations`), and `canonicalise`;
- `names.py`: tokens, name keys, the gazetteer;
- `patterns.py`: names recognised by their shape (the head-word grammar,
  international names, legal forms);
- `acronyms.py`: acronym definitions and their bare uses, concept acronyms;
- `descriptors.py`: names introduced by a common noun (`l'association Zorgane`);
- `governments.py`: governments named with their country (`le gouvernement du Canada`);
- `roles.py`: actors, signatures and tools.
"""

from __future__ import annotations

from pipeline.match.orgs.acronyms import concept_acronyms
from pipeline.match.orgs.matcher import canonicalise, find_organisations
from pipeline.match.orgs.names import fold, gazetteer, quoted
from pipeline.match.orgs.names import key as name_key
from pipeline.match.orgs.patterns import grammar
from pipeline.match.orgs.roles import (
    Signatures,
    actor_candidates,
    acts,
    affiliations,
    demote_tools,
    demote_venues_and_works,
    listed_bodies,
    related,
    signatures,
)


def known_organisation(surface: str, strict: bool = True) -> str | None:
    """The gazetteer's canonical name for `surface` (`CNRS` → `Centre national de la recherche scientifique`).

    `strict`: the surface must be written as a name (`Orange`, not `orange`).
    """
    entry = gazetteer().lookup(surface, strict=strict)
    return entry.canonical if entry else None


def organisation_kind(surface: str) -> str | None:
    """The gazetteer's kind for `surface` (`media`, `company`, `ministry`…), or None if it is unknown."""
    entry = gazetteer().lookup(surface)
    return entry.kind if entry else None


def is_head_word(word: str, international: bool = False) -> bool:
    """Does `word` head a French organisation name (`Agence`, `institut`)? With `international`, an English or
    German one too (`University`, `Stiftung`)."""
    k = name_key(word)
    g = grammar()
    return k in g.french or (international and (k in g.international or k in g.trailing))


def is_function_word(word: str) -> bool:
    """A determiner or a connector of the name grammar (`la`, `Cette`, `de`, `pour`)."""
    low = word.lower()
    g = grammar()
    return low in g.determiners or low in g.connectors


def is_infinitive(word: str) -> bool:
    """A lower-case word the name grammar reads as an infinitive (`agir`, `promouvoir`; not `avenir`)."""
    return grammar().is_infinitive(fold(word))


def is_adjective(word: str) -> bool:
    """A lower-case word the name grammar reads as an adjective (`nationale`, `franco-allemande`)."""
    return grammar().is_adjective(fold(word))


__all__ = [
    "Signatures",
    "actor_candidates",
    "acts",
    "affiliations",
    "related",
    "canonicalise",
    "demote_tools",
    "demote_venues_and_works",
    "listed_bodies",
    "signatures",
    "concept_acronyms",
    "find_organisations",
    "fold",
    "is_adjective",
    "is_function_word",
    "is_head_word",
    "is_infinitive",
    "known_organisation",
    "name_key",
    "organisation_kind",
    "quoted",
]
