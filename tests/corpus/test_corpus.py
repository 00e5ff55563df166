"""The Corpus container: validation, Parquet round trip, subsets, summaries."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from transfo_analysis.corpus import SCHEMA_VERSION, Corpus
from transfo_analysis.errors import NotReadyError, SchemaError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


def _corpus() -> Corpus:
    documents = pd.DataFrame(
        {
            "doc_id": ["D1", "D2"],
            "territory": ["valcourt", "sarne"],
            "service": ["transports", None],
            "method": ["entretien", "questionnaire"],
            "date": [pd.Timestamp("2025-03-14"), pd.NaT],
            "interviewer": ["Julie Marchand", None],
            "title": ["val-u01", "reponses"],
            "source_path": ["raw/val-u01.txt", "raw/q.csv"],
            "format": ["text", "csv"],
            "sha256": ["a" * 64, "b" * 64],
            "n_speakers": [2, 1],
            "n_segments": [2, 1],
            "n_words": [7, 3],
            "attributes": ["{}", "{}"],
        }
    )
    speakers = pd.DataFrame(
        {
            "speaker_id": ["D1-S01", "D1-S02", "D2-S01"],
            "doc_id": ["D1", "D1", "D2"],
            "label": ["Julie Marchand", "R", "R12"],
            "role": ["enqueteur", "usager", "usager"],
            "person_id": ["D1-S01", "D1-S02", "D2-S01"],
            "n_segments": [1, 1, 1],
            "n_words": [3, 4, 3],
            "attributes": ["{}", json.dumps({"age": 34}), "{}"],
        }
    )
    segments = pd.DataFrame(
        {
            "segment_id": ["D1-aa", "D1-bb", "D2-cc"],
            "doc_id": ["D1", "D1", "D2"],
            "speaker_id": ["D1-S01", "D1-S02", "D2-S01"],
            "role": ["enqueteur", "usager", "usager"],
            "territory": ["valcourt", "valcourt", "sarne"],
            "service": ["transports", "transports", None],
            "turn": [0, 1, 0],
            "start": [0.0, 2.5, None],
            "end": [2.5, 6.0, None],
            "text": ["Vous attendez souvent ?", "Oui, euh, tous les jours.", "Trop de papiers"],
            "n_words": [3, 4, 3],
            "overlap": [False, False, False],
            "question": [None, None, "Que faudrait-il changer ?"],
        }
    )
    return Corpus(documents=documents, speakers=speakers, segments=segments)


def test_round_trip_keeps_tables_and_schema_version(tmp_path):
    corpus = _corpus().validate()
    corpus.meta = {"step": "test"}
    corpus.save(tmp_path / "corpus")
    again = Corpus.load(tmp_path / "corpus")
    pd.testing.assert_frame_equal(again.segments, corpus.segments)
    pd.testing.assert_frame_equal(again.documents, corpus.documents)
    pd.testing.assert_frame_equal(again.speakers, corpus.speakers)
    assert again.meta["schema_version"] == SCHEMA_VERSION
    assert again.segments["question"].iloc[2] == "Que faudrait-il changer ?"  # extra columns kept


def test_save_replaces_previous_corpus_atomically(tmp_path):
    first = _corpus()
    first.save(tmp_path / "corpus")
    smaller = first.subset(territory="sarne")
    smaller.save(tmp_path / "corpus")
    assert Corpus.load(tmp_path / "corpus").documents["doc_id"].tolist() == ["D2"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_invalid_save_keeps_the_previous_corpus(tmp_path):
    _corpus().save(tmp_path / "corpus")
    bad = _corpus()
    bad.segments.loc[0, "role"] = "chef"
    with pytest.raises(SchemaError, match="role"):
        bad.save(tmp_path / "corpus")
    assert len(Corpus.load(tmp_path / "corpus").segments) == 3


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("segments", "role", "chef", "isin"),
        ("documents", "method", "sondage", "isin"),
        ("documents", "sha256", "xyz", "str_matches"),
        ("segments", "turn", -1, "greater_than_or_equal_to"),
        ("speakers", "speaker_id", "D1-S01", "unique"),
    ],
)
def test_validation_names_column_and_values(table, column, value, message):
    corpus = _corpus()
    getattr(corpus, table).loc[1, column] = value
    with pytest.raises(SchemaError) as exc:
        corpus.validate()
    assert column in str(exc.value) and message in str(exc.value)


def test_links_between_tables_are_checked():
    corpus = _corpus()
    corpus.segments.loc[2, "speaker_id"] = "D1-S02"  # a speaker of another document
    with pytest.raises(SchemaError, match="speaker of another document"):
        corpus.validate()
    corpus = _corpus()
    corpus.segments.loc[2, "doc_id"] = "D9"
    with pytest.raises(SchemaError, match="unknown id"):
        corpus.validate()


def test_load_missing_or_old_corpus(tmp_path):
    with pytest.raises(NotReadyError, match="transfo ingest"):
        Corpus.load(tmp_path / "nothing")
    _corpus().save(tmp_path / "corpus")
    meta = tmp_path / "corpus" / "corpus.json"
    meta.write_text(json.dumps({"schema_version": 0}))
    with pytest.raises(SchemaError, match="schema version 0"):
        Corpus.load(tmp_path / "corpus")


def test_subset_and_summary():
    corpus = _corpus().validate()
    users = corpus.subset(role="usager")
    assert users.segments["segment_id"].tolist() == ["D1-bb", "D2-cc"]
    assert set(users.speakers["speaker_id"]) == {"D1-S02", "D2-S01"}
    val = corpus.subset(territory=["valcourt"])
    assert val.territories == ["valcourt"]
    assert len(corpus.respondent_segments()) == 2
    summary = corpus.summary()
    assert summary.loc["valcourt", "documents"] == 1
    assert summary.loc["valcourt", "words"] == 7
    assert summary.loc["Total", "usager"] == 2
    assert summary.loc["Total", "segments"] == 3
