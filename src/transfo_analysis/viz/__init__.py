"""Plotly figures with French labels and one theme.

Every plotly figure of the suite is built here: notebooks, reports and dashboards call these
functions. Each returns a :class:`plotly.graph_objects.Figure` and neither shows nor saves it
(``fig.show()`` in a notebook; a report's ``ctx.publish`` saves it for the dashboards and
:func:`transfo_analysis.batch.export_html` embeds it in the published HTML reports). Figures of
each step live in their own module (``viz.corpus``, ``viz.coding``, ``viz.topics``,
``viz.textometry``, ``viz.barometer``); figures drawn from the published report
tables live in ``viz.topic_shares`` and ``viz.satisfaction`` (and ``viz.coding``,
``viz.textometry``, ``viz.corpus``), so reports and dashboards draw the same chart the same way.
French labels come from :mod:`transfo_analysis.labels`, numbers from
:mod:`transfo_analysis.numbers`. Columns named ``share`` (and ``satisfaction``) hold fractions in
[0, 1]; figures multiply by 100, never guess.
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
