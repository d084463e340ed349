"""The outputs on disk, streamed in path order, replaced atomically.

`write_outputs` takes the run's entries one at a time, in path order
(`{"record": ...}` or `{"error": ...}`, as the cache holds them), and
appends each to temporary files beside the outputs:

    documents.jsonl   entities.jsonl   errors.jsonl   quotes.jsonl   contacts.jsonl
    documents.parquet entities.parquet errors.parquet quotes.parquet contacts.parquet

so memory does not grow with the corpus (Parquet rows are buffered
`ROW_GROUP[table]` at a time). Each finished file is flushed to disk, then renamed
over the old one: a reader (or a run killed midway) sees either the previous
complete file or the new complete file, never a mix. A file whose new
content is byte for byte the old one is not replaced (its modification time
stays). The Parquet schemas come from the JSON Schema (`tables`), so
`errors.parquet` has its columns even when no file failed.

Validation is not done here: every record and error record was validated
once, where it was made (`validate`, called by `process`), before it
reached the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.columns import arrow_rows, arrow_schema, entity_rows, structure_rows
from pipeline.discover import file_digest
from pipeline.validate import schema, validate_record  # noqa: F401  (re-exported: where callers found them)

DOCUMENTS = "documents.jsonl"
ENTITIES = "entities.jsonl"
ERRORS = "errors.jsonl"
STRUCTURE = {"quotes": "quotes.jsonl", "contacts": "contacts.jsonl"}  # the release's structure, one row per item
PARQUET = {"documents": "documents.parquet", "entities": "entities.parquet", "errors": "errors.parquet"}
PARQUET |= {"quotes": "quotes.parquet", "contacts": "contacts.parquet"}
OUTPUTS = (DOCUMENTS, ENTITIES, ERRORS, *STRUCTURE.values(), *PARQUET.values())
# Rows buffered before a Parquet row group is written: what bounds the writer's memory. A document row
# holds its text and entities (~30 KB as Python objects for a short release: 1,000 of them added 32 MB to
# the run's peak), an entity row ~2 KB.
ROW_GROUP = {"documents": 100, "entities": 2_000, "errors": 2_000, "quotes": 2_000, "contacts": 2_000}


# Line ends JSON allows raw inside strings, but that line-oriented readers split on (Python's
# `str.splitlines()`, JavaScript before ES2019): escaped, a record stays one line for every reader.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def dumps(obj: dict) -> str:
    """One JSON line; `ensure_ascii=False` keeps French readable, key order is the builder's.

    `allow_nan=False`: NaN and infinities raise instead of being written as `NaN`/`Infinity`, which are
    not JSON (polars, `JSON.parse` and jq reject the whole file). Every line of every output, cache entry
    and manifest goes through here. The line breaks are escaped only when there is one: `str.translate`
    over every line took 0.66 s of the parent's time for 1,000 short documents, three `in` tests 0.02 s.
    """
    line = _ENCODER.encode(obj)
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        return line.translate(_LINE_BREAKS)
    return line


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def warm() -> None:
    """Load what writing the outputs needs: `pyarrow.parquet`, and what Arrow imports at its first table (~400
    modules: ~0.3 s in all, the first of the writing after the last document when left to it). The run has it
    done while its workers load the model (`Listener.loading`)."""
    import pyarrow as pa
    import pyarrow.parquet  # noqa: F401

    for table in PARQUET:
        arrow_schema(table)
    pa.Table.from_pylist([{"warm": 1}])


@dataclass
class Written:
    """What `write_outputs` did: the outputs whose content changed, and the sha256 of every output."""

    changed: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)


def write_outputs(out: Path, entries: Iterable[dict]) -> Written:
    """Stream `entries` (in path order) into the output files, then replace each one atomically."""
    files = _Outputs(out)
    try:
        for entry in entries:
            files.add(entry)
        return files.commit()
    finally:
        files.discard()


class _HashingFile:
    """A temporary file beside its destination that hashes what is written to it."""

    def __init__(self, path: Path):
        self.path = path
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide the outputs from other users
        self.tmp = Path(tmp)
        self.file = os.fdopen(fd, "wb")
        self.sha = hashlib.sha256()

    # The minimal file protocol pyarrow's ParquetWriter needs.
    def write(self, data) -> int:
        data = bytes(data)
        self.sha.update(data)
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()

    def tell(self) -> int:
        return self.file.tell()

    def close(self) -> None:
        """ParquetWriter closes its sink; the file stays open until `finish` syncs it."""

    @property
    def closed(self) -> bool:
        return self.file.closed

    def finish(self) -> str:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return self.sha.hexdigest()


class _Outputs:
    def __init__(self, out: Path):
        import pyarrow.parquet as pq

        self.out = out
        self.files = {name: _HashingFile(out / name) for name in OUTPUTS}
        self.buffers: dict[str, list[dict]] = {table: [] for table in PARQUET}
        self.parquet = {
            table: pq.ParquetWriter(self.files[name], arrow_schema(table)[0], compression="zstd")
            for table, name in PARQUET.items()
        }

    def add(self, entry: dict) -> None:
        if "record" in entry:
            record = entry["record"]
            rows = list(entity_rows(record))
            self._line(DOCUMENTS, record)
            for row in rows:
                self._line(ENTITIES, row)
            self._buffer("documents", [record])
            self._buffer("entities", rows)
            for table, name in STRUCTURE.items():
                items = list(structure_rows(table, record))
                for row in items:
                    self._line(name, row)
                self._buffer(table, items)
        else:
            self._line(ERRORS, entry["error"])
            self._buffer("errors", [entry["error"]])

    def _line(self, name: str, obj: dict) -> None:
        self.files[name].write((dumps(obj) + "\n").encode("utf-8"))

    def _buffer(self, table: str, objects: list[dict]) -> None:
        buffer = self.buffers[table]
        buffer.extend(objects)
        if len(buffer) >= ROW_GROUP[table]:
            self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa

        if self.buffers[table]:
            schema_, _ = arrow_schema(table)
            self.parquet[table].write_table(pa.Table.from_pylist(arrow_rows(table, self.buffers[table]), schema_))
            self.buffers[table] = []

    def commit(self) -> Written:
        for table, writer in self.parquet.items():
            self._flush(table)
            writer.close()
        written = Written()
        for name, f in self.files.items():
            written.digests[name] = f.finish()
        for name, f in self.files.items():
            target = self.out / name
            if _digest(target) == written.digests[name]:
                f.tmp.unlink()
            else:
                os.replace(f.tmp, target)
                written.changed.append(name)
        if written.changed:
            _fsync_dir(self.out)
        return written

    def discard(self) -> None:
        """Remove the temporary files left by a failure (none after a successful `commit`)."""
        for writer in self.parquet.values():
            if writer.is_open:
                with contextlib.suppress(Exception):  # the run is failing already: say why, not this
                    writer.close()
        for f in self.files.values():
            if not f.file.closed:
                f.file.close()
            f.tmp.unlink(missing_ok=True)


def _digest(path: Path) -> str | None:
    """sha256 of a file, or None when it does not exist."""
    try:
        return file_digest(path)[0]
    except FileNotFoundError:
        return None


def digests(out: Path) -> dict[str, str | None]:
    """sha256 of each output file as it is on disk now (None when missing)."""
    return {name: _digest(out / name) for name in OUTPUTS}


def hashed(chunks: Iterable[str | bytes], h) -> Iterator[str | bytes]:
    """`chunks`, unchanged, each added to the hash `h` (text as UTF-8) as it passes: the digest of what
    `atomic_write_lines` writes from them, without a second pass over the file."""
    for chunk in chunks:
        h.update(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        yield chunk


def atomic_write_lines(path: Path, lines: Iterable[str | bytes]) -> bool:
    """`atomic_write` for text (or bytes) that comes in pieces (lines, chunks), written as they come, never
    held whole."""
    f = _HashingFile(path)
    try:
        for line in lines:
            f.write(line.encode("utf-8") if isinstance(line, str) else line)
        if f.finish() == _digest(path):
            f.tmp.unlink()
            return False
        os.replace(f.tmp, path)
    except BaseException:
        f.file.close()
        f.tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return True


def atomic_write(path: Path, content: str | bytes, *, durable: bool = True) -> bool:
    """Replace `path` with `content` atomically; False (and no write) when it already holds it.

    Always atomic: a reader sees the old content or the new, never a mix. `durable` (the default, for
    what a user reads and what vouches for it) also syncs the file and its folder, so that the new name
    survives a power cut; without it, a file that is only a cache entry or a page the next run redraws
    can be lost in a crash, which costs a miss. Measured (cProfile, 1,000 short documents, one worker, a
    disk shared with other work): 4,029 fsyncs took 7.0 s of a 44 s run, 2,000 of them for cache entries
    and review pages.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
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
