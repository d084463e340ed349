"""Batches of short documents per worker, and NER only on the blocks that can hold an entity (issue 21).

A batch must change nothing but speed: each document's outcome is the one it gets alone, a document
that hangs or kills its worker fails alone, and the rule matchers still read every block NER skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batches import Batches, batches
from pipeline.discover import Found, discover
from pipeline.paragraphs import can_hold_entity
from tests import hostile
from tests.conftest import RAW, run_cli


def found(name: str, size: int = 10) -> Found:
    return Found(Path(f"/x/{name}"), name, "0" * 64, size)


# --- which blocks NER reads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "",
        "   \n\t ",
        "3",
        "- 12 -",
        "Page 3",
        "page 3 sur 12",
        "p. 7\n\nPage 8/12",
        "12,5   13,4   14,0\n2 300   2 450   2 610",  # a table of figures
        "l'enveloppe atteint 3 millions d'euros le 3 mars",  # lower case: amounts and dates, no name
    ],
)
def test_blocks_without_any_name_are_not_read_by_ner(block):
    assert not can_hold_entity(block)


@pytest.mark.parametrize(
    "block",
    [
        "Inria",
        "le CNRS recrute",
        "Page 3 – Bpifrance",  # a header naming an organisation is read
        "Total   12,5   Inria   14,0",  # a row label may be a name
        "Page 3\nLyon",
        "ÉTAT",
    ],
)
def test_blocks_with_a_capitalised_word_are_read_by_ner(block):
    assert can_hold_entity(block)


@pytest.mark.slow
def test_a_block_skipped_by_ner_still_gets_its_amounts_and_dates():
    from pipeline.ner import find_entities

    text = "Inria annonce un programme.\n\nle 3 mars 2025, une enveloppe de 12 millions d'euros.\n\n- 2 -\n"
    entities, _ = find_entities(text)
    found_ = {(m.label, text[m.start : m.end]) for m in entities}
    assert ("MONEY", "12 millions d'euros") in found_
    assert any(label == "DATE" and "3 mars 2025" in surface for label, surface in found_)
    assert ("ORG", "Inria") in found_


@pytest.mark.slow
def test_skipped_blocks_go_through_the_rule_components_only():
    from pipeline.ner.nlp import load_nlp, read_blocks

    nlp = load_nlp()
    text = "le prix atteint 3 millions d'euros.\n\nLa Banque de France le confirme."
    [(ner, rules)] = read_blocks(nlp, [(text, None)], "ner:test")
    assert [text[m.start : m.end] for m in rules if m.label == "MONEY"] == ["3 millions d'euros"]
    assert ner and all(m.start >= text.index("La Banque") for m in ner)  # NER read the second block only


# --- cutting and retrying batches -----------------------------------------------------------------


def test_batches_are_cut_in_order_by_bytes_and_count_a_large_file_alone():
    todo = [found("big", 500), *(found(f"s{i}", 100) for i in range(5))]
    assert [[f.rel_path for f in b] for b in batches(todo, max_bytes=250, max_documents=10)] == [
        ["big"],
        ["s0", "s1"],
        ["s2", "s3"],
        ["s4"],
    ]
    assert [len(b) for b in batches(todo, max_bytes=10**6, max_documents=4)] == [4, 2]
    assert batches([]) == []


def test_with_several_workers_the_last_batches_shrink_so_that_the_workers_finish_together():
    todo = [found(f"s{i}", 100) for i in range(20)]
    assert [len(b) for b in batches(todo, max_documents=5)] == [5, 5, 5, 5]  # one worker: nothing to balance
    # At most 1/(2 × workers) of the files (rounded up) and of the bytes (rounded down) still to cut: 2,000
    # bytes left, 500 a batch; 1,500 left, 375: 3 files of 100.
    assert [len(b) for b in batches(todo, max_documents=5, workers=2)] == [5, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1]
    assert [len(b) for b in batches(todo, max_documents=50, workers=2)] == [5, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1]
    assert [len(b) for b in batches(todo, max_documents=5, workers=4)] == [2, 2, 2] + [1] * 14
    mixed = [found("big", 1000), *(found(f"m{i}", 10) for i in range(30))]  # a large file is still alone
    assert [len(b) for b in batches(mixed, max_documents=8, workers=2)] == [1, 7, 5, 4, 3, 2, 2] + [1] * 7
    cut = batches(todo, max_documents=5, workers=2)
    assert [f.rel_path for b in cut for f in b] == [f.rel_path for f in todo]  # in order, each file once
    assert batches([], workers=2) == [] and [len(b) for b in batches(todo[:1], workers=2)] == [1]


def test_a_failed_batch_is_sent_again_document_by_document_and_only_a_document_alone_fails():
    queue = Batches([found("a"), found("b"), found("c"), found("d")], max_documents=3)
    batch, alone = queue.next()
    assert [f.rel_path for f in batch] == ["a", "b", "c"] and not alone
    assert queue.again_or_fail(batch, alone, "Timeout", "timed out after 5 s") == []
    order = []
    while queue:
        batch, alone = queue.next()
        order.append(([f.rel_path for f in batch], alone))
    assert order == [(["a"], True), (["b"], True), (["c"], True), (["d"], True)]  # a one-file batch is alone
    [outcome] = queue.again_or_fail([found("b")], True, "Timeout", "timed out after 5 s")
    assert (outcome.found.rel_path, outcome.error["error_type"], outcome.error["message"]) == (
        "b",
        "Timeout",
        "timed out after 5 s",
    )
    assert not queue  # nothing sent again


def test_a_document_alone_whose_worker_dies_is_sent_once_more_and_fails_the_second_time():
    """A worker killed from outside (the OOM killer, a lost node, `kill -9`) is not the document's doing."""
    queue = Batches([found("seul")])
    batch, alone = queue.next()
    assert alone
    assert queue.again_or_fail(batch, alone, "WorkerCrashed", "killed by SIGKILL") == []
    assert queue.next() == ([batch[0]], True)  # once more, alone
    [outcome] = queue.again_or_fail(batch, True, "WorkerCrashed", "killed by SIGKILL")
    assert (outcome.found.rel_path, outcome.error["error_type"]) == ("seul", "WorkerCrashed")
    assert not queue


