"""Partitions depend on the data only: stable ids, sizes, atomic partition files."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from transfo_analysis.scale import (
    MAX_PARTITIONS,
    assign_partitions,
    partition_count,
    partition_of,
    partition_seed,
    read_partitions,
    split,
    write_partition,
    written_partitions,
)


def test_partition_of_is_the_same_in_another_process():
    ids = [f"D{i:04d}" for i in range(50)] + ["entretien-Valcourt-été"]
    here = [partition_of(i, 8) for i in ids]
    code = (
        "from transfo_analysis.scale import partition_of;"
        f"print([partition_of(i, 8) for i in {ids!r}])"
    )
    # another interpreter, another hash seed: Python's salted hash() would differ
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", **__import__("os").environ},
    ).stdout
    assert eval(out) == here
    assert set(here) <= set(range(8)) and len(set(here)) > 4  # spread, not all in one


@pytest.mark.parametrize(
    ("n_words", "expected"),
    [(0, 1), (250_000, 1), (250_001, 2), (1_000_000, 4), (1_000_001, 8), (2_360_000, 16)],
)
def test_partition_count_is_a_power_of_two_from_the_size(n_words, expected):
    assert partition_count(n_words) == expected


def test_partition_count_is_capped():
    assert partition_count(10**12) == MAX_PARTITIONS


def test_partition_seed_depends_on_seed_and_partition_only():
    assert partition_seed(42, 3) == partition_seed(42, 3)
    assert len({partition_seed(42, p) for p in range(16)}) == 16
    assert partition_seed(42, 3) != partition_seed(43, 3)


def test_split_keeps_documents_together_and_order_inside():
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "a", "c", "b", "a"],
            "segment_id": ["a1", "b1", "a2", "c1", "b2", "a3"],
        }
    )
    parts = dict(split(frame, 4))
    for rows in parts.values():
        for _, doc in rows.groupby("doc_id"):
            assert doc.equals(frame[frame["doc_id"] == doc["doc_id"].iloc[0]])
    assert sum(len(r) for r in parts.values()) == len(frame)
    assert assign_partitions(frame, 4).tolist() == [partition_of(d, 4) for d in frame["doc_id"]]


def test_partitioned_table_round_trip_sorted_by_id(tmp_path):
    frame = pd.DataFrame({"doc_id": [f"D{i}" for i in range(40)], "n": range(40)})
    shuffled = frame.sample(frac=1, random_state=1)
    for index, rows in split(shuffled, 8):
        write_partition(tmp_path, index, rows)
    assert written_partitions(tmp_path) == sorted({partition_of(d, 8) for d in frame["doc_id"]})
    back = read_partitions(tmp_path, sort_by="n")
    pd.testing.assert_frame_equal(back, frame)
    assert not list(tmp_path.glob("*.tmp"))


def test_a_failed_write_leaves_the_previous_partition_whole(tmp_path):
    good = pd.DataFrame({"doc_id": ["a"], "n": [1]})
    write_partition(tmp_path, 0, good)

    class Boom(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):
            raise OSError("disque plein")

    with pytest.raises(OSError):
        write_partition(tmp_path, 0, Boom({"doc_id": ["b"], "n": [2]}))
    pd.testing.assert_frame_equal(read_partitions(tmp_path), good)
    assert not list(tmp_path.glob(".*tmp"))
