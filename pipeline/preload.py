"""What the fork server imports before forking any worker: the models, loaded once per run, and rehearsed.

The local pool (`local_pool.LocalPool`) and the run's own Dask LocalCluster
(`dask_backend`) start their workers from multiprocessing's fork server (a
clean interpreter, spawned once, without the run's threads) with this module
preloaded: each worker is forked with the language identifier and the spaCy
pipeline in memory, shared with the other workers page by page, and with what
the first text sets up (the rules' regular expressions and word lists: ~0.5 s),
instead of doing it all itself. Workers no longer load the model side by side
on the run's cores, and one replaced after a time-out or a crash is ready in a
fraction of a second instead of ~3 s. Each still processes the sample text
(`warmup.rehearse`, ~0.1 s once set up) under its own memory limit before its
first document.

A failure here is left to the workers: the fork server must not die of it.
Each worker loads what is missing again under its own limit and says what
fails, as when it loaded everything itself (`local_pool._serve`,
`dask_backend.warm_up`).
"""

from __future__ import annotations

import atexit
import contextlib
import threading

from pipeline.language import load_identifier
from pipeline.ner.nlp import load_nlp
from pipeline.process import load_models
from pipeline.warmup import rehearse
from pipeline.workers import leave_at_once


def _quietly(step) -> None:
    with contextlib.suppress(Exception):
        step()


def _load() -> None:
    """The models, then the sample. The language identifier is decompressed (LZMA, which lets go of the GIL) in a
    thread while spaCy loads: 2.5-2.8 s → 2.3-2.5 s for both (three runs each, in a fresh process)."""
    identifier = threading.Thread(target=_quietly, args=(load_identifier,), name="load-identifier")
    identifier.start()
    try:
        _quietly(load_nlp)
    finally:
        identifier.join()  # no thread may be running when the server forks
    _quietly(load_models)  # what the two above did not load
    _quietly(rehearse)


_load()

# The fork server ends when the run does; freeing the model object by object would hold the run's output
# streams (inherited) open 0.25 s longer for nothing.
atexit.register(leave_at_once)
