"""The review site's HTML, without a browser: escaping, entity offsets, incremental writing."""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

import pytest

from pipeline.errors import RunError
from pipeline.review import index_path, intact, write_review
from pipeline.review.entities import LABEL_COLORS, draw_text
from pipeline.review.markup import visible
from pipeline.review.names import page_key, page_name, path_key
from pipeline.review.site import STATS
from pipeline.settings import SCHEMA_VERSION
from pipeline.write import validate_record
from tests.conftest import run_cli
from tests.review_dom import Page

SAFE_NAME = re.compile(r"^[a-z0-9-]{1,100}\.html$")


def make_record(path: str, text: str, spans: list[tuple[str, str, dict | None]], **fields) -> dict:
    """A schema-valid record of `text`, with an entity for each (label, substring, value), found left to right."""
    entities, pos = [], 0
    for label, surface, value in spans:
        start = text.index(surface, pos)
        pos = start + len(surface)
        entities.append(
            {"label": label, "text": surface, "start": start, "end": pos, "source": f"rule:test:{label.lower()}"}
            | {"value": value}
        )
    digest = hashlib.sha256(f"{path}\0{text}".encode()).hexdigest()
    record = {
        "schema_version": SCHEMA_VERSION,
        "doc_id": digest,
        "source": {"path": path, "sha256": digest, "bytes": len(text.encode()), "format": path.rsplit(".", 1)[-1]}
        | ({"encoding": "utf-8"} if not path.endswith(".pdf") else {}),
        "status": "ok",
        "warnings": [],
        "title": None,
        "published": None,
        "language": {"code": "fr", "confidence": 1.0, "method": "test"},
        "text": text,
        "duplicate_of": [],
        "entities": entities,
        "organisations": [],
        "provenance": {
            "pipeline_version": "0",
            "config_hash": "x",
            "model": {"name": "m", "version": "1"},
            "libraries": {},
            "processed_at": "2026-01-01T00:00:00+00:00",
        },
    }
    record.update(fields)
    validate_record(record)  # the tests render records the pipeline could have written
    return record


def inria() -> dict:
    return make_record(
        "2026-03_inria.txt",
        "Paris, le 9 mars 2026. Inria investit 2,6 Md€ d'ici 2030, soit 12 % de plus.",
        [
            ("DATE", "9 mars 2026", {"start": "2026-03-09", "end": "2026-03-09", "grain": "day"}),
            ("ORG", "Inria", {"canonical": "Institut national de recherche en informatique et en automatique"}),
            ("MONEY", "2,6 Md€", {"amount": 2.6e9, "currency": "EUR"}),
            ("DATE", "2030", {"start": "2030-01-01", "end": "2030-12-31", "grain": "year"}),
            ("PERCENT", "12 %", {"value": 12.0}),
        ],
        title="Inria investit",
        published={"date": "2026-03-09", "grain": "day", "evidence": {"source": "text", "text": "9 mars 2026"}},
        organisations=[
            {
                "canonical": "Institut national de recherche en informatique et en automatique",
                "aliases": ["Inria"],
                "mentions": 1,
            }
        ],
    )


def hostile() -> dict:
    text = (
        "<script>alert('x')</script> & \"AT&T\" <b>gras</b> {curly} $dollar\n"
        "Le groupe <Acme & Fils> achète « O'Neil » pour 3 M€.\nFin"
    )
    return make_record(
        "dossier/sous dossier/Évé\"nement <x> & 'y'.txt",
        text,
        [
            ("MISC", "<script>alert('x')</script>", None),
            ("ORG", '"AT&T"', {"canonical": 'AT&T "<b>"'}),
            ("ORG", "<Acme & Fils>", {"canonical": "<Acme & Fils>"}),
            ("PER", "« O'Neil »", None),
            ("MONEY", "3 M€", {"amount": 3e6, "currency": "EUR"}),
        ],
        title='Un titre "entre guillemets" <img src=x onerror=alert(1)>',
        warnings=['<b>warned</b> & "quoted"'],
        status="partial",
    )


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def only_page(out: Path) -> Path:
    [page] = (out / "review" / "documents").glob("*.html")
    return page


