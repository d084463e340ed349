"""The one loader for rule data: the word lists and patterns in `pipeline/models/`.

Rules and word lists are data: they live in `pipeline/models/`, inside the
package so that an installed wheel has them (or in `$PIPELINE_MODELS`), so
that adding a currency, a month abbreviation or an organisation never needs a
code change. `load("dates/months.json")` parses a
file once per process; `.jsonl` files give a tuple of rows (blank lines and
`//` comments skipped). Modules build their own indexes from what it returns,
each in one `@cache` function.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS", Path(__file__).resolve().parent / "models"))


@cache
def load(relative: str):
    """Parse `pipeline/models/<relative>` once per process: a JSON value, or a tuple of rows for `.jsonl`."""
    with open(MODELS_DIR / relative, encoding="utf-8") as f:
        if relative.endswith(".jsonl"):
            return tuple(json.loads(line) for line in map(str.strip, f) if line and not line.startswith("//"))
        return json.load(f)
