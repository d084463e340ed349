"""Results of earlier runs, so that a re-run only processes what changed.

One JSON file per input, under `<out>/.cache/<config hash>/<kk>/<key>.json`
(`kk`: the key's first two hex digits), holding the record or the error
record, and the record's near-duplicate sketch. The 256 shard folders keep
each folder small as the corpus grows (git does the same with its objects):
~3,900 entries each at a million inputs instead of one folder of a million
files, which every listing, `ls`, backup tool and network file system would
have to walk whole. Entries of the flat layout of earlier versions sit in
another configuration's folder (the configuration hash covers this code)
and are pruned like any other configuration's. The key stands for the input's bytes and name (`cache_key`), the
folder for the configuration (`settings.config_hash`: pipeline and schema
versions, settings, model and library versions, rule data, the package's
code): change any of them and the entry is simply not found. Each entry is
written atomically (a temporary file renamed) as soon as its document is
done, so a run killed midway keeps the work it finished and the next run
resumes from there. It is not fsync'ed: an entry lost in a power cut (or
left empty by the file system) is a cache miss, read as none (`_load`
validates what it reads) and processed again; the manifest that vouches
for it is checked entry by entry when the outputs are written
(`run._EntryLost`). With the fsync of the file and of its folder, `put`
took 7.9 s of the parent's time for 1,000 short documents (cProfile, one
worker, a disk shared with other work), 0.8 s without. An entry
may also say what else it depends on (`depends`: `pipeline.depends`) and,
for a failure, how many runs it has failed on (`attempts`).

Failures that are not (yet) a fact about the bytes (`pipeline.retry` decides
which) are kept as `<key>.retry.json`: written to the outputs of this run
like any entry, but processed again by the next one.

The manifest (`manifest.py`) lists what the last run wrote, so that a
re-run with nothing changed does not open these files at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
from pathlib import Path

from pipeline.discover import Found
from pipeline.validate import validate_record
from pipeline.write import atomic_write, dumps

_SHARD = re.compile(r"[0-9a-f]{2}")


def cache_key(f: Found) -> str:
    """A record depends on the bytes and on the name (format from the extension, date from the name)."""
    return hashlib.sha256(f"{f.content_id}\0{f.rel_path}".encode()).hexdigest()


class ResultCache:
    def __init__(self, out: Path, config: str):
        self.root = out / ".cache"
        self.dir = self.root / config
        self.made: set[Path] = set()  # shard folders known to exist

    def path(self, key: str, suffix: str = ".json") -> Path:
        """Where the entry of `key` is: in the shard folder named by its first two hex digits."""
        return self.dir / key[:2] / f"{key}{suffix}"

    def has(self, key: str) -> bool:
        """Whether this content was processed for good (a transient failure does not count)."""
        return self.path(key).is_file()

    def get(self, key: str) -> dict | None:
        """{"record": ..., "sketch": ...} or {"error": ...}, or None when this content was never processed for good."""
        return self._load(self.path(key))

    def read(self, key: str, *, put_now: bool = False) -> dict | None:
        """The entry to write to the outputs: `get`, or else a transient failure of this run.

        `put_now`: this run wrote the entry itself (`put`) from an outcome its worker had validated, so it is
        not validated again (`valid_entry`: ~0.3 ms a short release, more for a long one); an entry of an
        earlier run is.
        """
        return self._load(self.path(key), checked=not put_now) or self._load(
            self.path(key, ".retry.json"), checked=not put_now
        )

    def attempts(self, key: str) -> int:
        """How many times this content has failed in a way worth trying again (`pipeline.retry`), 0 if never."""
        for path in (self.path(key, ".retry.json"), self.path(key)):  # the retry entry, if any, is the newer
            entry = self._load(path)
            if entry is not None:
                count = entry.get("attempts", 0)
                return count if isinstance(count, int) and "error" in entry else 0
        return 0

    @staticmethod
    def _load(path: Path, *, checked: bool = True) -> dict | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, a folder, unreadable, not UTF-8, not JSON
            return None  # a damaged entry is as good as none: the document is processed again
        return entry if not checked or valid_entry(entry) else None

    def put(self, key: str, entry: dict, *, final: bool = True) -> None:
        """Keep `entry` ({"record": ..., "sketch": ...} or {"error": ...}): for good, or (not `final`) only
        for this run's outputs, the next run processing its input again."""
        keep, drop = (".json", ".retry.json") if final else (".retry.json", ".json")
        keep, drop = self.path(key, keep), self.path(key, drop)
        if keep.parent not in self.made:
            _remove(keep.parent, files_only=True)  # a file in the way of the shard folder
            keep.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(keep.parent)
        _remove(keep, folders_only=True)  # a folder in the way would make every run fail
        atomic_write(keep, dumps(entry), durable=False)  # a lost entry is a miss (module docstring)
        _remove(drop)  # this run's result is what the outputs show

    def prune(self, keep: set[str]) -> None:
        """Forget other configurations and inputs no longer in the raw folder."""
        if self.root.exists():
            for other in self.root.iterdir():
                if other.is_dir() and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)
        if not self.dir.exists():
            return
        for shard in self.dir.iterdir():
            if not (shard.is_dir() and not shard.is_symlink() and _SHARD.fullmatch(shard.name)):
                _remove(shard)  # an entry of the flat layout, or anything else that is not a shard
                continue
            for entry in shard.iterdir():
                if entry.suffix != ".json" or entry.name.split(".", 1)[0] not in keep or entry.name[:2] != shard.name:
                    _remove(entry)
            with contextlib.suppress(OSError):  # a shard left empty goes; one still holding entries stays
                shard.rmdir()
            self.made.discard(shard)


def _remove(path: Path, *, folders_only: bool = False, files_only: bool = False) -> None:
    """Delete a cache file, or a folder that took its name (by hand, or a damaged file system)."""
    if path.is_dir() and not path.is_symlink():
        if not files_only:
            shutil.rmtree(path, ignore_errors=True)
    elif not folders_only:
        path.unlink(missing_ok=True)


def valid_entry(entry) -> bool:
    """Whether `entry`, read back from disk, is what `put` writes: anything else is a miss.

    A record must meet the document contract and an error record the error contract (fastjsonschema,
    as in the worker; about 0.3 ms for a short release), and the fields beside them their types:
    `{"record": null}` used to give a traceback on every run, `{"error": {}}` an error line with no
    path, accounted for nowhere.
    """
    if not isinstance(entry, dict) or ("record" in entry) == ("error" in entry):
        return False
    if not isinstance(entry.get("depends") or {}, dict) or not isinstance(entry.get("sketch") or "", str):
        return False
    attempts = entry.get("attempts", 1)
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        return False
    try:
        if "record" in entry:
            validate_record(entry["record"])
        else:
            validate_record(entry["error"], "error")
    except Exception:  # jsonschema.ValidationError, or a record too malformed for the checks themselves
        return False
    return True
