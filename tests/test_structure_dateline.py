"""The dateline (`pipeline/structure/dateline.py`): every printed shape, and dates that are not datelines."""

import pytest

import pipeline
from pipeline.structure.dateline import find_dateline

SHAPES = [
    ("Paris, le 3 mars 2024 – La fondation Arvel ouvre…", "Paris", "2024-03-03", "Paris, le 3 mars 2024"),
    ("DAKAR, 14 mars (APS) – Le ministère sénégalais…", "DAKAR", None, "DAKAR, 14 mars (APS)"),
    ("Genève, 12.03.2024\n\nLa coopérative Lémanix…", "Genève", "2024-03-12", "Genève, 12.03.2024"),
    ("Montréal (Québec), le 5 mai 2026 – Le collectif…", "Montréal", "2026-05-05", "Montréal (Québec), le 5 mai 2026"),
    ("Communiqué de presse — Lyon, le 5 mai 2026\n\nTexte.", "Lyon", "2026-05-05", "Lyon, le 5 mai 2026"),
    ("**Namur, le 9 octobre 2025** – La ville…", "Namur", "2025-10-09", "Namur, le 9 octobre 2025"),
    ("*Bruxelles, le 4 avril 2025*\n\nTexte.", "Bruxelles", "2025-04-04", "Bruxelles, le 4 avril 2025"),
    (
        "LYON (France), 5 mai 2026 /PRNewswire/ – La société…",
        "LYON",
        "2026-05-05",
        "LYON (France), 5 mai 2026 /PRNewswire/",
    ),
    ("(Lausanne, le 22 novembre 2021)\n\nTexte.", "Lausanne", "2021-11-22", "Lausanne, le 22 novembre 2021"),
    ("QUÉBEC, Canada, juin 25, 2008 - La fondation…", "QUÉBEC", "2008-06-25", "QUÉBEC, Canada, juin 25, 2008"),
    ("Sherbrooke — le 10 octobre 2023 – Le conseil…", "Sherbrooke", "2023-10-10", "Sherbrooke — le 10 octobre 2023"),
    ("Lille le 4 février 2019\n\nTexte.", "Lille", "2019-02-04", "Lille le 4 février 2019"),
    ("Saint-Louis, le 1er juin 2025 : la mairie…", "Saint-Louis", "2025-06-01", "Saint-Louis, le 1er juin 2025"),
    ("ABIDJAN, le mardi 7 janvier 2025 – Le port…", "ABIDJAN", "2025-01-07", "ABIDJAN, le mardi 7 janvier 2025"),
    ("# Titre\n\nFribourg, mars 2024\n\nTexte.", "Fribourg", "2024-03-01", "Fribourg, mars 2024"),
    ("Fait à Grenoble, le 3 mai 2025\n", "Grenoble", "2025-05-03", "Grenoble, le 3 mai 2025"),
    ("(Liège, le 8 juin 2022) La province…", "Liège", "2022-06-08", "Liège, le 8 juin 2022"),
    ("Communiqué de presse Rennes, 14 Avril 2025\n\nTexte.", "Rennes", "2025-04-14", "Rennes, 14 Avril 2025"),
    ("# Titre\n\nLe 4 août 2026, à Nîmes,\n\nLe collectif…", "Nîmes", "2026-08-04", "Le 4 août 2026, à Nîmes"),
]


@pytest.mark.parametrize(("text", "place", "iso", "printed"), SHAPES)
def test_dateline_shapes(text, place, iso, printed):
    d = find_dateline(text)
    assert d is not None
    assert (d["place"], d["date"], d["text"]) == (place, iso, printed)
    assert text[d["start"] : d["end"]] == d["text"]


def test_a_date_only_dateline_has_no_place():
    d = find_dateline("5 OCTOBRE 2017 - Le projet Orbis publie sa version 3.")
    assert d["place"] is None and d["date"] == "2017-10-05"


@pytest.mark.parametrize(
    "text",
    [
        "Le 3 mars 2024, Paris accueille le salon des énergies.",
        "Enfin, le 9 mars 2026, l'État a signé la convention.",
        "Depuis le 12 avril 2023, la commune offre la gratuité.",
        "Publié le 3 mars 2024 – mis à jour le 5 mars",
        "Rendez-vous le 4 juin 2025 à la salle des fêtes.",
        "Jeudi 5 juin 2025 – Vernissage de l'exposition",
        "La fondation a été créée en mars 2019 à Liège.",
        "Nous contacter\n\nTél. 01 23 45 67 89",
        "Liège, le 8 juin 2022) sans parenthèse ouvrante",
        "Le 3 mars 2024, à Paris, la ministre a inauguré le centre de soins.",
    ],
)
def test_dates_in_body_text_are_not_datelines(text):
    assert find_dateline(text) is None


def test_a_dateline_deep_in_the_body_is_not_taken():
    text = "Titre\n\n" + "Un paragraphe de corps de texte assez long. " * 40 + "\n\nParis, le 3 mars 2024 – suite"
    assert find_dateline(text) is None


def test_published_comes_from_the_dateline():
    record = pipeline.annotate_text(
        "# Un titre\n\nLe 2 février 2021 la ville a voté.\n\nMons, le 9 mars 2026 – La ville ouvre."
    )
    assert record["dateline"]["place"] == "Mons"
    assert record["published"]["date"] == "2026-03-09"
    assert record["published"]["evidence"]["rule"] == "rule:published:dateline"
