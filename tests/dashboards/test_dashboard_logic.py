"""The dashboards without a browser: what they read, how filters act, missing artifacts, notices."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest
from dash_published import MARKUP_QUOTE

from transfo_analysis.dashboards import (
    ENV_VAR,
    ReportsUnavailable,
    SynthesisDashboard,
    TerritoryDashboard,
    open_reports,
    synthesis_dashboard,
    territory_dashboard,
)
from transfo_analysis.dashboards._html import fr_number

PLOTLY = "application/vnd.plotly.v1+json"

#: what a panel with nothing to show says (French by default)
UNAVAILABLE = "Donnée non disponible"


def figure_of(panel, i: int = 0) -> dict:
    return panel.figures[i].outputs[0]["data"][PLOTLY]


def title_of(panel, i: int = 0) -> str:
    return figure_of(panel, i)["layout"].get("title", {}).get("text", "")


@pytest.fixture
def dash(reports_dir: Path) -> TerritoryDashboard:
    return TerritoryDashboard(open_reports(reports_dir))


def test_reports_are_found_through_the_environment(reports_dir, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(reports_dir))
    reports = open_reports()
    assert reports.territories == [
        ("Métropole de Valcourt", "valcourt"),
        ("Pays de la Sarne", "sarne"),
    ]
    assert reports.k == 5


def test_no_reports_folder_gives_a_french_message(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(ReportsUnavailable, match="transfo serve"):
        open_reports()
    with pytest.raises(ReportsUnavailable, match="transfo run"):
        open_reports(tmp_path)
    page = territory_dashboard(reports_dir=str(tmp_path))
    assert (
        isinstance(page, widgets.HTML) and UNAVAILABLE in page.value and "transfo run" in page.value
    )


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("valcourt", "../../secure/pseudonymisation-key"),
        ("..", "index"),
        ("../processed", "segments"),
        ("inconnu", "key_figures"),
        ("valcourt", "Key_Figures"),
        ("valcourt", "key_figures.parquet"),
    ],
)
def test_only_published_artifacts_can_be_read(reports_dir, slug, name):
    reports = open_reports(reports_dir)
    assert reports.table(slug, name) is None
    assert reports.figure(slug, name) is None


def test_tables_carry_their_sidecar_without_provenance(reports_dir):
    voices = open_reports(reports_dir).table("valcourt", "voices_by_role")
    assert voices.attrs["k"] == 5 and voices.attrs["n_suppressed"] == 1
    assert "provenance" not in voices.attrs


def test_every_section_of_a_complete_territory_renders(dash):
    assert {n: p.error for n, p in dash.panels.items()} == dict.fromkeys(dash.panels)
    assert "Tableau de bord — Métropole de Valcourt" in dash.title.value
    assert {n: p.n_figures for n, p in dash.panels.items()} == {
        "key_figures": 0,
        "voices": 1,
        "topics": 1,
        "words": 1,
        "codes": 1,
        "quotes": 0,
        "barometer": 3,
        "workshops": 1,
        "workshop_themes": 2,
        "decisions": 0,
    }
    assert "Documents analysés" in dash.panels["key_figures"].text
    assert UNAVAILABLE not in "".join(p.text for p in dash.panels.values())


def test_unfiltered_views_show_the_published_figures(dash, reports_dir):
    published = json.loads(
        (reports_dir / "valcourt/artifacts/fig_voices_by_role.plotly.json").read_text()
    )
    shown = figure_of(dash.panels["voices"])
    assert shown["data"] == published["data"]
    assert shown["config"]["displaylogo"] is False


def test_role_filter_redraws_from_the_tables(dash):
    dash.role.value = "agent"
    assert title_of(dash.panels["topics"]) == "Thèmes abordés — Agents"
    assert [t["name"] for t in figure_of(dash.panels["topics"])["data"]] == ["Agents"]
    assert title_of(dash.panels["words"]) == "Mots spécifiques — Agents"
    assert title_of(dash.panels["codes"]) == "Codes les plus fréquents — Agents"
    voices = figure_of(dash.panels["voices"])["data"][0]["marker"]["color"]
    assert voices[0] == "#E69F00" and set(voices[1:]) == {
        "#cbd2d9"
    }  # agents in colour, others grey
    assert "Mots par prise de parole" in dash.panels["key_figures"].text  # the role's own cards
    assert "Le logiciel plante" in dash.panels["quotes"].text
    assert "trois semaines" not in dash.panels["quotes"].text  # users' quotes filtered out
    # the survey asked no agent: every answer is shown, and the page says so
    assert "pas interrogé ce profil (Agents)" in dash.panels["barometer"].text


def test_a_role_with_nothing_published_is_unavailable_not_an_error(dash):
    dash.role.value = "encadrant"
    assert dash.panels["codes"].error is None
    assert UNAVAILABLE in dash.panels["codes"].text and "Encadrants" in dash.panels["codes"].text


def test_withheld_groups_are_named_never_shown(dash):
    dash.role.value = "elu"
    cards = dash.panels["key_figures"].text
    assert "moins de 5 personnes" in cards and "Personnes entendues</div>" in cards
    quotes = dash.panels["quotes"].text
    assert "Citation masquée" in quotes and "Citations masquées : 1" in quotes
    assert "&lt; k" not in quotes.split("Citation masquée")[0]


def test_a_choice_with_every_value_withheld_says_so(dash):
    dash.role.value = "elu"
    assert dash.panels["codes"].n_figures == 0
    assert (
        "Résultats masqués : pour ce choix, chaque valeur repose sur moins de 5 personnes"
        in dash.panels["codes"].text
    )


def test_quotes_are_escaped(dash):
    html = dash.panels["quotes"].text
    assert "<script>" not in html and "<b>trois" not in html
    assert "&lt;script&gt;" in html
    assert MARKUP_QUOTE.split("</script>")[1].split("<b>")[0].strip() in html


def test_barometer_criterion_selector(dash):
    assert [v for _, v in dash.dimension.options] == ["accueil", "delais"]
    dash.dimension.value = "delais"
    assert title_of(dash.panels["barometer"]).startswith("Délais — satisfaction en 2024")
    assert title_of(dash.panels["barometer"], 1) == "Délais — écart de perception"
    sat = figure_of(dash.panels["barometer"])["data"]
    assert [t["name"] for t in sat] == ["Usagers", "Gestionnaires"]
    dash.role.value = "usager"
    assert [t["name"] for t in figure_of(dash.panels["barometer"])["data"]] == ["Usagers"]


def test_a_territory_without_codebook_nor_barometer(dash):
    dash.territory.value = "sarne"
    texts = {n: p.text for n, p in dash.panels.items()}
    for name in ("topics", "words", "codes", "quotes", "barometer"):
        assert UNAVAILABLE in texts[name], name
        assert dash.panels[name].error is None
        assert dash.panels[name].n_figures == 0
    assert UNAVAILABLE not in texts["key_figures"] and dash.panels["voices"].n_figures == 1
    assert dash.dimension.layout.display == "none"
    assert "Pays de la Sarne" in dash.title.value


def test_damaged_artifacts_show_unavailable(reports_dir, tmp_path):
    copy = shutil.copytree(reports_dir, tmp_path / "reports")
    (copy / "valcourt/artifacts/top_codes.parquet").write_bytes(b"not parquet")
    (copy / "valcourt/artifacts/fig_voices_by_role.plotly.json").write_text("{broken")
    (copy / "valcourt/artifacts/quotes.parquet").unlink()
    dash = TerritoryDashboard(open_reports(copy))
    assert UNAVAILABLE in dash.panels["codes"].text
    assert UNAVAILABLE in dash.panels["quotes"].text
    assert dash.panels["voices"].n_figures == 1  # redrawn from its table instead


def test_an_unexpected_table_shape_never_raises(reports_dir, tmp_path):
    import pandas as pd

    copy = shutil.copytree(reports_dir, tmp_path / "reports")
    pd.DataFrame({"autre": [1]}).to_parquet(copy / "valcourt/artifacts/specific_words.parquet")
    (copy / "valcourt/artifacts/fig_specific_words.plotly.json").unlink(missing_ok=True)
    dash = TerritoryDashboard(open_reports(copy))
    assert (
        UNAVAILABLE in dash.panels["words"].text and dash.panels["words"].error
    )  # logged, not shown
    assert "Error" not in dash.panels["words"].text


def test_synthesis_sections(reports_dir):
    syn = SynthesisDashboard(open_reports(reports_dir))
    assert {n: p.error for n, p in syn.panels.items()} == dict.fromkeys(syn.panels)
    overview = syn.panels["overview"].text
    assert (
        "Métropole de Valcourt" in overview
        and "34\u202f851" in overview
        and "septembre 2024" in overview
    )
    syn.indicator.value = "n_respondents"
    assert title_of(syn.panels["volume"]) == "Personnes entendues par territoire"
    assert [v for _, v in syn.service.options] == ["État civil", "Transports"]
    syn.service.value = "État civil"
    assert title_of(syn.panels["barometer"]) == "État civil — satisfaction par territoire"
    codes = figure_of(syn.panels["codes"])["data"][0]["text"]
    assert ["–", "masqué"] in [list(row) for row in codes]  # nothing published vs withheld
    assert "Cases masquées : 1" in syn.panels["codes"].text


def test_synthesis_not_published(reports_dir, tmp_path):
    copy = shutil.copytree(reports_dir, tmp_path / "reports")
    index = json.loads((copy / "index.json").read_text())
    (copy / "index.json").write_text(json.dumps(index | {"synthesis": False}))
    page = synthesis_dashboard(reports_dir=str(copy))
    assert isinstance(page, widgets.HTML) and "pas encore été publiée" in page.value


def test_french_numbers():
    assert fr_number(34851) == "34\u202f851"
    assert fr_number(0.625, decimals=1, percent=True) == "62,5\u202f%"
    assert fr_number(None) == "–" and fr_number(float("nan")) == "–"


# -- on transfo serve's page: the first view as HTML, the widgets after it ------------------------


@pytest.fixture
def page_outputs(monkeypatch):
    """What a dashboard displays on ``transfo serve``'s page:
    ``(data, metadata)`` of each output."""
    import IPython.display

    from transfo_analysis.dashboards._panels import TEMPLATE_ENV

    monkeypatch.setenv(TEMPLATE_ENV, "1")
    shown: list[tuple[dict, dict]] = []

    def display(obj, raw=False, metadata=None, **_):
        data = (
            obj
            if raw
            else {
                "application/vnd.jupyter.widget-view+json": {"model_id": obj.model_id},
                "widget": obj,
            }
        )
        shown.append((data, metadata or {}))

    monkeypatch.setattr(IPython.display, "display", display)
    return shown


def first_view(shown: list[tuple[dict, dict]]) -> str:
    return "".join(d["text/html"] for d, m in shown if (m.get("transfo") or {}).get("static"))


def test_page_shows_the_first_view_as_html_before_any_widget(reports_dir, page_outputs):
    assert territory_dashboard(reports_dir=str(reports_dir)) is None  # displayed, not returned
    html = first_view(page_outputs)
    assert "Tableau de bord — Métropole de Valcourt" in html and "Documents analysés" in html
    # 8 figures, and the workshop themes and their interview evidence
    assert html.count('class="tr-plot"') == 10 and html.count("window.transfo.plot(") == 10
    assert "Citations masquées : 1" in html and "Le territoire en chiffres" in html
    assert (
        MARKUP_QUOTE not in html and "&lt;b&gt;trois semaines&lt;/b&gt;" in html
    )  # people's words stay text
    widgets_shown = [d["widget"] for d, _ in page_outputs if "widget" in d]
    # the selectors (with a placeholder until the page draws them), then one box per section, empty
    placeholders = [
        m["transfo"]["placeholder"] for d, m in page_outputs if "widget" in d and m.get("transfo")
    ]
    assert "Métropole de Valcourt" in placeholders[0] and "Tous les profils" in placeholders[0]
    assert len(widgets_shown) == 12  # title, selectors, 10 sections

    def outputs(w) -> list:
        if isinstance(w, widgets.Output):
            return list(w.outputs)
        return [o for c in getattr(w, "children", ()) for o in outputs(c)]

    assert not [o for w in widgets_shown for o in outputs(w)]  # no chart drawn twice


def test_page_widgets_take_over_once_a_selector_changes(reports_dir, page_outputs):
    dash = TerritoryDashboard(open_reports(reports_dir))
    dash.display()
    topics = dash.panels["topics"]
    assert topics.content.layout.display == "none" and not topics.figures[0].outputs
    dash.role.value = "agent"
    assert topics.content.layout.display is None  # shown now
    assert (
        f"<style>#{topics.static_id}{{display:none}}</style>" in topics.html.value
    )  # hides its first view
    bundle = topics.figures[0].outputs[0]["data"]
    assert (
        PLOTLY not in bundle and "window.transfo.plot(" in bundle["text/html"]
    )  # drawn by the page's plotly.js
    assert "Thèmes abordés — Agents" in bundle["text/html"]
    assert f'id="{topics.static_id}"' in first_view(page_outputs)
    assert "Métropole de Valcourt" in dash.title.value and "display:none" in dash.title.value


def test_synthesis_page_first_view(reports_dir, page_outputs):
    assert synthesis_dashboard(reports_dir=str(reports_dir)) is None
    html = first_view(page_outputs)
    assert "Synthèse inter-territoires" in html and "Métropole de Valcourt" in html
    assert html.count('class="tr-plot"') >= 5
    placeholders = [
        m["transfo"]["placeholder"] for d, m in page_outputs if "widget" in d and m.get("transfo")
    ]
    assert any("Mots" in p for p in placeholders) and any(
        "État civil" in p or "Transports" in p for p in placeholders
    )


def test_page_without_reports_says_so_without_widgets(page_outputs, tmp_path):
    assert territory_dashboard(reports_dir=str(tmp_path / "absent")) is None
    assert "Aucun rapport publié" in first_view(page_outputs) and len(page_outputs) == 1


def test_figure_html_cannot_close_its_script():
    from transfo_analysis.dashboards._figures import figure_html

    html = figure_html(
        {
            "data": [{"type": "bar", "y": ["</script><script>alert(1)</script>", "a & b <!--"]}],
            "layout": {"height": 300},
        }
    )
    script = html.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert (
        "<" not in script.replace("window.transfo.plot(", "")
        and "</script>" not in script
        and "&" not in script
    )
    assert (
        json.loads(script[len("window.transfo.plot(") : -1])["data"][0]["y"][0]
        == "</script><script>alert(1)</script>"
    )
    assert 'style="height:300px"' in html


def test_values_masked_to_protect_others_are_not_called_small():
    from transfo_analysis.dashboards._html import suppression_note

    small = suppression_note(1, 5, what="Profils masqués")
    assert "ces groupes comptent moins de 5 personnes ;" in small
    both = suppression_note(2, 5, what="Profils masqués", secondary=1)
    assert "ou permettraient de retrouver par différence" in both
    assert suppression_note(0, 5) == ""
