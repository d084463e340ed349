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

from pipeline.process import load_models
from pipeline.warmup import rehearse
from pipeline.workers import leave_at_once

with contextlib.suppress(Exception):
    load_models()
    rehearse()

# The fork server ends when the run does; freeing the model object by object would hold the run's output
# streams (inherited) open 0.25 s longer for nothing.
atexit.register(leave_at_once)
