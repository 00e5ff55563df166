"""The parse of one partition: only what the cache lacks, each text once."""

from __future__ import annotations

import spacy

from transfo_analysis.config import NLPSettings
from transfo_analysis.nlp import ParseCache, parse_partition, text_hash


def test_a_partition_parses_what_the_cache_lacks_once_in_chunks(tmp_path):
    nlp = spacy.blank("fr")
    cache = ParseCache(tmp_path, "blank")
    known: set[str] = set()
    chunks: list[int] = []
    settings = NLPSettings(chunk_size=2)
    first = ["Bonjour à tous.", "L'accueil est lent.", "Bonjour à tous.", "Merci."]
    n = parse_partition(
        first, nlp=nlp, cache=cache, known=known, settings=settings, on_chunk=chunks.append
    )
    assert n == 3 and chunks == [2, 1]  # the repeated text once; shards of chunk_size texts
    assert known == {text_hash(t) for t in first} == cache.keys()
    # a second partition sharing a text: only the new one is parsed
    n = parse_partition(
        ["Merci.", "Le guichet ferme tôt."], nlp=nlp, cache=cache, known=known, settings=settings
    )
    assert n == 1
    rows = cache.read([text_hash("Le guichet ferme tôt.")])
    assert rows.num_rows == 1 and rows.column("lemma").to_pylist()[0] != []
