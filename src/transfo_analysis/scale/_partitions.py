"""Partitioned tables: one Parquet file per partition, written atomically, read back sorted.

The partitions themselves (which document goes where) are the corpus's:
:func:`transfo_analysis.corpus.partition_of` and :func:`~transfo_analysis.corpus.n_partitions`
depend on the data only, never on the machine or the number of workers. Seeds of
partition-level random work are derived from (global seed, partition id), never from worker
state.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from transfo_analysis.provenance import atomic_path

#: file name pattern of a partition inside a partitioned table folder
PART_NAME = "part-{index:05d}.parquet"


def partition_seed(seed: int, partition: int) -> int:
    """Seed of one partition's random work, derived from the global seed and the partition id.

    Parameters
    ----------
    seed
        The project's seed.
    partition
        The partition's number.

    Returns
    -------
    int
        A 32-bit seed, the same on every machine, whichever worker runs the partition.
    """
    digest = hashlib.blake2b(f"{seed}:{partition}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def write_partition(folder: str | Path, index: int, rows: pd.DataFrame) -> Path:
    """Write one partition of a partitioned table, atomically (never half-written).

    A reader, or a run interrupted by ``kill -9``, sees either the previous complete file or the
    new complete file: a finished partition survives, a half-written one never exists.

    Parameters
    ----------
    folder
        The partitioned table's folder.
    index
        The partition's number.
    rows
        Its rows.

    Returns
    -------
    Path
        The partition's file.
    """
    target = Path(folder) / PART_NAME.format(index=index)
    with atomic_path(target) as tmp:
        rows.to_parquet(tmp, index=False)
    return target


def written_partitions(folder: str | Path) -> list[int]:
    """Numbers of the partitions already written in a partitioned table folder.

    Parameters
    ----------
    folder
        The partitioned table's folder (absent: none written).

    Returns
    -------
    list of int
        Sorted partition numbers.
    """
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
    """Read a partitioned table (all partitions, or the ones named), optionally sorted.

    Sorting by id makes the result independent of how many partitions or workers wrote it.

    Parameters
    ----------
    folder
        The partitioned table's folder.
    partitions
        Only these partitions (default: every one written).
    sort_by
        Column(s) to sort the rows by (a stable sort).

    Returns
    -------
    pandas.DataFrame
        The rows of the partitions read (an empty frame when none is written).
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


@contextmanager
def split_parquet(
    source: str | Path,
    *,
    column: str,
    partition_of: Mapping[str, int],
    n: int,
    folder: str | Path,
    batch_rows: int = 250_000,
) -> Iterator[list[Path]]:
    """Cut one Parquet table into one file per partition, a batch at a time, for the block.

    The table is read ``batch_rows`` rows at a time, so memory stays that of one batch whatever
    its size: a stage can then hand each task the file of its partition instead of loading the
    whole table (the tokens of a million answers are 23 M rows) to cut it.

    Parameters
    ----------
    source
        The Parquet file (one table, its pandas metadata kept in every part).
    column
        The column whose value says which partition a row goes to (``segment_id``).
    partition_of
        The partition (``0 … n-1``) of each value; rows whose value is not there are left out.
    n
        Number of partitions: every one gets a file, empty when no row goes there.
    folder
        A folder (seen by every worker, on a cluster) under which the parts are written, in a
        hidden sub-folder removed when the block ends.
    batch_rows
        Rows read at a time.

    Yields
    ------
    list of Path
        The file of each partition, by partition number (read them with
        :func:`pandas.read_parquet`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from transfo_analysis.scale._inputs import INPUTS_PREFIX

    where = Path(folder) / f"{INPUTS_PREFIX}{uuid.uuid4().hex[:12]}"
    where.mkdir(parents=True, exist_ok=True)
    where.chmod(0o700)  # the parts of a table are as private as the table
    try:
        table = pq.ParquetFile(source)
        schema = table.schema_arrow
        paths = [where / PART_NAME.format(index=i) for i in range(n)]
        writers = [pq.ParquetWriter(path, schema) for path in paths]
        try:
            lookup = pd.Series(partition_of, dtype="int64")
            for batch in table.iter_batches(batch_size=batch_rows):
                keys = pd.Series(batch.column(column).to_numpy(zero_copy_only=False))
                part = keys.map(lookup).fillna(-1).to_numpy(dtype="int64")
                rows = pa.Table.from_batches([batch], schema=schema)
                for i in pd.unique(part[part >= 0]):
                    writers[i].write_table(rows.filter(pa.array(part == i)))
        finally:
            for writer in writers:
                writer.close()
            pa.default_memory_pool().release_unused()  # the batches' buffers, kept by the pool
        yield paths
    finally:
        shutil.rmtree(where, ignore_errors=True)
