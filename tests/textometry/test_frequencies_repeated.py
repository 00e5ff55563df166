"""Frequency tables with their options, and Lexico's repeated segments."""

from __future__ import annotations

import pytest
from textometry_helpers import make_tables

from transfo_analysis.textometry import frequencies, repeated_segments


@pytest.fixture(scope="module")
def corpus():
    return make_tables(
        [
            {
                "text": "Le guichet est fermé. Le guichet ouvre à 9 heures.",
                "role": "usager",
                "speaker_id": "u1",
                "doc_id": "D1",
            },
            {
                "text": "Le guichet, toujours le guichet ! PERSONNE_1 attend.",
                "role": "usager",
                "speaker_id": "u2",
                "doc_id": "D2",
            },
            {
                "text": "Le dossier est complet. Le guichet aussi.",
                "role": "agent",
                "speaker_id": "a1",
                "doc_id": "D2",
            },
        ]
    )


def test_frequency_counts_and_options(corpus):
    segments, tokens = corpus
    f = frequencies(segments, tokens).set_index("term")
    assert f.loc[
        "guichet", ["frequency", "n_segments", "n_documents", "n_respondents", "rank"]
    ].tolist() == [5, 3, 2, 3, 1]
    assert "le" not in f.index  # stop words out by default
    assert "9" not in f.index  # numbers out
    assert not f.index.str.contains("personne").any()  # pseudonyms never counted
    words = 10 + 6 + 7  # all words, stop words included, punctuation and pseudonym out
    assert f.loc["guichet", "per_1000"] == pytest.approx(1000 * 5 / words)
    with_stops = frequencies(segments, tokens, pos=None, keep_stop_words=True).set_index("term")
    assert with_stops.loc["le", "frequency"] == 6
    assert with_stops.loc["le", "rank"] == 1
    rare_out = frequencies(segments, tokens, min_frequency=2)
    assert set(rare_out["term"]) == {"guichet"}
    nouns_only = frequencies(segments, tokens, pos=["DET"], keep_stop_words=True)
    assert set(nouns_only["term"]) <= {
        "le",
        "la",
        "les",
        "de",
        "à",
        "est",
        "il",
        "y",
        "a",
        "en",
        "on",
        "pour",
        "et",
        "un",
        "une",
        "des",
        "du",
    }
    forms = frequencies(segments, tokens, unit="form").set_index("term")
    assert "fermé." not in forms.index and "fermé" in forms.index


def test_frequencies_by_sub_corpus(corpus):
    segments, tokens = corpus
    f = frequencies(segments, tokens, by="role")
    g = f.set_index(["role", "term"])
    assert g.loc[("usager", "guichet"), "frequency"] == 4
    assert g.loc[("agent", "guichet"), "frequency"] == 1
    assert g.loc[("agent", "guichet"), "per_1000"] == pytest.approx(1000 / 7)
    assert f.groupby("role")["rank"].min().eq(1).all()
    assert list(f.columns[:2]) == ["role", "term"]
    assert f.attrs["provenance"]["parameters"]["by"] == ["role"]
    with pytest.raises(ValueError):
        frequencies(segments, tokens, unit="stem")


def test_repeated_segments_stop_at_punctuation_and_turns():
    segments, tokens = make_tables(
        [
            {"text": "Prendre rendez-vous en ligne. Prendre rendez-vous en ligne, c'est dur"},
            {"text": "prendre rendez-vous en ligne"},
            {"text": "il y a il y a il y a ligne"},
            {"text": "ligne"},
        ]
    )
    rep = repeated_segments(segments, tokens, min_frequency=3).set_index("segment")
    assert rep.loc[
        "prendre rendez-vous en ligne", ["length", "frequency", "n_segments"]
    ].tolist() == [4, 3, 2]
    assert rep.loc["rendez-vous en", "frequency"] == 3
    assert "ligne prendre" not in rep.index  # never across punctuation
    assert "ligne ligne" not in rep.index  # never across segments
    assert "il y a" not in rep.index  # stop words only
    keep = repeated_segments(segments, tokens, min_frequency=3, drop_stop_only=False).set_index(
        "segment"
    )
    assert keep.loc["il y a", "frequency"] == 3
    short = repeated_segments(segments, tokens, min_frequency=3, max_length=2)
    assert short["length"].max() == 2
    assert rep["frequency"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        repeated_segments(segments, tokens, min_length=3, max_length=2)
