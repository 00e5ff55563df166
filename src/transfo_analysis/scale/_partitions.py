"""Partitions that depend on the data, never on the machine.

A corpus is cut into a fixed number of partitions by a stable hash of each document's id, so
that the same corpus gives the same partitions on a laptop, on an embedded ``LocalCluster`` or on
a real cluster, whatever the number of workers. The number of partitions is chosen from the
corpus size alone (a power of two, so that a growing corpus splits partitions instead of
reshuffling every document). Seeds are derived from (global seed, partition id), never from
worker state.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

#: words per partition aimed at: a few dozen megabytes of text, as spaCy's maintainers advise
WORDS_PER_PARTITION = 250_000
#: never more partitions than this (the task overhead would dominate)
MAX_PARTITIONS = 1024
#: file name pattern of a partition inside a partitioned table folder
PART_NAME = "part-{index:05d}.parquet"


def partition_of(doc_id: str, n_partitions: int) -> int:
    """Partition of a document: a stable hash of its id, modulo the number of partitions.

    Parameters
    ----------
    doc_id
        The document's id (any string; the same id always lands in the same partition).
    n_partitions
        How many partitions the corpus has (see :func:`partition_count`).

    Returns
    -------
    int
        A number in ``range(n_partitions)``, identical in every process and on every machine
        (Python's ``hash()`` is salted per process and is never used).
    """
    if n_partitions < 1:
        raise ValueError("n_partitions must be at least 1")
    digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n_partitions


def partition_count(n_words: int, *, words_per_partition: int = WORDS_PER_PARTITION) -> int:
    """Number of partitions for a corpus of ``n_words`` words.

    The smallest power of two such that a partition holds at most ``words_per_partition``
    words on average, capped at :data:`MAX_PARTITIONS`. It depends on the corpus only.
    """
    if n_words <= words_per_partition:
        return 1
    wanted = math.ceil(n_words / words_per_partition)
    return min(MAX_PARTITIONS, 1 << (wanted - 1).bit_length())


def partition_seed(seed: int, partition: int) -> int:
    """Seed of one partition's random work, derived from the global seed and the partition id."""
    digest = hashlib.blake2b(f"{seed}:{partition}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def assign_partitions(frame: pd.DataFrame, n_partitions: int, *, key: str = "doc_id") -> pd.Series:
    """The partition of every row of a table, from its ``key`` column (a document id)."""
    codes, uniques = pd.factorize(frame[key].astype(str))
    index = np.array([partition_of(u, n_partitions) for u in uniques], dtype="int32")
    return pd.Series(index[codes], index=frame.index, name="partition")


def split(
    frame: pd.DataFrame, n_partitions: int, *, key: str = "doc_id"
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Yield ``(partition, rows)`` for every non-empty partition, in partition order.

    Rows keep their original order inside a partition.
    """
    parts = assign_partitions(frame, n_partitions, key=key)
    for index, rows in frame.groupby(parts.to_numpy(), sort=True):
        yield int(index), rows


def write_partition(folder: str | Path, index: int, rows: pd.DataFrame) -> Path:
    """Write one partition of a partitioned table, atomically (never half-written).

    The partition is written to a unique temporary file in the same folder, then renamed over
    its final name: a reader, or a run interrupted by ``kill -9``, sees either the previous
    complete file or the new complete file.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PART_NAME.format(index=index)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        rows.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def written_partitions(folder: str | Path) -> list[int]:
    """Indices of the partitions already written in a partitioned table folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("part-*.parquet"):
        try:
            out.append(int(path.stem.split("-", 1)[1]))
        except ValueError:
            continue
    return sorted(out)


def read_partitions(
    folder: str | Path,
    *,
    partitions: Iterable[int] | None = None,
    sort_by: str | list[str] | None = None,
) -> pd.DataFrame:
    """Read a partitioned table (all partitions, or the ones named), optionally sorted by id.

    Sorting by id makes the result independent of how many partitions or workers wrote it.
    """
    folder = Path(folder)
    wanted = written_partitions(folder) if partitions is None else sorted(set(partitions))
    frames = [pd.read_parquet(folder / PART_NAME.format(index=i)) for i in wanted]
    frames = [f for f in frames if len(f)] or frames[:1]
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if sort_by is not None:
        table = table.sort_values(sort_by, kind="stable").reset_index(drop=True)
    return table
