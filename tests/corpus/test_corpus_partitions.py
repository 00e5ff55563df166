"""Partitions: stable chunks of documents, the unit of work of the per-partition stages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.corpus import (
    group_rows,
    n_partitions,
    partition_keys,
    partition_of,
    partitions,
)

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


def _survey_and_interviews() -> tuple[pd.DataFrame, pd.DataFrame]:
    """One survey file (one document, 400 respondents) and 12 interviews of 30 turns."""
    documents = pd.DataFrame(
        {
            "doc_id": ["enquete"] + [f"entretien-{i}" for i in range(12)],
            "method": ["questionnaire"] + ["entretien"] * 12,
        }
    )
    survey = pd.DataFrame(
        {"doc_id": "enquete", "speaker_id": [f"enquete/R{i}" for i in range(400) for _ in (0, 1)]}
    )
    talks = pd.DataFrame(
        {
            "doc_id": [f"entretien-{i}" for i in range(12) for _ in range(30)],
            "speaker_id": [f"entretien-{i}/S{t % 2}" for i in range(12) for t in range(30)],
        }
    )
    segments = pd.concat([survey, talks], ignore_index=True)
    segments["segment_id"] = [f"s{i}" for i in range(len(segments))]
    return segments, documents


def test_a_survey_file_is_spread_by_respondent_and_interviews_stay_whole():
    segments, documents = _survey_and_interviews()
    keys = partition_keys(segments, documents)
    parts = dict(partitions(segments, 4, key=keys))
    # the survey's 800 answers are spread (no partition holds more than half of them) ...
    in_survey = [int((p["doc_id"] == "enquete").sum()) for p in parts.values()]
    assert sum(in_survey) == 800 and max(in_survey) < 400 and len(parts) == 4
    for part in parts.values():
        # ... each respondent's answers stay together, each interview stays whole
        survey = part["doc_id"] == "enquete"
        for col, rows in (("speaker_id", part[survey]), ("doc_id", part[~survey])):
            for value in rows[col].unique():
                assert (segments[col] == value).sum() == (part[col] == value).sum()
    # without documents (or their methods), everything is keyed by document as before
    assert list(partition_keys(segments)) == list(segments["doc_id"])
    # the keys are the data's: the same after shuffling the rows
    shuffled = segments.sample(frac=1, random_state=5)
    again = {
        pid: set(p["segment_id"])
        for pid, p in partitions(shuffled, 4, key=partition_keys(shuffled, documents))
    }
    assert again == {pid: set(p["segment_id"]) for pid, p in parts.items()}


@pytest.mark.shared
def test_grand_debat_answers_spread_over_partitions(shared):
    from transfo_analysis.corpus import ingest

    corpus, _ = ingest([shared / "grand-debat"], show_progress=False)
    segs = corpus.segments
    n = n_partitions(len(segs))
    before = [len(p) for _, p in partitions(segs, n)]
    after = [len(p) for _, p in partitions(segs, n, key=partition_keys(segs, corpus.documents))]
    assert len(corpus.documents) == 1 and before == [len(segs)]  # one document: one task
    assert n >= 4 and len(after) == n and sum(after) == len(segs)
    assert max(after) < 1.1 * len(segs) / n  # balanced within 10 %


def test_group_rows_splits_a_table_by_groups_of_ids_in_its_order():
    for dtype in ("string[pyarrow]", object):
        col = pd.Series(["b", "a", "c", "b", None, "d", "a"], dtype=dtype)
        rows = group_rows(col, [["a", "d"], ["b"], ["z"], ["c", "a"]])
        assert [r.tolist() for r in rows] == [[1, 5, 6], [0, 3], [], [2]]
        for got, ids in zip(rows, [["a", "d"], ["b"], ["z"], ["c"]], strict=True):
            mask = col.isin(ids).to_numpy()
            assert got.tolist() == np.flatnonzero(mask).tolist()
    assert group_rows(pd.Series([], dtype="string[pyarrow]"), [["a"]])[0].tolist() == []
    assert group_rows(pd.Series(["a"]), []) == []


def test_partitions_of_an_empty_table_are_none():
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=str)})
    assert list(partitions(empty, 3)) == []
