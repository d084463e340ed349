"""Where the time goes, as ratios measured in one run (`make bench`).

The machines this runs on are shared and noisy, so every figure is the
median of several repeats, and the conclusions are ratios between figures
measured side by side, not absolute times:

1. each rule component's time as a share of NER's (the rules must cost a
   small fraction of NER; the amount matcher at most 5 %, the dates at most
   15 %, the tense of their clauses included), and the same for the
   whole-document steps (organisation rules, monetary locale, text tables);
2. the full spaCy pipeline vs only the components NER needs;
3. PDF reading: pages per second, its share of a PDF's processing time, and
   table detection's share (it must stay under 10 % on a PDF without tables);
4. a cold CLI run vs a re-run with nothing changed (incrementality);
5. the language of each paragraph (`language.block_languages`) against the
   whole analysis of the same French-only texts (the issue's budget: 5 %).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def spacy_components(texts: list[str], references: list, repeats: int) -> None:
    import spacy

    from pipeline.match.amounts import detect_locale
    from pipeline.match.dates import find_dates
    from pipeline.match.orgs.matcher import find_organisations
    from pipeline.ner import blocks
    from pipeline.ner.mask import mask
    from pipeline.ner.nlp import load_nlp, tense_reader
    from pipeline.settings import SPACY_MODEL
    from pipeline.tables.text_tables import find_text_tables

    nlp = load_nlp()
    masked = [mask(t) for t in texts]
    inputs = [m[s:e] for m in masked for s, e in blocks(m)]
    chars = sum(map(len, inputs))
    rules = [n for n in nlp.pipe_names if n != "ner"]

    def ner_only():
        with nlp.select_pipes(disable=rules):
            return list(nlp.pipe(inputs))

    ner = median_time(ner_only, repeats)
    speed = chars / ner / 1000
    print(f"NER alone: {ner:.2f} s for {chars:,} characters in {len(inputs)} paragraphs ({speed:.0f} k chars/s)")
    # Each rule component timed on its own, on the docs NER produced: differences of two noisy
    # whole-pipeline timings would mostly measure the machine's load.
    docs = ner_only()
    for name in rules:
        component = nlp.get_pipe(name)

        def apply(component=component):
            for doc in docs:
                doc._.matches = None
                component(doc)

        print(f"  {name}: {100 * median_time(apply, repeats) / ner:.1f}% of NER time")

    orgs = median_time(lambda: [find_organisations(m) for m in masked], repeats)
    print(f"  organisation rules (whole documents): {100 * orgs / ner:.1f}% of NER time")
    locale = median_time(lambda: [detect_locale(t) for t in texts], repeats)
    print(f"  monetary locale (whole documents): {100 * locale / ner:.1f}% of NER time")
    tables = median_time(lambda: [find_text_tables(t) for t in texts], repeats)
    print(f"  text tables (whole documents): {100 * tables / ner:.1f}% of NER time")
    # Dates run once per document, anchored on its publication date, with the tense of the clauses
    # that need it (the morphologizer on those sentences only).
    tense = tense_reader()
    pairs = list(zip(masked, references, strict=True))
    dates = median_time(lambda: [find_dates(m, r, tense=tense) for m, r in pairs], repeats)
    rules_only = median_time(lambda: [find_dates(m, r) for m, r in pairs], repeats)
    print(
        f"  date rules (whole documents, tense included): {100 * dates / ner:.1f}% of NER time "
        f"(rules {100 * rules_only / ner:.1f}%, tense {100 * (dates - rules_only) / ner:.1f}%)"
    )

    full = spacy.load(SPACY_MODEL)
    full_time = median_time(lambda: list(full.pipe(inputs)), max(1, repeats // 2))
    print(f"full {SPACY_MODEL} pipeline ({len(full.pipe_names)} components) vs NER-only: {full_time / ner:.2f}x slower")


class _Stopwatch:
    """Wraps a function of a module and adds up the time spent in it, to time a step where it is called."""

    def __init__(self, module, name: str):
        self.module, self.name, self.seconds = module, name, 0.0
        self.original = getattr(module, name)

    def __enter__(self):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


def language_per_paragraph(texts: list[str], repeats: int) -> None:
    from pipeline.language import block_languages, detect_language
    from pipeline.ner import find_entities

    french = [t for t in texts if detect_language(t)["code"] == "fr"]
    if not french:
        print("no French text: per-paragraph language skipped")
        return
    blocks = sum(len(block_languages(t)) for t in french)
    per_block = median_time(lambda: [block_languages(t) for t in french], repeats)
    analysis = median_time(lambda: [find_entities(t) for t in french], repeats)
    print(
        f"language per paragraph: {1000 * per_block:.0f} ms for {blocks} blocks of {len(french)} French texts, "
        f"{100 * per_block / (analysis + per_block):.1f}% of their analysis (entities {analysis:.2f} s)"
    )


def pdf_reading(pdfs: list[Path], repeats: int) -> None:
    """Pages per second, reading's share of a PDF's processing, and table detection's share.

    Table detection is timed where the reader calls it (the per-page test, and pdfplumber on the pages
    it selects), during the same processing runs: a difference of two noisy totals would mostly measure
    the machine's load. On a PDF without tables it must stay under 10 % of the processing time.
    """
    from pipeline.document import Document
    from pipeline.process import process_document
    from pipeline.read import pdf as pdf_module
    from pipeline.read.pdf import read_pdf

    if not pdfs:
        print("no PDF in raw/: PDF figures skipped")
        return
    for path in pdfs:
        data = path.read_bytes()
        first = read_pdf(data)
        pages, tables = len(first.pages), len(first.tables)
        read = median_time(lambda d=data: read_pdf(d), repeats)
        with _Stopwatch(pdf_module, "page_signs") as signs, _Stopwatch(pdf_module, "find_tables") as finder:
            total = median_time(
                lambda p=path, d=data: process_document(Document(path=p, rel_path=p.name, data=d)), repeats
            )
        detection = (signs.seconds + finder.seconds) / repeats
        print(
            f"{path.name}: {pages} pages, read {pages / read:.3g} pages/s, "
            f"reading is {100 * read / total:.0f}% of its processing ({1000 * total / pages:.0f} ms/page in all); "
            f"{tables} table(s), table detection {1000 * detection:.2f} ms, {100 * detection / total:.2f}% of it"
        )


def incremental(raw: Path, repeats: int) -> None:
    def cli(out: Path) -> float:
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out)]
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        cold, warm = [], []
        for i in range(repeats):
            out = Path(tmp) / f"out{i}"
            cold.append(cli(out))
            warm.append(cli(out))
            shutil.rmtree(out)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"CLI on raw/: cold run {c:.1f} s, re-run with nothing changed {w:.2f} s: {100 * w / c:.1f}% of a cold run")


def main() -> None:
    from pipeline.document import Document
    from pipeline.read.text import read_text
    from pipeline.reference import add_published

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=ROOT / "raw")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    files = sorted(p for p in args.raw.rglob("*") if p.is_file() and not p.name.startswith("."))
    texts = {p: read_text(p.read_bytes())[0] for p in files if p.suffix in {".txt", ".md"}}
    references = [add_published(Document(path=p, rel_path=p.name, text=t)).reference for p, t in texts.items()]
    print(f"benchmark on {len(files)} files of {args.raw}, medians of {args.repeats} repeats\n")
    spacy_components(list(texts.values()), references, args.repeats)
    print()
    language_per_paragraph(list(texts.values()), args.repeats)
    print()
    pdf_reading([p for p in files if p.suffix == ".pdf"], args.repeats)
    print()
    incremental(args.raw, max(1, args.repeats // 2))


if __name__ == "__main__":
    main()
