"""Pages drawn while the workers work (`ReviewSite.draw`), not after the last document.

A site whose pages were drawn early must be byte for byte the site drawn as the entries stream past, in
whatever order the documents were done; each page is drawn once; a record that changed between its
processing and the writing (a near-duplicate found at the end) gets the page of the record written.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

import pipeline.review.site as site_module
from pipeline.review import ReviewSite, intact
from pipeline.review.names import page_key, page_name
from pipeline.review.site import STATS
from tests.hostile import fork_server_of
from tests.test_review import hostile, inria, make_record


def _records() -> list[dict]:
    third = make_record(
        "2026-04_cnrs.txt", "Le CNRS annonce 3 M€ le 2 avril 2026.", [("ORG", "CNRS", {"canonical": "CNRS"})]
    )
    return [inria(), hostile(), third]


def _site_files(out: Path) -> dict[str, bytes]:
    """Every file of the site but the stats, whose mtimes differ from run to run by design."""
    site = out / "review"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.name != STATS}


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The paths of the records whose page was rendered, in order."""
    pages: list[str] = []
    real = site_module.render_document

    def counting(record, rendered):
        pages.append(record["source"]["path"])
        return real(record, rendered)

    monkeypatch.setattr(site_module, "render_document", counting)
    return pages


def _streamed(out: Path, records: list[dict], early: list[dict]) -> ReviewSite:
    site = ReviewSite(out)
    for record in early:
        site.draw(copy.deepcopy(record))
    for record in records:
        site.add({"record": record})
    site.add({"error": {"path": "x.pdf", "stage": "read", "error_type": "UnreadableInput", "message": "vide"}})
    site.finish()
    return site


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 2, 0]])
def test_pages_drawn_early_in_any_order_make_the_same_site_and_each_is_drawn_once(tmp_path, drawn, order):
    records = _records()
    _streamed(tmp_path / "late", records, [])
    late = list(drawn)
    del drawn[:]
    _streamed(tmp_path / "early", records, [records[i] for i in order])
    assert drawn == [records[i]["source"]["path"] for i in order]  # each once, when done, none again
    assert sorted(late) == sorted(drawn)
    assert _site_files(tmp_path / "early") == _site_files(tmp_path / "late")
    assert intact(tmp_path / "early")


def test_a_record_changed_before_it_is_written_gets_the_page_of_the_record_written(tmp_path, drawn):
    records = _records()
    changed = copy.deepcopy(records)
    changed[0]["duplicate_of"] = [records[2]["source"]["path"]]  # found once every document was done
    _streamed(tmp_path / "late", changed, [])
    del drawn[:]
    _streamed(tmp_path / "early", changed, records)
    assert drawn == [r["source"]["path"] for r in records] + [records[0]["source"]["path"]]
    assert _site_files(tmp_path / "early") == _site_files(tmp_path / "late")


def test_a_page_drawn_early_for_a_record_never_written_is_removed(tmp_path):
    records = _records()
    _streamed(tmp_path, records[:2], records)
    name = page_name(page_key(records[2]))
    assert not (tmp_path / "review" / "documents" / name).exists()
    assert intact(tmp_path)


def test_an_unchanged_page_from_the_last_run_is_not_drawn_again_early(tmp_path, drawn):
    records = _records()
    _streamed(tmp_path, records, [])
    before = _site_files(tmp_path)
    del drawn[:]
    _streamed(tmp_path, records, records)
    assert drawn == [] and _site_files(tmp_path) == before


def test_the_page_renderer_is_loaded_by_drawing_a_sample_that_holds_an_entity():
    from pipeline.review.document_page import _SAMPLE, render_document

    html = render_document(_SAMPLE)  # what `warm` draws (it hides failures: the first real page raises them)
    assert 'data-label="LOC" data-start="0" data-end="4"' in html


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the fork server in /proc")
def test_the_run_prepares_its_pages_while_the_workers_load_the_model_not_after(tmp_path):
    """`Listener.loading`: the run's preparations (loading displaCy and the templates, ~1 s) happen once, after the
    fork server is started (it loads the model for the workers) and before a first worker is ready, so that no
    worker waits on them for its next batch."""
    from pipeline.discover import discover
    from pipeline.local_pool import LocalPool
    from pipeline.progress import Listener

    events: list[str] = []

    class Watch(Listener):
        def status(self, message: str) -> None:
            events.append(f"status: {message}")

        def ready(self) -> None:
            events.append("ready")
            super().ready()

    (tmp_path / "a.txt").write_text("Le CNRS annonce 3 M€ le 2 avril 2026.", encoding="utf-8")
    listener = Watch()
    listener.preparations = lambda: events.append(
        f"prepared, fork server running: {fork_server_of(os.getpid())}, workers forked: {len(pool.workers)}"
    )
    pool = LocalPool(1, timeout=120, memory_mb=None, listener=listener)
    try:
        outcomes = list(pool.run(discover(tmp_path)[0]))
    finally:
        pool.close()
    assert [o.record is not None for o in outcomes] == [True]
    assert events[:3] == [
        "status: loading the spaCy model for 1 worker process",
        "prepared, fork server running: True, workers forked: 0",
        "ready",
    ]
    assert sum(e.startswith("prepared") for e in events) == 1 and listener.preparations is None


def test_the_run_also_loads_the_output_writer_while_the_workers_load_the_model(monkeypatch):
    """`run.prepare`, the run's preparations: the review pages' renderer and the output writer."""
    from pipeline import run

    done: list[str] = []
    monkeypatch.setattr(run, "warm_pages", lambda: done.append("pages"))
    monkeypatch.setattr(run, "warm_writer", lambda: done.append("writer"))
    run.prepare()
    assert done == ["pages", "writer"]


def test_warming_the_writer_leaves_nothing_for_the_first_table_to_import():
    """`write.warm` in a fresh interpreter: afterwards, writing a first Parquet table imports no module."""
    import subprocess
    import sys

    code = """
import sys, io
from pipeline import write
write.warm()
import pyarrow as pa, pyarrow.parquet as pq
before = set(sys.modules)
pq.write_table(pa.Table.from_pylist([{"path": "a.txt", "n": 1}]), io.BytesIO(), compression="zstd")
print(sorted(set(sys.modules) - before))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
