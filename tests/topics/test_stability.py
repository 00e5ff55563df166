"""Stability measures on constructed runs, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from transfo_analysis.topics import match_topics, stability_summary

REFERENCE = [0, 0, 0, 0, 1, 1, 1, 2, 2, -1]


def test_relabelled_run_is_perfectly_stable():
    relabelled = [2, 2, 2, 2, 0, 0, 0, 1, 1, -1]
    summary, per_topic = stability_summary([REFERENCE, relabelled], seeds=[1, 2])
    assert summary["ari_mean"] == pytest.approx(1.0)
    assert summary["overlap_mean"] == pytest.approx(1.0)
    assert per_topic.to_dict() == {0: 1.0, 1: 1.0, 2: 1.0}
    assert summary["seeds"] == [1, 2] and summary["n_topics"] == [3, 3]


def test_matched_overlap_by_hand():
    # topic 0 loses one unit to topic 1; topic 2 dissolves into outliers
    other = [5, 5, 5, 7, 7, 7, 7, -1, -1, -1]
    m = match_topics(REFERENCE, other).set_index("topic")
    assert m.loc[0, "matched"] == 5 and m.loc[0, "jaccard"] == pytest.approx(3 / 4)
    assert m.loc[1, "matched"] == 7 and m.loc[1, "jaccard"] == pytest.approx(3 / 4)
    assert m.loc[2, "matched"] == -1 and m.loc[2, "jaccard"] == 0.0
    summary, per_topic = stability_summary([REFERENCE, other])
    assert summary["overlap_mean"] == pytest.approx((4 * 0.75 + 3 * 0.75 + 2 * 0) / 9)
    assert 0 < summary["ari_mean"] < 1


def test_ari_over_every_pair_and_against_the_reference():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 3, size=len(REFERENCE)).tolist()
    summary, _ = stability_summary([REFERENCE, REFERENCE, noise])
    assert len(summary["ari_reference"]) == 2 and summary["ari_reference"][0] == pytest.approx(1.0)
    assert summary["ari_min"] <= summary["ari_mean"] <= 1.0


def test_needs_two_runs_on_the_same_units():
    with pytest.raises(ValueError):
        stability_summary([REFERENCE])
    with pytest.raises(ValueError):
        match_topics(REFERENCE, REFERENCE[:-1])
