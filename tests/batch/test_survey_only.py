"""A survey-only project (``transfo barometer FILE
--project NEW``) runs to the end with ``transfo run``.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
import yaml

from transfo_analysis.batch._pipeline import survey_only
from transfo_analysis.cli import main
from transfo_analysis.config import open_project

REPO = Path(__file__).resolve().parents[2]
DEMO_CSV = REPO / "tools" / "demo_corpus" / "static" / "barometre" / "barometre-satisfaction.csv"

pytestmark = pytest.mark.slow


def _one_territory(source: Path, target: Path, territory: str) -> Path:
    """The demo barometer's lines of one territory (fictional answers: one report to run)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *(line for line in lines[1:] if line.split(";")[1] == territory)]
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict, str]:
    root = tmp_path_factory.mktemp("enquete")
    survey = _one_territory(DEMO_CSV, root / "barometre-sarne.csv", "sarne")
    project = root / "projet"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["barometer", str(survey), "--project", str(project)]) == 0
    out = root / "resume.json"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(["run", "--project", str(project), "--json", str(out), "--quiet"])
    return project, status, json.loads(out.read_text(encoding="utf-8")), buffer.getvalue()


def test_the_new_project_lists_its_survey(survey_run):
    project = survey_run[0]
    settings = yaml.safe_load((project / "project.yaml").read_text(encoding="utf-8"))
    (listed,) = settings["barometer"]["files"]
    assert Path(listed).name == "barometre-sarne.csv" and Path(listed).is_file()
    assert survey_only(open_project(project))


def test_run_completes_ok_and_says_why_the_corpus_steps_are_skipped(survey_run):
    project, status, summary, printed = survey_run
    assert status == 0 and summary["status"] == "ok", printed
    steps = {s["name"]: s for s in summary["steps"]}
    assert steps["barometer"]["status"] == "ok"
    for name in ("ingest", "parse", "pseudonymise", "coding", "topics", "textometry"):
        assert steps[name]["status"] == "not applicable", name
    (notice,) = steps["ingest"]["notices"]
    assert notice.startswith("Aucun entretien ni réponse ouverte dans ce projet")
    assert f"⚠ {notice}" in printed
    assert "étape ingest         sans objet" in printed
    assert "STATUT : OK avec avertissements" in printed


def test_the_barometer_report_is_published(survey_run):
    project, _, summary, _ = survey_run
    assert {r["name"]: r["status"] for r in summary["reports"]} == {"sarne": "ok"}
    html = (project / "reports" / "sarne" / "rapport.html").read_text(encoding="utf-8")
    assert "Baromètre de satisfaction" in html
    index = json.loads((project / "reports" / "index.json").read_text(encoding="utf-8"))
    assert [t["slug"] for t in index["territories"]] == ["sarne"]


def test_interviews_added_later_end_the_survey_only_mode(survey_run, tmp_path):
    project = open_project(survey_run[0])
    raw = project.root / "raw"
    assert survey_only(project)
    (raw / "sarne").mkdir(parents=True)
    (raw / "sarne" / "entretien.txt").write_text("Usager : bonjour.\n", encoding="utf-8")
    try:
        assert not survey_only(project)
    finally:
        (raw / "sarne" / "entretien.txt").unlink()


def test_a_project_without_surveys_nor_sources_still_fails_at_ingest(tmp_path):
    project = tmp_path / "vide"
    project.mkdir()
    assert not survey_only(open_project(project))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["run", "--project", str(project), "--quiet"]) == 1
    assert "étape ingest         ÉCHEC" in buffer.getvalue()
