"""Make the demo PDF press releases of `raw/` from the text releases there, and PDF fixtures for the tests.

Real releases arrive as PDFs laid out by word processors and design tools; these
reproduce what makes them hard: two justified, hyphenated columns, running
headers and footers with page numbers, and a scan with no text layer. The same
functions build small fixtures in the tests, so the PDFs in `raw/` are never the
only check. Needs reportlab, pyphen (French hyphenation) and Pillow.

    python scripts/make_pdfs.py [--sources DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import re
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "raw"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
WIDTH, HEIGHT = A4

# (text release in raw/, output name, layout, header, creation date)
RELEASES = [
    (
        "2025-11_dialogue-franco-allemand-dirigeants-industrie-ia.md",
        "2025-11_dialogue-franco-allemand-ia_deux-colonnes.pdf",
        "two_columns",
        "Dialogue franco-allemand des dirigeants de l’industrie de l’IA",
        "2025-11-20",
    ),
    (
        "2024-07_imt-inria-accord-cadre-partenariat.txt",
        "2024-07_imt-inria-accord-cadre-communique.pdf",
        "one_column",
        "Institut Mines-Télécom · Communiqué de presse",
        "2024-07-01",
    ),
    (
        "2025-11_imt-salon-adopt-ai-dynamique-franco-allemande.txt",
        "2025-11_imt-salon-adopt-ai-scan.pdf",
        "scan",
        "",
        "2025-11-27",
    ),
]


def fonts() -> tuple[str, str]:
    """Register a TrueType font with French accents, ’, € and œ: DejaVu when installed, else reportlab's Vera."""
    if "Body" not in pdfmetrics.getRegisteredFontNames():
        dejavu = [d for d in FONT_DIRS if (d / "DejaVuSans.ttf").exists()]
        if dejavu:
            regular, bold = dejavu[0] / "DejaVuSans.ttf", dejavu[0] / "DejaVuSans-Bold.ttf"
        else:
            import reportlab

            base = Path(reportlab.__file__).parent / "fonts"
            regular, bold = base / "Vera.ttf", base / "VeraBd.ttf"
        pdfmetrics.registerFont(TTFont("Body", str(regular)))
        pdfmetrics.registerFont(TTFont("Body-Bold", str(bold)))
        pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold", italic="Body", boldItalic="Body-Bold")
    return "Body", "Body-Bold"


def font_file(bold: bool = False) -> str:
    """The font file used for `Body`, for Pillow when a page is drawn as an image."""
    fonts()
    return pdfmetrics.getFont("Body-Bold" if bold else "Body").face.filename


def paragraphs(text: str) -> list[tuple[str, str]]:
    """A seed's text as (kind, text) blocks: kind is title, heading, bullet or body.

    Seeds are plain text or light markdown: `#` headings, `-`/`•` bullets, blank
    lines between paragraphs; a short line without final punctuation is a heading.
    """
    blocks = []
    for raw in re.split(r"\n\s*\n", text):
        for line in raw.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if line.startswith("#"):
                blocks.append(("heading", line.lstrip("# ")))
            elif re.match(r"^[-•*]\s", line):
                blocks.append(("bullet", line[2:].strip()))
            elif (len(line) < 90 or not blocks) and not line.endswith((".", ":", ";", "»", "!", "?")):
                blocks.append(("heading", line))
            else:
                blocks.append(("body", line))
    for i, (kind, line) in enumerate(blocks):
        if kind == "body":
            break  # a caption after the first paragraph is not the release's title
        if kind == "heading" and len(line) > 40:
            blocks[i] = ("title", line)
            break
    return blocks


def _styles(size: float = 9.5) -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=size,
        leading=size * 1.3,
        alignment=TA_JUSTIFY,
        hyphenationLang="fr_FR",
        embeddedHyphenation=1,
        spaceAfter=size * 0.6,
    )
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=size * 0.3),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=bold, alignment=0, spaceBefore=size * 0.6, hyphenationLang=""
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=size * 1.8,
            leading=size * 2.2,
            alignment=0,
            hyphenationLang="",
            spaceAfter=size * 1.2,
        ),
    }


