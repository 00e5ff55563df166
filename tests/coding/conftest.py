"""Small corpus, tokens, codebook and store shared by the coding tests (built once per session)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.coding import codebook_from_dict, open_store
from transfo_analysis.corpus import Corpus

REPO_DATA = Path(__file__).resolve().parents[2] / "data"

#: (doc, territory, speaker, role, text) in turn order
TURNS = [
    ("D1", "valcourt", "D1-S1", "enqueteur", "Comment se passe l'accueil à la mairie ?"),
    (
        "D1",
        "valcourt",
        "D1-S2",
        "usager",
        "J'attends depuis trois semaines un rendez-vous pour ma carte, c'est long.",
    ),
    ("D1", "valcourt", "D1-S1", "enqueteur", "Et sur internet ?"),
    (
        "D1",
        "valcourt",
        "D1-S2",
        "usager",
        "Je n'ai pas internet, alors ma fille a pris le créneau en ligne pour moi.",
    ),
    ("D1", "valcourt", "D1-S1", "enqueteur", "D'accord."),
    (
        "D1",
        "valcourt",
        "D1-S2",
        "usager",
        "L'attente au guichet était longue mais la dame était très gentille avec moi.",
    ),
    ("D2", "valcourt", "D2-S1", "enqueteur", "Parlez-moi de votre travail."),
    (
        "D2",
        "valcourt",
        "D2-S2",
        "agent",
        "On est deux au lieu de quatre, je suis débordée, les usagers s'énervent et crient.",
    ),
    (
        "D2",
        "valcourt",
        "D2-S2",
        "agent",
        "Le délai de réponse, c'était attendu avec si peu de monde, personne ne nous écoute.",
    ),
    (
        "D2",
        "valcourt",
        "D2-S2",
        "agent",
        "Il faudrait une personne de plus et un accueil le samedi matin pour les familles.",
    ),
    ("D3", "sarne", "D3-S1", "enqueteur", "Et le bus ?"),
    (
        "D3",
        "sarne",
        "D3-S2",
        "usager",
        "Le bus passe deux fois par jour, le ticket coûte deux euros, c'est cher pour moi.",
    ),
    (
        "D3",
        "sarne",
        "D3-S2",
        "usager",
        "Sans voiture je dois attendre le car, le delai est terrible et personne ne répond.",
    ),
    ("D3", "sarne", "D3-S3", "usager", "Oui."),
]

LEMMAS = {
    "j'attends": "attendre",
    "attends": "attendre",
    "attendre": "attendre",
    "attendu": "attendre",
    "attente": "attente",
    "semaines": "semaine",
    "crient": "crier",
    "s'énervent": "énerver",
    "énervent": "énerver",
    "usagers": "usager",
    "délai": "délai",
    "delai": "delai",
    "coûte": "coûter",
    "euros": "euro",
    "gentille": "gentil",
    "écoute": "écouter",
    "familles": "famille",
    "passe": "passer",
    "fois": "fois",
    "faudrait": "falloir",
    "créneau": "créneau",
}


def make_corpus(*, pseudonymised: bool = True) -> Corpus:
    rows, counters = [], {}
    for doc, terr, spk, role, text in TURNS:
        turn = counters.get(doc, 0)
        counters[doc] = turn + 1
        rows.append(
            {
                "segment_id": f"{doc}-t{turn}",
                "doc_id": doc,
                "speaker_id": spk,
                "role": role,
                "territory": terr,
                "service": "accueil",
                "turn": turn,
                "start": None,
                "end": None,
                "text": text,
                "n_words": len(text.split()),
                "overlap": False,
            }
        )
    segments = pd.DataFrame(rows)
    speakers = (
        segments.groupby("speaker_id")
        .agg(
            doc_id=("doc_id", "first"),
            role=("role", "first"),
            n_segments=("text", "size"),
            n_words=("n_words", "sum"),
        )
        .reset_index()
    )
    speakers["label"] = speakers["speaker_id"]
    speakers["person_id"] = speakers["speaker_id"]
    speakers["attributes"] = [
        json.dumps({"âge": "40-59"}) if r == "usager" else "{}" for r in speakers["role"]
    ]
    docs = (
        segments.groupby("doc_id")
        .agg(
            territory=("territory", "first"),
            n_segments=("text", "size"),
            n_words=("n_words", "sum"),
            n_speakers=("speaker_id", "nunique"),
        )
        .reset_index()
    )
    docs = docs.assign(
        service="accueil",
        method="entretien",
        date=pd.Timestamp("2025-03-01"),
        interviewer="E",
        title=docs["doc_id"],
        source_path=docs["doc_id"] + ".txt",
        format="text",
        sha256="a" * 64,
        attributes="{}",
    )
    return Corpus(
        documents=docs, speakers=speakers, segments=segments, meta={"pseudonymised": pseudonymised}
    ).validate()


def make_tokens(segments: pd.DataFrame) -> pd.DataFrame:
    """A tokens table like the NLP stage's, from a regex tokeniser and a small lemma list."""
    rows = []
    for sid, text in zip(segments["segment_id"], segments["text"], strict=True):
        for i, m in enumerate(re.finditer(r"\w+'|\w+(?:-\w+)*|[^\w\s]", text)):
            word = m.group()
            low = word.lower()
            lemma = LEMMAS.get(low, low)
            rows.append(
                {
                    "segment_id": sid,
                    "i": i,
                    "start": m.start(),
                    "end": m.end(),
                    "text": word,
                    "lemma": lemma,
                    "pos": "PUNCT" if not word[0].isalnum() else "NOUN",
                    "is_alpha": word.isalpha(),
                    "is_punct": not word[0].isalnum(),
                    "like_num": word.isdigit(),
                    "is_stop": False,
                }
            )
    return pd.DataFrame(rows)


