"""Settings that change what the pipeline produces, and their fingerprint.

Everything here, the pipeline's own code, the rule data in `pipeline/models/` and the
versions of the model and of the libraries that shape a record feed
`config_hash()`: when any of them changes, cached results are stale and the
next run reprocesses every document.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path

from pipeline import __version__
from pipeline.ruledata import MODELS_DIR

PACKAGE_DIR = Path(__file__).resolve().parent

SCHEMA_VERSION = "3.0"  # 3.0: flat tables name offsets char_start/char_end
SPACY_MODEL = "fr_core_news_md"
# Only `ner` runs on whole documents: in fr_core_news_md it has its own tok2vec, so the shared
# tok2vec, tagger, parser and lemmatizer are dead weight there (measured ~2.2x faster). `strings` (a serialization
# field, not a component) is the vocabulary's 713,000 strings: nothing here turns a hash the model did not see in
# the text back into a string (features and vectors are looked up by hash), and reading them was half of
# `spacy.load` (1.05-1.31 s -> 0.52-0.53 s, two runs each); the same records over 128 texts (README, Speed).
SPACY_EXCLUDE = ["parser", "attribute_ruler", "lemmatizer", "senter", "strings"]
# Loaded but disabled: the date rules run them on the few sentences whose tense a date needs
# (pipeline/match/dates/tense.py); resident memory is the same (345 MB measured either way).
SPACY_DISABLE = ["tok2vec", "morphologizer"]
# Libraries whose version can change a record; they are in every record's provenance.
LIBRARIES = [
    "spacy",
    "pypdfium2",
    "charset-normalizer",
    "text2num",
    "py3langid",
    "pytesseract",
    "pdfplumber",
    "phonenumbers",
]

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
# Above these sizes a file is refused with a clear message instead of exhausting memory.
MAX_TEXT_BYTES = 20_000_000
MAX_PDF_BYTES = 200_000_000
# NER sees the text in blocks of at most this many characters (cut at paragraph or line ends).
MAX_BLOCK_CHARS = 5_000
# French analysis is skipped only when another language is this certain: short French
# snippets are often misdetected with low confidence.
LANGUAGE_SKIP_CONFIDENCE = 0.9

# Per-document limits in the worker processes of `pipeline run`.
DEFAULT_TIMEOUT_S = 120
DEFAULT_MEMORY_MB = 4096
# One thread per worker for every numeric library: the workers are the parallelism, and two workers
# each running a pool of BLAS threads on a 2-core machine only fight over the cores. Here, not in
# `process`, so that a program can set it before numpy loads (`scripts/benchmark.py`).
WORKER_THREADS_ENV = {
    name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
}


@cache
def config_hash() -> str:
    """A fingerprint of everything that shapes a record, except the input bytes."""
    h = hashlib.sha256()
    settings = {
        "version": __version__,
        "schema": SCHEMA_VERSION,
        "model": [SPACY_MODEL, version(SPACY_MODEL.replace("_", "-"))],
        "libraries": {name: version(name) for name in LIBRARIES},
        "exclude": SPACY_EXCLUDE,
        "block": MAX_BLOCK_CHARS,
        "lang": LANGUAGE_SKIP_CONFIDENCE,
    }
    h.update(json.dumps(settings, sort_keys=True).encode())
    for root, pattern in ((MODELS_DIR, "*"), (PACKAGE_DIR, "*.py"), (PACKAGE_DIR, "*.json")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
