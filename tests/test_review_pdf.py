"""The review site's PDF pages: each page rendered beside its text, each entity's box drawn on it."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from pipeline.review import intact, write_review
from pipeline.review.names import page_key, page_name
from pipeline.review.pdf_pages import MAX_PIXELS, render_pages
from tests.review_dom import Page
from tests.test_review import make_record

WIDTH, HEIGHT = 595.0, 842.0  # A4, in PDF points


def make_pdf(pages: list[str], size=(WIDTH, HEIGHT)) -> bytes:
    """One line of text per page, at x=100, baseline y=700, Helvetica 20."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=size, invariant=1)
    for line in pages:
        c.setFont("Helvetica", 20)
        c.drawString(100, 700, line)
        c.showPage()
    c.save()
    return buffer.getvalue()


def pdf_record(raw: Path, name: str = "annonce.pdf", pages=("Lausanne accueille Nestlé", "Fin")) -> dict:
    data = make_pdf(list(pages))
    (raw / name).write_bytes(data)
    text = "\n\n".join(pages)
    record = make_record(name, text, [("LOC", "Lausanne", None), ("ORG", "Nestlé", {"canonical": "Nestlé S.A."})])
    sha = hashlib.sha256(data).hexdigest()
    record["source"] |= {"sha256": sha, "bytes": len(data), "pages": len(pages)}
    record["doc_id"] = sha
    starts = [0]
    for page in pages[:-1]:
        starts.append(starts[-1] + len(page) + 2)
    record["pages"] = [
        {"page": i + 1, "start": s, "end": s + len(p)} for i, (s, p) in enumerate(zip(starts, pages, strict=True))
    ]
    # Boxes as the reader gives them: PDF points, y upwards.
    record["entities"][0] |= {"page": 1, "bbox": [100.0, 695.0, 180.0, 715.0]}
    record["entities"][1] |= {"page": 1, "bbox": [290.0, 695.0, 350.0, 715.0]}
    return record


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


def site_files(out: Path) -> dict:
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in (out / "review" / "documents").iterdir()}


def test_each_page_is_an_image_with_the_entities_boxes_on_it(raw, tmp_path):
    from PIL import Image

    record = pdf_record(raw)
    out = tmp_path / "out"
    write_review(out, [record], [], raw=raw)
    name = page_name(page_key(record))
    stem = name.removesuffix(".html")
    files = site_files(out)
    assert set(files) == {name, f"{stem}-p1.png", f"{stem}-p2.png"}
    with Image.open(io.BytesIO(files[f"{stem}-p1.png"][1])) as image:
        assert image.format == "PNG" and image.size == (744, 1053)  # 1.25 × A4, rounded up
        # The text is drawn where the box says: dark pixels inside the LOC box, none just above it.
        gray = image.convert("L")
        inside = [gray.getpixel((x, y)) for x in range(125, 225) for y in range(160, 160 + 20)]
        above = [gray.getpixel((x, y)) for x in range(125, 225) for y in range(100, 130)]
        assert min(inside) < 100 and min(above) > 200
    markup = (out / "review" / "documents" / name).read_text(encoding="utf-8")
    page = Page(markup)
    assert f"{stem}-p1.png" in page.resources and f"{stem}-p2.png" in page.resources
    assert markup.count('<a class="box"') == 2
    # LOC box: x 100..180 of 595 points, top 842-715=127 of 842.
    assert 'href="#e0" data-label="LOC" title="LOC: Lausanne"' in markup
    assert "left: 16.807%; top: 15.083%; width: 13.445%; height: 2.375%;" in markup
    assert 'title="ORG: Nestlé → Nestlé S.A."' in markup
    assert 'class="document-page with-images"' in markup


def test_page_images_are_made_incrementally_and_repaired(raw, tmp_path, monkeypatch):
    import pipeline.review.site as site

    record = pdf_record(raw)
    out = tmp_path / "out"
    write_review(out, [record], [], raw=raw)
    before = site_files(out)
    calls = []
    real = site.render_pages
    monkeypatch.setattr(site, "render_pages", lambda *a: calls.append(a[2]) or real(*a))
    write_review(out, [record], [], raw=raw)
    assert calls == [] and site_files(out) == before  # nothing rendered, nothing rewritten

    [png] = [n for n in before if n.endswith("-p2.png")]
    (out / "review" / "documents" / png).unlink()
    assert not intact(out)
    write_review(out, [record], [], raw=raw)
    assert len(calls) == 1 and {k: v[1] for k, v in site_files(out).items()} == {k: v[1] for k, v in before.items()}
    assert intact(out)

    write_review(out, [], [], raw=raw)  # the document left the run: its page and images go
    assert site_files(out) == {}


def test_a_file_changed_or_swapped_since_it_was_read_is_not_shown(raw, tmp_path):
    record = pdf_record(raw)
    (raw / "annonce.pdf").write_bytes(make_pdf(["Autre chose", "Fin"]))
    assert render_pages(raw, record, "x").images == {}
    out = tmp_path / "out"
    write_review(out, [record], [], raw=raw)
    markup = (out / "review" / "documents" / page_name(page_key(record))).read_text(encoding="utf-8")
    assert "the file changed or cannot be read since it was processed" in markup
    assert not list((out / "review" / "documents").glob("*.png"))

    # A link to a file with the very bytes the record was made from is not followed either.
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(make_pdf(["Lausanne accueille Nestlé", "Fin"]))
    record = pdf_record(raw, "lien.pdf")
    (raw / "lien.pdf").unlink()
    os.symlink(outside, raw / "lien.pdf")
    assert render_pages(raw, record, "x").images == {}


@pytest.mark.parametrize("path", ["../annonce.pdf", "/etc/annonce.pdf", "a/../../annonce.pdf"])
def test_paths_out_of_raw_are_refused(raw, path):
    record = pdf_record(raw)
    record["source"]["path"] = path
    assert render_pages(raw, record, "x").images == {}


def test_no_images_without_raw_or_for_other_formats_or_a_broken_pdf(raw, tmp_path):
    record = pdf_record(raw)
    assert render_pages(None, record, "x").images == {}
    text = make_record("note.txt", "Texte.", [])
    (raw / "note.txt").write_text("Texte.")
    assert render_pages(raw, text, "x").images == {}
    broken = b"%PDF-1.4\n" + b"\0" * 100
    (raw / "annonce.pdf").write_bytes(broken)
    record["source"] |= {"sha256": hashlib.sha256(broken).hexdigest(), "bytes": len(broken)}
    rendered = render_pages(raw, record, "x")
    assert rendered.images == {} and "cannot be rendered" in rendered.note


def test_a_poster_sized_page_is_rendered_smaller(raw):
    data = make_pdf(["Affiche"], size=(10000.0, 10000.0))
    (raw / "affiche.pdf").write_bytes(data)
    record = make_record("affiche.pdf", "Affiche", [])
    record["source"] |= {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "pages": 1}
    [image] = render_pages(raw, record, "x").images.values()
    assert image.width * image.height <= MAX_PIXELS and image.width == 2000
