"""Programs found on the machine that shape some records, and a fingerprint of each.

The configuration hash (`settings.config_hash`) covers what is installed
with the pipeline: its code, rule data, model and library versions. A
program the system provides is not in it: Tesseract, which reads PDF pages
that have no text layer. Whether it is installed, its version and its
languages change the record of such a PDF, and nothing else; so a record
that needed OCR carries Tesseract's fingerprint (`depends["ocr"]`, see
`pipeline.depends`) and is made again when the fingerprint changes, while
every other record stays cached.

The fingerprint costs two short `tesseract` calls (`--version`,
`--list-langs`), once per process: a worker pays it on its first document
that needs OCR, a run only when some cached record depends on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

OCR_LANG = "fra"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-fra"
ABSENT = "absent"
_CALL_TIMEOUT_S = 60
_LANG_FOLDER = re.compile(r'languages in "?(.*?)"?\s*\(\d+\)')


@dataclass(frozen=True)
class Tesseract:
    reason: str | None  # why OCR cannot run here, in plain words; None when it can
    fingerprint: str  # ABSENT, or a digest of its version, languages and French data


@cache
def tesseract() -> Tesseract:
    """Tesseract as this process finds it (looked at once per process: `tesseract.cache_clear()` to look again)."""
    program = shutil.which("tesseract")
    if program is None:
        return Tesseract(f"Tesseract is not installed ({INSTALL_HINT})", ABSENT)
    try:
        version = _call(program, "--version")
        listing = _call(program, "--list-langs")
    except (OSError, subprocess.SubprocessError) as e:  # a broken install must not stop the batch
        return Tesseract(f"Tesseract does not run ({e})", _digest(["broken", program]))
    lines = listing.splitlines()
    languages = sorted(line.strip() for line in lines[1:] if line.strip())
    folder = _LANG_FOLDER.search(lines[0]) if lines else None
    data = _stat(os.path.join(folder[1], f"{OCR_LANG}.traineddata")) if folder else None
    reason = None if OCR_LANG in languages else f"Tesseract has no French language data ({INSTALL_HINT})"
    return Tesseract(reason, _digest([version.strip(), languages, data]))


def fingerprint(name: str) -> str | None:
    """The current fingerprint of what `depends[name]` records, None for a name this version does not know."""
    if name == "ocr":
        return tesseract().fingerprint
    return None


def _call(program: str, option: str) -> str:
    done = subprocess.run([program, option], capture_output=True, text=True, timeout=_CALL_TIMEOUT_S, check=True)
    return done.stdout + done.stderr  # Tesseract 4 prints its version on stderr


def _stat(path: str) -> list[int] | None:
    """Size and modification time of a file: a changed language model shows here, without reading it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:16]
