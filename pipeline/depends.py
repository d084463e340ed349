"""What a cached result depends on besides its input and the configuration, and whether that still holds.

The cache key stands for the input's bytes and name, the cache folder for
the configuration (pipeline, settings, rule data, model and library
versions): change any of them and the entry is not found. A few things
shape only some results; they are stored with those entries as `depends`, a
small dict, and in the manifest's row of each input, so that a re-run
notices a change without opening a single entry:

- "ocr": which Tesseract made a PDF record with pages that needed OCR, or
  that it was not installed (`pipeline.tools`). Installing, upgrading or
  removing Tesseract, or its languages, makes such records again, and no
  other. The run asks Tesseract only when some entry depends on it.
- "timeout", "memory_mb": the limit a document had when it failed for lack
  of time or memory (`retry.LIMITS`). A run that gives more (a higher
  limit, or none) tries the document again.

A name this version does not know (written by a newer one) never holds: the
document is processed again rather than trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import tools


@dataclass
class Conditions:
    """What the current run offers a document, against which cached entries are judged."""

    timeout: float | None = None  # seconds per document, None for no limit
    memory_mb: int | None = None  # per worker, None for no limit
    _tools: dict = field(default_factory=dict, repr=False)

    def limits(self) -> dict:
        return {"timeout": self.timeout, "memory_mb": self.memory_mb}

    def holds(self, depends: dict | None) -> bool:
        """Whether an entry made under `depends` is what this run would make."""
        for name, value in (depends or {}).items():
            if name in ("timeout", "memory_mb"):
                if _more(getattr(self, name), value):
                    return False
            elif value != self.tool(name):
                return False
        return True

    def tool(self, name: str) -> str | None:
        """The current fingerprint of a tool (`tools.fingerprint`), asked once per run."""
        if name not in self._tools:
            self._tools[name] = tools.fingerprint(name)
        return self._tools[name]


def _more(now: float | None, then: float | None) -> bool:
    """Whether the limit `now` gives more than `then` (None: no limit, the most)."""
    if then is None:
        return False
    return now is None or now > then
