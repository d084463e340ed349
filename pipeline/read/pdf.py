"""Read a PDF press release: its text in reading order, its metadata, and a page and box for any span of it.

The engine is pypdfium2 (PDFium): fast, permissive licence, and exact character
boxes. pdfplumber is not used for the text: it was measured at 13 pages/s against
about 1,000 for PDFium's plain text dump, and it interleaves two-column text; it
only reads the cells of tables, on the pages that show signs of one (`pdf_tables.py`).

A PDF is untrusted input, so every PDFium failure becomes a `PdfError` with a
plain message, and the work is bounded: at most `MAX_PAGES` pages and
`max_chars_per_page` characters a page are read (a warning says so).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read import ocr as tesseract
from pipeline.read.pdf_chars import page_segments
from pipeline.read.pdf_guard import check_streams
from pipeline.read.pdf_layout import Line, Segment, reading_order, running_lines, settings
from pipeline.read.pdf_tables import PdfTable, find_tables, page_signs
from pipeline.read.pdf_text import build
from pipeline.ruledata import load

MAX_PAGES = 2000  # more is not a press release: the rest is skipped with a warning


class PdfError(Exception):
    """A PDF that cannot be read at all; the message is meant for the user."""


class EncryptedPdfError(PdfError):
    """The PDF needs a user password to be opened."""


class DamagedPdfError(PdfError):
    """The file is not a PDF, or its structure is broken beyond repair."""


_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: (EncryptedPdfError, "encrypted PDF: a password is required"),
    pdfium_c.FPDF_ERR_SECURITY: (EncryptedPdfError, "encrypted PDF: its security handler is not supported"),
    pdfium_c.FPDF_ERR_FORMAT: (DamagedPdfError, "damaged PDF: not a PDF, or truncated, or its structure is broken"),
    pdfium_c.FPDF_ERR_FILE: (DamagedPdfError, "damaged PDF: the file cannot be read"),
    # PDFium refuses an empty page tree without an error code
    pdfium_c.FPDF_ERR_SUCCESS: (PdfError, "PDF has no pages"),
}


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)|/ObjStm")  # a page, or objects packed where a regex cannot see
_EMPTY_TREE = re.compile(rb"/Count\s+0\b")


@dataclass
class PdfText:
    """What the pipeline needs from a PDF; `text` is what every offset indexes."""

    text: str
    pages: list[dict]  # [{"page": 1-based, "start": int, "end": int}]
    metadata: dict  # {"page_count", "title", "author", "created"}
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    needs_ocr: bool = False  # some page was meant for OCR: the text depends on Tesseract, installed or not
    removed_lines: list[dict] = field(default_factory=list)  # running headers, footers and page numbers
    unread_pages: list[int] = field(default_factory=list)  # pages left out (no text layer and no OCR, or broken)
    char_pages: object = field(default=None, repr=False)  # array: 1-based page of each character of text, 0 if none
    char_boxes: object = field(default=None, repr=False)  # array: x0, y0, x1, y1 per character of text, NaN if none
    tables: list[PdfTable] = field(default_factory=list)  # pdfplumber's tables, on pages that show signs of one


def locate(pdf: PdfText, start: int, end: int) -> tuple[int, list[float]] | None:
    """The page and box (PDF points, union of its characters' boxes) of text[start:end], or None if it has none.

    A span that crosses a page break is located on the page of its first boxed character.
    """
    if pdf.char_pages is None:
        return None
    page, box = 0, [math.inf, math.inf, -math.inf, -math.inf]
    for i in range(max(start, 0), min(end, len(pdf.text))):
        p = pdf.char_pages[i]
        x0, y0, x1, y1 = pdf.char_boxes[4 * i : 4 * i + 4]
        if not p or math.isnan(x0) or (page and p != page):
            continue
        page = p
        box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    return (page, [round(v, 2) for v in box]) if page else None


def read_pdf(data: bytes, *, ocr: bool = True) -> PdfText:
    """Read a PDF from its bytes; raises `PdfError` when no page can be read."""
    check_streams(data)  # a compression bomb is an error here, not a worker that PDFium aborts
    doc = _open(data)
    try:
        warnings: list[str] = []
        count = len(doc)
        if count == 0:
            raise PdfError("PDF has no pages")
        if count > MAX_PAGES:
            warnings.append(f"the PDF has {count} pages; only the first {MAX_PAGES} were read")
        if b"%%EOF" not in data[-2048:]:
            warnings.append("the file seems truncated (it has no end-of-file marker): some text may be missing")
        ocr_pages: list[int] = []  # pages OCR'd
        wanted: list[int] = []  # pages meant for OCR, OCR'd or not
        pages, unread, unmapped, signs = _read_pages(doc, min(count, MAX_PAGES), ocr, warnings, ocr_pages, wanted)
        metadata = _metadata(doc, count)
    finally:
        doc.close()
    tables = _tables(data, signs, warnings)
    if unmapped:
        pages_list = ", ".join(str(p) for p in sorted(unmapped))
        warnings.append(
            f"{sum(unmapped.values())} characters on page(s) {pages_list} could not be mapped to text "
            "(the PDF's fonts lack a Unicode map); they appear as \ufffd"
        )
    removed, lines = _remove_running(pages)
    built = build(lines)
    spans, end = [], 0
    for number, _, _ in pages:  # a page without text gets an empty span where it would be
        start, end = built.page_spans.get(number, (end, end))
        spans.append({"page": number, "start": start, "end": end})
    return PdfText(
        text=built.text,
        pages=spans,
        metadata=metadata,
        warnings=warnings,
        ocr_pages=ocr_pages,
        needs_ocr=bool(wanted) and ocr,
        removed_lines=removed,
        unread_pages=unread,
        char_pages=built.pages,
        char_boxes=built.boxes,
        tables=tables,
    )


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data:
        raise DamagedPdfError("damaged PDF: the file is empty")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = e.err_code
        if code == pdfium_c.FPDF_ERR_FORMAT and _EMPTY_TREE.search(data) and not _PAGE_OBJECT.search(data):
            # PDFium does not set its error code for an empty page tree, so a stale one may show: look for pages
            code = pdfium_c.FPDF_ERR_SUCCESS
        kind, message = _LOAD_ERRORS.get(code, (DamagedPdfError, f"damaged PDF: {e}"))
        raise kind(message) from None
    except Exception as e:  # anything PDFium's bindings raise on hostile input
        raise DamagedPdfError(f"damaged PDF: {e}") from None


def _read_pages(doc, count: int, use_ocr: bool, warnings: list[str], ocr_pages: list[int], wanted: list[int]):
    """Segments of each page, OCR'd when a page has images but no text layer, and the pages that may hold tables.

    Fills `ocr_pages` with the pages OCR'd and `wanted` with those that needed OCR, done or not.
    """
    s = settings()
    pages: list[tuple[int, list[Segment], float]] = []
    unread, unmapped, rotated, signs = [], {}, {}, {}
    for index in range(count):
        number = index + 1
        try:
            page = doc[index]
            height = page.get_height()
            textpage = page.get_textpage()
            chars = page_segments(textpage, s["max_chars_per_page"])
            textpage.close()
            if chars.unmapped:
                unmapped[number] = chars.unmapped
            if chars.rotated:
                rotated[number] = chars.rotated
            segments = chars.segments
            garbled = chars.unmapped > max(chars.letters, s["ocr_min_chars"])  # fonts without a Unicode map
            if (chars.letters < s["ocr_min_chars"] and _has_image(page)) or garbled:
                wanted.append(number)
                reason = "OCR is turned off" if not use_ocr else tesseract.unavailable()
                if reason and garbled:
                    warnings.append(f"page {number} has unreadable fonts and could not be OCR'd: {reason}")
                elif reason:
                    warnings.append(f"page {number} has no text layer (a scan?) and was not read: {reason}")
                    unread.append(number)
                else:
                    segments = tesseract.ocr_page(page, s["ocr_dpi"])
                    ocr_pages.append(number)
                    unmapped.pop(number, None)
            elif found := page_signs(page, segments):
                signs[number] = found
            page.close()
        except PdfError:
            raise
        except Exception as e:  # one broken page must not lose the others
            warnings.append(f"page {number} could not be read ({e})")
            unread.append(number)
            continue
        pages.append((number, segments, height))
    if not pages:
        raise DamagedPdfError("damaged PDF: no page could be read")
    if rotated:
        warnings.append(
            f"{sum(rotated.values())} characters of turned text (watermarks, vertical margin lines) on page(s) "
            f"{', '.join(map(str, rotated))} were left out"
        )
    return pages, unread, unmapped, signs


def _tables(data: bytes, signs: dict, warnings: list[str]) -> list[PdfTable]:
    """pdfplumber's tables on the pages that show signs of one; a failure there loses no text."""
    if not signs:
        return []
    try:
        return find_tables(data, signs)
    except Exception as e:  # pdfplumber on a hostile file: the text is already read
        warnings.append(f"tables on page(s) {', '.join(map(str, sorted(signs)))} could not be read ({e})")
        return []


def _has_image(page) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))


