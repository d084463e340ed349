"""The PDF reader on PDFs made here: reading order, running lines, hyphens, boxes, OCR, hostile files.

Fixtures come from `scripts/make_pdfs.py`, the script that makes the demo PDFs
of `raw/`, so what the tests check is what users will see.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from pipeline.read import ocr
from pipeline.read import pdf as pdf_module
from pipeline.read.ocr import _to_page
from pipeline.read.pdf import DamagedPdfError, EncryptedPdfError, PdfError, _clean_title, _pdf_date, locate, read_pdf
from pipeline.read.pdf_chars import UNMAPPED, normalise
from pipeline.read.pdf_layout import is_page_number
from scripts import make_pdfs
from tests.conftest import RAW

HEADER = "Lettre d’information – Réseau des écoles d’ingénieurs"
FOOTER = "Direction de la communication – contact presse"
TITLE = ("title", "Les écoles d’ingénieurs renforcent leur coopération européenne pour la transformation numérique")
BODY = [
    (
        "body",
        "Paris, le 14 mars 2024. Les établissements partenaires annoncent la signature d’un accord-cadre "
        "pluriannuel destiné à accélérer la transformation numérique de l’industrie manufacturière et à "
        "consolider les compétences interdisciplinaires des étudiants et des chercheurs.",
    ),
    ("heading", "Des financements considérables"),
    (
        "body",
        "Le programme mobilise 2,6 millions d’euros sur quatre ans, soit une augmentation de 4,8 % par rapport "
        "à la précédente convention, afin de financer des infrastructures expérimentales, des plateformes "
        "technologiques mutualisées et des bourses doctorales internationales.",
    ),
    ("bullet", "Développement de formations professionnalisantes en cybersécurité et en intelligence artificielle ;"),
    ("bullet", "Organisation de rencontres régulières entre laboratoires, entreprises innovantes et collectivités ;"),
    ("bullet", "Accompagnement des jeunes pousses issues des laboratoires vers l’internationalisation."),
    (
        "body",
        "Les responsables des établissements soulignent l’importance stratégique de cette collaboration : "
        "« Nous voulons construire ensemble des réponses concrètes aux défis énergétiques, environnementaux "
        "et industriels, en associant étroitement la recherche fondamentale, la recherche partenariale et "
        "l’enseignement supérieur. »",
    ),
    ("heading", "Un calendrier ambitieux"),
    (
        "body",
        "Une première réunion du comité de pilotage se tiendra au printemps, suivie d’une conférence "
        "internationale organisée à l’automne, qui rassemblera plusieurs centaines de participants venus "
        "d’universités, d’organismes de recherche et d’entreprises de toutes tailles.",
    ),
    (
        "body",
        "Les partenaires évalueront chaque année les résultats obtenus au moyen d’indicateurs partagés : "
        "nombre de publications communes, brevets déposés, contrats industriels signés, mobilités "
        "d’étudiants et de doctorants, créations d’entreprises et emplois qualifiés.",
    ),
    (
        "body",
        "Cette démarche s’inscrit dans une politique de long terme, fondée sur la confiance mutuelle, "
        "l’ouverture scientifique et la responsabilité sociale des établissements d’enseignement supérieur, "
        "particulièrement attentifs à l’égalité des chances et à la diversité de leurs étudiants.",
    ),
]
BLOCKS = [TITLE] + BODY * 3
WORD = re.compile(r"[^\W\d_][\w’'-]{3,}")


def words(text: str) -> list[str]:
    return text.replace("•", " ").split()


@pytest.fixture(scope="module")
def two_columns() -> bytes:
    return make_pdfs.two_column_pdf(
        BLOCKS,
        header=HEADER,
        footer=FOOTER,
        title="Coopération européenne",
        author="Service de presse",
        created="2024-03-14",
    )


@pytest.fixture(scope="module")
def release(two_columns):
    return read_pdf(two_columns)


def test_two_columns_read_as_written(release):
    """Column order, running lines removed and hyphenation rejoined, all at once: the words are the source's."""
    source = words(" ".join(t for _, t in BLOCKS))
    assert release.metadata["page_count"] >= 2
    assert words(release.text) == source


