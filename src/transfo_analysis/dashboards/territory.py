"""The territory dashboard: one territory's published report, filtered by role.

Shows key figures as cards, who was heard, topics and specific words by role, the most frequent
codes, quotes (with the k-suppression notice) and the satisfaction barometer. The unfiltered view
shows the figures the report published; choosing a role (or a criterion) redraws from the tables.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from transfo_analysis.dashboards import _html
from transfo_analysis.dashboards._artifacts import Reports, ReportsUnavailable, open_reports
from transfo_analysis.dashboards._decisions import decisions_for_role
from transfo_analysis.dashboards._labels import ALL, ROLES
from transfo_analysis.dashboards._panels import (
    Panel,
    display_static,
    display_widget,
    guarded,
    n_suppressed,
    present,
)
from transfo_analysis.dashboards._workshop_themes import workshop_themes_view
from transfo_analysis.dashboards._workshops import workshops_html
from transfo_analysis.i18n import _
from transfo_analysis.labels import role_label
from transfo_analysis.numbers import fr_number
from transfo_analysis.viz import ROLE_COLOURS, coding, satisfaction, textometry, topic_shares
from transfo_analysis.viz import corpus as corpus_figures

#: barometer respondent types matching an interview role
RESPONDENT_TYPES = {
    "usager": ["usager"],
    "agent": ["agent"],
    "encadrant": ["gestionnaire"],
    "elu": ["elu"],
}


class TerritoryDashboard:
    """The widgets of the territory dashboard and how they update.

    Parameters
    ----------
    reports
        The published reports.
    """

    def __init__(self, reports: Reports) -> None:
        self.reports = reports
        index = reports.index
        self.territory = widgets.Dropdown(
            options=reports.territories,
            description=_("Territory"),
            style={"description_width": "70px"},
            layout=widgets.Layout(width="420px"),
        )
        self.role = widgets.ToggleButtons(
            options=ROLES,
            value=ALL,
            description=_("Profile"),
            style={"description_width": "70px", "button_width": "auto"},
        )
        self.dimension = widgets.Dropdown(
            description=_("Criterion"),
            options=[("–", "")],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="320px"),
        )
        self.header = Panel(None, n_figures=0)
        self.title = self.header.html
        self.panels = {
            "key_figures": Panel(
                _("The territory in figures"),
                _("What was collected: documents, people heard, volume of speech."),
                n_figures=0,
            ),
            "voices": Panel(
                _("Who was heard?"),
                _(
                    "The volume of speech of each profile (users, agents, managers, elected "
                    "officials)."
                ),
            ),
            "topics": Panel(
                _("Topics raised"),
                _("The subjects that come up most often, by the profile of the person speaking."),
            ),
            "words": Panel(
                _("Specific words"), _("The words one profile uses clearly more than the others.")
            ),
            "codes": Panel(
                _("Most frequent codes"),
                _("The categories of the analysis grid most often given to speaking turns."),
            ),
            "quotes": Panel(
                _("Quotes"),
                _("Representative excerpts, pseudonymised: names have been replaced."),
                n_figures=0,
            ),
            "barometer": Panel(
                _("Satisfaction barometer"),
                _(
                    "Satisfaction measured by survey, with its margin of uncertainty, and the gap"
                    " between the perception of users and that of managers."
                ),
                controls=[self.dimension],
                n_figures=3,
            ),
            "workshops": _workshops_panel(),
            "workshop_themes": Panel(
                _("Workshops: themes of the cards and what the interviews say"),
                _(
                    "What each profile wrote about on the workshop cards, and each theme set "
                    "against the votes, the interviews (codes and topics) and the barometer."
                ),
                n_figures=2,
            ),
            "decisions": Panel(
                _("From voices to decisions"),
                _(
                    "The proposals drawn from what was heard, the decisions taken and the findings"
                    " they rest on."
                ),
                n_figures=0,
            ),
        }
        k = reports.k
        self.footer = _html.footer(_html.footer_text(k, index.get("updated")))
        self.controls = widgets.VBox(
            [self.territory, self.role],
            layout=widgets.Layout(
                margin="4px 0 8px 0",
                padding="10px 14px",
                border="1px solid #d9e6f2",
                width="fit-content",
            ),
        )
        self.territory.observe(self._on_territory, names="value")
        self.role.observe(lambda _: self.refresh(), names="value")
        self._quiet = False
        self.dimension.observe(self._on_dimension, names="value")
        self._on_territory()

    @property
    def widget(self) -> widgets.VBox:
        """The whole dashboard as one widget (JupyterLab;
        ``transfo serve``'s page uses :meth:`display`).
        """
        return widgets.VBox(
            [
                self.header.box,
                self.controls,
                *(p.box for p in self.panels.values()),
                widgets.HTML(self.footer),
            ],
            layout=widgets.Layout(max_width="1200px", padding="0 12px"),
        )

    def display(self) -> None:
        """Show the dashboard on ``transfo serve``'s page:
        the first view as HTML, the widgets after it.
        """
        self.header.display()
        display_widget(
            self.controls,
            _html.placeholder(
                [("Territoire", self.reports.label(self.territory.value))],
                choices=("Profil", [label for label, _ in ROLES], self.role.label),
            ),
        )
        for name, panel in self.panels.items():
            criterion = (
                name == "barometer"
                and self.dimension.layout.display != "none"
                and self.dimension.value
            )
            panel.display(
                _html.placeholder([(_("Criterion"), self.dimension.label)], inline=True)
                if criterion
                else None
            )
        display_static(self.footer)

    # -- reading -------------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame | None:
        return self.reports.table(self.territory.value, name) if self.territory.value else None

    def figure(self, name: str) -> dict | None:
        return self.reports.figure(self.territory.value, name) if self.territory.value else None

    @property
    def selected_role(self) -> str | None:
        return None if self.role.value == ALL else self.role.value

    # -- updating ------------------------------------------------------------------------------
    def _on_territory(self, _: object = None) -> None:
        indicators = self.table("barometer_indicators")
        dims = (
            []
            if indicators is None or "dimension" not in indicators
            else list(dict.fromkeys(indicators["dimension"].dropna()))
        )
        options = [(satisfaction.criterion_label(d, indicators), d) for d in dims] or [("–", "")]
        preferred = next(
            (
                d
                for d in ("global", "satisfaction_globale", "qualite_service", "qualite")
                if d in dims
            ),
            dims[0] if dims else "",
        )
        self._quiet = True  # the options change sets a value: draw once, below
        try:
            self.dimension.options = options
            self.dimension.value = preferred
        finally:
            self._quiet = False
        self.refresh()

    def _on_dimension(self, _: object = None) -> None:
        if not self._quiet:
            guarded(self.panels["barometer"], self._barometer)

    def refresh(self) -> None:
        """Redraw every section for the chosen territory and role."""
        project = self.reports.index.get("project") or ""
        self.header.show(
            html=_html.header(
                f"Tableau de bord — {self.reports.label(self.territory.value)}", project
            )
        )
        for name, render in (
            ("key_figures", self._key_figures),
            ("voices", self._voices),
            ("topics", self._topics),
            ("words", self._words),
            ("codes", self._codes),
            ("quotes", self._quotes),
            ("barometer", self._barometer),
            ("workshops", self._workshops),
            ("workshop_themes", self._workshop_themes),
            ("decisions", self._decisions),
        ):
            guarded(self.panels[name], render)

    def _key_figures(self) -> None:
        panel, kf, voices = (
            self.panels["key_figures"],
            self.table("key_figures"),
            self.table("voices_by_role"),
        )
        if kf is None:
            return panel.unavailable()
        html = _html.cards(zip(kf["indicateur"].astype(str), kf["valeur"].astype(str), strict=True))
        role = self.selected_role
        if role and voices is not None:
            row = voices[voices["role"] == role]
            if not len(row):
                html += _html.note(
                    _("No one of this profile ({role}) was heard in this territory.").format(
                        role=role_label(role)
                    )
                )
            elif bool(row["secondary"].iloc[0]) if "secondary" in row else False:
                html += _html.note(
                    _(
                        "{role}: figures hidden, so that those of a smaller profile cannot be "
                        "worked"
                        " out by difference with the totals."
                    ).format(role=role_label(role))
                )
            elif bool(row["suppressed"].iloc[0]) if "suppressed" in row else False:
                html += _html.note(
                    _("{role}: {few} heard; their figures are hidden.").format(
                        role=role_label(role), few=_html.fewer_people(self.reports.k)
                    )
                )
            else:
                r = row.iloc[0]
                html += f"<div class='tr-dash'><h3>{role_label(role)}</h3></div>" + _html.cards(
                    [
                        (_("People heard"), fr_number(r.get("n_respondents"))),
                        (_("Speaking turns"), fr_number(r.get("n_segments"))),
                        (_("Words"), fr_number(r.get("n_words"))),
                        (
                            _("Words per speaking turn"),
                            fr_number(r.get("words_per_turn"), decimals=1),
                        ),
                    ]
                )
        panel.show(html=html)

    def _voices(self) -> None:
        panel, table = self.panels["voices"], self.table("voices_by_role")
        fig = self.figure("fig_voices_by_role")
        if table is not None and (self.selected_role or fig is None):
            fig = corpus_figures.voices_by_role(table, highlight=self.selected_role)
        if fig is None:
            return panel.unavailable()
        panel.show(
            figures=[fig],
            notes=[
                _html.suppression_note(
                    n_suppressed(table),
                    self.reports.k,
                    what=_("Hidden profiles"),
                    secondary=int(table["secondary"].fillna(False).astype(bool).sum())
                    if table is not None and "secondary" in table
                    else 0,
                )
            ],
        )

    def _by_role(self, panel: Panel, table_name: str, fig_name: str, build) -> None:
        table, role = self.table(table_name), self.selected_role
        if role is None and self.figure(fig_name) is not None:
            fig = self.figure(fig_name)
        elif table is None:
            return panel.unavailable()
        elif role is not None and not (table["role"] == role).any():
            return panel.unavailable(
                _("nothing for the profile « {role} » in this territory").format(
                    role=role_label(role)
                )
            )
        else:
            shown = table[table["role"] == role] if role else table
            if len(shown) and n_suppressed(shown) == len(shown):
                return panel.show(html=_html.withheld(self.reports.k))
            fig = build(table, role)
        shown = table if table is None or role is None else table[table["role"] == role]
        panel.show(
            figures=[fig], notes=[_html.suppression_note(n_suppressed(shown), self.reports.k)]
        )

    def _topics(self) -> None:
        self._by_role(
            self.panels["topics"],
            "topics_by_role",
            "fig_topics_by_role",
            lambda t, r: topic_shares.by_role(t, role=r),
        )

    def _words(self) -> None:
        self._by_role(
            self.panels["words"],
            "specific_words",
            "fig_specific_words",
            lambda t, r: textometry.role_words(t, role=r),
        )

    def _codes(self) -> None:
        self._by_role(
            self.panels["codes"],
            "top_codes",
            "fig_top_codes",
            lambda t, r: coding.top_codes_bars(t, role=r),
        )

    def _quotes(self) -> None:
        panel, table, role = self.panels["quotes"], self.table("quotes"), self.selected_role
        if table is None:
            return panel.unavailable()
        shown = table if role is None else table[table["role"] == role]
        if not len(shown):
            return panel.unavailable(
                _("no quote for the profile « {role} »").format(role=role_label(role))
                if role
                else None
            )
        themes = list(
            dict.fromkeys(shown.sort_values("rank")["theme"] if "rank" in shown else shown["theme"])
        )[:8]
        shown = shown[shown["theme"].isin(themes)]
        panel.show(
            html=_html.quotes(shown, colours=ROLE_COLOURS, k=self.reports.k),
            notes=[
                _html.suppression_note(n_suppressed(shown), self.reports.k, what=_("Hidden quotes"))
            ],
        )

    def _workshops(self) -> None:
        panel, role = self.panels["workshops"], self.selected_role
        priorities = self.table("workshop_priorities")
        html = workshops_html(
            priorities,
            self.table("consultation_stances"),
            role=role,
            k=self.reports.k,
            colours=ROLE_COLOURS,
        )
        if not html:
            return panel.unavailable(_("no workshop with votes nor online consultation here"))
        fig = self.figure("fig_workshop_votes") if role is None else None
        panel.show(figures=[fig] if fig is not None else [], html=html)

    def _workshop_themes(self) -> None:
        panel = self.panels["workshop_themes"]
        html, figures, notes = workshop_themes_view(
            self.table, self.figure, role=self.selected_role, k=self.reports.k
        )
        if not html and not figures:
            return panel.unavailable(_("no themes of workshop cards here (20 cards at least)"))
        panel.show(figures=figures, html=html, notes=notes)

    def _decisions(self) -> None:
        panel, role = self.panels["decisions"], self.selected_role
        html = _decisions_html(self.reports, self.territory.value, role)
        if role is not None and "tr-na" not in html:
            note = _(
                "Findings that {role} support; the quotes for them are this profile's."
            ).format(role=role_label(role).lower())
            html = _html.note(note) + html
        panel.show(html=html)

    def _barometer(self) -> None:
        panel = self.panels["barometer"]
        indicators, gaps = self.table("barometer_indicators"), self.table("barometer_gaps")
        dim, role = self.dimension.value, self.selected_role
        types = RESPONDENT_TYPES.get(role) if role else None
        notes, shown = [], []
        if indicators is not None and dim:
            if types and not indicators["respondent_type"].isin(types).any():
                notes.append(
                    _html.note(
                        _(
                            "The barometer did not survey this profile ({role}): all answers are "
                            "shown."
                        ).format(role=role_label(role))
                    )
                )
                types = None
            shown += [
                satisfaction.satisfaction(indicators, dimension=dim, respondent_types=types),
                satisfaction.trends(indicators, dimension=dim, respondent_types=types),
            ]
            notes.append(
                _html.suppression_note(
                    n_suppressed(indicators[indicators["dimension"] == dim]),
                    self.reports.k,
                    what=_("Hidden results"),
                )
            )
        else:
            shown.append(self.figure("fig_barometer_trends"))
        if gaps is not None and dim and (gaps["dimension"] == dim).any():
            shown.insert(1, satisfaction.gaps(gaps, dimension=dim))
        else:
            shown.insert(1, self.figure("fig_barometer_gap"))
        self.dimension.layout.display = None if indicators is not None else "none"
        if not any(f is not None for f in shown):
            return panel.unavailable(_("no satisfaction survey for this territory"))
        panel.show(figures=shown, notes=notes)


def _workshops_panel() -> Panel:
    return Panel(
        _("Workshops and online consultations"),
        _(
            "What participants prioritised with their votes, by voters' profile, and the "
            "online proposals with their supports and comments for and against."
        ),
    )


def _decisions_html(reports: Reports, slug: str | None, role: str | None = None) -> str:
    section = reports.document(slug, "voices_to_decisions") if slug else None
    if role is not None and section is not None and section.get("proposals"):
        section = decisions_for_role(section, role)
        if not section or not section.get("proposals"):
            return _html.unavailable(
                _("no published finding supported by this profile ({role})").format(
                    role=role_label(role)
                )
            )
    return _html.decisions(section, k=reports.k)


def territory_dashboard(*, reports_dir: str | None = None) -> widgets.Widget | None:
    """The territory dashboard (what ``dashboards/territoire.ipynb`` shows).

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

    def build() -> TerritoryDashboard:
        reports = open_reports(reports_dir)
        if not reports.territories:
            raise ReportsUnavailable(_("no territory is published yet"))
        return TerritoryDashboard(reports)

    return present(build, title=_("Territory dashboard"))
