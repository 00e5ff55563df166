"""Topics read from a tokens file a batch at a time give what the table in memory gives (issue 11:
a million answers' tokens are 26.6 M rows, about 10 GiB loaded whole)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import transfo_analysis.nlp as nlp
from transfo_analysis.config import TopicSettings, open_project
from transfo_analysis.topics import build_units, content_lemmas, fit_topics, topics_project

#: keyword lists of guided topics, as a codebook gives them (their lemmas are read from the tokens)
GUIDES = [["bus", "navette"], ["médecins", "hôpital"]]


@pytest.fixture
def small_batches(monkeypatch):
    """The tokens file read three rows at a time: segments are cut by every batch boundary."""
    monkeypatch.setattr(nlp, "iter_tokens", functools.partial(nlp.iter_tokens, batch_rows=3))


@pytest.fixture
def tokens_file(synthetic, tmp_path):
    _corpus, tokens, _truth = synthetic
    path = tmp_path / "tokens.parquet"
    tokens.to_parquet(path, row_group_size=50)
    return path


def test_content_lemmas_from_the_file_equal_the_table_s(synthetic, tokens_file, small_batches):
    corpus, tokens, _ = synthetic
    ids = corpus.segments["segment_id"].iloc[::-1]  # any order, any index
    from_table = content_lemmas(tokens, ids, extra_stop_words=["mairie"])
    from_file = content_lemmas(tokens_file, ids, extra_stop_words=["mairie"])
    pd.testing.assert_series_equal(from_file, from_table)
    assert from_file.map(len).sum() > 1000  # the lemmas are really there
    assert not any("mairie" in lemmas for lemmas in from_file)
    # equal lemmas are one object, shared by every list
    firsts = {}
    for lemmas in from_file:
        for lemma in lemmas:
            assert firsts.setdefault(lemma, lemma) is lemma


def test_content_lemmas_of_segments_absent_from_the_file_are_empty(tokens_file):
    out = content_lemmas(tokens_file, pd.Series(["nowhere"], index=[7]))
    assert out.to_dict() == {7: []}


def test_units_from_the_file_equal_the_table_s(synthetic, tokens_file, small_batches):
    corpus, tokens, _ = synthetic
    settings = TopicSettings(min_words=10)
    pd.testing.assert_frame_equal(
        build_units(corpus, tokens_file, settings=settings),
        build_units(corpus, tokens, settings=settings),
    )


@pytest.mark.slow
def test_topics_fitted_from_the_file_equal_the_table_s(synthetic, tokens_file, small_batches):
    corpus, tokens, _ = synthetic
    settings = TopicSettings(min_words=10)
    options = dict(settings=settings, seed=5, stability=False, seed_topic_list=GUIDES)
    from_table = fit_topics(corpus, tokens, show_progress=False, **options)
    from_file = fit_topics(corpus, tokens_file, show_progress=False, **options)
    assert from_table.n_topics >= 3
    for name in ("topics", "assignments", "units", "quotes"):
        pd.testing.assert_frame_equal(getattr(from_file, name), getattr(from_table, name))
    assert from_file.provenance["parameters"] == from_table.provenance["parameters"]
    # the phrase labels are read from the tokens too: written forms, not lemmas
    assert from_file.topics["auto_label"].tolist() == from_table.topics["auto_label"].tolist()


@pytest.mark.slow
def test_topics_project_never_loads_the_tokens_whole(synthetic, tmp_path, monkeypatch):
    corpus, tokens, _ = synthetic
    project = open_project(tmp_path)
    corpus.save(project.corpus_dir("processed"))
    project.nlp_dir("processed").mkdir(parents=True)
    path = project.nlp_dir("processed") / "tokens.parquet"
    tokens.to_parquet(path, row_group_size=200)
    (tmp_path / "project.yaml").write_text("seed: 3\ntopics:\n  min_words: 10\n", encoding="utf-8")
    expected = fit_topics(
        corpus,
        tokens,
        settings=open_project(tmp_path).settings.topics,
        seed=3,
        stability=False,
        show_progress=False,
    )

    def whole(*args, **kwargs):
        raise AssertionError("the tokens table was loaded whole")

    read_parquet = pd.read_parquet

    def guarded(source, *args, **kwargs):
        if str(source).endswith("tokens.parquet") and kwargs.get("columns") is None:
            whole()
        return read_parquet(source, *args, **kwargs)

    monkeypatch.setattr(nlp, "load_tokens", whole)
    monkeypatch.setattr(pd, "read_parquet", guarded)
    monkeypatch.setattr(nlp, "iter_tokens", functools.partial(nlp.iter_tokens, batch_rows=64))
    result = topics_project(open_project(tmp_path), stability=False, show_progress=False)
    pd.testing.assert_frame_equal(result.assignments, expected.assignments)
    assert (tmp_path / "processed" / "topics" / "assignments.parquet").exists()


def test_topics_project_without_tokens_says_to_pseudonymise(synthetic, tmp_path):
    from transfo_analysis.errors import NotReadyError

    corpus, _tokens, _ = synthetic
    project = open_project(tmp_path)
    corpus.save(project.corpus_dir("processed"))
    with pytest.raises(NotReadyError) as info:
        topics_project(project, stability=False, show_progress=False)
    assert "transfo pseudonymise" in info.value.hint
