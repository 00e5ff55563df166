"""One BERTopic fit on prepared units: timed stages, outlier reduction, 2-D coordinates.

Kept apart from :mod:`._fit` so that stability runs and the k-means baseline share it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from transfo_analysis.config import TopicSettings
from transfo_analysis.topics._model import make_topic_model
from transfo_analysis.topics.embeddings import EmbeddingBackend


class _Timed:
    """Delegates to an estimator and adds the seconds its fitting takes to ``timings[key]``.

    It also keeps the output of ``fit_transform`` (the reduced embeddings, for the 2-D map).
    """

    def __init__(self, estimator: Any, timings: dict[str, float], key: str) -> None:
        self.estimator, self.timings, self.key = estimator, timings, key
        self.output: np.ndarray | None = None

    def _timed(self, method: str, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        out = getattr(self.estimator, method)(*args, **kwargs)
        self.timings[self.key] = self.timings.get(self.key, 0.0) + time.perf_counter() - t0
        return out

    def fit_transform(self, X: np.ndarray, y: Any = None) -> np.ndarray:
        self.output = self._timed("fit_transform", X, y=y)
        return self.output

    def fit(self, X: np.ndarray, y: Any = None) -> _Timed:
        self._timed("fit", X, y=y)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self.estimator, name)


@contextlib.contextmanager
def quiet_bertopic() -> Iterator[None]:
    """Silence BERTopic's logger (it warns on every ``update_topics`` with custom topics)."""
    log = logging.getLogger("BERTopic")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


@dataclass
class Fit:
    """A fitted model and what came out of it."""

    model: Any
    labels: np.ndarray
    raw_outlier_share: float
    coords: np.ndarray | None = None
    timings: dict[str, float] = field(default_factory=dict)


def run_bertopic(
    docs: Sequence[str],
    embeddings: np.ndarray,
    *,
    settings: TopicSettings,
    seed: int,
    backend: EmbeddingBackend | None,
    vocabulary: Sequence[str] | None,
    seed_topic_list: list[list[str]] | None = None,
) -> Fit:
    """Fit BERTopic (UMAP, HDBSCAN, c-TF-IDF), then reduce outliers as the settings say."""
    timings: dict[str, float] = {}
    model = make_topic_model(
        settings,
        n_docs=len(docs),
        seed=seed,
        backend=backend,
        vocabulary=vocabulary,
        seed_topic_list=seed_topic_list,
    )
    umap_model, hdbscan_model = model.umap_model, model.hdbscan_model
    model.umap_model = _Timed(umap_model, timings, "reduction")
    model.hdbscan_model = _Timed(hdbscan_model, timings, "clustering")
    t0 = time.perf_counter()
    with quiet_bertopic():
        topics, _ = model.fit_transform(
            list(docs), embeddings=embeddings.copy()
        )  # guided topics edit it in place
    total = time.perf_counter() - t0
    reduced = model.umap_model.output
    model.umap_model, model.hdbscan_model = umap_model, hdbscan_model
    timings["representation"] = (
        total - timings.get("reduction", 0.0) - timings.get("clustering", 0.0)
    )
    labels = np.asarray(topics, dtype=int)
    raw_outliers = float((labels == -1).mean()) if len(labels) else 0.0
    t0 = time.perf_counter()
    if settings.reduce_outliers and (labels == -1).any() and (labels >= 0).any():
        labels = reduce_outliers(model, docs, labels, embeddings, settings=settings)
    timings["outliers"] = time.perf_counter() - t0
    coords = _plane(reduced, seed) if reduced is not None else None
    return Fit(
        model=model, labels=labels, raw_outlier_share=raw_outliers, coords=coords, timings=timings
    )


def reduce_outliers(
    model: Any,
    docs: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    *,
    settings: TopicSettings,
) -> np.ndarray:
    """Give outliers their nearest topic when similar enough, then update the representations."""
    with quiet_bertopic():
        new = model.reduce_outliers(
            list(docs),
            labels.tolist(),
            strategy=settings.outlier_strategy,
            embeddings=embeddings,
            threshold=settings.outlier_threshold,
        )
        new = np.asarray(new, dtype=int)
        if (new != labels).any():
            model.update_topics(
                list(docs),
                topics=new.tolist(),
                top_n_words=settings.top_n_words,
                vectorizer_model=model.vectorizer_model,
                ctfidf_model=model.ctfidf_model,
                representation_model=model.representation_model,
            )
            set_topic_embeddings(model, new, embeddings)
    return new


def set_topic_embeddings(model: Any, labels: np.ndarray, embeddings: np.ndarray) -> None:
    """Topic vectors as centroids of their units' embeddings (BERTopic would use topic words)."""
    topics = sorted(set(labels.tolist()))
    model.topic_embeddings_ = np.vstack([embeddings[labels == t].mean(axis=0) for t in topics])


def _plane(reduced: np.ndarray, seed: int) -> np.ndarray:
    """2-D coordinates for the topic map: the first two principal axes of the UMAP space."""
    from sklearn.decomposition import PCA

    if reduced.shape[1] <= 2:
        return np.asarray(reduced, dtype=np.float32)
    return PCA(n_components=2, random_state=seed).fit_transform(reduced).astype(np.float32)


def represent(
    docs: Sequence[str],
    embeddings: np.ndarray,
    labels: np.ndarray,
    *,
    settings: TopicSettings,
    vocabulary: Sequence[str] | None,
) -> Any:
    """A BERTopic model whose clusters are given
    (k-means): only c-TF-IDF representations are computed.
    """
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction

    base = make_topic_model(settings, n_docs=len(docs), seed=0, vocabulary=vocabulary)
    model = BERTopic(
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=base.vectorizer_model,
        ctfidf_model=base.ctfidf_model,
        language="multilingual",
        top_n_words=settings.top_n_words,
        calculate_probabilities=False,
        verbose=False,
    )
    with quiet_bertopic():
        model.fit_transform(list(docs), embeddings=embeddings, y=np.asarray(labels, dtype=int))
    set_topic_embeddings(model, np.asarray(model.topics_), embeddings)
    return model
