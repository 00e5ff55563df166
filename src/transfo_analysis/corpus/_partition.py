"""Partitions: stable chunks of documents, the unit of work of the per-partition stages.

A segment belongs to the partition of its document, chosen by a stable hash of ``doc_id``: the
same document always lands in the same partition whatever the machine, the run, the order of
the files or the number of workers. The number of partitions depends only on the size of the
corpus (:func:`n_partitions`), so a rerun on the same data cuts the same chunks.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator

import pandas as pd

from transfo_analysis.i18n import _

#: segments per partition aimed at by :func:`n_partitions` (a few minutes of spaCy on 2 cores)
SEGMENTS_PER_PARTITION = 20_000


def partition_of(doc_id: str, n: int) -> int:
    """The partition of a document among ``n``: a stable hash of its id.

    Parameters
    ----------
    doc_id
        The document's id (``Corpus.documents.doc_id``).
    n
        Number of partitions (at least 1).

    Returns
    -------
    int
        A number in ``range(n)``, the same on every machine and every run (unlike ``hash()``,
        which Python salts per process).
    """
    if n < 1:
        raise ValueError(_("the number of partitions must be at least 1, not {n}").format(n=n))
    digest = hashlib.blake2b(str(doc_id).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n


def n_partitions(n_segments: int, *, per_partition: int = SEGMENTS_PER_PARTITION) -> int:
    """How many partitions a corpus of ``n_segments`` is cut into (never fewer than 1).

    Parameters
    ----------
    n_segments
        Number of segments of the corpus.
    per_partition
        Segments aimed at per partition.

    Returns
    -------
    int
        ``ceil(n_segments / per_partition)``, at least 1: a function of the data only.
    """
    return max(1, math.ceil(n_segments / max(1, per_partition)))


def partitions(segments: pd.DataFrame, n: int) -> Iterator[tuple[int, pd.DataFrame]]:
    """Cut a segments table into its partitions, in partition order.

    Parameters
    ----------
    segments
        A table with a ``doc_id`` column (the corpus' segments, or any table per document).
    n
        Number of partitions (see :func:`n_partitions`).

    Yields
    ------
    tuple[int, pandas.DataFrame]
        The partition number and its rows, in their original order; empty partitions are left
        out.
    """
    ids = segments["doc_id"].astype(str)
    by_doc = {d: partition_of(d, n) for d in ids.unique()}
    part = ids.map(by_doc)
    for pid in sorted(set(by_doc.values())):
        yield pid, segments[part == pid]
