"""Themes of cards: the Reinert classification with settings for short texts.

Idea cards are one sentence (5–25 words) where interview units are 40-word stretches of a long
turn. The classification is run with each card as one unit (``segment_size`` larger than any
card), active lemmas needed in only two cards, small classes allowed, and no de-duplication of
identical units (two groups writing the same card is a signal, not a copy-paste artefact).
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.corpus import Corpus
from transfo_analysis.textometry import reinert
from transfo_analysis.workshops._cards import cards as card_table
from transfo_analysis.workshops._labels import UNCLASSIFIED

#: Reinert settings for cards (see the module docstring)
SHORT_TEXT_SETTINGS = {
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
