"""What this installation is made of: for `press-pipeline --version` and for `output/run.json`.

The versions that shape a record (the package, the spaCy model, the libraries of
`settings.LIBRARIES`, Python) and the optional parts found on this machine:
Tesseract (OCR of pages without a text layer), Chromium (the review site's
browser tests) and Dask (`--cluster`). Nothing here imports spaCy: `--version`
answers in well under a second.
"""

from __future__ import annotations

import platform
import shutil
from importlib.metadata import PackageNotFoundError, version

from pipeline import __version__
from pipeline.settings import LIBRARIES, SPACY_MODEL

DISTRIBUTION = "press-pipeline"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _version(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def versions() -> dict:
    """The versions a run's records depend on."""
    return {
        "pipeline": __version__,
        "python": platform.python_version(),
        "model": {"name": SPACY_MODEL, "version": _version(SPACY_MODEL.replace("_", "-"))},
        "libraries": {name: _version(name) for name in LIBRARIES},
    }


def optional_parts() -> dict[str, str | None]:
    """Each optional part, as found here (its path or version), or None when it is not."""
    from pipeline.tools import tesseract

    program = shutil.which("tesseract")
    ocr = tesseract()
    return {
        "tesseract": None if program is None else program if ocr.reason is None else f"{program} ({ocr.reason})",
        "chromium": next((path for name in BROWSERS if (path := shutil.which(name))), None),
        "dask": _version("distributed"),
    }


def version_text() -> str:
    """What `press-pipeline --version` prints."""
    v = versions()
    parts = optional_parts()
    lines = [
        f"{DISTRIBUTION} {v['pipeline']}",
        f"model: {v['model']['name']} {v['model']['version'] or 'not installed'}",
        f"Python {v['python']}",
        f"Tesseract: {parts['tesseract'] or 'not found (pages without a text layer stay empty)'}",
        f"Chromium: {parts['chromium'] or 'not found (the review site browser tests skip)'}",
        f"Dask: {parts['dask'] or 'not installed (--cluster needs the cluster extra)'}",
    ]
    return "\n".join(lines)