def test_left_column_entirely_before_right_column(release):
    middle = make_pdfs.WIDTH / 2
    two_sided = 0
    for span in release.pages[1:]:  # page 1 opens with a full-width title
        sides = []
        for i in range(span["start"], span["end"]):
            x0, _, x1, _ = release.char_boxes[4 * i : 4 * i + 4]
            if x1 < middle:
                sides.append("L")
            elif x0 > middle:
                sides.append("R")
        two_sided += "L" in sides and "R" in sides
        assert sides == sorted(sides), f"columns interleaved on page {span['page']}"
    assert two_sided


def test_running_headers_footers_and_page_numbers_removed(release):
    pages = [p["page"] for p in release.pages]
    assert HEADER not in release.text and FOOTER not in release.text
    assert not re.search(r"Page \d", release.text)
    for page in pages:
        removed = " ".join(r["text"] for r in release.removed_lines if r["page"] == page)
        assert HEADER in removed and FOOTER in removed and f"Page {page}" in removed


def test_pages_cover_the_text_in_order(release):
    spans = release.pages
    assert spans[0]["start"] == 0 and spans[-1]["end"] == len(release.text)
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:], strict=False))


def test_metadata(release):
    assert release.metadata == {
        "page_count": len(release.pages),
        "title": "Coopération européenne",
        "author": "Service de presse",
        "created": "2024-03-14",
    }


def test_every_word_box_contains_the_word(two_columns, release):
    """Re-extract the characters inside each word's box with PDFium: the word must be there."""
    doc = pdfium.PdfDocument(two_columns)
    textpages = {i + 1: doc[i].get_textpage() for i in range(len(doc))}
    checked = 0
    for m in WORD.finditer(release.text):
        page, box = locate(release, m.start(), m.end())
        inside = textpages[page].get_text_bounded(*box)
        # a word rejoined across a line end comes back with its hyphen and line break
        assert m.group().replace("-", "") in re.sub(r"[\s\ufffe\x02-]", "", inside), (m.group(), page, box)
        checked += 1
    assert checked > 300


def test_locate_gives_none_where_there_is_no_character(release):
    gap = release.text.index("\n\n")
    assert locate(release, gap, gap + 2) is None
    page, box = locate(release, 0, 5)
    assert page == 1 and box[0] < box[2] and box[1] < box[3]


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["La transfor-", "mation numérique avance."], "La transformation numérique avance."),
        (["l’Institut Mines-", "Télécom signe."], "l’Institut Mines-Télécom signe."),
        (["Il sera peut-", "être présent."], "Il sera peut-être présent."),
        (["la coopération franco-", "allemande se renforce."], "la coopération franco-allemande se renforce."),
        (["entre 2018-", "2022 seulement."], "entre 2018-2022 seulement."),
        (["Que dit-", "elle ? Rien."], "Que dit-elle ? Rien."),
        (["la trans\u00ad", "mission du savoir."], "la transmission du savoir."),
        (["un marché euro-", "péen du numérique."], "un marché européen du numérique."),
        (
            ["un accord euro-méditerranéen, puis un autre euro-", "méditerranéen."],
            "un accord euro-méditerranéen, puis un autre euro-méditerranéen.",
        ),
        (["le trajet Paris -", "et retour."], "le trajet Paris - et retour."),  # a dash, not a hyphen
    ],
)
def test_line_end_hyphens(lines, expected):
    assert read_pdf(make_pdfs.lines_pdf([lines])).text == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("la trans\u00admission du savoir", "la transmission du savoir"),  # soft hyphen inside a line
        ("le ﬁnancement efﬁcace", "le financement efficace"),  # ligatures, NFKC
        # the narrow no-break space is kept; PDFium itself gives U+00A0 as a plain space
        pytest.param(
            "3\u202f% et 2,6\u00a0Md€",
            "3\u202f% et 2,6 Md€",
            marks=pytest.mark.skipif("DejaVu" not in make_pdfs.font_file(), reason="reportlab's Vera has no U+202F"),
        ),
        ("une surface de 40 m²", "une surface de 40 m²"),
    ],
)
def test_characters_normalised(line, expected):
    assert read_pdf(make_pdfs.lines_pdf([[line]])).text == expected


