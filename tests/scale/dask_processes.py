"""A real ``dask scheduler`` and ``dask worker`` as separate processes on 127.0.0.1 (tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _wait_for(path: Path, timeout: float = 60) -> None:
    t0 = time.monotonic()
    while not path.exists() or not path.read_text().strip():
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"{path} not written")
        time.sleep(0.2)


@contextmanager
def real_cluster(folder: Path, *, memory_limit: str | None = None) -> Iterator[str]:
    """Start a scheduler and one one-thread worker, yield the scheduler's address, stop both.

    The processes inherit this environment (``PYTHONPATH`` included), as a user's workers
    started from the same installation would.
    """
    dask = str(Path(sys.executable).with_name("dask"))
    sched_file = folder / "scheduler.json"
    env = {**os.environ, "TRANSFO_PROGRESS": "0"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(sched_file)],
            **quiet,
        )
    ]  # fmt: skip
    try:
        _wait_for(sched_file)
        limit = ["--memory-limit", memory_limit] if memory_limit else []
        procs.append(
            subprocess.Popen(
                [dask, "worker", "--scheduler-file", str(sched_file), "--nthreads", "1",
                 "--nworkers", "1", *limit, "--no-dashboard", "--host", "127.0.0.1"],
                **quiet,
            )
        )  # fmt: skip
        yield json.loads(sched_file.read_text())["address"]
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
