"""Writing the site: assets, one page per document as the run's entries stream past, then the index.

`ReviewSite` is fed the run's entries one at a time, in path order, as
`write.write_outputs` streams them from the cache: a document's page is
rendered then and there, and so is its row of the index, kept in a
temporary file (`index_page.Index`), so the site costs no memory that grows
with the corpus. Incremental: each page
starts with the digest of what it was drawn from (the record and this
package's code), and a page whose digest is unchanged is not rendered again,
so a run that reprocessed one document out of ten thousand draws one page.
Every file goes through `pipeline.write.atomic_write` (atomic, and untouched
when its content is unchanged); pages come before the index, so the index
never links to a page that is not there yet; pages of documents no longer in
the run are removed last.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from pipeline.errors import RunError
from pipeline.review.document_page import render_document
from pipeline.review.index_page import Index, summarize
from pipeline.review.markup import resource
from pipeline.review.names import page_key, page_name
from pipeline.write import atomic_write, atomic_write_lines, dumps

SITE = "review"  # under the output folder
PAGES = "documents"  # under the site folder
ASSETS = {"assets/review.css": "static/review.css", "assets/review.js": "static/review.js"}
_STAMP = "<!-- drawn from {} -->\n"


def index_path(out: Path) -> Path:
    """Where the site's index is: `<out>/review/index.html`."""
    return Path(out) / SITE / "index.html"


class ReviewSite:
    """`<out>/review/`, written from the run's entries (`{"record": …}` or `{"error": …}`) in one pass.

    Every method raises `RunError` when the site cannot be written (disk full, permissions).
    """

    def __init__(self, out: Path):
        self.site = Path(out) / SITE
        self.pages = self.site / PAGES
        self.names: dict[str, str] = {}  # page name -> record key: ~150 bytes a document
        with _plain_errors(self.site):
            self.pages.mkdir(parents=True, exist_ok=True)
            (self.site / "assets").mkdir(exist_ok=True)
            for leftover in [*self.site.glob(".*.tmp"), *self.site.glob("*/.*.tmp")]:  # from a killed run
                leftover.unlink(missing_ok=True)
            for target, name in ASSETS.items():
                atomic_write(self.site / target, resource(name))
            self.index = Index(self.site)

    def add(self, entry: dict) -> None:
        if "error" in entry:
            with _plain_errors(self.site):
                self.index.add_error(entry["error"])
            return
        record = entry["record"]
        key = page_key(record)
        name = page_name(key)
        if self.names.setdefault(name, key) != key:  # two inputs whose 64-bit path hashes collide: never seen
            raise RunError(f"two documents would share the review page {name}: {self.names[name]} and {key}")
        page = self.pages / name
        stamp = _STAMP.format(_digest(record))
        with _plain_errors(self.site):
            if _first_line(page) != stamp:
                atomic_write(page, stamp + render_document(record))
            self.index.add(summarize(record, name))

    def tap(self, entries: Iterable[dict]) -> Iterator[dict]:
        """`entries`, unchanged, each added to the site as it passes."""
        for entry in entries:
            self.add(entry)
            yield entry

    def finish(self) -> Path:
        """Write the index, remove the pages of documents no longer in the run; returns index.html's path."""
        index = self.site / "index.html"
        with _plain_errors(self.site):
            atomic_write_lines(index, self.index.chunks())
            self.index.close()
            for page in self.pages.glob("*.html"):
                if page.name not in self.names:
                    page.unlink(missing_ok=True)
        return index


def write_review(out: Path, records: Iterable[dict], errors: Iterable[dict]) -> Path:
    """Write `<out>/review/` from records and error records (each read once); returns index.html's path."""
    site = ReviewSite(out)
    for record in records:
        site.add({"record": record})
    for error in errors:
        site.add({"error": error})
    return site.finish()


def _digest(record: dict) -> str:
    return hashlib.sha256((_code_digest() + dumps(record)).encode("utf-8")).hexdigest()


@cache
def _code_digest() -> str:
    """This package's code, templates and assets: a change to how pages are drawn redraws them all."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".html", ".css", ".js"}):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _first_line(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readline()
    except OSError:
        return None


class _plain_errors:
    """An OSError while writing the site becomes a `RunError` that says where (no traceback for users)."""

    def __init__(self, site: Path):
        self.site = site

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, OSError):
            raise RunError(f"cannot write the review site in {self.site}: {exc.strerror or exc}") from None
        return False
