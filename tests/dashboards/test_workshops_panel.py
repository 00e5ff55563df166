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


def _themes(dash) -> tuple[str, list, str]:
    return dash.panels["workshop_themes"].shown


def test_themes_section_shows_the_report_figures_and_the_prioritisation_table(dash):
    dash.territory.value = "valcourt"
    dash.role.value = "tous"
    html, figures, notes = _themes(dash)
    heading = dash.panels["workshop_themes"].heading
    assert "Ateliers : thèmes des cartes et ce qu&#x27;en disent les entretiens" in heading
    assert len(figures) == 2  # the report's themes-by-profile and evidence figures
    assert figures[0]["layout"]["title"]["text"].startswith("Thèmes des cartes")
    assert "Tours de parole des entretiens qui emploient ses mots (tous profils)" in html
    row = html.split("<tr>")[2]  # the theme voted first
    assert "guichet · soir" in row and "62,5 %" in row and "41,0 %" in row
    assert "Horaires d&#x27;ouverture <span class='n'>(14 personnes)</span>" in row
    assert "guichet fermé <span class='n'>(8,0 % des tours de parole)</span>" in row
    assert "horaires : Priorités d&#x27;amélioration" in row
    # a theme whose interview share rests on fewer than k people says so; markup is escaped
    other = html.split("<tr>")[3]
    assert "masqué : moins de 5 personnes" in other
    assert "<b>" not in html and "&lt;b&gt;bancs&lt;/b&gt;" in html


def test_themes_section_by_profile_redraws_and_never_shows_a_small_profile(dash):
    dash.territory.value = "valcourt"
    dash.role.value = "usager"
    html, figures, notes = _themes(dash)
    assert "(Usagers)" in html and "38,0 %" in html
    assert "Horaires d&#x27;ouverture <span class='n'>(9 personnes)</span>" in html
    bars, heat = figures
    assert [t["name"] for t in bars["data"]] == ["Usagers (40 cartes)"]
    assert heat["data"][0]["x"] == ["Tous", "Usagers"]
    dash.role.value = "agent"
    html, figures, notes = _themes(dash)
    # the agents' count of the code rests on fewer than k people: the notice, never a number
    assert "Horaires d&#x27;ouverture <span class='n'>(moins de 5 personnes)</span>" in html
    heat = figures[-1]
    assert "< k" in sum(heat["data"][0]["text"], [])
    dash.role.value = "encadrant"
    html, figures, notes = _themes(dash)
    assert "Thèmes des cartes de ce profil masqués : moins de 5 personnes les ont écrites." in (
        notes
    )
    assert all("Encadrants (" not in str(t.get("name")) for f in figures for t in f["data"])
    dash.role.value = "elu"
    html, figures, notes = _themes(dash)
    assert "Aucune carte d'atelier écrite par ce profil (Élus)." in notes
    assert len(figures) == 0  # no elected official in the interviews' evidence either
    dash.role.value = "tous"


def test_themes_section_without_themes_says_so(dash):
    dash.territory.value = "sarne"
    panel = dash.panels["workshop_themes"]
    assert "Donnée non disponible" in panel.html.value
    assert "au moins 20 cartes" in panel.html.value
    dash.territory.value = "valcourt"


def test_themes_of_an_online_consultation_alone_are_compared_with_the_votes_only():
    # a Decidim export alone: no interview turn to compare the themes with (n_turns 0); the
    # dashboard said « masqué : moins de 5 personnes » in every row, as if people had been hidden
    from dash_published import workshop_prioritisation

    from transfo_analysis.dashboards._workshop_themes import workshop_themes_view

    empty = {c: None for c in ("interview_pct", "n_people", "interview_pct_usager")}
    priorities = workshop_prioritisation().assign(**empty, codes="", topics="", n_turns=0)
    tables = {"workshop_prioritisation": priorities}
    html, figures, notes = workshop_themes_view(tables.get, lambda name: None, k=5)
    assert "guichet · soir" in html and "62,5 %" in html
    assert "masqué" not in html and "moins de 5" not in html
    assert notes == [
        "<div class='tr-dash'><p class='tr-note'>Aucun entretien sur ce territoire : les thèmes "
        "ne sont comparés qu'aux votes.</p></div>"
    ]
    # with interviews (the published demo table has no n_turns: an older report), no such note
    tables["workshop_prioritisation"] = workshop_prioritisation().assign(n_turns=8)
    html, figures, notes = workshop_themes_view(tables.get, lambda name: None, k=5)
    assert "41,0 %" in html and "masqué : moins de 5 personnes" in html and notes == []


def test_themes_by_profile_all_withheld_are_said_not_left_blank():
    # a Decidim export that names no author: the proposals count as one participant's, under
    # k; the report drew no figure, and the dashboard showed nothing where the themes belong
    import pandas as pd

    from transfo_analysis.dashboards._workshop_themes import workshop_themes_view

    themes = pd.DataFrame(
        {
            "theme_label": ["guichet", "quais"],
            "role": ["usager", "usager"],
            "role_label": ["Usagers", "Usagers"],
            "n_cards": [None, None],
            "share_pct": [None, None],
            "suppressed": [True, True],
        }
    )
    tables = {"workshop_themes": themes}
    html, figures, notes = workshop_themes_view(tables.get, lambda name: None, k=5)
    assert figures == []
    assert notes == [
        "<div class='tr-dash'><p class='tr-note'>Thèmes des cartes par profil masqués : les "
        "cartes de chaque profil ont été écrites par moins de 5 personnes.</p></div>"
    ]
    # a profile drawn: no such note
    tables["workshop_themes"] = themes.assign(suppressed=[False, False], n_cards=[3, 2])
    assert workshop_themes_view(tables.get, lambda name: None, k=5)[2] == []


def test_only_the_most_supported_proposals_are_listed():
    # the MEL's export has 196 proposals, most without k commenters: the panel listed them all,
    # 196 rows of « positions masquées »
    import pandas as pd

    from transfo_analysis.dashboards._workshops import TOP_PROPOSALS, workshops_html
    from transfo_analysis.reporting import TOP_PROPOSALS as REPORT_TOP

    assert TOP_PROPOSALS == REPORT_TOP  # the dashboard lists what the report shows
    n = TOP_PROPOSALS + 7
    stances = pd.DataFrame(
        {
            "proposal": [f"Proposition numéro {i}" for i in range(n)],
            "supports": [i % 9 for i in range(n)],
            "n_comments": [None] * n,
            "pour": [None] * n,
            "contre": [None] * n,
            "neutre": [None] * n,
            "share_for_pct": [None] * n,
            "suppressed": [True] * n,
        }
    )
    html = workshops_html(None, stances, k=5)
    listed = [i for i in range(n) if f"Proposition numéro {i}<" in html]
    assert len(listed) == TOP_PROPOSALS
    # the most supported: every one listed has at least the supports of every one left out
    left = [stances["supports"][i] for i in range(n) if i not in listed]
    assert min(stances["supports"][i] for i in listed) >= max(left)
    assert "7 autres propositions, moins soutenues, ne sont pas listées ici." in html
    few = workshops_html(None, stances.head(3), k=5)
    assert "autres propositions" not in few and "autre proposition" not in few
