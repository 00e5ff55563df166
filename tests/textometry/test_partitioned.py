"""The textometry stage as a map-reduce: any cut into partitions gives the whole corpus's tables."""

from __future__ import annotations

import pandas as pd
import pytest
from textometry_helpers import planted_corpus, planted_tables

from transfo_analysis.config import ReinertSettings, Settings
from transfo_analysis.corpus import Corpus, partition_keys, partitions
from transfo_analysis.textometry import (
    ALL_TERRITORIES,
    frequencies,
    reinert,
    repeated_segments,
    role_specificities,
    specificities,
)
from transfo_analysis.textometry._artifacts import (
    merge_textometry,
    stage_segments,
    textometry_partition,
)


def _corpus() -> tuple[Corpus, pd.DataFrame]:
    segments, tokens, _ = planted_corpus(n_docs=24)
    doc_ids = sorted(segments["doc_id"].unique())
    # half the documents are one survey each (partitioned by respondent), half interviews
    methods = ["questionnaire" if int(d[-1]) % 2 == 0 else "entretien" for d in doc_ids]
    documents, speakers = planted_tables(segments, method=methods)
    # a turn without any word, and one without a territory, count where the whole corpus does
    segments.loc[segments.index[5], "territory"] = None
    corpus = Corpus(documents=documents, speakers=speakers, segments=segments, meta={})
    return corpus, tokens


def _by_partitions(corpus: Corpus, tokens: pd.DataFrame, n: int, settings: Settings):
    segs = stage_segments(corpus, settings)
    key = partition_keys(segs, corpus.documents)
    chunks = list(partitions(segs, n, key=key))
    parts = [
        textometry_partition(
            chunk.drop(columns="text"),
            tokens[tokens["segment_id"].isin(chunk["segment_id"])],
            settings=settings.reinert,
        )
        for _pid, chunk in chunks
    ]
    return merge_textometry(segs, parts, settings=settings), len(chunks)


def _users_agents(segs: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    frames = [role_specificities(segs, tokens).assign(territory=ALL_TERRITORIES)]
    for territory, part in segs.groupby("territory", sort=True):
        frames.append(role_specificities(part, tokens).assign(territory=territory))
    out = pd.concat(frames, ignore_index=True)
    out = out[["territory", *[c for c in out if c != "territory"]]]
    out.attrs = dict(frames[-1].attrs)
    return out


@pytest.mark.parametrize("n", [1, 3, 7])
def test_every_table_equals_the_whole_corpus_computation(n):
    corpus, tokens = _corpus()
    settings = Settings(seed=3, reinert=ReinertSettings(n_classes=4))
    results, n_parts = _by_partitions(corpus, tokens, n, settings)
    assert (n_parts > 2) if n > 1 else (n_parts == 1)
    segs = corpus.respondent_segments()
    whole = {
        "specificities_role": specificities(segs, tokens, by="role"),
        "specificities_territory": specificities(segs, tokens, by="territory"),
        "specificities_users_agents": _users_agents(segs, tokens),
        "frequencies": frequencies(segs, tokens, by=["territory", "role"]),
        "repeated_segments": repeated_segments(segs, tokens, min_frequency=3),
    }
    for name, expected in whole.items():
        got = results.tables[name]
        assert len(got) > 0, name
        pd.testing.assert_frame_equal(got, expected, obj=name)
        params = got.attrs["provenance"]["parameters"]
        assert params == expected.attrs["provenance"]["parameters"], name
    freq = results.tables["frequencies"].attrs["provenance"]
    expected_freq = whole["frequencies"].attrs["provenance"]
    assert (freq["n_words"], freq["n_segments"]) == (
        expected_freq["n_words"],
        expected_freq["n_segments"],
    )
    one = reinert(
        segs,
        tokens,
        settings=settings.reinert,
        seed=3,
        documents=corpus.documents,
        speakers=corpus.speakers,
    )
    assert results.reinert is not None
    for name in ("units", "classes", "profiles", "typical", "crossings", "tree"):
        pd.testing.assert_frame_equal(getattr(results.reinert, name), getattr(one, name))
    assert results.summary["reinert"]["class_sizes"] == one.summary["class_sizes"]


def test_a_survey_respondent_counts_once_across_partitions():
    corpus, tokens = _corpus()
    settings = Settings(seed=3, reinert=ReinertSettings(n_classes=4))
    results, _n = _by_partitions(corpus, tokens, 7, settings)
    freq = results.tables["frequencies"]
    segs = corpus.respondent_segments()
    # recount one frequent term by hand: documents, respondents and segments using it
    term = freq.sort_values("frequency", ascending=False).iloc[0]
    words = tokens.assign(term=tokens["lemma"].str.lower()).merge(segs, on="segment_id")
    hits = words[
        (words["term"] == term["term"])
        & (words["territory"] == term["territory"])
        & (words["role"] == term["role"])
    ]
    assert term["n_documents"] == hits["doc_id"].nunique()
    assert term["n_respondents"] == hits["speaker_id"].nunique()
    assert term["n_segments"] == hits["segment_id"].nunique()
    assert term["n_documents"] < term["n_segments"]  # several segments per document
