"""PDF text layers without space glyphs: word breaks inferred from glyph gaps, boxes and offsets kept consistent."""

from __future__ import annotations

import math

import pytest

from pipeline.match.amounts import find_amounts
from pipeline.read.pdf import locate, read_pdf
from scripts import make_pdfs

LINES = [
    "Le chiffre d'affaires progresse de 18% par rapport à 2014 pour atteindre 4,5 M€ cette année.",
    "Le musée reçoit près de 700 curieux chaque semaine, soit une hausse de 12 % sur un an.",
]


@pytest.fixture(scope="module")
def spaceless():
    return read_pdf(make_pdfs.spaceless_pdf(LINES, gap_em=0.15))


def test_words_are_separated(spaceless):
    assert spaceless.text.split() == " ".join(LINES).split()


def test_boxes_follow_the_inferred_spaces(spaceless):
    text, boxes = spaceless.text, spaceless.char_boxes
    assert len(boxes) == 4 * len(text)
    for i, char in enumerate(text):
        assert math.isnan(boxes[4 * i]) == (char == " "), (i, char)


def test_amounts_are_found_with_their_page_and_box(spaceless):
    text = spaceless.text
    found = {text[m.start : m.end]: m for m in find_amounts(text)}
    assert set(found) == {"18%", "4,5 M€", "12 %"}
    page, box = locate(spaceless, found["18%"].start, found["18%"].end)
    assert page == 1 and box[0] < box[2]


@pytest.mark.parametrize("gap_em", [0.2, 0.3])
def test_text_with_generated_spaces_is_unchanged(gap_em):
    """Where PDFium generates the spaces itself, no second space is added."""
    assert read_pdf(make_pdfs.spaceless_pdf(LINES, gap_em=gap_em)).text.split("\n\n")[0].count("  ") == 0


def test_normal_text_gets_no_extra_space():
    """Kerning and justification never open a word: a release with its spaces reads exactly as written."""
    pdf = read_pdf(make_pdfs.lines_pdf([LINES]))
    assert pdf.text.split() == " ".join(LINES).split()
