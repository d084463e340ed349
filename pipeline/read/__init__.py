"""Turn a file's bytes into text, keeping where each character came from.

`read_document` dispatches on the format `discover.sniff` found: text files
through `read.text`, PDFs through `read.pdf` (pages, character boxes, OCR).

Modules:

- `text.py`: `.txt` and `.md` files, decoded, offsets kept;
- `pdf.py`: a PDF with PDFium: text in reading order, metadata, page and box of any span;
- `pdf_guard.py`: refuses a PDF whose compressed streams would not fit in memory;
- `pdf_chars.py`: a page's characters cut into segments (runs on one baseline);
- `pdf_layout.py`: page geometry: lines, columns, reading order, running headers and footers;
- `pdf_text.py`: lines in reading order into one text (paragraphs, hyphens), a box per character;
- `pdf_tables.py`: tables found with pdfplumber, on the pages that show signs of one;
- `ocr.py`: scanned pages read with Tesseract, if installed.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.discover import sniff
from pipeline.document import Document
from pipeline.errors import UnreadableInput
from pipeline.read.text import read_text
from pipeline.settings import MAX_PDF_BYTES, MAX_TEXT_BYTES


def read_document(doc: Document) -> Document:
    """Fill `doc.format`, `doc.text` and the reader's provenance from `doc.data`."""
    if not doc.data:
        raise UnreadableInput("empty file: the file has no content")
    doc.format = sniff(doc.data[:4096], doc.rel_path)
    check_size(doc.size, doc.format)
    if doc.format == "pdf":
        _read_pdf(doc)
    else:
        doc.text, doc.encoding, warnings = read_text(doc.data, Path(doc.rel_path).suffix.lower() or "text")
        doc.warnings.extend(warnings)
    if not doc.text.strip() and not doc.warnings:
        doc.warnings.append("no text could be extracted")
    return doc


def check_size(size: int, fmt: str | None = None) -> None:
    """Refuse a file above the size limit of its format (or above every limit, before its format is known)."""
    limit = {"pdf": MAX_PDF_BYTES, None: max(MAX_PDF_BYTES, MAX_TEXT_BYTES)}.get(fmt, MAX_TEXT_BYTES)
    if size > limit:
        kind = f"{fmt} files" if fmt else "any file"
        raise UnreadableInput(f"file too large: {size:,} bytes, the limit for {kind} is {limit:,} bytes")


def _read_pdf(doc: Document) -> None:
    from pipeline.read.pdf import PdfError, read_pdf

    try:
        pdf = read_pdf(doc.data)
    except PdfError as e:
        raise UnreadableInput(str(e)) from e
    doc.pdf = pdf
    doc.text = pdf.text
    doc.pages = pdf.pages
    doc.warnings.extend(pdf.warnings)
    doc.extra_source = {"pages": pdf.metadata.get("page_count", len(pdf.pages))}
    if pdf.metadata.get("created"):  # when the file was made: not `published` (see reference.py)
        doc.extra_source["created"] = pdf.metadata["created"]
    if pdf.needs_ocr:  # Tesseract (or its absence) shaped this record: a cached copy holds only while it is the same
        from pipeline.read.ocr import fingerprint

        doc.depends["ocr"] = fingerprint()
    if pdf.ocr_pages:
        doc.extra_source["ocr_pages"] = list(pdf.ocr_pages)
    if pdf.unread_pages:
        doc.extra_source["unread_pages"] = list(pdf.unread_pages)
    if pdf.removed_lines:
        doc.extra_source["removed_lines"] = list(pdf.removed_lines)
