"""The demo's trail (data/pistes.yaml) on the prepared demo project, and the command line."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis import evidence as ev
from transfo_analysis.cli import main
from transfo_analysis.config import open_project

pytestmark = pytest.mark.slow


def test_demo_trail_loads_whole_with_the_cases_the_issue_asks_for(demo_copy, capsys):
    project = open_project(demo_copy)
    with ev.open_trail(project) as trail:
        again = ev.import_trail(trail, demo_copy / "pistes.yaml")  # the run loaded it already
        assert again == {
            "findings": 0,
            "evidence": 0,
            "proposals": 0,
            "decisions": 0,
            "problems": [],
        }
        props = ev.proposals(trail)
        assert {"retenue", "écartée"} <= set(props["status"])
        force = ev.strength(trail).set_index("finding_id")
        contradicted = force[(force["n_respondents_contredit"] > 0) & (force["state"] == "étayé")]
        assert len(contradicted) >= 1
        assert (force["state"] == "fragile").sum() >= 1
        assert ev.orphaned_evidence(trail).empty
        nested = ev.trail(trail)
        assert len(nested["proposals"]) == len(props)
        assert all(d["instance"] and d["date"] for p in nested["proposals"] for d in p["decisions"])

    out = demo_copy / "export"
    assert (
        main(["evidence", "export", "--project", str(demo_copy), str(out / "recherche.xlsx")]) == 0
    )
    research = pd.read_excel(out / "recherche.xlsx")
    assert research["segment_id"].notna().any()
    code = main(
        [
            "evidence",
            "export",
            "--project",
            str(demo_copy),
            "--stakeholder",
            str(out / "publie.csv"),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed  # leak check passed
    assert "aucune fuite" in printed and "1 constat non publié : moins de 5 personnes" in printed
    published = pd.read_csv(out / "publie.csv")
    assert "segment_id" not in published
    assert not published["preuve"].astype(str).str.contains(r"D[0-9a-f]{12}-").any()
    assert main(["evidence", "export", "--project", str(demo_copy), str(out / "projet.qdpx")]) == 0
    carried = ev.read_trail_qdpx(out / "projet.qdpx")
    assert len(carried["propositions"]) == len(props) and carried["constats"]
    assert main(["evidence", "export", "--project", str(demo_copy), str(out / "fil.jsonld")]) == 0
    assert main(["evidence", "check", "--project", str(demo_copy)]) == 0
    assert main(["evidence", "list", "--project", str(demo_copy)]) == 0
    assert "Proposition n°1 [retenue]" in capsys.readouterr().out


def test_bad_file_reports_each_problem_with_its_place_and_loads_the_rest(demo_copy, capsys):
    bad = demo_copy / "mauvais.yaml"
    bad.write_text(
        "constats:\n"
        "  - id: a\n    enonce: Constat valide\n    preuves:\n"
        "      - cible: code:Code inexistant\n"
        "      - extrait: une phrase que personne n'a dite\n"
        "      - cible: code:Attente et délais\n"
        "propositions:\n"
        "  - enonce: Piste\n    constats: [a]\n    decisions:\n"
        "      - {statut: retenue, instance: copil, date: 2025-01-01}\n"
        "      - {statut: à l'étude, date: 2025-01-01}\n",
        encoding="utf-8",
    )
    assert main(["evidence", "import", str(bad), "--project", str(demo_copy)]) == 1
    printed = capsys.readouterr().out
    assert f"{bad} [constats[0].preuves[0]] : cible inconnue code:Code inexistant" in printed
    assert "[constats[0].preuves[1]] : extrait introuvable" in printed
    assert "[propositions[0].decisions[0]] : passage refusé" in printed
    assert (
        "[propositions[0].decisions[1]] : décision refusée : le champ « instance » manque"
        in printed
    )
    assert "1 constat, 1 preuve, 1 proposition, 0 décision ajoutés" in printed
