"""Tables in text and in PDFs: found, recorded, and their numeric cells read with the unit their labels give."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.document import Document
from pipeline.match.amounts.labels import label_unit
from pipeline.process import process_document
from pipeline.tables.text_tables import find_text_tables
from scripts import make_pdfs

MARKDOWN = """Lyon, le 4 février 2025 – La coopérative publie ses comptes.

Tableau 2 : résultats par activité, en milliers d'euros

| Activité | 2023 | 2024 | Variation (%) |
|:---|---:|---:|---:|
| Ventes | 1 250 | **1 410** | 12,8 |
| Services (M€) | 2,5 | 3,1 | 24 |
| Effectif | 48 | 52 | 8,3 |
| Surface (m²) | 900 | 1 200 | 33 |

Les comptes seront approuvés en juin.
"""

TABS = (
    "Genève, le 3 mars 2025.\n\n"
    "Programme\tMontant (CHF)\tPart (%)\n"
    "----\t----\t----\n"
    "Recherche\t1'250'000\t62,5\n"
    "Formation\t750'000\t37,5\n"
)


def amounts(record: dict) -> list[tuple]:
    text = record["text"]
    out = []
    for e in record["entities"]:
        if e["label"] in ("MONEY", "PERCENT", "QUANTITY") and "context" in e["value"]:
            assert text[e["start"] : e["end"]] == e["text"]
            v = e["value"]
            ctx = v["context"]
            out.append(
                (
                    e["label"],
                    e["text"],
                    v.get("amount", v.get("value")),
                    v.get("currency") or v.get("unit"),
                    ctx["row"],
                    ctx["column"],
                )
            )
    return out


SLOW = pytest.mark.slow  # these load the spaCy model


@pytest.fixture(scope="module")
def markdown():
    return pipeline.annotate_text(MARKDOWN)


@SLOW
def test_markdown_table_recorded(markdown):
    [table] = markdown["tables"]
    assert table["source"] == "markdown" and table["page"] is None
    assert table["caption"] == "Tableau 2 : résultats par activité, en milliers d'euros"
    assert table["rows"][0] == ["Activité", "2023", "2024", "Variation (%)"]
    assert table["rows"][2] == ["Services (M€)", "2,5", "3,1", "24"]
    assert MARKDOWN[table["start"] : table["end"]].startswith("Activité")


@SLOW
def test_markdown_cells_read_with_their_labels(markdown):
    found = amounts(markdown)
    assert ("MONEY", "1 250", 1_250_000.0, "EUR", 1, 1) in found  # caption: en milliers d'euros
    assert ("MONEY", "1 410", 1_410_000.0, "EUR", 1, 2) in found  # markup around the number stays outside
    assert ("PERCENT", "12,8", 12.8, None, 1, 3) in found  # column header: (%)
    assert ("MONEY", "2,5", 2_500_000.0, "EUR", 2, 1) in found  # row label (M€) beats the caption
    assert ("QUANTITY", "1 200", 1200.0, "m²", 4, 2) in found
    assert not [f for f in found if f[4] == 3 and f[5] in (1, 2)]  # `Effectif` counts people


@SLOW
def test_cell_context_names_its_labels(markdown):
    [cell] = [e for e in markdown["entities"] if e["text"] == "3,1"]
    assert cell["value"]["context"] == {
        "table": 0,
        "row": 2,
        "column": 2,
        "row_label": "Services (M€)",
        "column_label": "2024",
    }
    assert cell["source"] == "rule:table"


@SLOW
def test_tab_separated_table():
    record = pipeline.annotate_text(TABS)
    [table] = record["tables"]
    assert table["source"] == "tabs" and table["rows"][1] == ["Recherche", "1'250'000", "62,5"]
    assert amounts(record) == [
        ("MONEY", "1'250'000", 1_250_000.0, "CHF", 1, 1),
        ("PERCENT", "62,5", 62.5, None, 1, 2),
        ("MONEY", "750'000", 750_000.0, "CHF", 2, 1),
        ("PERCENT", "37,5", 37.5, None, 2, 2),
    ]


@SLOW
@pytest.mark.parametrize(
    "text",
    [
        "Un choix A | B entre deux options, sans tableau.",
        "| une ligne | seule |\nsans ligne de séparation",
        "Chapitre 1\t3\n",  # one tabbed line (a table of contents entry) is no table
        "Contact\t01 23 45 67 89\nAdresse\t75007 Paris\n",  # a table, but no label names a unit
    ],
)
def test_no_table_amounts(text):
    record = pipeline.annotate_text(text)
    assert not [e for e in record["entities"] if e["source"] == "rule:table"]


@SLOW
def test_masked_pipes_do_not_join_cells():
    """Once `|` is masked, `12 | M€` would read as one amount: no single cell holds it, so it is dropped."""
    text = "Bilan :\n\n| Poste | Montant | Unité |\n|---|---|---|\n| Budget | 12 | M€ |\n"
    record = pipeline.annotate_text(text)
    assert not [e for e in record["entities"] if e["label"] == "MONEY"]


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("Montant (M€)", ("MONEY", "EUR", 1e6)),
        ("Budget (en k€)", ("MONEY", "EUR", 1e3)),
        ("en milliards de FCFA", ("MONEY", "XOF", 1e9)),
        ("Part (%)", ("PERCENT", None, 1.0)),
        ("Puissance installée (MW)", ("QUANTITY", "MW", 1.0)),
        ("Prix (CHF)", ("MONEY", "CHF", 1.0)),
        ("2024", None),
        ("Nombre de sites", None),
        ("Tél. 01 23 45 67 89", None),
    ],
)
def test_label_units(label, unit):
    found = label_unit(label)
    assert (found and (found.label, found.code, float(found.scale))) == unit


def _pdf_record(data: bytes) -> dict:
    return process_document(Document(path=None, rel_path="tableau.pdf", data=data, sha256="0" * 64))


PDF_ROWS = [
    ["Poste", "2023", "2024", "Évolution (%)"],
    ["Recettes (M€)", "12,5", "15,0", "20"],
    ["Dépenses (M€)", "10,1", "11,3", "11,9"],
    ["Effectif", "120", "135", "12,5"],
]
BEFORE = ["Paris, le 4 mars 2025. La fondation publie ses comptes annuels, qui progressent nettement."]
AFTER = ["Ces chiffres restent provisoires jusqu'à la clôture des comptes."]


@SLOW
@pytest.mark.parametrize("grid", [True, False], ids=["ruled", "aligned"])
def test_pdf_table(grid):
    record = _pdf_record(make_pdfs.table_pdf(BEFORE, PDF_ROWS, AFTER, grid=grid))
    [table] = record["tables"]
    assert table["source"] == "pdf" and table["page"] == 1 and len(table["bbox"]) == 4
    assert [row[0] for row in table["rows"]] == ["Poste", "Recettes (M€)", "Dépenses (M€)", "Effectif"]
    found = {(label, text, amount, unit, row) for label, text, amount, unit, row, _ in amounts(record)}
    assert {
        ("MONEY", "12,5", 12_500_000.0, "EUR", 1),
        ("MONEY", "11,3", 11_300_000.0, "EUR", 2),
        ("PERCENT", "20", 20.0, None, 1),
        ("PERCENT", "12,5", 12.5, None, 3),
    } <= found
    assert not [f for f in found if f[1] in ("120", "135")]  # counts, not money
    cell = next(e for e in record["entities"] if e["text"] == "12,5" and e["label"] == "MONEY")
    x0, y0, x1, y1 = table["bbox"]
    assert cell["page"] == 1 and x0 <= cell["bbox"][0] and cell["bbox"][2] <= x1 and y0 <= cell["bbox"][1] <= y1


def test_pdf_without_table_asks_pdfplumber_nothing(monkeypatch):
    """The cheap test keeps pdfplumber off pages of prose, even with numbers and a rule under the header."""
    from pipeline.read import pdf as pdf_module

    def fail(*_):
        raise AssertionError("pdfplumber was asked about a page without a table")

    monkeypatch.setattr(pdf_module, "find_tables", fail)
    blocks = [
        ("body", "Le programme mobilise 2,6 millions d’euros sur quatre ans, soit 4,8 % de plus qu'en 2023.")
    ] * 20
    data = make_pdfs.one_column_pdf(blocks, header="Communiqué", footer="Page")
    assert pdf_module.read_pdf(data).tables == []


def test_text_tables_found_in_order():
    grids = find_text_tables(MARKDOWN + "\n" + TABS)
    assert [g.source for g in grids] == ["markdown", "tabs"]


@SLOW
def test_a_table_in_an_english_paragraph_is_recorded_but_gives_no_entities():
    english = (
        "The cooperative also published its accounts for its English-speaking members, who asked for them "
        "at the last general meeting held in Montreal, together with the figures below.\n\n"
        "| Activity | 2023 | 2024 |\n|:---|---:|---:|\n| Sales (M€) | 12,5 | 14,0 |\n| Services (M€) | 3,2 | 4,1 |\n"
    )
    french = (
        "La coopérative a réuni ses membres à Lyon pour présenter ses comptes de l'exercice, qui montrent une "
        "croissance de ses ventes et de ses services, ainsi que les projets qu'elle financera l'an prochain.\n\n"
    )
    record = pipeline.annotate_text(french + MARKDOWN + "\n" + english)
    assert {lang["code"] for lang in record["languages"]} == {"fr", "en"}
    assert len(record["tables"]) == 2  # both tables are recorded, for users to rebuild
    english_start = record["text"].index("The cooperative")
    cells = [e for e in record["entities"] if e["source"] == "rule:table"]
    assert cells and all(e["start"] < english_start for e in cells)  # the French table's cells only
    assert not [e for e in record["entities"] if e["start"] >= english_start]
