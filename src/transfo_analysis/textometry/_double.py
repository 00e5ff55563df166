"""Double classification: two Reinert classifications on units of two sizes, crossed.

As in IRaMuTeQ's "classification double sur RST" and rainette's ``rainette2`` (classical mode):
consecutive text segments of one turn are grouped into units holding at least ``min_forms``
active lemmas, once with each of two sizes (12 and 14 by default, IRaMuTeQ's values); each
grouping is classified; every segment inherits its unit's class. Then each class of the first
classification is crossed with each class of the second: a crossed class is kept when the two
classes are each other's most associated (highest χ² of the 2 × 2 membership table), it is
significant (χ² > 3.84) and it holds at least ``min_size`` segments. Segments outside the kept
crossed classes stay unclassified: the share of classified segments drops, the classes that
remain are those found by both classifications. What differs from rainette2: only the
terminal classes are crossed (rainette crosses every level of both dendrograms and then
searches the best partition), which keeps the mutual-best pairs disjoint by construction.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from transfo_analysis.textometry._chd import collapse_duplicates, descending_classification
from transfo_analysis.textometry._profiles import _CHI2_05, _signed_chi2


def group_units(turns: np.ndarray, n_active: np.ndarray, min_forms: int) -> np.ndarray:
    """Group consecutive segments of one turn until each group has ``min_forms`` active lemmas.

    A turn's last group, when too small, joins the group before it (same turn only; a turn too
    short to reach ``min_forms`` stays one group).
    """
    group = np.empty(len(turns), dtype=np.int64)
    g, count = -1, 0
    for i in range(len(turns)):
        if i == 0 or turns[i] != turns[i - 1] or count >= min_forms:
            g, count = g + 1, 0
        group[i] = g
        count += int(n_active[i])
    if not len(group):
        return group
    totals = np.bincount(group, weights=n_active)
    first = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    merge = np.zeros(len(first), dtype=bool)
    merge[1:] = (totals[1:] < min_forms) & (turns[first[1:]] == turns[first[1:] - 1])
    target = np.arange(len(first)) - merge
    return np.unique(target[group], return_inverse=True)[1]


def _classify_grouped(
    X: sp.csr_matrix, turns: np.ndarray, min_forms: int, dedup_min_forms: int, **options
) -> np.ndarray:
    n_active = np.diff(X.indptr)
    group = group_units(turns, n_active, min_forms)
    G = sp.csr_matrix(
        (np.ones(len(group)), (group, np.arange(len(group)))), shape=(group.max() + 1, len(group))
    )
    Xg = (G @ X).tocsr()
    Xg.data[:] = 1.0
    Xg.sort_indices()
    labels, _ = descending_classification(
        Xg, rep=collapse_duplicates(Xg, dedup_min_forms), **options
    )
    return labels[group]


def double_classification(
    X: sp.csr_matrix,
    turns: np.ndarray,
    *,
    min_forms: tuple[int, int],
    n_classes: int,
    min_size: int,
    cc_test: float,
    tsj: int,
    seed: int,
    n_factors: int = 1,
    balanced: bool = False,
    dedup_min_forms: int = 0,
    show_progress: bool = False,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Labels of the segments (0 = unclassified) and the kept crossed classes.

    Returns
    -------
    ``labels`` and a table with one row per kept crossed class: ``class``, ``class_a``,
    ``class_b`` (its classes in the two classifications), ``size`` and ``chi2``.
    """
    options: dict[str, Any] = dict(
        n_classes=n_classes,
        min_size=min_size,
        cc_test=cc_test,
        tsj=tsj,
        seed=seed,
        n_factors=n_factors,
        balanced=balanced,
        dedup_min_forms=dedup_min_forms,
        show_progress=show_progress,
    )
    a = _classify_grouped(X, turns, min_forms[0], **options)
    b = _classify_grouped(X, turns, min_forms[1], **options)
    both = (a > 0) & (b > 0)
    ka, kb = np.unique(a[both]), np.unique(b[both])
    labels = np.zeros(len(a), dtype=np.int64)
    if not len(ka) or not len(kb):
        return labels, pd.DataFrame(columns=["class", "class_a", "class_b", "size", "chi2"])
    n = np.zeros((len(ka), len(kb)))
    np.add.at(n, (np.searchsorted(ka, a[both]), np.searchsorted(kb, b[both])), 1)
    N = n.sum()
    chi = _signed_chi2(n, n.sum(axis=1, keepdims=True), n.sum(axis=0, keepdims=True), N)
    best_b, best_a = chi.argmax(axis=1), chi.argmax(axis=0)
    rows: list[dict[str, Any]] = []
    for i in range(len(ka)):
        j = best_b[i]
        if best_a[j] == i and n[i, j] >= min_size and chi[i, j] > _CHI2_05:
            rows.append(
                {
                    "class": len(rows) + 1,
                    "class_a": int(ka[i]),
                    "class_b": int(kb[j]),
                    "size": int(n[i, j]),
                    "chi2": float(chi[i, j]),
                }
            )
            labels[(a == ka[i]) & (b == kb[j])] = len(rows)
    return labels, pd.DataFrame(rows, columns=["class", "class_a", "class_b", "size", "chi2"])