def _escape(text: str) -> str:
    """Paragraph markup for a seed line: XML escapes, and markdown `**bold**` as bold."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def _flowables(blocks: list[tuple[str, str]], styles: dict) -> list:
    out = []
    for kind, text in blocks:
        if kind == "bullet":
            out.append(Paragraph(_escape(text), styles["bullet"], bulletText="•"))
        else:
            out.append(Paragraph(_escape(text), styles[kind]))
    return out


def _running(header: str, footer: str):
    """Draw a running header, and a footer with the page number, on every page."""
    regular, _ = fonts()

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(2 * cm, HEIGHT - 1.3 * cm, header)
        canvas.drawRightString(WIDTH - 2 * cm, HEIGHT - 1.3 * cm, "Communiqué de presse")
        canvas.line(2 * cm, HEIGHT - 1.45 * cm, WIDTH - 2 * cm, HEIGHT - 1.45 * cm)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(WIDTH - 2 * cm, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _document(buf, title: str, author: str, **kw) -> BaseDocTemplate:
    return BaseDocTemplate(
        buf,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2.2 * cm,
        **kw,
    )


@contextmanager
def _dated(created: str | None):
    """Fix reportlab's creation date (it reads SOURCE_DATE_EPOCH), so that the same input gives the same bytes."""
    stamp = datetime.fromisoformat(created or "2024-01-01").replace(hour=10, tzinfo=UTC).timestamp()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def two_column_pdf(
    blocks,
    *,
    header: str = "",
    footer: str = "",
    title: str = "",
    author: str = "",
    created: str | None = None,
    gutter: float = 0.7 * cm,
) -> bytes:
    """A release in two justified, hyphenated columns under a full-width title, with running header and footer."""
    buf = io.BytesIO()
    doc = _document(buf, title, author)
    styles = _styles()
    col = (doc.width - gutter) / 2
    title_h = 4 * cm
    first = [
        Frame(doc.leftMargin, doc.bottomMargin + doc.height - title_h, doc.width, title_h, id="title"),
        Frame(doc.leftMargin, doc.bottomMargin, col, doc.height - title_h, id="left1"),
        Frame(doc.leftMargin + col + gutter, doc.bottomMargin, col, doc.height - title_h, id="right1"),
    ]
    later = [
        Frame(doc.leftMargin, doc.bottomMargin, col, doc.height, id="left"),
        Frame(doc.leftMargin + col + gutter, doc.bottomMargin, col, doc.height, id="right"),
    ]
    draw = _running(header, footer)
    doc.addPageTemplates([PageTemplate("first", first, onPage=draw), PageTemplate("later", later, onPage=draw)])
    story = _flowables([b for b in blocks if b[0] == "title"], styles)
    story += [NextPageTemplate("later"), FrameBreak()]
    story += _flowables([b for b in blocks if b[0] != "title"], styles)
    with _dated(created):
        doc.build(story)
    return buf.getvalue()


def one_column_pdf(
    blocks, *, header: str = "", footer: str = "", title: str = "", author: str = "", created: str | None = None
) -> bytes:
    """A release as a word processor prints it: one justified column, header and footer with page numbers."""
    buf = io.BytesIO()
    doc = _document(buf, title, author)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_running(header, footer))])
    with _dated(created):
        doc.build(_flowables(blocks, _styles(10.5)))
    return buf.getvalue()


