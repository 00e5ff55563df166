"""``transfo reinert`` on a tiny project: artifacts, JSON summary, missing inputs, small corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textometry_helpers import planted_corpus, planted_tables

from transfo_analysis.cli import main
from transfo_analysis.config import open_project
from transfo_analysis.corpus import Corpus
from transfo_analysis.textometry import ALL_TERRITORIES, load_textometry


def _project(root: Path, n_docs: int = 24) -> Path:
    segments, tokens, _ = planted_corpus(n_docs=n_docs)
    documents, speakers = planted_tables(segments)
    Corpus(
        documents=documents, speakers=speakers, segments=segments, meta={"pseudonymised": True}
    ).save(root / "processed" / "corpus")
    (root / "processed" / "nlp").mkdir(parents=True)
    tokens.to_parquet(root / "processed" / "nlp" / "tokens.parquet", index=False)
    (root / "project.yaml").write_text("seed: 3\nreinert:\n  n_classes: 4\n", encoding="utf-8")
    return root


def test_round_trip(tmp_path, capsys):
    root = _project(tmp_path / "p")
    out = tmp_path / "summary.json"
    assert main(["reinert", "--project", str(root), "--json", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Classification de Reinert (simple) : 4 classes" in printed and "Classe 1" in printed
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["reinert"]["status"] == "ok" and summary["reinert"]["n_classes"] == 4
    assert summary["reinert"]["parameters"]["seed"] == 3
    assert 0 < summary["reinert"]["share_classified"] <= 1
    assert len(summary["classes"]) == 4
    folder = root / "processed" / "textometry"
    on_disk = json.loads((folder / "reinert.json").read_text(encoding="utf-8"))
    assert on_disk["provenance"]["step"] == "textometry" and "timings" in on_disk["reinert"]
    prov = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert prov["tables"]["reinert_classes"]["step"] == "reinert"
    assert prov["tables"]["specificities_role"]["step"] == "specificities"
    tables = load_textometry(open_project(root))
    assert {
        "reinert_segments",
        "reinert_profiles",
        "reinert_typical",
        "reinert_crossings",
        "reinert_tree",
        "specificities_role",
        "specificities_territory",
        "specificities_users_agents",
        "frequencies",
        "repeated_segments",
    } <= set(tables)
    ua = tables["specificities_users_agents"]
    assert set(ua["territory"]) == {ALL_TERRITORIES, "nord", "sud"}
    assert set(ua["part"]) == {"usager", "agent"}
    assert tables["reinert_segments"]["class"].between(0, 4).all()
    assert not tables["reinert_segments"]["role"].eq("enqueteur").any()
    assert (
        main(["reinert", "--project", str(root), "--classes", "3", "--quiet"]) == 0
    )  # rerun replaces the folder
    assert load_textometry(open_project(root), "reinert_classes")["class"].max() == 3


def test_missing_inputs_name_the_command(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["reinert", "--project", str(tmp_path / "empty")]) == 2
    assert "transfo pseudonymise" in capsys.readouterr().err


def test_small_corpus_still_writes_specificities(tmp_path, capsys):
    root = _project(tmp_path / "small", n_docs=2)
    assert main(["reinert", "--project", str(root), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "non calculée" in printed and "specificities" in printed
    tables = load_textometry(open_project(root))
    assert "reinert_classes" not in tables and len(tables["specificities_role"])
    with pytest.raises(Exception, match="reinert.json"):
        load_textometry(open_project(root), "reinert_classes")


def test_a_partition_that_fails_names_its_files_and_writes_nothing(tmp_path, capsys, monkeypatch):
    import transfo_analysis.textometry._artifacts as artifacts

    root = _project(tmp_path / "p")
    assert main(["reinert", "--project", str(root), "--quiet"]) == 0
    folder = root / "processed" / "textometry"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = artifacts.textometry_partition

    def broken(segments, tokens, *, settings):
        if segments["doc_id"].eq("D03").any():
            raise ValueError("bad bytes in D03")
        return real(segments, tokens, settings=settings)

    monkeypatch.setattr(artifacts, "textometry_partition", broken)
    capsys.readouterr()
    assert main(["reinert", "--project", str(root), "--classes", "3", "--quiet"]) != 0
    err = capsys.readouterr().err
    assert "textométrie arrêtée, rien n'a été écrit : partition 0 : D00.txt" in err, err
    assert "bad bytes in D03" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # previous tables kept
    assert not list(folder.parent.glob(".task-inputs-*"))  # the partition files are removed
