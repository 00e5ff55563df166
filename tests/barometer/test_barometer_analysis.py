"""Trends, perception gaps, importance–performance and comment themes."""

from __future__ import annotations

import pandas as pd
import pytest
from barometer_helpers import wide
from scipy import stats

from transfo_analysis.barometer import (
    importance_performance,
    perception_gap,
    themes_vs_scores,
    trends,
)


def _wave(
    wave: int, scores: list[int], kind: str = "usager", service: str = "titres-identite"
) -> list[tuple]:
    return [
        (wave, "bourg-senac", service, f"{service}-{kind[0]}{wave}-{i}", kind, "", s)
        for i, s in enumerate(scores)
    ]


def test_a_clear_improvement_is_significant_and_a_flat_series_is_not(survey):
    before, after = [1, 2, 2, 2, 3, 2, 1, 2, 3, 2] * 3, [4, 3, 4, 5, 4, 3, 4, 4, 5, 4] * 3
    rows = _wave(2022, before) + _wave(2023, after) + _wave(2024, after)
    table = trends(survey(wide(rows)))
    first, second = table.iloc[0], table.iloc[1]
    assert (first["wave_from"], first["wave_to"]) == ("2022", "2023")
    ref = stats.ttest_ind(after, before, equal_var=False)
    assert first["change"] == pytest.approx(sum(after) / 30 - sum(before) / 30)
    assert first["p_welch"] == pytest.approx(ref.pvalue)
    assert first["significant"] and first["direction"] == "hausse significative"
    assert first["satisfied_from"] == 0 and first["satisfied_to"] == pytest.approx(24 / 30)
    assert first["significant_rate"]
    assert second["change"] == 0 and not second["significant"]
    assert second["direction"].startswith("stable")
    vs_first = trends(survey(wide(rows)), reference="first")
    assert vs_first["wave_from"].tolist() == ["2022", "2022"]


def test_trends_with_a_small_wave_are_suppressed(survey):
    rows = _wave(2022, [2, 3, 2, 3, 2, 3]) + _wave(2023, [4, 5, 4])
    row = trends(survey(wide(rows))).iloc[0]
    assert row["suppressed"] and pd.isna(row["change"]) and not row["significant"]


def test_gap_direction_and_ranking(survey):
    users = _wave(2024, [2, 3, 3, 2, 3, 2, 4, 3, 2, 3], service="dechets")
    managers = _wave(2024, [4, 5, 4, 4, 5, 4], kind="gestionnaire", service="dechets")
    users_ok = _wave(2024, [4, 4, 3, 4, 5, 4, 4, 3], service="eau")
    managers_ok = _wave(2024, [4, 3, 4, 4, 4], kind="gestionnaire", service="eau")
    table = perception_gap(survey(wide(users + managers + users_ok + managers_ok)))
    assert table["service"].tolist() == ["dechets", "eau"]
    top = table.iloc[0]
    assert top["gap"] == pytest.approx(26 / 6 - 27 / 10)
    assert top["gap_low"] > 0 and top["significant"] and top["rank"] == 1
    assert top["reading"] == "surestimation par les gestionnaires"
    assert top["p_welch"] == pytest.approx(
        stats.ttest_ind([4, 5, 4, 4, 5, 4], [2, 3, 3, 2, 3, 2, 4, 3, 2, 3], equal_var=False).pvalue
    )
    assert 0 < top["p_mannwhitney"] < 0.01
    assert not table.iloc[1]["significant"]


def test_gap_with_too_few_managers_is_masked_and_last(survey):
    rows = _wave(2024, [3] * 8, service="a") + _wave(
        2024, [4, 4, 4, 4], kind="gestionnaire", service="a"
    )
    rows += _wave(2024, [3, 4] * 4, service="b") + _wave(
        2024, [4, 4, 4, 4, 5], kind="gestionnaire", service="b"
    )
    table = perception_gap(survey(wide(rows)))
    assert table["service"].tolist() == ["b", "a"]
    masked = table.iloc[1]
    assert (
        masked["suppressed"]
        and pd.isna(masked["gap"])
        and pd.isna(masked["n_staff"])
        and pd.isna(masked["rank"])
    )
    assert masked["reading"].startswith("masqué")


def test_demo_sarne_managers_over_estimate_waste_collection(demo):
    gaps = perception_gap(demo)
    sarne = gaps[
        (gaps["territory"] == "sarne")
        & (gaps["service"] == "dechets")
        & (gaps["dimension"] == "qualite_service")
    ]
    assert len(sarne) == 3 and not sarne["suppressed"].any()
    assert (sarne["mean_staff"] > sarne["mean_users"]).all()
    assert (sarne["gap_low"] > 0).all()
    assert sarne["gap"].mean() == pytest.approx(1.0, abs=0.25)
    pooled = perception_gap(demo, by=("territory", "service", "dimension"))
    assert tuple(pooled.iloc[0][["territory", "service", "dimension"]]) == (
        "sarne",
        "dechets",
        "qualite_service",
    )
    social = pooled[
        (pooled["territory"] == "valliere")
        & (pooled["service"] == "action-sociale")
        & (pooled["dimension"] == "accueil")
    ].iloc[0]
    assert social["gap_high"] < 0  # managers under-estimate how users feel welcomed


