"""How many of the invented organisation variants (tests/fixtures/org_variants.json) the pipeline gets right.

    python scripts/org_variants_check.py [-v] [--json] [CLASS…]

The file maps a class of issue 22 (`whole_names`, `actors`, `tools`, `relations`, `kinds`, `people`, `lowercase_known`,
`foreign`, `bilingual`) to items `{"text", "orgs", "not_orgs"}`. Each text is
run through `pipeline.annotate_text`, and its ORG entities are compared with
the item:

- an `orgs` string is right when some ORG entity is exactly that string at one
  of the places where it occurs in the text (same start and end);
- a `not_orgs` string is right when no ORG entity overlaps any place where it
  occurs in the text (it is neither an organisation nor part of one).

An item passes when all its strings are right. An item with `orgs` is a
positive, one without is a negative; the summary counts failing items per
class and kind, and failing strings. `-v` prints each failing item with the
ORG entities found.

For the `bilingual` class, whose `not_orgs` are English sentences that should
not reach the French model at all, a last line also counts the `not_orgs`
overlapped by a named entity of any label (PER, LOC, ORG, MISC); it is
information, not part of pass/fail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_FILE = ROOT / "tests" / "fixtures" / "org_variants.json"
NAMED = ("PER", "LOC", "ORG", "MISC")


def occurrences(text: str, s: str) -> list[tuple[int, int]]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append((i, i + len(s)))
        i = text.find(s, i + 1)
    return out


def check_item(item: dict, orgs: list[tuple[int, int, str]]) -> dict:
    text = item["text"]
    spans = {(s, e) for s, e, _ in orgs}
    missed = [o for o in item.get("orgs", []) if not any(span in spans for span in occurrences(text, o))]
    wrong = [
        n
        for n in item.get("not_orgs", [])
        if any(s < ne and ns < e for ns, ne in occurrences(text, n) for s, e, _ in orgs)
    ]
    return {"missed": missed, "wrong": wrong, "ok": not missed and not wrong}


def touched(item: dict, spans: list[tuple[int, int]]) -> list[str]:
    """The item's `not_orgs` that overlap one of these spans."""
    text = item["text"]
    return [
        n
        for n in item.get("not_orgs", [])
        if any(s < ne and ns < e for ns, ne in occurrences(text, n) for s, e in spans)
    ]


def _row(name: str, r: dict) -> str:
    return (
        f"{name:<12} {r['positive_failing']:>9}/{r['positive']:<8} {r['negative_failing']:>9}/{r['negative']:<8}"
        f" {r['orgs_missed']:>6}/{r['orgs']:<5} {r['not_orgs_wrong']:>8}/{r['not_orgs']:<7}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("classes", nargs="*", help="only these classes")
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("-v", "--verbose", action="store_true", help="print each failing item")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    import pipeline

    data = json.loads(args.file.read_text(encoding="utf-8"))
    summary, details = {}, {}
    for cls, items in data.items():
        if args.classes and cls not in args.classes:
            continue
        row = {
            "positive": 0,
            "positive_failing": 0,
            "negative": 0,
            "negative_failing": 0,
            "orgs": 0,
            "orgs_missed": 0,
            "not_orgs": 0,
            "not_orgs_wrong": 0,
            "not_orgs_any_ne": 0,
        }
        failing = []
        for item in items:
            record = pipeline.annotate_text(item["text"])
            orgs = [(e["start"], e["end"], e["text"]) for e in record["entities"] if e["label"] == "ORG"]
            res = check_item(item, orgs)
            named = [(e["start"], e["end"]) for e in record["entities"] if e["label"] in NAMED]
            row["not_orgs_any_ne"] += len(touched(item, named))
            kind = "positive" if item.get("orgs") else "negative"
            row[kind] += 1
            row["orgs"] += len(item.get("orgs", []))
            row["not_orgs"] += len(item.get("not_orgs", []))
            row["orgs_missed"] += len(res["missed"])
            row["not_orgs_wrong"] += len(res["wrong"])
            if not res["ok"]:
                row[kind + "_failing"] += 1
                failing.append({"text": item["text"], **res, "found": [t for _, _, t in orgs]})
        summary[cls], details[cls] = row, failing

    if args.json:
        print(json.dumps({"summary": summary, "failing": details}, ensure_ascii=False, indent=2))
        return 0
    if args.verbose:
        for cls, failing in details.items():
            for f in failing:
                print(f"[{cls}] {f['text']!r}")
                for m in f["missed"]:
                    print(f"    missed  {m}")
                for w in f["wrong"]:
                    print(f"    as ORG  {w}")
                print(f"    ORG found: {f['found']}")
        print()
    head = ("class", "positives failing", "negatives failing", "orgs missed", "not_orgs as ORG")
    print(f"{head[0]:<12} {head[1]:>18} {head[2]:>18} {head[3]:>12} {head[4]:>16}")
    total = dict.fromkeys(next(iter(summary.values())), 0) if summary else {}
    for cls, r in summary.items():
        for k in total:
            total[k] += r[k]
        print(_row(cls, r))
    if total:
        print(_row("total", total))
    if "bilingual" in summary:
        r = summary["bilingual"]
        print(
            "bilingual: not_orgs (English sentences) inside a named entity of any label:"
            f" {r['not_orgs_any_ne']}/{r['not_orgs']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
