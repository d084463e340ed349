"""Where rule data lives, and how it is loaded.

Rules and word lists are data: they live in `models/` at the repository root
(or in `$PIPELINE_MODELS`), so that adding a currency, a month abbreviation or
an organisation never needs a code change.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS", Path(__file__).resolve().parent.parent / "models"))


@cache
def load_json(relative: str):
    """Parse `models/<relative>` once per process."""
    with open(MODELS_DIR / relative, encoding="utf-8") as f:
        return json.load(f)


@cache
def load_jsonl(relative: str) -> tuple[dict, ...]:
    """Parse a JSON-lines file of `models/` once per process (blank lines and `//` comments skipped)."""
    rows = []
    with open(MODELS_DIR / relative, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("//"):
                rows.append(json.loads(line))
    return tuple(rows)
