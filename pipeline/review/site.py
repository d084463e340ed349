"""Writing the site: assets, one page per document as the run's entries stream past, then the index.

`ReviewSite` is fed the run's entries one at a time, in path order, as
`write.write_outputs` streams them from the cache: a document's page is
rendered then and there, and so is its row of the index, kept in a
temporary file (`index_page.Index`), so the site costs no memory that grows
with the corpus but a few names and digests per document.

Incremental, and self-repairing: `review/.digests.json` lists every file of
the site with the sha256 of its content, and for each page the digest of
what it was drawn from (the record and this package's code). A page is left
alone (byte for byte, same inode) only when it was drawn from the same
record and code AND its content still has the digest written then, so a
deleted or edited page (anywhere in it) is drawn again; a run that
reprocessed one document out of ten thousand draws one page. `intact(out)`
checks the whole site against that list, so that a run with nothing to
process still repairs a deleted page, a deleted `review.js` or an edited
index (`pipeline.run` skips writing only when the site is intact).
Every file goes through `pipeline.write.atomic_write` (atomic, and untouched
when its content is unchanged); pages come before the index, so the index
never links to a page that is not there yet; pages of documents no longer in
the run are removed, and the list of digests is written last.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from pipeline.errors import RunError
from pipeline.review.document_page import display_title, render_document
from pipeline.review.index_page import Index, summarize
from pipeline.review.markup import resource
from pipeline.review.names import page_key, page_name
from pipeline.review.organisations_page import Organisations
from pipeline.review.pdf_pages import render_pages
from pipeline.write import atomic_write, atomic_write_lines, dumps

SITE = "review"  # under the output folder
PAGES = "documents"  # under the site folder
ASSETS = {"assets/review.css": "static/review.css", "assets/review.js": "static/review.js"}
DIGESTS = ".digests.json"  # under the site folder
ORGANISATIONS = "organisations.html"  # every organisation across the corpus, with its documents


def index_path(out: Path) -> Path:
    """Where the site's index is: `<out>/review/index.html`."""
    return Path(out) / SITE / "index.html"


class ReviewSite:
    """`<out>/review/`, written from the run's entries (`{"record": …}` or `{"error": …}`) in one pass.

    Every method raises `RunError` when the site cannot be written (disk full, permissions).
    """

    def __init__(self, out: Path, raw: Path | None = None):
        self.raw = raw  # where PDF pages are rendered from (`pdf_pages`); None: no page images
        self.site = Path(out) / SITE
        self.pages = self.site / PAGES
        self.names: dict[str, str] = {}  # page name -> record key: ~150 bytes a document
        self.previous = _load_digests(self.site)
        self.drawn: dict[str, str] = {}  # page name -> digest of what it is drawn from
        self.images: dict[str, list[str]] = {}  # page name -> its page images (PDFs), under the site
        self.files: dict[str, str] = {}  # path under the site -> sha256 of its content
        with _plain_errors(self.site):
            self.pages.mkdir(parents=True, exist_ok=True)
            (self.site / "assets").mkdir(exist_ok=True)
            for leftover in [*self.site.glob(".*.tmp"), *self.site.glob("*/.*.tmp")]:  # from a killed run
                leftover.unlink(missing_ok=True)
            for target, name in ASSETS.items():
                self._write(target, resource(name))
            self.index = Index(self.site)
            self.organisations = Organisations()

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
        target = f"{PAGES}/{name}"
        source = _digest(record)
        with _plain_errors(self.site):
            files = [target, *self.previous["images"].get(name, [])]
            known = [self.previous["files"].get(f) for f in files]
            if self.previous["drawn"].get(name) == source and all(
                sha and sha == _file_digest(self.site / f) for f, sha in zip(files, known, strict=True)
            ):
                # Drawn from this record by this code, and untouched since, with its images.
                self.files.update(zip(files, known, strict=True))
                if files[1:]:
                    self.images[name] = files[1:]
            else:
                rendered = render_pages(self.raw, record, name.removesuffix(".html"))
                for image in rendered.images.values():
                    self._write(f"{PAGES}/{image.name}", image.data)
                if rendered.images:
                    self.images[name] = [f"{PAGES}/{image.name}" for image in rendered.images.values()]
                self._write(target, render_document(record, rendered))
            self.drawn[name] = source
            self.index.add(summarize(record, name))
            self.organisations.add(record, name, display_title(record))

    def tap(self, entries: Iterable[dict]) -> Iterator[dict]:
        """`entries`, unchanged, each added to the site as it passes."""
        for entry in entries:
            self.add(entry)
            yield entry

    def finish(self) -> Path:
        """Write the index, remove the pages of documents no longer in the run; returns index.html's path."""
        index = self.site / "index.html"
        with _plain_errors(self.site):
            self._write(ORGANISATIONS, self.organisations.render())
            h = hashlib.sha256()
            atomic_write_lines(index, _hashed(self.index.chunks(sorted(self.organisations.by_name)), h))
            self.files["index.html"] = h.hexdigest()
            self.index.close()
            for page in self.pages.iterdir():  # pages and images of documents no longer in the run
                if f"{PAGES}/{page.name}" not in self.files and page.is_file():
                    page.unlink(missing_ok=True)
            digests = {
                "code": _code_digest(),
                "drawn": self.drawn,
                "images": self.images,
                "files": dict(sorted(self.files.items())),
            }
            atomic_write(self.site / DIGESTS, json.dumps(digests, sort_keys=True, indent=0) + "\n")
        return index

    def _write(self, target: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        atomic_write(self.site / target, data)
        self.files[target] = hashlib.sha256(data).hexdigest()


def intact(out: Path) -> bool:
    """Whether `<out>/review/` is what the last run wrote, as far as this code draws it: every file it listed
    there with the content it had, and no other page. Reads every file (a few ms per thousand pages)."""
    site = Path(out) / SITE
    digests = _load_digests(site)
    if digests["code"] != _code_digest() or "index.html" not in digests["files"]:
        return False
    try:
        pages = {p.name for p in (site / PAGES).iterdir()}
    except OSError:
        return False
    if pages != {name.split("/", 1)[1] for name in digests["files"] if name.startswith(PAGES + "/")}:
        return False
    return all(_file_digest(site / name) == sha for name, sha in digests["files"].items())


def write_review(out: Path, records: Iterable[dict], errors: Iterable[dict], raw: Path | None = None) -> Path:
    """Write `<out>/review/` from records and error records (each read once); returns index.html's path.
    With `raw`, the folder the records were made from, PDF pages are shown as images."""
    site = ReviewSite(out, raw)
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


def _file_digest(path: Path) -> str | None:
    """sha256 of a file's content; None when it cannot be read (missing, a folder...)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _hashed(chunks: Iterable[str], h) -> Iterator[str]:
    for chunk in chunks:
        h.update(chunk.encode("utf-8"))
        yield chunk


def _load_digests(site: Path) -> dict:
    """What the last run wrote (`.digests.json`); anything unreadable or of the wrong shape is nothing."""
    empty = {"code": None, "drawn": {}, "images": {}, "files": {}}
    try:
        digests = json.loads((site / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(digests, dict) or set(digests) != set(empty):
        return empty
    drawn, images, files = digests["drawn"], digests["images"], digests["files"]
    if not (isinstance(drawn, dict) and isinstance(images, dict) and isinstance(files, dict)):
        return empty
    if not all(isinstance(v, str) for v in [*drawn.values(), *files.values()]):
        return empty
    if not all(isinstance(v, list) and all(isinstance(f, str) for f in v) for v in images.values()):
        return empty
    return digests


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
