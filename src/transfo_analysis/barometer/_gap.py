"""The perception gap: how the people running a service rate it compared with its users.

The lesson of long-running barometers (Pays Voironnais) is that technical managers tend to rate
their service better than users do; the gap shows where the search for quality should listen to
users. Gaps are ``staff − users``: positive means the service side over-estimates quality.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.anonymise.disclosure import suppress_rows
from transfo_analysis.barometer._indicators import iter_groups
from transfo_analysis.barometer._labels import GAP_READINGS
from transfo_analysis.barometer._schema import make_scale
from transfo_analysis.barometer._stats import (
    proportion_difference,
    rates,
    summarise,
    use_weights,
    welch,
)
from transfo_analysis.i18n import _
from transfo_analysis.numbers import fewer_than
from transfo_analysis.provenance import record

GAP_VALUES = [
    "n_users",
    "n_staff",
    "mean_users",
    "mean_staff",
    "gap",
    "gap_low",
    "gap_high",
    "p_welch",
    "p_mannwhitney",
    "satisfied_users",
    "satisfied_staff",
    "satisfied_gap",
    "satisfied_gap_low",
    "satisfied_gap_high",
    "p_proportions",
]


def perception_gap(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("territory", "wave", "service", "dimension"),
    users: str = "usager",
    staff: str = "gestionnaire",
    confidence: float = 0.95,
    weights: bool | None = None,
    k: int | None = 5,
) -> pd.DataFrame:
    """Gap between the staff's and the users' ratings, per service and dimension, largest first.

    Parameters
    ----------
    responses
        Tidy responses from :func:`import_surveys`.
    by
        Grouping columns (without ``respondent_type``); drop ``wave`` to pool the waves.
    users, staff
        Respondent types compared (``staff`` may also be ``agent`` or ``elu``).
    confidence
        Level of the intervals; ``significant`` means p < 1 − confidence (Welch test).
    weights
        Use survey weights (``None``: when any differs from 1); the Mann–Whitney test is unweighted.
    k
        Rows where either side has fewer than ``k`` respondents are marked ``suppressed`` and
        blanked (a group of four managers points to people).

    Returns
    -------
    The ``by`` columns, ``scale``, ``users_type``, ``staff_type``, ``n_users``, ``n_staff``,
    ``mean_users``, ``mean_staff``, ``gap`` (staff − users, in scale points) with its Welch
    interval ``gap_low``/``gap_high`` and p-value ``p_welch``, ``p_mannwhitney`` (two-sided, on
    the ranks), ``satisfied_users``, ``satisfied_staff``, ``satisfied_gap`` (difference of
    top-2-box rates) with Newcombe's interval and ``p_proportions`` (two-proportion z-test),
    ``significant``, ``reading`` (French), ``rank`` (1 = largest over-estimation) and
    ``suppressed``. Rows are sorted by decreasing gap, suppressed rows last.
    """
    weighted = use_weights(responses, weights)
    keys = [c for c in by if c != "respondent_type"]
    sides = responses[responses["respondent_type"].isin([users, staff])]
    groups: dict[tuple, dict] = {}
    for g_keys, group, x, w in iter_groups(sides, [*keys, "respondent_type"], weights=weighted):
        key = tuple(g_keys[c] for c in [*keys, "scale"])
        groups.setdefault(key, {})[g_keys["respondent_type"]] = (group, x, w)
    rows = []
    alpha = 1 - confidence
    for key, both in groups.items():
        if users not in both or staff not in both:
            continue
        (gu, xu, wu), (gs, xs, ws) = both[users], both[staff]
        scale = make_scale(key[-1])
        su, ss = summarise(xu, wu), summarise(xs, ws)
        gap, low, high, p_welch = welch(su, ss, confidence=confidence)
        p_mw = (
            float(stats.mannwhitneyu(xs, xu, alternative="two-sided").pvalue)
            if len(xu) and len(xs)
            else np.nan
        )
        sat_u, sat_s = rates(xu, wu, scale)[0], rates(xs, ws, scale)[0]
        sgap, slow, shigh, p_prop = proportion_difference(
            sat_u, su.n_eff, sat_s, ss.n_eff, confidence=confidence
        )
        significant = bool(np.isfinite(p_welch) and p_welch < alpha)
        reading = GAP_READINGS[(significant, bool(gap > 0))]
        rows.append(
            {
                **dict(zip([*keys, "scale"], key, strict=True)),
                "users_type": users,
                "staff_type": staff,
                "n_users": gu["respondent"].nunique(),
                "n_staff": gs["respondent"].nunique(),
                "mean_users": su.mean,
                "mean_staff": ss.mean,
                "gap": gap,
                "gap_low": low,
                "gap_high": high,
                "p_welch": p_welch,
                "p_mannwhitney": p_mw,
                "satisfied_users": sat_u,
                "satisfied_staff": sat_s,
                "satisfied_gap": sgap,
                "satisfied_gap_low": slow,
                "satisfied_gap_high": shigh,
                "p_proportions": p_prop,
                "significant": significant,
                "reading": reading,
            }
        )
    cols = [*keys, "scale", "users_type", "staff_type", *GAP_VALUES, "significant", "reading"]
    out = pd.DataFrame(rows, columns=cols)
    if k:
        out["_smallest_side"] = out[["n_users", "n_staff"]].min(axis=1)
        out = suppress_rows(out, respondents="_smallest_side", k=k, value_columns=GAP_VALUES).drop(
            columns="_smallest_side"
        )
        out.loc[out["suppressed"], ["significant", "reading"]] = [
            False,
            _("masked ({fewer})").format(fewer=fewer_than(k, "respondent")),
        ]
    else:
        out["suppressed"] = False
    out = out.sort_values(
        ["suppressed", "gap"], ascending=[True, False], na_position="last", kind="stable"
    ).reset_index(drop=True)
    ranks = pd.Series(np.arange(1, len(out) + 1), index=out.index, dtype="Int64")
    out["rank"] = ranks.mask(out["suppressed"].astype(bool))
    out.attrs["provenance"] = record(
        "barometer.perception_gap",
        parameters={
            "by": keys,
            "users": users,
            "staff": staff,
            "confidence": confidence,
            "weighted": weighted,
            "k": k,
            "tests": {
                "means": "Welch t (Welch–Satterthwaite df)",
                "ranks": "Mann–Whitney U, two-sided",
                "rates": "pooled two-proportion z, Newcombe hybrid score interval",
            },
        },
    )
    return out
