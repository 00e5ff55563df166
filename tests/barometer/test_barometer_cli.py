"""``transfo barometer``: a round trip in a temporary project, and refusals that write nothing."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from barometer_helpers import DATA, DEMO_CSV, REPO

from transfo_analysis.barometer import TABLES, load_tables
from transfo_analysis.cli import main
from transfo_analysis.config import open_project
from transfo_analysis.errors import NotReadyError


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projet"
    (root / "raw").mkdir(parents=True)
    shutil.copy(DEMO_CSV, root / "raw" / "barometre.csv")
    return root


def test_round_trip(project: Path, capsys):
    summary_file = project / "resume.json"
    assert (
        main(
            [
                "barometer",
                str(project / "raw" / "barometre.csv"),
                "--project",
                str(project),
                "--json",
                str(summary_file),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Baromètre : 1 fichier," in out and "vagues 2022, 2023, 2024" in out
    assert "sarne · dechets · Qualité du service" in out
    folder = project / "processed" / "barometer"
    assert {p.name for p in folder.iterdir()} == {f"{t}.parquet" for t in TABLES} | {
        "provenance.json"
    }
    tables = load_tables(open_project(project))
    assert tables["indicators"]["suppressed"].sum() > 0
    assert tables["indicators"].loc[tables["indicators"]["suppressed"], "mean"].isna().all()
    assert tables["gaps"].iloc[0]["territory"] == "sarne"
    provenance = json.loads((folder / "provenance.json").read_text())
    assert provenance["step"] == "barometer" and provenance["parameters"]["k"] == 5
    assert set(provenance["tables"]) == set(TABLES)
    assert len(provenance["inputs"][0]["sha256"]) == 64
    summary = json.loads(summary_file.read_text())
    assert summary["status"] == "ok" and summary["waves"] == ["2022", "2023", "2024"]
    assert summary["territories"] == [
        "bourg-senac",
        "hautes-combes",
        "sarne",
        "valcourt",
        "valliere",
    ]
    assert summary["suppressed"]["indicators"] > 0
    assert summary["top_gaps"][0]["service"] == "dechets" and summary["top_gaps"][0]["gap"] > 0.8
    responses = pd.read_parquet(project / "interim" / "barometer" / "responses.parquet")
    assert "comment" not in responses  # free text stays in the raw file and goes through the corpus
    assert len(responses) == 4 * (len(DEMO_CSV.read_text(encoding="utf-8").splitlines()) - 1)


def test_files_from_the_settings(project: Path, capsys):
    (project / "project.yaml").write_text(
        "barometer:\n  files: [raw/barometre.csv]\ndisclosure:\n  k: 10\n", encoding="utf-8"
    )
    assert main(["barometer", "--project", str(project)]) == 0
    tables = load_tables(open_project(project))
    assert tables["indicators"]["suppressed"].sum() > 16  # k = 10 masks more manager groups
    assert "moins de 10 répondants" in capsys.readouterr().out


def test_an_invalid_file_writes_nothing_and_keeps_earlier_tables(project: Path, capsys):
    assert (
        main(["barometer", str(project / "raw" / "barometre.csv"), "--project", str(project)]) == 0
    )
    folder = project / "processed" / "barometer"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    summary_file = project / "resume.json"
    bad = DATA / "invalide-valeurs.csv"
    code = main(
        [
            "barometer",
            str(project / "raw" / "barometre.csv"),
            str(bad),
            "--project",
            str(project),
            "--json",
            str(summary_file),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "invalide-valeurs.csv, ligne 3, colonne 'note_accueil'" in err
    assert "rien n'a été importé" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not any(p.name.startswith(".") for p in folder.parent.iterdir())
    summary = json.loads(summary_file.read_text())
    assert summary["status"] == "invalid" and {"file", "row", "column", "message"} <= set(
        summary["problems"][0]
    )


def test_no_file_at_all(project: Path, capsys):
    assert main(["barometer", "--project", str(project)]) == 2
    assert "aucun fichier d'enquête donné" in capsys.readouterr().err
    with pytest.raises(NotReadyError):
        load_tables(open_project(project))


def test_a_new_folder_becomes_a_survey_only_project(tmp_path: Path, capsys):
    new = tmp_path / "enquete-2026" / "projet"
    assert main(["barometer", str(DEMO_CSV), "--project", str(new)]) == 0
    assert "Baromètre : 1 fichier," in capsys.readouterr().out
    assert set(load_tables(open_project(new))) == set(TABLES)


def test_a_new_folder_is_not_created_for_a_missing_file_or_without_files(tmp_path: Path, capsys):
    new = tmp_path / "projet"
    assert main(["barometer", str(tmp_path / "absent.csv"), "--project", str(new)]) == 2
    err = capsys.readouterr().err
    assert "fichier d'enquête introuvable :" in err and "absent.csv" in err
    assert main(["barometer", "--project", str(new)]) == 2
    assert "transfo barometer ENQUETE.csv --project DIR" in capsys.readouterr().err
    assert not new.exists()


def test_analysis_commands_on_a_missing_project_name_the_first_steps(tmp_path: Path, capsys):
    assert main(["reinert", "--project", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "n'existe pas" in err
    assert "transfo ingest SOURCE... --project DIR" in err and "transfo barometer" in err


def test_demo_generator_is_deterministic_and_matches_the_committed_file():
    sys.path.insert(0, str(REPO / "tools" / "demo_corpus"))
    try:
        import make_barometer
    finally:
        sys.path.pop(0)
    text = make_barometer.render(make_barometer.generate())
    assert text == make_barometer.render(make_barometer.generate())
    assert text == DEMO_CSV.read_text(encoding="utf-8")
