"""Find the press releases under `raw/` and tell what each one is.

A file's type comes from its bytes as well as its name: a `.pdf` that is
really a PNG, or a `.txt` full of binary data, is reported as such instead
of being fed to the wrong reader.

What is read: regular files under `raw/`, including symbolic links that stay
inside it and hard links. A hard link is not a pointer to somewhere else but
one more name of the same file, as much in `raw/` as its other names (and
only someone who can already read a file may link it on Linux), so it is
read like any other file. Symbolic links leading outside `raw/`, hidden
files, pipes and devices are skipped and reported, and so is a folder that
cannot be listed: nothing under `raw/` is left out silently.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import filetype

from pipeline.errors import UnsupportedInput
from pipeline.names import display, record_name
from pipeline.settings import SUFFIXES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Found:
    """A file under the raw folder, before it is read."""

    path: Path
    rel_path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Skipped:
    rel_path: str
    reason: str


def discover(raw: Path) -> tuple[list[Found], list[Skipped]]:
    """Every candidate file under `raw` (sorted by relative path), and what was skipped and why."""
    raw = raw.resolve()
    found, skipped = [], []
    for path, rel in _walk(raw, skipped):
        if any(part.startswith(".") for part in Path(rel).parts):
            skipped.append(Skipped(rel, "hidden file"))
            continue
        try:
            if path.is_symlink() and not (target := path.resolve()).is_relative_to(raw):
                skipped.append(Skipped(rel, f"symbolic link to {target}, outside the raw folder"))
                continue
            if not stat.S_ISREG(path.stat().st_mode):  # a named pipe or a device would block or never end
                skipped.append(
                    Skipped(rel, "symbolic link to a folder, not followed" if path.is_dir() else "not a regular file")
                )
                continue
            digest, size = file_digest(path)
        except (OSError, RuntimeError) as e:  # RuntimeError: a symbolic link loop
            skipped.append(Skipped(rel, f"cannot be read: {getattr(e, 'strerror', None) or e}"))
            continue
        found.append(Found(path, rel, digest, size))
    found.sort(key=lambda f: f.rel_path)
    skipped.sort(key=lambda s: s.rel_path)
    return found, skipped


def _walk(raw: Path, skipped: list[Skipped]) -> Iterator[tuple[Path, str]]:
    def unlisted(e: OSError) -> None:  # os.walk would otherwise leave out a folder it cannot list, silently
        rel = record_name(Path(e.filename).relative_to(raw).as_posix()) if e.filename else "."
        skipped.append(Skipped(rel, f"folder cannot be listed: {e.strerror or e}"))

    # Symlinked folders are not followed: they could lead outside raw/ or loop.
    for dirpath, dirnames, filenames in os.walk(raw, onerror=unlisted, followlinks=False):
        dirnames.sort()
        # A symlinked folder is listed as an entry of its own, so that it is reported, not silently ignored.
        links = [d for d in dirnames if (Path(dirpath) / d).is_symlink()]
        for entry in sorted(filenames + links):
            path = Path(dirpath) / entry
            name = path.relative_to(raw).as_posix()
            # A name that is not UTF-8 is still opened by its bytes, and written unambiguously (`names`).
            rel = record_name(name)
            if rel != name:
                log.warning(
                    "%s: this file name is not UTF-8 or holds a backslash; records write it as shown here "
                    "(\\xHH for a byte that is not UTF-8, \\\\ for a backslash)",
                    display(rel),
                )
            yield path, rel


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 and size, reading in chunks so that large files stay out of memory."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def sniff(head: bytes, name: str) -> str:
    """The format to read a file as (txt | md | pdf), from its first bytes and its name.

    Raises `UnsupportedInput` with a plain-language reason when bytes and name disagree
    or the file is of a kind the pipeline does not read.
    """
    suffix = Path(name).suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    kind = filetype.guess(head)
    if suffix == ".pdf":
        raise UnsupportedInput(f"not a PDF: {_describe(kind) if kind else 'the file does not start like a PDF'}")
    if kind:
        raise UnsupportedInput(
            f"binary data in a {suffix + ' file' if suffix else 'file without extension'}: {_describe(kind)}"
        )
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if not suffix or suffix in {".text"}:
        return "txt"
    raise UnsupportedInput(f"unsupported file type '{suffix}': the pipeline reads .txt, .md and .pdf files")


def _describe(kind) -> str:
    """'the file is a PNG image', 'the file is a ZIP file'..."""
    category = kind.mime.split("/")[0]
    noun = category if category in {"image", "video", "audio", "font"} else "file"
    name = kind.extension.upper()
    article = "an" if name[0] in "AEFHILMNORSX" else "a"
    return f"the file is {article} {name} {noun}"
