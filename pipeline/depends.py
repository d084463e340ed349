"""What a cached result depends on besides its input and the configuration, and whether that still holds.

The cache key stands for the input's bytes and name, the cache folder for
the configuration (pipeline, settings, rule data, model and library
versions): change any of them and the entry is not found. A few things
shape only some results; they are stored with those entries as `depends`, a
small dict, and in the manifest's row of each input, so that a re-run
notices a change without opening a single entry:

- "timeout", "memory_mb": the limit a document had when it failed for lack
  of time or memory (`retry.LIMITS`). A run that gives more (a higher
  limit, or none) tries the document again.

A name this version does not know (written by a newer one) never holds: the
document is processed again rather than trusted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Conditions:
    """What the current run offers a document, against which cached entries are judged."""

    timeout: float | None = None  # seconds per document, None for no limit
    memory_mb: int | None = None  # per worker, None for no limit

    def limits(self) -> dict:
        return {"timeout": self.timeout, "memory_mb": self.memory_mb}

    def holds(self, depends: dict | None) -> bool:
        """Whether an entry made under `depends` is what this run would make."""
        for name, value in (depends or {}).items():
            if name in ("timeout", "memory_mb"):
                if _more(getattr(self, name), value):
                    return False
            else:
                return False
        return True


def _more(now: float | None, then: float | None) -> bool:
    """Whether the limit `now` gives more than `then` (None: no limit, the most)."""
    if then is None:
        return False
    return now is None or now > then
