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
    pages = sorted(p.name for p in (out / "review" / "documents").iterdir())
    assert pages == sorted(page_name(page_key(r)) for r in records.values())


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
