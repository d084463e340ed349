"""The public API: `annotate_text`, `process_file`, and the publication-date fallbacks."""

from datetime import date, datetime
from pathlib import Path

import pytest

import pipeline
from pipeline.document import Document
from pipeline.reference import add_published
from pipeline.write import validate_record

pytestmark = pytest.mark.slow  # loads the spaCy model


def test_annotate_text_returns_a_valid_record_without_source():
    record = pipeline.annotate_text("Paris, le 9 mars 2026. Inria investit 2,6 Md€ dans la recherche.")
    validate_record(record)
    assert "source" not in record and record["doc_id"] is None
    assert record["published"]["date"] == "2026-03-09"
    money = [e for e in record["entities"] if e["label"] == "MONEY"]
    assert [(e["text"], e["value"]["amount"], e["value"]["currency"]) for e in money] == [("2,6 Md€", 2.6e9, "EUR")]
    assert {"canonical": "Inria", "aliases": ["Inria"], "mentions": 1} in record["organisations"]


@pytest.mark.parametrize("reference", [date(2026, 3, 9), datetime(2026, 3, 9, 14, 30)])
def test_reference_date_anchors_relative_and_yearless_dates(reference):
    text = "L'accord a été signé hier, ratifié le 26 janvier et sera étendu le 26 février."
    record = pipeline.annotate_text(text, reference_date=reference)
    validate_record(record)
    dates = {e["text"]: e["value"] for e in record["entities"] if e["label"] == "DATE"}
    assert (dates["hier"]["start"], dates["hier"]["relative"]) == ("2026-03-08", True)
    assert dates["26 janvier"]["start"] == "2026-01-26" and dates["26 janvier"]["inferred_year"] is True
    assert dates["26 février"]["start"] == "2027-02-26"  # future tense: the next one


def test_without_any_reference_relative_dates_are_not_entities():
    record = pipeline.annotate_text("L'accord a été signé hier par les deux établissements de recherche.")
    assert [e for e in record["entities"] if e["label"] == "DATE"] == []


def test_a_list_of_dates_validates_with_its_parts():
    record = pipeline.annotate_text("Les ateliers auront lieu les 3 avril et 15 mai 2026 à Lyon.")
    validate_record(record)
    (value,) = [e["value"] for e in record["entities"] if e["label"] == "DATE"]
    assert value["parts"] == [
        {"start": "2026-04-03", "end": "2026-04-03"},
        {"start": "2026-05-15", "end": "2026-05-15"},
    ]


def test_relative_dates_from_a_month_grain_publication_date_are_approximate():
    record = pipeline.annotate_text("Communiqué de presse\n\nNovembre 2025\n\nAujourd'hui, Inria présente ses travaux.")
    assert record["published"]["grain"] == "month"
    today = next(e for e in record["entities"] if e["text"] == "Aujourd'hui")
    assert today["value"]["approximate"] is True


def test_non_french_text_gets_its_language_and_no_french_analysis():
    text = (
        "The Fraunhofer Society and Inria signed a research agreement on artificial intelligence on 9 March 2026. "
        "The partners will invest 2 million euros in trustworthy systems for industry."
    )
    record = pipeline.annotate_text(text)
    assert record["language"]["code"] == "en"
    assert record["entities"] == [] and record["status"] == "partial"
    assert "not French" in record["warnings"][0]


def test_markup_urls_and_emails_never_become_entities():
    text = (
        "# Communiqué de presse Novembre 2025\n\n**Inria** et le **CNRS** annoncent un partenariat.\n\n"
        "Contact : laurence.goussu@inria.fr — https://www.inria.fr/fr/actualites?id=20%20"
    )
    record = pipeline.annotate_text(text)
    for e in record["entities"]:
        assert not any(c in e["text"] for c in "#*@/"), e
        assert e["label"] != "PERCENT"
    aliases = {alias for o in record["organisations"] for alias in o["aliases"]}
    assert aliases >= {"Inria", "CNRS"}


def test_process_file_reads_a_file_into_a_full_record():
    path = Path(__file__).parent / "fixtures" / "releases" / "2024-07_imt-inria-accord-cadre-partenariat.txt"
    record = pipeline.process_file(path)
    validate_record(record)
    assert record["source"]["path"] == path.name and record["source"]["encoding"] == "utf-8"
    assert record["published"]["date"] == "2024-07-01"


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("2015-10_academie.txt", {"date": "2015-10-01", "grain": "month"}),
        ("2015-10-27-academie.txt", {"date": "2015-10-27", "grain": "day"}),
        ("sub/2015-10-27_a.txt", {"date": "2015-10-27", "grain": "day"}),
        ("academie-2015-10.txt", None),  # only a leading date is a filing convention
        ("2015-13_academie.txt", None),
    ],
)
def test_a_dated_file_name_is_the_fallback_publication_date(name, published):
    doc = add_published(Document(path=Path(name), rel_path=name, text="Un texte sans date propre."))
    got = doc.published and {k: doc.published[k] for k in ("date", "grain")}
    assert got == published
    if published:
        assert doc.published["evidence"]["source"] == "file_name"
