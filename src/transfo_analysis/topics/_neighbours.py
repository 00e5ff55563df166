"""UMAP with exact nearest neighbours for the mid-sized fits the suite makes.

UMAP finds each unit's neighbours exactly below 4,096 units and with NN-descent (pynndescent)
above. NN-descent's numba functions take the metric as an argument, so they are compiled again
in every new process: on the 20,000-unit sample of a large consultation that compilation was
most of UMAP's 59 s, paid by the client and again by each worker that refits a seed. Between
4,096 and :data:`EXACT_NEIGHBOURS_UP_TO` units, :class:`ExactNeighboursUMAP` computes the
neighbours exactly with scikit-learn (brute-force cosine, one BLAS thread so that the result does
not depend on the process) and hands them to UMAP as ``precomputed_knn``: 20,000 units take
4.5 s and UMAP 27 s instead of 59 s (benchmarks/README.md, « Voisins exacts »). Exact neighbours
are what NN-descent approximates; the topics change like a change of seed would, and the same
inputs and seed still give the same topics.

The fitted UMAP then has no search index, so its ``transform`` is unavailable: the suite never
calls it (units outside a fitted sample join their nearest topic in the embedding space).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from umap import UMAP

#: UMAP's own limit: below it, UMAP computes exact neighbours itself
EXACT_NEIGHBOURS_FROM = 4_096
#: above this many units, exact neighbours (quadratic) cost more than NN-descent: 50,000 take 28 s
EXACT_NEIGHBOURS_UP_TO = 50_000


def exact_neighbours(embeddings: np.ndarray, *, k: int) -> tuple[np.ndarray, np.ndarray, None]:
    """Each row's ``k`` nearest rows by cosine distance, itself first, as UMAP wants them.

    Parameters
    ----------
    embeddings
        One row per unit.
    k
        Neighbours per unit, the unit itself included (UMAP's ``n_neighbors``).

    Returns
    -------
    tuple
        ``(indices, distances, None)``: the ``precomputed_knn`` of UMAP (no search index).
    """
    from sklearn.neighbors import NearestNeighbors
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute", n_jobs=1)
        distances, indices = nn.fit(embeddings).kneighbors(embeddings)
    return indices.astype(np.int32), distances.astype(np.float32), None


class ExactNeighboursUMAP(UMAP):
    """UMAP that computes exact cosine neighbours itself between 4,096 and 50,000 units.

    Same parameters and results as UMAP given those neighbours; outside that range, or with
    another metric or neighbours already given, it is UMAP unchanged.
    """

    def fit(self, X: Any, y: Any = None, *args: Any, **kwargs: Any) -> ExactNeighboursUMAP:  # noqa: D102
        n = X.shape[0]
        given: tuple[Any, Any, Any] = self.precomputed_knn
        exact = (
            self.metric == "cosine"
            and given[0] is None
            and not self.force_approximation_algorithm
            and EXACT_NEIGHBOURS_FROM <= n <= EXACT_NEIGHBOURS_UP_TO
            and not hasattr(X, "tocsr")
        )
        if not exact:
            return super().fit(X, y, *args, **kwargs)
        self.precomputed_knn: tuple[Any, Any, Any] = exact_neighbours(
            np.asarray(X), k=self.n_neighbors
        )
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings(
                    "ignore", message=r"precomputed_knn\[2\]", category=UserWarning
                )
                return super().fit(X, y, *args, **kwargs)
        finally:
            self.precomputed_knn = (None, None, None)
