"""The stability refits, started on the workers before the main fit when there is a cluster.

The refits (other seeds on the same sub-sample of units, :mod:`._stability`) depend only on that
sub-sample's lemmas and embeddings, never on the main fit: on a cluster they are sent to the
workers as soon as the embeddings exist, and the client fits the main model meanwhile. Each
refit is a seeded, one-thread UMAP and HDBSCAN, so a refit gives the same topics on any
process; in this process they run after the main fit, in seed order, as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from transfo_analysis.config import TopicSettings
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress
from transfo_analysis.topics._bertopic_run import run_bertopic
from transfo_analysis.topics._threads import one_blas_thread

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution


@one_blas_thread()
def refit_labels(seed: int, shared: dict[str, Any]) -> np.ndarray:
    """The topic of each unit of the sub-sample, fitted with ``seed`` (run on a worker).

    Parameters
    ----------
    seed
        The refit's seed.
    shared
        ``docs``, ``embeddings``, ``settings``, ``backend``, ``vocabulary`` and
        ``seed_topic_list``, sent once per worker.

    Returns
    -------
    The labels, one per document.
    """
    return run_bertopic(
        shared["docs"],
        shared["embeddings"],
        settings=shared["settings"],
        seed=seed,
        backend=shared["backend"],
        vocabulary=shared["vocabulary"],
        seed_topic_list=shared["seed_topic_list"],
    ).labels


@dataclass
class Refits:
    """Refits over seeds, started early on a cluster or run on demand here."""

    seeds: list[int]
    shared: dict[str, Any]
    futures: list[Any] = field(default_factory=list)

    def labels(self, *, show_progress: bool = True) -> list[np.ndarray]:
        """Each seed's labels, in seed order (waiting for the workers, or fitting here).

        A refit lost on the cluster (its worker died at every try) is fitted here: same seed,
        same labels.
        """
        out: list[np.ndarray] = []
        bar = progress(
            range(len(self.seeds)),
            desc=_("Stability (seeds)"),
            unit=_("seed"),
            disable=not show_progress,
        )
        for i in bar:
            future = self.futures[i] if self.futures else None
            if future is not None and future.status != "error":
                try:
                    out.append(np.asarray(future.result()))
                    continue
                except Exception:  # noqa: S110 - refitted below, here
                    pass
            out.append(refit_labels(self.seeds[i], self.shared))
        for future in self.futures:
            future.release()
        return out


def start_refits(
    docs: Sequence[str],
    embeddings: np.ndarray,
    *,
    seeds: Sequence[int],
    settings: TopicSettings,
    backend: Any,
    vocabulary: Sequence[str] | None,
    seed_topic_list: list[list[str]] | None,
    execution: Execution | None = None,
) -> Refits:
    """Prepare the refits; on a cluster, send them to the workers now.

    Parameters
    ----------
    docs, embeddings
        The sub-sample's lemmas (joined) and embeddings.
    seeds
        The refits' seeds (the reference run's excluded).
    settings, backend, vocabulary, seed_topic_list
        As for :func:`run_bertopic`.
    execution
        A Dask execution; ``None`` or in-process: the refits run when their labels are asked.

    Returns
    -------
    Refits
        Their labels come from :meth:`Refits.labels`.
    """
    shared = {
        "docs": list(docs),
        "embeddings": embeddings,
        "settings": settings,
        "backend": backend,
        "vocabulary": vocabulary,
        "seed_topic_list": seed_topic_list,
    }
    refits = Refits(list(seeds), shared)
    if execution is None or execution.client is None or not refits.seeds:
        return refits
    client = execution.client
    # once per worker, not per task (a list: one future for the whole dictionary)
    data = client.scatter([shared], broadcast=True, hash=False)[0]
    run = uuid.uuid4().hex[:8]
    refits.futures = [
        client.submit(
            refit_labels, s, data, key=f"refit-{run}-{s}", pure=False, retries=2, priority=-1
        )
        for s in refits.seeds
    ]
    return refits
