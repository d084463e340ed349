"""What every backend's workers share: the words for a dead worker, and a worker's tie to its parent.

`local_pool` and `dask_backend` both import this module and never each other
(`executor` picks between them), so that neither backend drags the other in:
Dask is imported only with `--cluster`.

`die_with_parent`: a worker killed with its parent by no one. After `kill -9`
of a run, its worker processes were reparented to PID 1 and ran on at 1-3 GB
for 90 s and more, with no deadline left to stop them (issue 23). On Linux the
kernel sends the worker SIGKILL when its parent dies (`PR_SET_PDEATHSIG`);
elsewhere, and should the parent have died before the request was made, a
thread polls the parent's pid every `PARENT_POLL_S` seconds.

`leave_at_once`: a worker the run is done with ends without the interpreter's
exit, which frees the model's objects one by one: the run waited 0.27-0.29 s
for it after its last document in the pool, 0.37 s on a LocalCluster of two
(0.02 s and 0.03-0.04 s without it).

`start_fork_server`: the run's own workers (the pool's, a LocalCluster's) are
forked from multiprocessing's fork server, which loads the models once for all
of them (`pipeline.preload`); `release_fork_server` lets it end with the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing import forkserver

from pipeline.settings import WORKER_THREADS_ENV

# Who a `WorkerCrashed` message is about, in every backend: "the worker processing this file was killed by SIGKILL".
DEAD_WORKER = "the worker processing this file"

PARENT_POLL_S = 1.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def start_failure_message(count: int, last: str, memory_mb: int | None, killed: bool = True) -> str:
    """Why the run stops when workers keep dying before their first document, and what to do.

    The memory limit is named as the likely cause only when it can be: a limit is set and the
    workers were killed by a signal (a failed allocation aborts, the kernel kills). A worker that
    exits with a code failed in Python, and the default limit has nothing to do with it.
    """
    cause = (
        f"--memory-mb {memory_mb} is probably too low on this machine: raise it, or give 0 for no limit"
        if memory_mb and killed
        else "the installation may be broken: install the pipeline again (make install)"
    )
    return (
        f"worker processes cannot start: {count} in a row died while loading the spaCy model or processing "
        f"a sample text ({last}); {cause}"
    )


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """`os.environ` with `values` as defaults, for the duration of the block."""
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        os.environ.setdefault(name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_fork_server(*modules: str) -> multiprocessing.context.BaseContext:
    """multiprocessing's fork server, started now, loading `modules` then the models (`pipeline.preload`) while the
    run goes on; the context whose processes are forked from it, each with the models in memory.

    Started with one thread per numeric library (`settings.WORKER_THREADS_ENV`): the server's environment is every
    worker's, and numpy reads it when it loads. A server already running (an earlier run in this process) serves.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*modules, "pipeline.preload"])
    with environment(WORKER_THREADS_ENV), _deaf_to_ctrl_c():
        forkserver.ensure_running()
    return context


@contextlib.contextmanager
def _deaf_to_ctrl_c():
    """SIGINT ignored while the fork server is started, which keeps it so from its first instruction (a signal
    ignored across `exec` stays ignored, and Python then sets no KeyboardInterrupt): Ctrl-C, which a terminal sends
    to all the run's processes, would otherwise print the traceback of a model load cut short. The run stops it."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set a handler
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def release_fork_server() -> None:
    """Close this process's copy of the fork server's "alive" pipe, so that the server ends with the run.

    multiprocessing gives every process it forks that pipe's writing end, so that the server outlives
    whoever may still ask it for a process; it ends when all are closed. A worker asks for none, and
    holding it kept the server, and the worker tied to it, running after a `kill -9` of the run
    (`tests/test_orphans.py`). The attribute is multiprocessing's own; where it is not, nothing is done.
    """
    fd = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        with contextlib.suppress(OSError):
            os.close(fd)
        forkserver._forkserver._forkserver_alive_fd = None


def die_with_parent(parent_pid: int) -> bool:
    """Make this process end when `parent_pid` does; whether the kernel does it (Linux) or a polling thread.

    Called first thing in a worker. If the parent is already gone (it died while this process
    started), the process exits at once.
    """
    by_kernel = _pdeathsig(signal.SIGKILL)
    if os.getppid() != parent_pid:  # died before the request: the kernel will never send the signal
        os._exit(1)
    thread = threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True)
    thread.start()
    return by_kernel


def leave_at_once() -> None:
    """End this worker process now (exit code 0), its output flushed, without the interpreter's own exit.

    Only for a process the run owns and is done with: its outcomes are sent and it writes no file, so there
    is nothing left for the interpreter's exit to save.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def _pdeathsig(sig: int) -> bool:
    """Ask Linux to send `sig` to this process when its parent dies; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    """Exit the process as soon as it has another parent (its own died: it was given to PID 1 or a reaper)."""
    event = threading.Event()
    while not event.wait(PARENT_POLL_S):
        if os.getppid() != parent_pid:
            os._exit(1)
            return  # only reached where `os._exit` is replaced (tests)
