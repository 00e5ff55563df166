"""Partitions: stable chunks of documents, the unit of work of the per-partition stages.

A segment belongs to the partition of its document, chosen by a stable hash of ``doc_id``: the
same document always lands in the same partition whatever the machine, the run, the order of
the files or the number of workers. The number of partitions depends only on the size of the
corpus (:func:`n_partitions`), so a rerun on the same data cuts the same chunks.

A survey or consultation file is one document (per territory) holding thousands of independent
respondents: its segments are partitioned by respondent instead (:func:`partition_keys`), so
the 74,733 answers of the Grand Débat sample spread over the partitions instead of making one
giant task. An interview, a workshop or an observation always stays whole in one partition.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator

import pandas as pd

from transfo_analysis.i18n import _

#: segments per partition aimed at by :func:`n_partitions` (a few minutes of spaCy on 2 cores)
SEGMENTS_PER_PARTITION = 20_000

#: methods whose documents gather independent respondents, partitioned by speaker
RESPONDENT_METHODS = ("questionnaire", "consultation")


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


def partition_keys(segments: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.Series:
    """The key each segment is partitioned by: its document, or its respondent in a survey.

    Segments of a document whose ``method`` is in :data:`RESPONDENT_METHODS` (a questionnaire or
    a consultation export: one document per territory, one speaker per respondent) are keyed by
    ``speaker_id``, so such a file is spread over the partitions while each respondent's answers
    stay together; every other document (interview, workshop, observation) is keyed by its
    ``doc_id`` and stays whole. The key depends on the data only.

    Parameters
    ----------
    segments
        The corpus' segments (``doc_id``, and ``speaker_id`` for respondents).
    documents
        The corpus' documents (``doc_id``, ``method``); without it every segment is keyed by
        its document.

    Returns
    -------
    pandas.Series
        One string per segment, aligned with ``segments``; pass it to :func:`partitions` as
        ``key``.
    """
    keys = segments["doc_id"].astype(str)
    if documents is None or "speaker_id" not in segments or not len(documents):
        return keys
    methods = documents.set_index(documents["doc_id"].astype(str))["method"]
    by_respondent = keys.map(methods).isin(RESPONDENT_METHODS)
    speakers = segments["speaker_id"].astype(str)
    return keys.where(~by_respondent, keys + "/" + speakers).rename("partition_key")


def partitions(
    segments: pd.DataFrame, n: int, *, key: pd.Series | None = None
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Cut a segments table into its partitions, in partition order.

    Parameters
    ----------
    segments
        A table with a ``doc_id`` column (the corpus' segments, or any table per document).
    n
        Number of partitions (see :func:`n_partitions`).
    key
        The key hashed per row, in the order of ``segments``' rows (default: ``doc_id``); see
        :func:`partition_keys`.

    Yields
    ------
    tuple[int, pandas.DataFrame]
        The partition number and its rows, in their original order; empty partitions are left
        out.
    """
    ids = pd.Series(segments["doc_id"] if key is None else key).astype(str)
    by_doc = {d: partition_of(d, n) for d in ids.unique()}
    part = ids.map(by_doc).to_numpy()  # positional: ``key`` need not share the index
    for pid in sorted(set(by_doc.values())):
        yield pid, segments[part == pid]


def partition_labels(documents: pd.DataFrame, chunks: list[tuple[int, pd.DataFrame]]) -> list[str]:
    """« partition 3 : a.trs, b.trs » for each partition, naming its source files.

    Parameters
    ----------
    documents
        The corpus' documents (``doc_id``, ``source_path``).
    chunks
        The partitions, as :func:`partitions` yields them.

    Returns
    -------
    list of str
        One French label per partition, with at most three file names (and how many more).
    """
    source = dict(zip(documents["doc_id"], documents["source_path"], strict=True))
    labels = []
    for pid, part in chunks:
        files = sorted({str(source.get(d, d)) for d in part["doc_id"]})
        shown = ", ".join(files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
        labels.append(_("partition {n}: {files}").format(n=pid, files=shown))
    return labels
