"""Partitioned tables: one file per partition, written atomically, read back sorted by id."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.corpus import partition_of, partitions
from transfo_analysis.scale import (
    partition_seed,
    read_partitions,
    split_parquet,
    write_partition,
    written_partitions,
)


def test_partition_seed_depends_on_seed_and_partition_only():
    assert partition_seed(42, 3) == partition_seed(42, 3)
    assert len({partition_seed(42, p) for p in range(16)}) == 16
    assert partition_seed(42, 3) != partition_seed(43, 3)


def test_partitioned_table_round_trip_sorted_by_id(tmp_path):
    frame = pd.DataFrame({"doc_id": [f"D{i}" for i in range(40)], "n": range(40)})
    shuffled = frame.sample(frac=1, random_state=1)
    for index, rows in partitions(shuffled, 8):
        write_partition(tmp_path, index, rows)
    assert written_partitions(tmp_path) == sorted({partition_of(d, 8) for d in frame["doc_id"]})
    back = read_partitions(tmp_path, sort_by="n")
    pd.testing.assert_frame_equal(back, frame)
    some = read_partitions(tmp_path, partitions=[partition_of("D3", 8)], sort_by="n")
    assert "D3" in set(some["doc_id"]) and len(some) < len(frame)
    assert not list(tmp_path.glob(".*"))


def test_a_failed_write_leaves_the_previous_partition_whole(tmp_path):
    good = pd.DataFrame({"doc_id": ["a"], "n": [1]})
    write_partition(tmp_path, 0, good)

    class Boom(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):
            raise OSError("disque plein")

    with pytest.raises(OSError):
        write_partition(tmp_path, 0, Boom({"doc_id": ["b"], "n": [2]}))
    pd.testing.assert_frame_equal(read_partitions(tmp_path), good)
    assert not list(tmp_path.glob(".*"))


def test_split_parquet_cuts_a_table_batch_by_batch_into_one_file_per_partition(tmp_path):
    rng = np.random.default_rng(0)
    ids = [f"s{i:04d}" for i in range(500)]
    table = pd.DataFrame(
        {
            "segment_id": np.repeat(ids, 7),
            "i": np.tile(np.arange(7, dtype="int32"), 500),
            "pos": pd.Categorical(rng.choice(["NOUN", "VERB", "PUNCT"], 3500)),
        }
    )
    source = tmp_path / "tokens.parquet"
    table.to_parquet(source, index=False)
    # partition 3 gets nothing; s0000…s0009 belong to none and are left out
    partition_of = {sid: int(sid[1:]) % 3 for sid in ids[10:]}
    with split_parquet(
        source, column="segment_id", partition_of=partition_of, n=4, folder=tmp_path,
        batch_rows=333,
    ) as files:  # fmt: skip
        assert len(files) == 4 and all(f.exists() for f in files)
        parts = [pd.read_parquet(f) for f in files]
        hidden = files[0].parent
        assert oct(hidden.stat().st_mode & 0o777) == "0o700"
    assert not hidden.exists()  # removed when the block ends
    assert len(parts[3]) == 0 and list(parts[3].columns) == list(table.columns)
    for k in range(3):
        expected = table[table["segment_id"].map(partition_of) == k].reset_index(drop=True)
        pd.testing.assert_frame_equal(parts[k], expected)  # rows in order, dtypes kept
    assert sum(len(p) for p in parts) == len(table) - 70
