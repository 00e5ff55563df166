"""Themes of the demo workshop's cards with the topic machinery (short-text settings), by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.errors import ConfigError
from transfo_analysis.viz.workshops import themes_by_role_figure
from transfo_analysis.workshops import SHORT_TOPIC_SETTINGS, card_topics

from .test_themes import _tokens

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def cards():
    path = DEMO_DATA / "raw" / "valcourt" / "ateliers" / "gare-remix-cartes.csv"
    corpus, _ = ingest(
        [path], manifest=DEMO_DATA / "manifest.yaml", project_root=DEMO_DATA, show_progress=False
    )
    return corpus, _tokens(corpus.segments)


def test_kmeans_themes_keep_every_card_apart_and_are_seeded(cards):
    corpus, tokens = cards
    themes = card_topics(corpus, tokens, n_topics=6, seed=1)
    assert len(themes) == 114 and themes["segment_id"].is_unique  # no card merged with another
    assert themes["theme"].nunique() == 6 and (themes["theme"] >= 0).all()
    assert themes["theme_label"].str.len().gt(0).all()
    by_role = themes.attrs["by_role"]
    assert set(by_role.columns) == {"usager", "agent", "encadrant"}
    assert by_role.sum().round(6).eq(1).all()  # each role's cards spread over the themes
    params = themes.attrs["provenance"]["parameters"]
    assert params["short_turns"] == "none" and params["method"] == "kmeans"
    assert SHORT_TOPIC_SETTINGS["min_words"] == 1
    again = card_topics(corpus, tokens, n_topics=6, seed=1)
    assert again["theme"].tolist() == themes["theme"].tolist()


def test_unknown_method_is_refused_in_french(cards):
    corpus, tokens = cards
    with pytest.raises(ConfigError, match="méthode « lda » inconnue"):
        card_topics(corpus, tokens, method="lda")


def test_themes_by_role_figure_masks_profiles_with_few_authors(cards):
    corpus, tokens = cards
    themes = card_topics(corpus, tokens, n_topics=6, seed=1)
    authors = themes.groupby("role")["person_id"].nunique()
    k = int(authors.sort_values().iloc[0]) + 1  # the smallest profile falls under k
    fig = themes_by_role_figure(themes, k=k).to_dict()
    drawn = {t["name"].split(" (")[0] for t in fig["data"]}
    assert len(drawn) == len(authors) - 1
    for trace in fig["data"]:
        assert abs(sum(trace["x"]) - 100) < 1  # shares of that profile's cards
        assert "cartes)" in trace["name"]
    notes = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "Masqué (cartes écrites par moins de k personnes)" in notes
    assert fig["layout"]["title"]["text"].startswith("Thèmes des cartes")
    full = themes_by_role_figure(themes).to_dict()
    assert len(full["data"]) == len(authors)
    # every profile under k (an export without authors, say): said in the middle, no empty axes
    none = themes_by_role_figure(themes, k=int(authors.max()) + 1).to_dict()
    assert none["data"] == [] and none["layout"]["xaxis"]["visible"] is False
    texts = [a["text"] for a in none["layout"]["annotations"]]
    assert "Aucun profil à montrer" in texts and any("Usagers" in t for t in texts)


@pytest.mark.slow
def test_bertopic_themes_of_the_demo_cards_offline_and_seeded(cards):
    """BERTopic on the 114 cards (TF-IDF/LSA embeddings: nothing downloaded), HDBSCAN's small
    clusters: each card in a theme that carries terms, or « hors thème »; the same seed, the
    same themes."""
    corpus, tokens = cards
    themes = card_topics(corpus, tokens, method="bertopic", seed=2)
    assert len(themes) == 114 and themes["segment_id"].is_unique
    off = themes["theme"] == -1
    assert (themes.loc[off, "theme_label"] == "hors thème").all()
    assert not themes.loc[~off, "theme_label"].isin(["hors thème", ""]).any()
    topics = themes.attrs["topics"].set_index("topic")
    found = sorted(set(themes.loc[~off, "theme"]))
    assert len(found) >= 2 and (~off).mean() > 0.5  # themes found, most cards in one
    for topic in found:
        terms = [str(t) for t in topics.loc[topic, "terms"]]
        assert len(terms) >= 3 and all(t and t == t.lower() for t in terms)
        # a theme's terms come from its own cards' lemmas
        mine = set(themes.loc[themes["theme"] == topic, "segment_id"])
        lemmas = set(tokens.loc[tokens["segment_id"].isin(mine), "lemma"])
        assert terms[0].split()[0] in lemmas
    assert themes.attrs["provenance"]["parameters"]["method"] == "bertopic"
    assert themes.attrs["by_role"].sum().round(6).eq(1).all()
    again = card_topics(corpus, tokens, method="bertopic", seed=2)
    assert again["theme"].tolist() == themes["theme"].tolist()
    assert again["theme_label"].tolist() == themes["theme_label"].tolist()