def assert_marks_match(page: Page, record: dict) -> None:
    """Every entity is a mark at its offsets, showing its text and label, in order."""
    text = record["text"]
    drawn = [(m.attrs["data-label"], int(m.attrs["data-start"]), int(m.attrs["data-end"])) for m in page.marks]
    assert drawn == [(e["label"], e["start"], e["end"]) for e in record["entities"]]
    for m in page.marks:
        start, end = int(m.attrs["data-start"]), int(m.attrs["data-end"])
        assert m.text == text[start:end]
        assert m.shown_label == m.attrs["data-label"]
        assert m.attrs["style"] == f"background: {LABEL_COLORS[m.attrs['data-label']]}"


def test_marks_carry_label_offsets_value_and_rule(tmp_path):
    record = inria()
    write_review(tmp_path, [record], [])
    page = Page(read(only_page(tmp_path)))
    assert_marks_match(page, record)
    money = next(m for m in page.marks if m.attrs["data-label"] == "MONEY")
    assert money.attrs["title"] == "MONEY: amount 2\u202f600\u202f000\u202f000 · currency EUR\nrule: rule:test:money"
    assert money.attrs["data-source"] == "rule:test:money"
    assert "data-page" not in money.attrs  # not a PDF
    date = page.marks[0]
    assert date.attrs["title"].startswith("DATE: start 2026-03-09 · end 2026-03-09 · grain day\n")


def test_hostile_text_titles_and_names_are_escaped(tmp_path):
    record = hostile()
    error = {
        "path": "évil/<img src=x onerror=alert(1)>.pdf",
        "sha256": "0" * 64,
        "bytes": 4,
        "stage": "read",
        "error_type": "PdfError",
        "message": 'not a PDF: "<script>alert(1)</script>"',
        "pipeline_version": "0",
    }
    index = write_review(tmp_path, [record], [error])
    page_file = only_page(tmp_path)
    assert SAFE_NAME.match(page_file.name), page_file.name
    for markup in (read(page_file), read(index)):
        assert "<script>alert" not in markup and "<img src=x" not in markup and "<b>" not in markup
        page = Page(markup)
        assert page.scripts == 1  # ours, and only ours
        assert all(not re.match(r"[a-z]+:", r) for r in page.resources), page.resources  # nothing from the network
    page = Page(read(page_file))
    assert page.h1 == record["title"]  # quotes and brackets shown as written
    assert_marks_match(page, record)
    assert page.marks[1].attrs["title"] == 'ORG: canonical AT&T "<b>"\nrule: rule:test:org'
    assert "&lt;b&gt;warned&lt;/b&gt; &amp; &#34;quoted&#34;" in read(page_file)  # markupsafe: " is &#34;
    index_page = Page(read(index))
    [row] = index_page.table("documents-table")
    assert row.attrs["data-path"] == record["source"]["path"]
    assert row.cells[0] == record["title"] + record["source"]["path"]
    [failed] = index_page.table("errors-table")
    assert failed.cells == [error["path"], "read", "PdfError", error["message"]]


def test_entity_text_with_newlines_and_markup_characters_keeps_its_offsets():
    text = "A&B <x>\n\nLa Société\nGénérale & Cie investit.\n"
    record = make_record(
        "a.md", text, [("ORG", "A&B", {"canonical": "A&B"}), ("ORG", "Société\nGénérale & Cie", {"canonical": "SG"})]
    )
    page = Page(draw_text(record).html)
    assert_marks_match(page, record)


