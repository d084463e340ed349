"""Read `.txt` and `.md` files into text whose offsets index the file's own characters.

The decoded text is kept verbatim except for `\\r\\n` → `\\n`: no
normalisation, no stripping, so that an entity's offsets point at exactly
what the file says.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableInput

_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Without a BOM, a French text that is not UTF-8 is almost always in one of these;
# letting the detector consider every code page makes it read cp1252 as Baltic or Turkish.
_CANDIDATES = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]
_MAX_CONTROL_RATIO = 0.01
# The control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) other than the whitespace
# ones (`\t\n\v\f\r`). Counted by `re` instead of `unicodedata.category` on every character: 6.6 ms
# for the 5 seed texts (0.5 % of NER's time on them), now 0.6 ms.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def read_text(data: bytes, suffix: str = ".txt") -> tuple[str, str, list[str]]:
    """Decode the bytes of a text file: (text, encoding name, warnings). Raises `UnreadableInput`."""
    if not data.strip():
        raise UnreadableInput("empty file: there is no text to process")
    text, encoding, warnings = _decode(data, suffix)
    text = text.replace("\r\n", "\n")
    _reject_binary(text, suffix)
    return text, encoding, warnings


def _decode(data: bytes, suffix: str) -> tuple[str, str, list[str]]:
    if encoding := _bom_encoding(data):
        try:
            return data.decode(encoding), encoding, []
        except UnicodeDecodeError as e:
            raise UnreadableInput(f"cannot decode the file as {encoding}: {e.reason} at byte {e.start}") from e
    if b"\x00" in data:
        raise UnreadableInput(f"binary data in a {suffix} file: it contains NUL bytes and no UTF-16 byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if damaged := _damaged_utf8(data):
        text, bad = damaged
        return text, "utf-8", [f"{bad} byte(s) that are not valid UTF-8 were replaced by U+FFFD"]
    encoding = _detect_single_byte(data)
    return data.decode(encoding), encoding, []


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few broken bytes (a bad copy, a truncated download), as (text, bad bytes).

    Read as a single-byte code page instead, every accented letter of the
    file would be garbled to fix a handful; so when the valid multi-byte
    characters far outnumber the broken ones, the file is UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    return (text, bad) if valid >= 10 * bad else None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _detect_single_byte(data: bytes) -> str:
    """The code page of bytes that are not UTF-8 (charset-normalizer among the usual French ones)."""
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None:
        return best.encoding
    # Too short for statistics: cp1252 is what Windows wrote French in; latin-1 decodes anything.
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _reject_binary(text: str, suffix: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) * _MAX_CONTROL_RATIO):
        raise UnreadableInput(f"binary data in a {suffix} file: {controls} control characters in {len(text)}")
