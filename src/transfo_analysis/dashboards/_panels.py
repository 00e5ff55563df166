"""A dashboard section: a heading, a figure slot, HTML (cards, quotes) and notes.

Sections are built once and updated in place when a selector changes (no new widgets per
change, so a long session does not pile up widget models in the kernel).

Two ways to show them:

- **as widgets** (JupyterLab, tests): one widget per dashboard; figures go into ``Output``
  widgets as plotly's JSON mimetype, drawn by the page's plotly extension;
- **on ``transfo serve``'s page** (:func:`served_by_template`): the first view (the default
  territory, every profile) is written into the page as HTML — Voilà's template shows it as soon as
  the page arrives, and draws its charts with the page's plotly.js — and each section is followed
  by its widgets, empty and hidden. The selectors are widgets; once one changes, the sections
  redraw as widgets, and each hides its part of the first view (a style rule in its HTML). Nothing
  waits for the widget manager, the kernel connection or the widget state before the first view.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from transfo_analysis.dashboards import _html
from transfo_analysis.dashboards._artifacts import ReportsUnavailable
from transfo_analysis.dashboards._figures import PLOTLY_MIME, figure_html, mimebundle
from transfo_analysis.i18n import _

log = logging.getLogger(__name__)

#: set by ``transfo serve`` for the dashboards' kernels: its template shows the first view as HTML
TEMPLATE_ENV = "TRANSFO_DASHBOARD_TEMPLATE"
_ids = itertools.count(1)


def served_by_template() -> bool:
    """Whether the outputs are shown by ``transfo serve``'s page template (not JupyterLab)."""
    return os.environ.get(TEMPLATE_ENV) == "1"


def display_static(html: str) -> None:
    """Part of the first view: written into the page by ``transfo serve``'s template."""
    from IPython.display import display

    display({"text/html": html, "text/plain": ""}, raw=True, metadata={"transfo": {"static": True}})


def display_widget(widget: widgets.Widget, placeholder: str | None = None) -> None:
    """A widget; ``placeholder`` (HTML) holds its place on the page until the widget is drawn."""
    from IPython.display import display

    display(widget, metadata={"transfo": {"placeholder": placeholder}} if placeholder else None)