def test_a_document_of_a_batch_whose_worker_died_fails_when_its_worker_dies_again_under_it_alone():
    queue = Batches([found("a"), found("b"), found("c")], max_documents=3)
    batch, alone = queue.next()
    assert queue.again_or_fail(batch, alone, "WorkerCrashed", "killed by SIGABRT") == []
    sent = [queue.next() for _ in range(3)]
    assert [([f.rel_path for f in b], a) for b, a in sent] == [(["a"], True), (["b"], True), (["c"], True)]
    [outcome] = queue.again_or_fail(*sent[1], "WorkerCrashed", "killed by SIGABRT")  # the guilty one
    assert outcome.found.rel_path == "b" and not queue
    other = Batches([found("x"), found("y")], max_documents=1)  # crashes under other files count for none
    assert other.again_or_fail(*other.next(), "WorkerCrashed", "killed") == []
    assert other.next()[0][0].rel_path == "x" and other.next()[0][0].rel_path == "y"


# --- the same outcomes, batched or not ------------------------------------------------------------


def _records_without_time(outcomes) -> list:
    out = []
    for outcome in outcomes:
        record = outcome.record
        if record is not None:
            record = {**record, "provenance": {k: v for k, v in record["provenance"].items() if k != "processed_at"}}
        out.append((outcome.found.rel_path, record, outcome.error, outcome.sketch))
    return out


