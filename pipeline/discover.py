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
cannot be listed: nothing under `raw/` is left out silently (each gets an
error line, `recorded`, except hidden files and linked folders).

Each file is opened once (`open_under`): component by component from the raw
folder, never following a symbolic link (`O_NOFOLLOW`), then checked with
`fstat` to be a regular file on the raw folder's device, and hashed from that
descriptor. A link inside `raw/` is resolved first and its target opened the
same way. So a file swapped for a link to somewhere else between the listing
and the reading is refused, never read: before, a loop renaming such a link
over a file put a mode-600 file from outside `raw/` into the outputs (146 of
2,000 discoveries hashed it). The worker opens the file the same way and
checks it is the same one (`read_checked`), never following its name.

A file above its reader's size limit is refused from `fstat` alone, unhashed
(`content_id` then stands for its size, modification time and inode): a
100 GB sparse `.txt` used to be read in full on every run.

A regular file that the last discovery hashed and that `lstat` shows
unchanged (device, inode, size, mtime and ctime: `pipeline.seen`) keeps that
sha256 and is not opened: a re-run reads no input it has read before. A
worker still opens it as above and checks its sha256 before using it.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import filetype

from pipeline.errors import UnsupportedInput
from pipeline.names import display, record_name
from pipeline.settings import MAX_PDF_BYTES, MAX_TEXT_BYTES, SUFFIXES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Found:
    """A file under the raw folder, before it is read.

    `sha256` is None for a file refused from its size (`oversized`), which is never read. `root`,
    `opened`, `device` and `inode` say which file discovery opened: `opened` is its path under `root`
    without any symbolic link (a link's target), and a worker reads that file only (`read_checked`).
    """

    path: Path
    rel_path: str
    sha256: str | None
    size: int | None  # None for a skipped entry
    root: Path | None = None
    opened: Path | None = None
    device: int = 0
    inode: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    oversized: bool = False
    skipped: str | None = None  # why discovery did not read it (`Skipped.as_input`): its error line says so

    @property
    def content_id(self) -> str:
        """What stands for the content in the cache key: the sha256, or for a file never read its identity."""
        if self.sha256 is not None:
            return self.sha256
        if self.skipped is not None:
            return f"skipped:{self.skipped}"
        return f"unread:{self.size}:{self.mtime_ns}:{self.device}:{self.inode}"


@dataclass(frozen=True)
class Skipped:
    rel_path: str
    reason: str  # on stderr: may name where a link leads
    plain: str | None = None  # in the error line, when it must not: outputs name nothing outside raw/

    @property
    def recorded(self) -> bool:
        """Whether it gets an error line: anything that may be an input, not a hidden file or a linked folder."""
        return self.reason != HIDDEN and self.reason != LINKED_FOLDER

    def as_input(self, raw: Path) -> Found:
        """The skipped entry as an input of the run, whose outcome is an error line (stage `discover`)."""
        return Found(raw / self.rel_path, self.rel_path, None, None, skipped=self.plain or self.reason)


def inputs(found: list[Found], skipped: list[Skipped], raw: Path) -> list[Found]:
    """What the run accounts for, in path order: the files found, and the skipped entries that get an error line."""
    return sorted([*found, *(s.as_input(raw) for s in skipped if s.recorded)], key=lambda f: f.rel_path)


HIDDEN = "hidden file"
# The error line of a link out of raw/ does not say where it leads: the outputs would then depend on where
# raw/ is, and name a path outside it.
OUTSIDE_LINK = "symbolic link leading outside the raw folder, not followed"
LINKED_FOLDER = "symbolic link to a folder, not followed"
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a named pipe swapped in after the check must not block the open (it is refused by `fstat`).
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY


class NotUnderRaw(OSError):
    """The file opened is not a regular file of the raw folder's device (a swap, a mount, a device)."""


def open_under(root: Path, rel: Path) -> int:
    """A descriptor of `root/rel`, opened without following any symbolic link below `root`.

    Raises OSError (ELOOP or ENOTDIR for a link met on the way) rather than leave the raw folder.
    """
    parts = rel.parts
    if not parts or any(part in ("..", ".") for part in parts) or rel.is_absolute():
        raise NotUnderRaw(f"not a path under the raw folder: {rel}")
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _DIR, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _FILE, dir_fd=folder)
    finally:
        os.close(folder)


def _check_regular(fd: int, root_device: int) -> os.stat_result:
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode):
        raise NotUnderRaw(LINKED_FOLDER)
    if not stat.S_ISREG(st.st_mode):
        raise NotUnderRaw("not a regular file")
    if st.st_dev != root_device:
        raise NotUnderRaw("on another file system than the raw folder")
    return st


