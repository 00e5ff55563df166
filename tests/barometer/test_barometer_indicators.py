"""Indicators, distributions and k-suppression on small surveys computed by hand."""

from __future__ import annotations

import math

import pytest
from barometer_helpers import wide

from transfo_analysis.barometer import distribution, indicators, to_french

# ten users of the waste service: 1, 2, 3, 4, 4, 4, 4, 5, 5, 5 → 7 answers of 4 or 5 out of 10
SCORES = [1, 2, 3, 4, 4, 4, 4, 5, 5, 5]


def _ten_users(weights: list[str] | None = None) -> list[str]:
    weights = weights or [""] * 10
    return wide(
        [
            (2024, "sarne", "dechets", f"U{i}", "usager", w, s)
            for i, (s, w) in enumerate(zip(SCORES, weights, strict=True))
        ]
    )


def test_mean_and_top_two_box_by_hand(survey):
    table = indicators(survey(_ten_users()), k=5)
    row = table.iloc[0]
    assert (row["n"], row["n_respondents"], row["n_missing"]) == (10, 10, 0)
    # mean 37/10 = 3.7; Σ(x−3.7)² = 7.29 + 2.89 + 0.49 + 4·0.09 + 3·1.69 = 16.1
    # s² = 16.1 / 9 = 1.788889; t(9; 0.975) = 2.262157; half-width = 2.262157 · √(1.788889/10) =
    # 0.956785
    half = 2.262157 * math.sqrt(16.1 / 9) / math.sqrt(10)
    assert half == pytest.approx(0.956785, abs=1e-6)
    assert row["mean"] == pytest.approx(3.7)
    assert (row["mean_low"], row["mean_high"]) == pytest.approx((3.7 - half, 3.7 + half), abs=1e-5)
    # top-2-box: 7/10 with the Wilson interval [0.396778, 0.892209]
    assert row["satisfied_rate"] == pytest.approx(0.7)
    assert (row["satisfied_low"], row["satisfied_high"]) == pytest.approx(
        (0.396778, 0.892209), abs=1e-6
    )
    assert row["dissatisfied_rate"] == pytest.approx(0.2)
    assert math.isnan(row["nps"])  # no NPS on a 1–5 scale
    assert not row["suppressed"] and not row["weighted"]


def test_weighted_indicators_use_kish_n(survey):
    weights = ["2", "2", "1", "1", "1", "1", "1", "0,5", "0,5", "0,5"]
    row = indicators(survey(_ten_users(weights)), k=5).iloc[0]
    w = [2, 2, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5]
    mean = sum(a * b for a, b in zip(SCORES, w, strict=True)) / sum(w)  # 32.5 / 10.5 = 3.095
    n_eff = sum(w) ** 2 / sum(x * x for x in w)  # 110.25 / 13.75 = 8.018
    assert row["weighted"]
    assert row["mean"] == pytest.approx(mean)
    assert row["n_eff"] == pytest.approx(n_eff)
    assert row["satisfied_rate"] == pytest.approx(5.5 / 10.5)
    # the Wilson interval is taken on n_eff, so it is wider than with n = 10
    assert row["satisfied_high"] - row["satisfied_low"] > 0.45
    assert indicators(survey(_ten_users(weights)), weights=False, k=5).iloc[0][
        "mean"
    ] == pytest.approx(3.7)


def test_nps_on_an_eleven_point_scale(survey):
    scores = [10, 9, 9, 10, 9, 7, 8, 3, 6, 0]
    lines = wide(
        [(2024, "valliere", "apa", f"U{i}", "usager", "", s) for i, s in enumerate(scores)],
        header="vague;territoire;service;id;profil;poids;note_recommandation",
    )
    row = indicators(survey(lines, schema={"scale": "0-10"}), k=5).iloc[0]
    assert row["scale"] == "0-10"
    assert row["nps"] == pytest.approx(20.0)
    half = 1.959964 * math.sqrt((0.5 + 0.3 - 0.04) / 10) * 100
    assert (row["nps_low"], row["nps_high"]) == pytest.approx((20 - half, 20 + half), abs=1e-3)
    assert row["satisfied_rate"] == pytest.approx(0.5)  # 9–10
    assert row["dissatisfied_rate"] == pytest.approx(0.2)  # 0–4


def test_small_groups_are_marked_and_blanked_not_dropped(survey):
    rows = [(2024, "sarne", "dechets", f"U{i}", "usager", "", 3) for i in range(6)]
    rows += [(2024, "sarne", "dechets", f"G{i}", "gestionnaire", "", 5) for i in range(4)]
    table = indicators(survey(wide(rows)), k=5).set_index("respondent_type")
    assert list(table.index) == ["gestionnaire", "usager"]
    assert table.loc["gestionnaire", "suppressed"]
    assert (
        table.loc[["gestionnaire"], ["n", "mean", "satisfied_rate", "n_respondents"]]
        .isna()
        .all()
        .all()
    )
    assert not table.loc["usager", "suppressed"] and table.loc["usager", "n"] == 6
    assert not indicators(survey(wide(rows)), k=None)["suppressed"].any()


def test_distribution_shares(survey):
    table = distribution(survey(_ten_users()), k=5)
    assert table["level"].tolist() == [1, 2, 3, 4, 5]
    assert table["count"].tolist() == [1, 1, 1, 4, 3]
    assert table["share"].sum() == pytest.approx(1.0)
    assert (
        table["label"].iloc[0] == "Pas du tout satisfait"
        and table["label"].iloc[-1] == "Très satisfait"
    )


def test_waves_are_in_time_order_and_provenance_is_kept(survey):
    rows = [
        (w, "sarne", "dechets", f"U{w}{i}", "usager", "", 3)
        for w in (2024, 2022, 2023)
        for i in range(5)
    ]
    table = indicators(survey(wide(rows)))
    assert table["wave"].tolist() == ["2022", "2023", "2024"]
    prov = table.attrs["provenance"]
    assert prov["step"] == "barometer.indicators" and prov["parameters"]["k"] == 5


def test_french_names(survey):
    shown = to_french(indicators(survey(_ten_users())))
    assert {
        "Territoire",
        "Vague",
        "Note moyenne",
        "Taux de satisfaits (2 meilleures notes)",
        "Profil",
    } <= set(shown.columns)
    assert shown["Dimension"].iloc[0] == "Accueil" and shown["Profil"].iloc[0] == "Usagers"


def test_demo_indicators_suppress_several_manager_groups(demo):
    table = indicators(demo)
    masked = table[table["suppressed"]]
    assert len(masked) >= 8
    assert set(masked["respondent_type"]) == {"gestionnaire"}
    assert (table.loc[~table["suppressed"], "n_respondents"] >= 5).all()
