"""A PDF document's pages as images, with each entity's box on them, as Docling's layout view shows them.

pypdfium2 (already the PDF reader) renders each page to a PNG beside the document's page
(`documents/<page>-p<N>.png`); the page draws each entity's `bbox` (PDF points, y upwards, as the
record gives it) over the image as a box in percentages of the page, so it holds at any size.
Images are made with the page, so only for a document whose record changed (or whose images
were deleted or damaged): a run that reprocessed nothing renders nothing.

The bytes rendered are the bytes the record was made from: the file is opened once without
following a link, must be a regular file, and its sha256 must be the record's `source.sha256`
(a file changed or swapped since is not shown, and the page says so). Limits keep a hostile PDF
from costing the run: at most `MAX_PAGES` pages, each at most `MAX_PIXELS` pixels (a poster-sized
page is rendered smaller), and any failure of the renderer loses that page's image only.
Measured on the demo PDFs (machine loaded, load average 9 on 2 cores): 140 to 280 ms per page to render
and encode, 160 to 230 KB per page.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.names import raw_name

SCALE = 1.25  # 90 dpi: an A4 page is 744 × 1053 pixels, legible beside its text
MAX_PIXELS = 4_000_000
MAX_PAGES = 60


@dataclass
class Box:
    """An entity's box on a page image, in percent of the page's width and height."""

    label: str
    start: int
    left: float
    top: float
    width: float
    height: float
    title: str


@dataclass
class PageImage:
    name: str  # file name, beside the document's page
    data: bytes  # PNG
    width: int  # pixels
    height: int
    boxes: list[Box] = field(default_factory=list)


@dataclass
class Rendered:
    images: dict[int, PageImage]  # page number -> its image
    note: str = ""  # why some or all pages have no image


def render_pages(raw: Path | None, record: dict, stem: str) -> Rendered:
    """The images of a PDF record's pages; none for other formats or without the raw folder."""
    source = record.get("source") or {}
    if raw is None or source.get("format") != "pdf" or not source.get("path"):
        return Rendered({})
    data = _read_checked(Path(raw), source)
    if data is None:
        return Rendered({}, "The page images are not shown: the file changed or cannot be read since it was processed.")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # PDFium's errors on a hostile file: the text is still shown
        return Rendered({}, "The page images are not shown: the PDF cannot be rendered.")
    images, failed = {}, []
    try:
        count = len(pdf)
        by_page: dict[int, list[dict]] = {}
        for e in record.get("entities") or []:
            if isinstance(e.get("page"), int) and e.get("bbox"):
                by_page.setdefault(e["page"], []).append(e)
        for number in range(1, min(count, MAX_PAGES) + 1):
            try:
                images[number] = _render(pdf, number, f"{stem}-p{number}.png", by_page.get(number, []))
            except Exception:
                failed.append(number)
    finally:
        pdf.close()
    notes = []
    if count > MAX_PAGES:
        notes.append(f"Only the first {MAX_PAGES} of {count} pages are shown as images.")
    if failed:
        notes.append(f"Page(s) {', '.join(map(str, failed))} could not be rendered.")
    return Rendered(images, " ".join(notes))


def _read_checked(raw: Path, source: dict) -> bytes | None:
    """The file's bytes if they are still those the record was made from; None otherwise."""
    rel = os.fsdecode(raw_name(source["path"]))
    if rel.startswith("/") or ".." in Path(rel).parts:
        return None
    limit = source.get("bytes")
    try:
        fd = os.open(raw / rel, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (isinstance(limit, int) and info.st_size != limit):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if hashlib.sha256(data).hexdigest() == source.get("sha256") else None


def _render(pdf, number: int, name: str, entities: list[dict]) -> PageImage:
    page = pdf[number - 1]
    try:
        left, bottom, right, top = page.get_cropbox()
        width, height = right - left, top - bottom
        scale = min(SCALE, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
        bitmap = page.render(scale=scale)
        try:
            image = bitmap.to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            size = image.size
        finally:
            bitmap.close()
        boxes = [] if page.get_rotation() else _boxes(entities, left, bottom, width, height)
    finally:
        page.close()
    return PageImage(name, buffer.getvalue(), size[0], size[1], boxes)


def _boxes(entities: list[dict], left: float, bottom: float, width: float, height: float) -> list[Box]:
    from pipeline.review.values import short_value

    boxes = []
    for e in entities:
        x0, y0, x1, y1 = e["bbox"]
        box_left, box_top = (x0 - left) / width * 100, (bottom + height - y1) / height * 100
        box_width, box_height = (x1 - x0) / width * 100, (y1 - y0) / height * 100
        if not (-1 <= box_left <= 101 and -1 <= box_top <= 101 and box_width > 0 and box_height > 0):
            continue
        value = short_value(e["label"], e.get("value"))
        title = f"{e['label']}: {e.get('text', '')}" + (f" → {value}" if value else "")
        boxes.append(
            Box(e["label"], e["start"], *(round(v, 3) for v in (box_left, box_top, box_width, box_height)), title)
        )
    return boxes
