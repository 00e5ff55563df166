"""Figures of the satisfaction barometer: Likert distributions, perception gaps, trends, priorities.

Each function takes a table from :mod:`transfo_analysis.barometer` (already filtered to what the
figure should show) and returns a :class:`plotly.graph_objects.Figure`. Suppressed groups
(fewer than k respondents) are never drawn as values: they are named as masked.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from transfo_analysis.barometer import wave_sort_key
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label
from transfo_analysis.viz._labels import (
    LOW_PRIORITY,
    MASKED_SECONDARY,
    MEASURES,
    OVERKILL,
    PRIORITY,
    STRENGTH,
)
from transfo_analysis.viz._theme import DIVERGING, PALETTE, ROLE_COLOURS, apply_theme

#: colours of respondent types (managers share the colour of "encadrants" in interviews)
TYPE_COLOURS = {
    "usager": ROLE_COLOURS["usager"],
    "gestionnaire": ROLE_COLOURS["encadrant"],
    "agent": ROLE_COLOURS["agent"],
    "elu": ROLE_COLOURS["elu"],
}
QUADRANT_COLOURS = {
    PRIORITY: DIVERGING[0],
    STRENGTH: DIVERGING[5],
    LOW_PRIORITY: "#999999",
    OVERKILL: PALETTE[1],
}
NEUTRAL = "#D9D9D9"


def _label(row: pd.Series, columns: Sequence[str], labels: dict[str, str] | None) -> str:
    parts = []
    for c in columns:
        v = row[c]
        if c == "dimension":
            # service names are not dimension names ("accueil" is both a service and a dimension)
            v = dimension_label(str(v))
        elif c == "respondent_type":
            v = RESPONDENT_TYPE_LABELS.get(v, v)
        elif labels and str(v) in labels:
            v = labels[str(v)]
        parts.append(str(v))
    return " · ".join(parts)


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def level_colours(n: int) -> list[str]:
    """Colours of ``n`` ordered answers, red (dissatisfied) to blue, grey in the middle when odd.

    Parameters
    ----------
    n
        The number of answer levels of the scale.

    Returns
    -------
    ``n`` colours, from most dissatisfied to most satisfied.
    """
    half = n // 2
    reds = [[0.0, DIVERGING[0]], [0.5, DIVERGING[1]], [1.0, DIVERGING[2]]]
    blues = [[0.0, DIVERGING[3]], [0.5, DIVERGING[4]], [1.0, DIVERGING[5]]]
    red = sample_colorscale(reds, list(np.linspace(0, 0.75, half))) if half else []
    blue = sample_colorscale(blues, list(np.linspace(0.25, 1, half))) if half else []
    return [*red, *([NEUTRAL] if n % 2 else []), *blue]


def likert_bars(
    distribution: pd.DataFrame,
    *,
    rows: str | Sequence[str] = "dimension",
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Diverging stacked bars: dissatisfied answers to the left of zero, satisfied to the right.

    Parameters
    ----------
    distribution
        From :func:`~transfo_analysis.barometer.distribution`, filtered so that each bar (a value
        of ``rows``) is one group on one scale.
    rows
        Column(s) naming the bars (``dimension``, ``service``, ``wave``…).
    labels
        French names of services or dimensions, when the slugs are not enough.
    title
        Figure title.

    Returns
    -------
    The figure.
    """
    rows = [rows] if isinstance(rows, str) else list(rows)
    data = distribution.copy()
    data["_bar"] = [_label(r, rows, labels) for _, r in data.iterrows()]
    if (
        data.groupby("_bar")["scale"].nunique().gt(1).any()
        or data.groupby(["_bar", "level"]).size().gt(1).any()
    ):
        raise ValueError(
            _(
                "several groups per bar: filter the distribution so that {rows} identifies one "
                "group"
            ).format(rows=rows)
        )
    bars = list(dict.fromkeys(data["_bar"]))
    levels = sorted(data["level"].unique())
    colours = level_colours(len(levels))
    mid = (len(levels) - 1) / 2
    fig = go.Figure()
    # relative bars stack outwards from zero in trace order: the middle first, the extremes last
    below = [i for i in range(len(levels)) if i < mid][::-1]
    above = [i for i in range(len(levels)) if i > mid]
    middle = [int(mid)] if len(levels) % 2 else []
    order = [(i, -1, i not in middle) for i in [*middle, *below]] + [
        (i, 1, True) for i in [*middle, *above]
    ]
    for i, sign, legend in order:
        sub = data[data["level"] == levels[i]].set_index("_bar").reindex(bars)
        share = 100 * sub["share"].astype(float)
        name = str(sub["label"].dropna().iloc[0]) if sub["label"].notna().any() else str(levels[i])
        x = sign * share / (2 if i in middle else 1)
        fig.add_trace(
            go.Bar(
                y=bars,
                x=x.tolist(),
                orientation="h",
                name=name,
                legendgroup=name,
                showlegend=legend,
                marker_color=colours[i],
                customdata=share.tolist(),
                legendrank=1000 + i,
                hovertemplate="%{y}<br>" + name + " : %{customdata:.0f} %<extra></extra>",
            )
        )
    masked = (
        data.groupby("_bar")["suppressed"].any() if "suppressed" in data else pd.Series(dtype=bool)
    )
    for bar in masked[masked].index:
        fig.add_annotation(
            y=bar,
            x=0,
            text=_("hidden (too few respondents)"),
            showarrow=False,
            font=dict(color="#666"),
        )
    fig.add_vline(x=0, line_color="#444", line_width=1)
    fig.update_layout(barmode="relative", bargap=0.35, legend_traceorder="normal")
    fig.update_xaxes(
        title_text=_("Share of answers (%): dissatisfied on the left, satisfied on the right"),
        tickvals=[-100, -75, -50, -25, 0, 25, 50, 75, 100],
        ticktext=["100", "75", "50", "25", "0", "25", "50", "75", "100"],
        range=[-100, 100],
    )
    fig.update_yaxes(autorange="reversed")
    return apply_theme(fig, title=title, height=max(300, 90 + 45 * len(bars)))


