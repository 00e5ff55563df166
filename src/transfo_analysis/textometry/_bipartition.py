"""One bipartition of Reinert's method: first factor, best χ² cut, reassignment, lemma selection.

See :mod:`transfo_analysis.textometry._chd` for the method and what differs from rainette and
IRaMuTeQ. Every step is vectorised over a sparse binary units × lemmas matrix.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

_MAX_PASSES = 1000


def _chi2(S1: np.ndarray | float, n1: np.ndarray | float, N: float) -> np.ndarray | float:
    """χ² of the 2 × p table of column sums (a, c − a), from ``S1 = Σ a²/c`` and ``n1 = Σ a``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return N * (S1 / n1 + (N - 2 * n1 + S1) / (N - n1) - 1)


def first_factors(
    X: sp.csr_matrix, *, seed: int, n_factors: int = 1, block: int = 12, n_iter: int = 12
) -> np.ndarray:
    """Row coordinates on the first factor of the correspondence analysis of ``X`` (up to sign).

    The first singular vector of the standardised residuals ``D_r^-1/2 (P - r cᵀ) D_c^-1/2`` is
    found by a seeded block power iteration (randomised subspace iteration, ``block`` vectors,
    ``n_iter`` rounds) on the sparse matrix, the trivial factor being removed by the rank-one
    term. ARPACK (``svds``) gives the same axis but can take minutes when the leading singular
    values are close, which is common with several themes of similar weight; the split only
    needs a good order of the units along the axis.
    """
    N = X.sum()
    r = np.asarray(X.sum(axis=1)).ravel() / N
    c = np.asarray(X.sum(axis=0)).ravel() / N
    sr, sc = np.sqrt(r), np.sqrt(c)
    M = (sp.diags(1 / (sr * N)) @ X @ sp.diags(1 / sc)).tocsr()
    Mt = M.T.tocsr()

    def S(V: np.ndarray) -> np.ndarray:
        return M @ V - np.outer(sr, sc @ V)

    def St(U: np.ndarray) -> np.ndarray:
        return Mt @ U - np.outer(sc, sr @ U)

    k = min(block, *X.shape)
    rng = np.random.default_rng(seed)
    Q = _orthonormal(S(rng.standard_normal((X.shape[1], k))))
    for _ in range(n_iter):
        Q = _orthonormal(S(_orthonormal(St(Q))))
    B = St(Q).T  # Rayleigh–Ritz: the left singular vectors of B = Qᵀ S, from its k × k Gram matrix
    _, U = np.linalg.eigh(B @ B.T)
    return (Q @ U[:, ::-1][:, :n_factors]) / sr[:, None]


def _orthonormal(Y: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the columns of a tall matrix (Cholesky QR, twice for accuracy).

    Many times faster than Householder QR on tall, thin blocks; falls back to it when the block
    is (numerically) rank deficient.
    """
    try:
        for _ in range(2):
            L = np.linalg.cholesky(Y.T @ Y)
            Y = Y @ np.linalg.inv(L).T
        return Y
    except np.linalg.LinAlgError:
        return np.linalg.qr(Y)[0]


def best_cut(X: sp.csr_matrix, order: np.ndarray, min_size: int = 1) -> tuple[int, float]:
    """Number of units (in ``order``) of the first group that maximises the χ², and that χ².

    Only cuts leaving at least ``min_size`` units on each side are considered (χ² = -inf when
    there is none).
    """
    csc = X[order].tocsc()
    csc.sort_indices()
    c = np.diff(csc.indptr)
    col = np.repeat(np.arange(X.shape[1]), c)
    pos = np.arange(csc.nnz) - csc.indptr[col]  # earlier units holding the same lemma
    contrib = np.bincount(csc.indices, weights=(2 * pos + 1) / c[col], minlength=X.shape[0])
    S1 = np.cumsum(contrib)[:-1]
    n1 = np.cumsum(np.asarray(X[order].sum(axis=1)).ravel())[:-1]
    chi = _chi2(S1, n1, float(c.sum()))
    chi = np.where(np.isfinite(chi), chi, -np.inf)
    k_sizes = np.arange(1, X.shape[0])
    chi[(k_sizes < min_size) | (X.shape[0] - k_sizes < min_size)] = -np.inf
    k = int(np.argmax(chi))
    return k + 1, float(chi[k])


def reassign(
    X: sp.csr_matrix, in_first: np.ndarray, min_size: int = 1
) -> tuple[np.ndarray, float, int]:
    """Move units between the two groups while it raises the χ²; returns groups, χ², moves.

    A group never loses units below ``min_size``: without this bound, the moves would peel a
    block of identical segments off again, as the unconstrained cut does.
    """
    g = in_first.copy()
    m = np.asarray(X.sum(axis=1)).ravel()
    c = np.asarray(X.sum(axis=0)).ravel()
    N, inv_c = float(c.sum()), 1 / c
    v = X @ inv_c
    moves = 0
    for _ in range(_MAX_PASSES):
        a = X.T @ g.astype(float)
        S1, n1 = float(a @ (a * inv_c)), float(m[g].sum())
        chi = float(_chi2(S1, n1, N))
        u = X @ (a * inv_c)
        S_new = np.where(g, S1 - 2 * u + v, S1 + 2 * u + v)
        n_new = np.where(g, n1 - m, n1 + m)
        gain = np.where((n_new > 0) & (n_new < N), _chi2(S_new, n_new, N), -np.inf) - chi
        cand = np.flatnonzero(gain > 1e-9 * max(chi, 1.0))
        if not len(cand):
            return g, chi, moves
        cand = cand[np.argsort(-gain[cand], kind="stable")]
        cand = _within_quota(cand, g, min_size)
        if not len(cand):
            return g, chi, moves
        for size in (len(cand) >> s for s in range(len(cand).bit_length())):
            g[cand[:size]] ^= True
            a2 = X.T @ g.astype(float)
            n2 = float(m[g].sum())
            if 0 < n2 < N and _chi2(float(a2 @ (a2 * inv_c)), n2, N) > chi:
                moves += size
                break
            g[cand[:size]] ^= True
        else:
            return g, chi, moves
    return g, chi, moves


def _within_quota(cand: np.ndarray, g: np.ndarray, min_size: int) -> np.ndarray:
    """The best moves (in order) that leave each group at least ``min_size`` units."""
    leaving_first = g[cand]
    quota_first, quota_second = int(g.sum()) - min_size, int((~g).sum()) - min_size
    ok = np.where(
        leaving_first,
        np.cumsum(leaving_first) <= quota_first,
        np.cumsum(~leaving_first) <= quota_second,
    )
    return cand[ok]


def select_terms(
    X: sp.csr_matrix, g: np.ndarray, *, cc_test: float, tsj: int
) -> tuple[np.ndarray, np.ndarray]:
    """Columns kept on each side after a split (rainette's ``select_features``)."""
    a = np.asarray(X[g].sum(axis=0)).ravel()
    b = np.asarray(X[~g].sum(axis=0)).ravel()
    c = a + b
    n1, n2 = a.sum(), b.sum()
    e1, e2 = c / c.sum() * n1, c / c.sum() * n2
    chi = (a - e1) ** 2 / e1 + (b - e2) ** 2 / e2
    cc = np.sqrt(chi / (chi + c))
    shared = cc <= cc_test
    keep1 = (a >= tsj) & (shared | (a > e1))
    keep2 = (b >= tsj) & (shared | (b > e2))
    return np.flatnonzero(keep1), np.flatnonzero(keep2)
