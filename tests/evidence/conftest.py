"""A hand-built corpus and trail whose strength can be counted by hand.

Territory A: usagers u1, u2, u3 (u3 speaks in two documents: one person), agent a1.
Territory B: usagers u4, u5; agent a2; élue e1. Interviewer turns never count.
"""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.evidence import open_trail

SEGMENTS = [
    # segment, doc, speaker, role, territory, text
    ("s1", "dA1", "dA1-S1", "usager", "A", "On attend des semaines pour un rendez-vous."),
    ("s2", "dA1", "dA1-S2", "usager", "A", "L'attente au guichet est longue."),
    ("s3", "dA2", "dA2-S1", "usager", "A", "Moi j'attends toujours une réponse."),
    ("s4", "dA3", "dA3-S1", "usager", "A", "Encore une attente, deuxième entretien."),
    ("s5", "dA2", "dA2-S2", "agent", "A", "Nous manquons de personnel à l'accueil."),
    ("s6", "dB1", "dB1-S1", "usager", "B", "Le rendez-vous en ligne marche bien."),
    ("s7", "dB1", "dB1-S2", "usager", "B", "Je n'ai jamais attendu."),
    ("s8", "dB2", "dB2-S1", "agent", "B", "Les délais ont baissé depuis la réforme."),
    ("s9", "dB2", "dB2-S2", "elu", "B", "Nous avons recruté deux agents."),
    ("s0", "dB2", "dB2-S0", "enqueteur", "B", "Et l'attente ?"),
]
PERSONS = {"dA3-S1": "dA2-S1"}  # u3 interviewed twice


def _frames():
    segs = pd.DataFrame(
        SEGMENTS, columns=["segment_id", "doc_id", "speaker_id", "role", "territory", "text"]
    )
    speakers = segs[["speaker_id", "doc_id", "role"]].drop_duplicates("speaker_id")
    speakers = speakers.assign(person_id=speakers["speaker_id"].map(lambda s: PERSONS.get(s, s)))
    codings = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4", "s0"], "code": ["Attente"] * 5})
    topics = pd.DataFrame({"segment_id": ["s6", "s7", "s8"], "topic": [0, 0, 0]})
    topic_table = pd.DataFrame({"topic": [0], "label": ["rendez-vous · ligne"], "size": [3]})
    indicators = pd.DataFrame(
        [
            ("A", "2023", "accueil", "accueil", "usager", 120, 2.4, 0.31, False),
            ("B", "2023", "accueil", "accueil", "usager", 3, 4.0, 0.9, True),
        ],
        columns=[
            "territory",
            "wave",
            "service",
            "dimension",
            "respondent_type",
            "n_respondents",
            "mean",
            "satisfied_rate",
            "suppressed",
        ],
    )
    return {
        "segments": segs,
        "speakers": speakers,
        "codings": codings,
        "codes": {"Attente", "Accueil"},
        "topics": topics,
        "topic_table": topic_table,
        "reinert": None,
        "reinert_table": None,
        "tokens": None,
        "indicators": indicators,
        "gaps": None,
    }


@pytest.fixture
def frames():
    return _frames()


@pytest.fixture
def trail(tmp_path, frames):
    with open_trail(tmp_path / "annotations.sqlite", author="ana", k=3, **frames) as t:
        yield t
