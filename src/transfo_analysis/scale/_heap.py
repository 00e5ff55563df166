"""Keep freed memory in the worker's heap instead of giving it back to the system at once.

Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.
pre-spawn-environ``) so that unmanaged memory goes back to the system. Setting that variable
turns off glibc's dynamic mmap threshold: every block of 128 KiB or more is then mapped and
unmapped on each allocation. spaCy's components allocate arrays of that size for every batch, so
a worker took about 1.9 million page faults per 100,000 parsed words, 18 % of its CPU time in
the kernel, and two workers together parsed about 15 % slower than without the variable
(measured in benchmarks/README.md, « Le tas des workers »).

:class:`HeapPlugin` sets both thresholds explicitly with ``mallopt`` when a worker starts or
joins, on an embedded ``LocalCluster`` as on a cluster the user started: blocks up to 32 MiB
come from the heap and are reused, and the heap is trimmed beyond 64 MiB of free memory at its
top, so a long-lived worker still gives back what it no longer needs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

from distributed import WorkerPlugin

#: ``mallopt`` parameters (glibc's ``malloc.h``)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: blocks below this size come from the heap (glibc's dynamic maximum on 64-bit systems)
MMAP_THRESHOLD = 32 << 20
#: free memory at the top of the heap beyond this size goes back to the system
TRIM_THRESHOLD = 64 << 20


def keep_heap(
    *, mmap_threshold: int = MMAP_THRESHOLD, trim_threshold: int = TRIM_THRESHOLD
) -> bool:
    """Set glibc's mmap and trim thresholds in this process.

    Parameters
    ----------
    mmap_threshold
        Blocks of this size or more are mapped on their own (bytes).
    trim_threshold
        Free memory at the top of the heap beyond this is returned to the system (bytes).

    Returns
    -------
    bool
        Whether both were set (False where the C library is not glibc: nothing is changed).
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, mmap_threshold)) and bool(
        mallopt(M_TRIM_THRESHOLD, trim_threshold)
    )


class HeapPlugin(WorkerPlugin):
    """Apply :func:`keep_heap` on every worker, when it starts or joins."""

    name = "transfo-heap"

    def setup(self, worker: Any) -> None:  # noqa: D102 - WorkerPlugin hook
        keep_heap()
