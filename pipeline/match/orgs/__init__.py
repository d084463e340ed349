"""Organisations: find them in a text, and give each one name per document.

- `matcher.py`: `find_organisations` (gazetteer, acronym definitions, head
  words, legal forms) and `canonicalise` (one canonical name per
  organisation, the document's list);
- `names.py`: tokens, name folding and the gazetteer (`models/organisations/`);
- `patterns.py`: the name grammar driven by head words and legal forms;
- `acronyms.py`: acronym definitions and their bare uses.
"""

from pipeline.match.orgs.matcher import canonicalise, find_organisations

__all__ = ["canonicalise", "find_organisations"]
