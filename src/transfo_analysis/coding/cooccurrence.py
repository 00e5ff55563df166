"""Which codes go together: in the same segment, within a window of turns, or in the same document.

Computed as sparse products (units × codes incidence matrices), so 100 000 segments × 50 codes
take well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from transfo_analysis.coding.analysis import prepare, tables
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.corpus import Corpus
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record


def cooccurrence(
    corpus: Corpus | pd.DataFrame,
    codings: pd.DataFrame,
    *,
    scope: str = "segment",
    window: int = 1,
    measure: str = "count",
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Code × code co-occurrence matrix.

    Parameters
    ----------
    corpus
        The corpus or its segments table.
    codings
        Codings (accepted ones count; several coders count once).
    scope
        ``"segment"``: both codes on the same segment. ``"window"``: on segments at most
        ``window`` turns apart in the same document (pairs of segments, the same segment
        included). ``"document"``: both codes somewhere in the same document.
    window
        Turns apart, for ``scope="window"``.
    measure
        ``"count"`` (number of units, or of segment pairs for a window) or ``"jaccard"``
        (count divided by the units holding either code).
    codebook
        Orders rows and columns.

    Returns
    -------
    A square DataFrame; the diagonal holds each code's number of units.
    """
    segments, _unused = tables(corpus)
    coded, _unused = prepare(corpus, codings)
    coded = coded.drop_duplicates(["segment_id", "code"])
    codes = sorted(coded["code"].unique())
    if codebook is not None:
        codes = [c for c in codebook.names if c in set(codes)] + [
            c for c in codes if c not in codebook
        ]
    ci = {c: i for i, c in enumerate(codes)}
    if scope == "document":
        units = coded[["doc_id", "code"]].drop_duplicates()
        ui = {d: i for i, d in enumerate(units["doc_id"].unique())}
        x = sparse.csr_matrix(
            (np.ones(len(units)), (units["doc_id"].map(ui), units["code"].map(ci))),
            shape=(len(ui), len(codes)),
        )
        m = (x.T @ x).toarray()
    elif scope in ("segment", "window"):
        order = segments.sort_values(["doc_id", "turn"], kind="stable").reset_index(drop=True)
        si = pd.Series(np.arange(len(order)), index=order["segment_id"].to_numpy())
        x = sparse.csr_matrix(
            (
                np.ones(len(coded)),
                (coded["segment_id"].map(si).to_numpy(), coded["code"].map(ci).to_numpy()),
            ),
            shape=(len(order), len(codes)),
        )
        if scope == "segment":
            m = (x.T @ x).toarray()
        else:
            m = (x.T @ _window_matrix(order, window) @ x).toarray()
            np.fill_diagonal(m, np.asarray(x.sum(axis=0)).ravel())
    else:
        raise ValueError(
            _("scope must be « segment », « window » or « document », not {value}").format(
                value=repr(scope)
            )
        )
    out = pd.DataFrame(m, index=pd.Index(codes, name="code"), columns=pd.Index(codes, name="code"))
    if measure == "jaccard":
        d = np.diag(m)
        with np.errstate(invalid="ignore", divide="ignore"):
            jac = m / (d[:, None] + d[None, :] - m)
        np.fill_diagonal(jac, 1.0)
        out = pd.DataFrame(jac, index=out.index, columns=out.columns)
    elif measure != "count":
        raise ValueError(
            _("measure must be « count » or « jaccard », not {value}").format(value=repr(measure))
        )
    out.attrs["provenance"] = record(
        "cooccurrence", parameters={"scope": scope, "window": window, "measure": measure}
    )
    return out


def _window_matrix(order: pd.DataFrame, window: int) -> sparse.csr_matrix:
    """Symmetric adjacency of segments at most ``window`` turns apart in the same document."""
    n = len(order)
    doc = order["doc_id"].to_numpy()
    turn = order["turn"].to_numpy()
    rows, cols = [np.arange(n)], [np.arange(n)]
    for step in range(1, window + 1):
        i = np.arange(n - step)
        j = i + step
        ok = (doc[i] == doc[j]) & (np.abs(turn[j] - turn[i]) <= window)
        rows += [i[ok], j[ok]]
        cols += [j[ok], i[ok]]
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))


def cooccurrence_pairs(matrix: pd.DataFrame, *, min_count: float = 1) -> pd.DataFrame:
    """The upper triangle of a co-occurrence matrix as edges (``code_a``, ``code_b``, ``weight``)."""
    codes = list(matrix.index)
    m = matrix.to_numpy()
    i, j = np.triu_indices(len(codes), k=1)
    w = m[i, j]
    keep = w >= min_count
    return (
        pd.DataFrame(
            {
                "code_a": np.asarray(codes, dtype=object)[i[keep]],
                "code_b": np.asarray(codes, dtype=object)[j[keep]],
                "weight": w[keep],
            }
        )
        .sort_values("weight", ascending=False)
        .reset_index(drop=True)
    )
