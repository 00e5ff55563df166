"""`transfo run` on the demo: failure isolation, incremental reruns, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from transfo_analysis.batch import check_parameters
from transfo_analysis.cli import main
from transfo_analysis.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(project: Path, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    out = tmp_path / f"summary-{len(list(tmp_path.glob('summary-*')))}.json"
    status = main(["run", "--project", str(project), "--json", str(out), "--quiet", *extra])
    return status, json.loads(out.read_text(encoding="utf-8"))


def _failing_notebook(project: Path, territory: str) -> None:
    """A report notebook that fails for one territory (as a bug or bad data would)."""
    nb = nbformat.read(REPO / "notebooks" / "territory_report.ipynb", as_version=4)
    cell = nbformat.v4.new_code_cell(
        f'if territory == "{territory}":\n    raise RuntimeError("données incohérentes pour ce '
        'territoire")'
    )
    nb.cells.insert(4, cell)
    nbformat.write(nb, project / "rapport-fragile.ipynb")
    settings = project / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "batch:\n  reports_dir: reports\n  report_notebook: rapport-fragile.ipynb\n",
        encoding="utf-8",
    )


def test_one_failing_territory_does_not_stop_the_others(demo_copy: Path, tmp_path: Path, capsys):
    project = demo_copy
    _failing_notebook(project, "sarne")
    status, summary = _run(project, tmp_path, "--workers", "2")
    assert status == 1 and summary["status"] == "failed"
    reports = {r["name"]: r for r in summary["reports"]}
    assert reports["sarne"]["status"] == "failed"
    assert (
        reports["sarne"]["cell_index"] == 5
    )  # inserted at 4, after papermill's injected parameters
    assert "RuntimeError: données incohérentes" in reports["sarne"]["error"]
    assert {
        reports[t]["status"] for t in ("valcourt", "bourg-senac", "hautes-combes", "valliere")
    } == {"ok"}
    assert reports["synthese"]["status"] == "ok"
    published = project / "reports"
    assert not (published / "sarne").exists()  # never published as if complete
    assert (project / "processed" / "failed-reports" / "sarne" / "rapport-fragile.ipynb").exists()
    for t in ("valcourt", "valliere"):
        assert (published / t / "rapport.html").exists() and (
            published / t / "artifacts" / "key_figures.parquet"
        ).exists()
    index = json.loads((published / "index.json").read_text(encoding="utf-8"))
    assert "sarne" not in [t["slug"] for t in index["territories"]]
    printed = capsys.readouterr().out
    assert "rapport sarne" in printed and "ÉCHEC" in printed and "cellule 5" in printed


def test_nothing_changed_rerun_skips_everything_and_an_edit_reruns(demo_copy: Path, tmp_path: Path):
    project = demo_copy
    status, first = _run(project, tmp_path)
    assert status == 0, first
    assert all(r["status"] == "ok" for r in first["reports"])
    html = (project / "reports" / "valcourt" / "rapport.html").read_text(encoding="utf-8")
    assert (
        "Métropole de Valcourt" in html
        and "plotly" in html
        and "<code" not in html.split("<body", 1)[1][:2000]
    )
    status, second = _run(project, tmp_path)
    assert status == 0
    assert {s["status"] for s in second["steps"]} <= {"skipped", "not applicable"}
    assert {r["status"] for r in second["reports"]} == {"skipped"}
    assert second["seconds"] < 0.5 * first["seconds"]
    # an edited transcript: every step reruns from ingest, and the reports follow
    raw = project / "raw" / "sarne" / "entretiens" / "sar-e01.txt"
    raw.write_text(
        raw.read_text(encoding="utf-8") + "\nQ : Un dernier mot ?\nR : Merci à vous.\n",
        encoding="utf-8",
    )
    status, third = _run(project, tmp_path, "--territory", "sarne", "--no-synthesis")
    assert status == 0
    steps = {s["name"]: s["status"] for s in third["steps"]}
    assert steps["ingest"] == "ok" and steps["parse"] == "ok" and steps["barometer"] == "skipped"
    assert [r["name"] for r in third["reports"]] == ["sarne"] and third["reports"][0][
        "status"
    ] == "ok"


def test_unknown_territory_and_missing_processed_data_are_clear(
    demo_copy: Path, tmp_path: Path, capsys
):
    assert main(["run", "--project", str(tmp_path / "nowhere")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    empty = tmp_path / "vide"
    empty.mkdir()
    status = main(["run", "--project", str(empty), "--quiet"])
    assert status == 1
    assert "aucun document n'a pu être chargé" in capsys.readouterr().out
    assert main(["run", "--project", str(demo_copy), "--territory", "atlantide", "--quiet"]) == 2
    assert "aucun document pour le territoire atlantide" in capsys.readouterr().err


def test_unknown_notebook_parameter_is_refused():
    with pytest.raises(ConfigError, match="paramètre de notebook inconnu"):
        check_parameters(
            REPO / "notebooks" / "territory_report.ipynb", {"territory": "x", "colour": "red"}
        )
