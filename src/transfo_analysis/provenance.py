"""Provenance: every result records the code version, parameters, models and seeds behind it."""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import json
import os
import platform
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

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


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Write a file under a temporary name that replaces ``path`` when the block ends.

    The one home of the write-to-temp-then-rename pattern: readers never see half a file, and a
    block that raises leaves ``path`` as it was (the temporary file is removed). The temporary
    name is hidden, unique per call (process id and a random part, so two writers never share
    it) and keeps the target's suffix (``np.savez`` and Excel writers choose by suffix).

    Parameters
    ----------
    path
        The file to write; its folder is created when missing.

    Yields
    ------
    Path
        Where to write the new content.

    Examples
    --------
    >>> with atomic_path(folder / "tokens.parquet") as tmp:  # doctest: +SKIP
    ...     tokens.to_parquet(tmp, index=False)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename, so a crash never leaves half a file.

    Parameters
    ----------
    path
        The JSON file to (re)write.
    data
        Anything :func:`json.dump` accepts; other values are written with ``str``.
    """
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.flush()
        os.fsync(fh.fileno())


def swap_folder(new: str | Path, folder: str | Path) -> None:
    """Put the folder ``new`` in the place of ``folder`` with renames only.

    The old ``folder`` is moved aside first and removed once ``new`` is in place; if the swap
    fails, it is put back. Readers never see files from two versions.
    """
    new, folder = Path(new), Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    old = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex[:8]}")
    if folder.exists():
        os.replace(folder, old)
    try:
        os.replace(new, folder)
    except BaseException:
        if old.exists() and not folder.exists():
            os.replace(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def replaced_folder(folder: str | Path) -> Iterator[Path]:
    """Write a folder's new content into a temporary sibling, swapped in when the block ends.

    Yields the temporary folder. If the block raises, the temporary folder is removed and
    ``folder`` stays as it was (a crash midway never leaves half the artifacts).
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_folder(tmp, folder)


def write_tables(
    tables: dict[str, pd.DataFrame],
    folder: str | Path,
    *,
    provenance: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> dict[str, Path]:
    """Write tables as Parquet plus ``provenance.json``, replacing the folder as a whole
    (:func:`replaced_folder`: readers never see tables from two runs, a failure leaves the
    previous artifacts as they were).

    Each table's ``attrs["provenance"]`` goes into ``provenance.json`` under ``tables``; ``extra``
    maps further JSON file names to their content. Returns the path of every file written, by
    table name (and ``provenance``, and each ``extra`` name without its suffix).

    Parameters
    ----------
    tables
        The tables by name (file ``<name>.parquet``).
    folder
        The artifact folder, replaced as a whole.
    provenance
        The run's provenance record (:func:`record`).
    extra
        Further JSON files: name → content.

    Returns
    -------
    The path of every file written, by name.
    """
    folder = Path(folder)
    tables_prov = {}
    with replaced_folder(folder) as tmp:
        for name, table in tables.items():
            clean = table.copy()
            tables_prov[name] = clean.attrs.get("provenance")
            clean.attrs = {}
            clean.to_parquet(tmp / f"{name}.parquet", index=False)
        write_json_atomic(tmp / "provenance.json", {**provenance, "tables": tables_prov})
        for file_name, data in (extra or {}).items():
            write_json_atomic(tmp / file_name, data)
    written = {name: folder / f"{name}.parquet" for name in tables} | {
        "provenance": folder / "provenance.json"
    }
    return written | {Path(file_name).stem: folder / file_name for file_name in extra or {}}
