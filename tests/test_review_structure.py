"""The release's structure on its review page: issuer, dateline, quotes with speakers, contacts, sections."""

from __future__ import annotations

from pathlib import Path

from pipeline.review import write_review
from tests.review_dom import Page
from tests.test_review import make_record

TEXT = (
    "Namur, le 4 février 2026 – La Coopérative <Meuse> & Fils ouvre un atelier.\n\n"
    "« Nous embauchons vingt personnes », déclare Lucie Verhaegen, directrice de la Coopérative.\n\n"
    "« C'est une bonne nouvelle. »\n\n"
    "À propos de la Coopérative\nUne coopérative fondée en 1998.\n\n"
    "Contact presse : Bram Peeters, bram.peeters@cooperative-meuse.be, +32 81 22 33 44\n"
)


def structured() -> dict:
    """A record with every structure field, hostile characters in the organisation's name."""
    t = TEXT
    q1 = t.index("Nous embauchons")
    q2 = t.index("C'est une")
    about = t.index("À propos")
    contact = t.index("Contact presse")
    org = "Coopérative <Meuse> & Fils"
    return make_record(
        "2026-02_cooperative.txt",
        t,
        [],
        issuer=[
            {
                "canonical": org,
                "evidence": {"rule": "subject", "text": "La Coopérative <Meuse> & Fils", "start": 27, "end": 56},
            }
        ],
        dateline={"place": "Namur", "date": "2026-02-04", "text": "Namur, le 4 février 2026 –", "start": 0, "end": 26},
        quotes=[
            {
                "text": "Nous embauchons vingt personnes",
                "start": q1,
                "end": q1 + 31,
                "speaker": {
                    "name": "Lucie Verhaegen",
                    "role": "directrice de la Coopérative",
                    "organisation": org,
                    "start": t.index("Lucie"),
                    "end": t.index("Lucie") + 15,
                },
                "rule": "after",
            },
            {"text": "C'est une bonne nouvelle.", "start": q2, "end": q2 + 25, "speaker": None, "rule": "unattributed"},
        ],
        contacts=[
            {
                "name": "Bram Peeters",
                "role": None,
                "organisation": org,
                "email": "bram.peeters@cooperative-meuse.be",
                "phone": "+32 81 22 33 44",
                "phone_e164": "+3281223344",
            },
        ],
        sections=[
            {"kind": "body", "start": 0, "end": about, "organisation": None},
            {"kind": "about", "start": about, "end": contact, "organisation": org},
            {"kind": "contact", "start": contact, "end": len(t), "organisation": None},
        ],
    )


def page_of(tmp_path: Path, record: dict) -> tuple[str, Page]:
    write_review(tmp_path, [record], [])
    [page_file] = (tmp_path / "review" / "documents").glob("*.html")
    markup = page_file.read_text(encoding="utf-8")
    return markup, Page(markup)


def test_the_page_shows_issuer_dateline_quotes_contacts_and_sections(tmp_path):
    record = structured()
    markup, page = page_of(tmp_path, record)
    assert "Coopérative &lt;Meuse&gt; &amp; Fils" in markup and "<Meuse>" not in markup  # autoescaped
    assert '<span class="place">Namur</span>, <time>2026-02-04</time>' in markup
    quotes = [r.cells for r in page.table("quotes")]
    assert quotes == [
        [
            "Lucie Verhaegen",
            "directrice de la Coopérative",
            "Coopérative <Meuse> & Fils",
            "« Nous embauchons vingt personnes »",
            "after",
        ],
        ["unattributed", "", "", "« C'est une bonne nouvelle. »", "unattributed"],
    ]
    [contact] = [r.cells for r in page.table("contacts")]
    assert contact == [
        "Bram Peeters",
        "",
        "Coopérative <Meuse> & Fils",
        "bram.peeters@cooperative-meuse.be",
        "+32 81 22 33 44 +3281223344",
    ]
    assert "mailto:bram.peeters@cooperative-meuse.be" in page.links
    sections = page.table("sections")
    assert [r.attrs["data-kind"] for r in sections] == ["body", "about", "contact"]
    assert sections[1].cells[1] == "Coopérative <Meuse> & Fils"
    assert sections[1].cells[3] == "À propos de la Coopérative Une coopérative fondée en 1998."  # whitespace folded
    assert sections[0].cells[3].endswith("…") and len(sections[0].cells[3]) == 101  # long sections cut
    assert "Issuer" in markup and "(“La Coopérative &lt;Meuse&gt; &amp; Fils”, subject)" in markup


def test_missing_fields_are_simply_not_shown(tmp_path):
    record = structured()
    record.update(issuer=[], dateline=None, quotes=[], contacts=[])
    markup, page = page_of(tmp_path, record)
    assert "Issuer" not in markup and "Dateline" not in markup
    assert page.table("quotes") == [] and page.table("contacts") == [] and len(page.table("sections")) == 3
    record["contacts"] = [
        {"name": None, "role": None, "organisation": None, "email": None, "phone": "04 72 00 00 00", "phone_e164": None}
    ]
    record["dateline"] = {"place": None, "date": "2026-02-04", "text": "4 février 2026", "start": 0, "end": 14}
    markup, page = page_of(tmp_path / "b", record)
    assert [r.cells for r in page.table("contacts")] == [["", "", "", "", "04 72 00 00 00"]]
    assert '<dd class="dateline"><time>2026-02-04</time>' in markup and "None" not in markup


def test_a_record_without_structure_fields_has_no_release_section(tmp_path):
    record = make_record("old.txt", "Un texte sans structure.\n", [])
    markup, _ = page_of(tmp_path, record)
    assert 'id="structure"' not in markup and 'id="text"' in markup
