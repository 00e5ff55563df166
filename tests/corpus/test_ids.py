"""in_ids: the same answer as Series.isin, whatever the ids come as."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.corpus import in_ids

IDS = ["entretien-1/3", "entretien-2/1", "consultation/R0007", None]


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", object])
@pytest.mark.parametrize(
    "ids",
    [
        ["entretien-2/1", "consultation/R0007"],
        {"entretien-2/1"},
        pd.Index(["consultation/R0007", "absent"]),
        pd.Series(["entretien-1/3"], dtype="string[pyarrow]"),
        [],
        [7, "entretien-1/3"],  # ids of another type: isin's answer, not an error
    ],
)
def test_same_answer_as_isin(dtype, ids):
    column = pd.Series(IDS, dtype=dtype)
    mask = in_ids(column, ids)
    assert mask.dtype == bool and len(mask) == len(column)
    np.testing.assert_array_equal(mask, column.isin(ids).to_numpy(dtype=bool))


def test_selects_tokens_of_the_wanted_segments():
    tokens = pd.DataFrame(
        {"segment_id": pd.Series(["a/1", "a/1", "a/2", "b/1"], dtype="str"), "i": range(4)}
    )
    assert tokens[in_ids(tokens["segment_id"], {"a/1", "b/1"})]["i"].tolist() == [0, 1, 3]