def discover(raw: Path, seen: Mapping[str, tuple] | None = None) -> tuple[list[Found], list[Skipped]]:
    """Every candidate file under `raw` (sorted by relative path), and what was skipped and why.

    `seen`: what the last discovery saw of each file (`pipeline.seen.load`); a regular file whose `lstat`
    matches it keeps its sha256 unopened.
    """
    raw = raw.resolve()
    seen = seen or {}
    root_device = os.stat(raw).st_dev
    found, skipped = [], []
    for path, rel in _walk(raw, skipped):
        if any(part.startswith(".") for part in rel.split("/")):
            skipped.append(Skipped(rel, HIDDEN))
            continue
        try:
            found.append(_inspect(raw, root_device, path, rel, seen.get(rel)))
        except _Skip as e:
            skipped.append(Skipped(rel, *e.args))
        except NotUnderRaw as e:
            skipped.append(Skipped(rel, str(e)))
        except (OSError, RuntimeError) as e:  # RuntimeError: a symbolic link loop
            skipped.append(Skipped(rel, f"cannot be read: {getattr(e, 'strerror', None) or e}"))
    found.sort(key=lambda f: f.rel_path)
    skipped.sort(key=lambda s: s.rel_path)
    return found, skipped


class _Skip(Exception):
    """An entry that is not read, and why: `_Skip(reason)` or `_Skip(reason, plain)` (`Skipped`)."""


def _inspect(raw: Path, root_device: int, path: Path, rel: str, seen: tuple | None) -> Found:
    """Open the entry once (a link: its target, if under `raw`), check it, and hash it from the descriptor;
    or, for a regular file as `seen` (`pipeline.seen`), take the sha256 seen then."""
    opened = path.relative_to(raw)
    if os.path.islink(path):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(raw):
            raise _Skip(f"symbolic link to {target}, outside the raw folder", OUTSIDE_LINK)
        os.stat(path)  # a link loop or a dangling link: OSError, "cannot be read"
        if target == raw or os.path.isdir(target):
            raise _Skip(LINKED_FOLDER)
        opened = target.relative_to(raw)
    elif not stat.S_ISREG((st := os.lstat(path)).st_mode):  # a pipe or a device: not even opened
        raise _Skip("not a regular file")
    elif (
        seen is not None
        and st.st_dev == root_device
        and seen[:5] == _stat_identity(st)
        and not _too_large(st.st_size, rel)
    ):
        return Found(path, rel, seen[5], st.st_size, raw, opened, st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    try:
        fd = open_under(raw, opened)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _Skip("became a symbolic link while it was being opened: not followed") from None
        raise
    try:
        st = _check_regular(fd, root_device)
        identity = {"root": raw, "opened": opened, "device": st.st_dev, "inode": st.st_ino}
        identity |= {"mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns}
        if _too_large(st.st_size, rel):  # refused from its size: never read, not even hashed
            return Found(path, rel, None, st.st_size, oversized=True, **identity)
        digest, size = _fd_digest(fd)
    finally:
        os.close(fd)
    return Found(path, rel, digest, size, **identity)


def _stat_identity(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _too_large(size: int, rel: str) -> bool:
    if size <= min(MAX_PDF_BYTES, MAX_TEXT_BYTES):  # under every limit: the usual case, decided without imports
        return False
    from pipeline.errors import DocumentError
    from pipeline.read import check_size

    try:
        check_size(size, SUFFIXES.get(Path(rel).suffix.lower()))
    except DocumentError:
        return True
    return False


def read_checked(found: Found) -> bytes:
    """The bytes of the file discovery found, opened the way it did: never through a symbolic link.

    Raises OSError when the file is gone, replaced (by a link, by another file), or not a regular
    file of the raw folder's device. On the machine that discovered it, the inode must be the same;
    a Dask worker elsewhere sees other device numbers, and the caller's sha256 check decides.
    A `Found` made without discovery (`root` None: the worker's sample text) is opened by its own path,
    also without following a link.
    """
    if found.root is None:
        fd = os.open(found.path, _FILE)
        try:
            _check_regular(fd, os.fstat(fd).st_dev)
            return _read_all(fd)
        finally:
            os.close(fd)
    root_device = os.stat(found.root).st_dev
    fd = open_under(found.root, found.opened)
    try:
        st = _check_regular(fd, root_device)
        if root_device == found.device and st.st_ino != found.inode:
            raise NotUnderRaw("the file was replaced by another one")
        return _read_all(fd)
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _fd_digest(fd: int) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    while chunk := os.read(fd, 1 << 20):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def _walk(raw: Path, skipped: list[Skipped]) -> Iterator[tuple[Path, str]]:
    def unlisted(e: OSError) -> None:  # os.walk would otherwise leave out a folder it cannot list, silently
        rel = record_name(Path(e.filename).relative_to(raw).as_posix()) if e.filename else "."
        skipped.append(Skipped(rel, f"folder cannot be listed: {e.strerror or e}"))

    # Symlinked folders are not followed: they could lead outside raw/ or loop.
    for dirpath, dirnames, filenames in os.walk(raw, onerror=unlisted, followlinks=False):
        dirnames.sort()
        folder = Path(dirpath)
        under = folder.relative_to(raw).as_posix()  # "." for raw itself
        # A symlinked folder is listed as an entry of its own, so that it is reported, not silently ignored.
        links = [d for d in dirnames if (folder / d).is_symlink()]
        for entry in sorted(filenames + links):
            path = folder / entry
            name = entry if under == "." else f"{under}/{entry}"
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