def gap_chart(
    gaps: pd.DataFrame,
    *,
    top: int = 15,
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Dumbbell chart of the perception gap: users' and managers' mean ratings joined by a line.

    Parameters
    ----------
    gaps
        From :func:`~transfo_analysis.barometer.perception_gap` (sorted: largest over-estimation
        first); suppressed rows are left out and counted in a note.
    top
        How many rows to show.
    labels
        French names of services or dimensions.
    title
        Figure title.

    Returns
    -------
    The figure.
    """
    shown = gaps[~gaps["suppressed"]].head(top) if "suppressed" in gaps else gaps.head(top)
    varying = [c for c in ("territory", "wave") if c in shown and shown[c].nunique() > 1]
    names = [_label(r, [*varying, "service", "dimension"], labels) for _, r in shown.iterrows()]
    staff = shown["staff_type"].iloc[0] if len(shown) else "gestionnaire"
    line_x, line_y = [], []
    for name, a, b in zip(names, shown["mean_users"], shown["mean_staff"], strict=True):
        line_x += [float(a), float(b), None]
        line_y += [name, name, None]
    fig = go.Figure(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line=dict(color="#AAAAAA", width=3),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    detail = (
        shown[["gap", "gap_low", "gap_high", "n_users", "n_staff"]].astype(float).values.tolist()
    )
    for side, col, n in (("usager", "mean_users", 3), (staff, "mean_staff", 4)):
        fig.add_trace(
            go.Scatter(
                x=shown[col].astype(float).tolist(),
                y=names,
                mode="markers",
                name=RESPONDENT_TYPE_LABELS.get(side, side),
                marker=dict(size=12, color=TYPE_COLOURS.get(side, PALETTE[3])),
                customdata=detail,
                hovertemplate=_(
                    "%{y}<br>Mean: %{x:.2f}<br>Gap: %{customdata[0]:+.2f}"
                    " [%{customdata[1]:.2f}; %{customdata[2]:.2f}]<br>Respondents: "
                )
                + f"%{{customdata[{n}]:.0f}}<extra></extra>",
            )
        )
    n_masked = int(gaps["suppressed"].sum()) if "suppressed" in gaps else 0
    if n_masked:
        fig.add_annotation(
            text=ngettext(
                "{n} comparison hidden: fewer than k respondents",
                "{n} comparisons hidden: fewer than k respondents",
                n_masked,
            ).format(n=n_masked),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-70,
            showarrow=False,
            font=dict(size=12, color="#666"),
            xanchor="left",
            yanchor="top",
        )
        fig.update_layout(margin_b=100)
    fig.update_xaxes(title_text=MEASURES["mean"])
    fig.update_yaxes(autorange="reversed")
    return apply_theme(fig, title=title, height=max(300, 120 + 32 * len(names)))


def trend_lines(
    indicators: pd.DataFrame,
    *,
    measure: str = "mean",
    colour: str = "dimension",
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """One line per group across waves, with its confidence band.

    Parameters
    ----------
    indicators
        From :func:`~transfo_analysis.barometer.indicators`, filtered to the series to show.
    measure
        ``mean``, ``satisfied_rate`` (shown in %) or ``nps``.
    colour
        Column distinguishing the lines (``dimension``, ``service``, ``respondent_type``…).
    labels
        French names of services or dimensions.
    title
        Figure title.

    Returns
    -------
    The figure.
    """
    if measure not in MEASURES:
        raise ValueError(_("measure must be one of {choices}").format(choices=", ".join(MEASURES)))
    low, high = {
        "mean": ("mean_low", "mean_high"),
        "satisfied_rate": ("satisfied_low", "satisfied_high"),
        "nps": ("nps_low", "nps_high"),
    }[measure]
    factor = 100 if measure == "satisfied_rate" else 1
    waves = sorted(indicators["wave"].astype(str).unique(), key=wave_sort_key)
    fig = go.Figure()
    for i, (key, group) in enumerate(indicators.groupby(colour, sort=False)):
        if group["wave"].duplicated().any():
            raise ValueError(
                _("several rows per wave for {column}={value}: filter the table first").format(
                    column=colour, value=repr(key)
                )
            )
        g = group.assign(wave=group["wave"].astype(str)).set_index("wave").reindex(waves)
        name = _label(pd.Series({colour: key}), [colour], labels)
        col = (
            TYPE_COLOURS.get(key, PALETTE[i % len(PALETTE)])
            if colour == "respondent_type"
            else PALETTE[i % len(PALETTE)]
        )
        y, lo, hi = (factor * g[c].astype(float) for c in (measure, low, high))
        band = lo.notna() & hi.notna()
        if band.any():
            xs = [w for w in waves if band[w]]
            fig.add_trace(
                go.Scatter(
                    x=xs + xs[::-1],
                    y=[float(v) for v in [*hi[xs], *lo[xs][::-1]]],
                    mode="lines",
                    fill="toself",
                    fillcolor=_rgba(col, 0.15),
                    line=dict(width=0),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=name,
                    name=f"{name} (intervalle)",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=waves,
                y=[None if not np.isfinite(v) else float(v) for v in y],
                mode="lines+markers",
                name=name,
                legendgroup=name,
                line=dict(color=col, width=2.5),
                customdata=np.stack([lo, hi], axis=1).tolist(),
                hovertemplate=f"{name}"
                f"<br>%{{x}} : %{{y:.2f}} [%{{customdata[0]:.2f}} ; "
                f"%{{customdata[1]:.2f}}]<extra></extra>",
            )
        )
    fig.update_xaxes(
        title_text=_("Wave"), type="category", categoryorder="array", categoryarray=waves
    )
    fig.update_yaxes(
        title_text=_("{measure} (confidence interval as a band)").format(measure=MEASURES[measure])
    )
    return apply_theme(fig, title=title)


def importance_performance_chart(
    ipa: pd.DataFrame,
    *,
    points: Sequence[str] = ("service", "dimension"),
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Importance–performance quadrant: importance up, satisfaction right, priorities top left.

    Parameters
    ----------
    ipa
        From :func:`~transfo_analysis.barometer.importance_performance`, filtered to one matrix
        (one territory and wave); suppressed items are left out.
    points
        Columns naming each point.
    labels
        French names of services or dimensions.
    title
        Figure title.

    Returns
    -------
    The figure.
    """
    shown = ipa[~ipa["suppressed"]] if "suppressed" in ipa else ipa
    shown = shown.dropna(subset=["importance", "performance"])
    if shown["importance_centre"].nunique() > 1:
        raise ValueError(_("several matrices in the table: filter it to one territory and wave"))
    fig = go.Figure()
    for quadrant, group in shown.groupby("quadrant", sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["performance"].astype(float).tolist(),
                y=group["importance"].astype(float).tolist(),
                mode="markers+text",
                name=quadrant,
                text=[_label(r, points, labels) for _, r in group.iterrows()],
                textposition="top center",
                textfont=dict(size=11),
                marker=dict(size=11, color=QUADRANT_COLOURS.get(quadrant, PALETTE[0])),
                hovertemplate=_("%{text}<br>Satisfaction: %{x:.2f}<br>Importance: %{y:.2f}")
                + "<extra>"
                + quadrant
                + "</extra>",
            )
        )
    if len(shown):
        cx, cy = (
            float(shown["performance_centre"].iloc[0]),
            float(shown["importance_centre"].iloc[0]),
        )
        span_x = max(shown["performance"].max() - shown["performance"].min(), 0.2)
        span_y = max(shown["importance"].max() - shown["importance"].min(), 0.2)
        fig.update_xaxes(
            range=[
                shown["performance"].min() - 0.12 * span_x,
                shown["performance"].max() + 0.12 * span_x,
            ]
        )
        fig.update_yaxes(
            range=[
                shown["importance"].min() - 0.15 * span_y,
                shown["importance"].max() + 0.15 * span_y,
            ]
        )
        fig.add_vline(x=cx, line_dash="dash", line_color="#888")
        fig.add_hline(y=cy, line_dash="dash", line_color="#888")
        for text, x, y, xa, ya in (
            (PRIORITY, 0, 1, "left", "top"),
            (STRENGTH, 1, 1, "right", "top"),
            (LOW_PRIORITY, 0, 0, "left", "bottom"),
            (OVERKILL, 1, 0, "right", "bottom"),
        ):
            fig.add_annotation(
                text=f"<b>{text}</b>",
                xref="paper",
                yref="paper",
                x=x,
                y=y,
                xanchor=xa,
                yanchor=ya,
                showarrow=False,
                font=dict(size=12, color=QUADRANT_COLOURS[text]),
            )
    fig.update_xaxes(title_text=_("Mean satisfaction (performance)"))
    fig.update_yaxes(title_text=_("Mean importance"))
    return apply_theme(fig, title=title, height=560)


