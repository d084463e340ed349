"""A record that needed OCR depends on Tesseract; no other record does (issue 12, item 3).

A fake `tesseract` on PATH (the one of `test_cache_reliability.py`, which logs its calls here)
stands for installing, upgrading and removing it, without depending on what the machine has.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from pipeline import tools
from pipeline.run import run
from tests import hostile
from tests.conftest import RAW
from tests.hostile import read_jsonl
from tests.test_cache_reliability import _FAKE_TESSERACT

_LOG_CALL = """
import os
with open(os.environ["FAKE_TESSERACT_LOG"], "a", encoding="utf-8") as log:
    log.write(sys.argv[1] + "\\n")
"""


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """`machine(version)` puts a fake Tesseract of that version on PATH (None: no Tesseract); `machine.calls()`."""
    log = tmp_path / "tesseract.log"
    monkeypatch.setenv("FAKE_TESSERACT_LOG", str(log))

    class Machine:
        def __call__(self, version: str | None) -> None:
            folder = tmp_path / f"bin-{version}"
            folder.mkdir(exist_ok=True)
            if version is not None:
                script = _FAKE_TESSERACT.format(python=sys.executable).replace(
                    "tesseract 5.3.0", f"tesseract {version}"
                )
                script = script.replace("import zlib\n", "import zlib\n" + _LOG_CALL, 1)
                (folder / "tesseract").write_text(script, encoding="utf-8")
                (folder / "tesseract").chmod(0o755)
            monkeypatch.setenv("PATH", str(folder))
            log.unlink(missing_ok=True)

        def calls(self) -> list[str]:
            return log.read_text(encoding="utf-8").split() if log.exists() else []

    yield Machine()
    tools.tesseract.cache_clear()  # what this process saw of the fakes is forgotten


def test_the_fingerprint_follows_the_install_and_is_taken_once_per_process(machine):
    machine(None)
    tools.tesseract.cache_clear()
    assert tools.tesseract() == tools.Tesseract(f"Tesseract is not installed ({tools.INSTALL_HINT})", tools.ABSENT)
    machine("5.3.0")
    assert tools.tesseract().fingerprint == tools.ABSENT  # remembered by this process until told to look again
    tools.tesseract.cache_clear()
    installed = tools.tesseract()
    assert installed.reason is None and installed.fingerprint != tools.ABSENT
    assert sorted(machine.calls()) == ["--list-langs", "--version"]
    tools.tesseract()
    assert len(machine.calls()) == 2
    machine("5.4.0")
    tools.tesseract.cache_clear()
    assert tools.fingerprint("ocr") not in (installed.fingerprint, tools.ABSENT)


@pytest.mark.slow
def test_only_the_records_that_needed_ocr_are_made_again_when_tesseract_changes(tmp_path, machine):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(RAW / "2025-11_imt-salon-adopt-ai-scan.pdf", raw / "scan.pdf")
    shutil.copy(RAW / "2024-07_imt-inria-accord-cadre-communique.pdf", raw / "texte.pdf")  # has a text layer
    (raw / "a.txt").write_text(hostile.french(3), encoding="utf-8")

    def scan() -> dict:
        return {r["source"]["path"]: r for r in read_jsonl(out / "documents.jsonl")}["scan.pdf"]

    machine(None)
    assert run(raw, out, workers=0).processed == 3
    assert "Tesseract is not installed" in " ".join(scan()["warnings"])
    assert machine.calls() == []

    machine("5.3.0")  # installed: the scan, and only the scan, is read again
    summary = run(raw, out, workers=0)
    assert (summary.processed, summary.unchanged) == (1, 2)
    assert "fausse reconnaissance" in scan()["text"] and scan()["source"]["ocr_pages"] == [1, 2]

    machine("5.3.0")
    entries = {entry: entry.read_bytes() for entry in out.glob(".cache/*/*/*.json")}
    for entry in entries:  # a no-op run still opens no cache entry
        entry.write_text("{damaged")
    summary = run(raw, out, workers=0)  # nothing changed: the run asks Tesseract once, not per document
    assert (summary.processed, summary.unchanged) == (0, 3)
    assert sorted(machine.calls()) == ["--list-langs", "--version"]
    for entry, data in entries.items():
        entry.write_bytes(data)

    machine("5.4.0")  # upgraded
    assert run(raw, out, workers=0).processed == 1
    machine(None)  # removed
    assert run(raw, out, workers=0).processed == 1
    assert "Tesseract is not installed" in " ".join(scan()["warnings"])


def test_a_run_without_any_record_that_needed_ocr_never_asks_tesseract(tmp_path, machine):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "vide.txt").write_bytes(b"")  # an error: no model needed
    machine("5.3.0")
    run(raw, out, workers=0)
    run(raw, out, workers=0)
    assert machine.calls() == []


def test_a_pdf_depends_on_tesseract_only_when_a_page_needed_ocr():
    from pipeline.read.pdf import read_pdf

    scan = (RAW / "2025-11_imt-salon-adopt-ai-scan.pdf").read_bytes()
    assert read_pdf(scan).needs_ocr is True  # whether Tesseract is here or not
    assert read_pdf(scan, ocr=False).needs_ocr is False
    assert read_pdf((RAW / "2024-07_imt-inria-accord-cadre-communique.pdf").read_bytes()).needs_ocr is False
