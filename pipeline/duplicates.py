"""Near-duplicate releases: the same text filed twice (a `.txt` and its `.pdf`, two exports).

Texts are compared as sets of word trigrams, after the differences that
formats introduce are normalised away (case, punctuation, apostrophes,
line breaks). No run keeps the texts in memory to compare them: each
worker reduces its document's trigrams to a MinHash signature (`sketch`,
128 32-bit values, datasketch), which the cache and the run's manifest
keep, and the run compares signatures only:

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
# datasketch's 32-bit affine permutations (its default since 2.0): named, because sketches already cached were made
# with them, and a default that changed would make them incomparable with new ones.
SCHEME = "affine32"
_WORD = re.compile(r"[^\W_]+")


def sketch(text: str) -> str | None:
    """The MinHash signature of a text's word trigrams, base64-encoded; None when it has no trigram."""
    grams = _trigrams(text)
    if not grams:
        return None
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=PERMUTATIONS, seed=SEED, hashfunc=zlib.crc32, permutations=_permutations(), scheme=SCHEME
    )
    minhash.update_batch(grams)  # a minimum per permutation: the order of the trigrams cannot change it
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


@cache
def _permutations():
    """The permutations of `SEED`, drawn once: datasketch draws them again for each MinHash (0.13 ms of the
    0.22 ms a short release's sketch took)."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations


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
