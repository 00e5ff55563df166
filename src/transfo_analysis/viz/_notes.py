"""A sentence under a figure (what is left out and why) that is never cut off."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

#: characters per line of a note (a note wider than a narrow page would be clipped)
NOTE_WIDTH = 90
_LINE_PX = 17
_BELOW_AXIS_PX = 80  # tick labels and the axis title sit between the plot and the note


def add_note(fig: go.Figure, text: str | None) -> go.Figure:
    """Write ``text`` under the plot area, below the x axis title, and make room for it.

    The bottom margin grows by the note's height, so the note stays inside the figure (plotly
    clips annotations that fall outside it); long notes wrap.

    Parameters
    ----------
    fig
        The figure (changed in place and returned).
    text
        The note; ``None`` or empty adds nothing.

    Returns
    -------
    The figure.
    """
    if not text:
        return fig
    lines = textwrap.wrap(text, NOTE_WIDTH)
    height = _LINE_PX * len(lines)
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 50
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-_BELOW_AXIS_PX,
        align="left",
        showarrow=False,
        font_size=12,
        name="note",
    )
    fig.update_layout(
        margin_b=max(bottom, _BELOW_AXIS_PX + height + 12),
        height=(fig.layout.height or 450) + height + 12,
    )
    return fig
