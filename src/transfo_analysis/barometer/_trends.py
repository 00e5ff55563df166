"""Change between waves, with the significance of each change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from transfo_analysis.anonymise.disclosure import suppress_rows
from transfo_analysis.barometer._indicators import iter_groups, sort_waves
from transfo_analysis.barometer._labels import TREND_DOWN, TREND_STABLE, TREND_UP
from transfo_analysis.barometer._schema import make_scale
from transfo_analysis.barometer._stats import (
    proportion_difference,
    rates,
    summarise,
    use_weights,
    wave_sort_key,
    welch,
)
from transfo_analysis.i18n import _
from transfo_analysis.numbers import fewer_than
from transfo_analysis.provenance import record

TREND_VALUES = [
    "n_from",
    "n_to",
    "mean_from",
    "mean_to",
    "change",
    "change_low",
    "change_high",
    "p_welch",
    "q_welch",
    "satisfied_from",
    "satisfied_to",
    "satisfied_change",
    "satisfied_change_low",
    "satisfied_change_high",
    "p_proportions",
    "q_proportions",
]


def trends(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("territory", "service", "dimension", "respondent_type"),
    reference: Literal["previous", "first"] = "previous",
    confidence: float = 0.95,
    weights: bool | None = None,
    k: int | None = 5,
) -> pd.DataFrame:
    """Change of the mean and of the satisfaction rate from one wave to the next.

    Parameters
    ----------
    responses
        Tidy responses from :func:`import_surveys`, with several waves.
    by
        Columns identifying a series (everything but ``wave``).
    reference
        Compare each wave with the ``previous`` one or with the ``first``.
    confidence
        Level of the intervals; a change is ``significant`` when its p-value is below
        1 − confidence.
    weights
        Use survey weights (``None``: when any differs from 1).
    k
        Comparisons where either wave has fewer than ``k`` respondents are marked ``suppressed``.

    Returns
    -------
    One row per series and later wave: the ``by`` columns, ``scale``, ``wave_from``, ``wave_to``,
    ``n_from``, ``n_to``, ``mean_from``, ``mean_to``, ``change`` (to − from) with its Welch
    interval and ``p_welch``, the same for the top-2-box rate (``satisfied_*``, Newcombe
    interval, two-proportion z-test ``p_proportions``), Benjamini–Hochberg q-values over the
    table (``q_welch``, ``q_proportions``) for reading many series at once, ``significant``
    (mean), ``significant_rate``, ``direction`` (French) and ``suppressed``.
    """
    weighted = use_weights(responses, weights)
    keys = [c for c in by if c != "wave"]
    series: dict[tuple, dict] = {}
    for g_keys, group, x, w in iter_groups(responses, [*keys, "wave"], weights=weighted):
        key = tuple(g_keys[c] for c in [*keys, "scale"])
        series.setdefault(key, {})[g_keys["wave"]] = (group["respondent"].nunique(), x, w)
    alpha = 1 - confidence
    rows = []
    for key, waves in series.items():
        order = sorted(waves, key=wave_sort_key)
        scale = make_scale(key[-1])
        for i, wave_to in enumerate(order[1:], start=1):
            wave_from = order[0] if reference == "first" else order[i - 1]
            (n0, x0, w0), (n1, x1, w1) = waves[wave_from], waves[wave_to]
            s0, s1 = summarise(x0, w0), summarise(x1, w1)
            change, low, high, p = welch(s0, s1, confidence=confidence)
            r0, r1 = rates(x0, w0, scale)[0], rates(x1, w1, scale)[0]
            rchange, rlow, rhigh, rp = proportion_difference(
                r0, s0.n_eff, r1, s1.n_eff, confidence=confidence
            )
            rows.append(
                {
                    **dict(zip([*keys, "scale"], key, strict=True)),
                    "wave_from": wave_from,
                    "wave_to": wave_to,
                    "n_from": n0,
                    "n_to": n1,
                    "mean_from": s0.mean,
                    "mean_to": s1.mean,
                    "change": change,
                    "change_low": low,
                    "change_high": high,
                    "p_welch": p,
                    "satisfied_from": r0,
                    "satisfied_to": r1,
                    "satisfied_change": rchange,
                    "satisfied_change_low": rlow,
                    "satisfied_change_high": rhigh,
                    "p_proportions": rp,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            *keys,
            "scale",
            "wave_from",
            "wave_to",
            *[c for c in TREND_VALUES if not c.startswith("q_")],
        ],
    )
    for p_col, q_col in (("p_welch", "q_welch"), ("p_proportions", "q_proportions")):
        out[q_col] = np.nan
        ok = out[p_col].notna()
        if ok.any():
            out.loc[ok, q_col] = multipletests(out.loc[ok, p_col], method="fdr_bh")[1]
    out["significant"] = out["p_welch"] < alpha
    out["significant_rate"] = out["p_proportions"] < alpha
    out["direction"] = np.select(
        [out["significant"] & (out["change"] > 0), out["significant"] & (out["change"] < 0)],
        [TREND_UP, TREND_DOWN],
        TREND_STABLE,
    )
    if k:
        out["_smallest_wave"] = out[["n_from", "n_to"]].min(axis=1)
        out = suppress_rows(
            out, respondents="_smallest_wave", k=k, value_columns=TREND_VALUES
        ).drop(columns="_smallest_wave")
        out.loc[out["suppressed"], ["significant", "significant_rate", "direction"]] = [
            False,
            False,
            _("masked ({fewer})").format(fewer=fewer_than(k, "respondent")),
        ]
    else:
        out["suppressed"] = False
    out = sort_waves(out.rename(columns={"wave_to": "wave"}), [*keys, "wave"]).rename(
        columns={"wave": "wave_to"}
    )
    out.attrs["provenance"] = record(
        "barometer.trends",
        parameters={
            "by": keys,
            "reference": reference,
            "confidence": confidence,
            "weighted": weighted,
            "k": k,
            "tests": {
                "means": "Welch t",
                "rates": "pooled two-proportion z, Newcombe interval",
                "multiplicity": "Benjamini–Hochberg",
            },
        },
    )
    return out
