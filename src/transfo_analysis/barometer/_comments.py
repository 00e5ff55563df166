"""Link the themes of survey comments back to the scores of the people who wrote them.

Comments go through the same tools as interviews: ingest the survey file with the ``csv`` reader
and a manifest :class:`~transfo_analysis.corpus.Manifest` ``table:`` mapping whose ``respondent``
is the respondent identifier column (it becomes the speaker ``label``), pseudonymise, then code
them or fit topics. This module joins the resulting segment → theme assignments to the scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.anonymise.disclosure import suppress_rows
from transfo_analysis.barometer._schema import make_scale
from transfo_analysis.errors import SchemaError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

THEME_VALUES = [
    "n_with",
    "n_without",
    "mean_with",
    "mean_without",
    "mean_difference",
    "p_mannwhitney",
    "dissatisfied_with",
    "dissatisfied_without",
    "dissatisfied_difference",
]


def _respondent_themes(
    segments: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    speakers: pd.DataFrame | None,
    theme: str,
    keys: list[str],
) -> pd.DataFrame:
    if theme not in assignments or "segment_id" not in assignments:
        raise SchemaError(
            _("assignments need `segment_id` and `{theme}` columns (got {columns})").format(
                theme=theme, columns=", ".join(map(str, assignments.columns))
            )
        )
    segs = segments
    if "label" not in segs:
        if speakers is None:
            raise SchemaError(
                _(
                    "segments have no speaker `label`: pass the corpus speakers table "
                    "(speakers=corpus.speakers)"
                )
            )
        segs = segs.merge(speakers[["speaker_id", "label"]], on="speaker_id", how="left")
    segs = segs.rename(columns={"label": "respondent"})[["segment_id", "respondent", *keys]]
    linked = assignments[["segment_id", theme]].dropna().merge(segs, on="segment_id", how="left")
    return linked.rename(columns={theme: "theme"})


def themes_vs_scores(
    scores: pd.DataFrame,
    segments: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    speakers: pd.DataFrame | None = None,
    theme: str = "code",
    by: Sequence[str] = ("service", "dimension"),
    among: Literal["commenters", "all"] = "commenters",
    respondent_types: Sequence[str] = ("usager",),
    wave_column: str | None = None,
    k: int | None = 5,
) -> pd.DataFrame:
    """Mean score and dissatisfaction of respondents whose comments carry a theme, vs the others.

    Parameters
    ----------
    scores
        Tidy responses from :func:`import_surveys`.
    segments
        Corpus segments of the comments (``segment_id``, ``speaker_id`` or ``label``, and
        ``territory`` when the survey covers several territories).
    assignments
        Segment → theme rows (a segment may carry several themes): coded segments, topic
        assignments…, with ``segment_id`` and the ``theme`` column.
    speakers
        Corpus speakers table, to find each segment's ``label`` (the respondent identifier).
    theme
        Column of ``assignments`` naming the theme (``code``, ``topic``…).
    by
        Columns of ``scores`` to compare within (per service and dimension by default).
    among
        Compare with the other respondents who wrote a comment (``commenters``: isolates the
        theme from the fact of commenting, since commenters are often less satisfied) or with
        ``all`` other respondents.
    respondent_types
        Whose scores count.
    wave_column
        Column of ``segments`` holding the wave, when respondent identifiers repeat across waves.
    k
        Rows where either side has fewer than ``k`` respondents are marked ``suppressed``.

    Returns
    -------
    One row per theme and group: ``theme``, the ``by`` columns, ``n_with``, ``n_without``,
    ``mean_with``, ``mean_without``, ``mean_difference`` (with − without), ``p_mannwhitney``
    (two-sided), ``dissatisfied_with``, ``dissatisfied_without`` (bottom-box shares),
    ``dissatisfied_difference`` and ``suppressed``; sorted by decreasing dissatisfaction
    difference within each group. ``attrs`` count the themed segments that matched no respondent.
    """
    keys = ["territory"] if "territory" in segments and "territory" in scores else []
    if wave_column:
        segments = segments.rename(columns={wave_column: "wave"})
        keys.append("wave")
    linked = _respondent_themes(segments, assignments, speakers=speakers, theme=theme, keys=keys)
    for col in keys:
        linked[col] = linked[col].astype(str)
    data = scores[scores["respondent_type"].isin(respondent_types) & scores["score"].notna()].copy()
    for col in keys:
        data[col] = data[col].astype(str)
    ident = ["respondent", *keys]
    known = data[ident].drop_duplicates()
    matched = linked.merge(known, on=ident, how="inner")
    commenters = segments
    if "label" not in commenters and speakers is not None:
        commenters = commenters.merge(
            speakers[["speaker_id", "label"]], on="speaker_id", how="left"
        )
    commenters = commenters.rename(columns={"label": "respondent"})[ident].drop_duplicates()
    for col in keys:
        commenters[col] = commenters[col].astype(str)
    if among == "commenters":
        data = data.merge(commenters, on=ident, how="inner")
    rows = []
    for name, carriers in matched.groupby("theme"):
        flagged = data.merge(
            carriers[ident].drop_duplicates().assign(_with=True), on=ident, how="left"
        )
        flagged["_with"] = flagged["_with"].fillna(False).astype(bool)
        for values, group in flagged.groupby(list(by), dropna=False):
            values = values if isinstance(values, tuple) else (values,)
            scale = make_scale(group["scale"].iloc[0])
            x1 = group.loc[group["_with"], "score"].to_numpy(float)
            x0 = group.loc[~group["_with"], "score"].to_numpy(float)
            if not len(x1):
                continue
            d1, d0 = (np.mean(x <= scale.dissatisfied_to) if len(x) else np.nan for x in (x1, x0))
            m1, m0 = x1.mean(), x0.mean() if len(x0) else np.nan
            p = (
                float(stats.mannwhitneyu(x1, x0, alternative="two-sided").pvalue)
                if len(x0)
                else np.nan
            )
            rows.append(
                {
                    "theme": name,
                    **dict(zip(by, values, strict=True)),
                    "n_with": group.loc[group["_with"], "respondent"].nunique(),
                    "n_without": group.loc[~group["_with"], "respondent"].nunique(),
                    "mean_with": m1,
                    "mean_without": m0,
                    "mean_difference": m1 - m0,
                    "p_mannwhitney": p,
                    "dissatisfied_with": d1,
                    "dissatisfied_without": d0,
                    "dissatisfied_difference": d1 - d0,
                }
            )
    out = pd.DataFrame(rows, columns=["theme", *by, *THEME_VALUES])
    if k:
        out["_smallest_side"] = out[["n_with", "n_without"]].min(axis=1)
        out = suppress_rows(
            out, respondents="_smallest_side", k=k, value_columns=THEME_VALUES
        ).drop(columns="_smallest_side")
    else:
        out["suppressed"] = False
    out = out.sort_values(
        [*by, "dissatisfied_difference"],
        ascending=[*([True] * len(by)), False],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    out.attrs["unmatched_segments"] = int(
        linked[["segment_id"]].drop_duplicates().shape[0]
        - matched[["segment_id"]].drop_duplicates().shape[0]
    )
    out.attrs["provenance"] = record(
        "barometer.themes_vs_scores",
        parameters={
            "theme": theme,
            "by": list(by),
            "among": among,
            "respondent_types": list(respondent_types),
            "k": k,
            "test": "Mann–Whitney U, two-sided",
        },
    )
    return out
