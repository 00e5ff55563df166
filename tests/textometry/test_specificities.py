"""Lafon specificities against a hand-computed hypergeometric example, signs and helpers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import hypergeom
from textometry_helpers import make_tables

from transfo_analysis.textometry import (
    role_specificities,
    specificities,
    territory_specificities,
    top_specific,
)


def _hyper_pmf(k: int, T: int, F: int, t: int) -> float:
    """P(X = k) drawing t words among T of which F are the term, without replacement."""
    return math.comb(F, k) * math.comb(T - F, t - k) / math.comb(T, t)


@pytest.fixture(scope="module")
def small():
    # usagers: 8 words, "le" is a stop word (counted in the size, not scored); agents: 12 words
    return make_tables(
        [
            {"text": "x x x x le y z z.", "role": "usager"},
            {"text": "x y y y z z, z z w w w w", "role": "agent", "speaker_id": "D0-b"},
        ]
    )


def test_against_hand_computed_hypergeometric(small):
    segments, tokens = small
    spec = specificities(segments, tokens, by="role", min_frequency=1)
    T, F = 20, 5  # 20 words (stop word included), "x" 5 times
    # usagers: t = 8, f = 4, expected 2: over-used, score = -log10 P(X >= 4)
    p_up = sum(_hyper_pmf(k, T, F, 8) for k in range(4, F + 1))
    # agents: t = 12, f = 1, expected 3: under-used, score = log10 P(X <= 1)
    p_low = sum(_hyper_pmf(k, T, F, 12) for k in range(0, 2))
    x = spec[spec["term"] == "x"].set_index("part")
    assert x.loc["usager", ["f", "F", "t", "T"]].tolist() == [4, 5, 8, 20]
    assert x.loc["usager", "expected"] == pytest.approx(8 * 5 / 20)
    assert x.loc["usager", "score"] == pytest.approx(-math.log10(p_up))
    assert x.loc["agent", "score"] == pytest.approx(math.log10(p_low))
    assert x.loc["usager", "score"] > 0 > x.loc["agent", "score"]
    assert "le" not in set(spec["term"])  # stop words are counted in t, never scored
    assert set(spec.columns) >= {
        "by",
        "part",
        "term",
        "f",
        "F",
        "t",
        "T",
        "expected",
        "score",
        "banal",
    }
    assert (spec["by"] == "role").all()
    # sorted by part, then decreasing score
    for _, g in spec.groupby("part"):
        assert g["score"].is_monotonic_decreasing


def test_banality_threshold_and_signs(small):
    segments, tokens = small
    spec = specificities(segments, tokens, by="role", min_frequency=1, banality=0.5)
    assert (spec["banal"] == (spec["score"].abs() < 0.5)).all()
    w = spec[spec["term"] == "w"].set_index("part")["score"]  # only agents say "w"
    assert w["agent"] > 0 > w["usager"]


def test_extreme_specificity_stays_finite_and_exact():
    rows = [
        {"text": " ".join(["guichet"] * 400 + ["mot"] * 600), "role": "usager"},
        {"text": " ".join(["autre"] * 3000), "role": "agent", "speaker_id": "D0-b"},
    ]
    segments, tokens = make_tables(rows)
    spec = specificities(segments, tokens, by="role")
    g = spec[(spec["term"] == "guichet")].set_index("part")["score"]
    expected = -hypergeom.logsf(399, 4000, 400, 1000) / np.log(10)
    assert np.isfinite(g).all()
    assert g["usager"] == pytest.approx(expected, rel=1e-9)
    assert g["usager"] > 250  # a tail probability below 1e-250: recomputed in log space


def test_users_vs_agents_in_one_territory_and_top_terms():
    rows = [
        {"text": "attente guichet attente guichet file", "role": "usager", "territory": "nord"},
        {
            "text": "logiciel dossier logiciel dossier effectif",
            "role": "agent",
            "territory": "nord",
            "speaker_id": "b",
        },
        {
            "text": "attente attente attente bus",
            "role": "usager",
            "territory": "sud",
            "speaker_id": "c",
        },
        {"text": "bus dossier bus", "role": "agent", "territory": "sud", "speaker_id": "d"},
        {"text": "bonjour monsieur merci", "role": "elu", "territory": "nord", "speaker_id": "e"},
    ]
    segments, tokens = make_tables(rows)
    nord = role_specificities(segments, tokens, territory="nord", min_frequency=1)
    assert set(nord["part"]) == {"usager", "agent"}  # the elected official is not in the comparison
    assert nord.loc[nord["part"] == "usager", "t"].iloc[0] == 5
    assert "bus" not in set(nord["term"])  # only this territory's words
    top = top_specific(nord, n=2, include_banal=True)
    assert top[top["part"] == "usager"]["term"].tolist()[0] in {"attente", "guichet"}
    assert (top["score"] > 0).all()
    both = top_specific(nord, n=1, sign="both", include_banal=True)
    assert (both.groupby("part")["score"].apply(lambda s: (s > 0).any() and (s < 0).any())).all()
    terr = territory_specificities(segments, tokens, role="usager", min_frequency=1)
    assert set(terr["part"]) == {"nord", "sud"}
    with pytest.raises(ValueError):
        top_specific(nord, sign="up")


def test_columns_from_documents_and_provenance():
    segments, tokens = make_tables(
        [
            {"text": "attente attente guichet", "doc_id": "D1"},
            {"text": "dossier dossier guichet", "doc_id": "D2"},
        ]
    )
    documents = pd.DataFrame({"doc_id": ["D1", "D2"], "wave": ["2025", "2026"]})
    spec = specificities(segments, tokens, by="wave", documents=documents, min_frequency=1)
    assert set(spec["part"]) == {"2025", "2026"}
    assert spec.attrs["provenance"]["parameters"]["by"] == "wave"
    assert spec.attrs["provenance"]["part_sizes"] == {"2025": 3, "2026": 3}
    with pytest.raises(KeyError, match="wave"):
        specificities(segments, tokens, by="wave")


def test_pseudonyms_never_scored():
    segments, tokens = make_tables(
        [
            {"text": "PERSONNE_1 PERSONNE_1 PERSONNE_1 guichet"},
            {"text": "dossier dossier", "role": "agent", "speaker_id": "b"},
        ]
    )
    spec = specificities(segments, tokens, by="role", min_frequency=1, pos=None)
    assert not spec["term"].str.contains("personne", case=False).any()
    assert spec.loc[spec["part"] == "usager", "t"].iloc[0] == 1  # pseudonyms are not counted


def test_partition_sums_give_the_whole_corpus_specificities(planted):
    """Map (one contingency table per partition of documents) then reduce (a sum) = whole corpus."""
    from transfo_analysis.corpus import partition_of
    from transfo_analysis.textometry import contingency, merge_contingencies, specificities_of

    segments, tokens, _ = planted
    whole = specificities(segments, tokens, by="role", min_frequency=2)
    for n in (1, 3, 7):
        part = segments["doc_id"].map(lambda d, n=n: partition_of(d, n))
        tables = [
            contingency(rows, tokens[tokens["segment_id"].isin(rows["segment_id"])], by="role")
            for _, rows in segments.groupby(part)
        ]
        merged = specificities_of(merge_contingencies(tables), min_frequency=2)
        pd.testing.assert_frame_equal(merged, whole)
    assert segments["doc_id"].nunique() >= 3  # the partitions really cut the corpus


def test_merging_refuses_tables_cut_by_different_columns(planted):
    from transfo_analysis.textometry import contingency, merge_contingencies

    segments, tokens, _ = planted
    with pytest.raises(ValueError, match="colonnes différentes"):
        merge_contingencies(
            [
                contingency(segments, tokens, by="role"),
                contingency(segments, tokens, by="territory"),
            ]
        )
    with pytest.raises(ValueError, match="aucune table de contingence"):
        merge_contingencies([])
