"""Themes of cards: the Reinert classification with settings for short texts.

Idea cards are one sentence (5–25 words) where interview units are 40-word stretches of a long
turn. The classification is run with each card as one unit (``segment_size`` larger than any
card), active lemmas needed in only two cards, small classes allowed, and no de-duplication of
identical units (two groups writing the same card is a signal, not a copy-paste artefact).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from transfo_analysis.corpus import Corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.textometry import reinert
from transfo_analysis.workshops._cards import cards as card_table
from transfo_analysis.workshops._labels import OFF_THEME, UNCLASSIFIED

#: Reinert settings for cards (see the module docstring)
SHORT_TEXT_SETTINGS: dict[str, Any] = {
    "segment_size": 400,
    "min_word_frequency": 2,
    "tsj": 2,
    "dedup_min_forms": 0,
}


def card_themes(
    corpus: Corpus,
    tokens: pd.DataFrame,
    *,
    n_classes: int = 5,
    kinds: tuple[str, ...] = ("carte", "proposition"),
    seed: int = 0,
) -> pd.DataFrame:
    """Classify cards into themes (Reinert) and cross the themes with authors' roles and groups.

    Parameters
    ----------
    corpus
        A corpus with workshop cards or platform proposals.
    tokens
        The parse stage's tokens of (at least) these cards (``transfo_analysis.nlp.load_tokens``).
    n_classes
        Number of themes asked for.
    kinds
        Which kinds of cards to classify.
    seed
        Seed of the classification.

    Returns
    -------
    pandas.DataFrame
        One row per card: ``segment_id``, ``theme`` (class number, 0 when unclassified),
        ``theme_label`` (its three most typical lemmas), ``role``, ``group``, ``category``,
        ``votes``, ``text``. ``attrs["classes"]`` holds the classes table,
        ``attrs["by_role"]`` the share of each role's cards in each theme, and
        ``attrs["provenance"]`` the classification's summary and parameters.

    Raises
    ------
    transfo_analysis.textometry.NotEnoughDataError
        When there are too few cards for the number of themes asked.
    """
    table = card_table(corpus)
    table = table[table["kind"].isin(kinds)]
    segs = corpus.segments[corpus.segments["segment_id"].isin(table["segment_id"])]
    minimum = max(3, len(segs) // (4 * n_classes))
    result = reinert(
        segs,
        tokens[tokens["segment_id"].isin(segs["segment_id"])],
        seed=seed,
        n_classes=n_classes,
        min_segments_per_class=minimum,
        metadata=["role"],
        **SHORT_TEXT_SETTINGS,
    )
    by_card = result.units.groupby("segment_id")["class"].first()
    labels = result.classes.set_index("class")["label"]
    out = table[["segment_id", "role", "group", "category", "votes", "text"]].copy()
    out.insert(1, "theme", out["segment_id"].map(by_card).fillna(0).astype(int))
    out.insert(2, "theme_label", out["theme"].map(labels).fillna(UNCLASSIFIED))
    by_role = pd.crosstab(out["theme_label"], out["role"], normalize="columns")
    out.attrs["classes"] = result.classes
    out.attrs["by_role"] = by_role
    out.attrs["provenance"] = {
        "step": "workshops.card_themes",
        "parameters": {
            "n_classes": n_classes,
            "kinds": list(kinds),
            "seed": seed,
            "min_segments_per_class": minimum,
            **SHORT_TEXT_SETTINGS,
        },
        "summary": {k: v for k, v in result.summary.items() if isinstance(v, int | float | str)},
    }
    return out.reset_index(drop=True)


#: topic settings for cards (see :func:`card_topics`): every card its own unit, kept from one
#: content word, a small LSA space and small HDBSCAN clusters
SHORT_TOPIC_SETTINGS = {
    "short_turns": "none",
    "min_words": 1,
    "min_content_words": 1,
    "svd_components": 20,
    "min_cluster_size": 4,
    "min_samples": 2,
    "n_neighbors": 8,
}


def card_topics(
    corpus: Corpus,
    tokens: pd.DataFrame,
    *,
    method: str = "kmeans",
    n_topics: int | None = None,
    kinds: tuple[str, ...] = ("carte", "proposition"),
    seed: int = 0,
) -> pd.DataFrame:
    """Themes of cards with the topic machinery (k-means baseline or BERTopic), short-text settings.

    A speaker's consecutive turns are merged into one unit for interviews; cards are never merged
    (one participant writes several ideas), a card is kept from one content word, and the
    TF-IDF/LSA space and clusters are sized for a hundred short texts
    (:data:`SHORT_TOPIC_SETTINGS`).

    Parameters
    ----------
    corpus
        A corpus with workshop cards or platform proposals.
    tokens
        The parse stage's tokens of (at least) these cards.
    method
        ``kmeans`` (every card gets a theme; the default for a workshop) or ``bertopic``
        (HDBSCAN: cards far from any theme are left « hors thème »).
    n_topics
        Number of themes for k-means (default: about the square root of half the cards).
    kinds
        Which kinds of cards to classify.
    seed
        Seed of the embedding, UMAP and k-means.

    Returns
    -------
    pandas.DataFrame
        The same columns as :func:`card_themes` (``theme`` is the topic number, -1 outside any
        theme) and the author's ``person_id``, ``attrs["topics"]`` the topics table,
        ``attrs["by_role"]`` and ``attrs["provenance"]``.
    """
    from transfo_analysis.config import TopicSettings
    from transfo_analysis.topics import fit_kmeans_baseline, fit_topics

    table = card_table(corpus)
    table = table[table["kind"].isin(kinds)]
    cards_only = Corpus(
        documents=corpus.documents[corpus.documents["doc_id"].isin(table["doc_id"])],
        speakers=corpus.speakers,
        segments=corpus.segments[corpus.segments["segment_id"].isin(table["segment_id"])],
        meta=dict(corpus.meta),
    )
    settings = TopicSettings(**SHORT_TOPIC_SETTINGS)
    mine = tokens[tokens["segment_id"].isin(table["segment_id"])]
    if method == "kmeans":
        result = fit_kmeans_baseline(cards_only, mine, k=n_topics, settings=settings, seed=seed)
    elif method == "bertopic":
        result = fit_topics(
            cards_only, mine, settings=settings, seed=seed, stability=False, show_progress=False
        )
    else:
        raise ConfigError(
            _("unknown method « {method} » for the themes of cards: kmeans or bertopic").format(
                method=method
            )
        )
    assigned = result.assignments.drop_duplicates("segment_id").set_index("segment_id")
    out = table[["segment_id", "person_id", "role", "group", "category", "votes", "text"]].copy()
    topic = out["segment_id"].map(assigned["topic"])
    out.insert(1, "theme", topic.fillna(-1).astype(int))
    labels = result.topics.set_index("topic")["label"]
    out.insert(2, "theme_label", out["theme"].map(labels).fillna(OFF_THEME))
    out.attrs["topics"] = result.topics
    out.attrs["by_role"] = pd.crosstab(out["theme_label"], out["role"], normalize="columns")
    out.attrs["provenance"] = {
        "step": "workshops.card_topics",
        "parameters": {
            "method": method,
            "n_topics": n_topics,
            "kinds": list(kinds),
            "seed": seed,
            **SHORT_TOPIC_SETTINGS,
        },
    }
    return out.reset_index(drop=True)
