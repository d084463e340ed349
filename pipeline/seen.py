"""What discovery saw of each input, so that a file left alone is not read again to be hashed.

`<out>/.cache/seen.json` maps each input's path to the device, inode, size,
mtime and ctime it had when discovery hashed it, and that sha256. The next
discovery (`discover.discover`) takes the sha256 of a regular file whose
`lstat` gives the same five numbers, without opening it; any other file is
opened and hashed as before. As in git's index, the stat stands for the
content; unlike git's, the ctime is in it, which no program can set back
(`touch -r` and `os.utime` set the mtime only), so an edit that keeps the size
and restores the mtime is still seen. A file changed within `RACY_NS` of the
discovery that hashed it is not recorded (an edit right after the hashing, in
the same tick of the file system's clock, could leave all five numbers as they
were): it is hashed again by the next run, which records it.

A missing, damaged or edited list only means every file is hashed; it is
written without a sync (a lost list costs a hashing) and only when it changed,
so a re-run with nothing to do writes nothing. `--force` ignores it.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from pipeline.discover import Found
from pipeline.write import atomic_write

SEEN = "seen.json"  # under <out>/.cache
RACY_NS = 2_000_000_000  # changed less than this before discovery began: hashed again next time
_SHA256 = re.compile(r"[0-9a-f]{64}")


def load(out: Path) -> dict[str, tuple]:
    """Path -> (device, inode, size, mtime_ns, ctime_ns, sha256) as the last discovery saw them; entries
    of any other shape are left out."""
    try:
        raw = json.loads((out / ".cache" / SEEN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {path: tuple(entry) for path, entry in raw.items() if _valid(entry)}


def _valid(entry) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 6
        and all(type(n) is int and n >= 0 for n in entry[:5])
        and isinstance(entry[5], str)
        and _SHA256.fullmatch(entry[5]) is not None
    )


def fingerprint(found: Found, since_ns: int) -> tuple | None:
    """What to remember of `found`, hashed by a discovery that began at `since_ns` (`time.time_ns()`): None
    for an entry not hashed (skipped, refused from its size) or changed within `RACY_NS` of `since_ns`."""
    if found.sha256 is None or found.skipped is not None or found.root is None:
        return None
    if max(found.mtime_ns, found.ctime_ns) >= since_ns - RACY_NS:
        return None
    return (found.device, found.inode, found.size, found.mtime_ns, found.ctime_ns, found.sha256)


def save(out: Path, found: list[Found], since_ns: int, previous: dict[str, tuple]) -> None:
    """Remember the fingerprints of `found` (`fingerprint`), unless they are those already on disk."""
    seen = {f.rel_path: entry for f in found if (entry := fingerprint(f, since_ns)) is not None}
    if seen == previous:
        return
    with contextlib.suppress(OSError):  # not written (disk full, a folder in its place): files are hashed
        (out / ".cache").mkdir(parents=True, exist_ok=True)
        atomic_write(out / ".cache" / SEEN, json.dumps(seen, separators=(",", ":")) + "\n", durable=False)
