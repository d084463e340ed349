"""Writing the site: assets, one page per document, the index, then pruning.

Every file goes through `pipeline.write.atomic_write`, which replaces a file
atomically and leaves it alone when its content is unchanged: a re-run
rewrites only the pages of documents whose record changed (a page depends on
its record only), and a run killed midway leaves every file complete. Pages
are written before the index, so the index never links to a page that is not
there yet; pages of documents no longer in the run are removed last.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import RunError
from pipeline.review.document_page import render_document
from pipeline.review.index_page import render_index, summarize
from pipeline.review.markup import resource
from pipeline.review.names import page_key, page_name
from pipeline.write import atomic_write

SITE = "review"  # under the output folder
PAGES = "documents"  # under the site folder
ASSETS = {"assets/review.css": "static/review.css", "assets/review.js": "static/review.js"}


def index_path(out: Path) -> Path:
    """Where `write_review(out, ...)` puts the index: `<out>/review/index.html`."""
    return Path(out) / SITE / "index.html"


def write_review(out: Path, records: Iterable[dict], errors: Iterable[dict]) -> Path:
    """Write `<out>/review/` from the run's records and errors (each read once); returns index.html's path.

    Raises `RunError` when the site cannot be written (disk full, permissions), after the run's
    other outputs are safely on disk.
    """
    site = Path(out) / SITE
    try:
        return _write(site, records, errors)
    except OSError as e:
        raise RunError(f"cannot write the review site in {site}: {e.strerror or e}") from None


def _write(site: Path, records: Iterable[dict], errors: Iterable[dict]) -> Path:
    pages = site / PAGES
    pages.mkdir(parents=True, exist_ok=True)
    (site / "assets").mkdir(exist_ok=True)
    for leftover in [*site.glob(".*.tmp"), *site.glob("*/.*.tmp")]:  # from a run killed while writing
        leftover.unlink(missing_ok=True)
    for target, name in ASSETS.items():
        atomic_write(site / target, resource(name))

    summaries, names = [], {}
    for record in records:
        key = page_key(record)
        name = page_name(key)
        if names.setdefault(name, key) != key:  # two inputs whose 64-bit path hashes collide: never seen
            raise RunError(f"two documents would share the review page {name}: {names[name]} and {key}")
        atomic_write(pages / name, render_document(record))
        summaries.append(summarize(record, name))

    index = site / "index.html"
    atomic_write(index, render_index(summaries, errors))
    for page in pages.glob("*.html"):
        if page.name not in names:
            page.unlink(missing_ok=True)
    return index
