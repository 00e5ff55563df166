"""Indicators per group: mean, satisfaction rates
and NPS with intervals, and answer distributions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from transfo_analysis.anonymise.disclosure import suppress_rows
from transfo_analysis.barometer._schema import make_scale
from transfo_analysis.barometer._stats import (
    mean_interval,
    nps,
    rates,
    summarise,
    use_weights,
    wave_sort_key,
    wilson,
)
from transfo_analysis.provenance import record

#: the default grouping: one row per territory, wave, service, dimension and respondent type
GROUP = ("territory", "wave", "service", "dimension", "respondent_type")
INDICATOR_VALUES = [
    "n",
    "n_respondents",
    "n_missing",
    "n_eff",
    "mean",
    "mean_low",
    "mean_high",
    "sd",
    "satisfied_rate",
    "satisfied_low",
    "satisfied_high",
    "dissatisfied_rate",
    "nps",
    "nps_low",
    "nps_high",
]


def sort_waves(table: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Rows ordered by ``by`` with waves in time order (2022 before 2023, numbers before labels)."""
    if table.empty:
        return table.reset_index(drop=True)
    columns = [c for c in by if c in table]
    return table.sort_values(
        columns, key=lambda s: s.map(wave_sort_key) if s.name == "wave" else s, kind="stable"
    ).reset_index(drop=True)


def iter_groups(
    responses: pd.DataFrame, by: Sequence[str], *, weights: bool
) -> Iterator[tuple[dict, pd.DataFrame, np.ndarray, np.ndarray]]:
    """Groups of answered scores: (keys, group rows, scores, weights); the scale is always a key."""
    keys = [*by, "scale"] if "scale" not in by else list(by)
    answered = responses[responses["score"].notna()]
    for values, group in answered.groupby(keys, sort=False, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        w = group["weight"].fillna(1.0).to_numpy(float) if weights else np.ones(len(group))
        yield dict(zip(keys, values, strict=True)), group, group["score"].to_numpy(float), w


def indicators(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = GROUP,
    confidence: float = 0.95,
    weights: bool | None = None,
    interval: Literal["t", "bootstrap"] = "t",
    n_boot: int = 2000,
    seed: int = 42,
    k: int | None = 5,
) -> pd.DataFrame:
    """Satisfaction indicators with confidence intervals, one row per group.

    Parameters
    ----------
    responses
        Tidy responses from :func:`import_surveys`.
    by
        Grouping columns (keep ``dimension`` in them: dimensions are different questions).
    confidence
        Level of every interval.
    weights
        Use the ``weight`` column; ``None``: when any weight differs from 1.
    interval
        Interval of the mean: ``t`` (Student, n_eff − 1 degrees of freedom) or ``bootstrap``
        (percentile, ``n_boot`` resamples, seeded by ``seed``).
    k
        Groups with fewer than ``k`` respondents are kept but marked ``suppressed`` and their
        values blanked (:func:`~transfo_analysis.anonymise.suppress_rows`); ``None`` keeps all.

    Returns
    -------
    The ``by`` columns, ``scale`` and: ``n`` (answers), ``n_respondents``, ``n_missing`` (no
    answer), ``n_eff`` (Kish), ``weighted``, ``mean`` with ``mean_low``/``mean_high``, ``sd``,
    ``satisfied_rate`` (top-2-box) with its Wilson interval ``satisfied_low``/``satisfied_high``,
    ``dissatisfied_rate`` (bottom box), ``nps`` with ``nps_low``/``nps_high`` (0–10 scales only)
    and ``suppressed``. Rates are shares in [0, 1]; NPS is in points (−100 to 100).
    """
    weighted = use_weights(responses, weights)
    rng = np.random.default_rng(seed)
    missing = responses[responses["score"].isna()].groupby(list(by), dropna=False).size()
    rows = []
    for keys, group, x, w in iter_groups(responses, by, weights=weighted):
        scale = make_scale(keys["scale"])
        s = summarise(x, w)
        low, high = mean_interval(
            x, w, confidence=confidence, method=interval, n_boot=n_boot, rng=rng
        )
        sat, dis = rates(x, w, scale)
        sat_low, sat_high = wilson(sat, s.n_eff, confidence=confidence)
        score, nps_low, nps_high = (
            nps(x, w, confidence=confidence) if scale.is_nps else (np.nan,) * 3
        )
        key = tuple(keys[c] for c in by)
        rows.append(
            {
                **keys,
                "n": s.n,
                "n_respondents": group["respondent"].nunique(),
                "n_missing": int(missing.get(key if len(by) > 1 else key[0], 0)),
                "n_eff": s.n_eff,
                "weighted": weighted,
                "mean": s.mean,
                "mean_low": low,
                "mean_high": high,
                "sd": s.sd,
                "satisfied_rate": sat,
                "satisfied_low": sat_low,
                "satisfied_high": sat_high,
                "dissatisfied_rate": dis,
                "nps": score,
                "nps_low": nps_low,
                "nps_high": nps_high,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            *by,
            *([] if "scale" in by else ["scale"]),
            *INDICATOR_VALUES[:4],
            "weighted",
            *INDICATOR_VALUES[4:],
        ],
    )
    out = sort_waves(out, by)
    out = (
        suppress_rows(out, respondents="n_respondents", k=k, value_columns=INDICATOR_VALUES)
        if k
        else out.assign(suppressed=False)
    )
    out.attrs["provenance"] = record(
        "barometer.indicators",
        parameters={
            "by": list(by),
            "confidence": confidence,
            "weighted": weighted,
            "interval": interval,
            "n_boot": n_boot if interval == "bootstrap" else None,
            "seed": seed,
            "k": k,
        },
    )
    return out


def distribution(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = GROUP,
    weights: bool | None = None,
    k: int | None = 5,
) -> pd.DataFrame:
    """Share of answers at each point of the scale, for diverging stacked bars.

    Parameters
    ----------
    responses
        Tidy responses.
    by
        Grouping columns.
    weights
        As in :func:`indicators`.
    k
        Groups with fewer than ``k`` respondents are marked ``suppressed`` and blanked.

    Returns
    -------
    One row per group and scale point: the ``by`` columns, ``scale``, ``level``, ``label``
    (French), ``count`` (answers), ``share`` (weighted, sums to 1 per group), ``n_respondents``
    and ``suppressed``.
    """
    weighted = use_weights(responses, weights)
    rows = []
    for keys, group, x, w in iter_groups(responses, by, weights=weighted):
        scale = make_scale(keys["scale"])
        for level in scale.levels:
            hit = x == level
            rows.append(
                {
                    **keys,
                    "level": level,
                    "label": scale.label(level),
                    "count": int(hit.sum()),
                    "share": float(w[hit].sum() / w.sum()),
                    "n_respondents": group["respondent"].nunique(),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            *by,
            *([] if "scale" in by else ["scale"]),
            "level",
            "label",
            "count",
            "share",
            "n_respondents",
        ],
    )
    out = sort_waves(out, [*by, "level"])
    out = (
        suppress_rows(
            out, respondents="n_respondents", k=k, value_columns=["count", "share", "n_respondents"]
        )
        if k
        else out.assign(suppressed=False)
    )
    out.attrs["provenance"] = record(
        "barometer.distribution", parameters={"by": list(by), "weighted": weighted, "k": k}
    )
    return out
