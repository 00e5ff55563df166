"""Topic figures, inspected through ``fig.to_dict()``."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

from transfo_analysis.viz import ROLE_COLOURS
from transfo_analysis.viz import topics as vt

pytestmark = pytest.mark.slow  # they need the shared BERTopic fit


def _values(v) -> list:
    """Plotly 6+ writes numeric arrays as ``{"dtype", "bdata"}`` in ``to_dict()``."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def _title(fig: go.Figure) -> str:
    return fig.to_dict()["layout"]["title"]["text"]


def test_topic_bars_show_top_terms_per_topic(fitted):
    fig = vt.topic_bars(fitted, n_terms=5, max_topics=4)
    d = fig.to_dict()
    assert _title(fig) == "Mots les plus caractéristiques des thèmes"
    assert len(d["data"]) == 4 and all(
        t["type"] == "bar" and t["orientation"] == "h" for t in d["data"]
    )
    largest = (
        fitted.topics[fitted.topics["topic"] >= 0].sort_values("size", ascending=False).iloc[0]
    )
    assert _values(d["data"][0]["y"]) == list(largest["terms"][:5])[::-1]
    assert d["layout"]["template"]["layout"]["separators"] == ", "


def test_topics_by_role_uses_role_colours_and_french_names(fitted):
    d = vt.topics_by_role(fitted).to_dict()
    names = {t["name"]: t["marker"]["color"] for t in d["data"]}
    assert names == {"Usagers": ROLE_COLOURS["usager"], "Agents": ROLE_COLOURS["agent"]}
    assert d["layout"]["xaxis"]["title"]["text"] == "Part des segments du groupe"
    assert all(0 <= x <= 1 for t in d["data"] for x in _values(t["x"]))


def test_topics_by_territory_heatmap(fitted):
    d = vt.topics_by_territory(
        fitted, territory_labels={"sarne": "Sarne", "valcourt": "Valcourt"}
    ).to_dict()
    heat = d["data"][0]
    assert heat["type"] == "heatmap" and list(heat["x"]) == ["Sarne", "Valcourt"]
    assert len(heat["y"]) == fitted.n_topics


def test_topic_map_has_one_bubble_per_topic(fitted):
    d = vt.topic_map(fitted, show_units=True).to_dict()
    bubbles = d["data"][-1]
    assert bubbles["name"] == "Thèmes" and len(_values(bubbles["x"])) == fitted.n_topics
    assert d["data"][0]["type"] == "scattergl"
    assert "Carte des thèmes" in d["layout"]["title"]["text"]


def test_topics_over_time_lines(fitted):
    d = vt.topics_over_time(fitted, freq="QS", max_topics=3).to_dict()
    assert len(d["data"]) == 3 and all(t["mode"] == "lines+markers" for t in d["data"])
    assert (
        d["layout"]["yaxis"]["tickformat"] == ".0%"
        and d["layout"]["xaxis"]["title"]["text"] == "Période"
    )


def test_topic_hierarchy_dendrogram(fitted):
    d = vt.topic_hierarchy(fitted).to_dict()
    lines = [t for t in d["data"] if t["mode"] == "lines"]
    assert len(lines) == fitted.n_topics - 1
    ticks = d["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == fitted.n_topics and all(" · " in t for t in ticks)
    assert _title(vt.topic_hierarchy(fitted)) == "Hiérarchie des thèmes"
