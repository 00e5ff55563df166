#!/usr/bin/env python3
"""Set up and run transfo-analysis with nothing but python3 and pip.

Usage (from the repository root)::

    python3 tasks.py demo     # install if needed, then run the whole job on the demo corpus
    python3 tasks.py test     # install if needed, then run the test suite
    python3 tasks.py install  # only create/refresh .venv
    python3 tasks.py lock     # rewrite requirements/constraints.txt from the current .venv

The virtual environment lives in ``.venv``; it is (re)installed only when ``pyproject.toml`` or
``requirements/constraints.txt`` changed since the last install (a stamp file records their hash),
so both commands are cheap to repeat. Extra arguments are passed on: ``python3 tasks.py test -k
readers`` or ``python3 tasks.py demo --workers 1``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
STAMP = VENV / ".transfo-install-stamp"

# The main job: pseudonymise, parse, analyse and publish reports + dashboards for the demo project.
DEMO = ["transfo", "run", "--project", "data"]
# The test suite, two workers; a file's tests stay together (notebook cells run in order).
TEST = ["pytest", "-n", "2", "--dist", "loadfile", "--timeout", "1800"]


def _say(msg: str) -> None:
    print(f"[tasks] {msg}", flush=True)


def _install_hash() -> str:
    h = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", CONSTRAINTS):
        h.update(path.read_bytes())
    return h.hexdigest()


def install() -> None:
    """Create ``.venv`` and install the pinned stack, unless it is already up to date."""
    wanted = _install_hash()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PY.exists():
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    _say("installing the pinned stack (about a minute; torch is the CPU build 2.13.0)")
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-c", str(CONSTRAINTS)]
    # torch first, alone: with it in place nothing can pull a CUDA build as a dependency.
    subprocess.run([*pip, "torch==2.13.0"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)
    _say("installation complete")


def _run(cmd: list[str]) -> int:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("HF_HUB_OFFLINE", "1")  # nothing may download model weights at run time
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    _say("running: " + " ".join(cmd))
    return subprocess.call(cmd, cwd=ROOT, env=env)


def lock() -> None:
    """Rewrite the constraints file from what is installed in ``.venv``."""
    frozen = subprocess.run(
        [str(PY), "-m", "pip", "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
    ).stdout
    header = [line for line in CONSTRAINTS.read_text().splitlines() if line.startswith("#")]
    lines = sorted(
        (line.replace("+cpu", "") for line in frozen.splitlines() if line and not line.startswith("-e")),
        key=str.lower,
    )
    CONSTRAINTS.write_text("\n".join(header + lines) + "\n")
    _say(f"wrote {len(lines)} pins to {CONSTRAINTS}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "install", "lock"}:
        print(__doc__)
        return 2
    task, extra = argv[0], argv[1:]
    install()
    if task == "demo":
        return _run(DEMO + extra)
    if task == "test":
        return _run(TEST + extra)
    if task == "lock":
        lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
