"""A whole run: `raw/` in, `output/` out, incrementally, under a lock, in memory flat in corpus size.

    discover → nothing changed since the manifest? stop here
             → process the inputs not in the cache (each result cached as soon as it is done)
             → near-duplicates from the per-document sketches
             → stream every cache entry, in path order, into the outputs (written atomically)
               and the review site (a page drawn only for a record that changed)
             → manifest

Only inputs whose bytes or name changed (or all, after a change of pipeline
code, configuration or model) are processed; inputs removed from `raw/`
leave the outputs; outputs are sorted by path, so they do not depend on the
order of files on disk, on the number of workers or on the backend.

The run never holds all records: the parent keeps, per input, its path and
cache key and a 512-byte near-duplicate sketch; records go from the workers
to the cache, and from the cache to the outputs one at a time (`make bench`
measures the parent's peak RSS at 100, 1,000 and 10,000 documents).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from pipeline import retry, seen, tools
from pipeline.cache import ResultCache, cache_key
from pipeline.depends import Conditions
from pipeline.discover import Found, Skipped, discover, inputs
from pipeline.duplicates import PERMUTATIONS, find_duplicates, signature
from pipeline.errors import RunError
from pipeline.manifest import Manifest
from pipeline.progress import NORMAL, Reporter
from pipeline.record import with_duplicates
from pipeline.review import ReviewSite, intact
from pipeline.review.document_page import warm as warm_pages
from pipeline.runreport import write_report
from pipeline.settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, config_hash
from pipeline.write import warm as warm_writer
from pipeline.write import write_outputs


@dataclass
class Summary:
    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    removed: int = 0  # inputs of the last run no longer in raw/
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # the run's own clock: see `_Run.phase`
    changed: list[str] = field(default_factory=list)  # output files rewritten

    @property
    def failures(self) -> int:
        """What `--strict` counts: the files that failed, and the skipped entries written to `errors.jsonl`."""
        return self.failed + sum(1 for s in self.skipped if s.recorded)

    def line(self) -> str:
        return (
            f"processed {self.processed}, unchanged {self.unchanged}, failed {self.failed}, "
            f"skipped {len(self.skipped)}, removed {self.removed} in {self.seconds:.1f} s"
        )

    def stages_line(self) -> str:
        """Where the workers' time went, stage by stage (empty when nothing was processed)."""
        return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.timings.items())

    def phases_line(self) -> str:
        """Where the run's own time went, phase by phase."""
        return ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.phases.items())


