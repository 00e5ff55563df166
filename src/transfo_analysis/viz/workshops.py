"""Figures of workshops and consultations: votes per card with their intervals, by group or role.

Each function takes a table from :mod:`transfo_analysis.workshops` and returns a
:class:`plotly.graph_objects.Figure`. Masked strata (fewer than k voters) are never drawn as
values: they are named as masked under the chart.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _
from transfo_analysis.viz._notes import add_note
from transfo_analysis.viz._theme import PALETTE, ROLE_COLOURS, apply_theme, role_label


def _short(text: str, width: int = 48) -> str:
    one = " ".join(str(text).split())
    return "<br>".join(textwrap.wrap(textwrap.shorten(one, width * 2, placeholder=" …"), width))


def votes_figure(ranking: pd.DataFrame, *, top: int = 10, title: str | None = None) -> go.Figure:
    """Share of the votes of the best cards, with intervals, one colour per group or role.

    Parameters
    ----------
    ranking
        Output of :func:`transfo_analysis.workshops.rank_cards` (one session, or several: the
        ``top`` cards are chosen on the whole table).
    top
        How many cards to show (the best by share, over all strata).
    title
        Title (default: « Votes par carte, avec intervalle »).

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars (share of the stratum's votes, in %), error bars from ``share_lo`` to
        ``share_hi``; masked strata are listed in a note, not drawn.
    """
    shown = ranking[~ranking["masked"].astype(bool)]
    masked = sorted(set(ranking.loc[ranking["masked"].astype(bool), "stratum"].astype(str)))
    best = shown.groupby("segment_id")["share"].max().sort_values(ascending=False).head(top).index
    order = list(reversed(best))  # best at the top of a horizontal bar chart
    labels = {s: _short(t) for s, t in zip(shown["segment_id"], shown["text"], strict=True)}
    fig = go.Figure()
    for i, (stratum, part) in enumerate(shown[shown["segment_id"].isin(best)].groupby("stratum")):
        part = part.set_index("segment_id").reindex(
            [s for s in order if s in set(part["segment_id"])]
        )
        colour = ROLE_COLOURS.get(str(stratum), PALETTE[i % len(PALETTE)])
        name = role_label(str(stratum)) if str(stratum) in ROLE_COLOURS else str(stratum)
        interval = part["interval"].iloc[0] if len(part) else "bootstrap"
        fig.add_trace(
            go.Bar(
                x=(part["share"] * 100).round(1).tolist(),
                y=[labels[s] for s in part.index],
                orientation="h",
                name="Ensemble des votants" if name == "ensemble" else name,
                marker_color=colour,
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": ((part["share_hi"] - part["share"]) * 100).round(1).tolist(),
                    "arrayminus": ((part["share"] - part["share_lo"]) * 100).round(1).tolist(),
                    "color": "#444444",
                },
                customdata=list(
                    zip(part["rank"], part["rank_lo"], part["rank_hi"], part["score"], strict=True)
                ),
                hovertemplate=(
                    _(
                        "%{y}<br>share of votes: %{x} %<br>rank %{customdata[0]:.0f} "
                        "(from %{customdata[1]:.0f} to %{customdata[2]:.0f})<br>"
                        "weighted votes: %{customdata[3]:.1f}"
                    )
                    + "<extra>"
                    + name
                    + "</extra>"
                ),
            )
        )
    kind = _("resampling of voters") if interval == "bootstrap" else _("Bayesian interval")
    fig.update_layout(
        barmode="group",
        xaxis_title=_("Share of votes (%) — 90 % interval ({kind})").format(kind=kind),
        yaxis={"categoryorder": "array", "categoryarray": [labels[s] for s in order]},
        legend_title_text="",
    )
    if not len(best):
        fig.add_annotation(
            text=_("No vote to show"), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
    fig = apply_theme(
        fig,
        title=title or _("Votes per card, with interval"),
        height=max(320, 70 * max(1, len(best)) + 120),
    )
    # under the axis title, with room made for it: never cut off
    note = _("Hidden (fewer than k voters): {roles}").format(
        roles=", ".join(role_label(m) for m in masked)
    )
    return add_note(fig, note if masked else None)