def test_overlapping_entities_are_not_drawn_but_counted():
    record = make_record("a.txt", "Banque de France", [("ORG", "Banque de France", {"canonical": "BdF"})])
    record["entities"].append(
        {"label": "LOC", "text": "France", "start": 10, "end": 16, "source": "ner:m", "value": None}
    )
    drawn = draw_text(record)
    page = Page(drawn.html)
    assert drawn.skipped == 1
    assert [(m.attrs["data-label"], m.text) for m in page.marks] == [("ORG", "Banque de France")]
    assert drawn.html.count("France") == 1  # the text is not repeated


def pdf_record() -> dict:
    page1 = "Communiqué du 2 mars 2026.\nLe Centre national d'études"
    page2 = "spatiales signe avec Airbus.\n"
    text = page1 + "\n\n" + page2
    record = make_record(
        "dossier/annonce.pdf",
        text,
        [
            ("DATE", "2 mars 2026", {"start": "2026-03-02", "end": "2026-03-02", "grain": "day"}),
            ("ORG", "Centre national d'études\n\nspatiales", {"canonical": "CNES"}),  # across the page break
            ("ORG", "Airbus", {"canonical": "Airbus"}),
        ],
        pages=[
            {"page": 1, "start": 0, "end": len(page1)},
            {"page": 2, "start": len(page1) + 2, "end": len(text) - 1},
            {"page": 3, "start": len(text) - 1, "end": len(text) - 1},  # a scan that was not read
        ],
    )
    for e, page in zip(record["entities"], (1, 1, 2), strict=True):
        e["page"], e["bbox"] = page, [10.0, 20.0, 30.0, 40.0]
    return record


def test_pdf_text_is_drawn_page_by_page_with_each_entity_page():
    record = pdf_record()
    validate_record(record)
    html = draw_text(record).html
    page = Page(html)
    assert_marks_match(page, record)
    assert [m.attrs["data-page"] for m in page.marks] == ["1", "1", "2"]
    assert page.marks[2].attrs["title"].endswith("\npage 2")
    sections = re.findall(r'<section class="page" data-page="(\d+)">', html)
    assert sections == ["1", "2", "3"]
    # The entity across the break stays whole, in the section of page 1; page 3 says it has no text.
    page1, page2, page3 = html.split('<section class="page"')[1:]
    assert "spatiales<span" in page1 and "Airbus" in page2 and "no text" in page3


def test_pdf_entities_table_has_a_page_column(tmp_path):
    write_review(tmp_path, [pdf_record()], [])
    page = Page(read(only_page(tmp_path)))
    rows = page.table("sortable entity-list")
    assert [r.cells[5] for r in rows] == ["1", "1", "2"]
    assert [r.cells[6] for r in rows] == ["Wrong"] * 3  # the reviewer's button, shown by the script
    assert [r.cells[1] for r in rows] == ["DATE", "ORG", "ORG"]


def test_organisations_with_aliases_and_tables_when_present(tmp_path):
    record = inria()
    record["organisations"][0]["aliases"] = ["INRIA", "Inria"]
    write_review(tmp_path, [record], [])
    without_tables = read(only_page(tmp_path))
    assert 'id="tables"' not in without_tables
    orgs = Page(without_tables).table("sortable")
    assert orgs[0].cells == [record["organisations"][0]["canonical"], "INRIAInria", "1"]

    record["tables"] = [
        {"page": 2, "bbox": [0, 0, 100, 100], "rows": [["Poste", "Montant"], ["R&D <brut>", "2,6 Md€"], [None]]}
    ]
    write_review(tmp_path, [record], [])
    with_tables = read(only_page(tmp_path))
    assert "Table 1 · page 2" in with_tables
    cells = Page(with_tables).table("")
    assert [r.cells for r in cells] == [["Poste", "Montant"], ["R&D <brut>", "2,6 Md€"], [""]]

    record["tables"] = []
    write_review(tmp_path, [record], [])
    assert "No tables." in read(only_page(tmp_path))