def lines_pdf(
    pages: list[list[str]], *, x: float = 72, size: float = 11, columns: list[list[list[str]]] | None = None, **draw
) -> bytes:
    """Exactly the given lines, one under the other, one list per page: for fixtures that need a word at a line end.

    `draw` may hold `offset` (a second copy of every line shifted by that many
    points, as fake-bold printing does), `watermark` (a word drawn at 45° across
    each page) and `encrypt` (reportlab StandardEncryption).
    """
    regular, _ = fonts()
    buf = io.BytesIO()
    canvas = rl_canvas.Canvas(buf, pagesize=A4, encrypt=draw.get("encrypt"))
    for lines in pages:
        canvas.setFont(regular, size)
        for i, line in enumerate(lines):
            y = HEIGHT - 100 - i * size * 1.3
            canvas.drawString(x, y, line)
            if draw.get("offset"):
                canvas.drawString(x + draw["offset"], y, line)
        if draw.get("watermark"):
            canvas.saveState()
            canvas.setFont(regular, 60)
            canvas.translate(WIDTH / 4, HEIGHT / 2 - 150)
            canvas.rotate(45)
            canvas.drawString(0, 0, draw["watermark"])
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def spaceless_pdf(lines: list[str], *, gap_em: float = 0.15, size: float = 11, x: float = 72) -> bytes:
    """Lines whose words are placed by position, with no space glyph between them, as some PDF producers do.

    With a gap under about 0.2 em, PDFium does not generate the spaces either: the reader must infer them.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, _ = fonts()
    buf = io.BytesIO()
    canvas = rl_canvas.Canvas(buf, pagesize=A4)
    canvas.setFont(regular, size)
    for i, line in enumerate(lines):
        left, y = x, HEIGHT - 100 - i * size * 1.4
        for word in line.split():
            canvas.drawString(left, y, word)
            left += stringWidth(word, regular, size) + gap_em * size
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def table_pdf(before: list[str], rows: list[list[str]], after: list[str] = (), *, grid: bool = True) -> bytes:
    """Paragraphs, a table (ruled with a grid, or only aligned), more paragraphs: a release with figures in a table."""
    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    regular, _ = fonts()
    styles = _styles()
    buf = io.BytesIO()
    style = [("FONTNAME", (0, 0), (-1, -1), regular), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table = Table(rows)
    table.setStyle(TableStyle(style))
    story = [Paragraph(_escape(text), styles["body"]) for text in before]
    story += [Spacer(1, 12), table, Spacer(1, 12)]
    story += [Paragraph(_escape(text), styles["body"]) for text in after]
    with _dated(None):
        SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def image_pdf(
    blocks, *, dpi: int = 200, title: str = "", author: str = "", created: str | None = None, max_pages: int = 2
) -> bytes:
    """A scan: the release drawn as a black-and-white image on each page, with no text layer at all."""
    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 72
    size = 11 * scale
    font = ImageFont.truetype(font_file(), round(size))
    bold = ImageFont.truetype(font_file(bold=True), round(size))
    width, height = round(WIDTH * scale), round(HEIGHT * scale)
    margin, leading = round(2 * cm * scale), round(size * 1.45)
    images, image, y = [], None, 0
    for kind, text in blocks:
        face = bold if kind in ("heading", "title") else font
        words, line = text.split(), ""
        rows = []
        for word in words:
            trial = f"{line} {word}".strip()
            if face.getlength(trial) > width - 2 * margin and line:
                rows.append(line)
                line = word
            else:
                line = trial
        rows.append(line)
        for row in rows:
            if image is None or y + leading > height - margin:
                if len(images) == max_pages:
                    break
                image = Image.new("L", (width, height), 255)
                images.append(image)
                y = margin
            ImageDraw.Draw(image).text((margin, y), row, font=face, fill=0)
            y += leading
        y += leading // 2
    buf = io.BytesIO()
    when = datetime.fromisoformat(created or "2024-01-01")
    images = [im.convert("1") for im in images]  # black and white, as office scanners send: a tenth of the size
    images[0].save(
        buf,
        "PDF",
        resolution=dpi,
        save_all=True,
        append_images=images[1:],
        title=title,
        author=author,
        creationDate=when.timetuple(),
        modDate=when.timetuple(),
    )
    return buf.getvalue()


def release(seed: Path, layout: str, header: str, created: str) -> bytes:
    """The PDF of one seed release in the given layout."""
    blocks = paragraphs(seed.read_text(encoding="utf-8"))
    title = next((t for k, t in blocks if k == "title"), "")
    meta = {"title": title, "author": "Institut Mines-Télécom", "created": created}
    if layout == "two_columns":
        return two_column_pdf(blocks, header=header, footer="Institut Mines-Télécom – Service de presse", **meta)
    if layout == "one_column":
        return one_column_pdf(blocks, header=header, footer="www.imt.fr", **meta)
    return image_pdf(blocks, **meta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=ROOT / "raw")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed, name, layout, header, created in RELEASES:
        data = release(args.sources / seed, layout, header, created)
        (args.out / name).write_bytes(data)
        print(f"{args.out / name}: {len(data) // 1024} KiB")


if __name__ == "__main__":
    main()
