"""Units of analysis: interviewer turns left out, short turns merged or given context, content
lemmas."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.config import TopicSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.topics import build_units, content_lemmas


def _segments(rows: list[tuple[str, str, str, str]]) -> Corpus:
    """(doc, speaker, role, text) rows in turn order."""
    segs = pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(len(rows))],
            "doc_id": [r[0] for r in rows],
            "speaker_id": [r[1] for r in rows],
            "role": [r[2] for r in rows],
            "territory": "valcourt",
            "service": None,
            "turn": range(len(rows)),
            "text": [r[3] for r in rows],
            "n_words": [len(r[3].split()) for r in rows],
        }
    )
    return Corpus(segments=segs)


def _tokens(corpus: Corpus) -> pd.DataFrame:
    """A whitespace tokens table (lemma = lower form), enough for these tests."""
    rows = []
    for seg in corpus.segments.itertuples():
        for i, w in enumerate(seg.text.split()):
            rows.append(
                {
                    "segment_id": seg.segment_id,
                    "i": i,
                    "text": w,
                    "lemma": w.lower(),
                    "is_punct": False,
                    "like_num": w.isdigit(),
                    "is_stop": w.lower() in {"euh", "oui", "le", "la"},
                    "is_pseudonym": w == "Ravanel",
                }
            )
    return pd.DataFrame(rows)


CONVERSATION = [
    ("D1", "E", "enqueteur", "Et le questionnaire alors ?"),
    ("D1", "R", "usager", "oui"),
    ("D1", "E", "enqueteur", "Vraiment ?"),
    ("D1", "R", "usager", "euh la mairie ferme tôt"),
    ("D1", "R", "usager", "et le bus passe jamais le dimanche matin vers huit heures"),
    ("D1", "E", "enqueteur", "Et ensuite ?"),
    ("D1", "R", "usager", "la cantine"),
    ("D2", "R", "agent", "le guichet de madame Ravanel reste ouvert le samedi"),
]


@pytest.mark.parametrize(
    ("include", "min_words", "expected"),
    [
        (False, 1, [["s1"], ["s3"], ["s4"], ["s6"], ["s7"]]),
        # a respondent's turns merged up to 8 words across the interviewer's turns; a short tail
        # joins the unit before it; another document starts a new unit
        (False, 8, [["s1", "s3", "s4", "s6"], ["s7"]]),
        (False, 4, [["s1", "s3"], ["s4", "s6"], ["s7"]]),
        # with the interviewer included, the interviewer's turns break the respondent's runs
        (True, 4, [["s0"], ["s1"], ["s2"], ["s3"], ["s4"], ["s5"], ["s6"], ["s7"]]),
    ],
)
def test_short_turns_are_merged_within_one_speaker(include, min_words, expected):
    corpus = _segments(CONVERSATION)
    units = build_units(
        corpus,
        _tokens(corpus),
        settings=TopicSettings(min_words=min_words),
        include_interviewer=include,
    )
    assert units["segment_ids"].tolist() == expected
    assert units["unit_id"].tolist() == [ids[0] for ids in expected]


def test_interviewer_turns_are_left_out_by_default():
    corpus = _segments(CONVERSATION)
    units = build_units(corpus, _tokens(corpus), settings=TopicSettings(min_words=1))
    assert "enqueteur" not in set(units["role"])
    assert not any("questionnaire" in lem for lem in units["lemmas"])


def test_context_windows_keep_one_unit_per_turn():
    corpus = _segments(CONVERSATION)
    units = build_units(
        corpus, _tokens(corpus), settings=TopicSettings(short_turns="context", min_words=6)
    )
    assert units["segment_ids"].tolist() == [["s1"], ["s3"], ["s4"], ["s6"], ["s7"]]
    row = units.set_index("unit_id").loc["s6"]
    assert row["lemmas"] == ["cantine"]
    assert "dimanche" in row["embed_lemmas"] and "cantine" in row["embed_lemmas"]


def test_content_lemmas_drop_stop_words_numbers_pseudonyms_and_short_units():
    corpus = _segments(CONVERSATION)
    units = build_units(corpus, _tokens(corpus), settings=TopicSettings(min_words=1)).set_index(
        "unit_id"
    )
    assert units.at["s7", "lemmas"] == [
        "guichet",
        "ouvert",
        "samedi",
    ]  # "reste", "madame": stop words
    assert not units.at["s1", "modelled"]  # "oui": nothing left to model
    assert units.at["s3", "lemmas"] == ["mairie", "ferme", "tôt"]


def test_content_lemmas_keep_accents_and_drop_clitics():
    tokens = pd.DataFrame(
        {
            "segment_id": ["a"] * 6,
            "i": range(6),
            "text": ["qu'", "Élèves", "aujourd'hui", "PERSONNE_3", "12", "rendez-vous"],
            "lemma": ["qu", "élève", "aujourd'hui", "PERSONNE_3", "12", "rendez-vous"],
            "is_punct": False,
            "like_num": [False, False, False, False, True, False],
            "is_stop": False,
        }
    )
    out = content_lemmas(tokens, pd.Series(["a"]))
    assert out.iloc[0] == ["élève", "aujourd'hui", "rendez-vous"]


def test_empty_segments_are_ignored():
    corpus = _segments(
        [
            ("D1", "R", "usager", ""),
            ("D1", "R", "usager", "   "),
            ("D1", "R", "usager", "la mairie ferme"),
        ]
    )
    units = build_units(corpus, _tokens(corpus), settings=TopicSettings(min_words=1))
    assert units["segment_ids"].tolist() == [["s2"]]
