"""Partitions: stable chunks of documents, the unit of work of the per-partition stages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from transfo_analysis.corpus import n_partitions, partition_of, partitions

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


def test_a_document_lands_in_the_same_partition_in_every_process():
    ids = [f"entretien-{i:03d}" for i in range(50)]
    here = [partition_of(d, 7) for d in ids]
    code = (
        "from transfo_analysis.corpus import partition_of;"
        f"print([partition_of(d, 7) for d in {ids!r}])"
    )
    # another interpreter, another hash salt: Python's hash() would differ, ours must not
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "123"},
    ).stdout
    assert json.loads(other) == here
    assert set(here) <= set(range(7)) and len(set(here)) > 3  # spread, in range


def test_the_number_of_partitions_depends_on_the_size_only():
    assert n_partitions(0) == 1
    assert n_partitions(20_000) == 1
    assert n_partitions(20_001) == 2
    assert n_partitions(173_836) == 9
    assert n_partitions(10, per_partition=3) == 4
    with pytest.raises(ValueError, match="at least 1"):
        partition_of("doc", 0)


def test_partitions_cover_every_row_once_and_keep_documents_together():
    segs = pd.DataFrame(
        {
            "doc_id": [f"d{i % 13}" for i in range(200)],
            "segment_id": [f"s{i}" for i in range(200)],
        }
    )
    parts = list(partitions(segs, 4))
    joined = pd.concat([p for _, p in parts])
    assert sorted(joined["segment_id"]) == sorted(segs["segment_id"])
    assert [pid for pid, _ in parts] == sorted(pid for pid, _ in parts)
    for pid, part in parts:
        assert {partition_of(d, 4) for d in part["doc_id"]} == {pid}
        assert list(part.index) == sorted(part.index)  # original order kept
    shuffled = segs.sample(frac=1, random_state=3)
    again = {pid: set(p["segment_id"]) for pid, p in partitions(shuffled, 4)}
    assert again == {pid: set(p["segment_id"]) for pid, p in parts}
