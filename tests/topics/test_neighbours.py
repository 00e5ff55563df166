"""UMAP with exact neighbours between 4,096 and 50,000 units (topics/_neighbours.py)."""

from __future__ import annotations

import numpy as np
import pytest

from transfo_analysis.topics._neighbours import ExactNeighboursUMAP, exact_neighbours


def _clusters(n: int, *, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, 20))
    return (centres[rng.integers(0, 8, n)] + 0.3 * rng.normal(size=(n, 20))).astype(np.float32)


def test_exact_neighbours_are_the_nearest_by_cosine_self_first():
    x = _clusters(600)
    idx, dist, index = exact_neighbours(x, k=6)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    cos = 1 - unit @ unit.T
    expected = np.argsort(cos, axis=1, kind="stable")[:, :6]
    assert index is None and idx.dtype == np.int32 and dist.dtype == np.float32
    assert (idx[:, 0] == np.arange(600)).all()
    # same neighbour sets and distances (ties aside, the data have none)
    assert all(set(a) == set(b) for a, b in zip(idx, expected, strict=True))
    np.testing.assert_allclose(dist, np.take_along_axis(cos, idx, axis=1), atol=1e-5)


@pytest.mark.slow
def test_mid_sized_fit_uses_exact_neighbours_and_is_reproducible():
    x = _clusters(4_500)
    params = {"n_neighbors": 10, "n_components": 3, "metric": "cosine", "random_state": 7}
    params |= {"n_epochs": 30, "n_jobs": 1}
    first = ExactNeighboursUMAP(**params)
    out = first.fit_transform(x)
    idx, _dist, _ = exact_neighbours(x, k=10)
    assert (first._knn_indices == idx).all()  # the graph UMAP built is the exact one
    assert first.precomputed_knn == (None, None, None)  # nothing large left in its parameters
    np.testing.assert_array_equal(out, ExactNeighboursUMAP(**params).fit_transform(x))


def test_small_fit_is_umap_unchanged():
    from umap import UMAP

    x = _clusters(300)
    params = {"n_neighbors": 8, "n_components": 2, "metric": "cosine", "random_state": 1}
    params |= {"n_epochs": 30, "n_jobs": 1}
    np.testing.assert_array_equal(
        ExactNeighboursUMAP(**params).fit_transform(x), UMAP(**params).fit_transform(x)
    )
