"""Where coders differ: confusion matrices and the list of disagreements to review."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from transfo_analysis.coding.agreement import NONE_LABEL, reliability_data
from transfo_analysis.i18n import _


def confusion_matrix(
    codings: pd.DataFrame,
    coder_a: str,
    coder_b: str,
    *,
    code: str | None = None,
    units: Sequence[str] | pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    uncoded: str = "absent",
) -> pd.DataFrame:
    """Confusion matrix of two coders (rows: ``coder_a``, columns: ``coder_b``).

    With ``code``: a 2 × 2 table (présent / absent). Without: a code × code table over the
    units both read, where a code both applied counts on the diagonal, and each code applied by
    one coder only is paired with the codes only the other applied on that unit (weights sharing
    one unit, so a row sums to how often ``coder_a`` applied the code), or with ``(aucun)``
    when the other applied nothing more.
    """
    data, coders, _units, codes = reliability_data(
        codings, coders=[coder_a, coder_b], units=units, segments=segments, uncoded=uncoded
    )
    both = (
        ~(np.isnan(data[0, :, 0]) | np.isnan(data[1, :, 0]))
        if codes
        else np.zeros(data.shape[1], dtype=bool)
    )
    a, b = data[0][both], data[1][both]
    if code is not None:
        k = codes.index(code) if code in codes else None
        av = a[:, k] if k is not None else np.zeros(len(a))
        bv = b[:, k] if k is not None else np.zeros(len(b))
        labels = [_("present"), _("absent")]
        m = [
            [int(np.sum((av == 1) & (bv == 1))), int(np.sum((av == 1) & (bv == 0)))],
            [int(np.sum((av == 0) & (bv == 1))), int(np.sum((av == 0) & (bv == 0)))],
        ]
        return pd.DataFrame(
            m, index=pd.Index(labels, name=coder_a), columns=pd.Index(labels, name=coder_b)
        )
    labels = [*codes, NONE_LABEL]
    m = np.zeros((len(labels), len(labels)))
    none = len(codes)
    for ua, ub in zip(a.astype(bool), b.astype(bool), strict=True):
        common = np.flatnonzero(ua & ub)
        m[common, common] += 1
        only_a, only_b = np.flatnonzero(ua & ~ub), np.flatnonzero(ub & ~ua)
        if len(only_a) and len(only_b):
            m[np.ix_(only_a, only_b)] += 1 / len(only_b)
        elif len(only_a):
            m[only_a, none] += 1
        elif len(only_b):
            m[none, only_b] += 1
        if not ua.any() and not ub.any():
            m[none, none] += 1
    return pd.DataFrame(
        m, index=pd.Index(labels, name=coder_a), columns=pd.Index(labels, name=coder_b)
    )


def disagreements(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    units: Sequence[str] | pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    uncoded: str = "absent",
) -> pd.DataFrame:
    """Every (segment, code) on which the coders who read the segment do not all agree.

    Returns
    -------
    ``segment_id``, ``code``, ``coded_by`` and ``not_coded_by`` (comma-separated coders), and,
    with ``segments``, the segment's document, speaker role, territory and text; sorted in
    corpus order so that the coding panel can step through them.
    """
    data, coders, unit_ids, codes = reliability_data(
        codings, coders=coders, units=units, segments=segments, uncoded=uncoded
    )
    rows = []
    if codes:
        n_yes = np.nansum(data, axis=0)
        n_read = (~np.isnan(data)).sum(axis=0)
        for u, k in zip(*np.nonzero((n_yes > 0) & (n_yes < n_read) & (n_read >= 2)), strict=True):
            col = data[:, u, k]
            rows.append(
                {
                    "segment_id": unit_ids[u],
                    "code": codes[k],
                    "coded_by": ", ".join(c for c, v in zip(coders, col, strict=True) if v == 1),
                    "not_coded_by": ", ".join(
                        c for c, v in zip(coders, col, strict=True) if v == 0
                    ),
                }
            )
    out = pd.DataFrame(rows, columns=["segment_id", "code", "coded_by", "not_coded_by"])
    if segments is not None and len(out):
        cols = [
            c
            for c in ("segment_id", "doc_id", "turn", "role", "territory", "text")
            if c in segments
        ]
        out = out.merge(segments[cols], on="segment_id", how="left")
        order = [c for c in ("doc_id", "turn", "code") if c in out]
        out = out.sort_values(order, kind="stable").reset_index(drop=True)
    return out