__all__ = [
    "gap_chart",
    "importance_performance_chart",
    "level_colours",
    "likert_bars",
    "trend_lines",
]


def satisfaction_heatmap(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Users' satisfaction rate per territory (rows) and service (columns); masked groups blank.

    ``table`` has ``territory_label``, ``service_label``, ``satisfaction`` (0–1) and ``wave``
    (see :func:`transfo_analysis.reporting.barometer_satisfaction`).
    """
    grid = table.pivot_table(
        index="territory_label",
        columns="service_label",
        values="satisfaction",
        aggfunc="mean",
        dropna=False,
    )
    z = (grid * 100).round(0)
    text = z.map(lambda v: MASKED_SECONDARY if pd.isna(v) else f"{v:.0f} %")
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=list(z.columns),
            y=list(z.index),
            text=text.to_numpy(),
            texttemplate="%{text}",
            colorscale=[[0, DIVERGING[0]], [0.5, "#F7F7F7"], [1, DIVERGING[5]]],
            zmin=0,
            zmax=100,
            colorbar=dict(title=_("Satisfied (%)")),
            hovertemplate="%{y} · %{x} : %{text}<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=None, yaxis_title=None, height=160 + 45 * len(z.index))
    return apply_theme(fig, title=title or _("Share of satisfied users, latest wave"))
