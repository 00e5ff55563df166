"""Themes of the demo workshop's cards (Reinert with short-text settings) crossed with roles."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.corpus import fold, ingest
from transfo_analysis.nlp import stop_words
from transfo_analysis.workshops import card_themes

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"


def _tokens(segments: pd.DataFrame) -> pd.DataFrame:
    """A stand-in for the parse stage: words, folded lemmas without plural s, nouns."""
    stops = stop_words()
    rows = []
    for seg, text in zip(segments["segment_id"], segments["text"], strict=True):
        for i, m in enumerate(re.finditer(r"\w+", text)):
            word = m.group().lower()
            lemma = re.sub(r"(?<=\w{3})s$", "", fold(word))
            rows.append(
                dict(
                    segment_id=seg,
                    i=i,
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    lemma=lemma,
                    pos="NOUN",
                    is_alpha=word.isalpha(),
                    is_punct=False,
                    like_num=word.isdigit(),
                    is_stop=word in stops or len(word) < 3,
                )
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def corpus():
    path = DEMO_DATA / "raw" / "valcourt" / "ateliers" / "gare-remix-cartes.csv"
    corpus, _ = ingest(
        [path], manifest=DEMO_DATA / "manifest.yaml", project_root=DEMO_DATA, show_progress=False
    )
    return corpus


def test_card_themes_short_text_settings(corpus):
    tokens = _tokens(corpus.segments)
    themes = card_themes(corpus, tokens, n_classes=4, seed=2)
    assert len(themes) == 114 and themes["segment_id"].is_unique
    classes = themes.attrs["classes"]
    assert 2 <= len(classes) <= 4
    assert (themes["theme"] > 0).mean() > 0.75  # one unit per card, most cards classified
    assert set(themes.loc[themes["theme"] > 0, "theme_label"]) == set(classes["label"])
    by_role = themes.attrs["by_role"]
    assert {"usager", "agent", "encadrant"} <= set(by_role.columns)
    assert by_role.sum().round(6).eq(1.0).all()
    params = themes.attrs["provenance"]["parameters"]
    assert params["segment_size"] == 400 and params["min_word_frequency"] == 2
    again = card_themes(corpus, tokens, n_classes=4, seed=2)
    assert again["theme"].tolist() == themes["theme"].tolist()
