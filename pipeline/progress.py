"""What a run tells the person who started it, on stderr: status, progress, failures.

Three levels: `quiet` (nothing but the summary and fatal errors), `normal`
(what is happening while the model loads, one line per failed or skipped
file, warnings, and a progress bar showing the current file when stderr is a
terminal) and `verbose` (also one line per document processed). Loading the
spaCy model takes about 14 s on a busy machine; without a word it looked
like a hang at 0 %.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from pipeline.names import display

if TYPE_CHECKING:
    from pipeline.discover import Found
    from pipeline.process import Outcome

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Listener:
    """What a backend tells the person watching: status lines and the file a worker has just taken."""

    def status(self, message: str) -> None:
        pass

    def started(self, found: Found) -> None:
        pass


class Reporter(Listener):
    def __init__(self, *, verbosity: int = NORMAL, progress: bool | None = None, stream: TextIO | None = None):
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        # None: a bar only when stderr is a terminal, so logs and CI stay clean.
        self.bar_enabled = (self.stream.isatty() if progress is None else progress) and verbosity > QUIET
        self.bar = None

    def begin(self, total: int) -> None:
        if self.bar_enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True)

    def say(self, line: str, level: int = NORMAL) -> None:
        """Print one line; file names inside it cannot drive the terminal (`names.display`)."""
        line = display(line)
        if self.verbosity >= level:
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
        if outcome.error is not None:
            self.say(f"failed: {outcome.found.rel_path}: {outcome.error['message']}{note}")
        else:
            seconds = sum((outcome.timings or {}).values())
            self.say(f"done: {outcome.found.rel_path} ({seconds:.1f} s)", VERBOSE)
        if self.bar is not None:
            self.bar.update(1)

    def end(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
