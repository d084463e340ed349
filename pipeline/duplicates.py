"""Near-duplicate releases: the same text filed twice (a `.txt` and its `.pdf`, two exports).

Texts are compared as sets of word trigrams, after the differences that
formats introduce are normalised away (case, punctuation, apostrophes,
line breaks). Comparing every pair would be quadratic, so only documents
that share one of their smallest trigram hashes (a bottom-k sketch, as in
MinHash) are compared; two texts with high overlap almost surely do.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import defaultdict
from itertools import combinations

THRESHOLD = 0.6  # Jaccard similarity of word-trigram sets; OCR noise keeps true copies near 0.7
_SKETCH = 16
_WORD = re.compile(r"[^\W_]+")


def near_duplicates(texts: dict[str, str], threshold: float = THRESHOLD) -> dict[str, list[str]]:
    """For each path whose text nearly duplicates others', those other paths (sorted)."""
    grams = {path: _trigrams(text) for path, text in texts.items()}
    buckets = defaultdict(set)
    for path, g in grams.items():
        for h in heapq.nsmallest(_SKETCH, g):
            buckets[h].add(path)
    candidates = {pair for bucket in buckets.values() for pair in combinations(sorted(bucket), 2)}
    found: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(candidates):
        if _jaccard(grams[a], grams[b]) >= threshold:
            found[a].append(b)
            found[b].append(a)
    return {path: sorted(others) for path, others in found.items()}


def _trigrams(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    return {zlib.crc32(" ".join(words[i : i + 3]).encode()) for i in range(len(words) - 2)}


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
