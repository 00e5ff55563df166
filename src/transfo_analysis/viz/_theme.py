"""One plotly theme for every figure: readable, colour-blind safe, French number formats."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from transfo_analysis.labels import ROLE_LABELS, role_label

__all__ = [
    "DIVERGING",
    "PALETTE",
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "TEMPLATE_NAME",
    "apply_theme",
    "role_label",
]

#: Okabe–Ito palette (distinguishable with the common colour-vision deficiencies)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: fixed colours per respondent role, so users and agents look the same in every figure
ROLE_COLOURS = {
    "usager": "#0072B2",
    "agent": "#E69F00",
    "encadrant": "#D55E00",
    "elu": "#CC79A7",
    "enqueteur": "#999999",
    "autre": "#56B4E9",
}
#: diverging scale for Likert answers, from very dissatisfied to very satisfied
DIVERGING = ["#B2182B", "#EF8A62", "#FDDBC7", "#D1E5F0", "#67A9CF", "#2166AC"]

TEMPLATE_NAME = "transfo"

_template = go.layout.Template(
    layout=go.Layout(
        font=dict(
            family="Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", size=14, color="#222"
        ),
        colorway=PALETTE,
        separators=", ",  # French: decimal comma, thin space for thousands
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(x=0.0, xanchor="left", font=dict(size=18)),
        xaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", automargin=True),
        yaxis=dict(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        margin=dict(l=60, r=20, t=70, b=50),
        hoverlabel=dict(font_size=13),
    )
)
pio.templates[TEMPLATE_NAME] = _template


def apply_theme(
    fig: go.Figure, *, title: str | None = None, height: int | None = None
) -> go.Figure:
    """Apply the suite's theme (and optionally a title and height) to a figure; returns it.

    Parameters
    ----------
    fig
        The figure, changed in place.
    title
        Its title.
    height
        Its height in pixels.

    Returns
    -------
    The same figure.
    """
    fig.update_layout(template=TEMPLATE_NAME)
    if title is not None:
        fig.update_layout(title_text=title)
    if height is not None:
        fig.update_layout(height=height)
    return fig
