import pytest

from pipeline.language import detect_language, is_french
from pipeline.title import find_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Communiqué de presse\n\nNovembre 2025\n\n# Un titre en Markdown\n\nCorps.", "Un titre en Markdown"),
        (
            "GOUVERNEMENT\n\n*Liberté\nÉgalité\nFraternité*\n\nLe vrai titre du dossier\n\nSommaire",
            "Le vrai titre du dossier",
        ),
        (
            "Paris, le 9 mars 2026\nInria et l'IMT signent un accord\nCorps du texte.",
            "Inria et l'IMT signent un accord",
        ),
        (" L’Académie franco-\nallemande pour l’Industrie  \n\nCorps.", "L’Académie franco-allemande pour l’Industrie"),
        ("Changed on 01/07/2024\n" + "Une longue phrase de corps de texte. " * 10, None),
        ("Le vrai titre\n\nParis, le 3 mai 2026\n\n## Contexte\n\nCorps.", "Le vrai titre"),
        ("Toulouse, le 3 mars 2026.\n\nLe vrai titre\n\nCorps.", "Le vrai titre"),
        ("Genève, mardi 12 mai 2026\nLe vrai titre\nCorps.", "Le vrai titre"),
        ("Lundi 4 janv. 2027 :\nLe vrai titre\nCorps.", "Le vrai titre"),
        ("", None),
    ],
)
def test_title(text, title):
    assert find_title(text) == title


def test_language_is_detected_deterministically():
    text = "L'Institut Mines-Télécom et Inria ont signé un accord-cadre de partenariat pour la recherche."
    first = detect_language(text)
    assert first["code"] == "fr" and first["confidence"] > 0.9
    assert all(detect_language(text) == first for _ in range(5))


def test_other_languages_are_recognised_and_skip_french_analysis():
    english = detect_language(
        "The Fraunhofer Society and Inria signed a research agreement on artificial intelligence. "
        "The partners will work together on trustworthy systems for industry."
    )
    assert english["code"] == "en"
    assert not is_french(english)


def test_too_little_text_is_undetermined_but_still_analysed():
    lang = detect_language("2,6 Md€")
    assert lang["code"] == "und"
    assert is_french(lang)


@pytest.mark.parametrize(
    ("fallback", "title"),
    [
        ("Accord-cadre entre l'IMT et Inria", "Accord-cadre entre l'IMT et Inria"),
        ("Changed on 01/07/2024", None),
        ("Communiqué de presse", None),
        (None, None),
    ],
)
def test_a_pdf_metadata_title_is_a_fallback_only_if_it_looks_like_a_title(fallback, title):
    prose = "Une longue phrase de corps de texte. " * 10
    assert find_title(prose, fallback=fallback) == title
    assert find_title("Le titre du texte\n\n" + prose, fallback=fallback) == "Le titre du texte"
