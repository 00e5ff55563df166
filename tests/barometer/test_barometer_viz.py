"""Barometer figures, inspected through ``fig.to_dict()``."""

from __future__ import annotations

import pytest

from transfo_analysis.barometer import (
    distribution,
    importance_performance,
    indicators,
    perception_gap,
)
from transfo_analysis.viz import DIVERGING, TEMPLATE_NAME
from transfo_analysis.viz.barometer import (
    TYPE_COLOURS,
    gap_chart,
    importance_performance_chart,
    level_colours,
    likert_bars,
    trend_lines,
)


def _where(table, **values):
    mask = True
    for col, value in values.items():
        mask = mask & (table[col] == value)
    return table[mask]


def test_likert_bars_diverge_around_zero(demo):
    dist = _where(
        distribution(demo),
        territory="sarne",
        wave="2024",
        service="dechets",
        respondent_type="usager",
    )
    fig = likert_bars(dist, title="Collecte des déchets").to_dict()
    bars = fig["data"]
    assert fig["layout"]["barmode"] == "relative"
    assert fig["layout"]["template"]["layout"]["separators"] == ", " or fig["layout"]["template"]
    assert list(bars[0]["y"]) == ["Accueil", "Délais", "Information", "Qualité du service"]
    by_name: dict[str, list] = {}
    for trace in bars:
        by_name.setdefault(trace["name"], []).append(trace)
    assert set(by_name) == {
        "Pas du tout satisfait",
        "Peu satisfait",
        "Moyennement satisfait",
        "Satisfait",
        "Très satisfait",
    }
    assert all(x <= 0 for x in by_name["Pas du tout satisfait"][0]["x"])
    assert all(x >= 0 for x in by_name["Très satisfait"][0]["x"])
    assert len(by_name["Moyennement satisfait"]) == 2  # the neutral answer is split across zero
    assert sum(t["showlegend"] for t in by_name["Moyennement satisfait"]) == 1
    total = sum(abs(t["x"][0]) for t in bars)
    assert total == pytest.approx(100.0)
    assert by_name["Pas du tout satisfait"][0]["marker"]["color"] == level_colours(5)[0]
    assert fig["layout"]["xaxis"]["title"]["text"].startswith("Part des réponses")


def test_likert_bars_mark_suppressed_groups(demo):
    dist = distribution(demo)
    masked = dist[dist["suppressed"]].iloc[0]
    sel = _where(
        dist,
        territory=masked["territory"],
        wave=masked["wave"],
        service=masked["service"],
        dimension=masked["dimension"],
    )
    fig = likert_bars(sel, rows="respondent_type").to_dict()
    assert any("masqué" in a["text"] for a in fig["layout"]["annotations"])
    with pytest.raises(ValueError, match="plusieurs groupes par barre"):
        likert_bars(_where(dist, territory="sarne", wave="2024", service="dechets"))


def test_level_colours_go_from_red_to_blue():
    five = level_colours(5)
    assert len(five) == 5 and five[2] == "#D9D9D9"
    assert five[0] == "rgb(178, 24, 43)" and DIVERGING[0] == "#B2182B"
    assert len(level_colours(4)) == 4 and len(level_colours(11)) == 11


def test_gap_chart_puts_the_largest_over_estimation_on_top(demo):
    gaps = _where(perception_gap(demo), territory="sarne")
    fig = gap_chart(gaps, top=5).to_dict()
    line, users, staff = fig["data"]
    assert users["name"] == "Usagers" and staff["name"] == "Gestionnaires"
    assert users["marker"]["color"] == TYPE_COLOURS["usager"]
    assert " · dechets · " in list(users["y"])[0]  # the planted over-estimation comes first
    assert all(s > u for s, u in zip(staff["x"], users["x"], strict=True))
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"
    assert fig["layout"]["template"]["layout"]["font"]["family"].startswith("Source Sans")
    assert "annotations" not in fig["layout"]  # nothing masked in the Sarne
    masked = gap_chart(_where(perception_gap(demo), territory="valliere"), top=5).to_dict()
    assert any("masquée" in a["text"] for a in masked["layout"]["annotations"])


def test_trend_lines_have_confidence_bands(demo):
    ind = _where(
        indicators(demo),
        territory="bourg-senac",
        service="titres-identite",
        respondent_type="usager",
    )
    fig = trend_lines(ind, title="Titres d'identité").to_dict()
    lines = [t for t in fig["data"] if t.get("mode") == "lines+markers"]
    bands = [t for t in fig["data"] if t.get("fill") == "toself"]
    assert [t["name"] for t in lines] == ["Accueil", "Délais", "Information", "Qualité du service"]
    assert len(bands) == 4
    delays = lines[1]
    assert list(delays["x"]) == ["2022", "2023", "2024"]
    assert delays["y"][0] < delays["y"][1] < delays["y"][2]
    assert fig["layout"]["title"]["text"] == "Titres d'identité"
    rate = trend_lines(_where(ind, dimension="delais"), measure="satisfied_rate").to_dict()
    assert max(rate["data"][-1]["y"]) > 1  # percentages
    with pytest.raises(ValueError):
        trend_lines(_where(indicators(demo), territory="sarne"))


def test_trend_lines_by_respondent_type_use_role_colours(demo):
    ind = _where(
        indicators(demo), territory="sarne", service="dechets", dimension="qualite_service"
    )
    fig = trend_lines(ind, colour="respondent_type").to_dict()
    lines = {t["name"]: t for t in fig["data"] if t.get("mode") == "lines+markers"}
    assert lines["Gestionnaires"]["line"]["color"] == TYPE_COLOURS["gestionnaire"]
    assert min(lines["Gestionnaires"]["y"]) > max(lines["Usagers"]["y"])


def test_importance_performance_chart(demo):
    ipa = _where(importance_performance(demo), territory="valcourt", wave="2024")
    fig = importance_performance_chart(ipa).to_dict()
    priorities = next(t for t in fig["data"] if t["name"] == "Priorités d'amélioration")
    assert "transports · Délais" in priorities["text"]
    shapes = fig["layout"]["shapes"]
    assert len(shapes) == 2  # the two lines crossing at the centre
    assert {a["text"] for a in fig["layout"]["annotations"]} >= {
        "<b>Priorités d'amélioration</b>",
        "<b>Points forts à maintenir</b>",
    }
    assert fig["layout"]["xaxis"]["title"]["text"].startswith("Satisfaction")
    assert fig["layout"]["template"] is not None and TEMPLATE_NAME
    with pytest.raises(ValueError, match="plusieurs matrices"):
        importance_performance_chart(importance_performance(demo))
