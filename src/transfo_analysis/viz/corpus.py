"""Figures describing the corpus: who was heard, per territory, over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.viz._theme import ROLE_COLOURS, apply_theme, role_label


def voices_by_role(
    table: pd.DataFrame, *, value: str = "n_words", title: str | None = None
) -> go.Figure:
    """Bar chart of words (or turns, respondents) per role; suppressed groups are labelled.

    Parameters
    ----------
    table
        Output of :func:`transfo_analysis.reporting.voices_by_role`.
    value
        Column to plot: ``n_words``, ``n_segments`` or ``n_respondents``.
    title
        Figure title (French default).
    """
    labels = {"n_words": "Mots", "n_segments": "Prises de parole", "n_respondents": "Personnes"}
    t = table.copy()
    suppressed = t.get("suppressed", pd.Series(False, index=t.index)).astype(bool)
    fig = go.Figure(
        go.Bar(
            x=t["role"].map(role_label),
            y=t[value].fillna(0),
            marker_color=[ROLE_COLOURS.get(r, "#777") for r in t["role"]],
            text=["masqué (< k)" if s else "" for s in suppressed],
            textposition="outside",
            hovertemplate="%{x} : %{y}<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title=labels.get(value, value), xaxis_title=None, showlegend=False)
    return apply_theme(fig, title=title or f"{labels.get(value, value)} par profil")


def territories_bar(
    table: pd.DataFrame, *, value: str = "n_words", title: str | None = None
) -> go.Figure:
    """Horizontal bars comparing territories on one indicator."""
    labels = {
        "n_words": "Mots",
        "n_documents": "Documents",
        "n_respondents": "Personnes entendues",
        "n_segments": "Prises de parole",
    }
    t = table.sort_values(value, ascending=True, na_position="first")
    fig = go.Figure(
        go.Bar(
            x=t[value].fillna(0),
            y=t["territory_label"],
            orientation="h",
            marker_color="#0072B2",
            hovertemplate="%{y} : %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title=labels.get(value, value),
        yaxis_title=None,
        showlegend=False,
        height=120 + 40 * len(t),
    )
    return apply_theme(fig, title=title or f"{labels.get(value, value)} par territoire")


def roles_by_territory(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Stacked bars: share of words per role in each territory (``territory_label``, ``role``, ``n_words``)."""
    fig = go.Figure()
    totals = (
        table.groupby("territory_label")["n_words_total"].transform("first")
        if "n_words_total" in table
        else table.groupby("territory_label")["n_words"].transform("sum")
    )
    share = (table["n_words"] / totals * 100).round(1)
    for role, part in table.assign(share=share).groupby("role", sort=False):
        fig.add_bar(
            y=part["territory_label"],
            x=part["share"],
            name=role_label(str(role)),
            orientation="h",
            marker_color=ROLE_COLOURS.get(str(role), "#777"),
            hovertemplate="%{y} : %{x:.1f} %<extra>" + role_label(str(role)) + "</extra>",
        )
    hidden = (100 - share.groupby(table["territory_label"]).sum()).clip(lower=0).round(1)
    if (hidden > 0.05).any():
        fig.add_bar(
            y=hidden.index,
            x=hidden.to_numpy(),
            name="Masqué (moins de k personnes)",
            orientation="h",
            marker_color="#d9d9d9",
            hovertemplate="%{y} : %{x:.1f} % masqués<extra></extra>",
        )
    fig.update_layout(
        barmode="stack", xaxis_title="Part des mots (%)", yaxis_title=None, xaxis_range=[0, 100]
    )
    return apply_theme(fig, title=title or "Part des mots par profil")


def share_heatmap(
    table: pd.DataFrame,
    *,
    rows: str,
    columns: str,
    value: str = "share",
    colorscale: str | list = "Blues",
    title: str,
    colorbar_title: str = "%",
) -> go.Figure:
    """Heatmap of shares (0–1) shown as percentages; masked (null) cells read « masqué ».

    Parameters
    ----------
    table
        Long table with the ``rows``, ``columns`` and ``value`` columns (one value per pair).
    rows, columns
        Columns giving the heatmap's rows and columns (French labels).
    value
        Column of shares between 0 and 1; nulls are cells withheld by k-suppression.
    colorscale, title, colorbar_title
        Presentation.
    """
    grid = (
        table.pivot_table(index=rows, columns=columns, values=value, aggfunc="first", dropna=False)
        * 100
    )
    text = grid.map(lambda v: "masqué" if pd.isna(v) else f"{v:.0f} %")
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            text=text.to_numpy(),
            texttemplate="%{text}",
            colorscale=colorscale,
            colorbar=dict(title=colorbar_title),
            hovertemplate="%{y} · %{x} : %{text}<extra></extra>",
        )
    )
    fig.update_layout(height=200 + 40 * len(grid.index), xaxis_title=None, yaxis_title=None)
    return apply_theme(fig, title=title)