def test_unchanged_pages_are_not_rewritten_and_removed_documents_lose_theirs(tmp_path):
    a, b, c = inria(), hostile(), pdf_record()
    index = write_review(tmp_path, [a, b, c], [])
    pages = {p.name: p.stat() for p in (tmp_path / "review" / "documents").iterdir()}
    assert len(pages) == 3

    changed = copy.deepcopy(b)
    changed["warnings"] = []
    changed["status"] = "ok"
    index_before = read(index)
    write_review(tmp_path, iter([a, changed]), iter([]))  # c removed; iterables, not lists
    after = {p.name: p.stat() for p in (tmp_path / "review" / "documents").iterdir()}
    name_a, name_b, name_c = (page_name(page_key(r)) for r in (a, b, c))
    assert set(after) == {name_a, name_b}  # c's page is gone
    assert (after[name_a].st_ino, after[name_a].st_mtime_ns) == (pages[name_a].st_ino, pages[name_a].st_mtime_ns)
    assert after[name_b].st_ino != pages[name_b].st_ino  # rewritten (atomic_write renames a new file over it)
    assert f"documents/{name_c}" not in Page(read(index)).links and read(index) != index_before

    again = (tmp_path / "review" / "documents" / name_a).read_bytes()
    write_review(tmp_path, [a, changed], [])
    assert (tmp_path / "review" / "documents" / name_a).read_bytes() == again
    assert not list((tmp_path / "review").rglob(".*.tmp"))


def test_a_page_is_drawn_again_only_when_its_record_changed(tmp_path, monkeypatch):
    import pipeline.review.site as site

    a, b = inria(), hostile()
    write_review(tmp_path, [a, b], [])
    drawn = []
    real = site.render_document
    monkeypatch.setattr(site, "render_document", lambda record, *a: drawn.append(record["title"]) or real(record, *a))
    changed = copy.deepcopy(b)
    changed["title"] = "Un autre titre"
    write_review(tmp_path, [a, changed], [])
    assert drawn == ["Un autre titre"]  # the unchanged record's page was not drawn at all
    name_b = page_name(page_key(changed))
    assert "Un autre titre" in read(tmp_path / "review" / "documents" / name_b)
    (tmp_path / "review" / "documents" / page_name(page_key(a))).unlink()
    write_review(tmp_path, [a, changed], [])
    assert drawn == ["Un autre titre", a["title"]]  # a missing page is drawn again


def test_an_empty_run_gives_an_index_and_no_pages(tmp_path):
    write_review(tmp_path, [inria()], [])
    index = write_review(tmp_path, [], [])
    assert index == index_path(tmp_path) == tmp_path / "review" / "index.html"
    assert list((tmp_path / "review" / "documents").iterdir()) == []
    page = Page(read(index))
    assert [r.cells for r in page.table("documents-table")] == [["No documents."]]
    assert [r.cells for r in page.table("errors-table")] == [["None."]]
    assert page.outputs["shown"] == "0 of 0 documents"
    assert (tmp_path / "review" / "assets" / "review.js").is_file()
    assert (tmp_path / "review" / "assets" / "review.css").is_file()


def test_index_lists_counts_dates_and_filter_values(tmp_path):
    index = write_review(tmp_path, [inria(), hostile()], [])
    page = Page(read(index))
    first, second = page.table("documents-table")
    assert first.attrs["data-status"] == "ok" and first.attrs["data-warnings"] == "0"
    assert first.cells[1] == "2026-03-09" and first.cells[2] == "fr" and first.attrs["data-format"] == "txt"
    # MONEY PERCENT QUANTITY DATE ORG PER LOC MISC
    assert first.cells[-8:] == ["1", "1", "0", "2", "1", "0", "0", "0"]
    assert second.attrs["data-status"] == "partial" and second.attrs["data-warnings"] == "1"
    assert second.cells[-8:] == ["1", "0", "0", "0", "2", "1", "0", "1"]
    assert f"documents/{page_name(page_key(inria()))}" in page.links
    markup = read(index)
    assert '<option value="partial">partial</option>' in markup
    assert "2 documents (1 partial), 0 failed inputs, 10 entities." in markup


