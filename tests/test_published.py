"""The release's own date: labels, datelines, headers; never the first event of the body."""

from __future__ import annotations

import pytest

from pipeline.match.dates.published import find_published

BODY = "L'Institut a participé au sommet Adopt AI, au Grand Palais, avec plus de 500 intervenants.\n" * 3


def published(text: str):
    m = find_published(text)
    assert m is not None, text[:80]
    assert m.label == "DATE"
    return text[m.start : m.end], m.value["start"], m.value["end"], m.source


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "rule"),
    [
        ("Paris, le 9 mars 2026\n\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "dateline"),
        ("Paris, le 9 mars 2026 – L'Institut annonce\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "dateline"),
        ("Boulogne-Billancourt, 3 février 2025\n" + BODY, "3 février 2025", "2025-02-03", "2025-02-03", "dateline"),
        ("Aix-en-Provence – lundi 9 mars 2026\n" + BODY, "lundi 9 mars 2026", "2026-03-09", "2026-03-09", "dateline"),
        ("Communiqué de presse — Novembre 2025\n" + BODY, "Novembre 2025", "2025-11-01", "2025-11-30", "header"),
        (
            "\n\n\nCommuniqué de presse\n\nNovembre 2025\n\n# Titre\n" + BODY,
            "Novembre 2025",
            "2025-11-01",
            "2025-11-30",
            "header",
        ),
        (
            "COMMUNIQUÉ DE PRESSE\nParis, le 12 février 2026\nN°373\n" + BODY,
            "12 février 2026",
            "2026-02-12",
            "2026-02-12",
            "dateline",
        ),
        ("Titre du communiqué\nPublié le 9 mars 2026\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "label"),
        ("Par Jane Doe | Publié le 25/11/2025\n" + BODY, "25/11/2025", "2025-11-25", "2025-11-25", "label"),
        ("Date de publication : 2025-11-25\n" + BODY, "2025-11-25", "2025-11-25", "2025-11-25", "label"),
        ("Changed on 01/07/2024\n" + BODY, "01/07/2024", "2024-07-01", "2024-07-01", "updated"),
        ("Mis à jour le 3 avril 2025\n" + BODY, "3 avril 2025", "2025-04-03", "2025-04-03", "updated"),
        ("Titre\n\n9 mars 2026\n\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "date-line"),
        ("# Titre\n\n**Paris, le 9 mars 2026**\n\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "dateline"),
        ("*Publié le 9 mars 2026*\n" + BODY, "9 mars 2026", "2026-03-09", "2026-03-09", "label"),
        ("Dakar, 9 Mars 2021\n" + BODY, "9 Mars 2021", "2021-03-09", "2021-03-09", "dateline"),
        ("Titre\n\nLyon le 3 octobre 2007\n\n" + BODY, "3 octobre 2007", "2007-10-03", "2007-10-03", "dateline"),
        ("Lyon le 3 octobre 2007 – Le salon ouvre\n" + BODY, "3 octobre 2007", "2007-10-03", "2007-10-03", "dateline"),
        (
            "Titre\n\nCe jeudi 14 mars 2024, la ministre a présenté son plan.\n" + BODY,
            "jeudi 14 mars 2024",
            "2024-03-14",
            "2024-03-14",
            "this-day",
        ),
    ],
)
def test_the_release_date_in_the_head(text, span, start, end, rule):
    assert published(text) == (span, start, end, f"rule:published:{rule}")


@pytest.mark.parametrize(
    "furniture",
    ["Date de publication : 20 mars 2026", "Mis à jour le 20 mars 2026", "Publié le 20 mars 2026"],
)
def test_the_release_dateline_beats_site_furniture(furniture):
    head = f"{furniture}\n\nTitre\n\nRennes, le 9 mars 2026 – L'Institut annonce\n"
    assert published(head + BODY)[1:] == ("2026-03-09", "2026-03-09", "rule:published:dateline")
    tail = f"Titre\n\n{BODY * 30}\nFait à Rennes, le 9 mars 2026\n\n{furniture}\n"
    assert published(tail)[1:] == ("2026-03-09", "2026-03-09", "rule:published:dateline")


def test_publication_label_wins_over_update_label():
    text = "Mis à jour le 10 mars 2026\nPublié le 9 mars 2026\n" + BODY
    assert published(text)[1] == "2026-03-09"


def test_dateline_at_the_end():
    text = "Titre\n\n" + BODY * 30 + "\nFait à Lyon, le 3 mai 2025\n"
    assert published(text)[1:] == ("2025-05-03", "2025-05-03", "rule:published:dateline")


def test_dateline_deep_in_a_press_kit():
    text = "Dossier\n" + BODY * 40 + "COMMUNIQUÉ DE PRESSE\n\nParis, le 12 février 2026\n" + BODY * 40
    assert published(text)[1:] == ("2026-02-12", "2026-02-12", "rule:published:dateline-body")


@pytest.mark.parametrize(
    "text",
    [
        # The first event of the body is not the release date.
        "L'IMT au salon Adopt AI 2025\n\nLes 25 et 26 novembre 2025, l'IMT a participé au sommet.\n" + BODY,
        "Titre\n\nLe rapport publié le 3 mars 2025 par l'Insee montre une hausse.\n" + BODY,
        # A year-less or relative date cannot anchor the others.
        "Paris, le 9 mars\n" + BODY,
        "Communiqué de presse\n\nHier\n" + BODY,
        # A range or an open range is not a date of issue.
        "Paris, du 6 au 11 février 2025\n" + BODY,
        "Ce projet a été annoncé officiellement le 27/10 par le ministre.\n" + BODY,
        # Deep in the body, a line opening on `Enfin, le …,` is prose, not a dateline.
        "Titre\n" + BODY * 40 + "Enfin, le 9 mars 2026, l'État a signé.\n" + BODY * 40,
        # Without a comma, a line opening on a word, `le` and a date is prose unless the date ends the line.
        "Titre\n\nRappelez-vous le 3 mai 2019, nous étions dix.\n" + BODY,
        "",
    ],
)
def test_no_release_date(text):
    assert find_published(text) is None


def pdf_doc(text: str, name: str = "kit.pdf", created: str = "2023-07-04"):
    from pathlib import Path
    from types import SimpleNamespace

    from pipeline.document import Document
    from pipeline.reference import add_published

    doc = Document(path=Path(name), rel_path=name, text=text)
    doc.pdf = SimpleNamespace(metadata={"created": created})
    return add_published(doc)


@pytest.mark.parametrize(("text", "reference"), [("", None), ("   \n", None), ("Un texte sans date.", "2023-07-04")])
def test_a_pdf_creation_date_is_never_published_but_anchors_relative_dates_of_a_text(text, reference):
    doc = pdf_doc(text)
    assert doc.published is None  # "front matter and PDF metadata are not the release"
    assert (doc.reference and doc.reference.isoformat()) == reference
    assert doc.reference_grain == ("day" if reference else doc.reference_grain)


@pytest.mark.parametrize(
    ("text", "name", "expected", "source"),
    [
        ("Liège, le 2 octobre 2025 – La ville annonce un plan.\n", "kit.pdf", "2025-10-02", "text"),
        ("Un texte sans date.\n", "2024-11_plan-velo.pdf", "2024-11-01", "file_name"),
    ],
)
def test_what_the_text_or_file_name_prints_wins_over_the_pdf_creation_date(text, name, expected, source):
    doc = pdf_doc(text, name, created="2019-01-15")
    assert doc.published["date"] == expected and doc.published["evidence"]["source"] == source
    assert doc.reference.isoformat() == expected
