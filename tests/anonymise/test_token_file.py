"""A project's tokens read a batch at a time: the same counts, checks and derived table as whole."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from transfo_analysis.anonymise._capitals import CapitalStats
from transfo_analysis.anonymise._forms import TokenForms
from transfo_analysis.anonymise._names import Lexicon
from transfo_analysis.anonymise._readiness import segment_ends
from transfo_analysis.anonymise._token_file import TokensFile
from transfo_analysis.anonymise._tokens import derive_tokens, rebuild_tokens
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import load_entities, load_tokens, parse

from .test_derive_tokens import _replacements, _tokens


@pytest.fixture
def table(tmp_path):
    rng = random.Random(7)
    tokens = _tokens(150, rng)
    assert tokens["segment_id"].value_counts().max() >= 4  # segments that batches of 3 cut
    path = tmp_path / "tokens.parquet"
    tokens.to_parquet(path, index=False)
    return tokens, path, _replacements(tokens, rng)


@pytest.mark.parametrize("batch_rows", [1, 3, 64, 10_000])
def test_the_scan_counts_what_the_whole_table_gives(table, batch_rows):
    tokens, path, _reps = table
    scanned = TokensFile.open(path, batch_rows=batch_rows)
    whole = TokenForms.of(tokens)
    # same forms, counts and order of first use as the whole table
    assert list(scanned.forms.alpha.items()) == list(whole.alpha.items())
    assert scanned.forms.common == whole.common
    assert list(whole.alpha.values()) == [
        int((tokens["text"] == form).sum()) for form in whole.alpha
    ]
    assert CapitalStats(scanned.forms).capital == CapitalStats(tokens).capital
    assert Lexicon(scanned.forms).common == Lexicon(tokens).common
    pd.testing.assert_series_equal(
        scanned.ends.sort_index(), segment_ends(tokens).sort_index(), check_index_type=False
    )
    assert scanned.pos == ["DET", "NOUN", "PROPN"]


@pytest.mark.parametrize("batch_rows", [1, 3, 64, 10_000])
@pytest.mark.parametrize("given", [False, True])
def test_derived_a_batch_at_a_time_equals_derived_whole(table, tmp_path, batch_rows, given):
    tokens, path, reps = table
    assert len(reps) >= 10
    rebuilt = None
    if given:  # as the workers return them, partition after partition
        touched = tokens[tokens["segment_id"].isin(list(reps))].assign(is_pseudonym=False)
        rebuilt = rebuild_tokens(touched, reps)[::-1]
    target = tmp_path / "derived.parquet"
    rows = TokensFile.open(path, batch_rows=batch_rows).write_derived(target, reps, rebuilt=rebuilt)
    expected = derive_tokens(tokens, reps)
    got = pd.read_parquet(target)
    assert rows == len(got) == len(expected)
    assert got["pos"].cat.categories.tolist() == ["DET", "NOUN", "PROPN"]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert got.dtypes.astype(str).tolist() == expected.dtypes.astype(str).tolist()


def test_an_empty_table_gives_an_empty_table_with_its_columns(tmp_path):
    tokens = _tokens(3, random.Random(1)).iloc[:0]
    path = tmp_path / "tokens.parquet"
    tokens.to_parquet(path, index=False)
    scanned = TokensFile.open(path)
    assert not scanned.forms.alpha and not len(scanned.ends)
    target = tmp_path / "derived.parquet"
    assert scanned.write_derived(target, {}) == 0
    got = pd.read_parquet(target)
    assert list(got.columns) == [*tokens.columns, "is_pseudonym"]
    assert len(got) == 0


def test_the_project_parse_written_a_slice_at_a_time_is_what_parse_returns(project):
    """``parse_project`` writes its tables a slice of segments at a time (never whole): they
    read back as the tables :func:`parse` returns for the same corpus, provenance included."""
    corpus = load_corpus(project, stage="interim")
    again = parse(corpus, cache_root=project.nlp_cache_dir, settings=project.settings.nlp)
    tokens = load_tokens(project, stage="interim")
    record = json.loads((project.nlp_dir("interim") / "parse.json").read_text(encoding="utf-8"))
    assert tokens.attrs["provenance"] == record
    assert record["stats"]["n_tokens"] == len(tokens) == len(again.tokens) > 50
    assert record["stats"]["n_entities"] == len(again.entities) > 0
    tokens.attrs, again.tokens.attrs = {}, {}
    pd.testing.assert_frame_equal(tokens, again.tokens)
    pd.testing.assert_frame_equal(load_entities(project, stage="interim"), again.entities)
    assert not list(project.nlp_dir("interim").glob(".*"))  # no temporary file left