def test_an_index_of_many_documents_lists_each_once_in_order_and_is_left_alone_when_unchanged(tmp_path):
    # Rows go through a temporary file read back in 64 KB pieces: enough documents to need several.
    records = []
    for i in range(400):
        record = copy.deepcopy(inria())
        record["source"]["path"] = f"lot/{i:03d}.txt"
        records.append(record)
    errors = [
        {"path": f"casse/{i}.pdf", "stage": "read", "error_type": "UnreadableInput", "message": "vide"}
        for i in range(3)
    ]
    index = write_review(tmp_path, records, errors)
    assert index.stat().st_size > 3 * 2**16
    page = Page(read(index))
    assert [r.attrs["data-path"] for r in page.table("documents-table")] == [f"lot/{i:03d}.txt" for i in range(400)]
    assert [r.attrs["data-path"] for r in page.table("errors-table")] == [e["path"] for e in errors]
    assert "400 documents (0 partial), 3 failed inputs, 2000 entities." in read(index)
    before = index.stat()
    write_review(tmp_path, records, errors)
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    site_files = {p.name for p in (tmp_path / "review").iterdir() if p.is_file()}
    assert site_files == {"index.html", "organisations.html", ".digests.json", STATS}  # no temporary file left


@pytest.mark.parametrize(
    "paths",
    [
        ["a/b.txt", "a_b.txt", "a-b.txt", "A/B.txt"],
        ["Rapport.PDF", "rapport.pdf", "rapport .pdf"],
        ["évènement.md", "evenement.md", "ÉVÈNEMENT.md"],
        ["..", "../..", "\u200b", "%2e%2e", "con.txt", ".hidden", "x" * 300 + ".txt"],
    ],
)
def test_page_names_are_safe_unique_and_stable(paths):
    names = [page_name(path_key(p)) for p in paths]
    assert len(set(names)) == len(paths)
    assert all(SAFE_NAME.match(n) for n in names), names
    assert names == [page_name(path_key(p)) for p in paths]


def test_duplicates_link_to_the_other_documents_page(tmp_path):
    a = inria()
    b = make_record("2026-03_inria.pdf", a["text"], [])
    a["duplicate_of"] = [b["source"]["path"]]
    write_review(tmp_path, [a, b], [])
    page = Page(read(tmp_path / "review" / "documents" / page_name(page_key(a))))
    assert page_name(page_key(b)) in page.links
    assert (tmp_path / "review" / "documents" / page_name(page_key(b))).is_file()


def test_a_site_that_cannot_be_written_is_a_run_error(tmp_path):
    (tmp_path / "review").write_text("a file where the folder goes")
    with pytest.raises(RunError, match="cannot write the review site"):
        write_review(tmp_path, [inria()], [])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("rtl\u202ecod.exe.txt", "rtl\\u202ecod.exe.txt"),  # right-to-left override: would read rtltxt.exe.doc
        ("a\u2066b\u2069c.md", "a\\u2066b\\u2069c.md"),  # isolates
        ("zero\u200bwidth\u200d.txt", "zero\\u200bwidth\\u200d.txt"),
        ("\ufeffbom\u200e\u200f.pdf", "\\ufeffbom\\u200e\\u200f.pdf"),
        ("ligne\u2028deux\nfin\x1b[2K.txt", "ligne\\u2028deux\\nfin\\x1b[2K.txt"),
        ("prive\ue000.txt", "prive\\ue000.txt"),  # private use
    ],
)
def test_visible_shows_invisible_and_reordering_characters_escaped(raw, shown):
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "text",
    ["Éléonore à Québec.txt", "12\u00a0% · 3\u202f000 €", "« guillemets » – tiret", "日本語 عربي.md", "", "a b"],
)
def test_visible_leaves_printable_text_and_spaces_alone(text):
    assert visible(text) == text
    assert visible(None) == ""