def test_demo_identity_documents_delays_improve(demo):
    table = trends(demo)
    ids = table[
        (table["territory"] == "bourg-senac")
        & (table["service"] == "titres-identite")
        & (table["dimension"] == "delais")
        & (table["respondent_type"] == "usager")
    ]
    assert ids["significant"].all() and (ids["change"] > 0.4).all()


def test_importance_performance_quadrants(survey):
    header = (
        "vague;territoire;service;id;profil;poids;"
        "note_accueil;note_delais;importance_accueil;importance_delais"
    )
    rows = [(2024, "valcourt", "transports", f"U{i}", "usager", "", 4, 2, 3, 5) for i in range(6)]
    table = importance_performance(survey(wide(rows, header=header)))
    quadrant = table.set_index("dimension")["quadrant"].to_dict()
    assert quadrant == {
        "accueil": "Effort peut-être excessif",
        "delais": "Priorités d'amélioration",
    }
    assert table["importance_centre"].iloc[0] == pytest.approx(4.0)
    scale_centred = importance_performance(survey(wide(rows, header=header)), centre="scale")
    assert (
        scale_centred.set_index("dimension").loc["accueil", "quadrant"]
        == "Points forts à maintenir"
    )


def test_themes_vs_scores_on_synthetic_segments():
    # eight users of one service: those whose comment is about waiting are dissatisfied
    scores = pd.DataFrame(
        {
            "territory": "sarne",
            "wave": "2024",
            "service": "dechets",
            "dimension": "qualite_service",
            "scale": "1-5",
            "respondent": [f"R{i}" for i in range(12)],
            "respondent_type": "usager",
            "weight": 1.0,
            "score": [1, 2, 1, 2, 2, 4, 5, 4, 5, 4, 3, 4],
        }
    )
    speakers = pd.DataFrame(
        {"speaker_id": [f"D1-S{i:02d}" for i in range(10)], "label": [f"R{i}" for i in range(10)]}
    )
    segments = pd.DataFrame(
        {
            "segment_id": [f"seg{i}" for i in range(10)],
            "speaker_id": speakers["speaker_id"],
            "territory": "sarne",
            "service": "dechets",
            "text": "…",
        }
    )
    assignments = pd.DataFrame(
        {
            "segment_id": [
                "seg0",
                "seg1",
                "seg2",
                "seg3",
                "seg4",
                "seg5",
                "seg6",
                "seg7",
                "seg8",
                "seg9",
                "seg0",
                "segX",
            ],
            "code": ["attente"] * 5 + ["accueil"] * 5 + ["accueil", "attente"],
        }
    )
    table = themes_vs_scores(scores, segments, assignments, speakers=speakers, k=None)
    waiting = table.set_index("theme").loc["attente"]
    assert (waiting["n_with"], waiting["n_without"]) == (5, 5)  # compared with the other commenters
    assert waiting["mean_with"] == pytest.approx(8 / 5) and waiting[
        "mean_without"
    ] == pytest.approx(22 / 5)
    assert waiting["dissatisfied_with"] == 1.0 and waiting["dissatisfied_without"] == 0.0
    assert table["theme"].iloc[0] == "attente"  # largest dissatisfaction difference first
    assert table.attrs["unmatched_segments"] == 1  # segX is no known segment
    everyone = themes_vs_scores(
        scores, segments, assignments, speakers=speakers, among="all", k=None
    ).set_index("theme")
    assert everyone.loc["attente", "n_without"] == 7
    masked = themes_vs_scores(scores, segments, assignments, speakers=speakers, k=6)
    assert masked["suppressed"].all()


def test_themes_of_demo_comments_ingested_through_the_corpus(demo):
    # the comments reach the corpus through the csv reader; the respondent id becomes the label
    from barometer_helpers import DEMO_CSV

    from transfo_analysis.corpus import Manifest, ingest

    manifest = Manifest.model_validate(
        {
            "files": [
                {
                    "match": "**/*.csv",
                    "method": "questionnaire",
                    "table": {
                        "text": "commentaire",
                        "respondent": "id_repondant",
                        "territory": "territoire",
                        "service": "service",
                        "role": "profil",
                        "date": "vague",
                        "attributes": ["vague"],
                    },
                }
            ]
        }
    )
    corpus, _ = ingest([DEMO_CSV], manifest=manifest, show_progress=False)
    segments = corpus.segments
    assert len(segments) > 200 and set(segments["role"]) == {"usager"}
    waiting = segments["text"].str.contains(
        r"attend|délai|mois|semaine|relanc|interminable", case=False
    )
    assignments = pd.DataFrame(
        {"segment_id": segments.loc[waiting, "segment_id"], "code": "attente"}
    )
    table = themes_vs_scores(
        demo,
        segments,
        assignments,
        speakers=corpus.speakers,
        by=("dimension",),
        wave_column="vague",
    )
    assert table.attrs["unmatched_segments"] == 0
    delays = table.set_index("dimension").loc["delais"]
    writers = set(
        corpus.speakers.set_index("speaker_id").loc[segments.loc[waiting, "speaker_id"], "label"]
    )
    rated = demo[
        (demo["dimension"] == "delais") & demo["score"].notna() & demo["respondent"].isin(writers)
    ]
    assert delays["n_with"] == len(rated) > 30  # those who left "NSP" for delays are not counted
    assert delays["dissatisfied_with"] > delays["dissatisfied_without"]
