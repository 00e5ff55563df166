"""Importance–performance matrix (Martilla & James): what matters most and is rated worst first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from transfo_analysis.anonymise.disclosure import suppress_rows
from transfo_analysis.barometer._indicators import sort_waves
from transfo_analysis.barometer._labels import QUADRANTS
from transfo_analysis.barometer._schema import make_scale
from transfo_analysis.barometer._stats import summarise, use_weights
from transfo_analysis.provenance import record

IPA_VALUES = [
    "n_respondents",
    "importance",
    "performance",
    "importance_centre",
    "performance_centre",
]


def _w(rows: pd.DataFrame, weighted: bool) -> np.ndarray:
    return rows["weight"].fillna(1.0).to_numpy(float) if weighted else np.ones(len(rows))


def importance_performance(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("territory", "wave"),
    items: Sequence[str] = ("service", "dimension"),
    respondent_types: Sequence[str] = ("usager",),
    centre: Literal["data", "scale"] = "data",
    weights: bool | None = None,
    k: int | None = 5,
) -> pd.DataFrame:
    """Mean importance and mean satisfaction of each item, placed in a quadrant.

    Parameters
    ----------
    responses
        Tidy responses with importance ratings.
    by
        One matrix per value of these columns (e.g. a territory's wave).
    items
        What the points of a matrix are (a service's dimension by default).
    respondent_types
        Whose ratings count (users by default: importance is their expectation).
    centre
        Where the quadrant lines cross: ``data``, the mean of the items' means within the matrix
        (Martilla & James' usual choice, so that every matrix has items on both sides), or
        ``scale``, the middle of each scale.
    weights
        Use survey weights (``None``: when any differs from 1).
    k
        Items rated by fewer than ``k`` respondents are marked ``suppressed``, blanked and left
        out of the centre.

    Returns
    -------
    The ``by`` and ``items`` columns, ``n_respondents`` (the fewer of those who rated the
    importance and those who rated the satisfaction), ``importance`` and ``performance``
    (means), ``importance_centre``, ``performance_centre``, ``quadrant`` (French, from
    :data:`~transfo_analysis.barometer.QUADRANTS`: "Priorités d'amélioration", "Points forts à
    maintenir", "Faible priorité", "Effort peut-être excessif") and ``suppressed``.
    Items with no importance rating are left out.
    """
    weighted = use_weights(responses, weights)
    data = responses[responses["respondent_type"].isin(respondent_types)]
    rows = []
    for values, group in data.groupby([*by, *items], sort=False, dropna=False):
        rated = group[group["importance"].notna()]
        if rated.empty:
            continue
        scored = group[group["score"].notna()]
        values = values if isinstance(values, tuple) else (values,)
        rows.append(
            {
                **dict(zip([*by, *items], values, strict=True)),
                "n_respondents": min(rated["respondent"].nunique(), scored["respondent"].nunique()),
                "importance": summarise(
                    rated["importance"].to_numpy(float), _w(rated, weighted)
                ).mean,
                "performance": summarise(
                    scored["score"].to_numpy(float), _w(scored, weighted)
                ).mean,
                "_mid_i": make_scale(rated["importance_scale"].iloc[0], kind="importance").midpoint,
                "_mid_p": make_scale(group["scale"].iloc[0]).midpoint,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[*by, *items, "n_respondents", "importance", "performance", "_mid_i", "_mid_p"],
    )
    small = (out["n_respondents"] > 0) & (out["n_respondents"] < (k or 0))
    if centre == "scale":
        out["importance_centre"], out["performance_centre"] = out["_mid_i"], out["_mid_p"]
    else:
        kept = out[~small]
        group_keys = list(by) if by else None
        if group_keys:
            means = kept.groupby(group_keys, dropna=False)[["importance", "performance"]].mean()
            centres = out[group_keys].merge(means, left_on=group_keys, right_index=True, how="left")
            out["importance_centre"] = centres["importance"].to_numpy()
            out["performance_centre"] = centres["performance"].to_numpy()
        else:
            out["importance_centre"], out["performance_centre"] = (
                kept["importance"].mean(),
                kept["performance"].mean(),
            )
    out["quadrant"] = [
        QUADRANTS[(bool(i >= ci), bool(p >= cp))] if np.isfinite(i) and np.isfinite(p) else None
        for i, p, ci, cp in zip(
            out["importance"],
            out["performance"],
            out["importance_centre"],
            out["performance_centre"],
            strict=True,
        )
    ]
    out = out.drop(columns=["_mid_i", "_mid_p"])
    if k:
        out = suppress_rows(
            out,
            respondents="n_respondents",
            k=k,
            value_columns=["n_respondents", "importance", "performance"],
        )
        out.loc[out["suppressed"], "quadrant"] = None
    else:
        out["suppressed"] = False
    out = sort_waves(out, [*by, *items])
    out.attrs["provenance"] = record(
        "barometer.importance_performance",
        parameters={
            "by": list(by),
            "items": list(items),
            "respondent_types": list(respondent_types),
            "centre": centre,
            "weighted": weighted,
            "k": k,
        },
    )
    return out
