"""Figures of the qualitative coding: frequencies, crosstab residuals, co-occurrence, agreement.

Each function takes the DataFrame returned by the matching analysis function of
:mod:`transfo_analysis.coding` and returns a themed :class:`plotly.graph_objects.Figure`
(French labels), neither shown nor saved.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _
from transfo_analysis.numbers import fr_share
from transfo_analysis.viz._labels import CODING_MEASURES, MASKED, MASKED_SECONDARY
from transfo_analysis.viz._theme import PALETTE, apply_theme


def _colour(code: str, codebook: Any | None, i: int) -> str:
    if codebook is not None and code in codebook:
        return codebook.colour(code)
    return PALETTE[i % len(PALETTE)]


def code_frequency_bar(
    freq: pd.DataFrame,
    *,
    value: str = "n_segments",
    by: str | None = None,
    codebook: Any | None = None,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of code frequencies (one colour per code, or grouped by ``by``).

    Suppressed rows (k-suppression) are drawn as empty bars labelled « < k ».
    """
    order = list(dict.fromkeys(freq["code"]))
    fig = go.Figure()
    if by is None:
        f = freq.groupby("code", sort=False)[value].sum(min_count=1).reindex(order)
        fig.add_bar(
            y=list(f.index),
            x=f.fillna(0).tolist(),
            orientation="h",
            marker_color=[_colour(c, codebook, i) for i, c in enumerate(f.index)],
            text=["< k" if pd.isna(v) else f"{v:g}" for v in f],
            textposition="outside",
            hovertemplate="%{y} : %{x}<extra></extra>",
        )
    else:
        for i, (group, g) in enumerate(freq.groupby(by, sort=True)):
            g = g.set_index("code").reindex(order)
            fig.add_bar(
                y=list(g.index),
                x=g[value].fillna(0).tolist(),
                orientation="h",
                name=str(group),
                marker_color=PALETTE[i % len(PALETTE)],
                text=["< k" if pd.isna(v) else "" for v in g[value]],
                hovertemplate=f"{group} – %{{y}} : %{{x}}<extra></extra>",
            )
        fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=CODING_MEASURES.get(value, value))
    return apply_theme(
        fig,
        title=title or _("Frequency of codes"),
        height=round(max(300, 28 * len(order) * (1 if by is None else 1.6) + 120)),
    )


def crosstab_heatmap(
    crosstab: pd.DataFrame, *, by: str | None = None, title: str | None = None
) -> go.Figure:
    """Heatmap of adjusted standardised residuals (code × attribute), observed counts as text.

    Blue cells are over-represented (residual > 0), red under-represented; beyond ±1.96 the gap
    to independence is significant at 5 %.
    """
    by = (
        by
        or [
            c
            for c in crosstab.columns
            if c
            not in (
                "code",
                "observed",
                "expected",
                "residual",
                "pct",
                "n_respondents",
                "suppressed",
            )
        ][0]
    )
    resid = crosstab.pivot(index="code", columns=by, values="residual")
    obs = crosstab.pivot(index="code", columns=by, values="observed")
    order = list(dict.fromkeys(crosstab["code"]))
    resid, obs = resid.reindex(order), obs.reindex(order)
    bound = (
        float(np.nanmax(np.abs(resid.to_numpy()))) if np.isfinite(resid.to_numpy()).any() else 1.0
    )
    fig = go.Figure(
        go.Heatmap(
            z=resid.to_numpy().tolist(),
            x=[str(c) for c in resid.columns],
            y=list(resid.index),
            zmid=0,
            zmin=-bound,
            zmax=bound,
            colorscale=[[0, "#B2182B"], [0.5, "#F7F7F7"], [1, "#2166AC"]],
            text=[["< k" if pd.isna(v) else f"{v:g}" for v in row] for row in obs.to_numpy()],
            texttemplate="%{text}",
            colorbar=dict(title=_("Residual")),
            hovertemplate=_("%{y} × %{x}<br>residual %{z:.2f}<br>count %{text}")
            + "<extra></extra>",
        )
    )
    test = crosstab.attrs.get("test", {})
    sub = (
        _(" (χ² = {chi2}, df = {dof}, p = {p})").format(
            chi2=f"{test['chi2']:.1f}", dof=test["dof"], p=f"{test['p']:.3g}"
        )
        if test.get("dof")
        else ""
    )
    fig.update_yaxes(autorange="reversed")
    return apply_theme(
        fig,
        title=(title or _("Codes × {by}: standardised residuals").format(by=by)) + sub,
        height=max(320, 28 * len(order) + 140),
    )


