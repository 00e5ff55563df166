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
from transfo_analysis.viz._labels import LOW_PRIORITY, OVERKILL, PRIORITY, STRENGTH
from transfo_analysis.viz._notes import add_note
from transfo_analysis.viz._theme import PALETTE, ROLE_COLOURS, apply_theme, role_label


def _short(text: str, width: int = 48) -> str:
    one = " ".join(str(text).split())
    return "<br>".join(textwrap.wrap(textwrap.shorten(one, width * 2, placeholder=" …"), width))


def _say_when_empty(fig: go.Figure) -> go.Figure:
    """No profile drawn (all written by fewer than k people, or none known): say so, no axes."""
    if not fig.data:
        fig.add_annotation(
            text=_("No profile to show"), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        fig.update_layout(height=260)
    return fig


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
                name=_("All voters") if name == "ensemble" else name,
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


def themes_by_role_figure(
    themes: pd.DataFrame, *, k: int | None = None, title: str | None = None
) -> go.Figure:
    """Share of each profile's cards in each theme: what users, agents, managers wrote about.

    Parameters
    ----------
    themes
        Output of :func:`transfo_analysis.workshops.card_topics` or ``card_themes`` (one row per
        card: ``theme_label``, ``role``, and ``speaker_id``/``person_id`` when known).
    k
        Profiles whose cards were written by fewer than ``k`` distinct people are not drawn
        (named under the chart).
    title
        Title (default: « Thèmes des cartes, selon le profil de l'auteur »).

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars, one colour per profile: the share (%) of that profile's cards in each
        theme; the number of cards per profile in the legend.
    """
    who = next((c for c in ("person_id", "speaker_id") if c in themes), None)
    masked = []
    bars = []
    order = themes["theme_label"].value_counts().index.tolist()[::-1]
    for role, part in themes.groupby("role", sort=True):
        authors = part[who].nunique() if who else len(part)
        if k is not None and authors < k:
            masked.append(str(role))
            continue
        share = part["theme_label"].value_counts(normalize=True).reindex(order).fillna(0) * 100
        bars.append((str(role), share.round(1).tolist(), len(part)))
    return _theme_bars(bars, order=order, masked=masked, title=title)


def theme_shares_figure(
    table: pd.DataFrame, *, role: str | None = None, title: str | None = None
) -> go.Figure:
    """The published themes-by-profile table drawn like :func:`themes_by_role_figure`.

    Parameters
    ----------
    table
        The report's ``workshop_themes`` table (``theme_label``, ``role``, ``n_cards``,
        ``share_pct``, ``suppressed``).
    role
        Draw only this profile (default: every profile not suppressed).
    title
        Title (default: « Thèmes des cartes, selon le profil de l'auteur »).

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars (% of the profile's cards per theme); suppressed profiles named under
        the chart, never drawn.
    """
    shown = table if role is None else table[table["role"] == role]
    masked = sorted(set(shown.loc[shown["suppressed"].astype(bool), "role"].astype(str)))
    shown = shown[~shown["suppressed"].astype(bool)]
    order = (
        shown.groupby("theme_label")["n_cards"].sum().sort_values().index.tolist()
        if len(shown)
        else []
    )
    bars = []
    for r, part in shown.groupby("role", sort=True):
        part = part.set_index("theme_label").reindex(order)
        shares = part["share_pct"].fillna(0).round(1).tolist()
        bars.append((str(r), shares, int(part["n_cards"].fillna(0).sum())))
    return _theme_bars(bars, order=order, masked=masked, title=title)


def _theme_bars(
    bars: list[tuple[str, list[float], int]],
    *,
    order: list[str],
    masked: list[str],
    title: str | None,
) -> go.Figure:
    """The bars of both themes-by-profile figures: one ``(role, shares in order, n_cards)`` per
    profile drawn, the masked profiles named under the chart.
    """
    fig = go.Figure()
    for role, shares, n_cards in bars:
        fig.add_trace(
            go.Bar(
                x=shares,
                y=order,
                orientation="h",
                name=_("{role} ({n} cards)").format(role=role_label(role), n=n_cards),
                marker_color=ROLE_COLOURS.get(role, PALETTE[len(fig.data) % len(PALETTE)]),
                hovertemplate="%{y}<br>%{x} %<extra>" + role_label(role) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis_title=_("Share of the profile's cards (%)"),
        yaxis={"categoryorder": "array", "categoryarray": order},
        legend_title_text="",
    )
    fig = apply_theme(
        fig,
        title=title or _("Themes of the cards, by the author's profile"),
        height=max(340, 42 * len(order) * max(1, len(fig.data)) // 2 + 160),
    )
    note = _("Not shown (cards written by fewer than k people): {roles}").format(
        roles=", ".join(role_label(m) for m in masked)
    )
    return add_note(_say_when_empty(fig), note if masked else None)


#: colours of the barometer's quadrants in the prioritisation view
QUADRANT_COLOURS = {
    PRIORITY: "#D55E00",
    STRENGTH: "#009E73",
    LOW_PRIORITY: "#7b8794",
    OVERKILL: "#E69F00",
}


def prioritisation_figure(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Each theme of cards: share of the workshop's votes against share of the interviews.

    Parameters
    ----------
    table
        Output of :func:`transfo_analysis.workshops.prioritisation`.
    title
        Title (default: « Ce que l'atelier a priorisé, face à ce que disent les entretiens »).

    Returns
    -------
    plotly.graph_objects.Figure
        One point per theme (size: number of cards), coloured by the barometer's quadrant of a
        matching dimension (grey outline when none); themes whose interview share is withheld
        (fewer than k people) are drawn on the axis with an open marker.
    """
    fig = go.Figure()
    table = table.copy()
    table["quadrant"] = (
        table["barometer"]
        .fillna("")
        .map(lambda b: b.split(" : ", 1)[1].split(";")[0] if " : " in b else "")
    )
    for quadrant, part in table.groupby("quadrant", sort=True):
        withheld = part["interview_pct"].isna()
        fig.add_trace(
            go.Scatter(
                x=part["votes_pct"].round(1).tolist(),
                y=part["interview_pct"].fillna(0).round(1).tolist(),
                mode="markers+text",
                text=part["theme_label"].tolist(),
                textposition="top center",
                name=quadrant or _("no barometer item for this theme"),
                marker={
                    "size": (8 + 2 * part["n_cards"].clip(upper=20)).tolist(),
                    "color": QUADRANT_COLOURS.get(quadrant, "#ffffff"),
                    "line": {"width": 2, "color": "#3e4c59"},
                    "symbol": ["circle-open" if w else "circle" for w in withheld],
                },
                customdata=list(zip(part["terms"], part["n_cards"], strict=True)),
                hovertemplate="%{text}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis_title=_("Share of the workshop's votes (%)"),
        yaxis_title=_("Interview turns using its words (%)"),
        legend_title_text=_("Barometer (importance–performance)"),
    )
    fig = apply_theme(
        fig, title=title or _("What the workshop prioritised, against what interviews say")
    )
    withheld = table.loc[table["interview_pct"].isna(), "theme_label"].tolist()
    note = _("Interview share withheld (fewer than k people): {themes}").format(
        themes=", ".join(withheld)
    )
    return add_note(fig, note if withheld else None)
