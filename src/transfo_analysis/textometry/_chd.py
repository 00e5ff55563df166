"""Reinert's descending hierarchical classification on a binary units × lemmas matrix.

One bipartition (as in rainette's ``cluster_tab``, after IRaMuTeQ's ``CHD.R``):

1. correspondence analysis of the table, first factor (a seeded sparse block power iteration on
   the standardised residuals, see :func:`._bipartition.first_factors`);
2. units sorted along that factor; every cut of that order is scored by the χ² of the
   2 × lemmas table of column sums of the two groups, and the best cut is kept (all cuts are
   scored at once from cumulative sums, in O(non-zeros)). **Difference**: only cuts leaving at
   least ``min_size`` units on each side are scored. A block of segments whose lemmas occur
   nowhere else (repeated or copy-pasted answers) is perfectly separated, so isolating it gives
   the largest possible χ² (N) whatever its size, and rainette/IRaMuTeQ then peel such blocks off
   one split after another. With ``n_factors > 1`` the first few factors are tried and the cut
   with the highest χ² wins;
3. reassignment: moving a unit to the other group is kept when it raises the χ²; the gain of
   every move is computed at once, the best moves are applied together and the batch is halved
   until the χ² rises (rainette moves one unit per pass: same criterion, far fewer passes);
4. lemma selection for each side (rainette's ``cc_test`` and ``tsj``).

The largest class is split until ``n_classes`` classes are reached. A class that ends up smaller
than ``min_size`` after the reassignment is *dropped*: never split again, its units stay
unclassified (IRaMuTeQ drops terminal classes below its minimum size too), and the next largest
class is split instead. Units with no lemma left after the selection of their side cannot be
placed by the next split and stay unclassified (as in rainette). Ties: the stable sort keeps
the corpus order along the factor, the first maximal cut wins, and the child holding the
earliest unit is drawn on the left.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from transfo_analysis.i18n import _
from transfo_analysis.progress import progress
from transfo_analysis.textometry._bipartition import best_cut, first_factors, reassign, select_terms

#: splits allowed beyond ``n_classes - 1`` (each dropped class costs one)
_MAX_DROPS = 100


@dataclass
class _Node:
    rows: np.ndarray
    cols: np.ndarray
    parent: int = -1
    children: list[int] = field(default_factory=list)
    chi2: float = 0.0
    dropped: bool = False
    final: bool = False  # cannot be split
    lost: int = 0


def _split(
    X: sp.csr_matrix,
    node: _Node,
    *,
    cc_test: float,
    tsj: int,
    seed: int,
    min_cut: int,
    n_factors: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, np.ndarray] | None:
    sub = X[node.rows][:, node.cols].tocsr()
    alive = np.asarray(sub.sum(axis=1)).ravel() > 0
    sub = sub[alive]
    used = np.asarray(sub.sum(axis=0)).ravel() > 0
    sub = sub[:, used].tocsr()
    if min(sub.shape) < 3:
        return None
    best: tuple[float, np.ndarray | None, int] = (-np.inf, None, 0)
    for f in first_factors(sub, seed=seed, n_factors=n_factors).T:
        cut_order = np.argsort(f, kind="stable")
        k, chi = best_cut(sub, cut_order, min_cut)
        if chi > best[0]:
            best = (chi, cut_order, k)
    chi, order, k = best
    if order is None or not np.isfinite(chi):
        return None
    g = np.zeros(sub.shape[0], dtype=bool)
    g[order[:k]] = True
    g, chi, _ = reassign(sub, g, min_cut)
    rows = node.rows[alive]
    cols = node.cols[used]
    s1, s2 = select_terms(sub, g, cc_test=cc_test, tsj=tsj)
    left, right = (rows[g], cols[s1]), (rows[~g], cols[s2])
    if right[0].min() < left[0].min():
        left, right = right, left
    return left[0], left[1], right[0], right[1], np.float64(chi), node.rows[~alive]


def descending_classification(
    X: sp.csr_matrix,
    *,
    n_classes: int,
    min_size: int,
    cc_test: float = 0.3,
    tsj: int = 3,
    seed: int = 42,
    n_factors: int = 1,
    balanced: bool = False,
    rep: np.ndarray | None = None,
    show_progress: bool = False,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Classify the rows of a binary matrix (rows without any 1 are left unclassified).

    Parameters
    ----------
    X
        Binary units × lemmas matrix.
    n_classes, min_size
        Classes asked for; smaller classes are dropped.
    cc_test, tsj
        Lemma selection after each split.
    seed
        Seed of the factor computation.
    n_factors
        Factors tried at each split.
    balanced
        Cuts and reassignment keep ``min_size`` units on each side.
    rep
        Representative row of each row (:func:`collapse_duplicates`): only representatives are
        classified, weighing as many rows as they stand for; the others take their class.
    show_progress
        Progress bar over the splits.

    Returns
    -------
    ``labels`` (class 1…k per row in dendrogram order, 0 = unclassified) and the ``tree``: one row
    per node (``node``, ``parent``, ``left``, ``right``, ``size``, ``chi2`` of its split,
    ``depth``, ``class``, ``dropped``, ``lost``: units left out by its split).
    """
    # the dense algebra here works on thin blocks: one BLAS thread is faster, and far faster
    # when other processes compete for the cores (threadpoolctl comes with scikit-learn)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None
    with threadpool_limits(1, user_api="blas") if threadpool_limits else contextlib.nullcontext():
        return _classify(
            X,
            n_classes=n_classes,
            min_size=min_size,
            cc_test=cc_test,
            tsj=tsj,
            seed=seed,
            n_factors=n_factors,
            balanced=balanced,
            rep=rep,
            show_progress=show_progress,
        )


