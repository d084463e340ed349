"""Near-duplicate releases: the same text filed twice (a `.txt` and its `.pdf`, two exports).

Texts are compared as sets of word trigrams, after the differences that
formats introduce are normalised away (case, punctuation, apostrophes,
line breaks). No run keeps the texts in memory to compare them: each
worker reduces its document's trigrams to a MinHash signature (`sketch`,
128 32-bit values: datasketch's `MinHash`, computed here), which the cache
and the run's manifest keep, and the run compares signatures only:

- candidates are the pairs that agree on every value of one of 32 bands
  of 4 values (locality-sensitive hashing): a pair whose trigram Jaccard
  similarity is J is a candidate with probability 1 − (1 − J⁴)³², 0.99 at
  J = 0.6 and 0.003 at J = 0.1 (releases sharing only their boilerplate),
  so the work grows with the number of near-duplicates, not with the
  square of the corpus;
- a candidate pair is a near-duplicate when its signatures agree on at
  least `THRESHOLD` of their 128 values, the MinHash estimate of J
  (standard error 0.04 at J = 0.6).

The parent holds one signature per document (512 bytes: 5 MB for 10,000
documents) and one band at a time; datasketch's own `MinHashLSH` keeps
every band of every document in Python dictionaries (5.9 KB per document,
measured with tracemalloc on 2,000 signatures), which is why the bands are
sorted with numpy here instead.

The signature is datasketch's (its `MinHash` with the "affine32" scheme:
each trigram's crc32 mixed by MurmurHash3's finalizer, then `a·h + b` modulo
2³² for each of the 128 permutations its `RandomState` draws from `SEED`),
computed in a few lines of numpy rather than imported: `import datasketch`
imports its LSH classes and with them `scipy.integrate`, 0.34-0.36 s of a
worker's start of 3.7 s (two runs of a script timing each step in a fresh
process, the model loaded first), for classes this module does not use. `tests/test_duplicates.py`
checks the values against datasketch's own on invented texts, so sketches
cached by earlier runs stay comparable with new ones.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections import defaultdict
from functools import cache

import numpy as np

THRESHOLD = 0.6  # Jaccard similarity of word-trigram sets; OCR noise keeps true copies near 0.7
PERMUTATIONS = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == PERMUTATIONS
SEED = 1
_WORD = re.compile(r"[^\W_]+")


def sketch(text: str) -> str | None:
    """The MinHash signature of a text's word trigrams, base64-encoded; None when it has no trigram."""
    grams = _trigrams(text)
    if not grams:
        return None
    a, b = _permutations()
    hashes = _fmix32(np.fromiter(map(zlib.crc32, grams), dtype=np.uint32, count=len(grams)))
    values = (hashes[:, None] * a + b).min(axis=0)  # uint32 arithmetic: it wraps, i.e. modulo 2**32
    return base64.b64encode(values.astype("<u4").tobytes()).decode("ascii")


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The 128 affine permutations `h → a·h + b` (`a` odd: a bijection) drawn from `SEED` as datasketch draws them."""
    draw = np.random.RandomState(SEED)  # the legacy generator: its stream for a seed is frozen by numpy
    a = draw.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, a bijection that spreads the bits of a weak hash (crc32) before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(encoded: str | None) -> np.ndarray | None:
    return None if encoded is None else np.frombuffer(base64.b64decode(encoded), dtype="<u4")


def find_duplicates(signatures: np.ndarray, present: np.ndarray, threshold: float = THRESHOLD) -> dict[int, list[int]]:
    """For each row of `signatures` (n × 128) whose `present` flag is set, the other rows it nearly duplicates."""
    rows = np.flatnonzero(present)
    candidates: set[tuple[int, int]] = set()
    for band in range(BANDS):
        keys = np.ascontiguousarray(signatures[rows, band * ROWS : (band + 1) * ROWS]).view(f"V{4 * ROWS}").ravel()
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for s, e in zip(starts, ends, strict=True):
            if e - s > 1:
                group = sorted(rows[order[s:e]].tolist())
                candidates.update((a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    found: dict[int, list[int]] = defaultdict(list)
    for a, b in sorted(candidates):
        if np.mean(signatures[a] == signatures[b]) >= threshold:
            found[a].append(b)
            found[b].append(a)
    return dict(found)


def near_duplicates(texts: dict[str, str], threshold: float = THRESHOLD) -> dict[str, list[str]]:
    """For each path whose text nearly duplicates others', those other paths (sorted)."""
    paths = sorted(texts)
    sigs = [signature(sketch(texts[p])) for p in paths]
    matrix = np.zeros((len(paths), PERMUTATIONS), dtype="<u4")
    present = np.zeros(len(paths), dtype=bool)
    for i, sig in enumerate(sigs):
        if sig is not None:
            matrix[i], present[i] = sig, True
    found = find_duplicates(matrix, present, threshold)
    return {paths[i]: sorted(paths[j] for j in others) for i, others in found.items()}


def _trigrams(text: str) -> set[bytes]:
    """The word trigrams of `text`, as bytes for the hash.

    Hashed with crc32, the hash this module has always used (datasketch's default, sha1, is 4x slower here),
    called directly rather than through a Python function; with the trigrams built from `zip` and not sorted
    (the signature does not depend on their order), the sketch of the 5 seed texts went from 30 to 21 ms
    (2.3 % to 1.6 % of NER's time on them).
    """
    words = _WORD.findall(text.lower())
    return {f"{a} {b} {c}".encode() for a, b, c in zip(words, words[1:], words[2:], strict=False)}
