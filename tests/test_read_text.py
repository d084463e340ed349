import codecs

import pytest

from pipeline.errors import UnreadableInput
from pipeline.read.text import read_text

FRENCH = (
    "Les 25 et 26 novembre 2025, l’Institut Mines-Télécom a présenté « l’Académie » : coût 2,6 M€, œuvre réussie.\n"
)
LATIN = "Déjà l'été à Noël : l'élève a reçu 3 prix, à côté de la forêt. Où ça ? Très bien, mon frère.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8-sig"),
        (FRENCH.encode("utf-16"), "utf-16"),  # Python writes the BOM
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "utf-16"),
        (FRENCH.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_encodings_of_french(data, encoding):
    text, found, warnings = read_text(data)
    assert warnings == []
    assert text == FRENCH
    assert found == encoding


def test_decodes_latin1_french():
    text, _, _ = read_text(LATIN.encode("latin-1"))
    assert text == LATIN


def test_short_cp1252_text_is_still_decoded():
    text, encoding, _ = read_text("Déjà été à Noël".encode("cp1252"))
    assert text == "Déjà été à Noël"
    assert encoding == "cp1252"


def test_only_crlf_is_normalised_so_offsets_index_the_file():
    text, _, _ = read_text(b"ligne 1\r\nligne 2\r\n  \tfin  ")
    assert text == "ligne 1\nligne 2\n  \tfin  "


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"abc\x00def\x00\x00", "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_refuses_what_is_not_text(data, message):
    with pytest.raises(UnreadableInput, match=message):
        read_text(data)


def test_utf8_with_a_few_damaged_bytes_stays_utf8_with_a_warning():
    data = (FRENCH * 5).encode("utf-8")
    data = data[:40] + b"\xff" + data[41:]
    text, encoding, warnings = read_text(data)
    assert encoding == "utf-8"
    assert "Télécom" in text and "\ufffd" in text
    assert warnings == ["1 byte(s) that are not valid UTF-8 were replaced by U+FFFD"]
