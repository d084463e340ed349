"""Regenerate the README's example record from a fresh run: `python scripts/readme_example.py [--check]`.

The record of `EXAMPLE` (one of the seed releases, `tests/fixtures/releases/`), from a real run of the
pipeline over all of them (so that its `duplicate_of` is what a run gives), abridged by fixed rules
(`abridge`) and written between the README's `example-record` markers. `--check` writes nothing and
exits 1 when the README's block differs from a fresh one apart from `processed_at` and `config_hash`,
which change with every run and with every code change; `tests/test_readme.py` makes the same check
on the outputs of its own run.

Abridged, each list ends with "…" where something was left out:
- `text`: its first `TEXT_CHARS` characters, cut between words;
- `locale.evidence`: the first `EVIDENCE` items;
- `entities`: at most `ENTITIES`, in text order: the first of each label, then the first of each label
  and source, then the first with a field of its value that no entity of its label shown has
  (`currency_inferred`...);
- `organisations`, `tables`: the first `ORGANISATIONS` / `TABLES`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "releases"
README = ROOT / "README.md"
EXAMPLE = "2025-11_dialogue-franco-allemand-dirigeants-industrie-ia.md"
BEGIN, END = "<!-- example-record: begin (scripts/readme_example.py) -->", "<!-- example-record: end -->"
TEXT_CHARS, EVIDENCE, ENTITIES, ORGANISATIONS, TABLES = 80, 2, 12, 3, 1
# The lists written one item per line; the others stay on their field's line.
ONE_PER_LINE = ("entities", "organisations", "tables")
MORE = "…"
# Fields that change with every run or every code change, not with the release.
VOLATILE = re.compile(r'"(processed_at|config_hash)": "[^"]*"')


def abridge(record: dict) -> dict:
    """The record with its long parts cut by the rules of this module's docstring."""
    r = dict(record)
    if len(r["text"]) > TEXT_CHARS:
        r["text"] = r["text"][:TEXT_CHARS].rsplit(" ", 1)[0] + " " + MORE  # cut between words
    if r.get("locale") and len(r["locale"]["evidence"]) > EVIDENCE:
        r["locale"] = {**r["locale"], "evidence": [*r["locale"]["evidence"][:EVIDENCE], MORE]}
    entities = record["entities"]
    chosen: list[int] = []
    for features in (
        lambda e: {e["label"]},
        lambda e: {(e["label"], e["source"])},
        lambda e: {(e["label"], key) for key in (e["value"] or {})},
    ):
        seen = set().union(*(features(entities[i]) for i in chosen))
        for i, e in enumerate(entities):
            if len(chosen) < ENTITIES and i not in chosen and not features(e) <= seen:
                chosen.append(i)
                seen |= features(e)
    r["entities"] = [entities[i] for i in sorted(chosen)] + ([MORE] if len(chosen) < len(entities) else [])
    for key, keep in (("organisations", ORGANISATIONS), ("tables", TABLES)):
        if len(r[key]) > keep:
            r[key] = [*r[key][:keep], MORE]
    return r


def render(record: dict) -> str:
    """The README's JSON block: one line per field, one per item of the lists of objects."""

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in abridge(record).items():
        if key in ONE_PER_LINE and value:
            items = ",\n".join(f"    {dumps(v)}" for v in value)
            lines.append(f'  "{key}": [\n{items}\n  ]')
        else:
            lines.append(f'  "{key}": {dumps(value)}')
    return "```json\n{\n" + ",\n".join(lines) + "\n}\n```"


def block(readme: str) -> str:
    """The README's current block, between the markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[start:end].strip()


def comparable(text: str) -> str:
    return VOLATILE.sub(lambda m: f'"{m[1]}": "…"', text)


def fresh_record(raw: Path = SEEDS) -> dict:
    """The example's record from a real run over `raw` (quiet, in a temporary output folder)."""
    from pipeline.progress import QUIET, Reporter
    from pipeline.run import run

    with tempfile.TemporaryDirectory(prefix="readme-example-") as out:
        run(raw, Path(out), reporter=Reporter(verbosity=QUIET))
        for line in (Path(out) / "documents.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["source"]["path"] == EXAMPLE:
                return record
    raise SystemExit(f"error: {EXAMPLE} gave no record")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the README's example is current")
    args = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    new = render(fresh_record())
    if args.check:
        if comparable(block(readme)) != comparable(new):
            print("README.md: the example record differs from a fresh run: python scripts/readme_example.py")
            return 1
        print("README.md: the example record is current")
        return 0
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    README.write_text(readme[:start] + "\n" + new + "\n" + readme[end:], encoding="utf-8")
    print("README.md: example record regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
