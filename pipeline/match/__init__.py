"""Rule-based matchers (amounts, dates, organisations).

Each module exposes a pure function from text to `Match` objects, with its
rules and word lists in `pipeline/models/`; `components.py` wraps them as spaCy
pipeline components.
"""

from pipeline.match.base import Match

__all__ = ["Match"]
