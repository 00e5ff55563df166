"""The « Des voix aux décisions » panel of both dashboards
(artifact: ``dash_published.DECISIONS``)."""

from __future__ import annotations

import shutil

from transfo_analysis.dashboards import SynthesisDashboard, TerritoryDashboard, open_reports

#: what a panel with nothing to show says (French by default)
UNAVAILABLE = "Donnée non disponible"


def test_territory_panel_shows_proposals_decisions_findings_escaped(reports_dir, tmp_path):
    dash = TerritoryDashboard(open_reports(reports_dir))
    dash.territory.value = "valcourt"
    html = dash.panels["decisions"].shown[0]
    assert "écartée" in html and "18 juin 2025" in html and "comité de pilotage" in html
    assert "Les voyageurs se perdent" in html and "On ne sait jamais où aller" in html
    assert "agents moins de 5" in html  # a role count under k is not shown
    assert "Ce qui va dans l'autre sens (moins de 5 personnes)" in html
    assert "1 constat non publié : il repose sur moins de 5 personnes" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    dash.territory.value = "sarne"  # nothing published for sarne: said so
    empty = dash.panels["decisions"].shown[0]
    assert UNAVAILABLE in empty
    # the team's proposals, not the participants' (an online consultation has its own)
    assert "équipe n&#x27;a encore tiré aucune proposition de ce qui a été entendu ici" in empty


def test_synthesis_panel_reads_the_synthesis_artifact(reports_dir, tmp_path):
    dash = SynthesisDashboard(open_reports(reports_dir))
    assert "Les voyageurs se perdent" in dash.panels["decisions"].shown[0]
    copy = tmp_path / "reports"
    shutil.copytree(reports_dir, copy)
    (copy / "synthese" / "artifacts" / "voices_to_decisions.json").unlink()
    bare = SynthesisDashboard(open_reports(copy))
    assert UNAVAILABLE in bare.panels["decisions"].shown[0]


def test_territory_panel_by_profile_keeps_the_findings_it_supports_and_its_quotes(reports_dir):
    dash = TerritoryDashboard(open_reports(reports_dir))
    dash.territory.value = "valcourt"
    dash.role.value = "usager"
    html = dash.panels["decisions"].shown[0]
    assert "Constats que soutiennent des usagers ; les citations à l'appui sont celles" in html
    assert "Les voyageurs se perdent" in html and "On ne sait jamais où aller" in html
    # the agents stand behind the finding with fewer than k people: kept, as « moins de 5 »,
    # never a number; the users' quote is not theirs
    dash.role.value = "agent"
    html = dash.panels["decisions"].shown[0]
    assert "Les voyageurs se perdent" in html and "agents moins de 5" in html
    assert "On ne sait jamais où aller" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    # no manager stands behind any published finding: said so
    dash.role.value = "encadrant"
    html = dash.panels["decisions"].shown[0]
    assert UNAVAILABLE in html and "soutenu par ce profil (Encadrants)" in html
    assert "Les voyageurs se perdent" not in html
    dash.role.value = "tous"
    html = dash.panels["decisions"].shown[0]
    assert "On ne sait jamais où aller" in html and "Constats que soutiennent" not in html
