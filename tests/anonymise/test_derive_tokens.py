"""The pseudonymised tokens: rewritten segments in their place, every other row as it was."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.anonymise._tokens import derive_tokens, rebuild_tokens


def _tokens(n_segments: int, rng: random.Random) -> pd.DataFrame:
    rows = []
    for s in range(n_segments):
        start = 0
        for i in range(rng.randint(0, 6)):
            word = rng.choice(["Martin", "bus", "la", "mairie", "Lyon", "horaires"])
            rows.append(
                {
                    "segment_id": f"d/{s:03d}",
                    "i": i,
                    "start": start,
                    "end": start + len(word),
                    "text": word,
                    "lemma": word.lower(),
                    "pos": rng.choice(["NOUN", "PROPN", "DET"]),
                    "is_alpha": True,
                    "is_punct": False,
                    "like_num": False,
                    "is_stop": word == "la",
                }
            )
            start += len(word) + 1
    frame = pd.DataFrame(rows)
    frame["segment_id"] = frame["segment_id"].astype("string[pyarrow]")
    frame["pos"] = frame["pos"].astype("category")
    for col in ("i", "start", "end"):
        frame[col] = frame[col].astype("int32")
    return frame


def _reference(tokens, replacements):
    """The earlier derivation: every row re-sorted by segment order, start and end."""
    out = tokens.copy()
    out["is_pseudonym"] = False
    touched = [s for s, r in replacements.items() if r]
    mask = out["segment_id"].isin(touched).to_numpy()
    order = {seg: n for n, seg in enumerate(pd.unique(out["segment_id"]))}
    merged = pd.concat([out[~mask], *rebuild_tokens(out[mask], replacements)], ignore_index=True)
    merged["_order"] = merged["segment_id"].map(order)
    merged = merged.sort_values(["_order", "start", "end"], kind="stable").drop(columns="_order")
    merged["i"] = merged.groupby("segment_id", sort=False).cumcount().astype(tokens["i"].dtype)
    for col in ("start", "end"):
        merged[col] = merged[col].astype(tokens[col].dtype)
    merged["pos"] = merged["pos"].astype("category")
    return merged.reset_index(drop=True)[list(out.columns)]


def _replacements(tokens, rng):
    reps = {}
    for seg, rows in tokens.groupby("segment_id", sort=False, observed=True):
        names = rows[rows["text"].isin(["Martin", "Lyon"])]
        if len(names) and rng.random() < 0.7:
            reps[seg] = [
                (int(r.start), int(r.end), rng.choice(["[PERSONNE_1]", "Aline", "[LIEU_2]"]))
                for r in names.itertuples()
            ]
    return reps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_derived_tokens_equal_a_full_sort(seed):
    rng = random.Random(seed)
    tokens = _tokens(120, rng)
    reps = _replacements(tokens, rng)
    assert reps
    expected = _reference(tokens, reps)
    got = derive_tokens(tokens, reps)
    pd.testing.assert_frame_equal(got, expected)
    assert got["is_pseudonym"].sum() == sum(len(r) for r in reps.values())
    assert (got.groupby("segment_id", sort=False, observed=True)["i"].diff().dropna() == 1).all()


def test_tokens_rebuilt_per_partition_in_any_order_give_the_same_table():
    rng = random.Random(4)
    tokens = _tokens(200, rng)
    reps = _replacements(tokens, rng)
    touched = tokens[tokens["segment_id"].isin(list(reps))].assign(is_pseudonym=False)
    segs = list(reps)
    halves = [segs[1::2], segs[::2]]  # as workers return them: partition by partition
    rebuilt = [
        frame
        for half in halves
        for frame in rebuild_tokens(touched[touched["segment_id"].isin(half)], reps)
    ]
    pd.testing.assert_frame_equal(
        derive_tokens(tokens, reps, rebuilt=rebuilt), _reference(tokens, reps)
    )


def test_untouched_rows_are_unchanged_and_in_place():
    rng = random.Random(5)
    tokens = _tokens(60, rng)
    reps = _replacements(tokens, rng)
    got = derive_tokens(tokens, reps)
    kept = ~tokens["segment_id"].isin(list(reps)).to_numpy()
    got_kept = got[~got["segment_id"].isin(list(reps)).to_numpy()].drop(columns="is_pseudonym")
    pd.testing.assert_frame_equal(
        got_kept.reset_index(drop=True), tokens[kept].reset_index(drop=True)
    )
    assert np.array_equal(pd.unique(got["segment_id"]), pd.unique(tokens["segment_id"]))
