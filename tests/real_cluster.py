"""A real distributed set-up for tests: `dask scheduler` and `dask worker` processes on 127.0.0.1, as on a cluster.

Each is a separate process started from the command line, as a user would start them on their
machines (here all bound to the loopback interface, on a free port).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


class RealCluster:
    """`dask scheduler --host 127.0.0.1` and `workers` × `dask worker --host 127.0.0.1 --nthreads 1`."""

    def __init__(self, workers: int = 2, log: Path | None = None):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115 - closed in stop()
        quiet = {"stdout": self.log, "stderr": self.log}
        self.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"], **quiet
        )
        deadline = time.monotonic() + 120
        while not _listening(self.port):
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.stop()
                raise RuntimeError("dask scheduler did not start")
            time.sleep(0.2)
        self.nannies = [
            subprocess.Popen(
                [DASK, "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                **quiet,
            )
            for _ in range(workers)
        ]

    def worker_pids(self) -> list[int]:
        """The worker processes (each a child of its nanny that runs `spawn_main`)."""
        pids = []
        for nanny in self.nannies:
            with contextlib.suppress(psutil.NoSuchProcess):
                for child in psutil.Process(nanny.pid).children():
                    with contextlib.suppress(psutil.NoSuchProcess):
                        if "spawn_main" in " ".join(child.cmdline()):
                            pids.append(child.pid)
        return pids

    def kill_scheduler(self) -> None:
        self.scheduler.send_signal(signal.SIGKILL)
        self.scheduler.wait()

    def stop(self) -> None:
        for process in [*getattr(self, "nannies", []), self.scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*getattr(self, "nannies", []), self.scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(psutil.NoSuchProcess):
                    for child in psutil.Process(process.pid).children(recursive=True):
                        child.kill()
                process.kill()
                process.wait()
        self.log.close()

    def __enter__(self) -> RealCluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