CODEBOOK = {
    "name": "Test",
    "families": {"attendre": ["attente", "attendu"]},
    "codes": [
        {
            "name": "Attente et délais",
            "colour": "#0072B2",
            "definition": "Le temps d'attente, les délais, attendre longtemps.",
            "examples": ["J'attends depuis des semaines", "Le délai est trop long"],
            "keywords": ["attente", "délai"],
        },
        {
            "name": "Accueil et relation",
            "definition": "La relation avec les agents, gentillesse, écoute.",
            "examples": ["La dame était gentille"],
            "keywords": ["gentil", "écoute"],
            "children": [
                {
                    "name": "Tensions",
                    "definition": "Les usagers crient, s'énervent.",
                    "keywords": ["crier", "énerver"],
                }
            ],
        },
        {
            "name": "Numérique",
            "definition": "Internet, le site, les démarches en ligne.",
            "keywords": ["internet", "en ligne"],
            "children": [
                {
                    "name": "Exclusion numérique",
                    "definition": "Pas internet, pas d'ordinateur.",
                    "patterns": [[{"LOWER": "pas"}, {"LOWER": "internet"}]],
                }
            ],
        },
        {
            "name": "Coût",
            "definition": "Prix, tarifs, euros, c'est cher.",
            "keywords": ["euro", "cher", "coûter"],
        },
        {
            "name": "Mobilité",
            "definition": "Bus, car, voiture, transport.",
            "keywords": ["bus", "car", "voiture"],
        },
        {
            "name": "Propositions",
            "definition": "Il faudrait, idées d'amélioration.",
            "patterns": [[{"LOWER": "faudrait"}]],
        },
    ],
}


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture(scope="session")
def tokens(corpus: Corpus) -> pd.DataFrame:
    return make_tokens(corpus.segments)


@pytest.fixture(scope="session")
def codebook():
    return codebook_from_dict(CODEBOOK, source="test")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "coding" / "annotations.sqlite", timeout=2)
    yield s
    s.close()
