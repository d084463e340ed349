"""Stage 6: records on disk, validated, atomically.

Every output file is written to a temporary file in the same folder, flushed
to disk, then renamed over the old one: a reader (or a run killed midway)
sees either the previous complete file or the new complete file, never a
mix. Files whose content did not change are not rewritten at all.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pipeline.validate import schema, validate_record  # noqa: F401  (re-exported: where callers found them)

DOCUMENTS = "documents.jsonl"
ENTITIES = "entities.jsonl"
ERRORS = "errors.jsonl"


def dumps(obj: dict) -> str:
    """One JSON line; `ensure_ascii=False` keeps French readable, key order is the builder's."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def entity_rows(record: dict) -> Iterable[dict]:
    """The flat rows of `entities.jsonl`: one per entity, its value's fields as `value_*` columns."""
    for e in record["entities"]:
        row = {"doc_id": record["doc_id"], "path": record["source"]["path"]}
        row |= {k: v for k, v in e.items() if k != "value"}
        for key, value in (e.get("value") or {}).items():
            row[f"value_{key}"] = value
        yield row


def write_outputs(out: Path, records: list[dict], errors: list[dict]) -> list[str]:
    """Write the three JSON-lines files; returns the names of those whose content changed."""
    documents = "".join(dumps(r) + "\n" for r in records)
    entities = "".join(dumps(row) + "\n" for r in records for row in entity_rows(r))
    error_lines = "".join(dumps(e) + "\n" for e in errors)
    changed = []
    for name, content in ((DOCUMENTS, documents), (ENTITIES, entities), (ERRORS, error_lines)):
        if atomic_write(out / name, content):
            changed.append(name)
    return changed


def atomic_write(path: Path, content: str) -> bool:
    """Replace `path` with `content` atomically; False (and no write) when it already holds it."""
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide the outputs from other users
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return True


@cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    # The rename itself must reach the disk, or a crash can bring back the old name.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
