"""KWIC concordances and the coding API (ids, queries, bulk review, bad input)."""

from __future__ import annotations

import pytest

from transfo_analysis.coding import (
    MissingSegmentsError,
    StoreError,
    UnknownCodeError,
    accept_suggestions,
    code_query,
    code_segments,
    coded_segments,
    reject_suggestions,
    uncode_segments,
)
from transfo_analysis.textometry import kwic


def test_kwic_on_text_with_wildcard_and_context(corpus):
    k = kwic(corpus.segments, "atten*", window=2)
    assert k["match"].str.lower().tolist() == ["attends", "attente", "attendu", "attendre"]
    first = k.iloc[0]
    assert (first["left"], first["right"]) == ("J'", "depuis trois")
    text = corpus.segments.set_index("segment_id").loc[first["segment_id"], "text"]
    assert text[first["start"] : first["end"]] == "attends"
    assert {"doc_id", "role", "territory"} <= set(k.columns)


def test_kwic_phrases_regex_and_lemmas(corpus, tokens):
    assert kwic(corpus.segments, "en   ligne")["match"].tolist() == ["en ligne"]
    assert len(kwic(corpus.segments, r"\bdeux\b", regex=True)) == 3
    lem = kwic(corpus.segments, "attendre", lemma=True, tokens=tokens)
    assert lem["match"].tolist() == ["attends", "attendu", "attendre"]
    assert kwic(corpus.segments, "passer deux", lemma=True, tokens=tokens)["match"].tolist() == [
        "passe deux"
    ]
    assert kwic(corpus.segments, "introuvable").empty
    with pytest.raises(ValueError, match="tokens"):
        kwic(corpus.segments, "x", lemma=True)


def test_code_segments_checks_codes_segments_and_spans(store, corpus, codebook):
    segs = corpus.segments
    assert (
        code_segments(
            store,
            ["D1-t1"],
            "attente et délais",
            coder="ana",
            codebook=codebook,
            segments=segs,
            memo="long",
        )
        == 1
    )
    assert store.codings()["code"].tolist() == ["Attente et délais"]
    assert store.memos(target_type="segment")["target"].tolist() == ["D1-t1"]
    with pytest.raises(UnknownCodeError, match="vouliez-vous dire"):
        code_segments(store, ["D1-t1"], "Attente", coder="ana", codebook=codebook, segments=segs)
    with pytest.raises(MissingSegmentsError, match="1 identifiant de segment"):
        code_segments(
            store, ["D1-t1", "nope"], "Coût", coder="ana", codebook=codebook, segments=segs
        )
    with pytest.raises(StoreError, match="sort du segment"):
        code_segments(
            store, ["D3-t3"], "Coût", coder="ana", codebook=codebook, segments=segs, start=0, end=50
        )
    assert len(store.codings()) == 1  # nothing half-written
    code_segments(
        store, ["D3-t1"], "Coût", coder="ana", codebook=codebook, segments=segs, start=4, end=7
    )
    assert uncode_segments(store, ["D3-t1"], "Coût", coder="ana", codebook=codebook) == 1


def test_code_query_codes_segments_or_matches(store, corpus, tokens, codebook):
    hits = code_query(
        store, corpus.segments, "bus", code="Mobilité", coder="ana", codebook=codebook, dry_run=True
    )
    assert len(hits) == 2 and store.codings().empty
    code_query(
        store,
        corpus.segments,
        "bus",
        code="Mobilité",
        coder="ana",
        codebook=codebook,
        roles=["usager"],
    )
    assert store.codings()["segment_id"].tolist() == ["D3-t1"]
    code_query(
        store,
        corpus.segments,
        "attendre",
        code="Attente et délais",
        coder="ana",
        codebook=codebook,
        lemma=True,
        tokens=tokens,
        span="match",
    )
    spans = store.codings(code="Attente et délais")
    assert spans["start"].notna().all() and len(spans) == 3


def test_bulk_review_of_suggestions(store):
    store.add_codings(
        [
            {"segment_id": f"s{i}", "code": "A" if i < 4 else "B", "confidence": i / 10}
            for i in range(8)
        ],
        coder="ana",
        origin="rule",
    )
    assert accept_suggestions(store, reviewer="ana", code="A", min_confidence=0.2) == 2
    assert reject_suggestions(store, reviewer="ana", max_confidence=0.5) == 4
    assert store.codings(status="suggested")["segment_id"].tolist() == ["s6", "s7"]


def test_coded_segments_refuses_or_drops_orphans(store, corpus):
    store.add_codings(
        [{"segment_id": "D1-t1", "code": "A"}, {"segment_id": "gone", "code": "A"}], coder="ana"
    )
    with pytest.raises(MissingSegmentsError, match="1 codage"):
        coded_segments(store.codings(), corpus.segments)
    out = coded_segments(
        store.codings(), corpus.segments, on_missing="drop", speakers=corpus.speakers
    )
    assert (
        out["segment_id"].tolist() == ["D1-t1"]
        and out.attrs["n_missing"] == 1
        and "person_id" in out
    )
