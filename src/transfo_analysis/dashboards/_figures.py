"""How the dashboards' page draws a figure: plotly JSON without the library, in a safe ``<div>``.

Every figure itself is built in :mod:`transfo_analysis.viz` (the reports' published figures, or
the same builders redrawing from the published tables when a filter applies).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mimebundle(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """What the page needs to draw a figure (plotly's JSON mimetype, without the 3 MB library)."""
    import json

    import plotly.io as pio

    data = json.loads(pio.to_json(fig, validate=False)) if isinstance(fig, go.Figure) else dict(fig)
    layout = data["layout"] = dict(data.get("layout") or {})
    layout.setdefault("height", 420)  # the page's plotly renderer gives no height of its own
    layout.pop("width", None)
    data["config"] = {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    }
    return {PLOTLY_MIME: data}


def figure_html(figure: dict[str, Any]) -> str:
    """A chart for ``transfo serve``'s page: its ``<div>`` and the call that draws it with the
    page's plotly.js (once; see ``dashboards/template/index.html.j2``).

    ``figure`` is plotly JSON (:func:`mimebundle`'s). The JSON is written so that nothing in it can
    close the script or open markup (``<``, ``>`` and ``&`` as JSON escapes), whatever the labels.
    """
    import json

    text = json.dumps(
        figure, ensure_ascii=False, separators=(",", ":"), default=str
    )  # NaN is NaN in JavaScript too
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    height = int((figure.get("layout") or {}).get("height") or 420)
    return (
        f'<div class="tr-plot" style="height:{height}px"></div>'
        f"<script>window.transfo.plot({text})</script>"
    )
