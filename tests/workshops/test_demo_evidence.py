"""The prioritisation view by codes and topics on the demo's published Valcourt report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "reports" / "valcourt" / "artifacts"
K = 5  # data/project.yaml

pytestmark = pytest.mark.skipif(
    not (ARTIFACTS / "workshop_theme_evidence.parquet").exists(),
    reason="the demo's reports are not published (transfo run --project data)",
)


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return pd.read_parquet(ARTIFACTS / "workshop_theme_evidence.parquet")


@pytest.fixture(scope="module")
def priorities() -> pd.DataFrame:
    return pd.read_parquet(ARTIFACTS / "workshop_prioritisation.parquet")


def test_every_published_count_rests_on_k_people_and_none_can_be_recovered(evidence):
    shown = evidence[~evidence["suppressed"]]
    assert len(shown) and len(evidence) > len(shown)
    assert ((shown["n_people"] >= K) | (shown["n_people"] == 0)).all()
    hidden = evidence[evidence["suppressed"]]
    assert hidden[["n_segments", "n_people", "pct"]].isna().all().all()
    for _key, group in evidence.groupby(["theme", "source", "name"]):
        total = group[group["role"] == "ensemble"]
        roles = group[group["role"] != "ensemble"]
        if not total["suppressed"].iloc[0]:
            # a lone blanked profile would be the « ensemble » minus the others
            assert roles["suppressed"].sum() != 1
    assert set(evidence["role"]) <= {"ensemble", "usager", "agent", "encadrant", "elu"}


def test_themes_meet_the_codes_and_topics_of_the_same_subject(evidence, priorities):
    assert {"code", "topic"} <= set(evidence["source"])
    bus = priorities[priorities["terms"].str.contains(r"\bbus\b")]
    assert len(bus) == 1  # one theme of cards speaks of buses and trams
    mine = evidence[(evidence["theme"] == bus["theme"].iloc[0]) & (evidence["role"] == "ensemble")]
    codes = mine[mine["source"] == "code"].set_index("name")
    assert "Mobilité et proximité" in codes.index
    assert codes.loc["Mobilité et proximité", "n_people"] >= K
    assert "bus" in codes.loc["Mobilité et proximité", "shared_terms"]
    assert (mine.loc[mine["source"] == "topic", "shared_terms"].str.len() > 0).all()
    # every theme lists its codes in the prioritisation table, the barometer column kept
    assert priorities["codes"].str.len().gt(0).mean() > 0.5
    assert "Mobilité et proximité (" in bus["codes"].iloc[0]
    assert "barometer" in priorities and priorities["barometer"].str.contains(" : ").any()
