"""Refuse a PDF whose compressed streams would not fit in the worker's memory, before PDFium inflates them.

A few kilobytes of PDF can hold a stream compressed twice over
(`/Filter [/FlateDecode /FlateDecode]`) that inflates to gigabytes. PDFium
inflates a page's streams whole when it opens the page; under the worker's
memory limit the allocation fails inside PDFium, which aborts the process
(SIGABRT). A dead worker costs a model reload, and a crash is retried on
every run; a `DocumentError` raised here is one plain error line instead.

How: every stream whose data is zlib (Flate), possibly wrapped in ASCII85
or ASCIIHex, is inflated with zlib in chunks of at most `CHUNK` bytes that
are counted and thrown away; output that is zlib again (a chain of Flate
filters) is inflated in turn, and the first stream to inflate beyond the
budget stops the check. The stream dictionaries are not parsed: a filter
name can be hidden in many ways (`/Fl#61teDecode`, an indirect object), the
data cannot. Most streams are not inflated at all: one Flate level gives at
most 1032 bytes per byte read and cannot read past the end of the file (or
of its ASCII wrapper), so a stream that is not Flate twice (its first two
inflated bytes tell) and whose bound is within the budget is skipped.

The budget is half of the address space left under the worker's
`RLIMIT_AS` (PDFium holds working copies while it inflates and parses), or
half of the machine's memory when there is no limit.

Not covered: LZW and RunLength streams, inline images inside content
streams, and images declaring a huge size (rendering for OCR is capped by
`ocr.MAX_PIXELS`).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import os
import re
import resource
import zlib
from collections.abc import Callable, Iterable, Iterator

from pipeline.errors import UnreadableInput

CHUNK = 1 << 20  # inflated bytes held at a time, per level
MAX_RATIO = 1033  # deflate's limit, 1032:1 (a 258-byte match in 2 bits), plus a margin for block headers
_READ = 1 << 16  # compressed bytes fed to zlib at a time
_PROBE = 1024  # bytes enough to inflate a stream's first two bytes (a dynamic Huffman header is < 300)
_MAX_DEPTH = 8  # Flate filters chained on one stream; PDFium would inflate a longer chain too, but none is sane
_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]+")


class StreamTooLarge(UnreadableInput):
    """A stream of the PDF inflates beyond what the worker can hold."""


def check_streams(data: bytes, budget: int | None = None) -> None:
    """Raise `StreamTooLarge` if one stream of `data` (any level of a Flate chain) inflates beyond `budget` bytes."""
    budget = memory_budget() if budget is None else budget
    for start in _stream_starts(data):
        flate = _flate_data(data, start)
        if flate is None:
            continue
        probe, whole, bound = flate
        head = _head(probe)
        if head is None:  # not zlib after all
            continue
        if _looks_zlib(head) or len(head) < 2 or MAX_RATIO * bound > budget:
            _drain(_inflate([whole()], budget), budget, depth=1)


def memory_budget() -> int:
    """Bytes one stream may inflate to here: half of what is left under the address-space limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    return max(soft - _address_space(), 0) // 2


def _address_space() -> int:
    """This process's mapped address space (what RLIMIT_AS counts), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _stream_starts(data: bytes) -> Iterator[int]:
    """Where the data of each `stream` keyword begins (`bytes.find`: a regex with `\\b` is ten times slower)."""
    i = data.find(b"stream")
    while i >= 0:
        end = i + 6
        if data[end : end + 2] == b"\r\n":
            end += 2
        elif data[end : end + 1] in (b"\n", b"\r"):
            end += 1
        else:
            end = -1
        if end > 0 and not (i and data[i - 1 : i].isalpha()):  # not `endstream`
            yield end
        i = data.find(b"stream", i + 6)


def _flate_data(data: bytes, start: int) -> tuple[bytes, Callable[[], bytes], int] | None:
    """For a stream whose data is zlib, bare or in ASCII85 or ASCIIHex: (its first bytes, a function
    giving all of it, an upper bound of its length); None for any other stream."""
    view = memoryview(data)
    if _looks_zlib(view[start : start + 2]):
        return bytes(view[start : start + _PROBE]), lambda: view[start:], len(data) - start
    for terminator, decode in ((b"~>", _a85), (b">", _ahx)):
        if _looks_zlib((decode(bytes(view[start : start + 20])) or b"")[:2]):  # cheap: most streams stop here
            end = data.find(terminator, start)
            end = len(data) if end < 0 else end
            probe = decode(bytes(view[start : min(end, start + 2 * _PROBE)])) or b""
            bound = end - start + 3 * data.count(b"z", start, end)  # ASCII85 gives 4 bytes for 5 characters, or 1
            return probe, lambda end=end, decode=decode: decode(data[start:end]) or b"", bound
    return None


def _a85(text: bytes) -> bytes | None:
    """ASCII85 text decoded (a cut-off last group decodes to a few wrong bytes: enough for a probe)."""
    try:
        return base64.a85decode(_SPACE.sub(b"", text))
    except ValueError:
        return None


def _ahx(text: bytes) -> bytes | None:
    text = _SPACE.sub(b"", text)
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except (binascii.Error, ValueError):
        return None


def _head(probe: bytes) -> bytes | None:
    """The first two inflated bytes of a zlib stream (fewer if it is that short), None if it is not zlib."""
    try:
        return zlib.decompressobj().decompress(probe, 2)
    except zlib.error:
        return None


def _looks_zlib(head) -> bool:
    """The two header bytes of a zlib stream: deflate method, window ≤ 32 KB, check bits."""
    return len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] * 256 + head[1]) % 31 == 0


def _slices(chunks: Iterable) -> Iterator[memoryview]:
    for chunk in chunks:
        view = memoryview(chunk)
        for i in range(0, len(view), _READ):
            yield view[i : i + _READ]


def _inflate(chunks: Iterable, budget: int) -> Iterator[bytes]:
    """The inflated data of the zlib stream in `chunks`, CHUNK bytes at most at a time; stops at its end or damage."""
    d = zlib.decompressobj()
    total = 0
    try:
        for chunk in _slices(chunks):
            while chunk and not d.eof:  # after its end, zlib leaves the input in `unconsumed_tail` for ever
                out = d.decompress(chunk, CHUNK)
                chunk = d.unconsumed_tail  # a copy: hence input in small slices
                total += len(out)
                if total > budget:
                    raise StreamTooLarge(
                        f"compressed data in this PDF inflates to more than {budget / 2**20:,.0f} MB, more than the "
                        "worker can hold under its memory limit: a compression bomb, or too low a --memory-mb"
                    )
                if out:
                    yield out
            if d.eof:
                return
    except zlib.error:  # damaged or not zlib after all: PDFium will judge the stream
        return


def _drain(chunks: Iterator[bytes], budget: int, depth: int) -> None:
    """Consume one level's output, inflating it as the next level if it is zlib data too."""
    first = next(chunks, None)
    if first is None:
        return
    rest = itertools.chain([first], chunks)
    if depth < _MAX_DEPTH and _looks_zlib(first):
        _drain(_inflate(rest, budget), budget, depth + 1)
    for _ in rest:  # what the inner level did not use is counted all the same
        pass