def test_bidirectional_controls_in_names_and_titles_are_shown_escaped_on_the_site(tmp_path):
    record = make_record(
        "pièces/rtl\u202ecod.exe.txt",
        "Lausanne, le 2 avril 2026. La société Vaudoise\u2066 SA annonce.",
        [("ORG", "Vaudoise\u2066 SA", {"canonical": "Vaudoise\u2067 SA"})],
        title="Annonce \u202egnp.exe",
        warnings=["nom trompeur \u202eabc"],
        organisations=[{"canonical": "Vaudoise\u2067 SA", "aliases": ["Vaudoise\u2066 SA"], "mentions": 1}],
    )
    other = make_record("rtl\u202eb.md", "Genève.", [], duplicate_of=[record["source"]["path"]])
    error = {"path": "x\u202etxt.pdf", "stage": "read", "error_type": "PdfError", "message": "not a PDF \u202e!"}
    index = write_review(tmp_path, [record, other], [error])
    page_file = tmp_path / "review" / "documents" / page_name(page_key(record))
    page = Page(read(page_file))
    assert page.h1 == "Annonce \\u202egnp.exe"
    markup = read(page_file)
    assert "pièces/rtl\\u202ecod.exe.txt" in markup and "nom trompeur \\u202eabc" in markup
    assert "<title>Annonce \\u202egnp.exe · review</title>" in markup
    [org] = page.table("sortable")
    assert org.cells == ["Vaudoise\\u2067 SA", "Vaudoise\\u2066 SA", "1"]
    other_page = read(tmp_path / "review" / "documents" / page_name(page_key(other)))
    assert "pièces/rtl\\u202ecod.exe.txt</a>" in other_page  # the link to the duplicate
    index_page = Page(read(index))
    first, second = index_page.table("documents-table")
    assert first.cells[0] == "Annonce \\u202egnp.exe" + "pièces/rtl\\u202ecod.exe.txt"
    assert second.cells[0] == "rtl\\u202eb.md"  # no title: the path is the heading
    [failed] = index_page.table("errors-table")
    assert failed.cells == ["x\\u202etxt.pdf", "read", "PdfError", "not a PDF \\u202e!"]
    # The record's own text keeps its characters (offsets into it must hold); the data-* keep the recorded path.
    assert first.attrs["data-path"] == record["source"]["path"]
    assert_marks_match(page, record)
    shown = [c for row in index_page.rows for c in row.cells] + [page.h1]
    assert not any(ch in s for s in shown for ch in "\u202e\u2066\u2067\u2069")


def snapshot(folder: Path) -> dict:
    """Every file of the site but `.stat.json`: mtimes, a cache of this disk's state, not content."""
    files = (p for p in folder.rglob("*") if p.is_file() and p.name != STATS)
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in files}


