"""A dashboard section: a heading, a figure slot, HTML (cards, quotes) and notes.

Sections are built once and updated in place when a selector changes (no new widgets per
change, so a long session does not pile up widget models in the kernel). Figures go into an
``Output`` widget as plotly's JSON mimetype, which the page draws with its plotly extension.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from transfo_analysis.dashboards import _html
from transfo_analysis.dashboards._figures import mimebundle

log = logging.getLogger(__name__)


class Panel:
    """One section of a dashboard: few widgets, since the page fetches every model on load.

    Parameters
    ----------
    title
        French heading.
    intro
        One sentence saying what the section shows.
    controls
        Widgets shown under the heading (e.g. a criterion selector).
    n_figures
        Figure slots.
    """

    def __init__(self, title: str, intro: str | None = None, *, controls: list[widgets.Widget] | None = None, n_figures: int = 1) -> None:
        self._heading = _html.section(title, intro)
        self.top = widgets.HTML(self._heading)
        self.figures = [widgets.Output() for _ in range(n_figures)]
        self.note = widgets.HTML("")
        #: the last rendering error (logged, never shown on the page)
        self.error: str | None = None
        if controls:  # the heading above the controls, the section's HTML below them
            self.html = widgets.HTML("")
            children = [widgets.HTML(self._heading), *controls, self.html]
            self._heading = ""
        else:
            self.html = self.top
            children = [self.top]
        self.box = widgets.VBox([*children, *self.figures, self.note])

    def show(self, *, html: str = "", figures: list[Any] | None = None, notes: list[str] | None = None) -> None:
        """Replace the content: HTML, figures (``go.Figure`` or plotly JSON), notes."""
        figures = [f for f in (figures or []) if f is not None]
        for i, out in enumerate(self.figures):
            out.outputs = ({"output_type": "display_data", "data": mimebundle(figures[i]), "metadata": {}},) if i < len(figures) else ()
        self.html.value = self._heading + html
        self.note.value = "".join(n for n in (notes or []) if n)

    def unavailable(self, detail: str | None = None) -> None:
        """« Donnée non disponible »."""
        self.show(html=_html.unavailable(detail))

    @property
    def text(self) -> str:
        """The section's HTML text (for tests)."""
        return "".join(c.value for c in self.box.children if isinstance(c, widgets.HTML))

    @property
    def n_figures(self) -> int:
        return sum(1 for out in self.figures if out.outputs)


def guarded(panel: Panel, render: Callable[[], None]) -> None:
    """Run a section's rendering; any failure shows « Donnée non disponible », never a traceback."""
    panel.error = None
    try:
        render()
    except Exception as exc:  # a damaged or unexpected artifact must not break the page
        panel.error = f"{type(exc).__name__}: {exc}"
        log.warning("dashboard section failed: %s", panel.error)
        panel.unavailable()


def n_suppressed(table: pd.DataFrame | None) -> int:
    """Withheld rows or values of a published table (its ``suppressed`` column or sidecar)."""
    if table is None:
        return 0
    if "suppressed" in table:
        return int(table["suppressed"].fillna(False).astype(bool).sum())
    return int(table.attrs.get("n_suppressed", 0) or 0)