@pytest.mark.parametrize("offset", [0.3, 0.8])
def test_fake_bold_duplicates_removed(offset):
    text = read_pdf(make_pdfs.lines_pdf([["Texte imprimé en gras", "deux fois."]], offset=offset)).text
    assert text == "Texte imprimé en gras deux fois."


def test_unmappable_characters_are_reported():
    result = read_pdf(make_pdfs.lines_pdf([["un glyphe \ue000 sans texte"]]))
    assert UNMAPPED in result.text
    assert any("could not be mapped" in w for w in result.warnings)


@pytest.mark.parametrize("ch, expected", [("\x01", UNMAPPED), ("\ue000", UNMAPPED), ("\u200b", ""), ("\u0002", "-")])
def test_normalise_odd_characters(ch, expected):
    assert normalise(ch) == expected


@pytest.mark.parametrize(
    "text, page, expected",
    [
        ("3", 3, True),
        ("- 4 -", 4, True),
        ("Page 3 sur 5", 3, True),
        ("p. 2", 2, True),
        ("3/5", 3, True),
        ("2024", 2, False),  # a year alone on a line is text
        ("Page 3", 4, False),
        ("Paris, le 3 mars", 3, False),
    ],
)
def test_page_numbers(text, page, expected):
    assert is_page_number(text, page) is expected


def test_single_page_keeps_its_text_but_not_its_page_number():
    data = make_pdfs.one_column_pdf(
        [("body", "Un communiqué d’une seule page, daté de 2024.")], header="En-tête", footer="www.exemple.fr"
    )
    result = read_pdf(data)
    assert "Un communiqué d’une seule page, daté de 2024." in result.text
    assert "Page 1" not in result.text and {"page": 1, "text": "www.exemple.fr Page 1"} in result.removed_lines


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Microsoft Word - communique_partenariat.docx", "communique_partenariat"),
        ("  Accord-cadre   IMT  ", "Accord-cadre IMT"),
        ("Untitled", None),
        ("", None),
        (None, None),
    ],
)
def test_metadata_titles(title, expected):
    assert _clean_title(title) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("D:20240712103000+02'00'", "2024-07-12"), ("D:20241345", None), ("garbage", None), (None, None)],
)
def test_metadata_dates(value, expected):
    assert _pdf_date(value) == expected


def _zero_pages() -> bytes:
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<</Size 3/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref


@pytest.mark.parametrize(
    "make, error, message",
    [
        (
            lambda: make_pdfs.lines_pdf([["secret"]], encrypt=StandardEncryption("user", "owner")),
            EncryptedPdfError,
            "password",
        ),
        (lambda: make_pdfs.lines_pdf([["tronqué"] * 40])[:1500], DamagedPdfError, "damaged PDF"),
        (lambda: b"ceci n'est pas un PDF", DamagedPdfError, "damaged PDF"),
        (lambda: b"", DamagedPdfError, "empty"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, DamagedPdfError, "damaged PDF"),
        (_zero_pages, PdfError, "no pages"),
    ],
)
def test_hostile_pdfs_raise_plain_errors(make, error, message):
    with pytest.raises(error, match=message):
        read_pdf(make())


def test_owner_password_only_is_read():
    data = make_pdfs.lines_pdf([["Diffusion libre."]], encrypt=StandardEncryption("", "owner", canCopy=0))
    assert read_pdf(data).text == "Diffusion libre."


