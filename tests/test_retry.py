"""Which failures the cache remembers, for how long, and what brings them back (issue 12, items 1 and 8).

The CLI-level tests are in `test_cache_reliability.py`; these drive `pipeline.run.run` with the
executor replaced by one that fails every document as told, so that a time-out or a crash is
deterministic and costs nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import retry
from pipeline.depends import Conditions
from pipeline.process import failed
from pipeline.run import run
from tests.hostile import read_jsonl


def error(error_type: str, message: str = "timed out after 1 s") -> dict:
    return {"path": "a.txt", "error_type": error_type, "message": message, "stage": "process"}


def test_a_failure_of_the_moment_is_never_remembered():
    for kind in ("FileChanged", "WorkerOutOfMemory"):
        for attempts in (1, 5):
            entry, final = retry.remember(error(kind), attempts=attempts, limits={})
            assert not final and entry == {"error": error(kind)}


def test_a_transient_failure_is_remembered_on_its_last_attempt_with_its_count_and_limit():
    limits = {"timeout": 1.0, "memory_mb": 800}
    for attempts in range(1, retry.MAX_ATTEMPTS):
        entry, final = retry.remember(error("Timeout"), attempts=attempts, limits=limits)
        assert not final and entry == {"error": error("Timeout"), "attempts": attempts}
    entry, final = retry.remember(error("Timeout"), attempts=retry.MAX_ATTEMPTS, limits=limits)
    assert final and entry["attempts"] == 3 and entry["depends"] == {"timeout": 1.0}
    assert entry["error"]["message"] == (
        "failed 3 times: timed out after 1 s; run with --retry-failed (or --force) to try again"
    )
    crash, final = retry.remember(error("WorkerCrashed", "killed by SIGKILL"), attempts=3, limits=limits)
    assert final and crash["depends"] == {"memory_mb": 800}


def test_a_failure_of_the_bytes_is_remembered_at_once_with_the_limit_it_depends_on():
    entry, final = retry.remember(error("UnreadableInput", "empty file"), attempts=1, limits={"memory_mb": 800})
    assert final and entry == {"error": error("UnreadableInput", "empty file")}
    bomb, final = retry.remember(error("StreamTooLarge", "inflates"), attempts=1, limits={"memory_mb": 800})
    assert final and bomb["depends"] == {"memory_mb": 800}  # with more memory, the stream may fit


def test_an_entry_holds_until_a_run_gives_more_time_or_memory():
    now = Conditions(timeout=120, memory_mb=4096)
    assert now.holds(None) and now.holds({}) and now.holds({"timeout": 120}) and now.holds({"timeout": 300})
    assert not now.holds({"timeout": 60}) and not now.holds({"memory_mb": 1000})
    assert not Conditions(timeout=120, memory_mb=None).holds({"memory_mb": 8000})  # no limit is the most
    assert Conditions().holds({"timeout": None})
    assert not now.holds({"something new": 1})  # written by a newer version: not trusted


@pytest.fixture
def failing(monkeypatch):
    """Every document fails with `failing.error_type`; `failing.calls` lists the paths given to the workers."""

    class Failing:
        error_type, message, calls = "Timeout", "timed out after 1 s", []

        def execute(self, todo, **options):
            self.calls.append(sorted(f.rel_path for f in todo))
            for found in todo:
                yield failed(found, self.error_type, self.message)

    fake = Failing()
    monkeypatch.setattr("pipeline.executor.execute", fake.execute)
    return fake


def french(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "long.txt").write_text("Nantes, le 3 avril 2025. Un texte bien trop long.\n", encoding="utf-8")


def test_a_time_out_is_tried_on_three_runs_then_remembered_and_brought_back_by_more_time_or_the_option(
    tmp_path, failing
):
    raw, out = tmp_path / "raw", tmp_path / "out"
    french(raw)
    for _ in range(4):
        summary = run(raw, out, workers=1, timeout=1)
        assert summary.failed == 1
    assert failing.calls == [["long.txt"]] * 3  # the fourth run did not pay for it
    [line] = read_jsonl(out / "errors.jsonl")
    assert line["message"].startswith("failed 3 times: timed out after 1 s; run with --retry-failed")

    for entry in out.glob(".cache/*/*/*.json"):  # the no-op run (same limits) needs no cache entry
        entry.write_text("{damaged")
    assert run(raw, out, workers=1, timeout=1).failed == 1
    assert len(failing.calls) == 3
    run(raw, out, workers=1, timeout=1, force=True)  # repairs the entries; --force counts from 1 again
    assert len(failing.calls) == 4
    [line] = read_jsonl(out / "errors.jsonl")
    assert line["message"] == "timed out after 1 s"
    run(raw, out, workers=1, timeout=1)
    run(raw, out, workers=1, timeout=1)  # the third attempt since --force: remembered again
    run(raw, out, workers=1, timeout=1)
    assert len(failing.calls) == 6

    run(raw, out, workers=1, timeout=5)  # more time: one more attempt, then remembered with the new limit
    run(raw, out, workers=1, timeout=5)
    run(raw, out, workers=1, timeout=2)  # less time than it had: nothing new to learn
    assert len(failing.calls) == 7
    [line] = read_jsonl(out / "errors.jsonl")
    assert line["message"].startswith("failed 4 times: timed out after 1 s")

    run(raw, out, workers=1, timeout=5, retry_failed=True)
    assert len(failing.calls) == 8
    run(raw, out, workers=1, timeout=5)
    assert len(failing.calls) == 8


def test_retry_failed_brings_back_failures_of_the_bytes_and_a_failure_of_the_moment_is_tried_every_run(
    tmp_path, failing
):
    raw, out = tmp_path / "raw", tmp_path / "out"
    french(raw)
    failing.error_type, failing.message = "UnreadableInput", "damaged"
    run(raw, out, workers=1)
    run(raw, out, workers=1)
    assert len(failing.calls) == 1
    failing.error_type = "FileChanged"
    run(raw, out, workers=1, retry_failed=True)
    run(raw, out, workers=1)  # a failure of the moment is tried on every run
    assert len(failing.calls) == 3
    [line] = read_jsonl(out / "errors.jsonl")
    assert line["error_type"] == "FileChanged"