def run(
    raw: Path,
    out: Path,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    force: bool = False,
    retry_failed: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: bool | None = None,
    reporter: Reporter | None = None,
) -> Summary:
    """Process `raw` into `out`. `cluster`: None (worker processes here), "local" or a Dask scheduler address.

    `force` processes every input again; `retry_failed` every input that failed (`pipeline.retry`).
    """
    t0, started = time.monotonic(), time.time()
    raw, out = Path(raw), Path(out)
    reporter = reporter or Reporter(verbosity=NORMAL, progress=progress)
    if not raw.is_dir():
        raise RunError(f"the raw folder {raw} does not exist or is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RunError(f"cannot create the output folder {out}: {e.strerror or e}") from None
    lock = FileLock(out / ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunError(
            f"another run is writing to {out} (lock {out / '.lock'} is held); wait for it to finish"
        ) from None
    if workers is None:
        workers = min(os.cpu_count() or 1, 2)
    options = _Options(workers, cluster, force, retry_failed, timeout, memory_mb)
    state = None
    try:
        state = _Run(raw, out, reporter, options)
        summary = state.run()
        summary.seconds = time.monotonic() - t0
        write_report(out, summary, started=started)  # output/run.json (pipeline/runreport.py)
    except KeyboardInterrupt as e:  # Ctrl-C: what was done so far, for the CLI's summary and run.json
        e.summary = state.summary if state is not None else Summary()
        e.summary.seconds = time.monotonic() - t0
        with contextlib.suppress(OSError):
            write_report(out, e.summary, started=started, status="interrupted")
        raise
    finally:
        lock.release()
    return summary


@dataclass(frozen=True)
class _Options:
    workers: int
    cluster: str | None
    force: bool
    retry_failed: bool
    timeout: float
    memory_mb: int | None

    def conditions(self) -> Conditions:
        """The limits a document really has: none in this process (`--workers 0` without a cluster)."""
        if self.workers == 0 and not self.cluster:
            return Conditions()
        return Conditions(timeout=self.timeout, memory_mb=self.memory_mb)


class _Run:
    def __init__(self, raw: Path, out: Path, reporter: Reporter, options: _Options):
        self.raw, self.out, self.reporter, self.options = raw, out, reporter, options
        self.summary = Summary()
        self.clock = time.monotonic()
        self.config = config_hash()
        self.cache = ResultCache(out, self.config)
        self.now = options.conditions()
        self.site: ReviewSite | None = None
        tools.tesseract.cache_clear()  # looked at afresh by each run (and by a worker in this process)

    def phase(self, name: str, until: float | None = None) -> None:
        """Add the time since the last phase ended to phase `name` of `Summary.phases` (run.json's `phases`):
        `discovering` (discovery, the manifest and the cache looked up), `starting workers` (until a first
        worker has loaded the model), `processing` (until the last document's outcome), `writing` (the
        outputs, the review site's index and the manifest). Starting and writing are paid once per run, so
        they bound what more workers can gain on a small corpus."""
        until = time.monotonic() if until is None else until
        self.summary.phases[name] = self.summary.phases.get(name, 0.0) + max(0.0, until - self.clock)
        self.clock = max(self.clock, until)

    def _reusable(self, kind: str | None, depends: dict | None) -> bool:
        """Whether an entry of this kind, made under `depends`, is what this run would write."""
        if kind == "skipped":
            return True  # made again from discovery by every run: nothing to reuse or retry
        if kind not in ("record", "error") or self.options.force:
            return False
        return not (kind == "error" and self.options.retry_failed) and self.now.holds(depends)

    def run(self) -> Summary:
        out, summary, force = self.out, self.summary, self.options.force
        for pattern in (".*.tmp", ".cache/.*.tmp", ".cache/*/.*.tmp", ".cache/*/*/.*.tmp"):
            for leftover in list(out.glob(pattern)):
                leftover.unlink(missing_ok=True)  # from a run killed while writing
        began, before = time.time_ns(), {} if force else seen.load(out)
        found, summary.skipped = discover(self.raw, before)
        seen.save(out, found, began, before)  # the next run takes the sha256 of these files unopened
        if not found:
            self.reporter.warn(f"no input in {self.raw}: the pipeline reads .txt, .md and .pdf files")
        found = inputs(found, summary.skipped, self.raw)  # with the skipped entries that get an error line
        keys = [cache_key(f) for f in found]
        previous = Manifest.load(out)
        if previous is not None:
            summary.removed = len(set(previous.paths) - {f.rel_path for f in found})
        unchanged = (
            previous is not None
            and previous.unchanged(self.config, keys, out)
            and all(self._reusable(k, d) for k, d in zip(previous.kinds, previous.depends, strict=True))
        )
        if not force and unchanged and intact(out):  # a damaged review site is repaired
            summary.unchanged = previous.kinds.count("record")
            summary.failed = previous.kinds.count("error")
            self.phase("discovering")
            return summary  # nothing to process, nothing to write: no cache entry is opened

        known = {}
        if previous is not None:
            known = dict(zip(previous.keys, zip(previous.kinds, previous.depends, strict=True), strict=True))
        # Per input, in path order, all the run keeps: its path, cache key, kind ("record", "error" or
        # "retry"), what its entry depends on (`pipeline.depends`, nearly always None) and a 512-byte
        # near-duplicate sketch. The `Found` objects (~700 bytes each) are let go before the outputs are written.
        paths = [f.rel_path for f in found]
        kinds: list[str | None] = [None] * len(keys)
        self.depends: list[dict | None] = [None] * len(keys)
        self.signatures = np.zeros((len(keys), PERMUTATIONS), dtype="<u4")
        self.present = np.zeros(len(keys), dtype=bool)
        self.processed_now = np.zeros(len(keys), dtype=bool)
        todo = []
        for i, (f, key) in enumerate(zip(found, keys, strict=True)):
            if f.skipped is not None:
                self._skipped(i, f, key, kinds)
            elif key in known and self._reusable(*known[key]) and self.cache.has(key):
                kinds[i], self.depends[i] = known[key]
            elif not force and key not in known and self.cache.has(key):  # cached by a run killed before its manifest
                entry = self.cache.get(key) or {}
                kind = "record" if "record" in entry else "error"
                if self._reusable(kind, entry.get("depends")):
                    kinds[i], self.depends[i] = kind, entry.get("depends")
                else:
                    todo.append((i, f))
            else:
                todo.append((i, f))
        del found, known
        summary.unchanged = sum(1 for k in kinds if k == "record")  # so far: what an interrupted run reports
        self.phase("discovering")
        self._process(todo, kinds)
        del todo
        try:
            written = self._write(keys, kinds, paths, previous)
        except _EntryLost:
            # A cache entry vouched for by the manifest cannot be read (deleted, damaged): only now is every
            # entry checked, and the unreadable ones are processed again before the outputs are written.
            again = enumerate(inputs(*discover(self.raw), self.raw))
            lost = [
                (i, f) for i, f in again if i < len(keys) and cache_key(f) == keys[i] and not self.cache.read(keys[i])
            ]
            for i, f in [(i, f) for i, f in lost if f.skipped is not None]:
                self._skipped(i, f, keys[i], kinds)
            lost = [(i, f) for i, f in lost if f.skipped is None]
            self._process(lost, kinds)
            try:
                written = self._write(keys, kinds, paths, previous)
            except _EntryLost as e:
                message = f"the cache entry of {e} cannot be read and the file changed: run the pipeline again"
                raise RunError(message) from None
        summary.changed = written.changed
        summary.unchanged = sum(1 for i, k in enumerate(kinds) if k == "record" and not self.processed_now[i])
        summary.failed = sum(1 for k in kinds if k not in ("record", "skipped"))
        manifest = Manifest(self.config, paths, keys, kinds, self.depends, outputs=written.digests)
        manifest.save(out, self.signatures)
        self.cache.prune(set(keys))
        self.phase("writing")
        return summary

    def _skipped(self, i: int, f: Found, key: str, kinds) -> None:
        """A skipped entry's error line (stage `discover`), cached like any outcome so that it streams in order."""
        from pipeline.process import failed

        self.cache.put(key, {"error": failed(f, "Skipped", f"skipped: {f.skipped}", stage="discover").error})
        kinds[i] = "skipped"

    def _write(self, keys, kinds, paths, previous):
        self._fill_signatures(keys, kinds, previous)
        duplicates = find_duplicates(self.signatures, self.present)
        # The one place where outputs are written; anything else made from the records hooks in beside it:
        # the review site adds each document's row (and draws its page, unless `_process` did) as its entry
        # streams past.
        site, self.site = self._site(), None  # a second pass (`_EntryLost`) starts a site afresh
        written = write_outputs(self.out, site.tap(self._entries(keys, duplicates, paths)))
        site.finish()
        return written

    def _site(self) -> ReviewSite:
        """The review site of this run, made when the first page is drawn (the raw folder: PDF pages as images)."""
        if self.site is None:
            self.site = ReviewSite(self.out, raw=self.raw)
        return self.site

    def _process(self, todo: list[tuple[int, Found]], kinds) -> None:
        """Process `todo` ((position, file) pairs), caching each outcome and noting its kind and sketch."""
        if not todo:
            return
        from pipeline.executor import execute

        position = {f.rel_path: i for i, f in todo}
        todo = [f for _, f in todo]

        reporter = self.reporter
        reporter.begin(len(todo))
        reporter.preparations = prepare  # while the workers load the model (`Listener.loading`)
        try:
            o = self.options
            outcomes = execute(
                todo, workers=o.workers, timeout=o.timeout, memory_mb=o.memory_mb, cluster=o.cluster, listener=reporter
            )
            for outcome in outcomes:
                with _ctrl_c_held():
                    self._keep(outcome, position, kinds)
        finally:
            reporter.end()
            if reporter.ready_at is not None:
                self.phase("starting workers", reporter.ready_at)
            self.phase("processing")

    def _keep(self, outcome, position: dict[str, int], kinds) -> None:
        """Cache one outcome, count it, draw its review page, report it (all or none: `_ctrl_c_held`)."""
        reporter = self.reporter
        key = cache_key(outcome.found)
        i = position[outcome.found.rel_path]
        self.processed_now[i] = True
        note = ""
        if outcome.record is not None:
            entry = {"record": outcome.record, "sketch": outcome.sketch}
            self.cache.put(key, entry | ({"depends": outcome.depends} if outcome.depends else {}))
            kinds[i], self.depends[i] = "record", outcome.depends
            if (sig := signature(outcome.sketch)) is not None:
                self.signatures[i], self.present[i] = sig, True
            self.summary.processed += 1
            self._site().draw(outcome.record)  # while the workers go on: not after the last one
        else:
            attempts = 1 if self.options.force else self.cache.attempts(key) + 1
            entry, final = retry.remember(outcome.error, attempts=attempts, limits=self.now.limits())
            self.cache.put(key, entry, final=final)
            kinds[i], self.depends[i] = "error" if final else "retry", entry.get("depends")
            outcome.error, note = entry["error"], retry.note(entry, final)
            self.summary.failed += 1  # so far; the final count (cached failures too) is made after
        for stage, seconds in (outcome.timings or {}).items():
            self.summary.timings[stage] = self.summary.timings.get(stage, 0.0) + seconds
        reporter.finished(outcome, note)

    def _fill_signatures(self, keys, kinds, previous: Manifest | None) -> None:
        """Sketches of the inputs not processed now: from the last manifest, or else from their cache entry."""
        old = previous.sketches(self.out) if previous is not None else {}
        for i, key in enumerate(keys):
            if kinds[i] != "record" or self.present[i] or self.processed_now[i]:
                continue
            sig = old[key] if key in old else signature((self.cache.get(key) or {}).get("sketch"))
            if sig is not None:
                self.signatures[i], self.present[i] = sig, True

    def _entries(self, keys, duplicates, paths):
        """Every input's cache entry in path order, records with their `duplicate_of`: one at a time."""
        for i, key in enumerate(keys):
            entry = self.cache.read(key, put_now=bool(self.processed_now[i]))
            if entry is None:
                raise _EntryLost(paths[i])
            if "record" in entry:
                yield {"record": with_duplicates(entry["record"], sorted(paths[j] for j in duplicates.get(i, [])))}
            else:
                yield {"error": entry["error"]}


def prepare() -> None:
    """What the run loads while its workers load the model: the review pages' renderer and the output writer."""
    warm_pages()
    warm_writer()


class _EntryLost(Exception):
    """A cache entry the run counted on cannot be read: its document must be processed again."""


@contextlib.contextmanager
def _ctrl_c_held():
    """Ctrl-C during the block is raised once it is done: an outcome is cached and counted, or neither.

    A Ctrl-C that fell between caching a document and counting it left the summary and `run.json` one
    document short of what the cache held (the next run found it "unchanged"); seen once in three full test
    runs once documents took milliseconds. Outside these blocks (waiting for the workers) Ctrl-C acts at once.
    """
    previous = signal.getsignal(signal.SIGINT)
    # Only the main thread may set a handler, and one not set from Python could not be put back.
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    pending: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        if callable(previous):
            previous(signal.SIGINT, None)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt
