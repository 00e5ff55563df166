"""Agreement against hand-computed values, the krippendorff package and scikit-learn."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from transfo_analysis.coding import (
    agreement,
    cohen_kappa,
    confusion_matrix,
    disagreements,
    pairwise_kappa,
    units_from_documents,
)

X = [1, 1, 0, 0, 1, 0, 0, 0, 1, 0]
Y = [1, 0, 0, 0, 1, 0, 1, 0, 1, 0]
UNITS = [f"u{i}" for i in range(10)]


def _codings(matrix: dict[str, list[int]], code: str = "A") -> pd.DataFrame:
    rows = [
        {"segment_id": u, "code": code, "coder": coder}
        for coder, values in matrix.items()
        for u, v in zip(UNITS, values, strict=False)
        if v == 1
    ]
    return pd.DataFrame(rows)


def test_two_coders_match_the_hand_computation():
    # p_o = 8/10; p_e = .4*.4 + .6*.6 = .52 -> kappa = .28/.48
    # alpha = 1 - (n-1) * off-diagonal coincidences / sum n_c n_k = 1 - 19 * 4 / (2 * 8 * 12)
    table = agreement(_codings({"x": X, "y": Y}), units=UNITS).set_index("code")
    assert table.loc["A", "percent_agreement"] == pytest.approx(0.8)
    assert table.loc["A", "cohen_kappa"] == pytest.approx(0.28 / 0.48)
    assert table.loc["A", "krippendorff_alpha"] == pytest.approx(1 - 19 * 4 / 192)
    assert table.loc["A", "n_units"] == 10 and table.loc["A", "n_coded"] == 5
    assert cohen_kappa(np.array(X), np.array(Y)) == pytest.approx(cohen_kappa_score(X, Y))
    assert table.loc["A", "krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=[X, Y], level_of_measurement="nominal")
    )


def test_three_coders_with_units_not_read():
    # u1: 1 1 1 ; u2: 1 0 - ; u3: 0 0 0 ; u4: - 1 1  -> alpha = 1 - 9 * 2 / (2 * 4 * 6) = 0.625
    read = pd.DataFrame(
        [
            ("u1", "a"),
            ("u2", "a"),
            ("u3", "a"),
            ("u1", "b"),
            ("u2", "b"),
            ("u3", "b"),
            ("u4", "b"),
            ("u1", "c"),
            ("u3", "c"),
            ("u4", "c"),
        ],
        columns=["segment_id", "coder"],
    )
    codings = pd.DataFrame(
        [
            ("u1", "A", "a"),
            ("u2", "A", "a"),
            ("u1", "A", "b"),
            ("u4", "A", "b"),
            ("u1", "A", "c"),
            ("u4", "A", "c"),
        ],
        columns=["segment_id", "code", "coder"],
    )
    table = agreement(codings, units=read).set_index("code")
    assert table.loc["A", "krippendorff_alpha"] == pytest.approx(0.625)
    data = [[1, 1, 0, np.nan], [1, 0, 0, 1], [1, np.nan, 0, 1]]
    assert table.loc["A", "krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )
    # pairwise percentage: (a,b) 2/3, (a,c) 2/2, (b,c) 3/3 -> 7/8
    assert table.loc["A", "percent_agreement"] == pytest.approx(7 / 8)


def test_uncoded_segments_absent_or_missing():
    # x codes u0 and u1; y codes u0 and u2 (A) and u1 (B); u3 read by both, coded by nobody
    codings = pd.DataFrame(
        [("u0", "A", "x"), ("u1", "A", "x"), ("u0", "A", "y"), ("u2", "A", "y"), ("u1", "B", "y")],
        columns=["segment_id", "code", "coder"],
    )
    absent = agreement(codings, units=["u0", "u1", "u2", "u3"]).set_index("code")
    # A: x 1 1 0 0, y 1 0 1 0 -> p_o = .5
    assert absent.loc["A", "percent_agreement"] == pytest.approx(0.5)
    missing = agreement(codings, units=["u0", "u1", "u2", "u3"], uncoded="missing").set_index(
        "code"
    )
    # x gave no code to u2, u3; y none to u3: A is compared on u0 and u1 only -> 1 of 2
    assert missing.loc["A", "n_units"] == 2
    assert missing.loc["A", "percent_agreement"] == pytest.approx(0.5)
    # set of codes: u0 {A}={A}, u1 {A}≠{A,B}, u2 {} ≠ {A}, u3 {} = {}
    assert absent.loc["(ensemble de codes)", "percent_agreement"] == pytest.approx(0.5)


def test_pooled_and_set_alpha_match_the_library():
    rng = np.random.default_rng(0)
    codes = ["A", "B", "C"]
    rows = [
        (f"u{u}", c, coder)
        for u in range(60)
        for coder in ("p", "q", "r")
        for c in codes
        if rng.random() < 0.3
    ]
    codings = pd.DataFrame(rows, columns=["segment_id", "code", "coder"])
    units = [f"u{u}" for u in range(60)]
    table = agreement(codings, units=units).set_index("code")
    present = {(s, c, k) for s, c, k in rows}
    pooled = [
        [1.0 if (u, c, k) in present else 0.0 for u in units for c in codes]
        for k in ("p", "q", "r")
    ]
    assert table.loc["(binaire, toutes)", "krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal")
    )
    sets = {}
    data = [
        [
            sets.setdefault(frozenset(c for c in codes if (u, c, k) in present), len(sets))
            for u in units
        ]
        for k in ("p", "q", "r")
    ]
    assert table.loc["(ensemble de codes)", "krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.array(data, dtype=float), level_of_measurement="nominal"
        )
    )
    assert table.loc["(moyenne)", "krippendorff_alpha"] == pytest.approx(
        table.loc[codes, "krippendorff_alpha"].mean()
    )


def test_no_variation_gives_nan_not_a_crash():
    codings = pd.DataFrame(
        [("u0", "A", "x"), ("u0", "A", "y")], columns=["segment_id", "code", "coder"]
    )
    table = agreement(codings, units=["u0"]).set_index("code")
    assert np.isnan(table.loc["A", "krippendorff_alpha"]) and np.isnan(
        table.loc["A", "cohen_kappa"]
    )
    assert table.loc["A", "percent_agreement"] == 1.0


def test_suggestions_do_not_count_and_empty_codes_mark_reading():
    codings = pd.DataFrame(
        {
            "segment_id": ["u0", "u0", "u1", "u1"],
            "code": ["A", "A", "", "A"],
            "coder": ["x", "y", "x", "y"],
            "status": ["accepted", "accepted", None, "suggested"],
        }
    )
    table = agreement(codings).set_index("code")
    assert table.loc["A", "n_units"] == 2 and table.loc["A", "percent_agreement"] == 1.0


def test_confusion_matrices_and_disagreements(corpus):
    codings = pd.DataFrame(
        [
            ("D1-t1", "A", "x"),
            ("D1-t1", "A", "y"),
            ("D1-t3", "A", "x"),
            ("D1-t3", "B", "y"),
            ("D1-t5", "B", "x"),
        ],
        columns=["segment_id", "code", "coder"],
    )
    units = ["D1-t1", "D1-t3", "D1-t5"]
    two = confusion_matrix(codings, "x", "y", code="A", units=units)
    assert two.to_numpy().tolist() == [[1, 1], [0, 1]]
    full = confusion_matrix(codings, "x", "y", units=units)
    assert full.loc["A", "A"] == 1 and full.loc["A", "B"] == 1 and full.loc["B", "(aucun)"] == 1
    dis = disagreements(codings, units=units, segments=corpus.segments)
    assert dis[["segment_id", "code", "coded_by", "not_coded_by"]].values.tolist() == [
        ["D1-t3", "A", "x", "y"],
        ["D1-t3", "B", "y", "x"],
        ["D1-t5", "B", "x", "y"],
    ]
    assert dis["text"].str.len().gt(0).all()
    kappas = pairwise_kappa(codings, units=units)
    assert kappas.loc["x", "y"] == kappas.loc["y", "x"] and kappas.loc["x", "x"] == 1


def test_default_units_are_the_documents_both_coders_coded(corpus):
    codings = pd.DataFrame(
        [("D1-t1", "A", "x"), ("D1-t3", "A", "y"), ("D2-t7", "A", "x")],
        columns=["segment_id", "code", "coder"],
    )
    units = units_from_documents(corpus.segments, codings, coders=["x", "y"])
    assert units == ["D1-t1", "D1-t3", "D1-t5"]  # respondents' turns of D1 only
    table = agreement(codings, segments=corpus.segments).set_index("code")
    assert table.loc["A", "n_units"] == 3 and table.loc["A", "percent_agreement"] == pytest.approx(
        1 / 3
    )


@pytest.mark.parametrize("n_values", [2, 5, 40])
def test_closed_form_alpha_matches_the_library(n_values):
    from transfo_analysis.coding.agreement import _alpha, nominal_alpha

    rng = np.random.default_rng(n_values)
    x = rng.integers(0, n_values, size=(3, 300)).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    expected = krippendorff.alpha(reliability_data=x, level_of_measurement="nominal")
    assert nominal_alpha(x) == pytest.approx(expected)
    assert _alpha(x) == pytest.approx(
        expected
    )  # the library below 32 values, the closed form above
