"""What a process has (package version and code, spaCy, the French model, the project folder).

Asked of the client and of every Dask worker before any task is sent (no Dask import here: a
run that stays in-process never imports Dask).
"""

from __future__ import annotations

import importlib.util
import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


def worker_facts(
    *, project_root: str | Path | None = None, model: str | None = None
) -> dict[str, Any]:
    """What this process has: package version and source hash, spaCy, the model, the project.

    Called on the client and, through ``client.run``, on every worker; the two are compared
    before any task is sent.

    Parameters
    ----------
    project_root
        The project folder whose visibility is checked.
    model
        The spaCy model package whose presence is checked.

    Returns
    -------
    dict
        ``version``, ``source`` (hash of the package's code), ``python``, ``spacy``, ``model``
        (its version, or None when absent), ``project_visible`` and ``pid``.
    """
    from transfo_analysis import __version__
    from transfo_analysis.provenance import source_hash

    def _version(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {
        "version": __version__,
        "source": source_hash()[:12],
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "model": (_version(model.replace("_", "-")) or "installed")
        if model and importlib.util.find_spec(model) is not None
        else None,
        "project_visible": project_root is not None and os.path.isdir(project_root),
        "pid": os.getpid(),
    }
