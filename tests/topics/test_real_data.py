"""Topics on real French answers (Grand Débat, ``../shared/corpora``): they follow the questions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from transfo_analysis.config import NLPSettings, TopicSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.nlp import parse, stop_words
from transfo_analysis.topics import fit_kmeans_baseline, fit_topics

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_grand_debat_topics_follow_the_questions(shared, tmp_path):
    a = pd.read_csv(shared / "grand-debat" / "answers.csv").dropna(subset=["comment"])
    a = a.groupby("question_col").sample(n=120, random_state=0)
    ids = [f"q{q}-{r}" for q, r in zip(a["question_col"], a["row_in_source"], strict=True)]
    text = a["comment"].astype(str)
    segments = pd.DataFrame(
        {
            "segment_id": ids,
            "doc_id": ids,
            "speaker_id": ids,
            "role": "usager",
            "territory": "france",
            "service": None,
            "turn": 0,
            "start": np.nan,
            "end": np.nan,
            "text": text.to_numpy(),
            "n_words": text.str.split().str.len().to_numpy(),
            "overlap": False,
        }
    )
    corpus = Corpus(segments=segments, meta={"pseudonymised": True})
    tokens = parse(
        corpus,
        cache_root=tmp_path,
        settings=NLPSettings(model="fr_core_news_sm"),
        show_progress=False,
    ).tokens
    question = pd.Series(a["question_col"].to_numpy(), index=ids)

    result = fit_topics(
        corpus, tokens, settings=TopicSettings(stability_seeds=2), seed=42, show_progress=False
    )
    baseline = fit_kmeans_baseline(corpus, tokens, k=10, seed=42)

    def nmi(r) -> float:
        return normalized_mutual_info_score(
            question.loc[r.assignments["segment_id"]], r.assignments["topic"]
        )

    assert nmi(result) > 0.2 and nmi(result) > nmi(baseline)
    assert result.n_topics >= 5 and result.stability["ari_mean"] > 0.4
    words = {w for terms in result.topics["terms"] for t in terms for w in t.split()}
    assert not words & stop_words() and "qu" not in words
    assert any(not w.isascii() for w in words)  # accents kept: "impôt", "sécurité"…
