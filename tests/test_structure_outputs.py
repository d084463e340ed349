"""The CLI writes the release's structure: record fields, quotes.jsonl/.parquet and contacts.jsonl/.parquet."""

import json

import pyarrow.parquet as pq
import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow

RELEASE = """**Communiqué de presse**

# La coopérative Lémanix ouvre un atelier de réparation à Genève

*Genève, le 12 février 2026* – La coopérative Lémanix ouvre son premier atelier de réparation d'appareils.

« Nous voulons prouver qu'une filière locale est possible », déclare Léa Moreau, directrice de Lémanix.
« Chaque appareil réparé ici évite un déchet », ajoute-t-elle.

Le label « Réparé à Genève » sera apposé sur les appareils.

## À propos de Lémanix

Lémanix est une coopérative genevoise fondée en 2019.

## Contacts presse

Karim Ndiaye, chargé de communication
karim.ndiaye [at] lemanix [dot] ch
022 345 67 89
"""


@pytest.fixture(scope="module")
def structure_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("structure")
    raw, out = root / "raw", root / "output"
    raw.mkdir()
    (raw / "lemanix.md").write_text(RELEASE, encoding="utf-8")
    (raw / "sans-structure.txt").write_text("Un texte court sans citation ni contact.\n", encoding="utf-8")
    result = run_cli(raw, out, "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out


def test_records_carry_the_structure(structure_run):
    records = {r["source"]["path"]: r for r in map(json.loads, (structure_run / "documents.jsonl").open())}
    rec = records["lemanix.md"]
    assert rec["dateline"]["place"] == "Genève" and rec["published"]["date"] == "2026-02-12"
    assert [q["speaker"]["name"] for q in rec["quotes"]] == ["Léa Moreau", "Léa Moreau"]
    assert [i["evidence"]["rule"] for i in rec["issuer"]] and "Lémanix" in rec["issuer"][0]["canonical"]
    assert [s["kind"] for s in rec["sections"]] == ["body", "about", "contact"]
    assert all(e["section"] for e in rec["entities"])
    empty = records["sans-structure.txt"]
    assert (empty["quotes"], empty["contacts"], empty["dateline"]) == ([], [], None)


def test_quotes_table(structure_run):
    text = next(r["text"] for r in map(json.loads, (structure_run / "documents.jsonl").open()) if r["quotes"])
    rows = [json.loads(line) for line in (structure_run / "quotes.jsonl").open()]
    assert [r["speaker_name"] for r in rows] == ["Léa Moreau", "Léa Moreau"]
    assert all(text[r["char_start"] : r["char_end"]] == r["text"] for r in rows)
    assert rows[0]["speaker_role"] == "directrice de Lémanix" and rows[0]["path"] == "lemanix.md"
    table = pq.read_table(structure_run / "quotes.parquet")
    assert table.num_rows == 2
    assert {"doc_id", "path", "text", "char_start", "char_end", "speaker_name", "speaker_organisation", "page"} <= set(
        table.column_names
    )
    assert str(table.schema.field("char_start").type) == "int64"


def test_contacts_table(structure_run):
    rows = [json.loads(line) for line in (structure_run / "contacts.jsonl").open()]
    assert [(r["name"], r["email"], r["phone_e164"]) for r in rows] == [
        ("Karim Ndiaye", "karim.ndiaye@lemanix.ch", "+41223456789")
    ]
    table = pq.read_table(structure_run / "contacts.parquet")
    assert table.column_names == ["doc_id", "path", "name", "role", "organisation", "email", "phone", "phone_e164"]
    assert table.num_rows == 1
