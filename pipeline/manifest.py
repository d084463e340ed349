"""What the last run wrote, in one small file: a no-op re-run reads it instead of every cache entry.

`<out>/.cache/manifest.jsonl` has a header (`config`: the configuration
hash; `count`: the number of inputs, so that a truncated manifest is
ignored; `outputs`: the sha256 of each output file as written, by name;
`sketches`: the sha256 of the sketches file) then one line
per input in path order: `[path, cache key, kind, depends]`, kind being
"record", "error" or "retry" (a failure to try again), and depends what
its cache entry depends on beyond the key (`pipeline.depends`; null for
nothing). The near-duplicate sketches of those inputs are rows of
`<out>/.cache/sketches.npy`, in the same order (a row of zeros for an input
without one).

A run with nothing to do is recognised from the manifest alone
(`Manifest.unchanged`, then `run`): same configuration, same cache keys in
the same order, no failure to retry, every output file still the one the
manifest describes (so an output edited or half-replaced by a killed run is
rewritten); and, checked by the run, what each entry depends on unchanged,
no `--force`, no error entry under `--retry-failed`, and the review site's
index present. The manifest is written last, after the outputs: a run
killed before it leaves the previous manifest, which no longer matches the
outputs, and the next run rewrites them.

Measured (`make bench`, busy machine): a re-run with nothing changed at
10,000 small documents takes 1.4 s, 0.24 % of the cold run, most of it
hashing the inputs (which discovery now takes from `pipeline.seen` for the
files unchanged since).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.duplicates import PERMUTATIONS
from pipeline.write import atomic_write_lines, digests, dumps, hashed

MANIFEST = "manifest.jsonl"
SKETCHES = "sketches.npy"
KINDS = ("record", "error", "retry", "skipped")
_KEY = re.compile(r"[0-9a-f]{64}")


def _valid_header(header) -> bool:
    """The header as `save` writes it; anything else (edited, damaged) makes the manifest a miss."""
    if not isinstance(header, dict) or not isinstance(header.get("config"), str):
        return False
    count, outputs, sketches = header.get("count"), header.get("outputs"), header.get("sketches")
    return (
        isinstance(count, int)
        and not isinstance(count, bool)
        and isinstance(outputs, dict)
        and all(isinstance(v, str | None) for v in outputs.values())
        and isinstance(sketches, str | None)
    )


def _valid_row(row) -> bool:
    """`[path, key, kind, depends]` with their types: a non-dict `depends` used to give a traceback."""
    if not isinstance(row, list) or len(row) != 4:
        return False
    path, key, kind, depends = row
    return (
        isinstance(path, str)
        and isinstance(key, str)
        and _KEY.fullmatch(key) is not None
        and kind in KINDS
        and (depends is None or isinstance(depends, dict))
    )


@dataclass
class Manifest:
    config: str
    paths: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    depends: list[dict | None] = field(default_factory=list)
    outputs: dict[str, str | None] = field(default_factory=dict)
    sketches_sha256: str | None = None

    @classmethod
    def load(cls, out: Path) -> Manifest | None:
        """The last run's manifest, or None when there is none or it is damaged."""
        try:
            with open(out / ".cache" / MANIFEST, encoding="utf-8") as f:
                header = json.loads(f.readline())
                if not _valid_header(header):
                    return None
                manifest = cls(header["config"], outputs=header["outputs"], sketches_sha256=header["sketches"])
                for line in f:
                    row = json.loads(line)
                    if not _valid_row(row):
                        return None  # a row of the wrong shape: the whole manifest is a miss
                    path, key, kind, depends = row
                    manifest.paths.append(path)
                    manifest.keys.append(key)
                    manifest.kinds.append(kind)
                    manifest.depends.append(depends)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(manifest.keys) != header.get("count"):
            return None  # truncated
        return manifest

    def unchanged(self, config: str, keys: list[str], out: Path) -> bool:
        """Whether the outputs on disk are exactly what a run on these inputs would write."""
        return (
            self.config == config and self.keys == keys and "retry" not in self.kinds and digests(out) == self.outputs
        )

    def sketches(self, out: Path) -> Mapping[str, np.ndarray]:
        """The sketch of each input that had one, by cache key (empty if the sketches file does not match).

        The file is hashed as a stream and its rows are read from a memory map as they are asked for: read
        whole, then copied into a dictionary, it cost three times its size in the parent (512 bytes a
        document: 1.5 GB at a million documents) on top of the run's own matrix.
        """
        path = out / ".cache" / SKETCHES
        try:
            with open(path, "rb") as f:
                if hashlib.file_digest(f, "sha256").hexdigest() != self.sketches_sha256:
                    return {}
            matrix = np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError, EOFError):
            return {}
        if not (isinstance(matrix, np.ndarray) and matrix.ndim == 2 and matrix.shape[1] == PERMUTATIONS):
            return {}
        if matrix.dtype != np.dtype("<u4"):
            return {}
        return _Rows(matrix, self.keys)

    def save(self, out: Path, sketches: np.ndarray) -> None:
        """Write the sketches (n × 128, zero rows for none), then the manifest that vouches for them."""
        assert sketches.shape == (len(self.keys), PERMUTATIONS)
        (out / ".cache").mkdir(exist_ok=True)
        h = hashlib.sha256()
        atomic_write_lines(out / ".cache" / SKETCHES, hashed(npy_chunks(sketches), h))
        self.sketches_sha256 = h.hexdigest()
        header = {
            "config": self.config,
            "count": len(self.keys),
            "outputs": self.outputs,
            "sketches": self.sketches_sha256,
        }
        rows = zip(self.paths, self.keys, self.kinds, self.depends, strict=True)
        lines = (dumps(row) + "\n" for row in [header, *rows])
        atomic_write_lines(out / ".cache" / MANIFEST, lines)


class _Rows(Mapping):
    """Rows of the memory-mapped sketches file by cache key, the rows of zeros (no sketch) left out."""

    def __init__(self, matrix: np.ndarray, keys: list[str]):
        self.matrix = matrix
        self.index = {key: i for i, key in enumerate(keys) if i < matrix.shape[0]}

    def __getitem__(self, key: str) -> np.ndarray:
        row = self.matrix[self.index[key]]  # KeyError for a key of no row
        if not row.any():
            raise KeyError(key)
        return np.array(row)  # a copy: the map is closed with this object

    def __contains__(self, key) -> bool:
        i = self.index.get(key)
        return i is not None and bool(self.matrix[i].any())

    def __iter__(self):
        return (key for key, i in self.index.items() if self.matrix[i].any())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def npy_chunks(matrix: np.ndarray, rows: int = 4096):
    """What `np.save(f, matrix, allow_pickle=False)` writes, in pieces: never a second copy of the matrix."""
    matrix = np.ascontiguousarray(matrix)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(matrix))
    yield header.getvalue()
    for start in range(0, matrix.shape[0], rows):
        yield matrix[start : start + rows].tobytes()
