"""What a run tells the person who started it, on stderr: status, progress, failures.

Three levels: `quiet` (nothing but the summary and fatal errors), `normal`
(what is happening while the model loads, one line per failed or skipped
file, warnings, and a progress bar showing the current file when stderr is a
terminal) and `verbose` (also one line per document processed). Loading the
spaCy model takes about 14 s on a busy machine; without a word it looked
like a hang at 0 %.

When stderr is not a terminal (CI, `| tee`, a log file) there is no bar: a
line `progress: 12/40 documents (30 %), 1 failed, 25 s` every
`PROGRESS_SECONDS` instead, from a timer thread, so that a long document or
the model's loading is not silence either (`--no-progress` turns it off).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from pipeline.names import display

if TYPE_CHECKING:
    from pipeline.discover import Found
    from pipeline.process import Outcome

QUIET, NORMAL, VERBOSE = 0, 1, 2
# Seconds between two progress lines when stderr is not a terminal: a CI log gets a sign of life this
# often, and a run of a few minutes a few dozen lines, not one per document.
PROGRESS_SECONDS = 5.0


class Listener:
    """What a backend tells the person watching: status lines, when a first worker is ready, and the file a
    worker has just taken; and when its workers load the model (`loading`), the moment for the run's own
    `preparations`."""

    ready_at: float | None = None  # time.monotonic() when a first worker had loaded the model
    preparations: Callable[[], None] | None = None  # the run's own work, done while the workers load the model

    def status(self, message: str) -> None:
        pass

    def loading(self, message: str) -> None:
        """The workers are started and load the model (`message` says where): the run's `preparations` are done
        now, once, on the run's own thread, while it would otherwise wait for them."""
        self.status(message)
        if self.preparations is not None:
            prepare, self.preparations = self.preparations, None
            prepare()

    def ready(self) -> None:
        """A worker has loaded the model and takes documents; said once, not again for a replacement worker."""
        if self.ready_at is None:
            self.ready_at = time.monotonic()
            self.status("model loaded: processing")

    def started(self, found: Found) -> None:
        pass


class Reporter(Listener):
    def __init__(
        self,
        *,
        verbosity: int = NORMAL,
        progress: bool | None = None,
        stream: TextIO | None = None,
        interval: float | None = None,
    ):
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        tty = self.stream.isatty()
        # None: a bar when stderr is a terminal, else a progress line every `interval` seconds.
        self.bar_enabled = (tty if progress is None else progress) and verbosity > QUIET
        self.lines_enabled = progress is None and not tty and verbosity > QUIET
        self.interval = PROGRESS_SECONDS if interval is None else interval  # read now: a test may shorten it
        self.bar = None
        self._lock = threading.Lock()  # one line at a time, from the run and from the timer
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()
        self.total = self.done = self.failed = 0

    def begin(self, total: int) -> None:
        self.total, self.done, self.failed = total, 0, 0
        if self.bar_enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True)
        elif self.lines_enabled and total:
            self._stop.clear()
            self._ticker = threading.Thread(target=self._tick, args=(time.monotonic(),), daemon=True)
            self._ticker.start()

    def _tick(self, t0: float) -> None:
        while not self._stop.wait(self.interval):
            self.say(self.progress_line(time.monotonic() - t0))

    def progress_line(self, seconds: float) -> str:
        """`progress: 12/40 documents (30 %), 1 failed, 25 s`."""
        share = 100 * self.done // self.total if self.total else 100
        failed = f", {self.failed} failed" if self.failed else ""
        return f"progress: {self.done}/{self.total} documents ({share} %){failed}, {seconds:.0f} s"

    def say(self, line: str, level: int = NORMAL) -> None:
        """Print one line; file names inside it cannot drive the terminal (`names.display`)."""
        line = display(line)
        if self.verbosity >= level:
            with self._lock:
                if self.bar is not None:
                    self.bar.write(line, file=self.stream)
                else:
                    print(line, file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        self.say(f"warning: {message}")

    def status(self, message: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(display(message), refresh=True)
        else:
            self.say(message)

    def started(self, found: Found) -> None:
        if self.bar is not None:
            self.bar.set_description_str("processing", refresh=False)
            self.bar.set_postfix_str(display(found.rel_path), refresh=True)
        self.say(f"processing: {found.rel_path}", VERBOSE)

    def finished(self, outcome: Outcome, note: str = "") -> None:
        """One line for a failure (`note`: whether it is tried again), one with -v for a document done."""
        self.done += 1
        if outcome.error is not None:
            self.failed += 1
            self.say(f"failed: {outcome.found.rel_path}: {outcome.error['message']}{note}")
        else:
            seconds = sum((outcome.timings or {}).values())
            self.say(f"done: {outcome.found.rel_path} ({seconds:.1f} s)", VERBOSE)
        if self.bar is not None:
            self.bar.update(1)

    def end(self) -> None:
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
        if self.bar is not None:
            self.bar.close()
            self.bar = None
