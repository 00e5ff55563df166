"""Topic fits run BLAS on one thread whatever the process's thread count: a randomised SVD fitted
on two threads and on one differ in their last bits, and UMAP then finds other topics (16 against
19 on a million answers between `transfo run` and a rerun of `transfo topics`, session 27)."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import transfo_analysis.topics._fit as fit_module
from transfo_analysis.config import TopicSettings
from transfo_analysis.topics import fit_kmeans_baseline, fit_topics
from transfo_analysis.topics._lexical import TfidfBackend
from transfo_analysis.topics._threads import one_blas_thread


def _blas_threads() -> set[int]:
    return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}


@pytest.fixture
def two_threads():
    if not any(i["user_api"] == "blas" for i in threadpool_info()):
        pytest.skip("no BLAS library seen by threadpoolctl")
    with threadpool_limits(2, user_api="blas"):
        assert _blas_threads() == {2}
        yield


def test_one_blas_thread_limits_then_restores(two_threads):
    with one_blas_thread():
        assert _blas_threads() == {1}

    @one_blas_thread()
    def inside() -> set[int]:
        return _blas_threads()

    assert inside() == {1} and inside() == {1}
    assert _blas_threads() == {2}


@pytest.mark.slow
def test_embedding_and_topic_fits_run_on_one_blas_thread(synthetic, two_threads, monkeypatch):
    corpus, tokens, _ = synthetic
    seen: dict[str, list[set[int]]] = {"embedding": [], "bertopic": []}
    fit_embedding = TfidfBackend.fit
    run_bertopic = fit_module.run_bertopic

    def recorded_fit(self, *args, **kwargs):
        seen["embedding"].append(_blas_threads())
        return fit_embedding(self, *args, **kwargs)

    def recorded_run(*args, **kwargs):
        seen["bertopic"].append(_blas_threads())
        return run_bertopic(*args, **kwargs)

    monkeypatch.setattr(TfidfBackend, "fit", recorded_fit)
    monkeypatch.setattr(fit_module, "run_bertopic", recorded_run)
    settings = TopicSettings(min_words=10)
    fit_topics(corpus, tokens, settings=settings, stability=False, show_progress=False)
    fit_kmeans_baseline(corpus, tokens, k=4, settings=settings)
    assert seen["embedding"] == [{1}, {1}] and seen["bertopic"] == [{1}]
    assert _blas_threads() == {2}  # restored for the caller


def test_a_randomised_svd_depends_on_the_thread_count():
    """Why the limit: the same seeded SVD on one and on two threads (when BLAS has two)."""
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    if max((i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"), default=1) < 2:
        pytest.skip("one BLAS thread on this machine: nothing to compare")
    x = sp.random(20_000, 8_000, density=0.002, format="csr", dtype=np.float32, random_state=1)

    def components(threads: int) -> np.ndarray:
        with threadpool_limits(threads, user_api="blas"):
            svd = TruncatedSVD(100, algorithm="randomized", n_iter=5, random_state=42)
            return svd.fit(x).components_

    one = components(1)
    assert np.array_equal(one, components(1))  # deterministic on one thread
    assert not np.array_equal(one, components(2))
