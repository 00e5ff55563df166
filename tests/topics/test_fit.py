"""BERTopic with French defaults on a synthetic corpus with planted themes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from transfo_analysis.config import Project, TopicSettings
from transfo_analysis.errors import TransfoError
from transfo_analysis.nlp import ORAL_FILLERS, stop_words
from transfo_analysis.topics import (
    auto_min_cluster_size,
    fit_kmeans_baseline,
    fit_topics,
    load_topics,
    make_topic_model,
    save_topics,
    topic_code_table,
    topic_label,
    topics_by,
    topics_over_time,
)

#: these tests share one BERTopic fit (imports, numba compilation and the fit: about 20 s)
pytestmark = pytest.mark.slow


def _words(result) -> set[str]:
    terms = {w for terms in result.topics["terms"] for t in terms for w in t.split()}
    labels = {w.lower() for lbl in result.topics["label"] for w in lbl.replace("·", " ").split()}
    return terms | labels


def test_topics_recover_the_planted_themes(fitted, synthetic):
    _, _, truth = synthetic
    a = fitted.assignments[fitted.assignments["segment_id"].isin(truth)]
    assert adjusted_rand_score(a["segment_id"].map(truth), a["topic"]) > 0.6
    assert 4 <= fitted.n_topics <= 15
    assert fitted.outlier_share == 0.0  # outliers reduced
    assert fitted.provenance["raw_outlier_share"] >= 0.0
    table = fitted.topics.set_index("topic")
    assert (table.loc[table.index >= 0, "size"] > 0).all()
    assert table["share"].sum() == pytest.approx(1.0)


def test_labels_hold_no_stop_words_fillers_clitics_or_pseudonyms(fitted, pseudonyms):
    words = _words(fitted)
    assert not words & set(ORAL_FILLERS)
    terms = {w for terms in fitted.topics["terms"] for t in terms for w in t.split()}
    assert not terms & stop_words()
    # labels are written phrases: a stop word may sit inside (« temps d'attente »), never at an edge
    for label in fitted.topics.loc[fitted.topics["topic"] >= 0, "label"]:
        for phrase in label.split(" · "):
            edges = {phrase.split()[0].lower(), phrase.split()[-1].lower()}
            assert not edges & stop_words(), label
    assert "qu" not in words and "euh" not in words and "hein" not in words
    assert not words & {p.lower() for p in pseudonyms}
    assert not words & {"questionnaire", "enquête"}  # the interviewer's words


def test_accents_are_kept(fitted):
    words = _words(fitted)
    assert words & {"école", "hôpital", "périscolaire", "humidité", "spécialiste", "arrêt"}
    assert not words & {"cole", "hpital", "priscolaire"}


def test_interviewer_segments_are_not_assigned(fitted, synthetic):
    corpus, _, _ = synthetic
    interviewer = set(corpus.segments.loc[corpus.segments["role"] == "enqueteur", "segment_id"])
    assert not interviewer & set(fitted.assignments["segment_id"])
    assert set(fitted.assignments["role"]) == {"usager", "agent"}


def test_same_seed_same_assignments(fitted, synthetic, settings):
    corpus, tokens, _ = synthetic
    again = fit_topics(
        corpus, tokens, settings=settings, seed=7, stability=False, show_progress=False
    )
    pd.testing.assert_frame_equal(again.assignments, fitted.assignments)
    assert again.topics["terms"].tolist() == fitted.topics["terms"].tolist()


def test_stability_is_reported_per_run_and_per_topic(fitted):
    s = fitted.stability
    assert s["n_runs"] == 3 and s["seeds"] == [7, 8, 9]
    assert 0.0 <= s["ari_min"] <= s["ari_mean"] <= 1.0
    assert 0.0 <= s["overlap_mean"] <= 1.0
    stab = fitted.topics.loc[fitted.topics["topic"] >= 0, "stability"]
    assert stab.between(0, 1).all()
    summary = fitted.summary()
    assert summary["stability_score"] == s["ari_mean"] and summary["n_topics"] == fitted.n_topics


def test_quotes_are_pseudonymised_segments_of_their_topic(fitted, synthetic):
    corpus, _, _ = synthetic
    q = fitted.quotes
    assert len(q) > 0 and q.groupby(["topic", "territory"]).size().max() <= 3
    text = corpus.segments.set_index("segment_id")["text"]
    for row in q.itertuples():
        assert row.text == " ".join(text[s] for s in row.segment_ids)
        unit = fitted.units.set_index("unit_id").loc[row.unit_id]
        assert unit["topic"] == row.topic


def test_tables_by_role_territory_time_and_codes(fitted):
    by_role = topics_by(fitted, "role")
    assert set(by_role["role"]) == {"usager", "agent"} and set(by_role["role_label"]) == {
        "Usagers",
        "Agents",
    }
    assert (
        by_role.attrs["provenance"]["step"] == "topics"
        and by_role.attrs["provenance"]["derived"]["table"] == "topics_by_role"
    )
    assert by_role.groupby("role")["share"].sum().between(0.99, 1.01).all()
    by_terr = topics_by(fitted, "territory", unit="units")
    assert set(by_terr["territory"]) == {"valcourt", "sarne"}
    over = topics_over_time(fitted, freq="QS")
    assert over["period"].min() == pd.Timestamp("2024-01-01") and over["label"].notna().all()
    codes = fitted.topic_codes
    assert list(codes.columns[:2]) == ["topic", "label"] and {"attente", "mobilité"} <= set(
        codes.columns
    )
    assert int(codes[["attente", "mobilité"]].to_numpy().sum()) == 20


def test_topic_code_table_counts_by_hand(fitted):
    segs = fitted.assignments["segment_id"].tolist()[:6]
    codings = pd.DataFrame(
        {
            "segment_id": segs + segs[:1],
            "code": ["a", "a", "b", "b", "b", "a", "a"],
            "status": ["accepted"] * 5 + ["suggested", "accepted"],
        }
    )
    table = topic_code_table(fitted, codings).set_index("topic")
    topics = fitted.assignments.set_index("segment_id").loc[segs, "topic"]
    for code, members in (("a", segs[:2]), ("b", segs[2:5])):
        expected = topics.loc[members].value_counts()
        for t, n in expected.items():
            assert table.at[t, code] == n
        assert table[code].sum() == len(members)
    with pytest.raises(KeyError, match="code"):
        topic_code_table(fitted, pd.DataFrame({"segment_id": segs}))


def test_hierarchy_merges_every_topic(fitted):
    h = fitted.hierarchy
    assert len(h) == fitted.n_topics - 1
    assert sorted(h.iloc[-1]["topics"]) == list(range(fitted.n_topics))
    assert h["distance"].is_monotonic_increasing and h["label"].str.len().gt(0).all()


def test_guided_topics_from_codebook_keywords(synthetic, settings):
    corpus, tokens, truth = synthetic
    seeds = [["cantine", "écoles", "inscriptions"], ["médecins", "hôpital"]]
    guided = fit_topics(
        corpus,
        tokens,
        settings=settings,
        seed=7,
        seed_topic_list=seeds,
        stability=False,
        show_progress=False,
    )
    assert guided.provenance["parameters"]["seed_topic_list"] == seeds
    terms = {t for terms in guided.topics["terms"] for t in terms}
    assert {"cantine", "hôpital"} <= terms
    a = guided.assignments[guided.assignments["segment_id"].isin(truth)]
    assert adjusted_rand_score(a["segment_id"].map(truth), a["topic"]) > 0.5


def test_too_small_corpus_says_how_many_and_what_to_do(synthetic, settings):
    corpus, tokens, _ = synthetic
    small = corpus.subset(doc_ids=["D00", "D01"])
    with pytest.raises(TransfoError, match=r"seulement \d+ unités.*au moins 100") as err:
        fit_topics(small, tokens, settings=settings, show_progress=False)
    assert "fit_kmeans_baseline" in str(err.value)
    baseline = fit_kmeans_baseline(small, tokens, k=3, settings=settings, seed=1)
    assert baseline.n_topics == 3 and baseline.outlier_share == 0.0
    assert baseline.provenance["method"] == "tfidf-kmeans"
    assert baseline.quotes["topic"].nunique() == 3 and not baseline.hierarchy.empty


def test_builder_has_french_defaults_and_scaled_sizes():
    model = make_topic_model(TopicSettings(), n_docs=3000, seed=5)
    stops = set(model.vectorizer_model.stop_words)
    assert {"euh", "qu", "hein", "voilà"} <= stops
    assert model.vectorizer_model.ngram_range == (1, 2)
    assert model.umap_model.random_state == 5 and model.language == "multilingual"
    assert model.hdbscan_model.min_cluster_size == auto_min_cluster_size(3000) == 30
    assert auto_min_cluster_size(200) == 5 and auto_min_cluster_size(10**6) == 500
    fixed = make_topic_model(TopicSettings(min_cluster_size=12, min_samples=3), n_docs=50, seed=5)
    assert fixed.hdbscan_model.min_cluster_size == 12 and fixed.umap_model.n_neighbors == 15


def test_topic_label_is_readable():
    assert (
        topic_label(["délai attente", "délai", "attente", "mairie", "guichet"])
        == "Délai attente · mairie · guichet"
    )
    assert topic_label([]) == "(sans mots)"


def test_save_and_load_round_trip(fitted, tmp_path):
    project = Project(root=tmp_path)
    out = save_topics(fitted, project)
    assert (
        (out / "topics.json").exists()
        and (out / "by_role.parquet").exists()
        and (out / "topic_codes.parquet").exists()
    )
    back = load_topics(project)
    pd.testing.assert_frame_equal(back.assignments, fitted.assignments, check_dtype=False)
    assert back.topics["terms"].tolist() == fitted.topics["terms"].tolist()
    assert back.summary()["n_topics"] == fitted.n_topics and back.stability == fitted.stability
    assert back.provenance["step"] == "topics" and back.provenance["embedding"] == "tfidf"


def test_refuses_to_save_quotes_of_a_corpus_not_pseudonymised(fitted, tmp_path):
    import copy

    raw = copy.copy(fitted)
    raw.provenance = {**fitted.provenance, "pseudonymised": False}
    with pytest.raises(TransfoError, match="non pseudonymisé"):
        save_topics(raw, Project(root=tmp_path))
    assert not (tmp_path / "processed" / "topics").exists()


def test_units_left_out_are_reported(fitted):
    excluded = fitted.assignments[~fitted.assignments["modelled"]]
    assert (excluded["topic"] == -1).all()
    assert np.isfinite(fitted.units.loc[fitted.units["modelled"], ["x", "y"]].to_numpy()).all()
