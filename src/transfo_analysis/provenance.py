"""Provenance: every result records the code version, parameters, models and seeds behind it."""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from transfo_analysis import __version__

_PACKAGE_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def source_hash() -> str:
    """Hash of the package's own source files.

    Used by incremental runs: results computed by different code are recomputed even when the
    version number did not change (an editable install being edited).
    """
    h = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".ipynb", ".yaml", ".json"} and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def git_revision() -> str | None:
    """The git commit of the checkout the package runs from, if any (with ``-dirty``)."""
    repo = _PACKAGE_DIR.parents[1]
    if not (repo / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def code_version() -> dict[str, Any]:
    """Version, git revision and source hash of the running code."""
    return {"package": __version__, "git": git_revision(), "source_hash": source_hash()}


def record(step: str, *, parameters: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A provenance record for a result.

    Parameters
    ----------
    step
        Name of the step that produced the result (``"parse"``, ``"topics"``…).
    parameters
        The parameters used (settings section, seeds, model names).
    **extra
        Anything else worth keeping (input hashes, timings, counts).
    """
    return {
        "step": step,
        "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "python": platform.python_version(),
        "parameters": parameters or {},
        **extra,
    }


def stable_hash(obj: Any) -> str:
    """Hash of a JSON-serialisable object, independent of key order."""
    data = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path, *, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, reading it read-only."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
