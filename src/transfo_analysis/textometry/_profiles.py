"""What each Reinert class says: lemma profiles (χ²), typical segments, crossing with metadata.

All statistics are computed on the classified text segments only, as in IRaMuTeQ:

- **profile**: for a class and a lemma, the 2 × 2 table (in the class or not × containing the
  lemma or not) gives a χ² with one degree of freedom (no continuity correction), *signed*
  negative when the lemma is rarer in the class than expected (an anti-profile);
- **typical segments**: a segment's score is the sum of the χ² of the lemmas it contains that
  are significantly over-represented in its class (χ² > 3.84, p < 0.05), as IRaMuTeQ ranks them;
- **crossing**: each metadata value (a role, a territory…) against each class, with counts,
  Pearson residuals ``(O − E)/√E``, adjusted standardised residuals (read like a z score:
  beyond ±1.96 is significant at 5 %) and the signed 2 × 2 χ².
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import chi2 as chi2_dist

PROFILE_COLUMNS = ["class", "term", "type", "n_class", "n_total", "pct", "chi2", "p", "rank"]
_CHI2_05 = 3.841458820694124


def _signed_chi2(a: np.ndarray, n_row: np.ndarray, n_col: np.ndarray, N: float) -> np.ndarray:
    """Signed χ² of 2 × 2 tables with cell ``a``, row total ``n_row``, column total ``n_col``."""
    expected = n_row * n_col / N
    denom = n_row * (N - n_row) * n_col * (N - n_col)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = np.where(denom > 0, N * (a * N - n_row * n_col) ** 2 / denom, 0.0)
    return np.where(a < expected, -chi, chi)


def profiles(
    matrices: Sequence[tuple[sp.csr_matrix, np.ndarray, str]], labels: np.ndarray
) -> pd.DataFrame:
    """Lemma profiles of the classes.

    Parameters
    ----------
    matrices
        ``(units × terms binary matrix, terms, type)`` triples (active, supplementary lemmas).
    labels
        Class of each unit (0 = unclassified, left out).

    Returns
    -------
    One row per class and lemma present in it: ``n_class`` (segments of the class containing
    it), ``n_total`` (classified segments containing it), ``pct`` (share of those in the class),
    signed ``chi2``, ``p`` and ``rank`` (1 = most typical of the class).
    """
    ok = labels > 0
    classes = np.unique(labels[ok])
    K = sp.csr_matrix(
        (np.ones(int(ok.sum())), (np.searchsorted(classes, labels[ok]), np.flatnonzero(ok))),
        shape=(len(classes), len(labels)),
    )
    sizes = np.asarray(K.sum(axis=1)).ravel()
    N = float(ok.sum())
    frames = []
    for X, terms, kind in matrices:
        A = (K @ X).toarray()
        col = A.sum(axis=0)
        chi = _signed_chi2(A, sizes[:, None], col[None, :], N)
        ci, ti = np.nonzero(A > 0)
        frames.append(
            pd.DataFrame(
                {
                    "class": classes[ci],
                    "term": np.asarray(terms, dtype=object)[ti],
                    "type": kind,
                    "n_class": A[ci, ti].astype(np.int64),
                    "n_total": col[ti].astype(np.int64),
                    "pct": 100 * A[ci, ti] / col[ti],
                    "chi2": chi[ci, ti],
                }
            )
        )
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=PROFILE_COLUMNS[:-2])
    )
    out["p"] = chi2_dist.sf(out["chi2"].abs().to_numpy(dtype=float), 1)
    out = out.sort_values(["class", "chi2", "term"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby("class").cumcount() + 1
    return out[PROFILE_COLUMNS].reset_index(drop=True)


def typical_segments(
    X: sp.csr_matrix,
    terms: np.ndarray,
    labels: np.ndarray,
    profile: pd.DataFrame,
    units: pd.DataFrame,
    texts: pd.Series,
    *,
    n: int = 10,
    columns: Sequence[str] = ("role", "territory"),
) -> pd.DataFrame:
    """The ``n`` segments of each class with the highest sum of χ² of its typical active lemmas."""
    act = profile[(profile["type"] == "active") & (profile["chi2"] > _CHI2_05)]
    classes = np.unique(labels[labels > 0])
    index = pd.Index(terms)
    W = np.zeros((len(terms), len(classes)))
    W[index.get_indexer(act["term"]), np.searchsorted(classes, act["class"])] = act[
        "chi2"
    ].to_numpy()
    scores = X @ W
    rows = []
    for j, k in enumerate(classes):
        members = np.flatnonzero(labels == k)
        best = members[np.argsort(-scores[members, j], kind="stable")][:n]
        for rank, u in enumerate(best, start=1):
            unit = units.iloc[u]
            text = str(texts.get(unit["segment_id"], ""))[
                int(unit["char_start"]) : int(unit["char_end"])
            ]
            rows.append(
                {
                    "class": int(k),
                    "rank": rank,
                    "unit_id": unit["unit_id"],
                    "segment_id": unit["segment_id"],
                    "score": float(scores[u, j]),
                    "text": text,
                    **{c: unit[c] for c in columns if c in units},
                }
            )
    cols = [
        "class",
        "rank",
        "unit_id",
        "segment_id",
        "score",
        "text",
        *[c for c in columns if c in units],
    ]
    return pd.DataFrame(rows, columns=cols)


def crossings(
    units: pd.DataFrame, labels: np.ndarray, columns: Sequence[str]
) -> tuple[pd.DataFrame, dict]:
    """Classes × metadata values: counts, expected,
    residuals, signed χ²; and a global test per column.
    """
    ok = labels > 0
    frames, tests = [], {}
    for col in columns:
        if col not in units:
            continue
        values = units.loc[ok, col]
        tab = pd.crosstab(labels[ok][values.notna().to_numpy()], values.dropna().astype(str))
        if tab.empty:
            continue
        obs = tab.to_numpy(dtype=float)
        N, rows, cols = obs.sum(), obs.sum(axis=1, keepdims=True), obs.sum(axis=0, keepdims=True)
        E = rows * cols / N
        with np.errstate(divide="ignore", invalid="ignore"):
            resid = (obs - E) / np.sqrt(E)
            adj = (obs - E) / np.sqrt(E * (1 - rows / N) * (1 - cols / N))
        adj = np.where(np.isfinite(adj), adj, 0.0)
        chi = _signed_chi2(obs, rows, cols, N)
        total = float((resid**2).sum())
        dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)
        tests[col] = {
            "chi2": total,
            "dof": dof,
            "p": float(chi2_dist.sf(total, dof)) if dof else 1.0,
            "cramers_v": float(np.sqrt(total / (N * max(min(obs.shape) - 1, 1)))),
        }
        ci, vi = np.indices(obs.shape)
        frames.append(
            pd.DataFrame(
                {
                    "column": col,
                    "value": tab.columns.to_numpy(dtype=object)[vi.ravel()],
                    "class": tab.index.to_numpy()[ci.ravel()],
                    "n": obs.ravel().astype(np.int64),
                    "expected": E.ravel(),
                    "pct_of_class": (100 * obs / rows).ravel(),
                    "pct_of_value": (100 * obs / cols).ravel(),
                    "residual": resid.ravel(),
                    "adjusted_residual": adj.ravel(),
                    "chi2": chi.ravel(),
                    "p": chi2_dist.sf(np.abs(chi.ravel()), 1),
                }
            )
        )
    empty = pd.DataFrame(
        columns=[
            "column",
            "value",
            "class",
            "n",
            "expected",
            "pct_of_class",
            "pct_of_value",
            "residual",
            "adjusted_residual",
            "chi2",
            "p",
        ]
    )
    return (pd.concat(frames, ignore_index=True) if frames else empty), tests
