"""Plotly figures with French labels and one theme.

Every function returns a :class:`plotly.graph_objects.Figure` and neither shows nor saves it
(``fig.show()`` in a notebook; :func:`transfo_analysis.batch.export_html` embeds it in the
published HTML reports).
Figures of each step live in their own module (``viz.corpus``, ``viz.coding``, ``viz.topics``,
``viz.textometry``, ``viz.barometer``).
"""

from transfo_analysis.viz._theme import (
    DIVERGING,
    PALETTE,
    ROLE_COLOURS,
    ROLE_LABELS,
    TEMPLATE_NAME,
    apply_theme,
    role_label,
)

__all__ = [
    "DIVERGING",
    "PALETTE",
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "TEMPLATE_NAME",
    "apply_theme",
    "role_label",
]