def _remove_running(pages) -> tuple[list[dict], list[Line]]:
    """Drop running headers, footers and page numbers; order the remaining lines of each page."""
    removed, lines = [], []
    for (number, segments, _), rows in zip(pages, running_lines(pages), strict=True):
        drop = {id(x) for row in rows for x in row}
        for row in rows:
            removed.append({"page": number, "text": " ".join(x.text.strip() for x in sorted(row, key=lambda x: x.x0))})
        lines += reading_order([x for x in segments if id(x) not in drop], number)
    return removed, lines


@cache
def _metadata_rules() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    rules = load("pdf/metadata.json")
    return tuple(re.compile(p, re.I) for p in rules["strip_patterns"]), tuple(
        re.compile(p, re.I) for p in rules["junk_titles"]
    )


def _clean_title(title: str | None) -> str | None:
    strip, junk = _metadata_rules()
    title = " ".join((title or "").split())
    for p in strip:
        title = p.sub("", title).strip()
    return None if any(p.match(title) for p in junk) else title


def _pdf_date(value: str | None) -> str | None:
    """`D:20240712103000+02'00'` → `2024-07-12`; None when absent or not a real date."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", (value or "").strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1)).isoformat()
    except ValueError:
        return None


def _metadata(doc, count: int) -> dict:
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # broken info dictionary: metadata are only fallbacks
        info = {}
    author = " ".join(info.get("Author", "").split()) or None
    return {
        "page_count": count,
        "title": _clean_title(info.get("Title")),
        "author": author,
        "created": _pdf_date(info.get("CreationDate")),
    }
