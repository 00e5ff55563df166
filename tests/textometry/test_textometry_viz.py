"""Textometry figures, inspected through ``fig.to_dict()``."""

from __future__ import annotations

import pytest

from transfo_analysis.textometry import frequencies, reinert, role_specificities
from transfo_analysis.viz import TEMPLATE_NAME
from transfo_analysis.viz import textometry as viz


@pytest.fixture(scope="module")
def tables(planted):
    segments, tokens, _ = planted
    return (
        reinert(segments, tokens, n_classes=4, seed=7),
        role_specificities(segments, tokens),
        frequencies(segments, tokens, by="role"),
    )


def _texts(fig) -> list[str]:
    return [t for d in fig.to_dict()["data"] for t in (d.get("text") or []) if isinstance(t, str)]


def test_specificity_bars_diverge(tables):
    _, spec, _ = tables
    fig = viz.users_agents_bars(spec, n=5)
    d = fig.to_dict()  # numbers are typed arrays there (plotly 7): read them from fig.data
    over, under = d["data"]
    assert (fig.data[0].x > 0).all() and (fig.data[1].x < 0).all()
    assert len(over["y"]) == 5
    assert d["layout"]["title"]["text"] == "Usagers et agents, les mots qui les distinguent"
    assert over["name"] == "Plus dit par les usagers" and under["name"] == "Plus dit par les agents"
    assert d["layout"]["template"]["layout"]["separators"] == ", "
    shapes = d["layout"]["shapes"]
    assert sorted(s["x0"] for s in shapes) == [-2.0, 2.0]  # banality threshold
    single = viz.specificity_bars(spec, part="agent", n=3).to_dict()
    assert single["layout"]["title"]["text"] == "Mots spécifiques : Agents"
    assert single["data"][0]["name"] == "Sur-employé : Agents"


def test_dendrogram_shows_every_class_with_words(tables):
    res, _, _ = tables
    fig = viz.reinert_dendrogram(res, n_terms=3)
    texts = _texts(fig)
    assert len(texts) == 4
    for k, row in res.classes.set_index("class").iterrows():
        line = next(t for t in texts if f"Classe {k} " in t)
        assert row["top_terms"].split(", ")[0] in line and "%" in line and "," in line.split("(")[1]
    lines = [d for d in fig.to_dict()["data"] if d.get("mode") == "lines"]
    assert len(lines) == 2 * 3  # two edges per split
    flat = viz.reinert_dendrogram(
        (res.tree.iloc[:0], res.classes)
    )  # double classification: no tree
    assert len(_texts(flat)) == 4


def test_heatmap_profile_and_frequency_bars(tables):
    res, _, freq = tables
    d = viz.class_metadata_heatmap(res.crossings, column="role").to_dict()
    heat = d["data"][0]
    assert heat["type"] == "heatmap" and heat["zmid"] == 0
    assert list(heat["x"]) == ["Agents", "Usagers"]
    assert len(heat["y"]) == 4 and d["layout"]["title"]["text"] == "Classes selon le rôle"
    named = viz.class_metadata_heatmap(
        res.crossings, column="territory", labels={"nord": "Pays du Nord"}
    ).to_dict()
    assert "Pays du Nord" in list(named["data"][0]["x"])
    prof = viz.class_profile_bars(res.profiles, klass=2, n=5)
    assert len(prof.to_dict()["data"][0]["y"]) == 5 and list(prof.data[0].x) == sorted(
        prof.data[0].x
    )
    fb = viz.frequency_bars(freq, n=4, where={"role": "usager"}).to_dict()
    assert len(fb["data"][0]["y"]) == 4
    assert fb["layout"]["title"]["text"] == "Mots les plus fréquents : Usagers"
    assert fb["layout"]["template"]["layout"]["font"]["family"].startswith("Source Sans")
    assert TEMPLATE_NAME == "transfo"
