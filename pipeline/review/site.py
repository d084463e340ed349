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
As git's index does, `review/.stat.json` keeps each file's (size, mtime_ns)
as last written or checked: a file whose stat is unchanged is not read
again, so a no-op run over 10,000 documents stats files instead of hashing
megabytes. A file whose mtime is not older than `.stat.json` itself is
"racy" (it may have been edited within the clock tick of the last write)
and is hashed anyway; an edit that keeps both size and mtime (`touch -r`)
is not seen, as in git. The stats live apart from `.digests.json` so that
the digests stay byte-identical from run to run and machine to machine; a
missing or unreadable `.stat.json` only means every file is hashed.
Every file goes through `pipeline.write.atomic_write` (atomic, and untouched
when its content is unchanged); pages come before the index, so the index
never links to a page that is not there yet; pages of documents no longer in
the run are removed, and the list of digests is written last.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
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
from pipeline.write import atomic_write, atomic_write_lines, dumps, hashed

SITE = "review"  # under the output folder
PAGES = "documents"  # under the site folder
ASSETS = {"assets/review.css": "static/review.css", "assets/review.js": "static/review.js"}
DIGESTS = ".digests.json"  # under the site folder
STATS = ".stat.json"  # under the site folder: each file's (size, mtime_ns), a cache local to this disk
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
        # Page name -> (digest of what it is drawn from, of its content, ((image, digest), ...)): raw digests
        # keyed by the same string objects as `names`: ~250 bytes a document (hex strings in a dict of files took 700).
        digests = _load_digests(self.site)
        self.previous, self.drawn = digests["pages"], {}
        self.early: dict[str, tuple] = {}  # pages drawn by `draw` before their entry streams past
        self.stats = _Stats(self.site)  # files whose (size, mtime_ns) says they are as written
        self.files: dict[str, str] = {}  # the site's other files (assets, index...) -> sha256 (hex)
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
        source = _digest(record)
        with _plain_errors(self.site):
            known = self.previous.pop(name, None)  # let go as it is replaced: one copy of the digests at a time
            early = self.early.pop(name, None)
            if early and early[0] == source:
                self.drawn[name] = early  # drawn by `draw` from this very record while the run was processing
            elif known and known[0] == source and self.stats.same_page(name, known):
                self.drawn[name] = known  # drawn from this record by this code, and untouched since, with its images
            else:
                self.drawn[name] = self._draw_page(record, name, source)
            self.index.add(summarize(record, name))
            self.organisations.add(record, name, display_title(record))

    def draw(self, record: dict) -> None:
        """Draw the page of a record just made, while the workers make the others; `add` then only adds its row.

        The run calls this as each document is done, so that pages are drawn while the parent would
        otherwise wait on its workers, not after them: drawing 1,000 short documents' pages took 4.3 s of
        the parent's time, all of it after the last document before this. `add` keeps a page drawn here
        only when its record is the one streamed (a near-duplicate found at the end changes the record,
        and its page is drawn again). An unchanged page, as the last run left it, is not drawn again.
        """
        name = page_name(page_key(record))
        source = _digest(record)
        with _plain_errors(self.site):
            known = self.previous.get(name)
            if known and known[0] == source and self.stats.same_page(name, known):
                return  # `add` keeps it
            self.early[name] = self._draw_page(record, name, source)

    def _draw_page(self, record: dict, name: str, source: bytes) -> tuple:
        rendered = render_pages(self.raw, record, name.removesuffix(".html"))
        images = tuple((image.name, self._write_page(image.name, image.data)) for image in rendered.images.values())
        page = self._write_page(name, render_document(record, rendered).encode("utf-8"))
        return (source, page, images)

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
            atomic_write_lines(index, hashed(self.index.chunks(sorted(self.organisations.by_name)), h))
            self.files["index.html"] = h.hexdigest()
            self.stats.written("index.html")
            self.index.close()
            kept = _listed(self.drawn)  # a page drawn early for a record that did not stream past is removed
            for page in self.pages.iterdir():  # pages and images of documents no longer in the run
                if page.name not in kept and page.is_file():
                    page.unlink(missing_ok=True)
            pages = {
                name: [source.hex(), page.hex(), [[image, sha.hex()] for image, sha in images]]
                for name, (source, page, images) in sorted(self.drawn.items())
            }
            listed = [*self.files, *(f"{PAGES}/{name}" for name in _listed(self.drawn))]
            digests = {
                "code": _code_digest(),
                "pages": pages,
                "files": dict(sorted(self.files.items())),
            }
            atomic_write(self.site / DIGESTS, json.dumps(digests, sort_keys=True, indent=0) + "\n")
            known = {f: list(self.stats.fresh[f]) for f in sorted(listed) if f in self.stats.fresh}
            # Last, so that it is the oldest; not synced: a lost list of stats only means files are hashed.
            atomic_write(self.site / STATS, json.dumps(known, separators=(",", ":")) + "\n", durable=False)
        return index

    def _write(self, target: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        atomic_write(self.site / target, data)
        self.files[target] = hashlib.sha256(data).hexdigest()
        self.stats.written(target)

    def _write_page(self, name: str, data: bytes) -> bytes:
        # Not synced to disk: a page lost in a crash is drawn again by the next run (`intact`, `same_page`).
        atomic_write(self.pages / name, data, durable=False)
        self.stats.written(f"{PAGES}/{name}")
        return hashlib.sha256(data).digest()


class _Stats:
    """(size, mtime_ns) of the site's files as the last run left them, to skip hashing unchanged files."""

    def __init__(self, site: Path):
        self.site, self._prefix = site, f"{os.fspath(site)}/"  # a string join: `Path /` took a third of `intact`
        self.known, self.since = _load_stats(site)  # since: mtime_ns of the list; files not older are racy
        self.fresh: dict[str, tuple[int, int]] = {}  # files written or checked by this run
        self.hashed = 0  # files read to check them (for tests and measurements)

    def _stat(self, rel: str) -> tuple[int, int] | None:
        try:
            st = os.stat(self._prefix + rel)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None

    def same(self, rel: str, sha: bytes) -> bool:
        """Whether `rel` still holds the content whose digest is `sha`: by its stat when it can tell."""
        now = self._stat(rel)
        if now is None:
            return False
        known = self.known.get(rel)
        if known == now and self.since is not None and now[1] < self.since:
            self.fresh[rel] = now
            return True
        self.hashed += 1
        if _file_sha(self.site / rel) != sha:
            return False
        self.fresh[rel] = now  # stat taken before reading: an edit during the read changes it again
        return True

    def same_page(self, name: str, known: tuple) -> bool:
        """Whether a page and its images still have the content they were written with."""
        _, page, images = known
        return self.same(f"{PAGES}/{name}", page) and all(self.same(f"{PAGES}/{i}", sha) for i, sha in images)

    def written(self, rel: str) -> None:
        if (now := self._stat(rel)) is not None:
            self.fresh[rel] = now


def _listed(pages: dict) -> set[str]:
    """The file names under documents/ that `pages` accounts for: each page and its images."""
    return set(pages) | {image for _, _, images in pages.values() for image, _ in images}


def intact(out: Path) -> bool:
    """Whether `<out>/review/` is what the last run wrote, as far as this code draws it: every file it listed
    there with the content it had, and no other page. Stats every file and reads only those whose size or
    mtime changed (or racy ones): 59 ms instead of 128 ms for 2,000 pages (19 MB) in the page cache, and
    no reads at all from a cold disk (`tests/test_review_intact.py`)."""
    site = Path(out) / SITE
    digests = _load_digests(site)
    if digests["code"] != _code_digest() or "index.html" not in digests["files"]:
        return False
    stats = _Stats(site)
    try:
        present = {p.name for p in (site / PAGES).iterdir()}
    except OSError:
        return False
    if present != _listed(digests["pages"]):
        return False
    if not all(stats.same_page(name, known) for name, known in digests["pages"].items()):
        return False
    return all(stats.same(name, bytes.fromhex(sha)) for name, sha in digests["files"].items())


def write_review(out: Path, records: Iterable[dict], errors: Iterable[dict], raw: Path | None = None) -> Path:
    """Write `<out>/review/` from records and error records (each read once); returns index.html's path.
    With `raw`, the folder the records were made from, PDF pages are shown as images."""
    site = ReviewSite(out, raw)
    for record in records:
        site.add({"record": record})
    for error in errors:
        site.add({"error": error})
    return site.finish()


def _digest(record: dict) -> bytes:
    return hashlib.sha256((_code_digest() + dumps(record)).encode("utf-8")).digest()


@cache
def _code_digest() -> str:
    """This package's code, templates and assets: a change to how pages are drawn redraws them all."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".html", ".css", ".js"}):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _file_sha(path: Path) -> bytes | None:
    """sha256 of a file's content; None when it cannot be read (missing, a folder...)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").digest()
    except OSError:
        return None


def _load_digests(site: Path) -> dict:
    """What the last run wrote (`.digests.json`), pages as raw digests; anything unreadable or of the wrong
    shape is nothing (every page is then drawn again)."""
    empty = {"code": None, "pages": {}, "files": {}}
    try:
        digests = json.loads((site / DIGESTS).read_text(encoding="utf-8"))
        if not isinstance(digests, dict) or set(digests) != set(empty):
            return empty
        files = digests["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) and "/.." not in k for k, v in files.items()):
            return empty
        pages = {}
        for name, (source, page, images) in digests["pages"].items():
            if "/" in name or name.startswith("."):
                return empty
            listed = tuple((str(image), bytes.fromhex(sha)) for image, sha in images)
            if any("/" in image or image.startswith(".") for image, _ in listed):
                return empty
            pages[name] = (bytes.fromhex(source), bytes.fromhex(page), listed)
        return {"code": digests["code"], "pages": pages, "files": files}
    except (OSError, ValueError, TypeError, AttributeError):  # unreadable, not JSON, or not of this shape
        return empty


def _load_stats(site: Path) -> tuple[dict[str, tuple[int, int]], int | None]:
    """`.stat.json` and its mtime_ns; nothing (every file hashed) when it is missing or of the wrong shape."""
    try:
        path = site / STATS
        since = path.stat().st_mtime_ns
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {str(k): (size, mtime) for k, (size, mtime) in raw.items()}
        if all(isinstance(size, int) and isinstance(mtime, int) for size, mtime in known.values()):
            return known, since
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    return {}, None


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