def test_an_edited_page_is_drawn_again_even_when_its_first_line_is_kept(tmp_path):
    a, b = inria(), hostile()
    write_review(tmp_path, [a, b], [])
    pages = tmp_path / "review" / "documents"
    page_a, page_b = pages / page_name(page_key(a)), pages / page_name(page_key(b))
    good_a, before_b = page_a.read_bytes(), (page_b.stat().st_ino, page_b.read_bytes())
    first, rest = good_a.split(b"\n", 1)
    page_a.write_bytes(first + b"\n" + rest.replace(b"Inria investit", b"Inria vend", 1))  # the body, not line one
    assert not intact(tmp_path)
    write_review(tmp_path, [a, b], [])
    assert page_a.read_bytes() == good_a
    assert (page_b.stat().st_ino, page_b.read_bytes()) == before_b  # untouched: not even rewritten
    assert intact(tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda site: (site / "documents" / page_name(page_key(inria()))).unlink(),
        lambda site: (site / "assets" / "review.js").unlink(),
        lambda site: (site / "assets" / "review.css").write_text("body { display: none }"),
        lambda site: (site / "index.html").write_bytes((site / "index.html").read_bytes() + b"<!-- -->"),
        lambda site: (site / "documents" / page_name(page_key(inria()))).write_bytes(b""),
        lambda site: (site / "documents" / "stray-0123456789abcdef.html").write_text("<p>stray</p>"),
        lambda site: (site / ".digests.json").unlink(),
        lambda site: (site / ".digests.json").write_text('{"code": 1, "drawn": [], "files": null}'),
        lambda site: (site / ".digests.json").write_text("not json"),
    ],
    ids=[
        "page deleted",
        "script deleted",
        "stylesheet edited",
        "index edited",
        "page emptied",
        "stray page",
        "digests deleted",
        "digests of the wrong shape",
        "digests not JSON",
    ],
)
def test_any_damage_to_the_site_is_seen_and_repaired(tmp_path, damage):
    records = [inria(), hostile()]
    write_review(tmp_path, records, [])
    site = tmp_path / "review"
    good = snapshot(site)
    assert intact(tmp_path)
    damage(site)
    assert not intact(tmp_path)
    write_review(tmp_path, records, [])
    assert intact(tmp_path)
    assert {k: v[1] for k, v in snapshot(site).items()} == {k: v[1] for k, v in good.items()}


def test_a_site_never_written_or_drawn_by_other_code_is_not_intact(tmp_path, monkeypatch):
    import pipeline.review.site as site

    assert not intact(tmp_path)
    write_review(tmp_path, [inria()], [])
    assert intact(tmp_path)
    monkeypatch.setattr(site, "_code_digest", lambda: "another version of the code")
    assert not intact(tmp_path)


@pytest.mark.slow
def test_a_run_with_nothing_to_process_repairs_the_site_and_leaves_the_rest_alone(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "2026-04_lausanne.txt").write_text(
        "Lausanne, le 2 avril 2026.\n\nLa Banque cantonale vaudoise investit 3 millions de francs.\n", encoding="utf-8"
    )
    (raw / "2026-05_dakar.md").write_text(
        "# Dakar, le 5 mai 2026\n\nLa Sonatel annonce 12 % de croissance et 40 milliards FCFA.\n", encoding="utf-8"
    )
    first = run_cli(raw, out)
    assert first.returncode == 0, first.stderr
    site = out / "review"
    good = snapshot(site)
    pages = sorted((site / "documents").iterdir())
    assert len(pages) == 2

    def no_op_run() -> None:
        result = run_cli(raw, out)
        assert result.returncode == 0 and "processed 0," in result.stdout, result.stderr

    no_op_run()  # nothing damaged: nothing written
    assert snapshot(site) == good

    pages[0].unlink()
    (site / "assets" / "review.js").unlink()
    first_line, rest = good[f"documents/{pages[1].name}"][1].split(b"\n", 1)
    pages[1].write_bytes(first_line + b"\n" + rest.replace(b"Dakar", b"Paris"))
    no_op_run()
    after = snapshot(site)
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in good.items()}  # repaired, byte for byte
    untouched = [
        k for k in good if k not in (f"documents/{pages[0].name}", f"documents/{pages[1].name}", "assets/review.js")
    ]
    assert untouched and all(after[k] == good[k] for k in untouched)  # same inode: not rewritten


