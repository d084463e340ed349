"""The review site in a real browser: the CLI's own output, loaded in headless Chromium.

Chromium runs the pages' script and dumps the resulting DOM (`--dump-dom`), so
what is checked is what a reviewer sees: the entities drawn by displaCy with
their labels and offsets, the index listing the documents and the failed
input, its filters and sorting (set from the address, as a shared link would),
and a screenshot whose pixels show the label colours. CI installs Debian's
`chromium`; elsewhere these tests skip, saying so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.review.entities import LABEL_COLORS
from pipeline.review.names import page_key, page_name
from tests.conftest import RAW, run_cli
from tests.review_dom import Page

pytestmark = pytest.mark.slow

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOSTILE_NAME = 'sous dossier/Note "spéciale" <b>.txt'
HOSTILE_TEXT = (
    "Toulouse, le 3 mars 2026.\n\n"
    "Communiqué <script>document.body.dataset.pwned = 'oui'</script> : la société Airbus investit "
    "2 millions d'euros dans son site de Blagnac, soit 15 % de plus qu'en 2025.\n"
)


def find_chromium() -> str | None:
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            f"no Chromium binary on PATH (looked for {', '.join(BROWSERS)}, or $CHROMIUM): "
            "the browser checks of the review site need one (apt-get install chromium; CI installs it)"
        )
    return path


def browse(chromium: str, url: str, tmp: Path, *args: str) -> str:
    """Load `url` headless with no network features; stdout is the DOM after the page's scripts ran."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The CLI on three inputs (a text, a PDF, one with a hostile name and text) and a file it cannot read."""
    base = tmp_path_factory.mktemp("review")
    raw, out = base / "raw", base / "out"
    raw.mkdir()
    for name in (
        "2015-10_imt-tum-academie-franco-allemande-industrie-du-futur.txt",
        "2024-07_imt-inria-accord-cadre-communique.pdf",
    ):
        shutil.copy(RAW / name, raw / name)
    (raw / HOSTILE_NAME).parent.mkdir()
    (raw / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    (raw / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    result = run_cli(raw, out)
    assert result.returncode == 0, result.stderr
    records = {r["source"]["path"]: r for r in read_jsonl(out / "documents.jsonl")}
    errors = read_jsonl(out / "errors.jsonl")
    return raw, out, result, records, errors


def test_the_run_summary_ends_with_the_index_path(site):
    _, out, result, records, errors = site
    assert result.stdout.strip().splitlines()[-1] == f"review: {out / 'review' / 'index.html'}"
    assert len(records) == 3 and [e["path"] for e in errors] == ["photo.pdf"]
    pages = sorted(p.name for p in (out / "review" / "documents").glob("*.html"))
    assert pages == sorted(page_name(page_key(r)) for r in records.values())
    images = sorted(p.name for p in (out / "review" / "documents").glob("*.png"))
    stem = page_name(page_key(records[PDF])).removesuffix(".html")
    assert images == [f"{stem}-p{n}.png" for n in range(1, records[PDF]["source"]["pages"] + 1)]  # the PDF's only


def test_a_second_run_leaves_every_page_untouched(site, tmp_path):
    raw, out, _, _, _ = site
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in (out2 / "review").rglob("*") if p.is_file()}
    result = run_cli(raw, out2)
    assert result.returncode == 0 and "processed 0," in result.stdout, result.stderr
    after = {p: (p.stat().st_ino, p.read_bytes()) for p in (out2 / "review").rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("path", ["2024-07_imt-inria-accord-cadre-communique.pdf", HOSTILE_NAME])
def test_document_pages_show_every_entity_with_its_label_in_the_browser(site, chromium, tmp_path, path):
    _, out, _, records, _ = site
    record = records[path]
    page_file = out / "review" / "documents" / page_name(page_key(record))
    dom = Page(browse(chromium, page_file.as_uri(), tmp_path, "--dump-dom"))
    assert "pwned" not in dom.body  # the document's <script> is text, not code
    assert dom.h1 == (record["title"] or path)
    assert record["entities"], "the document should have entities to show"
    drawn = [(m.attrs["data-label"], int(m.attrs["data-start"]), int(m.attrs["data-end"])) for m in dom.marks]
    assert drawn == [(e["label"], e["start"], e["end"]) for e in record["entities"]]
    for mark, entity in zip(dom.marks, record["entities"], strict=True):
        assert mark.text == record["text"][entity["start"] : entity["end"]] == entity["text"]
        assert mark.shown_label == entity["label"] in LABEL_COLORS
        assert f"rule: {entity['source']}" in mark.attrs["title"]
        if entity.get("page") is not None:
            assert mark.attrs["data-page"] == str(entity["page"])
            assert mark.attrs["title"].endswith(f"page {entity['page']}")


def test_the_index_lists_documents_and_the_failed_input(site, chromium, tmp_path):
    _, out, _, records, errors = site
    dom = Page(browse(chromium, (out / "review" / "index.html").as_uri(), tmp_path, "--dump-dom"))
    rows = dom.table("documents-table")
    assert [r.attrs["data-path"] for r in rows] == list(records)  # in path order
    assert all("hidden" not in r.attrs for r in rows)
    assert dom.outputs["shown"] == "3 of 3 documents"  # written by the script
    for record in records.values():
        assert f"documents/{page_name(page_key(record))}" in dom.links
    [failed] = dom.table("errors-table")
    assert failed.cells[0] == "photo.pdf" and failed.cells[3] == errors[0]["message"]
    assert errors[0]["message"].startswith("not a PDF")


def visible(dom: Page, table: str) -> list[str]:
    return [r.attrs["data-path"] for r in dom.table(table) if "hidden" not in r.attrs]


def test_the_index_filters_and_sorts_in_the_browser(site, chromium, tmp_path):
    _, out, _, records, _ = site
    index = (out / "review" / "index.html").as_uri()

    dom = Page(browse(chromium, index + "#q=académie%20franco", tmp_path, "--dump-dom"))
    assert visible(dom, "documents-table") == ["2015-10_imt-tum-academie-franco-allemande-industrie-du-futur.txt"]
    assert visible(dom, "errors-table") == []
    assert dom.outputs["shown"] == "1 of 3 documents"

    dom = Page(browse(chromium, index + "#q=photo", tmp_path, "--dump-dom"))
    assert visible(dom, "documents-table") == [] and visible(dom, "errors-table") == ["photo.pdf"]

    dom = Page(browse(chromium, index + "#format=pdf", tmp_path, "--dump-dom"))
    assert visible(dom, "documents-table") == ["2024-07_imt-inria-accord-cadre-communique.pdf"]

    dom = Page(browse(chromium, index + "#sort=published&dir=desc", tmp_path, "--dump-dom"))
    dated = sorted((r for r in records.values() if r["published"]), key=lambda r: r["published"]["date"], reverse=True)
    undated = [r for r in records.values() if not r["published"]]  # last, whatever the direction
    assert [r.attrs["data-path"] for r in dom.table("documents-table")] == [
        r["source"]["path"] for r in dated + undated
    ]

    dom = Page(browse(chromium, index + "#sort=ORG&dir=desc", tmp_path, "--dump-dom"))
    by_orgs = sorted(records.values(), key=lambda r: -sum(e["label"] == "ORG" for e in r["entities"]))
    assert [r.attrs["data-path"] for r in dom.table("documents-table")] == [r["source"]["path"] for r in by_orgs]


def colour_pixels(png: Path, hex_colour: str) -> int:
    from PIL import Image

    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(png) as image:
        return sum(count for count, colour in image.convert("RGB").getcolors(1 << 24) if colour == rgb)


def test_screenshots_show_the_label_colours(site, chromium, tmp_path):
    _, out, _, records, _ = site
    record = records["2024-07_imt-inria-accord-cadre-communique.pdf"]
    page = out / "review" / "documents" / page_name(page_key(record))
    shot = tmp_path / "document.png"
    browse(chromium, page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1200,1400")
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1200, 1400)
    # ORG entities (and the legend) are drawn in displaCy's ORG colour; DATE and PER too.
    for label in ("ORG", "PER", "DATE"):
        assert colour_pixels(shot, LABEL_COLORS[label]) > 500, label

    index_shot = tmp_path / "index.png"
    browse(
        chromium,
        (out / "review" / "index.html").as_uri(),
        tmp_path,
        f"--screenshot={index_shot}",
        "--window-size=1400,900",
    )
    assert colour_pixels(index_shot, "#e3f4e8") > 100  # the green "ok" status badges


def with_actions(page: Path, script: str) -> Path:
    """A copy of `page`, beside it, that runs `script` once review.js has set the page up (as clicks would)."""
    # Inline module scripts run after the deferred review.js, in document order.
    copy = page.with_name("actions-" + page.name)
    html = page.read_text(encoding="utf-8").replace("</body>", f'<script type="module">{script}</script></body>')
    copy.write_text(html, encoding="utf-8")
    return copy


def test_pressing_a_label_hides_it_and_typing_filters(site, chromium, tmp_path):
    _, out, _, records, _ = site
    review = tmp_path / "review"
    shutil.copytree(out / "review", review)
    record = records["2024-07_imt-inria-accord-cadre-communique.pdf"]
    page = with_actions(
        review / "documents" / page_name(page_key(record)),
        "document.querySelector('button.label-toggle[data-label=ORG]').click();",
    )
    dom = Page(browse(chromium, page.as_uri(), tmp_path, "--dump-dom"))
    muted = {m.attrs["data-label"] for m in dom.marks if "muted" in m.attrs["class"].split()}
    assert muted == {"ORG"} and len(dom.marks) == len(record["entities"])

    index = with_actions(
        review / "index.html",
        "const q = document.getElementById('filter-q'); q.value = 'TUM';"
        "q.dispatchEvent(new Event('input'));"
        "document.querySelector('#documents-table th[data-key=PER]').click();"
        "document.body.dataset.hash = location.hash;",
    )
    dom = Page(browse(chromium, index.as_uri(), tmp_path, "--dump-dom"))
    assert visible(dom, "documents-table") == ["2015-10_imt-tum-academie-franco-allemande-industrie-du-futur.txt"]
    assert dom.outputs["shown"] == "1 of 3 documents"
    assert dom.body["data-hash"] == "#q=TUM&sort=PER&dir=asc"  # the view, as a link to share


PDF = "2024-07_imt-inria-accord-cadre-communique.pdf"
TXT = "2015-10_imt-tum-academie-franco-allemande-industrie-du-futur.txt"


def page_of(out: Path, record: dict) -> Path:
    return out / "review" / "documents" / page_name(page_key(record))


def shoot(chromium: str, url: str, tmp: Path, name: str, size: str) -> Path:
    """A screenshot of `url`; also saved in $REVIEW_SCREENSHOTS (e.g. docs/) when set, for the README."""
    shot = tmp / name
    browse(chromium, url, tmp, f"--screenshot={shot}", f"--window-size={size}", "--hide-scrollbars")
    if os.environ.get("REVIEW_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["REVIEW_SCREENSHOTS"]) / name)
    return shot


def test_values_are_visible_next_to_each_entity_without_hovering(site, chromium, tmp_path):
    from pipeline.review.values import short_value

    _, out, _, records, _ = site
    record = records[PDF]
    dom = Page(browse(chromium, page_of(out, record).as_uri(), tmp_path, "--dump-dom"))
    shown = 0
    for mark, entity in zip(dom.marks, record["entities"], strict=True):
        value = short_value(entity["label"], entity["value"])
        if value and value.casefold() != entity["text"].casefold():
            assert mark.shown_value == value
            shown += 1
        else:
            assert mark.shown_value == ""
    assert shown >= 3  # dates and organisations with a canonical name of their own
    listed = [r.cells[3] for r in dom.table("sortable entity-list")]
    assert listed == [short_value(e["label"], e["value"]) for e in record["entities"]]
    assert not any("{" in cell for cell in listed)


def test_a_pdf_page_shows_each_rendered_page_with_the_entity_boxes(site, chromium, tmp_path):
    _, out, _, records, _ = site
    record = records[PDF]
    page = page_of(out, record)
    markup = page.read_text(encoding="utf-8")
    dom = Page(browse(chromium, page.as_uri(), tmp_path, "--dump-dom"))
    stem = page.name.removesuffix(".html")
    pngs = [f"{stem}-p{n}.png" for n in range(1, record["source"]["pages"] + 1)]
    assert [r for r in dom.resources if r.endswith(".png")] == pngs
    assert all((page.parent / png).is_file() for png in pngs)
    boxed = [e for e in record["entities"] if e.get("bbox")]
    assert boxed and markup.count('<a class="box"') == len(boxed)
    shot = shoot(chromium, page.as_uri(), tmp_path, "review-pdf.png", "1500,1100")
    # The page image is drawn (dark text pixels on white) and the ORG boxes' borders in the ORG colour.
    assert colour_pixels(shot, LABEL_COLORS["ORG"]) > 2000


def test_the_index_finds_releases_by_any_entity_text_and_by_organisation(site, chromium, tmp_path):
    _, out, _, records, _ = site
    index = (out / "review" / "index.html").as_uri()
    pdf = records[PDF]

    def shown_on_row(r: dict) -> str:
        return " ".join([r["title"] or "", r["source"]["path"], *r["warnings"]]).casefold()

    # An entity of the PDF that neither its row nor any other document shows or names.
    others = [r for p, r in records.items() if p != PDF]
    word = next(
        e["text"]
        for e in pdf["entities"]
        if e["text"].casefold() not in shown_on_row(pdf)
        and " " not in e["text"]
        and all(e["text"].casefold() not in json.dumps(r, ensure_ascii=False).casefold() for r in others)
    )
    dom = Page(browse(chromium, f"{index}#q={word}", tmp_path, "--dump-dom"))
    assert visible(dom, "documents-table") == [PDF], word

    org = pdf["organisations"][0]["canonical"]
    dom = Page(browse(chromium, f"{index}#org={org}", tmp_path, "--dump-dom"))
    naming = [p for p, r in records.items() if any(o["canonical"] == org for o in r["organisations"])]
    assert PDF in naming and visible(dom, "documents-table") == naming
    assert visible(dom, "errors-table") == []


def test_the_organisations_page_lists_every_organisation_with_its_documents(site, chromium, tmp_path):
    _, out, _, records, _ = site
    url = (out / "review" / "organisations.html").as_uri()
    dom = Page(browse(chromium, url, tmp_path, "--dump-dom"))
    rows = dom.table("organisations-table")
    every = {o["canonical"] for r in records.values() for o in r["organisations"]}
    assert {r.attrs["data-org"] for r in rows} == every and len(rows) == len(every)
    for row in rows:
        naming = [
            r for r in records.values() if any(o["canonical"] == row.attrs["data-org"] for o in r["organisations"])
        ]
        assert row.cells[2] == str(len(naming))
        for r in naming:
            assert f"documents/{page_name(page_key(r))}" in dom.links
    org = sorted(every)[0]
    dom = Page(browse(chromium, f"{url}#q={org}", tmp_path, "--dump-dom"))
    shown = [r.attrs["data-org"] for r in dom.table("organisations-table") if "hidden" not in r.attrs]
    assert org in shown and len(shown) < len(every)
    shoot(chromium, url, tmp_path, "review-organisations.png", "1400,900")


def only_once_outside_entities(record: dict, after: int) -> tuple[str, int]:
    """A word that occurs once in the text, after `after`, in no entity: what a reviewer would select."""
    text = record["text"]
    covered = [(e["start"], e["end"]) for e in record["entities"]]
    for word in sorted(set(re.findall(r"[^\W\d_]{9,}", text[after:])), key=lambda w: text.index(w, after)):
        at = text.find(word)
        if text.count(word) == 1 and at >= after and not any(s < at + len(word) and at < e for s, e in covered):
            return word, at
    raise AssertionError("no word to select")


def test_a_reviewer_marks_entities_wrong_or_missing_and_exports_corrections_jsonl(site, chromium, tmp_path):
    _, out, _, records, _ = site
    review = tmp_path / "review"
    shutil.copytree(out / "review", review)
    record = records[PDF]
    second_page = record["pages"][1]["start"]  # a page that does not start the text: offsets must add up
    word, at = only_once_outside_entities(record, second_page)
    wrong = record["entities"][1]
    script = f"""
      const word = {json.dumps(word)};
      let found = null;
      for (const run of document.querySelectorAll(".text-run")) {{
        const walker = document.createTreeWalker(run, NodeFilter.SHOW_TEXT);
        let node;
        while (!found && (node = walker.nextNode())) {{
          const i = node.data.indexOf(word);
          if (i >= 0 && !node.parentElement.closest("mark")) found = [node, i];
        }}
      }}
      const range = document.createRange();
      range.setStart(found[0], found[1]);
      range.setEnd(found[0], found[1] + word.length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.getElementById("missing-label").value = "ORG";
      document.getElementById("mark-missing").click();
      document.querySelector('button.mark-wrong[data-start="{wrong["start"]}"]').click();
      HTMLAnchorElement.prototype.click = function () {{
        document.body.dataset.download = this.download;
        fetch(this.href).then((r) => r.text()).then((t) => (document.body.dataset.exported = t));
      }};
      document.getElementById("export-corrections").click();
    """
    page = with_actions(review / "documents" / page_name(page_key(record)), script)
    html = browse(chromium, page.as_uri(), tmp_path, "--dump-dom", "--virtual-time-budget=5000")
    dom = Page(html)
    assert dom.body["data-download"] == "corrections.jsonl"
    missing, marked = [json.loads(line) for line in dom.body["data-exported"].splitlines()]
    assert missing == {
        "kind": "missing",
        "doc_id": record["doc_id"],
        "path": PDF,
        "label": "ORG",
        "start": at,
        "end": at + len(word),
        "text": word,
    }
    assert record["text"][missing["start"] : missing["end"]] == word
    assert marked == {
        "kind": "wrong",
        "doc_id": record["doc_id"],
        "path": PDF,
        "label": wrong["label"],
        "start": wrong["start"],
        "end": wrong["end"],
        "text": wrong["text"],
        "source": wrong["source"],
    }
    # The document's panel lists both marks, each with a button to remove it.
    assert html.count('<li class="correction correction-missing">') == 1
    assert html.count('<li class="correction correction-wrong">') == 1


def test_screenshots_of_the_document_and_index_pages(site, chromium, tmp_path):
    _, out, _, records, _ = site
    shot = shoot(chromium, page_of(out, records[TXT]).as_uri(), tmp_path, "review.png", "1200,1000")
    assert colour_pixels(shot, LABEL_COLORS["ORG"]) > 500
    shot = shoot(chromium, (out / "review" / "index.html").as_uri(), tmp_path, "review-index.png", "1400,700")
    assert colour_pixels(shot, "#e3f4e8") > 100


STRUCTURED = (
    "Coopérative laitière du Jura : un nouvel atelier à Delémont\n\n"
    "Delémont, le 12 janvier 2026 – La Coopérative laitière du Jura ouvre un atelier de fromage à pâte dure.\n\n"
    "« Nous allons créer quinze emplois d'ici l'été », déclare Anne Froidevaux, "
    "directrice de la Coopérative laitière du Jura.\n\n"
    "À propos de la Coopérative laitière du Jura\nFondée en 1952, la Coopérative laitière du Jura réunit "
    "140 producteurs.\n\n"
    "Contact presse\nMarc Chappuis, chargé de communication\nmarc.chappuis@laiterie-jura.ch\n+41 32 421 00 00\n"
)


def test_a_release_page_shows_its_issuer_dateline_quotes_contacts_and_sections(chromium, tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "2026-01_jura.txt").write_text(STRUCTURED, encoding="utf-8")
    result = run_cli(raw, out)
    assert result.returncode == 0, result.stderr
    [record] = read_jsonl(out / "documents.jsonl")
    assert record["issuer"] and record["dateline"] and record["quotes"] and record["contacts"], record
    page = out / "review" / "documents" / page_name(page_key(record))
    markup = browse(chromium, page.as_uri(), tmp_path, "--dump-dom")
    dom = Page(markup)
    for issuer in record["issuer"]:
        assert f"<strong>{issuer['canonical']}</strong>" in markup
    assert f'<span class="place">{record["dateline"]["place"]}</span>' in markup
    assert f"<time>{record['dateline']['date']}</time>" in markup
    speakers = [q["speaker"] or {} for q in record["quotes"]]
    assert [r.cells[:4] for r in dom.table("quotes")] == [
        [s.get("name") or "unattributed", s.get("role") or "", s.get("organisation") or "", f"« {q['text']} »"]
        for s, q in zip(speakers, record["quotes"], strict=True)
    ]
    assert [r.cells[:4] for r in dom.table("contacts")] == [
        [c["name"] or "", c["role"] or "", c["organisation"] or "", c["email"] or ""] for c in record["contacts"]
    ]
    sections = dom.table("sections")
    assert [(r.attrs["data-kind"], r.cells[1]) for r in sections] == [
        (s["kind"], s["organisation"] or "") for s in record["sections"]
    ]
    assert "about" in [s["kind"] for s in record["sections"]]
    shot = shoot(chromium, page.as_uri(), tmp_path, "structure.png", "1280,1600")
    assert colour_pixels(shot, "#e4ecfb") > 0  # the `about` section's band is drawn
