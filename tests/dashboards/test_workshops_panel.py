"""The workshops panel of the territory dashboard:
what it shows, by profile, and what it never does.

The published tables are ``dash_published.workshop_priorities`` and ``consultation_stances``.
"""

from __future__ import annotations

import pytest

from transfo_analysis.dashboards import TerritoryDashboard, open_reports


@pytest.fixture(scope="module")
def dash(reports_dir) -> TerritoryDashboard:
    return TerritoryDashboard(open_reports(reports_dir))


def _html(dash) -> str:
    return dash.panels["workshops"].shown[0]


def test_all_voters_view_quotes_cards_and_withholds_small_authorships(dash):
    dash.territory.value = "valcourt"
    dash.role.value = "tous"
    html = _html(dash)
    heading = dash.panels["workshops"].heading
    assert "Ateliers et consultations en ligne" in heading and "profil des votants" in heading
    assert (
        "« Un guichet ouvert le soir »" in html
        and "12,5 % des votes (6,0–19,0 %), 18 votants" in html
    )
    assert "écrite par : Usagers" in html  # k authors wrote it: the profile may be said
    # the second idea has fewer than k authors: its profile is never shown
    second = html.split("2.</strong>")[1].split("</blockquote>")[0]
    assert "Usagers" not in second and "moins de 5 personnes" in second
    assert "<script>" not in html and "&lt;script&gt;" in html  # escaped, never run
    # the online proposals: stances only where k people commented
    assert "Rouvrir le guichet" in html and ">39<" in html and ">7<" in html
    assert "Propositions en ligne" in html
    assert "positions masquées : moins de 5 personnes ont commenté" in html


def test_a_profile_shows_its_votes_and_a_small_profile_only_the_notice(dash):
    dash.territory.value = "valcourt"
    dash.role.value = "usager"
    html = _html(dash)
    assert "Des bancs sur les quais" in html and "Un guichet ouvert le soir" not in html
    dash.role.value = "encadrant"
    html = _html(dash)
    assert "Votes de ce profil masqués : moins de 5 personnes ont voté." in html
    assert "Des bancs" not in html.split("Propositions en ligne")[0]
    dash.role.value = "elu"
    assert "Aucun vote de ce profil (Élus)" in _html(dash)
    dash.role.value = "tous"


def test_a_territory_without_workshops_says_so(dash):
    dash.territory.value = "sarne"
    panel = dash.panels["workshops"]
    assert "Donnée non disponible" in panel.html.value
    assert "pas d&#x27;atelier avec votes ni de consultation en ligne" in panel.html.value
    dash.territory.value = "valcourt"