def test_values_are_shown_next_to_each_entity_and_in_the_list_without_hovering(tmp_path):
    record = inria()
    write_review(tmp_path, [record], [])
    page = Page(read(only_page(tmp_path)))
    shown = {m.text: m.shown_value for m in page.marks}
    assert shown == {
        "9 mars 2026": "2026-03-09",
        "Inria": "Institut national de recherche en informatique et en automatique",
        "2,6 Md€": "2\u202f600\u202f000\u202f000 EUR",
        "2030": "2030-01-01 → 2030-12-31 (year)",
        "12 %": "",  # the value would only repeat the text
    }
    listed = [r.cells[3] for r in page.table("sortable entity-list")]
    assert listed == [*list(shown.values())[:-1], "12 %"]  # the list shows every value
    # A mark without a value shows no value box.
    bare = make_record("a.txt", "Madame Diallo à Dakar.", [("PER", "Madame Diallo", None), ("LOC", "Dakar", None)])
    assert [m.shown_value for m in Page(draw_text(bare).html).marks] == ["", ""]


def test_the_index_rows_carry_entity_texts_and_organisations_for_the_filters(tmp_path):
    a, b = inria(), hostile()
    index = write_review(tmp_path, [a, b], [])
    first, second = Page(read(index)).table("documents-table")
    assert first.attrs["data-orgs"] == "Institut national de recherche en informatique et en automatique"
    assert first.attrs["data-search"].split("\n") == sorted(
        {
            "9 mars 2026",
            "inria",
            "2,6 md€",
            "2030",
            "12 %",
            "institut national de recherche en informatique et en automatique",
        }
    )
    assert "<acme & fils>" in second.attrs["data-search"].split("\n")  # escaped in the file, read back by the parser
    assert second.attrs["data-orgs"] == ""  # the hostile record lists no organisation
    assert '<datalist id="organisation-names"><option value="Institut national' in read(index)


def test_the_organisations_page_lists_every_organisation_with_its_documents(tmp_path):
    a = inria()
    b = make_record(
        "2026-04_geneve.md",
        "Genève, le 1er avril 2026. INRIA et l'Université de Genève signent.",
        [
            ("ORG", "INRIA", {"canonical": "Inria"}),
            ("ORG", "Université de Genève", {"canonical": "Université de Genève"}),
        ],
        title="Accord <signé>",
        organisations=[
            {"canonical": "Université de Genève", "aliases": ["Université de Genève", "UNIGE"], "mentions": 2},
            {
                "canonical": "Institut national de recherche en informatique et en automatique",
                "aliases": ["INRIA"],
                "mentions": 3,
            },
        ],
    )
    c = make_record("2026-05_vide.txt", "Rien à signaler.", [])
    write_review(tmp_path, [a, b, c], [])
    markup = read(tmp_path / "review" / "organisations.html")
    page = Page(markup)
    rows = page.table("organisations-table")
    assert [r.attrs["data-org"] for r in rows] == [
        "Institut national de recherche en informatique et en automatique",  # two documents first
        "Université de Genève",
    ]
    inria_row, geneve_row = rows
    assert inria_row.cells[1:4] == ["INRIAInria", "2", "4"]  # aliases of both documents, mentions summed
    assert geneve_row.cells[1:4] == ["UNIGE", "1", "2"]
    assert geneve_row.cells[4] == "Accord <signé>"  # shown as written, escaped in the file
    assert "Accord &lt;signé&gt;" in markup
    for record in (a, b):
        assert f"documents/{page_name(page_key(record))}" in page.links
    assert f"documents/{page_name(page_key(c))}" not in page.links
    assert "index.html#org=Universit%C3%A9%20de%20Gen%C3%A8ve" in page.links
    assert "organisations.html" in Page(read(tmp_path / "review" / "index.html")).links
    assert intact(tmp_path)
    (tmp_path / "review" / "organisations.html").unlink()
    assert not intact(tmp_path)


def test_an_organisations_page_with_none(tmp_path):
    write_review(tmp_path, [make_record("a.txt", "Rien.", [])], [])
    page = Page(read(tmp_path / "review" / "organisations.html"))
    assert [r.cells for r in page.table("organisations-table")] == [["No organisations."]]
