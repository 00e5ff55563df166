"""Figures describing the corpus: who was heard, per territory, over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number, fr_share
from transfo_analysis.viz._labels import MASKED, MASKED_SECONDARY, MASKED_SHARE, VALUE_LABELS
from transfo_analysis.viz._notes import add_note
from transfo_analysis.viz._theme import ROLE_COLOURS, apply_theme, role_label

GREY = "#cbd2d9"


def voices_by_role(
    table: pd.DataFrame,
    *,
    value: str = "n_words",
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Bar chart of words (or turns, respondents) per role; suppressed groups are labelled.

    Parameters
    ----------
    table
        Output of :func:`transfo_analysis.reporting.voices_by_role`.
    value
        Column to plot: ``n_words``, ``n_segments`` or ``n_respondents``.
    highlight
        A role drawn in its colour, the others in grey (the dashboard's role filter); the measure
        stays the same.
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    t = table.reset_index(drop=True)
    suppressed = t.get("suppressed", pd.Series(False, index=t.index)).fillna(False).astype(bool)
    # hidden only so that a smaller group cannot be deduced: not « < k »
    secondary = t.get("secondary", pd.Series(False, index=t.index)).fillna(False).astype(bool)
    colours = [ROLE_COLOURS.get(r, "#777") if highlight in (None, r) else GREY for r in t["role"]]
    fig = go.Figure(
        go.Bar(
            x=t["role"].map(role_label),
            y=pd.to_numeric(t[value], errors="coerce").fillna(0),
            marker_color=colours,
            text=[
                (MASKED_SECONDARY if c else MASKED) if s else ""
                for s, c in zip(suppressed, secondary, strict=True)
            ],
            textposition="outside",
            hovertemplate="%{x} : %{y}<extra></extra>",
        )
    )
    label = VALUE_LABELS.get(value, value)
    fig.update_layout(yaxis_title=label, xaxis_title=None, showlegend=False, height=380)
    return apply_theme(fig, title=title or f"{label} par profil")


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
    """Stacked bars: share of words per role in each territory, each bar summing to 100 %.

    Roles with nothing to show in any territory get no trace (an all-empty trace breaks plotly's
    stacking); what k-suppression withholds in a territory is drawn as its own grey segment
    « Masqué », so every bar reaches 100 %.

    Parameters
    ----------
    table
        Output of :func:`transfo_analysis.reporting.roles_by_territory` (``territory_label``,
        ``role``, ``n_words``, and ``n_words_total`` when some cells are withheld).
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    t = table.assign(n_words=pd.to_numeric(table["n_words"], errors="coerce"))
    totals = (
        t.groupby("territory_label")["n_words_total"].transform("first")
        if "n_words_total" in t
        else t.groupby("territory_label")["n_words"].transform("sum")
    )
    t = t.assign(share=t["n_words"] / totals.where(totals > 0) * 100)
    territories = list(dict.fromkeys(t["territory_label"]))
    fig = go.Figure()
    for role, part in t.dropna(subset=["share"]).groupby("role", sort=False):
        fig.add_bar(
            y=part["territory_label"],
            x=part["share"],
            name=role_label(role),
            orientation="h",
            marker_color=ROLE_COLOURS.get(str(role), "#777"),
            hovertemplate="%{y} : %{x:.1f} %<extra>" + role_label(role) + "</extra>",
        )
    shown = t.groupby("territory_label")["share"].sum(min_count=1).reindex(territories)
    has_total = totals.groupby(t["territory_label"]).first().reindex(territories) > 0
    hidden = (100 - shown.fillna(0)).clip(lower=0)[has_total]
    hidden = hidden[hidden > 0.05]
    if len(hidden):
        fig.add_bar(
            y=hidden.index,
            x=hidden.to_numpy(),
            name=MASKED_SHARE,
            orientation="h",
            marker_color="#d9d9d9",
            hovertemplate=_("%{y}: %{x:.1f} % hidden") + "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        xaxis_title=_("Share of words (%)"),
        yaxis_title=None,
        xaxis_range=[0, 100],
        yaxis=dict(categoryorder="array", categoryarray=territories[::-1]),
        height=160 + 40 * len(territories),
    )
    if len(hidden):
        add_note(
            fig,
            _few_note(table.attrs.get("k")),
        )
    return apply_theme(fig, title=title or _("Share of words by profile"))


def _few_note(k: int | None) -> str:
    """The note under the stacked shares: what the grey segment stands for."""
    if not k:
        return _(
            "In grey: the profiles of too few people, and those that would let them be worked"
            " out by difference with the territory's total."
        )
    return ngettext(
        "In grey: the profiles of fewer than {k} person, and those that would let them be"
        " worked out by difference with the territory's total.",
        "In grey: the profiles of fewer than {k} people, and those that would let them be"
        " worked out by difference with the territory's total.",
        int(k),
    ).format(k=fr_number(k))


def share_heatmap(
    table: pd.DataFrame,
    *,
    rows: str,
    columns: str,
    value: str = "share",
    colorscale: str | list = "Blues",
    title: str,
    colorbar_title: str = "%",
    top: int | None = None,
) -> go.Figure:
    """Heatmap of shares (0–1) shown as percentages; masked cells read « masqué », cells with
    nothing published « – ».

    Parameters
    ----------
    table
        Long table with the ``rows``, ``columns`` and ``value`` columns (one value per pair) and,
        when cells are withheld, a boolean ``suppressed`` column.
    rows, columns
        Columns giving the heatmap's rows and columns (French labels).
    value
        Column of shares between 0 and 1; nulls are cells withheld by k-suppression (or absent).
    colorscale, title, colorbar_title
        Presentation.
    top
        Keep only the ``top`` rows with most turns (``n_segments``), most frequent on top.

    Returns
    -------
    The figure.
    """
    t = table.assign(
        v=pd.to_numeric(table[value], errors="coerce") * 100,
        masked=table["suppressed"].fillna(False).astype(bool)
        if "suppressed" in table
        else table[value].isna(),
    )
    order = list(dict.fromkeys(t[rows]))
    if top is not None and "n_segments" in t:
        weight = pd.to_numeric(t["n_segments"], errors="coerce").groupby(t[rows]).sum()
        order = weight.sort_values(ascending=False, kind="stable").head(top).index.tolist()
        order = order[::-1]  # heatmap rows go upwards: the largest on top
        t = t[t[rows].isin(order)]
    grid = t.pivot_table(
        index=rows, columns=columns, values="v", aggfunc="first", dropna=False
    ).reindex(order)
    masked = (
        t.pivot_table(index=rows, columns=columns, values="masked", aggfunc="any")
        .reindex(index=grid.index, columns=grid.columns)
        .fillna(False)
        .astype(bool)
    )
    text = [
        [
            (MASKED_SECONDARY if m else "–") if pd.isna(v) else fr_share(v / 100)
            for v, m in zip(vals, masks, strict=True)
        ]
        for vals, masks in zip(grid.to_numpy(), masked.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            text=text,
            texttemplate="%{text}",
            zmin=0,
            colorscale=colorscale,
            colorbar=dict(title=colorbar_title),
            hovertemplate="%{y} · %{x} : %{text}<extra></extra>",
        )
    )
    fig.update_layout(height=200 + 40 * len(grid.index), xaxis_title=None, yaxis_title=None)
    return apply_theme(fig, title=title)
