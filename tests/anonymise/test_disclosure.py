"""k-suppression of cells, rows and quotes, with secondary suppression against totals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from transfo_analysis.anonymise import (
    respondent_counts,
    suppress_cells,
    suppress_quotes,
    suppress_rows,
)
from transfo_analysis.anonymise.disclosure import secondary_mask


def test_cells_below_k_are_blanked_and_marked():
    table = pd.DataFrame({"usager": [12, 3], "agent": [8, 0]}, index=["Valcourt", "Sarne"])
    out = suppress_cells(table, k=5)
    assert (
        np.isnan(out.loc["Sarne", "usager"]) and out.loc["Sarne", "agent"] == 0
    )  # 0 reveals nobody
    assert out.loc["Valcourt", "usager"] == 12
    assert (
        out.attrs["n_suppressed"] == 1
        and out.attrs["suppressed"] == [[1, "usager"]]
        and out.attrs["n_secondary"] == 0
    )
    json_safe = json.dumps(out.attrs)
    assert "usager" in json_safe


def test_counts_given_apart_and_columns_restricted():
    means = pd.DataFrame({"satisfaction": [3.2, 4.5], "delai": [10.0, 2.0]}, index=["a", "b"])
    out = suppress_cells(means, pd.Series({"a": 20, "b": 2}), k=5, columns=["satisfaction"])
    assert np.isnan(out.loc["b", "satisfaction"]) and out.loc["b", "delai"] == 2.0


def test_secondary_suppression_against_totals():
    table = pd.DataFrame(
        {"usager": [12, 3, 15], "agent": [8, 9, 17], "Total": [20, 12, 32]},
        index=["Valcourt", "Sarne", "Total"],
    )
    out = suppress_cells(table, k=5)
    hidden = out.isna()
    # no row or column with a total keeps exactly one hidden cell
    for r in ["Valcourt", "Sarne"]:
        assert hidden.loc[r, ["usager", "agent"]].sum() != 1
    for c in ["usager", "agent"]:
        assert hidden.loc[["Valcourt", "Sarne"], c].sum() != 1
    assert not hidden["Total"].any() and not hidden.loc["Total"].any()
    assert out.attrs["n_secondary"] == 3 and out.attrs["n_suppressed"] == 4
    assert suppress_cells(table, k=5, secondary=False).attrs["n_suppressed"] == 1


def test_secondary_mask_without_totals_adds_nothing():
    values = pd.DataFrame({"a": [1, 10], "b": [10, 10]})
    primary = values < 5
    assert not secondary_mask(values, primary).to_numpy().any()


def test_rows_and_total_row():
    groups = pd.DataFrame(
        {
            "groupe": ["A", "B", "C", "Total"],
            "n_respondents": [3, 10, 12, 25],
            "score": [1.0, 2.0, 3.0, 2.5],
        }
    )
    out = suppress_rows(groups, k=5)
    assert out["suppressed"].tolist() == [True, True, False, False]
    assert np.isnan(out.loc[1, "score"]) and out.attrs["n_secondary"] == 1
    plain = suppress_rows(groups.iloc[:3], k=5)
    assert plain["suppressed"].tolist() == [True, False, False] and plain.attrs["n_secondary"] == 0


def test_quotes_withheld_for_small_groups():
    segments = pd.DataFrame(
        {
            "speaker_id": [f"s{i}" for i in range(7)],
            "territory": ["v"] * 6 + ["s"],
            "role": ["usager"] * 5 + ["agent", "agent"],
        }
    )
    speakers = pd.DataFrame(
        {
            "speaker_id": [f"s{i}" for i in range(7)],
            "person_id": ["p0", "p0", "p2", "p3", "p4", "p5", "p6"],
        }
    )
    quotes = pd.DataFrame(
        {
            "territory": ["v", "v", "s"],
            "role": ["usager", "agent", "agent"],
            "speaker_id": ["s0", "s5", "s6"],
            "text": ["a", "b", "c"],
        }
    )
    out = suppress_quotes(quotes, segments, k=4)
    assert out["suppressed"].tolist() == [False, True, True] and out.loc[1, "text"].startswith(
        "[citation masquée"
    )
    by_person = suppress_quotes(quotes, segments, speakers=speakers, k=5)
    assert by_person["suppressed"].tolist() == [True, True, True]  # p0 spoke twice: 4 persons
    counts = respondent_counts(segments, ["territory"], speakers=speakers)
    assert counts.to_dict() == {"s": 1, "v": 5}


# -- complementary suppression across a table, its margins and other tables -----------------------
def _who_was_heard():
    """Key figures (totals) and voices per role of one territory, as two tables share them."""
    from transfo_analysis.anonymise.disclosure import Relation  # noqa: F401 (public name)

    values = {
        ("total", "n"): 103.0,
        ("usager", "n"): 94.0,
        ("agent", "n"): 8.0,
        ("encadrant", "n"): 6.0,
        ("elu", "n"): 1.0,
    }
    values[("total", "n")] = sum(v for c, v in values.items() if c[0] != "total")
    relations = [
        (("total", "n"), [("usager", "n"), ("agent", "n"), ("encadrant", "n"), ("elu", "n")])
    ]
    return values, relations


def test_a_lone_masked_role_is_recoverable_and_complementary_suppression_hides_the_next_smallest():
    from transfo_analysis.anonymise.disclosure import (
        complementary_suppression,
        recoverable_cells,
    )

    values, relations = _who_was_heard()
    assert recoverable_cells(values, {("elu", "n")}, relations) == {("elu", "n")}
    secondary = complementary_suppression(values, {("elu", "n")}, relations)
    assert secondary == {("encadrant", "n")}  # the smallest other role, not the total
    assert recoverable_cells(values, {("elu", "n"), ("encadrant", "n")}, relations) == set()


def test_a_single_role_hides_the_total_itself():
    from transfo_analysis.anonymise.disclosure import complementary_suppression

    values = {("total", "n"): 3.0, ("elu", "n"): 3.0}
    relations = [(("total", "n"), [("elu", "n")])]
    assert complementary_suppression(values, {("elu", "n")}, relations) == {("total", "n")}


def test_suppression_holds_across_two_tables_sharing_cells():
    """A 2 × 3 table with row and column margins: every row and column relation is audited."""
    from transfo_analysis.anonymise.disclosure import (
        complementary_suppression,
        recoverable_cells,
    )

    grid = {("a", 1): 20, ("a", 2): 3, ("a", 3): 40, ("b", 1): 25, ("b", 2): 30, ("b", 3): 35}
    values = {c: float(v) for c, v in grid.items()}
    relations = []
    for r in "ab":
        values[(r, "T")] = float(sum(grid[(r, c)] for c in (1, 2, 3)))
        relations.append(((r, "T"), [(r, c) for c in (1, 2, 3)]))
    for c in (1, 2, 3):
        values[("T", c)] = float(grid[("a", c)] + grid[("b", c)])
        relations.append((("T", c), [("a", c), ("b", c)]))
    primary = {("a", 2)}
    secondary = complementary_suppression(values, primary, relations)
    # at least the hypercube's rectangle of four hidden cells (the greedy choice may hide more)
    assert 3 <= len(secondary) <= 5 and not primary & secondary
    assert recoverable_cells(values, primary | secondary, relations) == set()
