"""``transfo topics``: needs the pseudonymised corpus, writes artifacts and a JSON summary."""

from __future__ import annotations

import json

import pytest

from transfo_analysis.cli import main
from transfo_analysis.config import open_project


def test_missing_processed_corpus_says_to_pseudonymise(tmp_path, capsys):
    assert main(["topics", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no pseudonymised corpus" in err and "transfo pseudonymise" in err


@pytest.mark.slow
def test_topics_command_writes_artifacts_and_json(tmp_path, synthetic, capsys):
    corpus, tokens, _ = synthetic
    project = open_project(tmp_path)
    corpus.save(project.corpus_dir("processed"))
    project.nlp_dir("processed").mkdir(parents=True)
    tokens.to_parquet(project.nlp_dir("processed") / "tokens.parquet")
    (tmp_path / "project.yaml").write_text(
        "seed: 3\ntopics:\n  stability_seeds: 2\n  min_words: 10\n", encoding="utf-8"
    )
    out = tmp_path / "summary.json"
    assert main(["topics", "--project", str(tmp_path), "--json", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert (
        "Thèmes :" in printed and "Stabilité sur 2 graines" in printed and "hors thème" in printed
    )
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["n_topics"] >= 2 and summary["seed"] == 3 and summary["embedding"] == "tfidf"
    assert 0 <= summary["outlier_share"] <= 1 and summary["stability_score"] is not None
    assert {"embedding", "reduction", "clustering", "representation"} <= set(summary["timings"])
    assert (tmp_path / "processed" / "topics" / "assignments.parquet").exists()
    assert list((tmp_path / "interim" / "embeddings").glob("tfidf-*/part-*.npz"))
