"""OCR of scanned PDF pages with Tesseract, giving words the same boxes as a text layer.

Tesseract is optional: it is a system program (`apt-get install tesseract-ocr
tesseract-ocr-fra`), so the reader asks `unavailable()` first and reports the
page as unread rather than failing when it is missing. Either way the record
depends on it: `fingerprint()` says which Tesseract (or none) made it
(`pipeline.tools`).
"""

from __future__ import annotations

import math
import os
from collections import defaultdict

from pipeline import tools
from pipeline.read.pdf_chars import normalise
from pipeline.read.pdf_layout import Segment

LANG = tools.OCR_LANG
MAX_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 million
INSTALL_HINT = tools.INSTALL_HINT


def unavailable() -> str | None:
    """Why OCR cannot run here, in plain words, or None when it can."""
    return tools.tesseract().reason


def fingerprint() -> str:
    """Which Tesseract this process would OCR with (`tools.ABSENT` for none): what an OCR'd page depends on."""
    return tools.tesseract().fingerprint


def _to_page(rotation: int, box: tuple[float, float, float, float], crop: tuple[float, ...]):
    """A box in points on the displayed (rotated) page, y downwards, to unrotated PDF space, y upwards."""
    left, bottom, right, top = crop
    u0, v0, u1, v1 = box
    if rotation == 90:
        return left + v0, bottom + u0, left + v1, bottom + u1
    if rotation == 180:
        return right - u1, bottom + v0, right - u0, bottom + v1
    if rotation == 270:
        return right - v1, top - u1, right - v0, top - u0
    return left + u0, top - v1, left + u1, top - v0


def ocr_page(page, dpi: int) -> list[Segment]:
    """Render a page, read it with Tesseract, and return one segment per OCR'd line.

    Tesseract boxes words, not characters: each character gets an equal share of
    its word's width, which is enough to highlight an entity.
    """
    import pytesseract

    # Tesseract's OpenMP threads fight over few cores: one thread measured 1.8 s a page here, four 12 s
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    width, height = page.get_size()
    # A poster-sized page at 300 dpi is gigabytes of pixels: cap the render, not the worker's memory.
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    image = page.render(scale=scale, grayscale=True).to_pil()
    data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT)
    crop = tuple(page.get_cropbox())
    rotation = page.get_rotation() % 360
    lines: dict[tuple[int, int, int], list[tuple[str, tuple]]] = defaultdict(list)
    rows: dict[tuple[int, int, int], tuple] = {}
    for i, word in enumerate(data["text"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        px = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i], data["top"][i] + data["height"][i])
        box = _to_page(rotation, tuple(v / scale for v in px), crop)
        if data["level"][i] == 4:
            rows[key] = box
        elif word.strip() and float(data["conf"][i]) >= 0:
            lines[key].append((word.strip(), box))
    segments = []
    for key, words in lines.items():
        seg = Segment()
        for word, (x0, y0, x1, y1) in words:
            # the line's height, not the word's: `plateforme` and `un` must look the same size
            if key in rows and rotation in (0, 180):
                y0, y1 = rows[key][1], rows[key][3]
            if seg.text:
                seg.add(" ")
            text = "".join(normalise(ch) for ch in word)
            width = (x1 - x0) / max(len(text), 1)
            for k, ch in enumerate(text):
                seg.add(ch, (x0 + k * width, y0, x0 + (k + 1) * width, y1))
        segments.append(seg)
    return segments
