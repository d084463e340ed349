import pytest

from pipeline.ner.mask import mask


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("# Titre de section\nTexte", ["Titre de section", "Texte"], ["#"]),
        ("Il est **très** important", ["très"], ["*"]),
        ("*Liberté\nÉgalité*", ["Liberté", "Égalité"], ["*"]),
        ("- un point\n- un autre", ["un point", "un autre"], ["-"]),
        ("| Inria | 2,6 Md€ |\n|---|---|", ["Inria", "2,6 Md€"], ["|", "---"]),
        ("voir [le site](https://www.inria.fr/a%20b)", ["le site"], ["https", "%20", "[", "]"]),
        ("contact : laurence.goussu@inria.fr ou www.imt.fr/presse", ["contact :"], ["@", "goussu", "imt.fr"]),
        ("  • Le développement", ["Le développement"], ["•"]),
    ],
)
def test_mask_blanks_markup_and_keeps_offsets(text, kept, gone):
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    for word in kept:
        assert word in masked and masked.index(word) == text.index(word)
    for word in gone:
        assert word not in masked


def test_mask_keeps_hyphens_inside_prose():
    text = "l'Institut Mines-Télécom et 3 - 4 entreprises"
    assert mask(text) == text
