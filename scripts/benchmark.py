"""Where the time goes, as ratios measured in one run (`make bench`).

The machines this runs on are shared and noisy, so every figure is the
median of several repeats, and the conclusions are ratios between figures
measured side by side, not absolute times:

1. each rule component's time as a share of NER's (the rules must cost a
   small fraction of NER);
2. the full spaCy pipeline vs only the components NER needs;
3. PDF reading: pages per second, and its share of a PDF's processing time;
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


def spacy_components(texts: list[str], repeats: int) -> None:
    import spacy

    from pipeline.match.orgs.matcher import find_organisations
    from pipeline.ner import blocks
    from pipeline.ner.mask import mask
    from pipeline.ner.nlp import load_nlp
    from pipeline.settings import SPACY_MODEL

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

    full = spacy.load(SPACY_MODEL)
    full_time = median_time(lambda: list(full.pipe(inputs)), max(1, repeats // 2))
    print(f"full {SPACY_MODEL} pipeline ({len(full.pipe_names)} components) vs NER-only: {full_time / ner:.2f}x slower")


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
    from pipeline.document import Document
    from pipeline.process import process_document
    from pipeline.read.pdf import read_pdf

    if not pdfs:
        print("no PDF in raw/: PDF figures skipped")
        return
    for path in pdfs:
        data = path.read_bytes()
        pages = len(read_pdf(data).pages)
        read = median_time(lambda d=data: read_pdf(d), repeats)
        total = median_time(lambda p=path, d=data: process_document(Document(path=p, rel_path=p.name, data=d)), repeats)
        print(
            f"{path.name}: {pages} pages, read {pages / read:.3g} pages/s, "
            f"reading is {100 * read / total:.0f}% of its processing ({1000 * total / pages:.0f} ms/page in all)"
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
    from pipeline.read.text import read_text

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=ROOT / "raw")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    files = sorted(p for p in args.raw.rglob("*") if p.is_file() and not p.name.startswith("."))
    texts = [read_text(p.read_bytes())[0] for p in files if p.suffix in {".txt", ".md"}]
    print(f"benchmark on {len(files)} files of {args.raw}, medians of {args.repeats} repeats\n")
    spacy_components(texts, args.repeats)
    print()
    language_per_paragraph(texts, args.repeats)
    print()
    pdf_reading([p for p in files if p.suffix == ".pdf"], args.repeats)
    print()
    incremental(args.raw, max(1, args.repeats // 2))


if __name__ == "__main__":
    main()