def test_broken_cross_reference_table_is_repaired():
    data = make_pdfs.lines_pdf([["Table de références cassée."]])
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n999\n%%EOF\n"
    assert read_pdf(broken).text == "Table de références cassée."


def test_page_count_is_capped(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 2)
    result = read_pdf(make_pdfs.lines_pdf([["Une."], ["Deux."], ["Trois."]]))
    assert result.text == "Une.\n\nDeux." and result.metadata["page_count"] == 3
    assert any("only the first 2" in w for w in result.warnings)


@pytest.fixture(scope="module")
def scan() -> bytes:
    return make_pdfs.image_pdf([(k, t) for k, t in BLOCKS[:4]], dpi=200, max_pages=1)


def test_scan_without_ocr_is_reported_unread(scan, monkeypatch):
    monkeypatch.setattr(ocr, "unavailable", lambda: f"Tesseract is not installed ({ocr.INSTALL_HINT})")
    result = read_pdf(scan)
    assert result.text == "" and result.unread_pages == [1] and result.ocr_pages == []
    assert result.pages == [{"page": 1, "start": 0, "end": 0}]
    assert any("apt-get install tesseract-ocr tesseract-ocr-fra" in w for w in result.warnings)
    assert read_pdf(scan, ocr=False).unread_pages == [1]


@pytest.mark.skipif(ocr.unavailable() is not None, reason=f"OCR needs Tesseract and French data: {ocr.INSTALL_HINT}")
def test_scan_is_read_by_ocr_with_boxes(scan):
    result = read_pdf(scan)
    assert result.ocr_pages == [1] and not result.unread_pages
    source = words(" ".join(t for _, t in BLOCKS[:4]))
    found = set(words(result.text))
    assert sum(w in found for w in source) >= 0.9 * len(source)
    first, last = (result.text.index(w) for w in ("écoles", "doctorales"))
    (p1, b1), (p2, b2) = locate(result, first, first + 6), locate(result, last, last + 10)
    assert p1 == p2 == 1
    assert 0 < b1[0] < b1[2] < make_pdfs.WIDTH and 0 < b1[1] < b1[3] < make_pdfs.HEIGHT
    assert b1[1] > b2[3]  # the title is above the last paragraph


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_ocr_pixels_map_back_to_page_points(rotation):
    """A black square rendered on a rotated page, found in the image, must map back to where it was drawn."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(400, 600))
    c.rect(50, 400, 40, 60, fill=1)
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    page.set_rotation(rotation)
    image = page.render(scale=2, grayscale=True).to_pil()
    left, top, right, bottom = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    box = _to_page(rotation, (left / 2, top / 2, right / 2, bottom / 2), tuple(page.get_cropbox()))
    assert box == pytest.approx((50, 400, 90, 460), abs=1)


@pytest.mark.parametrize("seed, name, layout", [r[:3] for r in make_pdfs.RELEASES if r[2] != "scan"])
def test_demo_pdfs_in_raw_read_as_their_seed(seed, name, layout):
    """The PDFs of `raw/` give back their seed release word for word (the two-column one moves its title first)."""
    blocks = make_pdfs.paragraphs((RAW / seed).read_text(encoding="utf-8"))
    if layout == "two_columns":
        blocks = sorted(blocks, key=lambda b: b[0] != "title")
    source = words(" ".join(t.replace("**", "") for _, t in blocks))
    assert words(read_pdf((RAW / name).read_bytes()).text) == source


def test_turned_watermark_left_out():
    lines = ["Le conseil d’administration a approuvé", "les comptes de l’exercice 2024.", "Une autre ligne suit."]
    result = read_pdf(make_pdfs.lines_pdf([lines * 12], watermark="CONFIDENTIEL"))
    assert words(result.text) == words(" ".join(lines * 12))
    assert any("turned text" in w for w in result.warnings)
