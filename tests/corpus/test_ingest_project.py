"""The ingest stage of a project, as `transfo ingest` and `transfo run` call it."""

from __future__ import annotations

import json

import pytest

from transfo_analysis.config import open_project
from transfo_analysis.corpus import NoDocumentError, ingest_project, load_corpus


def _project(tmp_path, text: str):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "entretien.txt").write_text(text, encoding="utf-8")
    return open_project(tmp_path)


def test_the_stage_writes_the_corpus_and_its_load_report_where_the_project_says(tmp_path):
    project = _project(tmp_path, "Enquêteur : Bonjour.\nUsager : Le guichet ferme trop tôt.\n")
    report = ingest_project(project, show_progress=False)
    assert report.ok and report.n_documents == 1
    assert json.loads(project.load_report_file.read_text(encoding="utf-8"))["n_documents"] == 1
    corpus = load_corpus(project, stage="interim")
    assert project.corpus_dir("interim") == tmp_path / "interim" / "corpus"
    assert "Le guichet ferme trop tôt." in corpus.segments["text"].tolist()


def test_no_readable_document_keeps_the_previous_corpus_and_says_why(tmp_path):
    project = _project(tmp_path, "Usager : Bonjour.\n")
    ingest_project(project, show_progress=False)
    before = load_corpus(project, stage="interim").segments
    (tmp_path / "raw" / "entretien.txt").unlink()
    (tmp_path / "raw" / "notes.xyz").write_text("?", encoding="utf-8")
    with pytest.raises(NoDocumentError) as info:
        ingest_project(project, show_progress=False)
    assert not info.value.report.ok and "load-report.json" in str(info.value)
    saved = json.loads(project.load_report_file.read_text(encoding="utf-8"))
    assert saved["n_documents"] == 0 and saved["skipped"]
    assert load_corpus(project, stage="interim").segments.equals(before)