@pytest.mark.slow
def test_a_batch_gives_each_document_the_outcome_it_gets_alone(tmp_path):
    from pipeline.process import process_batch, process_found

    for i in range(6):
        (tmp_path / f"court-{i}.txt").write_text(hostile.french(i), encoding="utf-8")
    (tmp_path / "vide.txt").write_bytes(b"")  # fails before NER
    (tmp_path / "english.txt").write_bytes(b"Annual report of the board. The company hired twelve engineers.\n")
    for source in sorted(RAW.glob("*.txt")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    todo, _ = discover(tmp_path)
    assert len(todo) >= 10
    together = process_batch(todo)
    alone = [process_found(f) for f in todo]
    assert _records_without_time(together) == _records_without_time(alone)
    failed_ = [o.found.rel_path for o in together if o.error]
    assert failed_ == ["vide.txt"]  # fails before NER, alone; the others, English included, have records


@pytest.mark.slow
def test_a_document_whose_file_changed_fails_alone_in_its_batch(tmp_path):
    from pipeline.process import process_batch

    for i in range(3):
        (tmp_path / f"c{i}.txt").write_text(hostile.french(40 + i), encoding="utf-8")
    todo, _ = discover(tmp_path)
    (tmp_path / "c1.txt").write_text(hostile.french(99), encoding="utf-8")  # changed after discovery
    outcomes = process_batch(todo)
    assert [o.error["error_type"] if o.error else None for o in outcomes] == [None, "FileChanged", None]


def _french_files(folder: Path, count: int, start: int = 0) -> list[Found]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"f{i:02d}.txt").write_text(hostile.french(start + i), encoding="utf-8")
    todo, _ = discover(folder)
    return todo


@pytest.mark.slow
@pytest.mark.parametrize(("action", "error_type"), [("hang", "Timeout"), ("die", "WorkerCrashed")])
def test_in_a_batch_only_the_document_that_hangs_or_kills_its_worker_fails(tmp_path, action, error_type):
    from pipeline.executor import execute

    todo = _french_files(tmp_path, 4)
    trap = hostile.trap(action)  # read in the middle of the batch: its worker hangs or dies there
    tasks = [*todo[:2], trap, *todo[2:]]
    assert len(batches(sorted(tasks, key=lambda f: -f.size))) == 1  # all sent as one batch at first
    results = {o.found.rel_path: o for o in execute(tasks, workers=1, timeout=8, memory_mb=None)}
    assert len(results) == 5
    failed_ = {path: o.error["error_type"] for path, o in results.items() if o.error}
    assert failed_ == {f"trap/{action}.txt": error_type}
    assert all(results[f.rel_path].record is not None for f in todo)


@pytest.mark.slow
def test_the_cli_writes_the_same_outputs_with_batches_as_one_document_at_a_time(tmp_path):
    raw = tmp_path / "raw"
    for source in RAW.iterdir():
        (raw / source.name).parent.mkdir(parents=True, exist_ok=True)
        (raw / source.name).write_bytes(source.read_bytes())
    for i in range(30):
        data = hostile.french(60 + i) + f"Le CNRS et Inria s'associent pour la {i + 1}e fois.\n"
        (raw / f"court-{i:02d}.txt").write_text(data, encoding="utf-8")
    one = run_cli(raw, tmp_path / "one", "--workers", "0")  # one document at a time, in the run's process
    assert one.returncode == 0, one.stderr
    batched = run_cli(raw, tmp_path / "batched", "--workers", "2")  # the pool: short files in batches
    assert batched.returncode == 0, batched.stderr
    expected = hostile.outputs(tmp_path / "one")
    assert hostile.outputs(tmp_path / "batched") == expected
    assert expected["documents.jsonl"].count("\n") == len(list(raw.iterdir()))
    import pyarrow.parquet as pq  # the columns too, apart from the time of processing

    def table(out: Path, name: str):
        t = pq.read_table(out / name)
        return t.drop([c for c in t.column_names if c.endswith("processed_at")]).to_pylist()

    for name in ("documents.parquet", "entities.parquet"):
        assert table(tmp_path / "batched", name) == table(tmp_path / "one", name), name
