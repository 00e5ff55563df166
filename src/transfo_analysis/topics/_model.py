"""The BERTopic builder with French defaults (BERTopic is wrapped, never subclassed)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from transfo_analysis.config import TopicSettings
from transfo_analysis.topics._words import topic_stop_words

if TYPE_CHECKING:
    from bertopic import BERTopic

    from transfo_analysis.topics.embeddings import EmbeddingBackend

#: fewer units than this and a BERTopic model is not fitted (see :func:`check_size`)
MIN_UNITS = 100


def auto_min_cluster_size(n_docs: int) -> int:
    """Smallest topic, scaled to the corpus: 1 % of the units, at least 5 and at most 500.

    Parameters
    ----------
    n_docs
        Number of units.

    Returns
    -------
    HDBSCAN's ``min_cluster_size``.
    """
    return int(max(5, min(500, round(0.01 * n_docs))))


def auto_min_samples(min_cluster_size: int) -> int:
    """HDBSCAN's ``min_samples``: small (5) so that fewer units end up as outliers."""
    return int(min(5, min_cluster_size))


def _split(doc: str) -> list[str]:
    return doc.split()


def topic_vocabulary(docs: Sequence[str], *, settings: TopicSettings) -> list[str] | None:
    """Terms (1- and 2-grams of content lemmas) found in at least ``min_df`` units.

    BERTopic fits its vectorizer on one document per *topic*, where a ``min_df`` would count
    topics and drop the most distinctive words; the vocabulary is therefore fixed here, counted
    over units. Returns ``None`` when no term is frequent enough.

    Parameters
    ----------
    docs
        The units' content lemmas, space-separated.
    settings
        Topic settings (``min_df``, n-gram range).

    Returns
    -------
    The terms, or ``None``.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    min_df = settings.min_df if len(docs) >= 50 else 1
    vec = CountVectorizer(
        tokenizer=_split,
        token_pattern=None,
        lowercase=False,
        ngram_range=tuple(settings.ngram_range),
        min_df=min_df,
    )
    try:
        vec.fit(docs)
    except ValueError:  # empty vocabulary, or min_df above the number of documents
        return None
    return vec.get_feature_names_out().tolist()


@functools.cache
def _embedder_class() -> type:
    from bertopic.backend import BaseEmbedder

    from transfo_analysis.topics.embeddings import embed

    class BackendEmbedder(BaseEmbedder):
        """A backend behind the interface BERTopic calls (guided topics, topic vectors).

        BERTopic hands it lemma strings: the documents it is given are content lemmas.
        """

        def __init__(self, backend: EmbeddingBackend) -> None:
            super().__init__()
            self.backend = backend

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            docs = [str(d) for d in documents]
            return embed(
                docs, backend=self.backend, lemmas=[d.split() for d in docs], show_progress=False
            )

    return BackendEmbedder


def make_topic_model(
    settings: TopicSettings,
    *,
    n_docs: int,
    seed: int,
    backend: EmbeddingBackend | None = None,
    vocabulary: Sequence[str] | None = None,
    seed_topic_list: list[list[str]] | None = None,
) -> BERTopic:
    """A BERTopic model with French defaults, ready for ``fit_transform(lemma_docs, embeddings)``.

    Parameters
    ----------
    settings
        Topic settings: UMAP and HDBSCAN sizes, n-grams, number of topic words.
    n_docs
        Number of units to be fitted (scales ``min_cluster_size`` when it is ``"auto"``).
    seed
        UMAP's random state: the same seed on the same inputs gives the same topics.
    backend
        The embedding backend, given to BERTopic for guided topics (seed words are embedded).
    vocabulary
        Topic terms (from :func:`topic_vocabulary`); ``None`` lets the vectorizer learn them.
    seed_topic_list
        Guided topics: lists of lemmas (codebook keywords) that nudge units towards topics.

    Returns
    -------
    The unfitted BERTopic model.

    Notes
    -----
    The vectorizer splits the documents on spaces (they are content lemmas already), keeps
    accents, and also drops the French stop words and fillers. ``language`` is set to
    ``"multilingual"``: BERTopic's default ``"english"`` strips every non-ASCII character from
    topic words. Outliers are reduced after fitting (see :func:`fit_topics`).
    """
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer

    from transfo_analysis.topics._neighbours import ExactNeighboursUMAP

    mcs = (
        auto_min_cluster_size(n_docs)
        if settings.min_cluster_size == "auto"
        else int(settings.min_cluster_size)
    )
    ms = auto_min_samples(mcs) if settings.min_samples == "auto" else int(settings.min_samples)
    umap_model = ExactNeighboursUMAP(
        n_neighbors=max(2, min(settings.n_neighbors, n_docs - 1)),
        n_components=max(2, min(settings.n_components, n_docs - 2)),
        min_dist=0.0,
        metric="cosine",
        n_epochs=200 if settings.umap_epochs == "auto" else int(settings.umap_epochs),
        random_state=seed,
        n_jobs=1,  # a seeded UMAP runs on one thread anyway
        low_memory=True,
    )
    hdbscan_model = HDBSCAN(
        min_cluster_size=mcs,
        min_samples=ms,
        metric="euclidean",
        cluster_selection_method="eom",
        prediction_data=False,
    )
    vectorizer = CountVectorizer(
        tokenizer=_split,
        token_pattern=None,
        lowercase=False,
        ngram_range=tuple(settings.ngram_range),
        stop_words=sorted(topic_stop_words(settings.extra_stop_words)),
        vocabulary=list(vocabulary) if vocabulary is not None else None,
    )
    return BERTopic(
        embedding_model=_embedder_class()(backend) if backend is not None else None,
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=vectorizer,
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        language="multilingual",
        top_n_words=settings.top_n_words,
        min_topic_size=mcs,
        seed_topic_list=seed_topic_list,
        calculate_probabilities=False,
        verbose=False,
    )
