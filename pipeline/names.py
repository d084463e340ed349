"""File names as records write them, and as the terminal shows them.

A file name on Linux is bytes: it need not be UTF-8, and it may hold control
characters. Two needs follow, one function each:

- `record_name`: records name every input unambiguously and reversibly.
  Python reads a non-UTF-8 byte as a lone surrogate, which JSON cannot carry;
  writing it `\\xe9` alone would give `caf\\xe9.txt` (byte E9) the same path as
  a file literally named `caf\\xe9.txt`. So a backslash is written `\\\\` as
  well, and `raw_name` gives the exact bytes back.
- `display`: whatever reaches the terminal is escaped. A name holding
  `\\x1b[2K\\r` would erase the line above it and print whatever follows as if
  the pipeline had; `\\x1b]0;…\\x07` retitles the window.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\(\\|x([0-9a-f]{2}))")


def record_name(name: str) -> str:
    """`name` (from the file system: non-UTF-8 bytes as surrogates) as records write it.

    UTF-8 names without a backslash, which is nearly all of them, are unchanged.
    """
    return name.replace("\\", "\\\\").encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def raw_name(path: str) -> bytes:
    """The bytes of the file name that `record_name` wrote as `path`: `raw / os.fsdecode(raw_name(p))` opens it."""
    unescaped = _ESCAPE.sub(lambda m: "\\" if m[2] is None else chr(0xDC00 + int(m[2], 16)), path)
    return unescaped.encode("utf-8", "surrogateescape")


def display(text: str) -> str:
    """`text` safe to print: every character that is not printable (controls, line and paragraph
    separators, bidirectional overrides, lone surrogates) is shown as its Python escape, `\\x1b`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
