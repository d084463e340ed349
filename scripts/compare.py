"""`make compare`: the libraries the design card names, measured beside the ones the pipeline uses.

    python scripts/compare.py [--sample] [--runs 20]

1. Language identification, langdetect against py3langid (the pipeline's `language.detect_language`), on
   the invented French and English paragraphs of `tests/fixtures/compare/paragraphs.jsonl` (headings
   and one-liners among them): how many paragraphs get more than one language, or more than one
   probability, over `--runs` runs of the same input (langdetect draws random samples of the text
   unless it is seeded), accuracy (the first run's answer against the paragraph's language; `und`, no
   answer, is not right) and time per paragraph. py3langid is measured twice: as `detect_language`
   (the whole text; too short a text is `und`) and as the pipeline classifies paragraph blocks (the
   languages of `language._BLOCK_LANGUAGES` only).
2. Dates, dateparser's `search_dates` against the pipeline's date rules (`match.dates.find_dates`, without
   the spaCy tense reader), on the invented sentences of `tests/fixtures/compare/dates.jsonl`: "news"
   sentences written in the manner of FR-TimeBank's newswire (none taken from it) and the forms French
   press releases use, each with its publication date. A date is right when a tool gives its first day
   (or, for an interval open at the start such as `d'ici 2030`, its last day); every other date a tool
   gives is counted as wrong, sentences that hold no date included.

Everything is in the repository: anyone can run it again, with no download. The table it prints is the
one in the README (section "Libraries compared"). `--sample` takes the first few items of each set (CI
runs it, `tests/test_compare.py`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "compare"
SAMPLE = 6  # items per language or per set with --sample


def read(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def sample(items: list[dict], key: str, size: int | None) -> list[dict]:
    """The first `size` items of each value of `key` (all of them when `size` is None), in file order."""
    if size is None:
        return items
    kept, counts = [], {}
    for item in items:
        counts[item[key]] = counts.get(item[key], 0) + 1
        if counts[item[key]] <= size:
            kept.append(item)
    return kept


# --- languages ---------------------------------------------------------------------------------------


def py3langid_detect(text: str) -> tuple[str, float]:
    from pipeline.language import detect_language

    language = detect_language(text)
    return language["code"], language["confidence"]


def py3langid_blocks(text: str) -> tuple[str, float]:
    from pipeline.language import _block_identifier

    code, probability = _block_identifier().classify(text)
    return code, float(probability)


def langdetect_detect(text: str) -> tuple[str, float]:
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    try:
        best = detect_langs(text)[0]
    except LangDetectException:  # no features in the text
        return "und", 0.0
    return best.lang, best.prob


def compare_languages(paragraphs: list[dict], runs: int) -> list[dict]:
    """One row per library: paragraphs with varying answers, accuracy, milliseconds per paragraph."""
    rows = []
    libraries = (
        ("langdetect 1.0.9", langdetect_detect),
        ("py3langid 0.4.0, whole text (`detect_language`)", py3langid_detect),
        ("py3langid 0.4.0, as the pipeline reads paragraphs", py3langid_blocks),
    )
    for name, detect in libraries:
        detect(paragraphs[0]["text"])  # load the model before timing
        answers = [[] for _ in paragraphs]
        t0 = time.perf_counter()
        for _ in range(runs):
            for i, p in enumerate(paragraphs):
                answers[i].append(detect(p["text"]))
        seconds = time.perf_counter() - t0
        rows.append(
            {
                "library": name,
                "varying": sum(len({code for code, _ in a}) > 1 for a in answers),
                "varying_probability": sum(len(set(a)) > 1 for a in answers),
                "right": sum(a[0][0] == p["lang"] for a, p in zip(answers, paragraphs, strict=True)),
                "total": len(paragraphs),
                "ms": 1000 * seconds / (runs * len(paragraphs)),
            }
        )
    return rows


# --- dates -------------------------------------------------------------------------------------------


def rules_dates(text: str, reference: date) -> list[tuple[str | None, str | None]]:
    from pipeline.match.dates import find_dates

    return [(m.value["start"], m.value["end"]) for m in find_dates(text, reference)]


def dateparser_dates(text: str, reference: date) -> list[tuple[str | None, str | None]]:
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
    }
    found = search_dates(text, languages=["fr"], settings=settings) or []
    return [(d.date().isoformat(), d.date().isoformat()) for _, d in found]


def score(expected: list[str], found: list[tuple[str | None, str | None]]) -> tuple[int, int]:
    """(right, wrong): expected days a found date starts on (or ends on, when open at the start); the rest."""
    days = [start if start is not None else end for start, end in found]
    right = sum(day in days for day in expected)
    return right, len(days) - sum(day in expected for day in days)


def compare_dates(sentences: list[dict]) -> list[dict]:
    """One row per library and set: right dates of the expected ones, wrong ones, ms per sentence."""
    rows = []
    for name, find in (("dateparser 1.5.0", dateparser_dates), ("our date rules", rules_dates)):
        find("le 3 mai 2025", date(2025, 5, 1))  # imports and compiled patterns, before timing
        for part in sorted({s["set"] for s in sentences}):
            chosen = [s for s in sentences if s["set"] == part]
            right = wrong = 0
            times = []
            for s in chosen:
                t0 = time.perf_counter()
                found = find(s["text"], date.fromisoformat(s["reference"]))
                times.append(time.perf_counter() - t0)
                r, w = score(s["expected"], found)
                right, wrong = right + r, wrong + w
            rows.append(
                {
                    "library": name,
                    "set": part,
                    "right": right,
                    "expected": sum(len(s["expected"]) for s in chosen),
                    "wrong": wrong,
                    "sentences": len(chosen),
                    "ms": 1000 * statistics.median(times),
                }
            )
    return rows


def table(languages: list[dict], dates: list[dict], runs: int) -> str:
    lines = [
        f"| languages ({languages[0]['total']} paragraphs, fr/en) | language varies over {runs} runs "
        "| probability varies | right | ms per paragraph |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in languages:
        lines.append(
            f"| {r['library']} | {r['varying']} | {r['varying_probability']} | {r['right']}/{r['total']} "
            f"| {r['ms']:.2f} |"
        )
    lines += [
        "",
        "| dates | set (sentences) | right dates | wrong dates | ms per sentence (median) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in dates:
        lines.append(
            f"| {r['library']} | {r['set']} ({r['sentences']}) | {r['right']}/{r['expected']} | {r['wrong']} "
            f"| {r['ms']:.2f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help=f"only the first {SAMPLE} items of each set (CI)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each paragraph, for determinism (20)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON, not a table")
    args = parser.parse_args(argv)
    size = SAMPLE if args.sample else None
    languages = compare_languages(sample(read("paragraphs.jsonl"), "lang", size), args.runs)
    dates = compare_dates(sample(read("dates.jsonl"), "set", size))
    if args.json:
        print(json.dumps({"runs": args.runs, "languages": languages, "dates": dates}, indent=2))
    else:
        print(table(languages, dates, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
