"""Document-level organisation scores on invented press releases (tests/fixtures/org_releases/).

    python scripts/org_eval.py [-v] [--json] [--text] [--dir DIR] [NAME…]

Each release `X.md` / `X.txt` has a gold file `X.json`:
`{"organisations": [{"canonical", "aliases"}], "not_organisations": […], "issuer": […]}`
(conventions in the fixtures' README.md). Every release is run through
`pipeline.process_file` (or `pipeline.annotate_text` with `--text`) and its
record's `organisations` list is compared with the gold, by name only:

- a name is folded: NFKD, accents stripped, casefolded, dashes and
  apostrophes unified, runs of whitespace made one space, outer punctuation
  and whitespace stripped;
- the keys of an organisation are its folded canonical name and aliases;
- a gold organisation is found when one of its keys equals a key of some
  predicted organisation; a predicted organisation is right when one of its
  keys equals a key of some gold organisation.

P = right predicted / predicted, R = found gold / gold, summed over all
releases (micro). `-v` prints each release's missed and spurious
organisations (a spurious one that the gold lists in `not_organisations` is
marked `[listed]`); `--json` prints everything as one JSON object. NAME
restricts the run to releases whose file name contains NAME.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "org_releases"
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe63\uff0d"), "-")
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\uff07"), "'")
_OUTER = re.compile(r"^[\W_]+|[\W_]+$")


def fold(name: str) -> str:
    """The key a name is compared by."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().translate(_DASHES).translate(_APOSTROPHES)
    s = re.sub(r"\s+", " ", s)
    return _OUTER.sub("", s)


def keys(org: dict) -> set[str]:
    names = [org.get("canonical") or "", *(org.get("aliases") or [])]
    return {k for k in map(fold, names) if k}


def releases(folder: Path, only: list[str]) -> list[tuple[Path, Path]]:
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".md", ".txt") or path.name.lower() == "readme.md":
            continue
        gold = path.with_suffix(".json")
        if not gold.exists():
            continue
        if only and not any(o in path.name for o in only):
            continue
        out.append((path, gold))
    return out


def score_release(predicted: list[dict], gold: dict) -> dict:
    gold_orgs = gold.get("organisations", [])
    gold_keys = [keys(o) for o in gold_orgs]
    all_gold = set().union(*gold_keys) if gold_keys else set()
    pred_keys = [keys(o) for o in predicted]
    all_pred = set().union(*pred_keys) if pred_keys else set()
    listed = {fold(s) for s in gold.get("not_organisations", [])}

    missed = [o["canonical"] for o, k in zip(gold_orgs, gold_keys, strict=True) if not k & all_pred]
    spurious = []
    right = 0
    for o, k in zip(predicted, pred_keys, strict=True):
        if k & all_gold:
            right += 1
        else:
            spurious.append(
                {"canonical": o.get("canonical"), "aliases": o.get("aliases", []), "listed": bool(k & listed)}
            )
    issuers = gold.get("issuer", [])
    issuer_found = [i for i in issuers if fold(i) in all_pred or any(fold(i) in k and k & all_pred for k in gold_keys)]
    return {
        "gold": len(gold_orgs),
        "found": len(gold_orgs) - len(missed),
        "predicted": len(predicted),
        "right": right,
        "missed": missed,
        "spurious": spurious,
        "issuer": len(issuers),
        "issuer_found": len(issuer_found),
    }


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="only releases whose file name contains one of these")
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of releases and gold files")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-release missed and spurious organisations")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument(
        "--text", action="store_true", help="use pipeline.annotate_text on the file's text instead of process_file"
    )
    args = ap.parse_args(argv)

    import pipeline

    files = releases(args.dir, args.names)
    if not files:
        print(f"no release with a gold file in {args.dir}", file=sys.stderr)
        return 2
    results = {}
    for path, gold_path in files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = pipeline.annotate_text(path.read_text(encoding="utf-8")) if args.text else pipeline.process_file(path)
        results[path.name] = score_release(record.get("organisations") or [], gold)

    tot = {
        k: sum(r[k] for r in results.values())
        for k in ("gold", "found", "predicted", "right", "issuer", "issuer_found")
    }
    p, r = ratio(tot["right"], tot["predicted"]), ratio(tot["found"], tot["gold"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    summary = {
        **tot,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "issuer_recall": round(ratio(tot["issuer_found"], tot["issuer"]), 4),
        "releases": len(results),
    }

    if args.json:
        print(json.dumps({"summary": summary, "releases": results}, ensure_ascii=False, indent=2))
        return 0

    if args.verbose:
        for name, res in results.items():
            rp, rr = ratio(res["right"], res["predicted"]), ratio(res["found"], res["gold"])
            print(
                f"{name}: P {rp:.2f} ({res['right']}/{res['predicted']})  R {rr:.2f} ({res['found']}/{res['gold']})"
                f"  issuer {res['issuer_found']}/{res['issuer']}"
            )
            for m in res["missed"]:
                print(f"  missed    {m}")
            for s in res["spurious"]:
                extra = [a for a in s["aliases"] if a != s["canonical"]]
                alias = f"  (aliases: {', '.join(extra)})" if extra else ""
                print(f"  spurious  {s['canonical']}{alias}{'  [listed]' if s['listed'] else ''}")
        print()
    print(f"releases {summary['releases']}  gold {tot['gold']}  predicted {tot['predicted']}")
    print(
        f"ORG document-level  P {p:.3f} ({tot['right']}/{tot['predicted']})"
        f"  R {r:.3f} ({tot['found']}/{tot['gold']})  F1 {f1:.3f}"
    )
    print(f"issuer recall {summary['issuer_recall']:.3f} ({tot['issuer_found']}/{tot['issuer']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
