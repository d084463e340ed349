"""Errors that end the processing of one document, never the batch.

Every exception raised for a bad input carries the stage it happened in and
a message written for the person who dropped the file in `raw/`; the runner
turns it into one line of `errors.jsonl`.
"""

from __future__ import annotations


class DocumentError(Exception):
    """A document cannot be processed; `str(error)` is the plain-language reason."""

    stage = "process"

    def __init__(self, message: str, *, stage: str | None = None):
        super().__init__(message)
        if stage:
            self.stage = stage


class UnsupportedInput(DocumentError):
    stage = "discover"


class UnreadableInput(DocumentError):
    stage = "read"


class FileChanged(DocumentError):
    """The file changed or vanished between discovery and reading.

    A fact about the moment, not about the bytes the run saw: such a failure is never remembered
    (`pipeline.retry`), the next run processes the file again.
    """

    stage = "read"


class RunError(Exception):
    """The run itself cannot go on (as opposed to one document failing)."""
