"""Topic figures (plotly, French labels): terms, roles, territories, map, time, hierarchy.

Each function takes a :class:`~transfo_analysis.topics.TopicResult` (fitted, or read back with
:func:`~transfo_analysis.topics.load_topics`) and returns a figure, neither shown nor saved.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from transfo_analysis.i18n import _
from transfo_analysis.topics import TopicResult, topics_by
from transfo_analysis.topics import topics_over_time as _over_time
from transfo_analysis.viz._theme import PALETTE, ROLE_COLOURS, apply_theme, role_label

__all__ = [
    "topic_bars",
    "topic_hierarchy",
    "topic_map",
    "topics_by_role",
    "topics_by_territory",
    "topics_over_time",
]


def _top_topics(result: TopicResult, max_topics: int) -> list[int]:
    t = result.topics[result.topics["topic"] >= 0].sort_values(
        ["size", "topic"], ascending=[False, True]
    )
    return t["topic"].head(max_topics).tolist()


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def topic_bars(
    result: TopicResult,
    *,
    topics: list[int] | None = None,
    n_terms: int = 8,
    max_topics: int = 12,
    columns: int = 3,
) -> go.Figure:
    """Top terms of each topic (c-TF-IDF weights), one small panel per topic, largest first."""
    ids = topics if topics is not None else _top_topics(result, max_topics)
    table = result.topics.set_index("topic")
    rows = max(1, math.ceil(len(ids) / columns))
    titles = [_short(f"{t} · {table.at[t, 'label']}", 45) for t in ids]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=titles or None,
        horizontal_spacing=0.12,
        vertical_spacing=0.5 / rows if rows > 1 else 0.1,
    )
    for k, t in enumerate(ids):
        terms = list(table.at[t, "terms"])[:n_terms]
        weights = list(table.at[t, "weights"])[:n_terms]
        fig.add_trace(
            go.Bar(
                x=weights[::-1],
                y=terms[::-1],
                orientation="h",
                marker_color=PALETTE[k % len(PALETTE)],
                name=titles[k],
                showlegend=False,
                hovertemplate=_("%{y}: %{x:.3f}") + "<extra></extra>",
            ),
            row=k // columns + 1,
            col=k % columns + 1,
        )
    return apply_theme(
        fig, title=_("Most characteristic words of the topics"), height=max(300, 230 * rows)
    )


def topics_by_role(
    result: TopicResult, *, max_topics: int = 15, unit: str = "segments"
) -> go.Figure:
    """Share of each role's segments in each topic: what users and agents talk about."""
    data = topics_by(result, "role", unit=unit)
    count = "n_units" if unit == "units" else "n_segments"
    ids = _top_topics(result, max_topics)
    data = data[data["topic"].isin(ids)]
    order = [result.labels()[t] for t in ids]
    fig = go.Figure()
    for role in sorted(
        data["role"].dropna().unique(),
        key=lambda r: list(ROLE_COLOURS).index(r) if r in ROLE_COLOURS else 99,
    ):
        d = data[data["role"] == role].set_index("label").reindex(order)
        fig.add_trace(
            go.Bar(
                x=d["share"].fillna(0).to_numpy(),
                y=[_short(lbl) for lbl in order],
                orientation="h",
                name=role_label(role),
                marker_color=ROLE_COLOURS.get(role),
                customdata=d[count].fillna(0).astype(int).to_numpy(),
                hovertemplate="%{y}<br>"
                + role_label(role)
                + (
                    _(": %{x:.1%} (%{customdata} units)")
                    if unit == "units"
                    else _(": %{x:.1%} (%{customdata} segments)")
                )
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis_title=_("Share of the group's segments"),
        xaxis_tickformat=".0%",
        yaxis_autorange="reversed",
    )
    return apply_theme(
        fig, title=_("Topics by the role of the people"), height=max(350, 45 * len(ids) + 150)
    )


def topics_by_territory(
    result: TopicResult, *, max_topics: int = 15, territory_labels: dict[str, str] | None = None
) -> go.Figure:
    """Heat map of topic shares within each territory."""
    data = topics_by(result, "territory")
    ids = _top_topics(result, max_topics)
    labels = result.labels()
    pivot = data.pivot_table(
        index="topic", columns="territory", values="share", fill_value=0.0
    ).reindex(ids, fill_value=0.0)
    names = [(territory_labels or {}).get(t, t) for t in pivot.columns]
    fig = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(),
            x=names,
            y=[_short(labels[t]) for t in pivot.index],
            colorscale="Blues",
            zmin=0,
            colorbar=dict(title=_("Share"), tickformat=".0%"),
            hovertemplate=_("%{y}<br>%{x}: %{z:.1%}") + "<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=_("Territory"), yaxis_autorange="reversed")
    return apply_theme(fig, title=_("Topics by territory"), height=max(350, 35 * len(ids) + 150))


def topic_map(result: TopicResult, *, show_units: bool = False) -> go.Figure:
    """2-D map of topics (bubbles sized by number of units, placed at their units' mean position)."""
    fig = go.Figure()
    if show_units:
        u = result.units[result.units["modelled"] & result.units["x"].notna()]
        fig.add_trace(
            go.Scattergl(
                x=u["x"],
                y=u["y"],
                mode="markers",
                name=_("Units"),
                marker=dict(size=4, color=np.where(u["topic"] < 0, "#cccccc", "#9ecae1")),
                hoverinfo="skip",
            )
        )
    t = result.topics[(result.topics["topic"] >= 0) & result.topics["x"].notna()]
    size = np.sqrt(t["size"].to_numpy(dtype=float))
    fig.add_trace(
        go.Scatter(
            x=t["x"],
            y=t["y"],
            mode="markers+text",
            text=[str(i) for i in t["topic"]],
            textposition="middle center",
            name=_("Topics"),
            marker=dict(
                size=12 + 40 * size / (size.max() or 1),
                color=PALETTE[0],
                opacity=0.6,
                line=dict(color="white", width=1),
            ),
            customdata=np.stack([t["label"], t["size"]], axis=1) if len(t) else None,
            hovertemplate=_("%{customdata[0]}<br>%{customdata[1]} units") + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis=dict(showticklabels=False, title="", zeroline=False),
        yaxis=dict(showticklabels=False, title="", zeroline=False),
        showlegend=show_units,
    )
    return apply_theme(
        fig, title=_("Map of topics (close = close vocabulary and content)"), height=550
    )


def topics_over_time(
    result: TopicResult, *, freq: str = "QS", column: str | None = None, max_topics: int = 8
) -> go.Figure:
    """Share of each topic per period (documents' dates binned by ``freq``, or a wave column)."""
    data = _over_time(result, freq=freq, column=column)
    ids = _top_topics(result, max_topics)
    fig = go.Figure()
    for k, t in enumerate(ids):
        d = data[data["topic"] == t]
        fig.add_trace(
            go.Scatter(
                x=d["period"],
                y=d["share"],
                mode="lines+markers",
                name=_short(result.labels()[t], 35),
                line=dict(color=PALETTE[k % len(PALETTE)]),
                hovertemplate="%{x}<br>%{y:.1%}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis_title=_("Wave") if column else _("Period"),
        yaxis_title=_("Share of segments"),
        yaxis_tickformat=".0%",
    )
    if data.empty:
        fig.add_annotation(
            text=_("No date or wave for these documents"),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
        )
    return apply_theme(fig, title=_("Topics over time"), height=450)


def topic_hierarchy(result: TopicResult) -> go.Figure:
    """Dendrogram of topics: which topics merge first (Ward linkage on their vocabularies)."""
    from scipy.cluster.hierarchy import dendrogram

    h = result.hierarchy
    fig = go.Figure()
    if h.empty:
        fig.add_annotation(
            text=_("Fewer than two topics: no hierarchy"),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
        )
        return apply_theme(fig, title=_("Hierarchy of topics"))
    z = h[["left", "right", "distance", "n_topics"]].to_numpy(dtype=float)
    labels = result.labels()
    n = len(z) + 1
    d = dendrogram(
        z,
        no_plot=True,
        orientation="left",
        labels=[f"{i} · {_short(labels.get(i, str(i)), 35)}" for i in range(n)],
    )
    for xs, ys in zip(d["dcoord"], d["icoord"], strict=True):
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="#555555", width=1.5),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # a hover point at each merge, naming the merged topics
    tops = sorted(zip(d["dcoord"], d["icoord"], strict=True), key=lambda c: c[0][1])
    nodes = h.sort_values("distance")
    fig.add_trace(
        go.Scatter(
            x=[c[0][1] for c in tops],
            y=[(c[1][1] + c[1][2]) / 2 for c in tops],
            mode="markers",
            marker=dict(size=6, color=PALETTE[0]),
            text=[
                _("{label}<br>topics {topics}").format(
                    label=row.label, topics=", ".join(map(str, row.topics))
                )
                for row in nodes.itertuples()
            ],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(
        yaxis=dict(tickvals=[5 + 10 * i for i in range(n)], ticktext=d["ivl"], showgrid=False),
        xaxis_title="Distance (Ward)",
    )
    return apply_theme(fig, title=_("Hierarchy of topics"), height=max(350, 28 * n + 120))