def _classify(
    X: sp.csr_matrix,
    *,
    n_classes: int,
    min_size: int,
    cc_test: float,
    tsj: int,
    seed: int,
    n_factors: int,
    balanced: bool,
    rep: np.ndarray | None,
    show_progress: bool,
) -> tuple[np.ndarray, pd.DataFrame]:
    X = sp.csr_matrix(X, dtype=float)
    X.data[:] = 1.0
    X.sort_indices()
    rep = np.arange(X.shape[0]) if rep is None else np.asarray(rep)
    weight = np.bincount(rep, minlength=X.shape[0])
    rows = np.flatnonzero((np.diff(X.indptr) > 0) & (weight > 0))
    nodes = [_Node(rows=rows, cols=np.arange(X.shape[1]))]
    bar = progress(
        range(n_classes - 1),
        desc=_("Reinert classification"),
        unit=_("partition"),
        disable=not show_progress,
    )
    update = getattr(bar, "update", None)
    for _step in range(n_classes + _MAX_DROPS):
        leaves = [i for i, n in enumerate(nodes) if not n.children and not n.dropped]
        if len(leaves) >= n_classes:
            break
        cand = [
            i for i in leaves if not nodes[i].final and weight[nodes[i].rows].sum() >= 2 * min_size
        ]
        if not cand:
            break
        i = max(cand, key=lambda j: (weight[nodes[j].rows].sum(), -j))
        res = _split(
            X,
            nodes[i],
            cc_test=cc_test,
            tsj=tsj,
            seed=seed,
            min_cut=min_size if balanced else 1,
            n_factors=n_factors,
        )
        if res is None:
            nodes[i].final = True
            continue
        l_rows, l_cols, r_rows, r_cols, chi, lost = res
        nodes[i].chi2, nodes[i].lost = float(chi), int(weight[lost].sum())
        for r, c in ((l_rows, l_cols), (r_rows, r_cols)):
            nodes.append(_Node(rows=r, cols=c, parent=i, dropped=weight[r].sum() < min_size))
            nodes[i].children.append(len(nodes) - 1)
        if update and not (nodes[-1].dropped or nodes[-2].dropped):
            update(1)
    if hasattr(bar, "close"):
        bar.close()
    labels, tree = _labels_and_tree(nodes, X.shape[0], weight)
    return labels[rep], tree


def collapse_duplicates(X: sp.csr_matrix, min_forms: int) -> np.ndarray:
    """Representative row of each row: the first identical row when it has ``min_forms``
    lemmas or more (``min_forms`` 0: every row is its own representative).
    """
    rep = np.arange(X.shape[0])
    if min_forms <= 0:
        return rep
    X.sort_indices()
    nnz = np.diff(X.indptr)
    long_rows = np.flatnonzero(nnz >= min_forms)
    keys = pd.Series([X.indices[X.indptr[i] : X.indptr[i + 1]].tobytes() for i in long_rows])
    codes, _ = pd.factorize(keys)
    first = long_rows[np.unique(codes, return_index=True)[1]]
    rep[long_rows] = first[codes]
    return rep


def _labels_and_tree(
    nodes: list[_Node], n_rows: int, weight: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    labels = np.zeros(n_rows, dtype=np.int64)
    klass: dict[int, int] = {}
    depth = {0: 0}
    stack = [0]
    while stack:  # depth first, left child first: class numbers follow the dendrogram
        i = stack.pop()
        for ch in nodes[i].children:
            depth[ch] = depth[i] + 1
        if nodes[i].children:
            stack.extend(reversed(nodes[i].children))
        elif not nodes[i].dropped:
            klass[i] = len(klass) + 1
            labels[nodes[i].rows] = klass[i]
    tree = pd.DataFrame(
        {
            "node": np.arange(len(nodes)),
            "parent": [n.parent for n in nodes],
            "left": [n.children[0] if n.children else -1 for n in nodes],
            "right": [n.children[1] if n.children else -1 for n in nodes],
            "size": [int(weight[n.rows].sum()) for n in nodes],
            "chi2": [n.chi2 for n in nodes],
            "depth": [depth[i] for i in range(len(nodes))],
            "class": [klass.get(i, 0) for i in range(len(nodes))],
            "dropped": [n.dropped for n in nodes],
            "lost": [n.lost for n in nodes],
        }
    )
    return labels, tree
