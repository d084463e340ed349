"""Results of earlier runs, so that a re-run only processes what changed.

One JSON file per input, under `<out>/.cache/<config hash>/<key>.json`,
holding the record or the error record. The key stands for the input's bytes
and name (`cache_key`), the folder for the configuration (pipeline
version, settings, rule data, model): change any of them and the entry is
simply not found. Each entry is written atomically
as soon as its document is done, so a run killed midway keeps the work it
finished and the next run resumes from there.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from pipeline.discover import Found
from pipeline.write import atomic_write, dumps

# Failures that may not happen again on a calmer machine are retried on the next run.
TRANSIENT_ERRORS = {"Timeout", "WorkerCrashed", "MemoryError"}


def cache_key(f: Found) -> str:
    """A record depends on the bytes and on the name (format from the extension, date from the name)."""
    return hashlib.sha256(f"{f.sha256}\0{f.rel_path}".encode()).hexdigest()


class ResultCache:
    def __init__(self, out: Path, config: str):
        self.root = out / ".cache"
        self.dir = self.root / config

    def get(self, key: str) -> dict | None:
        """{"record": ...} or {"error": ...}, or None when this content was never processed."""
        try:
            return json.loads((self.dir / f"{key}.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None  # a damaged entry is as good as none: the document is processed again

    def put(self, key: str, *, record: dict | None = None, error: dict | None = None) -> None:
        if error is not None and error["error_type"] in TRANSIENT_ERRORS:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        entry = {"record": record} if record is not None else {"error": error}
        atomic_write(self.dir / f"{key}.json", dumps(entry))

    def prune(self, keep: set[str]) -> None:
        """Forget other configurations and inputs no longer in the raw folder."""
        if self.root.exists():
            for other in self.root.iterdir():
                if other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)
        if self.dir.exists():
            for entry in self.dir.iterdir():
                if entry.suffix != ".json" or entry.stem not in keep:
                    entry.unlink(missing_ok=True)
