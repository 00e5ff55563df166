"""Topic fits on one BLAS thread, so that the same inputs and seed give the same topics anywhere.

BLAS and LAPACK results depend on the number of threads they use: a randomised SVD (the TF-IDF/LSA
embedding) fitted on two threads and on one differ in their last bits, and UMAP then finds other
topics. A process's thread count depends on where it runs (Dask workers have one; a laptop's
process as many as its cores) and on what ran before in the same process. Measured on a million
answers: `transfo run` fitted the sample's embedding on one thread, a rerun of `transfo topics` on
two, and found 16 topics against 19 (``benchmarks/README.md``, session 27). On one thread, the
embedding's fit on 20,000 units took 0.66 s against 0.62 s on two.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS and LAPACK limited to one thread inside the block, or in each call of a function
    decorated with ``@one_blas_thread()`` (the previous limits are restored after).

    A limit applies only to the libraries already loaded: SciPy's own OpenBLAS (its SVD and
    eigensolvers) is loaded with ``scipy.linalg``, so it is imported first.
    """
    import scipy.linalg  # noqa: F401 (loads SciPy's BLAS, so that the limit reaches it)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        yield
