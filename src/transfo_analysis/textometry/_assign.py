"""Large corpora: classify a sample, then place every other text segment in its nearest class.

Reinert's classification repeatedly runs correspondence analyses of the whole units × lemmas
table; above a few hundred thousand text segments that is the slow and memory-hungry part. Like
BERTopic's "fit on a sample, transform the rest", :func:`reinert` then classifies a seeded random
sample and assigns each other segment to the class whose lemma profile is nearest in the
correspondence-analysis (χ²) metric: the distance between the segment's row profile and the
class centroid, with each lemma weighted by the inverse of its mass in the sample. A segment
without active lemma stays unclassified, as in the classification itself.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def sample_units(active: np.ndarray, size: int, *, seed: int) -> np.ndarray:
    """Indices of a seeded random sample of the units with active lemmas, in corpus order."""
    candidates = np.flatnonzero(active)
    if size >= len(candidates):
        return candidates
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(candidates, size=size, replace=False))


def assign_to_classes(X: sp.csr_matrix, sample: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Classes of every unit: the sample's own, the nearest class centroid for the others.

    Parameters
    ----------
    X
        Binary units × active lemmas matrix of the whole corpus.
    sample
        Indices of the classified units.
    labels
        Their classes (0 = unclassified, left out of the centroids).

    Returns
    -------
    numpy.ndarray
        One class per unit of ``X`` (0 where a unit has no active lemma or no class exists).
    """
    out = np.zeros(X.shape[0], dtype=labels.dtype)
    out[sample] = labels
    classes = np.unique(labels[labels > 0])
    if not len(classes):
        return out
    Xs = X[sample]
    mass = np.asarray(Xs.sum(axis=0), dtype=float).ravel()
    mass = np.where(mass > 0, mass / mass.sum(), 1.0)
    centroids = np.vstack(
        [np.asarray(Xs[labels == k].sum(axis=0), dtype=float).ravel() for k in classes]
    )
    centroids /= np.maximum(centroids.sum(axis=1, keepdims=True), 1.0)
    rest = np.setdiff1d(np.arange(X.shape[0]), sample)
    Xr = X[rest]
    row = np.asarray(Xr.sum(axis=1), dtype=float).ravel()
    has_words = row > 0
    # ||x/r - c||²_M = ||x/r||²_M - 2 (x/r)·(c/m) + ||c||²_M ; the first term is the same for
    # every class, so the nearest class maximises 2 (x/r)·(c/m) - ||c||²_M
    cross = Xr @ (centroids / mass).T
    cross = np.asarray(cross) / np.where(has_words, row, 1.0)[:, None]
    norms = (centroids**2 / mass).sum(axis=1)
    nearest = classes[np.argmax(2 * cross - norms[None, :], axis=1)]
    out[rest] = np.where(has_words, nearest, 0)
    return out