def cooccurrence_heatmap(matrix: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Heatmap of a co-occurrence matrix (diagonal left blank: it holds each code's total)."""
    m = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(m, np.nan)
    fig = go.Figure(
        go.Heatmap(
            z=m.tolist(),
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale="Blues",
            colorbar=dict(title="Cooccurrences"),
            hovertemplate="%{y} + %{x} : %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return apply_theme(
        fig, title=title or _("Code co-occurrence"), height=max(360, 26 * len(matrix) + 160)
    )


def cooccurrence_network(
    matrix: pd.DataFrame,
    *,
    min_weight: float = 1,
    seed: int = 42,
    codebook: Any | None = None,
    title: str | None = None,
) -> go.Figure:
    """Network of codes: node size = code frequency (diagonal), edge width = co-occurrence."""
    import networkx as nx

    g = nx.Graph()
    codes = list(matrix.index)
    diag = np.diag(matrix.to_numpy(dtype=float))
    for c, d in zip(codes, diag, strict=True):
        g.add_node(c, size=d)
    m = matrix.to_numpy(dtype=float)
    for i in range(len(codes)):
        for j in range(i + 1, len(codes)):
            if m[i, j] >= min_weight and m[i, j] > 0:
                g.add_edge(codes[i], codes[j], weight=m[i, j])
    pos = nx.spring_layout(g, seed=seed, weight="weight") if len(g) else {}
    fig = go.Figure()
    top = max((d["weight"] for _, _, d in g.edges(data=True)), default=1.0)
    for a, b, d in g.edges(data=True):
        fig.add_scatter(
            x=[pos[a][0], pos[b][0]],
            y=[pos[a][1], pos[b][1]],
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            line=dict(width=float(1 + 7 * d["weight"] / top), color="rgba(120,120,120,0.5)"),
        )
    big = max(diag.max() if len(diag) else 1, 1)
    fig.add_scatter(
        x=[pos[c][0] for c in codes if c in pos],
        y=[pos[c][1] for c in codes if c in pos],
        mode="markers+text",
        text=[c for c in codes if c in pos],
        textposition="top center",
        showlegend=False,
        marker=dict(
            size=[float(12 + 30 * np.sqrt(g.nodes[c]["size"] / big)) for c in codes if c in pos],
            color=[_colour(c, codebook, i) for i, c in enumerate(codes) if c in pos],
            line=dict(width=1, color="#333"),
        ),
        hovertemplate="%{text}<extra></extra>",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_theme(fig, title=title or _("Network of codes (co-occurrences)"), height=560)


def agreement_bar(
    agreement: pd.DataFrame, *, metric: str = "krippendorff_alpha", title: str | None = None
) -> go.Figure:
    """Agreement per code, with Krippendorff's reference lines (0,667 tentative, 0,8 reliable)."""
    a = agreement.dropna(subset=[metric])
    overall = a["code"].str.startswith("(")
    colours = [
        "#999999" if o else ("#009E73" if v >= 0.8 else "#E69F00" if v >= 0.667 else "#D55E00")
        for o, v in zip(overall, a[metric], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=a["code"].tolist(),
            x=a[metric].tolist(),
            orientation="h",
            marker_color=colours,
            text=[f"{v:.2f}" for v in a[metric]],
            textposition="outside",
            customdata=a["n_units"].tolist(),
            hovertemplate=_("%{y}: %{x:.3f} (%{customdata} units)") + "<extra></extra>",
        )
    )
    for x, label in ((0.667, "0,667"), (0.8, "0,8")):
        fig.add_vline(
            x=x,
            line_dash="dash",
            line_color="#666",
            annotation_text=label,
            annotation_position="top",
        )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(
        title=CODING_MEASURES.get(metric, metric),
        range=[min(-0.1, float(a[metric].min()) - 0.05) if len(a) else -0.1, 1.05],
    )
    return apply_theme(
        fig, title=title or "Accord entre codeurs par code", height=max(300, 26 * len(a) + 140)
    )


def top_codes_bars(
    table: pd.DataFrame, *, role: str | None = None, top: int = 12, title: str | None = None
) -> go.Figure:
    """Horizontal bars: share of the people heard who raised each code; masked codes named.

    Parameters
    ----------
    table
        The reports' ``top_codes`` table (``code_label``, ``role`` — ``tous`` for everybody —,
        ``n_respondents``, ``share`` in [0, 1], ``suppressed``).
    role
        One profile's rows instead of everybody's; the measure stays the share of that
        profile's people.
    top
        Codes shown, in the table's order (most frequent first).
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    from transfo_analysis.viz._theme import ROLE_COLOURS, role_label

    who = "tous" if role is None else role
    t = table[table["role"].astype(str) == who].head(top).iloc[::-1]
    masked = t["suppressed"].fillna(False).astype(bool) if "suppressed" in t else t["share"].isna()
    values = pd.to_numeric(t["share"], errors="coerce") * 100
    fig = go.Figure(
        go.Bar(
            y=t["code_label"],
            x=values.fillna(0),
            orientation="h",
            marker_color=ROLE_COLOURS.get(who, ROLE_COLOURS["usager"]),
            text=[
                MASKED if m else MASKED_SECONDARY if pd.isna(v) else fr_share(v / 100)
                for m, v in zip(masked, values, strict=True)
            ],
            textposition="outside",
            customdata=t["n_respondents"],
            hovertemplate=_("%{y}: %{x:.0f} % of the people (%{customdata})") + "<extra></extra>",
        )
    )
    whom = (
        _("the people heard")
        if role is None
        else _("the {role} heard").format(role=role_label(role).lower())
    )
    fig.update_layout(
        xaxis_title=_("Share of {whom} who raise it (%)").format(whom=whom),
        yaxis_title=None,
        height=180 + 34 * len(t),
        showlegend=False,
    )
    default = _("What comes up most often (researchers' coding)")
    if role is not None:
        default = _("Most frequent codes — {role}").format(role=role_label(role))
    return apply_theme(fig, title=title or default)


def codes_by_territory_heatmap(
    table: pd.DataFrame, *, top: int | None = None, title: str | None = None
) -> go.Figure:
    """Heatmap: share of each territory's people raising each code; masked cells say so.

    Parameters
    ----------
    table
        The synthesis's ``codes_by_territory`` table (``code_label``, ``territory_label``,
        ``share`` in [0, 1], ``suppressed``).
    top
        Keep the ``top`` codes with most coded turns.
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    from transfo_analysis.viz.corpus import share_heatmap

    return share_heatmap(
        table,
        rows="code_label",
        columns="territory_label",
        colorscale="Oranges",
        top=top,
        title=title or _("What comes up, territory by territory (share of people)"),
    )
