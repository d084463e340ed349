"""File names of the per-document pages.

A page is named after the input's path, not its content: a document whose
bytes change keeps its page (overwritten in place), two inputs with the same
bytes at different paths get different pages, and a name never depends on
what else is in the run. The slug keeps names readable; the hash keeps them
unique for any path (nested folders, accents, quotes, names that differ only
in case or punctuation), on any file system.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SLUG_CHARS = 64
HASH_CHARS = 16


def page_key(record: dict) -> str:
    """What identifies a document across runs: its path under raw/ (records from `annotate_text` have none)."""
    source = record.get("source") or {}
    if source.get("path"):
        return path_key(source["path"])
    if record.get("doc_id"):
        return "doc:" + record["doc_id"]
    return "text:" + hashlib.sha256(record.get("text", "").encode("utf-8")).hexdigest()


def path_key(path: str) -> str:
    """The key of the input at `path` (relative to raw/), e.g. to link to a duplicate's page."""
    return "path:" + path


def page_name(key: str) -> str:
    """`<slug>-<hash>.html`: lowercase ASCII letters, digits and dashes only, at most 86 characters."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:HASH_CHARS]
    slug = slugify(key.split(":", 1)[-1].rsplit("/", 1)[-1])
    return f"{slug}-{digest}.html" if slug else f"{digest}.html"


def slugify(text: str) -> str:
    """`Décembre_2025 (v2).PDF` -> `decembre-2025-v2-pdf`: accents dropped, anything else a dash."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_CHARS].strip("-")
