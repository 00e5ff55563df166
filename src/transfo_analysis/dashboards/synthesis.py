"""The synthesis dashboard: comparable indicators of every published territory side by side."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from transfo_analysis.dashboards import _html
from transfo_analysis.dashboards._artifacts import (
    SYNTHESIS,
    Reports,
    ReportsUnavailable,
    open_reports,
)
from transfo_analysis.dashboards._labels import (
    INDICATORS,
    INDICATORS_BY_VALUE,
    OVERVIEW_COLUMNS,
)
from transfo_analysis.dashboards._panels import (
    Panel,
    display_static,
    guarded,
    n_suppressed,
    present,
)
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number
from transfo_analysis.viz import coding, satisfaction, topic_shares
from transfo_analysis.viz.corpus import roles_by_territory, territories_bar


def _alphabetical(text: str) -> str:
    """Sort key of French words (« État » with the E's)."""
    import unicodedata

    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


class SynthesisDashboard:
    """The widgets of the synthesis dashboard and how they update.

    Parameters
    ----------
    reports
        The published reports (with a synthesis).
    """

    def __init__(self, reports: Reports) -> None:
        self.reports = reports
        self.indicator = widgets.ToggleButtons(
            options=INDICATORS,
            value="n_words",
            description=_("Compare"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.service = widgets.Dropdown(
            description=_("Service"),
            options=[("–", "")],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="360px"),
        )
        self.panels = {
            "overview": Panel(
                _("The territories in figures"),
                _("What was collected in each territory."),
                n_figures=0,
            ),
            "volume": Panel(
                _("Volume of speech"),
                _("Compare the territories on one indicator."),
                controls=[self.indicator],
            ),
            "roles": Panel(_("Who was heard?"), _("Each profile's share of speech, by territory.")),
            "topics": Panel(
                _("Topics by territory"),
                _("The share of each topic in what was said, territory by territory."),
            ),
            "codes": Panel(
                _("Codes by territory"),
                _("The share of speaking turns carrying each code of the analysis grid."),
            ),
            "barometer": Panel(
                _("Satisfaction by territory"),
                _("The share of satisfied users of one service, from one territory to another."),
                controls=[self.service],
            ),
            "decisions": Panel(
                _("From voices to decisions"),
                _(
                    "The proposals of every territory, where they stand, who decided, and the"
                    " findings they rest on."
                ),
                n_figures=0,
            ),
        }
        index = reports.index
        n = len(reports.territories)
        published = ngettext("{n} territory published", "{n} territories published", n).format(n=n)
        subtitle = " · ".join(x for x in (index.get("project"), published) if x)
        self.title = _html.header(_("Cross-territory synthesis"), subtitle)
        self.footer = _html.footer(_html.footer_text(reports.k, index.get("updated")))
        sat = self.table("barometer_satisfaction")
        services = (
            [] if sat is None else sorted(sat["service_label"].dropna().unique(), key=_alphabetical)
        )
        self.service.options = [(s, s) for s in services] or [("–", "")]
        self.service.layout.display = None if services else "none"
        self.indicator.observe(
            lambda _: guarded(self.panels["volume"], self._volume), names="value"
        )
        self.service.observe(
            lambda _: guarded(self.panels["barometer"], self._barometer), names="value"
        )
        self.refresh()

    @property
    def widget(self) -> widgets.VBox:
        """The whole dashboard as one widget (JupyterLab;
        ``transfo serve``'s page uses :meth:`display`).
        """
        return widgets.VBox(
            [
                widgets.HTML(self.title),
                *(p.box for p in self.panels.values()),
                widgets.HTML(self.footer),
            ],
            layout=widgets.Layout(max_width="1200px", padding="0 12px"),
        )

    def display(self) -> None:
        """Show the dashboard on ``transfo serve``'s page:
        the first view as HTML, the widgets after it.
        """
        display_static(self.title)
        label = dict(INDICATORS_BY_VALUE).get(self.indicator.value, "")
        for name, panel in self.panels.items():
            placeholder = None
            if name == "volume":
                placeholder = _html.placeholder([("Comparer", label)], inline=True)
            elif name == "barometer" and self.service.value:
                placeholder = _html.placeholder([("Service", self.service.label)], inline=True)
            panel.display(placeholder)
        display_static(self.footer)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.reports.table(SYNTHESIS, name)

    def refresh(self) -> None:
        """Redraw every section."""
        for name, render in (
            ("overview", self._overview),
            ("volume", self._volume),
            ("roles", self._roles),
            ("topics", self._topics),
            ("codes", self._codes),
            ("barometer", self._barometer),
            ("decisions", self._decisions),
        ):
            guarded(self.panels[name], render)

    def _decisions(self) -> None:
        section = self.reports.document(SYNTHESIS, "voices_to_decisions")
        self.panels["decisions"].show(html=_html.decisions(section, k=self.reports.k))

    def _overview(self) -> None:
        t = self.table("territories_overview")
        if t is None:
            return self.panels["overview"].unavailable()
        total = [
            (_("Territories"), str(len(t))),
            (_("Documents analysed"), fr_number(t["n_documents"].sum())),
            (
                _("People heard"),
                fr_number(pd.to_numeric(t["n_respondents"], errors="coerce").sum()),
            ),
            (_("Words"), fr_number(t["n_words"].sum())),
        ]
        numbers: dict[str, dict[str, Any]] = {
            c: {} for c in ("n_documents", "n_respondents", "n_segments", "n_words")
        }
        html = _html.cards(total) + _html.table(
            t.sort_values("territory_label"), OVERVIEW_COLUMNS, numbers=numbers
        )
        self.panels["overview"].show(
            html=html, notes=[_html.suppression_note(n_suppressed(t), self.reports.k)]
        )

    def _volume(self) -> None:
        t, value = self.table("territories_overview"), self.indicator.value
        fig = (
            self.reports.figure(SYNTHESIS, "fig_words_by_territory") if value == "n_words" else None
        )
        if fig is None and t is not None and value in t:
            fig = territories_bar(t, value=value)
        if fig is None:
            return self.panels["volume"].unavailable()
        self.panels["volume"].show(figures=[fig])

    def _roles(self) -> None:
        t, fig = (
            self.table("roles_by_territory"),
            self.reports.figure(SYNTHESIS, "fig_roles_by_territory"),
        )
        if fig is None and t is not None:
            fig = roles_by_territory(t)
        if fig is None:
            return self.panels["roles"].unavailable()
        self.panels["roles"].show(
            figures=[fig], notes=[_html.suppression_note(n_suppressed(t), self.reports.k)]
        )

    def _heat(self, name: str, table_name: str, fig_name: str, build) -> None:
        t, fig = self.table(table_name), self.reports.figure(SYNTHESIS, fig_name)
        if fig is None and t is not None and len(t):
            fig = build(t)
        if fig is None:
            return self.panels[name].unavailable()
        self.panels[name].show(
            figures=[fig],
            notes=[_html.suppression_note(n_suppressed(t), self.reports.k, what=_("Hidden cells"))],
        )

    def _topics(self) -> None:
        self._heat(
            "topics",
            "topics_by_territory",
            "fig_topics_by_territory",
            lambda t: topic_shares.by_territory(t, top=12),
        )

    def _codes(self) -> None:
        self._heat(
            "codes",
            "codes_by_territory",
            "fig_codes_by_territory",
            lambda t: coding.codes_by_territory_heatmap(t, top=12),
        )

    def _barometer(self) -> None:
        t, service = self.table("barometer_satisfaction"), self.service.value
        if t is None or not service:
            return self.panels["barometer"].unavailable(_("no satisfaction survey published"))
        shown = t[t["service_label"] == service]
        self.panels["barometer"].show(
            figures=[satisfaction.satisfaction_by_territory(t, service=service)],
            notes=[
                _html.suppression_note(
                    n_suppressed(shown), self.reports.k, what=_("Hidden results")
                )
            ],
        )


def synthesis_dashboard(*, reports_dir: str | None = None) -> widgets.Widget | None:
    """The synthesis dashboard (what ``dashboards/synthese.ipynb`` shows).

    Returns the dashboard as a widget; on ``transfo serve``'s page, displays it (first view as HTML,
    then the widgets) and returns ``None``.

    Parameters
    ----------
    reports_dir
        The published reports folder (default: ``TRANSFO_REPORTS_DIR``, set by ``transfo serve``).

    Returns
    -------
    The dashboard's widget, or ``None`` on ``transfo serve``'s page.
    """

    def build() -> SynthesisDashboard:
        reports = open_reports(reports_dir)
        if not reports.index.get("synthesis"):
            raise ReportsUnavailable(_("the synthesis has not been published yet"))
        return SynthesisDashboard(reports)

    return present(build, title=_("Cross-territory synthesis"))