class Panel:
    """One section of a dashboard: few widgets, since the page fetches every model on load.

    Parameters
    ----------
    title
        French heading (``None``: no heading, e.g. the page title).
    intro
        One sentence saying what the section shows.
    controls
        Widgets shown under the heading (e.g. a criterion selector).
    n_figures
        Figure slots.
    page
        Whether ``transfo serve``'s template shows the
        dashboard (default: :func:`served_by_template`).
    """

    def __init__(
        self,
        title: str | None,
        intro: str | None = None,
        *,
        controls: list[widgets.Widget] | None = None,
        n_figures: int = 1,
        page: bool | None = None,
    ) -> None:
        self.page = served_by_template() if page is None else page
        self.heading = _html.section(title, intro) if title else ""
        self.controls = list(controls or [])
        self.figures = [widgets.Output() for _ in range(n_figures)]
        self.html = widgets.HTML("")
        self.note = widgets.HTML("")
        #: the last rendering error (logged, never shown on the page)
        self.error: str | None = None
        #: what the section shows: HTML, figures (plotly JSON), notes
        self.shown: tuple[str, list[dict[str, Any]], str] = ("", [], "")
        self.static_id = f"tr-first-view-{next(_ids)}"
        self._first_view_shown = False
        if self.page:  # the heading is on the page; the widgets show only what changes
            self._prefix = ""
            self.content = widgets.VBox(
                [self.html, *self.figures, self.note], layout=widgets.Layout(display="none")
            )
            self.box = widgets.VBox([*self.controls, self.content])
        elif self.controls:  # the heading above the controls, the section's HTML below them
            self._prefix = ""
            self.content = self.box = widgets.VBox(
                [widgets.HTML(self.heading), *self.controls, self.html, *self.figures, self.note]
            )
        else:
            self._prefix = self.heading
            self.content = self.box = widgets.VBox([self.html, *self.figures, self.note])

    def show(
        self, *, html: str = "", figures: list[Any] | None = None, notes: list[str] | None = None
    ) -> None:
        """Replace the content: HTML, figures (``go.Figure`` or plotly JSON), notes."""
        shown = [mimebundle(f)[PLOTLY_MIME] for f in (figures or []) if f is not None]
        note = "".join(n for n in (notes or []) if n)
        self.shown = (html, shown, note)
        if (
            self.page and not self._first_view_shown
        ):  # the page shows it as HTML: the widgets stay empty
            return
        hide = ""
        if (
            self._first_view_shown
        ):  # the widgets take over from the first view written into the page
            hide = f"<style>#{self.static_id}{{display:none}}</style>"
            self.content.layout.display = None  # first, so that charts are drawn at their width
        for i, out in enumerate(self.figures):
            bundle = (
                ({"text/html": figure_html(shown[i])} if self.page else {PLOTLY_MIME: shown[i]})
                if i < len(shown)
                else None
            )
            out.outputs = (
                ({"output_type": "display_data", "data": bundle, "metadata": {}},) if bundle else ()
            )
        self.html.value = hide + self._prefix + html
        self.note.value = note

    def unavailable(self, detail: str | None = None) -> None:
        """« Donnée non disponible »."""
        self.show(html=_html.unavailable(detail))

    def first_view(self) -> str:
        """The section as it is now, as HTML for the page (heading excluded)."""
        html, figures, note = self.shown
        return (
            f'<div id="{self.static_id}">{html}{"".join(figure_html(f) for f in figures)}{note}'
            "</div>"
        )

    def display(self, placeholder: str | None = None) -> None:
        """On ``transfo serve``'s page: the heading, the widgets (controls; content once a selector
        changes) and the first view.
        """
        if self.heading:
            display_static(self.heading)
        display_widget(self.box, placeholder if self.controls else None)
        display_static(self.first_view())
        self._first_view_shown = True

    @property
    def text(self) -> str:
        """The section's HTML text (for tests)."""
        return self.heading + self.shown[0] + self.shown[2]

    @property
    def n_figures(self) -> int:
        return sum(1 for out in self.figures if out.outputs)


def present(build: Callable[[], Any], *, title: str) -> widgets.Widget | None:
    """Build a dashboard and show it where it runs.

    ``build`` opens the reports and returns the dashboard (with ``display()`` and ``widget``), or
    raises :class:`ReportsUnavailable`, shown as « Donnée non disponible » under ``title``. Returns
    the dashboard's widget (JupyterLab); on ``transfo serve``'s page displays it (first view as
    HTML, then the widgets) and returns ``None``.
    """
    try:
        dashboard = build()
    except ReportsUnavailable as exc:
        html = _html.header(title) + _html.unavailable(str(exc))
        if served_by_template():
            display_static(html)
            return None
        return widgets.HTML(html)
    if served_by_template():
        return dashboard.display()
    return dashboard.widget


def guarded(panel: Panel, render: Callable[[], None]) -> None:
    """Run a section's rendering; any failure shows « Donnée non disponible », never a traceback."""
    panel.error = None
    try:
        render()
    except Exception as exc:  # a damaged or unexpected artifact must not break the page
        panel.error = f"{type(exc).__name__}: {exc}"
        log.warning(_("dashboard section failed: {error}").format(error=panel.error))
        panel.unavailable()


def n_suppressed(table: pd.DataFrame | None) -> int:
    """Withheld rows or values of a published table (its ``suppressed`` column or sidecar)."""
    if table is None:
        return 0
    if "suppressed" in table:
        return int(table["suppressed"].fillna(False).astype(bool).sum())
    return int(table.attrs.get("n_suppressed", 0) or 0)
