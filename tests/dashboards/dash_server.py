"""Start and stop ``transfo serve`` in a subprocess, as a user would (tests and benchmark)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``transfo serve --project DIR --port P`` running in the background.

    Attributes
    ----------
    url
        ``http://127.0.0.1:P/``.
    lines
        What the command printed so far.
    """

    def __init__(
        self, project: Path, *, port: int | None = None, extra: list[str] | None = None
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.started = time.perf_counter()
        cmd = [
            sys.executable,
            "-m",
            "transfo_analysis.cli",
            "serve",
            "--project",
            str(project),
            "--port",
            str(self.port),
            *(extra or []),
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self._ready = threading.Event()
        self._listening = threading.Event()
        self.listening_after: float | None = None
        self.ready_after: float | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if "Tableaux de bord :" in line and not self._listening.is_set():
                self.listening_after = time.perf_counter() - self.started
                self._listening.set()
            if "prêts" in line:
                self.ready_after = time.perf_counter() - self.started
                self._ready.set()
        self.proc.stdout.close()  # the server's output ended: no pipe left open (ResourceWarning)
        self._ready.set()
        self._listening.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_listening(self, timeout: float = 60) -> None:
        if not self._listening.wait(timeout) or self.proc.poll() is not None:
            raise RuntimeError(f"transfo serve did not start:\n{self.output}")

    def wait_ready(self, timeout: float = 120) -> None:
        """Until the preheated kernels have run the dashboards."""
        if not self._ready.wait(timeout) or self.proc.poll() is not None:
            raise RuntimeError(f"transfo serve did not get ready:\n{self.output}")

    def stop(self, timeout: float = 60) -> int:
        """Ctrl-C, as a user would; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        time.sleep(0.2)  # let the reader thread take the last lines
        return self.proc.returncode
